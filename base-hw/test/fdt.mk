HOST_TESTS += fdt
fdt_SRC = base-hw/test/test_fdt.c base-hw/src/bootstrap/fdt.c
fdt_INC = base-hw/src/include
