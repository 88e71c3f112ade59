/* Board contract: the interrupt controller as the kernel uses it. */
#pragma once

#include <stdbool.h>

void board_pic_init(void);     /* on the boot CPU: the whole controller */
void board_pic_init_cpu(void); /* on every further CPU: its own part (interface, private lines) */
bool board_pic_take(unsigned *irq);  /* acknowledge the pending IRQ; false if spurious */
void board_pic_finish(unsigned irq); /* end of handling of the taken IRQ */
void board_pic_mask(unsigned irq);
void board_pic_unmask(unsigned irq);
