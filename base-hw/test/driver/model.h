/*
 * Register-level model of the devices the BCM2835 board drives (system
 * timer, interrupt controller, GPIO, PL011), behind the drivers' mmio
 * accessors in the host tests, with a log of every access and barrier.
 * Time passes with every access, so the tests can make the drivers race
 * the counter as hardware would.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* Where the test puts the devices */
enum {
	MODEL_TIMER = 0x10000,
	MODEL_PIC   = 0x20000,
	MODEL_GPIO  = 0x30000,
	MODEL_UART  = 0x40000,
	MODEL_LOG   = 4096,
};

enum model_op { MODEL_READ, MODEL_WRITE, MODEL_BARRIER };

struct model_access {
	enum model_op op;
	uintptr_t addr;
	uint32_t value;
};

struct model {
	uint64_t ns;            /* the system timer's clock, in ns */
	uint32_t ns_per_access; /* how long each access takes */
	uint32_t stall_ns;      /* how much longer the next compare write takes (once) */

	uint32_t timer_cs, timer_compare[4];

	uint64_t gpu_level; /* lines 0-63 raised by others than the timer */
	uint8_t arm_level;  /* lines 64-71 */
	uint64_t gpu_enable;
	uint8_t arm_enable;
	uint32_t fiq_control;
	bool pending_shows_disabled; /* pending registers show disabled lines too */

	uint32_t gpio[0xa0 / 4];
	uint32_t uart[0x48 / 4];
	unsigned uart_busy_reads; /* FR reads that still show BUSY */

	struct model_access log[MODEL_LOG];
	unsigned log_len;
};

extern struct model model;

void model_reset(void);
/* Let time pass: compare channels the counter's low word reaches match. */
void model_advance(uint64_t ns);
uint64_t model_us(void);

/* Whether the accesses since log entry from start with a barrier before the
 * first register access and end with one after the last */
bool model_fenced(unsigned from);
/* The values written to addr since log entry from, in order; their number */
unsigned model_writes(unsigned from, uintptr_t addr, uint32_t *values, unsigned max);
/* Log index of the first write to addr since from; MODEL_LOG if none */
unsigned model_first_write(unsigned from, uintptr_t addr);
