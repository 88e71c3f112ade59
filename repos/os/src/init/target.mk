TARGET = init
SRC_C  = main.c
