TARGET = helping_server
SRC_C  = main.c
