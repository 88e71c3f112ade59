TARGET = object_rounds
SRC_C  = main.c
