TARGET = bench_rpc_client
SRC_C  = main.c
