TARGET = bench_xcpu_client
SRC_C  = main.c
