TARGET = scale
SRC_C  = main.c
