/*
 * Region maps: attachments of dataspaces to ranges of a component's address
 * space or of a managed region map (an RM session), and the resolution of
 * page faults through them. Pages are mapped one at a time when first
 * touched; detaching unmaps them from every address space they reached,
 * directly or through a managed region map.
 *
 * Attachments are objects of the map's pool, paid by the map's owner (see
 * session/rm_session.h), in a list sorted by address. A thread whose fault
 * waits for the handler of a managed map is linked into the map's waiting
 * list through its own struct core_thread, so any number can wait.
 */
#include <arch/cpu.h>
#include <base/parent.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include "cap_space.h"
#include "core.h"
#include "dataspace.h"
#include "pager.h"
#include "region_map.h"
#include "session.h"
#include "sig_object.h"

enum { PAGE = 4096, RM_MAX_SIZE = 0x40000000 };

struct attachment {
	struct list_node node; /* in rm->attachments, by base */
	uint32_t base, size;   /* in the region map */
	uint32_t offset;       /* into the dataspace */
	uint32_t flags;        /* RM_ATTACH_WRITE, RM_ATTACH_EXEC */
	struct dataspace *ds;
};

struct region_map {
	struct component *space; /* whose address space this is; NULL: managed */
	uint32_t start, end;
	struct dataspace ds;   /* managed: how it is attached elsewhere */
	uint16_t handler;      /* core's name of the fault handler's signal context (kept) */
	struct list_node node; /* in all_maps */
	struct list attachments;
	struct object_pool pool; /* of the attachments */
	struct list waiting;     /* struct core_thread.wait_node: faults for the handler */
};

/* An address space's map and an RM session look alike to the handlers */
struct rm_session {
	struct core_session base; /* first: the RPC object */
	struct account ram;       /* managed: the donation beyond the session page */
	struct region_map rm;
};
_Static_assert(sizeof(struct rm_session) <= PAGE, "rm_session: must fit its page");

static struct list all_maps = { { &all_maps.head, &all_maps.head } };

static struct region_map *rm_of(struct rpc_object *o) { return &((struct rm_session *)o)->rm; }

static struct attachment *att_of(struct list_node *n)
{
	return container_of(n, struct attachment, node);
}

#define for_each_attachment(rm, a)                                                         \
	for (struct attachment *a                   = att_of((rm)->attachments.head.next); \
	     &a->node != &(rm)->attachments.head; a = att_of(a->node.next))

