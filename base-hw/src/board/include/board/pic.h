/* Board contract: the interrupt controller as the kernel uses it. */
#pragma once

#include <stdbool.h>

void board_pic_init(void); /* on the boot CPU (index 0): the whole controller */
/* on every further CPU (index cpu): its own part (interface, private lines) */
void board_pic_init_cpu(unsigned cpu);
/* Inter-processor interrupts: raise board_pic_ipi_irq() on CPU index cpu.
 * A board with one CPU never sends one; its ipi line is BOARD_PIC_NO_IRQ. */
void board_pic_send_ipi(unsigned cpu);
unsigned board_pic_ipi_irq(void);
enum { BOARD_PIC_NO_IRQ = 0xffffffffu };
bool board_pic_take(unsigned *irq);  /* acknowledge the pending IRQ; false if spurious */
void board_pic_finish(unsigned irq); /* end of handling of the taken IRQ */
void board_pic_mask(unsigned irq);
void board_pic_unmask(unsigned irq);
