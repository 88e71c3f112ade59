/*
 * A child that crashes (run/fault_detection.run): it says hello and writes
 * through a null pointer.
 */
#include <base/log.h>

int main(void)
{
	log_printf("fault_child: started, about to write to address 0\n");
	*(volatile int *)0 = 1;
	log_printf("fault_child: error: still alive after the fault\n");
	return 1;
}
