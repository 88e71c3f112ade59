/*
 * Region maps: attachments of dataspaces to ranges of a component's address
 * space or of a managed region map (an RM session), and the resolution of
 * page faults through them. Pages are mapped one at a time when first
 * touched; detaching unmaps them from every address space they reached,
 * directly or through a managed region map.
 */
#include <arch/cpu.h>
#include <base/parent.h>
#include <base/session_args.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include "core.h"
#include "dataspace.h"
#include "region_map.h"
#include "session.h"

enum { PAGE = 4096, RM_MAX_PENDING = 8, RM_MAX_SIZE = 0x40000000 };

struct attachment {
	uint32_t base, size; /* in the region map; size 0: free slot */
	uint32_t offset;     /* into the dataspace */
	uint32_t flags;      /* RM_ATTACH_WRITE, RM_ATTACH_EXEC */
	struct dataspace *ds;
};

/* A thread stopped by a fault in the unattached part of a managed map */
struct pending_fault {
	struct core_thread *thread; /* NULL: free slot */
	uint32_t addr;              /* relative to the region map */
	uint32_t type;              /* enum rm_fault_type */
};

struct region_map {
	struct component *space; /* whose address space this is; NULL: managed */
	uint32_t start, end;
	struct dataspace ds;   /* managed: how it is attached elsewhere */
	uint16_t handler;      /* core's name of the fault handler's signal context */
	struct list_node node; /* in all_maps */
	struct pending_fault pending[RM_MAX_PENDING];
	struct attachment att[RM_MAX_ATTACH];
};

/* An address space's map and an RM session look alike to the handlers */
struct rm_session {
	struct core_session base; /* first: the RPC object */
	struct region_map rm;
};
_Static_assert(sizeof(struct rm_session) <= RM_SESSION_RAM, "rm_session: within its price");

static struct list all_maps = { { &all_maps.head, &all_maps.head } };

static struct region_map *rm_of(struct rpc_object *o) { return &((struct rm_session *)o)->rm; }

