HOST_TESTS += page_table
page_table_SRC = base-hw/test/test_page_table.c base-hw/src/arch/arm/page_table.c
page_table_INC = base-hw/src/arch/arm/include
