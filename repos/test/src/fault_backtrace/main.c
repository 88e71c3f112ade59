/*
 * Dereferences a null pointer three calls below main (run/backtrace.run):
 * core's report must name each of the functions, which the run tool turns
 * into names and lines. None of the calls is a tail call, so each function
 * keeps its frame.
 */
#include <stdint.h>
#include <base/log.h>

struct entry {
	const char *key;
	uint32_t value;
};

/* The one that faults, a leaf: reads through a null entry */
static __attribute__((noipa)) uint32_t entry_value(const struct entry *e) { return e->value + 1; }

static __attribute__((noipa)) uint32_t lookup_entry(const struct entry *table, unsigned i)
{
	return entry_value(table ? &table[i] : NULL) * 3;
}

static __attribute__((noipa)) uint32_t read_setting(const struct entry *table)
{
	return lookup_entry(table, 0) + 7;
}

int main(void)
{
	/* opaque to the compiler, which would otherwise see the null pointer */
	const struct entry *table;
	asm volatile("mov %0, #0" : "=r"(table));

	log_printf("fault_backtrace: reading a setting from a table that is not there\n");
	uint32_t v = read_setting(table);
	log_printf("fault_backtrace: error: read %u instead of faulting\n", (unsigned)v);
	return 1;
}
