HOST_TESTS += elf
elf_SRC = repos/base/test/test_elf.c repos/base/src/lib/elf.c
elf_INC = repos/base/include
