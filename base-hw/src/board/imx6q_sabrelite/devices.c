/*
 * i.MX6Q SABRE Lite: what user-level drivers may get (board/devices.h).
 * The peripherals of both AIPS buses; the kernel keeps EPIT1, UART2 and the
 * MPCore block (GIC), and no driver gets the blocks that would let it take
 * over the machine: the bridges' access control (AIPS), the central
 * security unit (CSU) and the system reset controller (SRC: it starts the
 * other cores at an address it is given). QEMU's GIC has 160 interrupt
 * ids (128 SPIs).
 */
#include <board/devices.h>
#include "board.h"

enum {
	IMX_BLOCK_SIZE = 0x4000u,
	MPCORE_SIZE    = 0x2000u,
	AIPS1_CONFIG   = 0x0207c000u,
	AIPS2_CONFIG   = 0x0217c000u,
	SRC_PHYS       = 0x020d8000u,
	CSU_PHYS       = 0x021c0000u,
};

/* The whole window RAM may occupy, whatever the board has */
const struct board_range board_ram = { BOARD_RAM_BASE, BOARD_RAM_MAX };

const struct board_range board_io_mem_windows[] = {
	{ BOARD_AIPS1_PHYS, 0x200000u },
};
const unsigned board_io_mem_window_count =
    sizeof(board_io_mem_windows) / sizeof(board_io_mem_windows[0]);

const struct board_range board_kernel_devices[] = {
	{ BOARD_MPCORE_PHYS, MPCORE_SIZE },   { BOARD_EPIT1_PHYS, IMX_BLOCK_SIZE },
	{ BOARD_UART2_PHYS, IMX_BLOCK_SIZE }, { AIPS1_CONFIG, IMX_BLOCK_SIZE },
	{ AIPS2_CONFIG, IMX_BLOCK_SIZE },     { SRC_PHYS, IMX_BLOCK_SIZE },
	{ CSU_PHYS, IMX_BLOCK_SIZE },
};
const unsigned board_kernel_device_count =
    sizeof(board_kernel_devices) / sizeof(board_kernel_devices[0]);

/* SPIs only: SGIs and PPIs (the Cortex-A9 timers) are per CPU */
const unsigned board_irq_first = 32, board_irq_end = 32 + 128;
const unsigned board_kernel_irqs[]    = { BOARD_EPIT1_IRQ, BOARD_UART2_IRQ };
const unsigned board_kernel_irq_count = sizeof(board_kernel_irqs) / sizeof(board_kernel_irqs[0]);
