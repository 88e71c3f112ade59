TARGET = init
SRC_C  = main.c config.c start.c route.c resources.c
