TARGET = init
SRC_C  = main.c route.c config_rom.c
