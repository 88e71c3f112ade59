# The Cache Type Register decoding (arch/arm/include/arch/cache_type.h)
HOST_TESTS += cache_type
cache_type_SRC = base-hw/test/test_cache_type.c
cache_type_INC = base-hw/src/arch/arm/include
