TARGET = event
SRC_C  = main.c
