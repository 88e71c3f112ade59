#
# The page-table encoder (base-hw/src/arch/arm/page_table.c) against the
# fake L2 memory and table walker of page_table_fake.c, once for each
# architecture's attributes (<arch/pt_attr.h>): EXPECT_SHAREABLE is what the
# manual wants for that architecture's normal memory. ARMv7 twice: with the
# multiprocessing extensions (Cortex-A9, A15) and without (Cortex-A8), which
# base-hw/test/mp_stub tells the code in place of MPIDR.
#
page_table_src = base-hw/test/test_page_table.c base-hw/test/page_table_fake.c \
                 base-hw/src/arch/arm/page_table.c

HOST_TESTS += page_table_v7 page_table_v7_up page_table_v6
page_table_v7_SRC     = $(page_table_src)
page_table_v7_INC     = base-hw/test/mp_stub base-hw/src/arch/arm/include base-hw/src/arch/arm/arm_v7/include
page_table_v7_DEFS    = -DEXPECT_SHAREABLE=1
page_table_v7_up_SRC  = $(page_table_src)
page_table_v7_up_INC  = $(page_table_v7_INC)
page_table_v7_up_DEFS = -DEXPECT_SHAREABLE=0
page_table_v6_SRC  = $(page_table_src)
page_table_v6_INC  = base-hw/src/arch/arm/include base-hw/src/arch/arm/arm_v6/include
page_table_v6_DEFS = -DEXPECT_SHAREABLE=0
