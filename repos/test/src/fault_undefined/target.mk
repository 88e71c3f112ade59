TARGET = fault_undefined
SRC_C  = main.c
