TARGET = timer_client
SRC_C  = main.c
