TARGET = hello
SRC_C  = main.c
