TARGET = ipc_victim
SRC_C  = main.c
