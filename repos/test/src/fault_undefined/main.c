/* Executes a permanently undefined instruction (UDF): core must report it. */
#include <base/log.h>

int main(void)
{
	log_printf("fault_undefined: executing an undefined instruction\n");
	asm volatile(".word 0xe7f000f0"); /* udf #0 */
	log_printf("fault_undefined: error: undefined instruction did not fault\n");
	return 1;
}
