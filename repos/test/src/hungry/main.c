/*
 * A child that needs more RAM than it was given (run/resource_request.run,
 * run/resource_yield.run): it mallocs 256 KiB blocks and writes them; the
 * heap's RAM session runs out of the child's quota and the library asks
 * the parent for more. Then one allocation far beyond what the parent
 * allows must fail cleanly.
 */
#include <stdlib.h>
#include <string.h>
#include <base/log.h>

enum { BLOCK = 256 * 1024, BLOCKS = 12 };

int main(void)
{
	unsigned got = 0;

	for (; got < BLOCKS; got++) {
		char *p = malloc(BLOCK);
		if (!p)
			break;
		memset(p, 0x5a, BLOCK);
	}
	log_printf("hungry: %u of %u blocks of 256 KiB\n", got, BLOCKS);
	void *huge = malloc(64 * 1024 * 1024);
	log_printf("hungry: 64 MiB more: %s\n", huge ? "error: granted" : "refused, NULL");
	return got == BLOCKS && !huge ? 0 : 1;
}
