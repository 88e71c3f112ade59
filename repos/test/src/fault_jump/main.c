/* Jumps to an unmapped address: core must report an instruction fetch fault. */
#include <stdint.h>
#include <base/log.h>

int main(void)
{
	void (*nowhere)(void) = (void (*)(void))(uintptr_t)0x40000000;

	log_printf("fault_jump: jumping to unmapped address %p\n", (void *)nowhere);
	nowhere();
	log_printf("fault_jump: error: returned from unmapped code\n");
	return 1;
}
