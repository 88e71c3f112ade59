TARGET = rpc_client
SRC_C  = main.c
