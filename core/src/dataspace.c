/*
 * Dataspaces as RPC objects of core's entrypoint (see dataspace.h).
 */
#include <session/dataspace.h>
#include "core.h"
#include "dataspace.h"
#include "region_map.h"

static int info_handler(struct rpc_object *o, struct rpc_request *r)
{
	const struct dataspace *ds = (const struct dataspace *)o;
	struct dataspace_info *out = r->result;

	out->size  = ds->size;
	out->flags = (ds->writable ? DATASPACE_WRITABLE : 0) |
		     (ds->kind == DS_MANAGED ? DATASPACE_MANAGED : 0);
	return RPC_OK;
}

static const rpc_handler_t ds_handlers[DATASPACE_OPCODES] = { info_handler };
static const struct rpc_interface ds_iface = { DATASPACE_OPCODES, dataspace_functions,
					       ds_handlers };

int dataspace_manage(struct dataspace *ds)
{
	return rpc_ep_manage(core_entrypoint(), &ds->base.obj, &ds_iface);
}

void dataspace_dissolve(struct dataspace *ds)
{
	rm_forget_dataspace(ds);
	rpc_ep_dissolve(core_entrypoint(), &ds->base.obj);
	core_assert(ds->base.identity.state != IDENTITY_ACTIVE,
		    "dataspace_dissolve: the dataspace's identity is still linked");
}

struct dataspace *dataspace_lookup(uint16_t cap)
{
	struct rpc_object *o = cap ? rpc_ep_lookup(core_entrypoint(), cap) : NULL;
	return o && o->iface == &ds_iface ? (struct dataspace *)o : NULL;
}
