/*
 * i.MX53 QSB: the kernel's console on the i.MX UART, the TZIC, EPIT1 as
 * kernel timer (the Cortex-A8 has no generic timer). The timer's line has
 * the highest priority, so it is taken first when devices are pending too.
 */
#include <board/mmio.h>
#include <board/pic.h>
#include <board/timer.h>
#include <board/uart.h>
#include <driver/imx_epit.h>
#include <driver/imx_tzic.h>
#include <driver/imx_uart.h>
#include "board.h"

const struct board_mmio board_mmio[] = {
	{ BOARD_TZIC_BLOCK, KERNEL_DEVICE_BASE, 0x100000 },
	{ BOARD_AIPS1_BLOCK, BOARD_AIPS1_VIRT, 0x100000 },
};
const unsigned board_mmio_count = sizeof(board_mmio) / sizeof(board_mmio[0]);

static struct imx_tzic tzic = { BOARD_TZIC_VIRT };
static struct imx_epit epit = { BOARD_EPIT1_VIRT, 0, 0 };

/* The boot loader's settings stay; only the transmitter is made sure of */
void board_early_uart_init(void) { imx_uart_init(BOARD_UART1_PHYS); }
void board_early_uart_write(const char *s, unsigned n) { imx_uart_write(BOARD_UART1_PHYS, s, n); }

void board_uart_write(const char *s, unsigned n) { imx_uart_write(BOARD_UART1_VIRT, s, n); }

void board_pic_init(void)
{
	imx_tzic_init(&tzic);
	imx_tzic_set_priority(&tzic, BOARD_EPIT1_IRQ, IMX_TZIC_PRIORITY_HIGHEST);
}

void board_pic_init_cpu(unsigned cpu) { (void)cpu; } /* the Cortex-A8 is the only CPU */
void board_pic_send_ipi(unsigned cpu) { (void)cpu; }
unsigned board_pic_ipi_irq(void) { return BOARD_PIC_NO_IRQ; }

bool board_pic_take(unsigned *irq) { return imx_tzic_take(&tzic, irq); }
void board_pic_finish(unsigned irq) { (void)irq; } /* level-sensitive, no acknowledge */
void board_pic_mask(unsigned irq) { imx_tzic_mask(&tzic, irq); }
void board_pic_unmask(unsigned irq) { imx_tzic_unmask(&tzic, irq); }

void board_timer_init(void) { imx_epit_init(&epit, IMX_EPIT_CLOCK_HIGH_FREQ, 1); }
uint64_t board_timer_ticks(void) { return imx_epit_ticks(&epit); }
uint32_t board_timer_ticks_per_ms(void) { return BOARD_EPIT_TICKS_PER_MS; }
void board_timer_start(uint32_t ticks) { imx_epit_start(&epit, ticks); }
unsigned board_timer_irq(void) { return BOARD_EPIT1_IRQ; }
