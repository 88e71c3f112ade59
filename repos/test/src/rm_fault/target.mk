TARGET = rm_fault
SRC_C  = main.c
