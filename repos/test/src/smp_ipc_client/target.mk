TARGET = smp_ipc_client
SRC_C  = main.c
