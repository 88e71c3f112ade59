TARGET = signal_remote
SRC_C  = main.c
