/*
 * CPU sessions: threads created in a PD named by capability (see
 * session/cpu_session.h). The threads belong to their PD (its quota pays
 * for them); the session links the ones it made through their struct
 * core_thread and names them by its own handles, so it holds no table. A
 * thread that goes unlinks itself; closing the session lets its threads
 * live on.
 */
#include <kernel/call.h>
#include <session/cpu_session.h>
#include <session/pd_session.h>
#include "cap_space.h"
#include "core.h"
#include "session.h"
#include "sig_object.h"
#include <kernel/kernel.h>

struct cpu_session {
	struct core_session base; /* first */
	uint16_t handler;         /* core's name of the exception handler (kept), 0 none */
	struct list threads;      /* struct core_thread.cpu_node */
	uint32_t next_handle;
};
_Static_assert(sizeof(struct cpu_session) <= CPU_SESSION_RAM, "cpu_session: within its price");

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

/* The thread behind a handle, if it still exists */
static struct core_thread *thread_of(struct cpu_session *s, uint32_t handle)
{
	for (struct list_node *n = s->threads.head.next; n != &s->threads.head; n = n->next) {
		struct core_thread *t = container_of(n, struct core_thread, cpu_node);
		if (t->cpu_handle == handle)
			return t;
	}
	return NULL;
}

/* cpu is one of the PD's (PD_AFFINITY), all of which the board has */
static bool in_range(const struct component *pd, uint32_t cpu)
{
	return cpu >= pd->cpu_first && cpu - pd->cpu_first < pd->cpu_count;
}

static struct core_thread *thread_of_request(struct rpc_object *o, struct rpc_request *r)
{
	return thread_of((struct cpu_session *)o, ((const struct cpu_handle *)r->args)->handle);
}

static int create_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct cpu_session *s           = (struct cpu_session *)o;
	const struct cpu_create_args *a = r->args;
	struct component *pd            = pd_of_cap(r->caps.id[0]);
	struct core_thread *t           = NULL;

	if (!pd || pd->exited)
		return CPU_BAD_PD;
	uint32_t cpu = a->affinity == CPU_AFFINITY_FIRST ? pd->cpu_first : a->affinity;
	if (!in_range(pd, cpu))
		return CPU_OUT_OF_RANGE;
	enum core_result cr = core_thread_create(pd, a->ip, a->sp, a->priority, cpu, &t);
	if (cr != CORE_OK)
		return cr == CORE_DENIED         ? CPU_LIMIT
		       : cr == CORE_OUT_OF_QUOTA ? CPU_OUT_OF_QUOTA
						 : CPU_START_FAILED;
	t->cpu_session = &s->base;
	t->cpu_handle  = ++s->next_handle;
	list_push_back(&s->threads, &t->cpu_node);
	((struct cpu_handle *)r->result)->handle = t->cpu_handle;
	return RPC_OK;
}

static int control(struct rpc_object *o, struct rpc_request *r, uint32_t call)
{
	struct core_thread *t = thread_of_request(o, r);
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

/* The thread's CPU time, what its CPU has not charged yet included (the
 * kernel reads it under its lock: no torn value) */
static uint32_t time_us(const struct core_thread *t)
{
	uint64_t ticks = 0;
	kernel_call2(KCALL_THREAD_CPU_TIME, ptr(&t->thread), ptr(&ticks));
	return (uint32_t)kernel_ticks_to_us(ticks);
}

static int state_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct core_thread *t        = thread_of_request(o, r);
	struct cpu_thread_state *out = r->result;
	struct cpu_regs regs;

	if (!t || kernel_call2(KCALL_THREAD_REGS, ptr(&t->thread), ptr(&regs)) != KERNEL_OK)
		return CPU_NO_THREAD;
	bool faulted = t->thread.state == THREAD_FAULTED;
	*out         = (struct cpu_thread_state){
			regs.pc,   regs.sp, faulted, faulted ? t->thread.fault.addr : 0, core_thread_cpu(t),
			time_us(t)
	};
	return RPC_OK;
}

static int affinity_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct cpu_affinity_args *a = r->args;
	struct core_thread *t             = thread_of((struct cpu_session *)o, a->handle);

	if (!t)
		return CPU_NO_THREAD;
	if (!in_range(t->owner, a->affinity))
		return CPU_OUT_OF_RANGE;
	return kernel_call2(KCALL_THREAD_CPU, ptr(&t->thread), a->affinity) == KERNEL_OK
		   ? RPC_OK
		   : CPU_NO_CPU;
}

static int kill_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct core_thread *t = thread_of_request(o, r);

	if (!t)
		return CPU_NO_THREAD;
	core_thread_destroy(t); /* unlinks it from this session */
	return RPC_OK;
}

static int handler_handler(struct rpc_object *o, struct rpc_request *r)
{
	if (!sig_context_of_name(r->caps.id[0]))
		return RPC_BAD_ARGS;
	core_name_replace(&((struct cpu_session *)o)->handler, r->caps.id[0]);
	return RPC_OK;
}

static const rpc_handler_t cpu_handlers[CPU_OPCODES] = {
	create_handler, pause_handler,   resume_handler,   state_handler,
	kill_handler,   handler_handler, affinity_handler,
};
static const struct rpc_interface cpu_iface = { CPU_OPCODES, cpu_functions, cpu_handlers };

void cpu_session_thread_faulted(struct core_thread *t)
{
	struct cpu_session *s = (struct cpu_session *)t->cpu_session;
	if (s && s->handler)
		kernel_sig_submit(s->handler, 1);
}

void cpu_session_thread_gone(struct core_thread *t)
{
	if (!t->cpu_session)
		return;
	list_remove(&t->cpu_node);
	t->cpu_session = NULL;
}

static int cpu_open(struct core_session *cs, const char *args)
{
	(void)args;
	list_init(&((struct cpu_session *)cs)->threads);
	return RPC_OK;
}

/* Threads outlive the session: they belong to their PD. */
static void cpu_close(struct core_session *cs)
{
	struct cpu_session *s = (struct cpu_session *)cs;

	while (!list_empty(&s->threads))
		cpu_session_thread_gone(
		    container_of(list_first(&s->threads), struct core_thread, cpu_node));
	core_name_replace(&s->handler, 0);
}

const struct session_type cpu_service = {
	"CPU",      CPU_SESSION_RAM, CPU_SESSION_CAPS, sizeof(struct cpu_session),
	&cpu_iface, cpu_open,        cpu_close,        NULL
};
