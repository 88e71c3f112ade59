#
# Build rules for one board, included by build/<board>/Makefile after its
# etc/build.conf. Targets:
#
#   core, bootstrap         kernel+core and bootstrap objects (bin/core.o, bin/bootstrap.o)
#   <repo>/<program>        a user-level program from repos/<repo>/src/<program>/target.mk
#   <program>               the same under Genode's name (the path below src/: init,
#                           timer), unless another target or repository has that name
#   lib/ld                  nothing: Genode's dynamic linker, not needed here
#   artifacts TARGETS=..    print the names of the binaries the targets produce
#   image BOOT_DIR=.. IMAGE=..   link bootstrap, core and the files in BOOT_DIR into IMAGE
#   run/<name>, image/<name>     run/<name>.run by the run tool, as the top-level Makefile
#                                does (so `make -C build/<board> run/hello` works, as in Genode)
#
# The output is one short line per compiled or linked file ("  CC      core/..."),
# as in kbuild and Genode; VERBOSE=1 shows the full commands instead.
#
# The board's etc file chooses ARCH (e.g. arm_v7); the architecture family
# directory (arch/arm) is found from it. Generic code never names a board.
#

CROSS    := $(CROSS_DEV_PREFIX)
CC       := $(CROSS)gcc
LD       := $(CROSS)ld
OBJCOPY  := $(CROSS)objcopy
AR       := $(CROSS)ar
HOST_CC  ?= cc
BUILD    := $(CURDIR)
OBJ      := $(BUILD)/obj
BIN      := $(BUILD)/bin
R        := $(REPO_DIR)

