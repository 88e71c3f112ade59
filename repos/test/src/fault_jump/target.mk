TARGET = fault_jump
SRC_C  = main.c
