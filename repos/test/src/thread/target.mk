TARGET = thread
SRC_C  = main.c