ARCH_DIR        := base-hw/src/arch/$(notdir $(patsubst %/,%,$(dir $(wildcard $(R)/base-hw/src/arch/*/$(ARCH)))))/$(ARCH)
ARCH_FAMILY_DIR := $(patsubst %/,%,$(dir $(ARCH_DIR)))
BOARD_DIR       := base-hw/src/board/$(BOARD)
RAM_BASE        ?= $(LOAD_ADDR)

# $(call msg,WHAT,file): the short line of a step, nothing with VERBOSE=1;
# $(Q) hides the command unless VERBOSE=1
ifeq ($(VERBOSE),)
Q   := @
msg  = @printf '  %-7s %s\n' '$(1)' '$(patsubst $(BUILD)/%,%,$(patsubst $(OBJ)/%,%,$(2)))'
else
Q   :=
msg  =
endif

ifeq ($(wildcard $(R)/$(ARCH_DIR)),)
$(error unknown ARCH '$(ARCH)': no base-hw/src/arch/*/$(ARCH))
endif

# int-sized enums as on the host (arm-none-eabi defaults to short ones); no
# loops turned into calls of memcpy/memset (which are such loops themselves)
empty :=
space := $(empty) $(empty)
TARGET_FLAGS := $(CPU_FLAGS) -marm -mfloat-abi=soft -std=gnu11 -ffreestanding -fno-common -fno-short-enums \
                -fno-tree-loop-distribute-patterns \
                -fno-builtin -O2 -g -Wall -Wextra -Werror -MMD -MP
LIBGCC       := $(shell $(CC) $(CPU_FLAGS) -marm -mfloat-abi=soft -print-libgcc-file-name)

# newlib for user-level programs, built by tool/build_newlib for exactly
# these CPU flags (cached in build/newlib/, shared by boards with the same
# flags). Programs see only its headers, the compiler's own and ours
# (repos/libc/include: the platform's part of the C library's headers).
NEWLIB_FLAGS := $(CPU_FLAGS) -marm -mfloat-abi=soft
NEWLIB_DIR   := $(R)/build/newlib/$(subst =,-,$(subst $(space),_,$(patsubst -%,%,$(strip $(NEWLIB_FLAGS)))))
NEWLIB       := $(NEWLIB_DIR)/installed
LIBC         := $(NEWLIB_DIR)/arm-none-eabi/lib/libc.a
LIBM         := $(NEWLIB_DIR)/arm-none-eabi/lib/libm.a
GCC_INC      := $(shell $(CC) -print-file-name=include)
USER_SYS_INC := -nostdinc -isystem $(NEWLIB_DIR)/arm-none-eabi/include -isystem $(GCC_INC) \
                -isystem $(GCC_INC)-fixed

KERNEL_INC := base-hw/include base-hw/src base-hw/src/include base-hw/src/board/include \
              $(ARCH_FAMILY_DIR)/include $(ARCH_DIR)/include $(BOARD_DIR) \
              core/include repos/base/include
# every repository's include/ (base, libc and os first): a new repository
# finds its own headers without a change here
REPO_INC   := $(patsubst $(R)/%,%,$(wildcard $(R)/repos/*/include))
USER_INC   := base-hw/include base-hw/src/include repos/base/include repos/libc/include repos/os/include \
              $(filter-out repos/base/include repos/libc/include repos/os/include,$(REPO_INC))

src_in = $(patsubst $(R)/%,%,$(foreach d,$(1),$(wildcard $(R)/$(d)/*.c $(R)/$(d)/*.S)))

KERNEL_SRC    := $(call src_in,base-hw/src/kernel $(ARCH_FAMILY_DIR) $(ARCH_DIR) $(BOARD_DIR) base-hw/src/lib)
CORE_SRC      := $(call src_in,core/src) repos/base/src/lib/elf.c repos/base/src/lib/session_args.c \
                 repos/base/src/lib/size.c repos/base/src/lib/base/rpc.c
BOOTSTRAP_SRC := $(call src_in,base-hw/src/bootstrap $(ARCH_DIR)/bootstrap $(BOARD_DIR)) \
                 $(ARCH_FAMILY_DIR)/page_table.c base-hw/src/lib/string.c
LIBBASE_SRC   := $(call src_in,repos/base/src/lib/base) \
                 repos/base/src/lib/session_args.c repos/base/src/lib/xml.c repos/base/src/lib/xml_node.c \
                 repos/base/src/lib/hid.c repos/base/src/lib/hid_lex.c repos/base/src/lib/hid_node.c \
                 repos/base/src/lib/node.c repos/base/src/lib/text_locate.c repos/base/src/lib/size.c \
                 repos/base/src/lib/elf.c repos/base/src/lib/affinity.c
LIBLIBC_SRC   := $(call src_in,repos/libc/src/lib/libc)

# Objects of sources under $(OBJ)/<kind>/, by normalised path: a source a
# program names as ../other/x.c (code programs share) has one object.
obj_of = $(addprefix $(OBJ)/$(1)/,$(patsubst $(R)/%,%,$(abspath $(addprefix $(R)/,\
         $(patsubst %.S,%.o,$(patsubst %.c,%.o,$(2)))))))

CORE_OBJ      := $(call obj_of,core,$(KERNEL_SRC) $(CORE_SRC))
BOOTSTRAP_OBJ := $(call obj_of,bootstrap,$(BOOTSTRAP_SRC))
LIBBASE_OBJ   := $(call obj_of,user,$(LIBBASE_SRC))
LIBBASE       := $(OBJ)/user/libbase.a
LIBLIBC_OBJ   := $(call obj_of,user,$(LIBLIBC_SRC))
LIBLIBC       := $(OBJ)/user/liblibc.a
CRT0          := $(OBJ)/user/repos/base/src/lib/startup/crt0.o
USER_LD       := $(R)/repos/base/src/lib/startup/user.ld

all: core bootstrap

# --- compile rules: one set of flags per kind of code (core, bootstrap, user) ---
define compile_rules
$(OBJ)/$(1)/%.o: $(R)/%.c | $(3)
	@mkdir -p $$(dir $$@)
	$$(call msg,CC,$$@)
	$(Q)$(CC) $(TARGET_FLAGS) $$(TARGET_CC_OPT) $$(addprefix -I$(R)/,$(2)) $(4) -c $$< -o $$@
$(OBJ)/$(1)/%.o: $(R)/%.S | $(3)
	@mkdir -p $$(dir $$@)
	$$(call msg,AS,$$@)
	$(Q)$(CC) $(TARGET_FLAGS) $$(TARGET_CC_OPT) $$(addprefix -I$(R)/,$(2)) $(4) -c $$< -o $$@
endef
# User code: a section per function and object, so that the link drops what
# no program reaches (--gc-sections): the boot image carries less
USER_SECTIONS := -ffunction-sections -fdata-sections
$(eval $(call compile_rules,core,$(KERNEL_INC)))
$(eval $(call compile_rules,bootstrap,$(KERNEL_INC)))
# user code keeps frame pointers, set up before a function's body, for
# core's backtraces of faults (base-hw/src/arch/arm/include/arch/frame.h)
USER_FRAME_FLAGS := -fno-omit-frame-pointer -mno-sched-prolog
$(eval $(call compile_rules,user,$(USER_INC),$(NEWLIB),$(USER_SYS_INC) $(USER_SECTIONS) $(USER_FRAME_FLAGS)))

# once per CPU flags; the stamp holds what it was built from (tool/build_newlib).
# One line here; what build_newlib says goes to <dir>.out (its errors show).
$(NEWLIB): $(R)/tool/build_newlib
	$(call msg,NEWLIB,$(NEWLIB_FLAGS) (once per CPU flags: minutes))
	@mkdir -p $(dir $(NEWLIB_DIR))
	$(Q)$(R)/tool/build_newlib $(NEWLIB_DIR) $(CROSS) $(NEWLIB_FLAGS) >$(NEWLIB_DIR).out
newlib: $(NEWLIB)

# --- kernel + core: one relocatable object, linked into every image ---
$(BIN)/core.o: $(CORE_OBJ)
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(LD) --no-enum-size-warning -r -o $@ $^

# bootstrap runs at physical addresses in the same image: rename its
# sections and hide its symbols so that nothing clashes with core.
$(BIN)/bootstrap.o: $(BOOTSTRAP_OBJ)
	@mkdir -p $(dir $@)
	$(call msg,LD,$@)
	$(Q)$(LD) -r -o $@.tmp $^
	$(Q)$(OBJCOPY) --prefix-alloc-sections=.bootstrap --keep-global-symbol=bootstrap_entry $@.tmp $@
	@rm -f $@.tmp

core: $(BIN)/core.o
bootstrap: $(BIN)/bootstrap.o

# --- user-level programs and libraries ---
$(LIBBASE): $(LIBBASE_OBJ)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

$(LIBLIBC): $(LIBLIBC_OBJ)
	@rm -f $@
	$(call msg,AR,$@)
	$(Q)$(AR) rcs $@ $^

# newlib's locks and assert report are repos/libc's: taken before newlib's
# (empty locks; an assert by fiprintf, a second formatter) are seen
LIBC_OWN := -u __retarget_lock_acquire -u __assert_func

USER_TARGET_DIRS := $(patsubst $(R)/%/target.mk,%,$(shell find $(R)/repos/*/src -name target.mk 2>/dev/null))
USER_PROGRAMS    :=
lib_archive       = $(addprefix $(OBJ)/lib/lib,$(addsuffix .a,$(1)))

# A target.mk names a program (TARGET, default: its directory's name) or a
# static library (LIB) built from SRC_C and SRC_S (relative to its
# directory, PRG_DIR). CC_OPT adds compiler options, INC_DIR include
# directories (absolute, e.g. $(PRG_DIR)/include) for its sources; LIBS
# names the libraries (by their LIB) a program links, in front of libbase,
# the platform's libc layer, newlib and libgcc. Each is reachable as
# <repo>/<path below src>, e.g. make test/hello.
define user_target
TARGET  :=
LIB     :=
SRC_C   :=
SRC_S   :=
CC_OPT  :=
INC_DIR :=
LIBS    :=
PRG_DIR := $(R)/$(1)
include $(R)/$(1)/target.mk
$(2)_OBJ := $$(call obj_of,user,$$(addprefix $(1)/,$$(SRC_C) $$(SRC_S)))
$$($(2)_OBJ): TARGET_CC_OPT := $$(CC_OPT) $$(addprefix -I,$$(INC_DIR))
ifneq ($$(LIB),)
$(2)_OUT := $$(call lib_archive,$$(LIB))
$$($(2)_OUT): $$($(2)_OBJ)
	@mkdir -p $$(dir $$@)
	@rm -f $$@
	$$(call msg,AR,$$@)
	$(Q)$(AR) rcs $$@ $$^
else
$(2)_ARTIFACT := $$(or $$(TARGET),$(notdir $(1)))
$(2)_OUT  := $(BIN)/$$($(2)_ARTIFACT)
$(2)_LIBS := $$(call lib_archive,$$(LIBS))
$$($(2)_OUT): $$($(2)_OBJ) $$($(2)_LIBS) $(CRT0) $(LIBBASE) $(LIBLIBC) $(USER_LD)
	@mkdir -p $(BIN)
	$$(call msg,LD,$$@)
	$(Q)$(LD) --no-enum-size-warning --gc-sections -T $(USER_LD) $(LIBC_OWN) -o $$@ $(CRT0) $$($(2)_OBJ) \
	      --start-group $$($(2)_LIBS) $(LIBBASE) $(LIBLIBC) $(LIBC) $(LIBM) $(LIBGCC) --end-group
USER_PROGRAMS += $(2)
endif
$(2): $$($(2)_OUT)
.PHONY: $(2)
endef
$(foreach d,$(USER_TARGET_DIRS),$(eval $(call user_target,$(d),$(subst /src/,/,$(patsubst repos/%,%,$(d))))))

programs: $(USER_PROGRAMS)

# Genode's short names: what follows src/ in the program's directory
genode_name = $(word 2,$(subst /src/, ,$(1)))
GENODE_NAMES := $(foreach d,$(USER_TARGET_DIRS),$(call genode_name,$(d)))
RESERVED     := all core bootstrap newlib programs image clean artifacts lib/ld $(USER_PROGRAMS)

define genode_alias
ifeq ($(words $(filter $(1),$(GENODE_NAMES)))$(filter $(1),$(RESERVED)),1)
$(1): $(2)
$(1)_ARTIFACT := $$($(2)_ARTIFACT)
.PHONY: $(1)
endif
endef
$(foreach d,$(USER_TARGET_DIRS),$(eval $(call genode_alias,$(call genode_name,$(d)),$(subst /src/,/,$(patsubst repos/%,%,$(d))))))

# Genode's scripts build its dynamic linker; programs are linked statically here.
lib/ld:
	@echo "lib/ld: nothing to build, programs are linked statically here"

core_ARTIFACT      := core
bootstrap_ARTIFACT := bootstrap

# The binaries (in bin/) that the targets produce, for the run tool's build_artifacts
artifacts:
	@$(foreach t,$(TARGETS),$(if $($(t)_ARTIFACT),echo $($(t)_ARTIFACT);))true

# --- boot image ---
IMAGE ?= $(BUILD)/image.elf
image: $(BIN)/core.o $(BIN)/bootstrap.o
	@test -n "$(BOOT_DIR)" -a -d "$(BOOT_DIR)" || { echo "image: BOOT_DIR must name a directory"; exit 1; }
	$(call msg,IMAGE,$(IMAGE))
	$(Q)$(R)/tool/boot_modules $(BOOT_DIR) > $(IMAGE).modules.S
	$(Q)$(CC) -c $(IMAGE).modules.S -o $(IMAGE).modules.o
	$(Q)$(LD) --no-enum-size-warning -T $(R)/$(ARCH_FAMILY_DIR)/image.ld --defsym=LOAD_ADDR=$(LOAD_ADDR) \
	      --defsym=RAM_BASE=$(RAM_BASE) -o $(IMAGE) \
	      $(BIN)/bootstrap.o $(BIN)/core.o $(IMAGE).modules.o $(LIBGCC)

clean:
	rm -rf $(OBJ) $(BIN) $(BUILD)/var

# The run tool from inside the build directory, as Genode's build directory
# offers it
run/%: FORCE
	+@$(R)/tool/run/run --build-dir $(BUILD) --script $(R)/run/$*.run
image/%: FORCE
	+@$(R)/tool/run/run --build-dir $(BUILD) --script $(R)/run/$*.run --image-only
FORCE:

.PHONY: all core bootstrap newlib programs image clean lib/ld artifacts FORCE

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
