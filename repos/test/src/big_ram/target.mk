TARGET = big_ram
SRC_C  = main.c
