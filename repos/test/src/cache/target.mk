TARGET = cache
SRC_C  = main.c
