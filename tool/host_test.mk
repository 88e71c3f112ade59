#
# Host unit tests: portable code compiled for the build machine against fake
# arch/board layers, with cmocka, AddressSanitizer and UBSan.
#
# Every test directory has *.mk fragments that adds test names to
# HOST_TESTS and sets <name>_SRC (sources relative to the repository root)
# and optionally <name>_INC (include directories) and <name>_DEFS (further
# compiler flags, e.g. -D).
#
#   make -f tool/host_test.mk         build all tests
#   make -f tool/host_test.mk run     build and run them (TAP output)
#

REPO_DIR  := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/..)
HOST_DIR  ?= $(REPO_DIR)/build/host
HOST_CC   ?= cc
HOST_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP

# one short line per step as in tool/build.mk; VERBOSE=1 shows the commands
ifeq ($(VERBOSE),)
Q   := @
msg  = @printf '  %-7s %s\n' '$(1)' '$(2)'
else
Q   :=
msg  =
endif

HOST_TESTS :=
include $(wildcard $(REPO_DIR)/*/test/*.mk $(REPO_DIR)/repos/*/test/*.mk)

HOST_BINS := $(addprefix $(HOST_DIR)/,$(HOST_TESTS))

all: $(HOST_BINS)

# One rule per test: objects go to build/host/<test>/, binary to build/host/<test>.
define host_test_rule
$(1)_OBJ := $$(patsubst %.c,$(HOST_DIR)/$(1).obj/%.o,$$($(1)_SRC))
$(HOST_DIR)/$(1).obj/%.o: $(REPO_DIR)/%.c
	@mkdir -p $$(dir $$@)
	$$(call msg,HOSTCC,$(1): $$*.o)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $$($(1)_DEFS) $$(addprefix -I$(REPO_DIR)/,$$($(1)_INC)) -c $$< -o $$@
$(HOST_DIR)/$(1): $$($(1)_OBJ)
	$$(call msg,HOSTLD,$(1))
	$(Q)$(HOST_CC) $(HOST_CFLAGS) $$^ -lcmocka -o $$@
-include $$($(1)_OBJ:.o=.d)
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))

# Run every test with TAP output; a test binary that crashes counts as failed.
run: $(HOST_BINS)
	@for t in $(HOST_BINS); do \
		echo "# $$(basename $$t)"; \
		CMOCKA_MESSAGE_OUTPUT=TAP $$t || echo "not ok - $$(basename $$t) exited with $$?"; \
	done

.PHONY: all run
