TARGET = demo_client
SRC_C  = main.c
