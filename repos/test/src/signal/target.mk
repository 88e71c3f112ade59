TARGET = signal
SRC_C  = main.c
