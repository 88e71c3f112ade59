TARGET = quota
SRC_C  = main.c
