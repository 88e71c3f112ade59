TARGET = fuzz
SRC_C  = main.c calls.c report.c
