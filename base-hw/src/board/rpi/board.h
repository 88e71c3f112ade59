/*
 * Raspberry Pi 1 / Zero (BCM2835, ARM1176JZF-S): physical memory map and
 * the kernel's device windows. Peripheral addresses are the ARM's physical
 * ones (BCM2835 ARM Peripherals, 1.2.3: bus address 0x7e000000 is ARM
 * physical 0x20000000).
 */
#pragma once

#include <arch/layout.h>

#define BOARD_NAME "rpi"

enum {
	/* RAM from 0 up to the GPU's part: 512 MiB boards with gpu_mem=64
	 * (the config.txt of make image, and QEMU raspi1ap -m 512). No device
	 * tree tells otherwise: QEMU passes none with an ELF image, and the
	 * config.txt asks the firmware for none. */
	BOARD_RAM_BASE = 0x00000000u,
	BOARD_RAM_SIZE = 448u << 20,
	BOARD_RAM_MAX  = 512u << 20, /* what a BCM2835 board has, the GPU's part included */
	BOARD_DTB_PHYS = 0,
	BOARD_DTB_MAX  = 0,           /* no device tree to look for */
	BOARD_IO_PHYS  = 0x20000000u, /* all peripherals */
	BOARD_IO_SIZE  = 0x01000000u,

	/* kernel devices in two 1 MiB sections of the device window */
	BOARD_IO_LOW_VIRT   = KERNEL_DEVICE_BASE,             /* 0x20000000: timer, IC */
	BOARD_IO_GPIO_VIRT  = KERNEL_DEVICE_BASE + 0x100000u, /* 0x20200000: GPIO, UART */
	BOARD_TIMER_PHYS    = 0x20003000u,
	BOARD_PIC_PHYS      = 0x2000b200u,
	BOARD_GPIO_PHYS     = 0x20200000u,
	BOARD_UART_PHYS     = 0x20201000u,
	BOARD_TIMER_VIRT    = BOARD_IO_LOW_VIRT + (BOARD_TIMER_PHYS - BOARD_IO_PHYS),
	BOARD_PIC_VIRT      = BOARD_IO_LOW_VIRT + (BOARD_PIC_PHYS - BOARD_IO_PHYS),
	BOARD_UART_VIRT     = BOARD_IO_GPIO_VIRT + (BOARD_UART_PHYS - BOARD_GPIO_PHYS),
	BOARD_TIMER_CHANNEL = 1, /* the kernel's; 0 and 2 are the GPU's, 3 is free */
	BOARD_TIMER_IRQ     = BOARD_TIMER_CHANNEL, /* system timer channel n is line n */
	BOARD_UART_IRQ      = 57,

	/* the console: UART0 (PL011) on GPIO 14 (TXD) and 15 (RXD), ALT0,
	 * 115200 8N1 from the 3 MHz UART clock config.txt asks for */
	BOARD_UART_TXD_PIN = 14,
	BOARD_UART_RXD_PIN = 15,
	BOARD_UART_CLOCK   = 3000000,
	BOARD_UART_BAUD    = 115200,
};
