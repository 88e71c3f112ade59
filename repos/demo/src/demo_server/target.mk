TARGET = demo_server
SRC_C  = main.c
