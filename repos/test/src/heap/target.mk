TARGET = heap
SRC_C  = main.c
