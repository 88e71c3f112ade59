TARGET = fault_read
SRC_C  = main.c
