/*
 * CPU sessions: threads created in a PD named by capability (see
 * session/cpu_session.h). The session remembers its threads by (PD,
 * handle in the PD); a thread whose PD went away is simply gone.
 */
#include <kernel/call.h>
#include <session/cpu_session.h>
#include <session/pd_session.h>
#include "core.h"
#include "region_map.h"
#include "session.h"

struct cpu_thread_ref {
	struct component *pd; /* NULL: free slot */
	uint32_t handle;      /* in the PD */
	struct core_thread *thread;
};

struct cpu_session {
	struct core_session base; /* first */
	struct list_node node;    /* in all_sessions */
	uint16_t handler;         /* core's name of the exception handler, 0 none */
	struct cpu_thread_ref thread[CPU_SESSION_THREADS];
};
_Static_assert(sizeof(struct cpu_session) <= CPU_SESSION_RAM, "cpu_session: within its price");

static struct list all_sessions = { { &all_sessions.head, &all_sessions.head } };

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* The thread behind a handle, if it still exists */
static struct core_thread *thread_of(struct cpu_session *s, uint32_t handle)
{
	if (handle == 0 || handle > CPU_SESSION_THREADS)
		return NULL;
	struct cpu_thread_ref *t = &s->thread[handle - 1];
	if (!t->pd || !component_alive(t->pd) || component_thread(t->pd, t->handle) != t->thread) {
		t->pd = NULL;
		return NULL;
	}
	return t->thread;
}

static int create_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct cpu_session *s           = (struct cpu_session *)o;
	const struct cpu_create_args *a = r->args;
	struct component *pd            = pd_of_cap(r->caps.id[0]);
	struct cpu_thread_ref *slot     = NULL;
	struct core_thread *t           = NULL;

	if (!pd || pd->exited)
		return CPU_BAD_PD;
	for (unsigned i = 0; i < CPU_SESSION_THREADS; i++) {
		thread_of(s, i + 1); /* frees slots of dead threads */
		if (!slot && !s->thread[i].pd)
			slot = &s->thread[i];
	}
	if (!slot)
		return CPU_LIMIT;
	enum core_result cr = component_add_thread(pd, a->ip, a->sp, a->priority, &t);
	if (cr != CORE_OK)
		return cr == CORE_DENIED ? CPU_LIMIT : CPU_START_FAILED;
	*slot                                    = (struct cpu_thread_ref){ pd, t->handle, t };
	t->cpu_session                           = &s->base;
	((struct cpu_handle *)r->result)->handle = (uint32_t)(slot - s->thread) + 1;
	return RPC_OK;
}

static int control(struct rpc_object *o, struct rpc_request *r, uint32_t call)
{
	struct core_thread *t =
	    thread_of((struct cpu_session *)o, ((const struct cpu_handle *)r->args)->handle);
	if (!t)
		return CPU_NO_THREAD;
	return kernel_call_simple(call, ptr(&t->thread)) == KERNEL_OK ? RPC_OK : CPU_NO_THREAD;
}

static int pause_handler(struct rpc_object *o, struct rpc_request *r)
{
	return control(o, r, KCALL_THREAD_PAUSE);
}

static int resume_handler(struct rpc_object *o, struct rpc_request *r)
{
	return control(o, r, KCALL_THREAD_RESUME);
}

static int state_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct core_thread *t =
	    thread_of((struct cpu_session *)o, ((const struct cpu_handle *)r->args)->handle);
	struct cpu_thread_state *out = r->result;
	struct cpu_regs regs;

	if (!t || kernel_call2(KCALL_THREAD_REGS, ptr(&t->thread), ptr(&regs)) != KERNEL_OK)
		return CPU_NO_THREAD;
	bool faulted = t->thread.state == THREAD_FAULTED;
	*out         = (struct cpu_thread_state){ regs.pc, regs.sp, faulted,
                                          faulted ? t->thread.fault.addr : 0 };
	return RPC_OK;
}

static int kill_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct cpu_session *s = (struct cpu_session *)o;
	uint32_t h            = ((const struct cpu_handle *)r->args)->handle;
	struct core_thread *t = thread_of(s, h);

	if (!t)
		return CPU_NO_THREAD;
	struct cpu_thread_ref *ref = &s->thread[h - 1];
	if (t->handle == 0) /* a main thread ends with its PD */
		return CPU_NO_THREAD;
	component_kill_thread(ref->pd, ref->handle);
	ref->pd = NULL;
	return RPC_OK;
}

static int handler_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct cpu_session *s = (struct cpu_session *)o;

	if (!component_is_sig_context(r->caps.id[0]))
		return RPC_BAD_ARGS;
	s->handler = r->caps.id[0];
	return RPC_OK;
}

static const rpc_handler_t cpu_handlers[CPU_OPCODES] = { create_handler, pause_handler,
							 resume_handler, state_handler,
							 kill_handler,   handler_handler };
static const struct rpc_interface cpu_iface          = { CPU_OPCODES, cpu_functions, cpu_handlers };

void cpu_session_thread_faulted(struct core_thread *t)
{
	struct cpu_session *s = (struct cpu_session *)t->cpu_session;
	if (s && s->handler)
		kernel_sig_submit(s->handler, 1);
}

void cpu_session_forget_handler(uint16_t core_id)
{
	for (struct list_node *n = all_sessions.head.next; n != &all_sessions.head; n = n->next) {
		struct cpu_session *s = container_of(n, struct cpu_session, node);
		if (s->handler == core_id)
			s->handler = 0;
	}
}

static int cpu_open(struct core_session *cs, const char *args)
{
	(void)args;
	list_push_back(&all_sessions, &((struct cpu_session *)cs)->node);
	return RPC_OK;
}

/* Threads outlive the session: they belong to their PD. */
static void cpu_close(struct core_session *cs)
{
	struct cpu_session *s = (struct cpu_session *)cs;
	for (unsigned i = 0; i < CPU_SESSION_THREADS; i++)
		if (thread_of(s, i + 1))
			s->thread[i].thread->cpu_session = NULL;
	list_remove(&s->node);
}

const struct session_type cpu_service = {
	"CPU",      CPU_SESSION_RAM, CPU_SESSION_CAPS, sizeof(struct cpu_session),
	&cpu_iface, cpu_open,        cpu_close,        NULL
};
