#
# make [BOARD=<board>] run/<name>   build and boot run/<name>.run in QEMU
# make [BOARD=<board>] image/<name>  the boot image of run/<name>.run in the
#                                   board's formats, in build/<board>/var/run/<name>/
# make [BOARD=<board>] test         host unit tests + every run script on every
#                                   QEMU board (with BOARD=: on that one)
# make [BOARD=<board>] bench        benchmark run scripts under QEMU -icount
# make fuzz-host [SECONDS=60]       fuzz the kernel library on the host (libFuzzer);
#   [FUZZER=config]                 the config parsers (XML, HID) instead
# make fuzz                         run/fuzz.run, seeds 1..10 x 1,000,000 kernel calls
# make check                        source formatting (tool/check_format -i fixes it)
# make image BOOT_DIR=..            (inside build/<board>) see tool/build.mk
# make clean                        remove build/
# VERBOSE=1                         full command lines instead of one short line
#                                   per compiled or linked file
#
BOARD     ?= virt_qemu_arm_v7a
BUILD_DIR := build/$(BOARD)

.PHONY: all deps test bench check clean host_test fuzz-host fuzz FORCE

all: $(BUILD_DIR)/Makefile | deps
	$(MAKE) --no-print-directory -C $(BUILD_DIR) all programs

# Install missing Debian packages first, so the first command works on a
# machine that has only make and git.
deps:
	@tool/install_deps

# Made anew when the board's configuration changes, so that a build
# directory never lacks what a newer configuration defines.
$(BUILD_DIR)/Makefile: $(wildcard etc/board/$(BOARD).conf etc/toolchain.conf) | deps
	@tool/create_builddir $(BOARD)

run/%: FORCE $(BUILD_DIR)/Makefile | deps
	+@tool/run/run --build-dir $(BUILD_DIR) --script run/$*.run

image/%: FORCE $(BUILD_DIR)/Makefile | deps
	+@tool/run/run --build-dir $(BUILD_DIR) --script run/$*.run --image-only

check: | deps
	@tool/check_format

host_test: | deps
	@$(MAKE) -s -f tool/host_test.mk run

# every board unless one is named on the command line or in the environment
test: | deps
	@tool/test $(if $(filter command line environment,$(origin BOARD)),--board $(BOARD))

SECONDS ?= 60
fuzz-host: | deps
	@tool/fuzz_host $(or $(SECONDS),60) $(FUZZER)

fuzz: $(BUILD_DIR)/Makefile | deps
	@tool/fuzz --board $(BOARD)

bench: $(BUILD_DIR)/Makefile | deps
	@tool/bench --board $(BOARD)

clean:
	rm -rf build

FORCE:
