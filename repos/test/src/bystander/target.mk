TARGET = bystander
SRC_C  = main.c
