TARGET = libc_stack
SRC_C  = main.c
LIBS   = test_recursion
