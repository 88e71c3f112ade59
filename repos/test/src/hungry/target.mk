TARGET = hungry
SRC_C  = main.c
