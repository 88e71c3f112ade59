TARGET = libc_test
SRC_C  = main.c printf.c printf_cases.c log_text.c clock.c files.c threads.c
LIBS   = test_recursion

# The printf table as the host's C library prints it (printf_glibc.c), a
# header generated at build time that printf.c compares with
GLIBC_TABLE := $(BUILD)/gen/libc_test/printf_glibc.h
INC_DIR     := $(dir $(GLIBC_TABLE))
CC_OPT      := -DGLIBC_TABLE='"$(notdir $(GLIBC_TABLE))"'
$(OBJ)/user/$(patsubst $(R)/%,%,$(PRG_DIR))/printf.o: $(GLIBC_TABLE)
$(GLIBC_TABLE): $(PRG_DIR)/printf_glibc.c $(PRG_DIR)/printf_cases.c $(PRG_DIR)/printf_cases.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=gnu11 -Wall -Wextra -Werror -o $@.host $(filter %.c,$^) -lm
	$@.host > $@
