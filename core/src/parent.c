/*
 * Core as the parent of the components it starts, and core's LOG service.
 * Parent objects and sessions are RPC objects of core's entrypoint (the
 * core service thread); their identities come straight from the kernel.
 * Every session is paid for by the RAM quota the child donates with its
 * request, within the child's budget, and returned when it is closed.
 */
#include <base/parent.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <kernel/core_interface.h>
#include <session/log_session.h>
#include "cap_space.h"
#include "component.h"
#include "log_text.h"
#include "core.h"
#include "session.h"

struct log_session {
	struct core_session base; /* first */
	char label[64];
};
_Static_assert(sizeof(struct log_session) <= LOG_SESSION_RAM, "log_session: within its price");

static struct rpc_entrypoint core_ep;

static uint32_t ptr(const void *p) { return (uint32_t)(uintptr_t)p; }

static int core_mint(struct rpc_entrypoint *ep, struct rpc_object *obj)
{
	struct core_object *o = container_of(obj, struct core_object, obj);
	(void)ep;

	if (kernel_call2(KCALL_OBJ_CREATE, ptr(&o->identity), ptr(service_kobject())) != KERNEL_OK)
		return RPC_OUT_OF_CAPS;
	obj->cap = core_name_make(&o->identity);
	if (!obj->cap) {
		kernel_call_simple(KCALL_OBJ_DESTROY, ptr(&o->identity));
		return RPC_OUT_OF_CAPS;
	}
	return RPC_OK;
}

static void core_drop(struct rpc_entrypoint *ep, struct rpc_object *obj)
{
	struct core_object *o = container_of(obj, struct core_object, obj);
	(void)ep;
	kernel_call_simple(KCALL_OBJ_DESTROY, ptr(&o->identity)); /* every name dies */
	core_name_drop(obj->cap);
	obj->cap = 0;
}

static const struct rpc_minter core_minter = { core_mint, core_drop };

void parent_init(struct utcb *entrypoint_utcb)
{
	rpc_ep_init_with(&core_ep, entrypoint_utcb, &core_minter);
}
struct rpc_entrypoint *core_entrypoint(void) { return &core_ep; }

/* --- LOG --- */

/* Each line of a write is one line of the console, prefixed with the
 * session's label, in its printable form (log_text.h) */
static int log_write_handler(struct rpc_object *o, struct rpc_request *r)
{
	static char line[LOG_WRITE_MAX * LOG_TEXT_EXPANSION + 1]; /* core's stack is small */
	struct log_session *s          = (struct log_session *)o;
	const struct log_write_args *a = r->args;
	uint32_t n = a->len <= LOG_WRITE_MAX ? a->len : LOG_WRITE_MAX, start = 0;

	for (uint32_t i = 0; i <= n; i++) {
		if (i < n && a->text[i] != '\n')
			continue;
		if (i < n || i > start || start == 0) { /* not the empty rest after a newline */
			log_text_printable(a->text + start, i - start, line);
			core_log("[%s] %s\n", s->label, line);
		}
		start = i + 1;
	}
	return RPC_OK;
}

static const rpc_handler_t log_handlers[LOG_OPCODES] = { log_write_handler };
static const struct rpc_interface log_iface          = { LOG_OPCODES, log_functions, log_handlers };

void core_label_join(char *dst, unsigned size, const char *a, const char *b)
{
	unsigned n = 0;
	for (; *a && n < size - 1; a++)
		dst[n++] = *a;
	for (const char *sep = " -> "; *b && *sep && n < size - 1; sep++)
		dst[n++] = *sep;
	for (; *b && n < size - 1; b++)
		dst[n++] = *b;
	dst[n] = 0;
}

static int log_open(struct core_session *cs, const char *args)
{
	struct log_session *s = (struct log_session *)cs;
	char label[48]        = "";
	uint64_t number;

	if (!session_arg_string(args, "label", label, sizeof(label)) &&
	    session_arg_u64(args, "label", &number))
		return PARENT_BAD_ARGS; /* a label that is no string */
	core_label_join(s->label, sizeof(s->label), cs->owner->name, label);
	return RPC_OK;
}

static void log_close(struct core_session *s) { (void)s; }

const struct session_type log_service = {
	"LOG",      LOG_SESSION_RAM, LOG_SESSION_CAPS, sizeof(struct log_session),
	&log_iface, log_open,        log_close,        NULL
};

/* --- sessions --- */
static const struct session_type *const services[] = { &log_service, &ram_service, &rom_service,
						       &rm_service,  &pd_service,  &io_mem_service,
						       &irq_service, &cpu_service };

