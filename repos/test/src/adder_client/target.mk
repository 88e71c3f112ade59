TARGET = adder_client
SRC_C  = main.c
