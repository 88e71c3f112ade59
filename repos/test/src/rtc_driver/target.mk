TARGET = rtc_driver
SRC_C  = main.c
