TARGET = heartbeat
SRC_C  = main.c
