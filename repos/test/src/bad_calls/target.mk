TARGET = bad_calls
SRC_C  = main.c
