/*
 * The register dispatch of the host tests' i.MX device models
 * (mmio_model.h): the drivers' accesses, through
 * base-hw/test/driver/include/driver/mmio.h, reach the model of the device
 * registered at that address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <driver/mmio.h>
#include "mmio_model.h"

enum { MODELS_MAX = 4 };

static struct mmio_model models[MODELS_MAX];
static unsigned model_count, accesses;

void mmio_model_attach(const struct mmio_model *m)
{
	assert_true(model_count < MODELS_MAX);
	models[model_count++] = *m;
}

void mmio_model_reset(void) { model_count = accesses = 0; }

unsigned mmio_model_accesses(void) { return accesses; }

static const struct mmio_model *model_at(uintptr_t a)
{
	if (a % 4)
		fail_msg("unaligned register access at %#lx", (unsigned long)a);
	for (unsigned i = 0; i < model_count; i++)
		if (a >= models[i].base && a - models[i].base < models[i].size)
			return &models[i];
	fail_msg("register access at %#lx: no device there", (unsigned long)a);
	return NULL;
}

uint32_t mmio_read32(uintptr_t addr)
{
	const struct mmio_model *m = model_at(addr);

	accesses++;
	return m->read(m->state, (uint32_t)(addr - m->base));
}

void mmio_write32(uintptr_t addr, uint32_t value)
{
	const struct mmio_model *m = model_at(addr);

	accesses++;
	m->write(m->state, (uint32_t)(addr - m->base), value);
}