static bool overlaps(uint32_t a, uint32_t a_size, uint32_t b, uint32_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

static struct attachment *attachment_at(struct region_map *rm, uint32_t addr)
{
	for (unsigned i = 0; i < RM_MAX_ATTACH; i++)
		if (rm->att[i].size && overlaps(addr, 1, rm->att[i].base, rm->att[i].size))
			return &rm->att[i];
	return NULL;
}

static struct attachment *first_overlap(struct region_map *rm, uint32_t base, uint32_t size)
{
	for (unsigned i = 0; i < RM_MAX_ATTACH; i++)
		if (rm->att[i].size && overlaps(base, size, rm->att[i].base, rm->att[i].size))
			return &rm->att[i];
	return NULL;
}

/* --- unmapping --- */
static void unmap(struct region_map *rm, uint32_t base, uint32_t size);

/* [offset, offset + size) of ds is no longer valid: wherever it is attached */
static void unmap_dataspace(struct dataspace *ds, uint32_t offset, uint32_t size)
{
	for (struct list_node *n = all_maps.head.next; n != &all_maps.head; n = n->next) {
		struct region_map *rm = container_of(n, struct region_map, node);
		for (unsigned i = 0; i < RM_MAX_ATTACH; i++) {
			struct attachment *a = &rm->att[i];
			if (!a->size || a->ds != ds || !overlaps(offset, size, a->offset, a->size))
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
	if (!rm->space) {
		unmap_dataspace(&rm->ds, base, size);
		return;
	}
	pt_unmap(&rm->space->pt, base, size);
	arch_page_table_sync();
	arch_tlb_flush_asid(rm->space->pd.asid);
}

static void detach(struct region_map *rm, struct attachment *a)
{
	unmap(rm, a->base, a->size);
	*a = (struct attachment){ 0 };
}

void rm_forget_dataspace(struct dataspace *ds)
{
	for (struct list_node *n = all_maps.head.next; n != &all_maps.head; n = n->next) {
		struct region_map *rm = container_of(n, struct region_map, node);
		for (unsigned i = 0; i < RM_MAX_ATTACH; i++)
			if (rm->att[i].size && rm->att[i].ds == ds)
				detach(rm, &rm->att[i]);
	}
}

void rm_forget_handler(uint16_t core_id)
{
	for (struct list_node *n = all_maps.head.next; n != &all_maps.head; n = n->next) {
		struct region_map *rm = container_of(n, struct region_map, node);
		if (rm->handler == core_id)
			rm->handler = 0;
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

static enum rm_resolution reflect(struct region_map *rm, struct core_thread *th, uint32_t addr)
{
	if (!rm->handler)
		return RM_UNRESOLVED;
	for (unsigned i = 0; i < RM_MAX_PENDING; i++)
		if (!rm->pending[i].thread) {
			rm->pending[i] =
			    (struct pending_fault){ th, addr, fault_type(th->thread.fault.type) };
			kernel_sig_submit(rm->handler, 1);
			return RM_REFLECTED;
		}
	return RM_UNRESOLVED;
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
	enum pt_result r = pt_map(&th->owner->pt, va, t.phys, PAGE,
				  PT_USER | (t.write ? PT_WRITE : 0) | (t.exec ? PT_EXEC : 0) |
				      (t.device ? PT_DEVICE : 0));
	if (r != PT_OK && r != PT_ERR_EXISTS) /* exists: another thread was faster */
		return RM_UNRESOLVED;
	arch_page_table_sync();
	return RM_RESOLVED;
}

/* Threads waiting for an attachment that now exists continue. */
static void retry_pending(struct region_map *rm)
{
	for (unsigned i = 0; i < RM_MAX_PENDING; i++) {
		struct pending_fault *p = &rm->pending[i];
		if (!p->thread)
			continue;
		if (!component_thread_faulted(p->thread)) {
			p->thread = NULL; /* gone or restarted otherwise */
			continue;
		}
		if (!attachment_at(rm, p->addr))
			continue;
		struct core_thread *th = p->thread;
		p->thread              = NULL;
		component_fault_done(th, rm_resolve_fault(th));
	}
}

/* --- the RPC interface --- */
static bool place(struct region_map *rm, const struct rm_attach_args *a, uint32_t size,
		  uint32_t *base)
{
	if (a->flags & RM_ATTACH_AT) {
		*base = a->at;
		return true;
	}
	for (uint32_t at = rm->start; at <= rm->end - size;) {
		struct attachment *o = first_overlap(rm, at, size);
		if (!o) {
			*base = at;
			return true;
		}
		at = o->base + o->size;
	}
	return false;
}

static int attach_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm          = rm_of(o);
	const struct rm_attach_args *a = r->args;
	struct dataspace *ds           = dataspace_lookup(r->caps.id[0]);
	struct attachment *slot        = NULL;
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
	for (unsigned i = 0; i < RM_MAX_ATTACH && !slot; i++)
		if (!rm->att[i].size)
			slot = &rm->att[i];
	if (!slot)
		return RM_OUT_OF_METADATA;
	*slot                                        = (struct attachment){ base, size, a->offset,
									    a->flags & (RM_ATTACH_WRITE | RM_ATTACH_EXEC), ds };
	((struct rm_attach_result *)r->result)->addr = base;
	retry_pending(rm);
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
	if (!component_is_sig_context(r->caps.id[0]))
		return RPC_BAD_ARGS;
	rm->handler = r->caps.id[0];
	return RPC_OK;
}

static int fault_state_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct region_map *rm    = rm_of(o);
	struct rm_fault_state *s = r->result;

	*s = (struct rm_fault_state){ RM_FAULT_NONE, 0 };
	for (unsigned i = 0; i < RM_MAX_PENDING; i++) {
		struct pending_fault *p = &rm->pending[i];
		if (p->thread && !component_thread_faulted(p->thread))
			p->thread = NULL;
		if (p->thread && s->type == RM_FAULT_NONE)
			*s = (struct rm_fault_state){ p->type, p->addr };
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

/* --- managed region maps: RM sessions --- */
static int rm_open(struct core_session *cs, const char *args)
{
	struct region_map *rm = &((struct rm_session *)cs)->rm;
	uint64_t size         = 0;

	if (!session_arg_u64(args, "size", &size) || !size || size > RM_MAX_SIZE)
		return PARENT_BAD_ARGS;
	rm->start = 0;
	rm->end   = ((uint32_t)size + PAGE - 1) & ~(PAGE - 1);
	rm->ds    = (struct dataspace){
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
	for (unsigned i = 0; i < RM_MAX_ATTACH; i++)
		rm->att[i] = (struct attachment){ 0 };
	list_remove(&rm->node);
	for (unsigned i = 0; i < RM_MAX_PENDING; i++)
		if (rm->pending[i].thread && component_thread_faulted(rm->pending[i].thread))
			component_fault_done(rm->pending[i].thread, RM_UNRESOLVED);
}

const struct session_type rm_service = {
	"RM",      RM_SESSION_RAM, RM_SESSION_CAPS, sizeof(struct rm_session),
	&rm_iface, rm_open,        rm_close,        NULL
};

/* --- address spaces --- */
struct region_map *rm_address_space(struct component *c)
{
	struct rm_session *s;

	if (c->space)
		return c->space;
	if (component_ram_left(c) < RM_SESSION_RAM || !(s = core_page_alloc()))
		return NULL;
	s->base.owner = c;
	s->rm.space   = c;
	s->rm.start   = c->space_start;
	s->rm.end     = c->space_end;
	if (rpc_ep_manage(core_entrypoint(), &s->base.base.obj, &rm_iface) != RPC_OK) {
		core_page_free(s);
		return NULL;
	}
	list_push_back(&all_maps, &s->rm.node);
	c->donated += RM_SESSION_RAM;
	c->space = &s->rm;
	return c->space;
}

uint16_t rm_address_space_cap(struct region_map *rm)
{
	return container_of(rm, struct rm_session, rm)->base.base.obj.cap;
}

void rm_address_space_destroy(struct component *c)
{
	struct region_map *rm = c->space;

	if (!rm)
		return;
	for (unsigned i = 0; i < RM_MAX_ATTACH; i++)
		if (rm->att[i].size)
			detach(rm, &rm->att[i]);
	list_remove(&rm->node);
	rpc_ep_dissolve(core_entrypoint(), &container_of(rm, struct rm_session, rm)->base.base.obj);
	c->donated -= RM_SESSION_RAM;
	c->space = NULL;
	core_page_free(container_of(rm, struct rm_session, rm));
}
