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
	base-hw/src/kernel/print.c \
	base-hw/src/lib/format.c \
	base-hw/test/fake/fake_arch.c \
	base-hw/test/fake/fake_board.c \
	base-hw/test/fake/fake_kernel.c

# The fake arch comes first; the ARM include directory is never on the path.
base_hw_kernel_test_inc := \
	base-hw/test/fake/include \
	base-hw/include \
	base-hw/src \
	base-hw/src/include \
	base-hw/src/board/include

HOST_TESTS += kernel_sched kernel_pd kernel_thread kernel_call kernel_print

kernel_sched_SRC  := base-hw/test/test_kernel_sched.c $(base_hw_kernel_test_src)
kernel_pd_SRC     := base-hw/test/test_kernel_pd.c $(base_hw_kernel_test_src)
kernel_thread_SRC := base-hw/test/test_kernel_thread.c $(base_hw_kernel_test_src)
kernel_call_SRC   := base-hw/test/test_kernel_call.c $(base_hw_kernel_test_src)
kernel_print_SRC  := base-hw/test/test_kernel_print.c $(base_hw_kernel_test_src)

kernel_sched_INC  := $(base_hw_kernel_test_inc)
kernel_pd_INC     := $(base_hw_kernel_test_inc)
kernel_thread_INC := $(base_hw_kernel_test_inc)
kernel_call_INC   := $(base_hw_kernel_test_inc)
kernel_print_INC  := $(base_hw_kernel_test_inc)
