/*
 * The first user-level component: proves that it runs unprivileged in its
 * own address space by printing its CPU mode and stack address, and uses
 * more stack than core mapped up front. Its first line also says when it
 * was printed, in guest time since reset (run/bench_boot.run: under icount
 * that is the instructions the whole boot took).
 */
#include <stdint.h>
#include <base/log.h>
#include <base/timestamp.h>

/* Touch 40 KiB of stack: core maps those pages when they are first used. */
static unsigned use_stack(void)
{
	volatile uint8_t buf[40 * 1024];
	unsigned sum = 0;

	for (unsigned i = 0; i < sizeof(buf); i += 512)
		buf[i] = (uint8_t)(i / 512);
	for (unsigned i = 0; i < sizeof(buf); i += 512)
		sum += buf[i];
	return sum;
}

int main(void)
{
	uint32_t cpsr;
	int on_stack = 0;

	asm volatile("mrs %0, cpsr" : "=r"(cpsr));
	uint64_t since_reset = timestamp_ns();
	log_printf("hello: Hello world from user mode (CPU mode %s, stack at %p) at %u ns\n",
		   (cpsr & 0x1f) == 0x10 ? "USR" : "privileged!", (void *)&on_stack,
		   (unsigned)since_reset);
	log_printf("hello: 40 KiB of stack in use (checksum %u)\n", use_stack());
	return (cpsr & 0x1f) == 0x10 ? 0 : 1;
}
