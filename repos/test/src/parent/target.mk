TARGET = parent
SRC_C  = main.c
