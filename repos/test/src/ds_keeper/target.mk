TARGET = ds_keeper
SRC_C  = main.c
