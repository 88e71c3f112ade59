TARGET = ds_owner
SRC_C  = main.c
