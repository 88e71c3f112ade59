#
# Host tests of the portable kernel (base-hw/src/kernel) against the fake
# arch/board layer in base-hw/test/fake. One binary per area; all link the
# whole kernel library (including kernel.c, whose `kernel` global they use).
#
base_hw_kernel_test_src := \
	base-hw/src/kernel/kernel.c \
	base-hw/src/kernel/thread.c \
	base-hw/src/kernel/pd.c \
	base-hw/src/kernel/scheduler.c \
	base-hw/src/kernel/call.c \
	base-hw/src/kernel/cap.c \
	base-hw/src/kernel/ipc.c \
	base-hw/src/kernel/signal.c \
	base-hw/src/kernel/timeout.c \
	base-hw/src/kernel/irq.c \
	base-hw/src/kernel/print.c \
	base-hw/src/kernel/trace.c \
	base-hw/src/lib/format.c \
	base-hw/test/fake/fake_arch.c \
	base-hw/test/fake/fake_board.c \
	base-hw/test/fake/fake_kernel.c \
	base-hw/test/fake/kernel_check.c

# The fake arch comes first; the ARM include directory is never on the path.
base_hw_kernel_test_inc := \
	base-hw/test/fake/include \
	base-hw/include \
	base-hw/src \
	base-hw/src/include \
	base-hw/src/board/include

base_hw_kernel_tests := sched pd thread call print cap ipc signal

# test_kernel_<area>.c -> binary kernel_<area>
HOST_TESTS += $(addprefix kernel_,$(base_hw_kernel_tests))
$(foreach t,$(base_hw_kernel_tests),\
	$(eval kernel_$(t)_SRC := base-hw/test/test_kernel_$(t).c $(base_hw_kernel_test_src))\
	$(eval kernel_$(t)_INC := $(base_hw_kernel_test_inc)))
