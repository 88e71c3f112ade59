TARGET = caps_to_core
SRC_C  = main.c
