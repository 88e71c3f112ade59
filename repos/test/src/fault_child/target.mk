TARGET = fault_child
SRC_C  = main.c
