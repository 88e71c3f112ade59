TARGET = bench_scale_server
SRC_C  = main.c
