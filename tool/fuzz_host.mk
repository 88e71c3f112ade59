#
# Host fuzzing with clang's libFuzzer, ASan and UBSan: of the kernel library
# (base-hw/test/fuzz: the kernel, the fake arch/board and the harness) and
# of the config parsers (repos/base/test/fuzz: XML, HID, base/node.h).
# tool/fuzz_host runs them; `make fuzz-host [FUZZER=config] SECONDS=N` calls
# that.
#
#   make -f tool/fuzz_host.mk      build build/host/fuzz/{kernel,config}_fuzz
#
REPO_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
FUZZ_DIR ?= $(REPO_DIR)/build/host/fuzz
FUZZ_CC  ?= clang-14
FUZZ_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
               -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -MMD -MP

# the kernel library and its fakes, as the host unit tests build them
HOST_TESTS :=
include $(REPO_DIR)/base-hw/test/kernel.mk

FUZZ_SRC := base-hw/test/fuzz/kernel_fuzz.c base-hw/test/fuzz/world.c $(base_hw_kernel_test_src)
FUZZ_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SRC))
FUZZ_BIN := $(FUZZ_DIR)/kernel_fuzz

CONFIG_FUZZ_SRC := repos/base/test/fuzz/config_fuzz.c \
                   $(addprefix repos/base/src/lib/,node.c xml.c xml_node.c hid.c hid_lex.c \
                                                   hid_node.c size.c text_locate.c)
CONFIG_FUZZ_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(CONFIG_FUZZ_SRC))
CONFIG_FUZZ_BIN := $(FUZZ_DIR)/config_fuzz

all: $(FUZZ_BIN) $(CONFIG_FUZZ_BIN)

FUZZ_INC := $(base_hw_kernel_test_inc)
$(CONFIG_FUZZ_OBJ): FUZZ_INC := repos/base/include

$(FUZZ_DIR)/obj/%.o: $(REPO_DIR)/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(addprefix -I$(REPO_DIR)/,$(FUZZ_INC)) -c $< -o $@

$(FUZZ_BIN): $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -lcmocka -o $@

$(CONFIG_FUZZ_BIN): $(CONFIG_FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $^ -o $@

-include $(FUZZ_OBJ:.o=.d) $(CONFIG_FUZZ_OBJ:.o=.d)

.PHONY: all