static bool overlaps(uint32_t a, uint32_t a_size, uint32_t b, uint32_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

static struct attachment *first_overlap(struct region_map *rm, uint32_t base, uint32_t size)
{
	for_each_attachment(rm, a)
	{
		if (overlaps(base, size, a->base, a->size))
			return a;
		if (a->base >= base + size)
			break;
	}
	return NULL;
}

static struct attachment *attachment_at(struct region_map *rm, uint32_t addr)
{
	return first_overlap(rm, addr, 1);
}

/* --- unmapping --- */
static void unmap(struct region_map *rm, uint32_t base, uint32_t size);

/* [offset, offset + size) of ds is no longer valid: wherever it is attached */
static void unmap_dataspace(struct dataspace *ds, uint32_t offset, uint32_t size)
{
	for (struct list_node *n = all_maps.head.next; n != &all_maps.head; n = n->next) {
		struct region_map *rm = container_of(n, struct region_map, node);
		for_each_attachment(rm, a)
		{
			if (a->ds != ds || !overlaps(offset, size, a->offset, a->size))
				continue;
			uint32_t from = offset > a->offset ? offset : a->offset;
			uint32_t to   = offset + size < a->offset + a->size ? offset + size
									    : a->offset + a->size;
			unmap(rm, a->base + (from - a->offset), to - from);
		}
	}
}

static void unmap(struct region_map *rm, uint32_t base, uint32_t size)
{
	if (!rm->space)
		unmap_dataspace(&rm->ds, base, size);
	else
		address_space_unmap(rm->space, base, size);
}

static void detach(struct region_map *rm, struct attachment *a)
{
	unmap(rm, a->base, a->size);
	list_remove(&a->node);
	object_pool_free(&rm->pool, a);
}

static void detach_all(struct region_map *rm)
{
	while (!list_empty(&rm->attachments))
		detach(rm, att_of(list_first(&rm->attachments)));
}

void rm_forget_dataspace(struct dataspace *ds)
{
	for (struct list_node *n = all_maps.head.next; n != &all_maps.head; n = n->next) {
		struct region_map *rm = container_of(n, struct region_map, node);
		for (struct list_node *m = rm->attachments.head.next; m != &rm->attachments.head;) {
			struct attachment *a = att_of(m);
			m                    = m->next;
			if (a->ds == ds)
				detach(rm, a);
		}
	}
}

/* --- fault resolution --- */
struct translation {
	uint32_t phys;
	bool write, exec;
	bool device;                /* IO_MEM: uncached and ordered, never executed */
	struct region_map *missing; /* where nothing is attached */
	uint32_t missing_addr;
};

/* Managed maps are attached to address spaces only, so the walk is two
 * steps at most. */
static bool translate(struct region_map *rm, uint32_t addr, struct translation *t)
{
	struct attachment *a = attachment_at(rm, addr);

	if (!a) {
		t->missing      = rm;
		t->missing_addr = addr;
		return false;
	}
	uint32_t offset = a->offset + ((addr - a->base) & ~(PAGE - 1));
	t->write &= (a->flags & RM_ATTACH_WRITE) != 0;
	t->exec &= (a->flags & RM_ATTACH_EXEC) != 0;
	if (a->ds->kind == DS_MANAGED)
		return translate(a->ds->managed, offset + (addr & (PAGE - 1)), t);
	t->phys   = a->ds->phys + offset;
	t->device = a->ds->kind == DS_IO_MEM;
	t->exec &= !t->device;
	return true;
}

static enum rm_fault_type fault_type(enum fault_type t)
{
	return t == FAULT_WRITE ? RM_FAULT_WRITE : t == FAULT_EXEC ? RM_FAULT_EXEC : RM_FAULT_READ;
}

/* The thread waits for the handler of rm (oldest first) */
static enum rm_resolution reflect(struct region_map *rm, struct core_thread *th, uint32_t addr)
{
	if (!rm->handler)
		return RM_UNRESOLVED;
	rm_thread_gone(th); /* it waits at one map at most */
	th->waits_at  = rm;
	th->wait_addr = addr;
	th->wait_type = fault_type(th->thread.fault.type);
	list_push_back(&rm->waiting, &th->wait_node);
	kernel_sig_submit(rm->handler, 1);
	return RM_REFLECTED;
}

void rm_thread_gone(struct core_thread *th)
{
	if (!th->waits_at)
		return;
	list_remove(&th->wait_node);
	th->waits_at = NULL;
}

enum rm_resolution rm_resolve_fault(struct core_thread *th)
{
	const struct fault *f = &th->thread.fault;
	struct region_map *rm = th->owner->space;
	struct translation t  = { 0, true, true, false, NULL, 0 };
	uint32_t va           = f->addr & ~(PAGE - 1);

	if (!rm || f->type == FAULT_UNDEFINED || f->cause == FAULT_CAUSE_ALIGNMENT ||
	    f->cause == FAULT_CAUSE_OTHER || f->addr < rm->start || f->addr >= rm->end)
		return RM_UNRESOLVED;
	if (!translate(rm, f->addr, &t))
		return t.missing == rm ? RM_UNRESOLVED : reflect(t.missing, th, t.missing_addr);
	if ((f->type == FAULT_WRITE && !t.write) || (f->type == FAULT_EXEC && !t.exec)) {
		core_log("core: \"%s\": %s of a %s attachment refused\n", th->owner->name,
			 f->type == FAULT_WRITE ? "write" : "execution",
			 f->type == FAULT_WRITE ? "read-only" : "non-executable");
		return RM_UNRESOLVED;
	}
	enum core_result r = address_space_map_page(
	    th->owner, va, t.phys,
	    (t.write ? PT_WRITE : 0) | (t.exec ? PT_EXEC : 0) | (t.device ? PT_DEVICE : 0));
	/* exists: another thread of it was faster */
	return r == CORE_OK || r == CORE_EXISTS ? RM_RESOLVED : RM_UNRESOLVED;
}

/* Threads waiting for an attachment that now exists continue. */
static void retry_waiting(struct region_map *rm)
{
	for (struct list_node *n = rm->waiting.head.next; n != &rm->waiting.head;) {
		struct core_thread *th = container_of(n, struct core_thread, wait_node);
		n                      = n->next;
		if (!attachment_at(rm, th->wait_addr))
			continue;
		rm_thread_gone(th);
		pager_fault_done(th, rm_resolve_fault(th));
	}
}

/* --- the RPC interface --- */
/* The first gap of size bytes: one walk through the sorted attachments */
static bool place(struct region_map *rm, const struct rm_attach_args *a, uint32_t size,
		  uint32_t *base)
{
	uint32_t at = rm->start;

	if (a->flags & RM_ATTACH_AT) {
		*base = a->at;
		return true;
	}
	for_each_attachment(rm, att)
	{
		if (at <= rm->end - size && att->base >= at + size)
			break; /* the gap before att fits */
		if (att->base + att->size > at)
			at = att->base + att->size;
	}
	if (at > rm->end - size)
		return false;
	*base = at;
	return true;
}

/* In address order, so that lookups stop early */
static void insert(struct region_map *rm, struct attachment *new)
{
	for_each_attachment(rm, a)
	{
		if (a->base > new->base) {
			list_insert_before(&a->node, &new->node);
			return;
		}
	}
	list_push_back(&rm->attachments, &new->node);
}

static int attach_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm          = rm_of(o);
	const struct rm_attach_args *a = r->args;
	struct dataspace *ds           = dataspace_lookup(r->caps.id[0]);
	enum core_result why;
	uint32_t base, size;

	if (!ds)
		return RM_BAD_DATASPACE;
	if ((a->flags & RM_ATTACH_WRITE && !ds->writable) ||
	    (ds->kind == DS_MANAGED && (!rm->space || ds->managed == rm)))
		return RM_BAD_FLAGS; /* managed maps nest one level */
	size = a->size ? (a->size + PAGE - 1) & ~(PAGE - 1) : ds->size - a->offset;
	if (((a->at | a->offset) & (PAGE - 1)) || a->offset >= ds->size || !size ||
	    size > ds->size - a->offset || size > rm->end - rm->start || !place(rm, a, size, &base))
		return RM_OUT_OF_RANGE;
	if (base < rm->start || base > rm->end - size)
		return RM_OUT_OF_RANGE;
	if (first_overlap(rm, base, size))
		return RM_REGION_CONFLICT;
	struct attachment *att = object_pool_alloc(&rm->pool, &why);
	if (!att)
		return RM_OUT_OF_METADATA;
	*att = (struct attachment){ .base   = base,
				    .size   = size,
				    .offset = a->offset,
				    .flags  = a->flags & (RM_ATTACH_WRITE | RM_ATTACH_EXEC),
				    .ds     = ds };
	insert(rm, att);
	((struct rm_attach_result *)r->result)->addr = base;
	retry_waiting(rm);
	return RPC_OK;
}

