TARGET = bench_spinner
SRC_C  = main.c
