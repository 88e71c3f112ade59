/*
 * Host fake of the board: the UART appends to a buffer the tests read, the
 * PIC hands out IRQs the test raised, the timer is a counter the test sets.
 * Also core's symbols that kernel.c links against.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <board/pic.h>
#include <board/timer.h>
#include <board/uart.h>
#include <boot_info.h>
#include "../../src/kernel/core_interface.h"
#include "fake.h"

struct fake_board fake_board;

void board_uart_write(const char *s, unsigned n)
{
	fake_board.uart_writes++;
	for (unsigned i = 0; i < n; i++) {
		if (fake_board.uart_len == FAKE_UART_SIZE) {
			fake_board.uart_overflow = true;
			return;
		}
		fake_board.uart[fake_board.uart_len++] = s[i];
	}
	fake_board.uart[fake_board.uart_len] = 0;
}

const char *fake_uart_text(void) { return fake_board.uart; }

void fake_uart_clear(void)
{
	fake_board.uart_len      = 0;
	fake_board.uart[0]       = 0;
	fake_board.uart_writes   = 0;
	fake_board.uart_overflow = false;
}

void fake_pic_raise(unsigned irq)
{
	assert_true(fake_board.pending_count < 8);
	fake_board.pending[fake_board.pending_count++] = irq;
}

void board_pic_init(void) { fake_board.pic_inits++; }
void board_pic_init_cpu(unsigned cpu)
{
	(void)cpu;
	fake_board.pic_cpu_inits++;
}

void board_pic_send_ipi(unsigned cpu)
{
	fake_board.ipis++;
	fake_board.last_ipi_cpu = cpu;
}

unsigned board_pic_ipi_irq(void) { return FAKE_IPI_IRQ; }

bool board_pic_take(unsigned *irq)
{
	if (fake_board.pending_count == 0)
		return false;
	*irq = fake_board.pending[0];
	memmove(fake_board.pending, fake_board.pending + 1,
		--fake_board.pending_count * sizeof(fake_board.pending[0]));
	return true;
}

void board_pic_finish(unsigned irq)
{
	fake_board.finishes++;
	fake_board.last_finished = irq;
}

void board_pic_mask(unsigned irq)
{
	assert_true(irq < FAKE_IRQS);
	fake_board.masked[irq] = true;
	fake_board.masks++;
	fake_board.last_masked = irq;
}

void board_pic_unmask(unsigned irq)
{
	assert_true(irq < FAKE_IRQS);
	fake_board.masked[irq] = false;
	fake_board.unmasks++;
	fake_board.last_unmasked = irq;
}

void board_timer_init(void) { fake_board.timer_inits++; }
uint64_t board_timer_ticks(void) { return fake_board.ticks; }
uint32_t board_timer_ticks_per_ms(void) { return fake_board.ticks_per_ms; }
unsigned board_timer_irq(void) { return FAKE_TIMER_IRQ; }

void board_timer_start(uint32_t ticks)
{
	fake_board.timer_starts++;
	fake_board.timer_slice = ticks;
}

/* core's side of core_interface.h: never run on the host */
void core_main(const struct boot_info *bi)
{
	(void)bi;
	fail_msg("core_main must not run on the host");
}

char core_main_stack[1024];
const unsigned core_main_stack_size = sizeof(core_main_stack);
struct utcb core_main_utcb __attribute__((aligned(UTCB_SIZE)));
