/*
 * The user-level driver test of run/io_mem_irq.run, one program per board
 * around the shared part (src/driver_test): a device the board has is
 * driven through core's IO_MEM service (its registers) and IRQ service
 * (three interrupts signalled, cleared and acknowledged); requests for RAM,
 * the kernel's devices and lines, taken or malformed ones are each refused
 * with the error the session headers name; closed sessions free their range
 * and line. What differs per board is this description of the device.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct driver_test_io_mem_case {
	const char *what;
	uint32_t base, size;
	int expect; /* PARENT_SERVICE_DENIED or PARENT_BAD_ARGS */
};

struct driver_test_irq_case {
	const char *what;
	uint32_t line;
	int expect;
};

/* Device functions get the attached registers; false means a failed check
 * (they log why). */
struct driver_test_device {
	const char *name;   /* "PL031" */
	uint32_t phys;      /* its registers, within one page */
	unsigned irq;       /* its interrupt line */
	unsigned other_irq; /* a free line nobody raises here */
	const struct driver_test_io_mem_case *io_mem_cases;
	unsigned io_mem_case_count;
	const struct driver_test_irq_case *irq_cases;
	unsigned irq_case_count;
	bool (*identify)(volatile uint32_t *regs);
	bool (*test_clock)(volatile uint32_t *regs);        /* it counts time as the kernel does */
	void (*arm)(volatile uint32_t *regs);               /* interrupt in a while */
	unsigned alarm_ms_min, alarm_ms_max;                /* ... after this long */
	bool (*interrupt_pending)(volatile uint32_t *regs); /* the device says it raised it */
	void (*clear)(volatile uint32_t *regs);             /* ... and stops doing so */
	void (*stop)(volatile uint32_t *regs);              /* no more interrupts */
};

/* The whole test; the exit value */
int driver_test_main(const struct driver_test_device *device);
