/* Board contract: the kernel timer, a monotonic counter with a one-shot alarm. */
#pragma once

#include <stdint.h>

void board_timer_init(void);
uint64_t board_timer_ticks(void); /* monotonic, never wraps in practice */
uint32_t board_timer_ticks_per_ms(void);
void board_timer_start(uint32_t ticks); /* raise board_timer_irq() after ticks */
unsigned board_timer_irq(void);
