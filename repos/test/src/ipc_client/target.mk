TARGET = ipc_client
SRC_C  = main.c
