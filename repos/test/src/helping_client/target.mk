TARGET = helping_client
SRC_C  = main.c
