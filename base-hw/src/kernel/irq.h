/*
 * User-level interrupts: an IRQ object binds a line to a signal context.
 * When the line fires, the kernel masks it and submits the context; the
 * acknowledgement of that context unmasks the line again.
 *
 * States: (zeroed) --create--> ACTIVE --destroy--> INVALID.
 */
#pragma once

#include <stdbool.h>
#include <kernel/result.h>

struct sig_context;

enum irq_state { IRQ_INVALID = 0, IRQ_ACTIVE = 0x4952 };

enum { IRQ_LINES = 1024 };

struct irq {
	enum irq_state state;
	unsigned line;
	struct sig_context *ctx;
};

enum kernel_result irq_create(struct irq *irq, unsigned line, struct sig_context *ctx);
enum kernel_result irq_destroy(struct irq *irq);
/* The kernel took an interrupt on this line: true if a user IRQ owns it. */
bool irq_occurred(unsigned line);
void irq_ack(struct irq *irq);
/* The bound context goes away first: the line stays masked. */
void irq_unbind(struct irq *irq);
