/*
 * The first user-level component: proves that it runs unprivileged in its
 * own address space by printing its CPU mode and stack address.
 */
#include <stdint.h>
#include <base/log.h>

int main(void)
{
	uint32_t cpsr;
	int on_stack = 0;

	asm volatile("mrs %0, cpsr" : "=r"(cpsr));
	log_printf("hello: Hello world from user mode (CPU mode %s, stack at %p)\n",
		   (cpsr & 0x1f) == 0x10 ? "USR" : "privileged!", (void *)&on_stack);
	return (cpsr & 0x1f) == 0x10 ? 0 : 1;
}
