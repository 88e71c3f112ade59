/* Reads an unmapped address: core must report a read fault and stop us. */
#include <stdint.h>
#include <base/log.h>

int main(void)
{
	/* opaque to the compiler, which would otherwise reason about address 16 */
	volatile uint32_t *unmapped;
	asm volatile("mov %0, #16" : "=r"(unmapped));

	log_printf("fault_read: reading unmapped address %p\n", (void *)unmapped);
	uint32_t v = *unmapped;
	log_printf("fault_read: error: read returned %x instead of faulting\n", (unsigned)v);
	return 1;
}
