TARGET = adder_server
SRC_C  = main.c
