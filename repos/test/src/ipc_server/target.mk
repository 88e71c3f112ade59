TARGET = ipc_server
SRC_C  = main.c
