/*
 * Device-register access for the drivers in this directory: a plain
 * volatile 32-bit load or store. The host tests of the drivers put a
 * register-level model of the device behind these two functions
 * (base-hw/test/driver).
 */
#pragma once

#include <stdint.h>

static inline uint32_t mmio_read32(uintptr_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}
