/*
 * Barriers for the host tests of the drivers: recorded by the register
 * model (base-hw/test/driver/model.c), so that tests can check where the
 * drivers put them.
 */
#pragma once

void arch_dmb(void);
