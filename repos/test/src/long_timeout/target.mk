TARGET = long_timeout
SRC_C  = main.c
