TARGET = event_client
SRC_C  = main.c
