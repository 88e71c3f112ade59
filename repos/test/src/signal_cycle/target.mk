TARGET = signal_cycle
SRC_C  = main.c
