TARGET = bench_scale
SRC_C  = main.c
