TARGET = tiny
SRC_C  = main.c
