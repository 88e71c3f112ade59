/*
 * Timeouts (see timeout.h).
 */
#include "timeout.h"
#include "kernel.h"
#include "signal.h"

void timeout_init(struct cpu *cpu) { list_init(&cpu->timeouts); }

void timeout_cancel(struct timeout *t)
{
	if (list_node_linked(&t->node))
		list_remove(&t->node);
	t->ctx = NULL;
}

void timeout_set(struct timeout *t, uint64_t now, uint64_t ticks, struct sig_context *ctx)
{
	struct cpu *cpu       = cpu_local();
	struct list *timeouts = &cpu->timeouts;
	struct list_node *pos;

	timeout_cancel(t);
	cpu->timeouts_set++;
	t->deadline = ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;
	t->ctx      = ctx;
	for (pos = timeouts->head.next; pos != &timeouts->head; pos = pos->next)
		if (container_of(pos, struct timeout, node)->deadline > t->deadline)
			break;
	list_insert_before(pos, &t->node);
}

void timeout_cancel_context(struct sig_context *ctx)
{
	for (unsigned i = 0; i < kernel.cpu_count; i++) {
		struct list *timeouts = &kernel.cpus[i].timeouts;
		struct list_node *n   = timeouts->head.next;

		while (n != &timeouts->head) {
			struct timeout *t = container_of(n, struct timeout, node);
			n                 = n->next;
			if (t->ctx == ctx)
				timeout_cancel(t);
		}
	}
}

void timeout_expire(struct cpu *cpu, uint64_t now)
{
	struct list_node *n;

	while ((n = list_first(&cpu->timeouts))) {
		struct timeout *t = container_of(n, struct timeout, node);
		if (t->deadline > now)
			return;
		struct sig_context *ctx = t->ctx;
		timeout_cancel(t);
		sig_submit(ctx, 1);
	}
}

uint64_t timeout_next(struct cpu *cpu, uint64_t now)
{
	struct list_node *n = list_first(&cpu->timeouts);

	if (!n)
		return UINT64_MAX;
	uint64_t d = container_of(n, struct timeout, node)->deadline;
	return d > now ? d - now : 0;
}
