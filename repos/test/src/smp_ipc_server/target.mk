TARGET = smp_ipc_server
SRC_C  = main.c
