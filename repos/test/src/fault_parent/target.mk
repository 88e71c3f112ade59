TARGET = fault_parent
SRC_C  = main.c
