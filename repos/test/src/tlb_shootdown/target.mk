TARGET = tlb_shootdown
SRC_C  = main.c
