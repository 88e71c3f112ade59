/*
 * IRQ sessions: an interrupt line for a user-level driver. The kernel's IRQ
 * object lives in the session page (paid by the session's donation); since
 * the kernel binds a line to a signal context when it creates the object,
 * core creates it when the driver names its context.
 *
 * States of a session:
 *   CLAIMED (irq.state IRQ_INVALID, context 0): the line is the session's,
 *     masked; no other session gets it (list taken)
 *   BOUND (irq.state IRQ_ACTIVE): interrupts mask the line and signal
 *     context; IRQ_ACK acknowledges the delivery and so unmasks the line
 *   CLAIMED --sigh--> BOUND --sigh--> BOUND (another context) --close--> gone
 * If the context dies first, the kernel unbinds it (irq.ctx NULL): the line
 * stays masked and IRQ_ACK reports IRQ_NO_CONTEXT.
 */
#include <base/parent.h>
#include <base/session_args.h>
#include <board/devices.h>
#include <kernel/call.h>
#include <kernel/irq.h>
#include <session/irq_session.h>
#include "cap_space.h"
#include "session.h"
#include "sig_object.h"

struct irq_session {
	struct core_session base; /* first */
	struct list_node node;    /* in taken */
	unsigned line;
	struct irq irq;   /* the kernel object while BOUND */
	uint16_t context; /* core's name of the bound signal context (kept) */
};
_Static_assert(sizeof(struct irq_session) <= IRQ_SESSION_RAM, "irq_session: within its price");

static struct list taken = { { &taken.head, &taken.head } };

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static bool may_have(unsigned line)
{
	if (line < board_irq_first || line >= board_irq_end)
		return false;
	for (unsigned i = 0; i < board_kernel_irq_count; i++)
		if (line == board_kernel_irqs[i])
			return false;
	for (struct list_node *n = taken.head.next; n != &taken.head; n = n->next)
		if (container_of(n, struct irq_session, node)->line == line)
			return false;
	return true;
}

/* The context behind core's name, if it is one of c's own */
static struct sig_context *own_context(struct component *c, uint16_t core_name)
{
	struct core_sig_object *o = sig_context_of_name(core_name);

	for (struct list_node *n = c->sig_objects.head.next; o && n != &c->sig_objects.head;
	     n                   = n->next)
                if (n == &o->node)
                        return &o->context;
	return NULL;
}

static void unbind(struct irq_session *s)
{
	if (s->irq.state == IRQ_ACTIVE)
		kernel_call_simple(KCALL_IRQ_DESTROY, ptr(&s->irq)); /* masks the line */
}

static int sigh_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct irq_session *s   = (struct irq_session *)o;
	struct sig_context *ctx = own_context(s->base.owner, r->caps.id[0]);

	if (!ctx || (ctx->irq && ctx->irq != &s->irq))
		return IRQ_BAD_CONTEXT; /* a context signals one line at most */
	unbind(s);
	bool bound =
	    kernel_call(KCALL_IRQ_CREATE, ptr(&s->irq), s->line, ptr(ctx), 0, 0).r0 == KERNEL_OK;
	core_name_replace(&s->context, bound ? r->caps.id[0] : 0); /* the same one again too */
	return bound ? RPC_OK : IRQ_BAD_CONTEXT;
}

static int ack_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct irq_session *s = (struct irq_session *)o;
	(void)r;

	if (s->irq.state != IRQ_ACTIVE || !s->irq.ctx)
		return IRQ_NO_CONTEXT;
	/* refused if no delivery awaits an ack: then the line is unmasked, or
	 * its signal not yet taken and the line rightly still masked */
	kernel_sig_ack(s->context);
	return RPC_OK;
}

static const rpc_handler_t irq_handlers[IRQ_OPCODES] = { sigh_handler, ack_handler };
static const struct rpc_interface irq_iface          = { IRQ_OPCODES, irq_functions, irq_handlers };

static int irq_open(struct core_session *cs, const char *args)
{
	struct irq_session *s = (struct irq_session *)cs;
	uint64_t line;

	if (!session_arg_u64(args, "irq", &line) || line >= IRQ_LINES)
		return PARENT_BAD_ARGS;
	if (!may_have((unsigned)line))
		return PARENT_SERVICE_DENIED;
	s->line = (unsigned)line;
	list_push_back(&taken, &s->node);
	return RPC_OK;
}

static void irq_close(struct core_session *cs)
{
	struct irq_session *s = (struct irq_session *)cs;

	unbind(s);
	core_name_replace(&s->context, 0);
	list_remove(&s->node);
}

const struct session_type irq_service = {
	"IRQ",      IRQ_SESSION_RAM, IRQ_SESSION_CAPS, sizeof(struct irq_session),
	&irq_iface, irq_open,        irq_close,        NULL
};
