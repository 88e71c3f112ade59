TARGET = bomb
SRC_C  = main.c
