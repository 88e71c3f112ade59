TARGET = cpu_session
SRC_C  = main.c
