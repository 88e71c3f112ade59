TARGET = epit_driver
SRC_C  = main.c ../driver_test/driver_test.c
