/*
 * Device-register access for the host tests of the drivers: found before
 * base-hw/src/driver/mmio.h, it hands every access to the register model
 * of the test (base-hw/test/driver/model.c).
 */
#pragma once

#include <stdint.h>

uint32_t mmio_read32(uintptr_t addr);
void mmio_write32(uintptr_t addr, uint32_t value);
