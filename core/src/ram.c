/*
 * RAM sessions: physically contiguous, zeroed dataspaces paid from the
 * session's quota. Core's bookkeeping page per dataspace and its capability
 * are charged too, so a session can never make core spend more than was
 * donated for it.
 */
#include <base/parent.h>
#include <session/ram_session.h>
#include "core.h"
#include "dataspace.h"
#include "session.h"

/* The largest size that still rounds up to whole pages within 32 bits;
 * what a session gets is bounded by its quota and by core's free RAM */
enum { RAM_MAX_SIZE = 0xfffff000u };

struct ram_session {
	struct core_session base; /* first */
	struct list dataspaces;
	uint32_t used;      /* bytes of the quota: the session page, dataspaces */
	uint32_t caps_used; /* the session's and its dataspaces' capabilities */
};
_Static_assert(sizeof(struct ram_session) <= RAM_SESSION_RAM, "ram_session: within its price");
_Static_assert(sizeof(struct dataspace) <= RAM_DS_OVERHEAD, "dataspace: within its price");

static uint32_t ds_cost(const struct dataspace *ds) { return ds->size + RAM_DS_OVERHEAD; }

static void ds_destroy(struct ram_session *s, struct dataspace *ds)
{
	dataspace_dissolve(ds);
	phys_free(ds->phys, ds->size / 4096);
	list_remove(&ds->node);
	s->used -= ds_cost(ds);
	s->caps_used--;
	core_page_free(ds);
}

static int alloc_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct ram_session *s          = (struct ram_session *)o;
	const struct ram_alloc_args *a = r->args;
	uint32_t pages                 = a->size / 4096 + (a->size % 4096 != 0);
	struct dataspace *ds;

	if (!a->size || a->size > RAM_MAX_SIZE)
		return RAM_BAD_SIZE;
	if ((uint64_t)pages * 4096 + RAM_DS_OVERHEAD > s->base.ram - s->used)
		return RAM_OUT_OF_QUOTA;
	if (s->caps_used >= s->base.caps)
		return RAM_OUT_OF_CAPS;
	if (!(ds = core_page_alloc()))
		return RAM_OUT_OF_RAM;
	*ds = (struct dataspace){ .kind     = DS_RAM,
				  .phys     = phys_alloc(pages, 1),
				  .size     = pages * 4096,
				  .writable = true,
				  .owner    = &s->base };
	if (!ds->phys || dataspace_manage(ds) != RPC_OK) {
		if (ds->phys)
			phys_free(ds->phys, pages);
		core_page_free(ds);
		return RAM_OUT_OF_RAM;
	}
	list_push_back(&s->dataspaces, &ds->node);
	s->used += ds_cost(ds);
	s->caps_used++;
	r->caps_out = (struct rpc_caps){ 1, { ds->base.obj.cap } };
	return RPC_OK;
}

static int free_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct ram_session *s = (struct ram_session *)o;
	struct dataspace *ds  = dataspace_lookup(r->caps.id[0]);

	if (!ds || ds->owner != &s->base)
		return RAM_NOT_OWNER;
	ds_destroy(s, ds);
	return RPC_OK;
}

static int quota_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct ram_session *s = (const struct ram_session *)o;
	*(struct ram_quota_result *)r->result =
	    (struct ram_quota_result){ s->base.ram, s->used, s->base.caps, s->caps_used };
	return RPC_OK;
}

static const rpc_handler_t ram_handlers[RAM_OPCODES] = { alloc_handler, free_handler,
							 quota_handler };
static const struct rpc_interface ram_iface          = { RAM_OPCODES, ram_functions, ram_handlers };

static int ram_open(struct core_session *cs, const char *args)
{
	struct ram_session *s = (struct ram_session *)cs;
	(void)args;
	list_init(&s->dataspaces);
	s->used      = RAM_SESSION_RAM;
	s->caps_used = 1;
	return RPC_OK;
}

static void ram_close(struct core_session *cs)
{
	struct ram_session *s = (struct ram_session *)cs;
	while (!list_empty(&s->dataspaces))
		ds_destroy(s, container_of(list_first(&s->dataspaces), struct dataspace, node));
}

const struct session_type ram_service = {
	"RAM",      RAM_SESSION_RAM, RAM_SESSION_CAPS, sizeof(struct ram_session),
	&ram_iface, ram_open,        ram_close,        NULL
};
