TARGET = bench_ipc_client
SRC_C  = main.c
