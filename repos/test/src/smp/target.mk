TARGET = smp
SRC_C  = main.c
