TARGET = kv_client
SRC_C  = main.c
