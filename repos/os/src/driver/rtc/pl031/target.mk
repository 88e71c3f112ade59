TARGET = pl031_rtc
SRC_C  = main.c