static int detach_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm = rm_of(o);
	struct attachment *a  = attachment_at(rm, ((const struct rm_detach_args *)r->args)->addr);

	if (!a)
		return RM_NOT_ATTACHED;
	detach(rm, a);
	return RPC_OK;
}

static int fault_handler_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm = rm_of(o);

	if (rm->space)
		return RM_NOT_MANAGED;
	if (!sig_context_of_name(r->caps.id[0]))
		return RPC_BAD_ARGS;
	core_name_replace(&rm->handler, r->caps.id[0]);
	return RPC_OK;
}

static int fault_state_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm    = rm_of(o);
	struct rm_fault_state *s = r->result;
	struct list_node *first  = list_first(&rm->waiting);

	*s = (struct rm_fault_state){ RM_FAULT_NONE, 0 };
	if (first) {
		struct core_thread *th = container_of(first, struct core_thread, wait_node);
		*s                     = (struct rm_fault_state){ th->wait_type, th->wait_addr };
	}
	return RPC_OK;
}

static int dataspace_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm = rm_of(o);

	if (rm->space)
		return RM_NOT_MANAGED;
	r->caps_out = (struct rpc_caps){ 1, { rm->ds.base.obj.cap } };
	return RPC_OK;
}

static const rpc_handler_t rm_handlers[RM_OPCODES] = { attach_handler, detach_handler,
						       fault_handler_handler, fault_state_handler,
						       dataspace_handler };
