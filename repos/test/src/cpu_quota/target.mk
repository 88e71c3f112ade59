TARGET = cpu_quota
SRC_C  = main.c
