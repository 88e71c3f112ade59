#
# The device drivers of base-hw/src/driver against the register model of
# base-hw/test/driver (its include directory comes first: mmio accessors
# and barriers that reach the model).
#
HOST_TESTS += bcm2835_drivers
bcm2835_drivers_SRC = base-hw/test/test_bcm2835.c base-hw/test/driver/model.c
bcm2835_drivers_INC = base-hw/test/driver/include base-hw/src base-hw/test
