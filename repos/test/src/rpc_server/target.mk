TARGET = rpc_server
SRC_C  = main.c
