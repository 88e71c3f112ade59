/*
 * i.MX53 QSB: what user-level drivers may get (board/devices.h). The
 * peripherals behind both AIPS bridges; the kernel keeps the TZIC, EPIT1
 * and UART1, and no driver gets the blocks that would let it take over the
 * machine: the bridges' access control (AIPS), the central security unit
 * (CSU) and the system reset controller (SRC: resets, boot addresses).
 */
#include <board/devices.h>
#include "board.h"

enum {
	IMX_BLOCK_SIZE = 0x4000u,
	AIPS1_PHYS     = 0x50000000u,
	AIPS2_PHYS     = 0x60000000u,
	AIPS_SIZE      = 0x04000000u,
	AIPS1_CONFIG   = 0x53f00000u,
	AIPS2_CONFIG   = 0x63f00000u,
	SRC_PHYS       = 0x53fd0000u,
	CSU_PHYS       = 0x63f9c000u,
};

/* The whole window RAM may occupy, whatever the board has */
const struct board_range board_ram = { BOARD_RAM_BASE, BOARD_RAM_MAX };

const struct board_range board_io_mem_windows[] = {
	{ AIPS1_PHYS, AIPS_SIZE },
	{ AIPS2_PHYS, AIPS_SIZE },
};
const unsigned board_io_mem_window_count =
    sizeof(board_io_mem_windows) / sizeof(board_io_mem_windows[0]);

const struct board_range board_kernel_devices[] = {
	{ BOARD_TZIC_PHYS, IMX_BLOCK_SIZE },  { BOARD_EPIT1_PHYS, IMX_BLOCK_SIZE },
	{ BOARD_UART1_PHYS, IMX_BLOCK_SIZE }, { AIPS1_CONFIG, IMX_BLOCK_SIZE },
	{ AIPS2_CONFIG, IMX_BLOCK_SIZE },     { SRC_PHYS, IMX_BLOCK_SIZE },
	{ CSU_PHYS, IMX_BLOCK_SIZE },
};
const unsigned board_kernel_device_count =
    sizeof(board_kernel_devices) / sizeof(board_kernel_devices[0]);

const unsigned board_irq_first = 0, board_irq_end = 128;
const unsigned board_kernel_irqs[]    = { BOARD_EPIT1_IRQ, BOARD_UART1_IRQ };
const unsigned board_kernel_irq_count = sizeof(board_kernel_irqs) / sizeof(board_kernel_irqs[0]);
