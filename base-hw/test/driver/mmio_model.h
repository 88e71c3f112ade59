/*
 * Register-level device models behind the drivers' mmio_read32 and
 * mmio_write32 in the host tests of the i.MX drivers: a model claims
 * [base, base + size), gets every access there as an offset, and an access
 * anywhere else fails the test.
 */
#pragma once

#include <stdint.h>

struct mmio_model {
	uintptr_t base;
	uint32_t size;
	void *state;
	uint32_t (*read)(void *state, uint32_t offset);
	void (*write)(void *state, uint32_t offset, uint32_t value);
};

/* At most a few models at once; each test starts with mmio_model_reset */
void mmio_model_attach(const struct mmio_model *m);
void mmio_model_reset(void);
unsigned mmio_model_accesses(void);
