/*
 * PD sessions: empty protection domains that a parent loads and starts
 * (see session/pd_session.h). The PD is a component like the ones core
 * loads itself, only with its parent's capability instead of core's.
 */
#include <base/affinity.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <session/pd_session.h>
#include <base/session_args.h>
#include "cap_space.h"
#include "core.h"
#include "region_map.h"
#include "session.h"
#include "sig_object.h"

struct pd_session {
	struct core_session base; /* first */
	struct component *pd;
};

static struct component *pd_of(struct rpc_object *o) { return ((struct pd_session *)o)->pd; }

struct component *pd_session_component(struct core_session *s)
{
	return ((struct pd_session *)s)->pd;
}

struct component *pd_of_cap(uint16_t cap)
{
	struct core_session *pd = session_lookup(cap, &pd_service);
	return pd ? pd_session_component(pd) : component_by_badge(cap);
}

static int address_space_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm = rm_address_space(pd_of(o));

	if (!rm)
		return PD_OUT_OF_QUOTA;
	r->caps_out = (struct rpc_caps){ 1, { rm_address_space_cap(rm) } };
	return RPC_OK;
}

static int start_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c           = pd_of(o);
	const struct pd_start_args *a = r->args;

	if (c->started)
		return PD_BAD_STATE;
	struct kernel_call_ret d =
	    kernel_call(KCALL_CAP_DELEGATE, (uint32_t)(uintptr_t)&c->pd, r->caps.id[0], 0, 0, 0);
	if (d.r0 != KERNEL_OK)
		return PD_START_FAILED;
	return component_start_main(c, a->ip, a->sp, (uint16_t)d.r1) == CORE_OK ? RPC_OK
										: PD_START_FAILED;
}

/*
 * Budgets move between PDs; the records of what their sessions' owners
 * donated follow, so that closing any PD session returns exactly what is
 * still in that PD: to the owner of the child's session itself, or to a PD
 * whose session the owner records as donation instead.
 */
static int withdraw_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct pd_session *s = (struct pd_session *)o;
	struct component *to = pd_of_cap(r->caps.id[0]);
	struct component *by = s->base.owner;
	uint32_t bytes       = ((const struct pd_amount *)r->args)->bytes;

	if (!to)
		return RPC_BAD_ARGS;
	if (bytes > component_ram_left(s->pd))
		return PD_OUT_OF_QUOTA;
	s->pd->ram.quota -= bytes;
	s->base.ram -= bytes;
	if (to == by) {
		account_refund(&by->ram, bytes);
		return RPC_OK;
	}
	to->ram.quota += bytes;
	if (to->pd_session) {
		account_refund(&by->ram, bytes);
		to->pd_session->ram += bytes;
		to->pd_session->owner->ram.used += bytes;
	}
	/* else: to a PD core loaded; the owner's record keeps the bytes, so
	 * closing the child's session returns only what is left in it */
	return RPC_OK;
}

static int quota_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c                  = pd_of(o);
	*(struct pd_quota_result *)r->result = (struct pd_quota_result){
		c->ram.quota, c->ram.quota - component_ram_left(c),
		c->exited,    c->cpu_us,
		c->faults,    c->cpu_first,
		c->cpu_count, c->started ? core_thread_cpu(&c->main) : c->cpu_first
	};
	return RPC_OK;
}

static int cpu_quota_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct pd_session *s = (struct pd_session *)o;
	struct component *p  = pd_of_cap(r->caps.id[0]); /* the giver */
	uint32_t percent     = ((const struct pd_amount *)r->args)->bytes;

	if (percent > 100 || !p || p == s->pd || s->pd->cpu_giver)
		return RPC_BAD_ARGS; /* one giver per PD, whose quota it gets back */
	uint32_t us = (uint32_t)((uint64_t)p->cpu_us * percent / 100);
	if (us > component_cpu_left(p))
		return PD_OUT_OF_CPU;
	p->cpu_given += us;
	component_cpu_rebalance(p);
	s->pd->cpu_us += us;
	s->pd->cpu_giver = p;
	component_cpu_rebalance(s->pd);
	return RPC_OK;
}

static int fault_handler_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct component *c = pd_of(o);

	if (!sig_context_of_name(r->caps.id[0]))
		return RPC_BAD_ARGS;
	core_name_replace(&c->fault_handler, r->caps.id[0]); /* until replaced or the PD goes */
	return RPC_OK;
}

static int fault_handler(struct rpc_object *o, struct rpc_request *r)
{
	*(struct pd_fault *)r->result = pd_of(o)->last_fault;
	return RPC_OK;
}

/* The child's CPUs, within its parent's (which are the board's) */
static int affinity_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct pd_session *s             = (struct pd_session *)o;
	const struct pd_affinity_args *a = r->args;
	const struct component *parent   = s->base.owner;
	struct affinity want             = { a->first, a->count };

	if (s->pd->started)
		return PD_BAD_STATE;
	if (!affinity_within(want, parent->cpu_first, parent->cpu_count))
		return PD_NO_CPU;
	s->pd->cpu_first = want.first;
	s->pd->cpu_count = want.count;
	return RPC_OK;
}

static const rpc_handler_t pd_handlers[PD_OPCODES] = {
	address_space_handler, start_handler,         withdraw_handler, quota_handler,
	cpu_quota_handler,     fault_handler_handler, fault_handler,    affinity_handler,
};
static const struct rpc_interface pd_iface = { PD_OPCODES, pd_functions, pd_handlers };

static int pd_open(struct core_session *cs, const char *args)
{
	struct pd_session *s = (struct pd_session *)cs;
	char label[48]       = "", name[32];

	session_arg_string(args, "label", label, sizeof(label));
	core_label_join(name, sizeof(name), cs->owner->name, label);
	s->pd = component_create(name, cs->ram - PD_SESSION_RAM, false);
	if (!s->pd)
		return PARENT_OUT_OF_QUOTA;
	s->pd->pd_session = cs;
	/* "priority": levels below the owner's top (init's <start priority="-n">) */
	uint64_t below = 0;
	unsigned top   = cs->owner->max_priority;
	session_arg_u64(args, "priority", &below);
	s->pd->max_priority = below < top ? top - (unsigned)below : 0;
	s->pd->cpu_first    = cs->owner->cpu_first; /* its parent's CPUs until PD_AFFINITY */
	s->pd->cpu_count    = cs->owner->cpu_count;
	return RPC_OK;
}

static void pd_close(struct core_session *cs) { component_destroy(((struct pd_session *)cs)->pd); }

static void pd_upgrade(struct core_session *cs, uint32_t ram)
{
	((struct pd_session *)cs)->pd->ram.quota += ram;
}

const struct session_type pd_service = {
	"PD",      PD_SESSION_RAM, PD_SESSION_CAPS, sizeof(struct pd_session),
	&pd_iface, pd_open,        pd_close,        pd_upgrade
};