static const struct rpc_interface rm_iface         = { RM_OPCODES, rm_functions, rm_handlers };

static void rm_init(struct region_map *rm, struct account *payer, uint32_t start, uint32_t end)
{
	rm->start = start;
	rm->end   = end;
	list_init(&rm->attachments);
	list_init(&rm->waiting);
	object_pool_init(&rm->pool, payer, sizeof(struct attachment));
}

/* Detach everything; faults still waiting are reported (unless their
 * component is going too) */
static void rm_fini(struct region_map *rm)
{
	detach_all(rm);
	list_remove(&rm->node);
	core_name_replace(&rm->handler, 0);
	while (!list_empty(&rm->waiting)) {
		struct core_thread *th =
		    container_of(list_first(&rm->waiting), struct core_thread, wait_node);
		rm_thread_gone(th);
		if (component_alive(th->owner))
			pager_fault_done(th, RM_UNRESOLVED);
	}
	core_assert(rm->pool.objects == 0, "region map: attachments are left");
}

/* --- managed region maps: RM sessions --- */
static int rm_open(struct core_session *cs, const char *args)
{
	struct rm_session *s  = (struct rm_session *)cs;
	struct region_map *rm = &s->rm;
	uint64_t size         = 0;

	if (!session_arg_u64(args, "size", &size) || !size || size > RM_MAX_SIZE)
		return PARENT_BAD_ARGS;
	s->ram = (struct account){ cs->ram - PAGE, 0 }; /* beyond the session page */
	rm_init(rm, &s->ram, 0, ((uint32_t)size + PAGE - 1) & ~(PAGE - 1));
	rm->ds = (struct dataspace){
		.kind = DS_MANAGED, .size = rm->end, .writable = true, .managed = rm
	};
	if (dataspace_manage(&rm->ds) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	list_push_back(&all_maps, &rm->node);
	return RPC_OK;
}

static void rm_close(struct core_session *cs)
{
	struct region_map *rm = &((struct rm_session *)cs)->rm;

	dataspace_dissolve(&rm->ds); /* detached wherever it was */
	rm_fini(rm);
}

static void rm_upgrade(struct core_session *cs, uint32_t ram)
{
	((struct rm_session *)cs)->ram.quota += ram;
}

const struct session_type rm_service = {
	"RM",      RM_SESSION_RAM, RM_SESSION_CAPS, sizeof(struct rm_session),
	&rm_iface, rm_open,        rm_close,        rm_upgrade
};

/* --- address spaces: their owner pays for the map and its attachments --- */
struct region_map *rm_address_space(struct component *c)
{
	enum core_result why;
	struct rm_session *s;

	if (c->space)
		return c->space;
	if (!(s = account_page_alloc(&c->ram, &why)))
		return NULL;
	s->base.owner = c;
	s->rm.space   = c;
	rm_init(&s->rm, &c->ram, c->space_start, c->space_end);
	if (rpc_ep_manage(core_entrypoint(), &s->base.base.obj, &rm_iface) != RPC_OK) {
		account_page_free(&c->ram, s);
		return NULL;
	}
	list_push_back(&all_maps, &s->rm.node);
	c->space = &s->rm;
	return c->space;
}

uint16_t rm_address_space_cap(struct region_map *rm)
{
	return container_of(rm, struct rm_session, rm)->base.base.obj.cap;
}

struct identity *rm_address_space_identity(struct region_map *rm)
{
	return &container_of(rm, struct rm_session, rm)->base.base.identity;
}

void rm_address_space_destroy(struct component *c)
{
	struct region_map *rm = c->space;

	if (!rm)
		return;
	rm_fini(rm);
	struct rm_session *s = container_of(rm, struct rm_session, rm);
	rpc_ep_dissolve(core_entrypoint(), &s->base.base.obj);
	core_assert(s->base.base.identity.state != IDENTITY_ACTIVE,
		    "rm_address_space_destroy: its identity is still linked");
	c->space = NULL;
	account_page_free(&c->ram, s);
}
