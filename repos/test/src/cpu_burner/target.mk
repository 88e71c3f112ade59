TARGET = cpu_burner
SRC_C  = main.c
