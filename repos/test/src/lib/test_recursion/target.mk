LIB    = test_recursion
SRC_C  = recursion.c
# every call must take a frame of its own: no tail calls, no inlining
CC_OPT = -fno-optimize-sibling-calls -fno-inline
