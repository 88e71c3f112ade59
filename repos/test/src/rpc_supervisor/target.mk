TARGET = rpc_supervisor
SRC_C  = main.c
