TARGET = kv_server
SRC_C  = main.c
