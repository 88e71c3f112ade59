/*
 * i.MX6Q SABRE Lite: the kernel's console on the i.MX UART, the GICv2 of
 * the Cortex-A9 MPCore, EPIT1 as kernel timer (not the Cortex-A9 private
 * timer: the i.MX drivers are the ones shared with the i.MX53).
 */
#include <board/mmio.h>
#include <board/pic.h>
#include <board/timer.h>
#include <board/uart.h>
#include <driver/gic_v2.h>
#include <driver/imx_epit.h>
#include <driver/imx_uart.h>
#include "board.h"

const struct board_mmio board_mmio[] = {
	{ BOARD_MPCORE_PHYS, BOARD_MPCORE_VIRT, 0x100000 },
	{ BOARD_AIPS1_PHYS, BOARD_AIPS1_VIRT, 0x100000 },
	{ BOARD_AIPS2_PHYS, BOARD_AIPS2_VIRT, 0x100000 },
};
const unsigned board_mmio_count = sizeof(board_mmio) / sizeof(board_mmio[0]);

static struct gic_v2 gic    = { BOARD_GIC_DIST, BOARD_GIC_CPU, 0, { 0 } };
static struct imx_epit epit = { BOARD_EPIT1_VIRT, 0, 0 };

/* The boot loader's settings stay; only the transmitter is made sure of */
void board_early_uart_init(void) { imx_uart_init(BOARD_UART2_PHYS); }
void board_early_uart_write(const char *s, unsigned n) { imx_uart_write(BOARD_UART2_PHYS, s, n); }

void board_uart_write(const char *s, unsigned n) { imx_uart_write(BOARD_UART2_VIRT, s, n); }

void board_pic_init(void) { gic_v2_init(&gic); }
void board_pic_init_cpu(unsigned cpu) { gic_v2_init_cpu(&gic, cpu); } /* cores 1-3 stay in reset */
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

void board_timer_init(void) { imx_epit_init(&epit, IMX_EPIT_CLOCK_PERIPHERAL, 1); }
uint64_t board_timer_ticks(void) { return imx_epit_ticks(&epit); }
uint32_t board_timer_ticks_per_ms(void) { return BOARD_EPIT_TICKS_PER_MS; }
void board_timer_start(uint32_t ticks) { imx_epit_start(&epit, ticks); }
unsigned board_timer_irq(void) { return BOARD_EPIT1_IRQ; }
