TARGET = init
SRC_C  = main.c route.c resources.c
