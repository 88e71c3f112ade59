/*
 * Raspberry Pi (BCM2835): PL011 console on GPIO 14/15, the BCM2835
 * interrupt controller, and the system timer's channel 1 as the kernel
 * timer (1 MHz).
 */
#include <board/mmio.h>
#include <board/pic.h>
#include <board/timer.h>
#include <board/uart.h>
#include <driver/bcm2835_gpio.h>
#include <driver/bcm2835_pic.h>
#include <driver/bcm2835_system_timer.h>
#include <driver/pl011.h>
#include "board.h"

const struct board_mmio board_mmio[] = {
	{ BOARD_IO_PHYS, BOARD_IO_LOW_VIRT, 0x100000 },
	{ BOARD_GPIO_PHYS, BOARD_IO_GPIO_VIRT, 0x100000 },
};
const unsigned board_mmio_count = sizeof(board_mmio) / sizeof(board_mmio[0]);

static struct bcm2835_pic pic = { BOARD_PIC_VIRT, { 0 } };

/* Real boards need the pins routed and the divisor set (QEMU does not). */
void board_early_uart_init(void)
{
	uint32_t pins = (1u << BOARD_UART_TXD_PIN) | (1u << BOARD_UART_RXD_PIN);

	bcm2835_gpio_function(BOARD_GPIO_PHYS, BOARD_UART_TXD_PIN, BCM2835_GPIO_ALT0);
	bcm2835_gpio_function(BOARD_GPIO_PHYS, BOARD_UART_RXD_PIN, BCM2835_GPIO_ALT0);
	bcm2835_gpio_pull(BOARD_GPIO_PHYS, pins, BCM2835_PULL_OFF);
	pl011_init(BOARD_UART_PHYS, BOARD_UART_CLOCK, BOARD_UART_BAUD);
}

void board_early_uart_write(const char *s, unsigned n) { pl011_write(BOARD_UART_PHYS, s, n); }
void board_uart_write(const char *s, unsigned n) { pl011_write(BOARD_UART_VIRT, s, n); }

void board_pic_init(void) { bcm2835_pic_init(&pic); }
void board_pic_init_cpu(unsigned cpu) { (void)cpu; } /* one CPU */
void board_pic_send_ipi(unsigned cpu) { (void)cpu; }
unsigned board_pic_ipi_irq(void) { return BOARD_PIC_NO_IRQ; }
bool board_pic_take(unsigned *irq) { return bcm2835_pic_take(&pic, irq); }
void board_pic_finish(unsigned irq) { (void)irq; } /* level-triggered: nothing to end */
void board_pic_mask(unsigned irq) { bcm2835_pic_enable(&pic, irq, false); }
void board_pic_unmask(unsigned irq) { bcm2835_pic_enable(&pic, irq, true); }

void board_timer_init(void) {}
uint64_t board_timer_ticks(void) { return bcm2835_timer_count(BOARD_TIMER_VIRT); }
uint32_t board_timer_ticks_per_ms(void) { return BCM2835_TIMER_HZ / 1000; }
/* also clears the match that raised the interrupt */
void board_timer_start(uint32_t ticks)
{
	bcm2835_timer_start(BOARD_TIMER_VIRT, BOARD_TIMER_CHANNEL, ticks);
}
unsigned board_timer_irq(void) { return BOARD_TIMER_IRQ; }
