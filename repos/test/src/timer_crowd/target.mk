TARGET = timer_crowd
SRC_C  = main.c