static bool name_is(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int session_open(struct component *c, const struct session_type *t, const char *args,
			uint32_t ram, uint32_t caps, struct rpc_request *r)
{
	struct core_session *s = core_page_alloc(); /* zeroed */
	int err;

	if (!s)
		return PARENT_OUT_OF_QUOTA;
	*s = (struct core_session){ .owner = c, .type = t, .ram = ram, .caps = caps };
	if ((err = t->open(s, args)) != RPC_OK) {
		core_page_free(s);
		return err;
	}
	if (rpc_ep_manage(&core_ep, &s->base.obj, t->iface) != RPC_OK) {
		t->close(s);
		core_page_free(s);
		return PARENT_OUT_OF_QUOTA;
	}
	account_charge(&c->ram, ram); /* checked by the caller */
	list_push_back(&c->sessions, &s->node);
	r->caps_out = (struct rpc_caps){ 1, { s->base.obj.cap } };
	return RPC_OK;
}

static void session_close(struct core_session *s)
{
	s->type->close(s);
	rpc_ep_dissolve(&core_ep, &s->base.obj);
	core_assert(s->base.identity.state != IDENTITY_ACTIVE,
		    "session_close: the session's identity is still linked");
	account_refund(&s->owner->ram, s->ram);
	list_remove(&s->node);
	core_page_free(s);
	core_cap_space_shrink();
}

struct core_session *session_lookup(uint16_t cap, const struct session_type *type)
{
	struct rpc_object *o = cap ? rpc_ep_lookup(&core_ep, cap) : NULL;
	if (!o || o->iface != type->iface)
		return NULL;
	return container_of(container_of(o, struct core_object, obj), struct core_session, base);
}

/* --- parent --- */
static struct component *child_of(struct rpc_object *o)
{
	return container_of(container_of(o, struct core_object, obj), struct component, parent);
}

/* A copy of a string of the request, terminated */
static void terminated(char *dst, const char *src, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		dst[i] = i < size - 1 ? src[i] : 0;
}

static int parent_session_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c          = child_of(o);
	const struct session_type *t = NULL;
	char service[PARENT_SERVICE_LEN], args[PARENT_ARGS_LEN];
	uint64_t ram = 0, caps = 0;

	const struct parent_session_args *a = r->args;

	terminated(service, a->service, sizeof(service));
	terminated(args, a->args, sizeof(args));
	if (!session_args_valid(args, sizeof(args)))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	session_arg_u64(args, "cap_quota", &caps);

	for (unsigned i = 0; i < sizeof(services) / sizeof(services[0]); i++)
		if (name_is(service, services[i]->name))
			t = services[i];
	if (!t)
		return PARENT_SERVICE_DENIED;
	if (ram < t->ram)
		return PARENT_INSUFFICIENT_RAM;
	if (caps < t->caps)
		return PARENT_INSUFFICIENT_CAPS;
	if (ram > component_ram_left(c) || caps > 0xffff)
		return PARENT_OUT_OF_QUOTA;
	return session_open(c, t, args, (uint32_t)ram, (uint32_t)caps, r);
}

static struct core_session *session_of(struct component *c, uint16_t cap)
{
	for (struct list_node *n = c->sessions.head.next; n != &c->sessions.head; n = n->next) {
		struct core_session *s = container_of(n, struct core_session, node);
		if (s->base.obj.cap == cap)
			return s;
	}
	return NULL;
}

static int parent_close_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct core_session *s = session_of(child_of(o), r->caps.id[0]);

	if (!s)
		return PARENT_BAD_ARGS; /* not a session of this child */
	struct component *c = s->owner;
	session_close(s);
	component_cap_space_shrink(c); /* names it needed for the session may be free again */
	return RPC_OK;
}

/* More quota for a session: "ram_quota=.., cap_quota=.." */
static int parent_upgrade_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c    = child_of(o);
	struct core_session *s = session_of(c, r->caps.id[0]);
	char args[PARENT_ARGS_LEN];
	uint64_t ram = 0, caps = 0;

	terminated(args, ((const struct parent_upgrade_args *)r->args)->args, sizeof(args));
	if (!s || !session_args_valid(args, sizeof(args)))
		return PARENT_BAD_ARGS;
	session_arg_u64(args, "ram_quota", &ram);
	session_arg_u64(args, "cap_quota", &caps);
	if (ram > component_ram_left(c) || caps > 0xffff - s->caps)
		return PARENT_OUT_OF_QUOTA;
	s->ram += (uint32_t)ram;
	s->caps += (uint32_t)caps;
	account_charge(&c->ram, (uint32_t)ram); /* checked above */
	if (s->type->upgrade)
		s->type->upgrade(s, (uint32_t)ram);
	return RPC_OK;
}

static int parent_exit_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c = child_of(o);
	component_exit(c, ((const struct parent_exit_args *)r->args)->code);
	return RPC_OK; /* the caller is gone: nobody gets this reply */
}

/* Nobody asks core for sessions of its components' services */
static int parent_announce_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	return PARENT_SERVICE_DENIED;
}

/* Core gives the components it loads a fixed budget: no more on request,
 * and it never asks for any back. */
static int parent_resource_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	return PARENT_OUT_OF_QUOTA;
}

static int parent_nothing_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	(void)r;
	return RPC_OK;
}

static int parent_yield_request_handler(struct rpc_object *o, struct rpc_request *r)
{
	(void)o;
	((struct parent_yield *)r->result)->ram = 0;
	return RPC_OK;
}

static const rpc_handler_t parent_handlers[PARENT_OPCODES] = {
	parent_session_handler, parent_close_handler,         parent_exit_handler,
	parent_upgrade_handler, parent_announce_handler,      parent_resource_handler,
	parent_nothing_handler, parent_yield_request_handler, parent_nothing_handler
};
static const struct rpc_interface parent_iface = { PARENT_OPCODES, parent_functions,
						   parent_handlers };

int parent_attach(struct component *c)
{
	return rpc_ep_manage(&core_ep, &c->parent.obj, &parent_iface);
}

void parent_detach(struct component *c)
{
	while (!list_empty(&c->sessions))
		session_close(container_of(c->sessions.head.prev, struct core_session, node));
	if (c->parent.obj.cap)
		rpc_ep_dissolve(&core_ep, &c->parent.obj);
}

/* Core calls no RPC servers; its own names come with core_name_make. */
bool rpc_cap_refill(struct utcb *u)
{
	(void)u;
	return false;
}
