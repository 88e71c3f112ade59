TARGET = log
SRC_C  = main.c
