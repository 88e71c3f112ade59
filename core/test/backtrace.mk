HOST_TESTS += backtrace
backtrace_SRC = core/test/test_backtrace.c core/src/backtrace.c
backtrace_INC = core/include base-hw/src/arch/arm/include
