/*
 * User-level interrupts (see irq.h).
 */
#include "irq.h"
#include "kernel.h"
#include "signal.h"
#include <board/pic.h>
#include <board/timer.h>

enum kernel_result irq_create(struct irq *irq, unsigned line, struct sig_context *ctx)
{
	if (irq->state == IRQ_ACTIVE)
		return KERNEL_INVALID_STATE;
	if (line >= IRQ_LINES || line == board_timer_irq())
		return KERNEL_INVALID_ARG;
	if (!ctx || ctx->state != SIG_CONTEXT_ACTIVE || ctx->irq)
		return KERNEL_INVALID_ARG;
	if (kernel.irqs[line])
		return KERNEL_INVALID_STATE; /* the line has an owner */
	irq->line         = line;
	irq->ctx          = ctx;
	ctx->irq          = irq;
	irq->state        = IRQ_ACTIVE;
	kernel.irqs[line] = irq;
	board_pic_unmask(line);
	return KERNEL_OK;
}

enum kernel_result irq_destroy(struct irq *irq)
{
	if (irq->state != IRQ_ACTIVE)
		return KERNEL_INVALID_STATE;
	board_pic_mask(irq->line);
	kernel.irqs[irq->line] = NULL;
	if (irq->ctx)
		irq->ctx->irq = NULL;
	irq->state = IRQ_INVALID;
	return KERNEL_OK;
}

bool irq_occurred(unsigned line)
{
	struct irq *irq = line < IRQ_LINES ? kernel.irqs[line] : NULL;

	if (!irq)
		return false;
	board_pic_mask(line); /* until the driver acknowledges */
	if (irq->ctx)
		sig_submit(irq->ctx, 1);
	return true;
}

void irq_ack(struct irq *irq) { board_pic_unmask(irq->line); }

void irq_unbind(struct irq *irq) { irq->ctx = NULL; }
