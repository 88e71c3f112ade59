/*
 * The smallest child (run/init_100.run): one line to its LOG session, then
 * it exits with 0.
 */
#include <base/log.h>

int main(void)
{
	log_printf("tiny: running\n");
	return 0;
}
