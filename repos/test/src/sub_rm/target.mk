TARGET = sub_rm
SRC_C  = main.c
