TARGET = smp_teardown
SRC_C  = main.c
