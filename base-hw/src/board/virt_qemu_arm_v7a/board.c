/*
 * QEMU virt board: PL011 console, GICv2, ARM generic timer.
 */
#include <board/mmio.h>
#include <board/pic.h>
#include <board/timer.h>
#include <board/uart.h>
#include <driver/arm_generic_timer.h>
#include <driver/gic_v2.h>
#include <driver/pl011.h>
#include "board.h"

const struct board_mmio board_mmio[] = {
	{ BOARD_UART_PHYS, BOARD_UART_VIRT, 0x100000 },
	{ BOARD_GIC_PHYS, BOARD_GIC_VIRT, 0x100000 },
};
const unsigned board_mmio_count = sizeof(board_mmio) / sizeof(board_mmio[0]);

static struct gic_v2 gic = { BOARD_GIC_DIST, BOARD_GIC_CPU, 0, { 0 } };

/* QEMU's PL011 transmits without any set-up; virt exists only in QEMU. */
void board_early_uart_init(void) {}
void board_early_uart_write(const char *s, unsigned n) { pl011_write(BOARD_UART_PHYS, s, n); }
void board_uart_write(const char *s, unsigned n) { pl011_write(BOARD_UART_VIRT, s, n); }

void board_pic_init(void) { gic_v2_init(&gic); }
void board_pic_init_cpu(unsigned cpu) { gic_v2_init_cpu(&gic, cpu); }
void board_pic_send_ipi(unsigned cpu) { gic_v2_send_ipi(&gic, cpu); }
unsigned board_pic_ipi_irq(void) { return GIC_IPI_SGI; }
bool board_pic_take(unsigned *irq) { return gic_v2_take(&gic, irq); }
void board_pic_finish(unsigned irq)
{
	(void)irq;
	gic_v2_finish(&gic);
}
void board_pic_mask(unsigned irq) { gic_v2_mask(&gic, irq); }
void board_pic_unmask(unsigned irq) { gic_v2_unmask(&gic, irq); }

void board_timer_init(void) {}
uint64_t board_timer_ticks(void) { return generic_timer_count(); }
uint32_t board_timer_ticks_per_ms(void) { return generic_timer_frequency() / 1000; }
void board_timer_start(uint32_t ticks) { generic_timer_start(ticks); }
unsigned board_timer_irq(void) { return BOARD_TIMER_IRQ; }
