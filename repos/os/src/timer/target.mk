TARGET = timer
SRC_C  = main.c
