TARGET = fault_backtrace
SRC_C  = main.c
