/*
 * ROM sessions: boot modules as read-only dataspaces. The modules lie page
 * aligned in core's image (tool/boot_modules), so the dataspace is the
 * module itself, never a copy.
 */
#include <base/parent.h>
#include <base/session_args.h>
#include <session/rom_session.h>
#include "core.h"
#include "dataspace.h"
#include "session.h"

struct rom_session {
	struct core_session base; /* first */
	struct dataspace ds;
	uint32_t module_size;
};
_Static_assert(sizeof(struct rom_session) <= ROM_SESSION_RAM, "rom_session: within its price");

static int dataspace_handler(struct rpc_object *o, struct rpc_request *r)
{
	struct rom_session *s = (struct rom_session *)o;

	((struct rom_dataspace_result *)r->result)->size = s->module_size;
	r->caps_out = (struct rpc_caps){ 1, { s->ds.base.obj.cap } };
	return RPC_OK;
}

static const rpc_handler_t rom_handlers[ROM_OPCODES] = { dataspace_handler };
static const struct rpc_interface rom_iface          = { ROM_OPCODES, rom_functions, rom_handlers };

static const struct boot_module *module_by_name(const char *name)
{
	for (uint32_t i = 0; i < boot_modules.count; i++) {
		const char *a = boot_modules.module[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return &boot_modules.module[i];
	}
	return NULL;
}

static int rom_open(struct core_session *cs, const char *args)
{
	struct rom_session *s = (struct rom_session *)cs;
	char label[PARENT_ARGS_LEN];
	const struct boot_module *m;

	if (!session_arg_string(args, "label", label, sizeof(label)))
		return PARENT_BAD_ARGS;
	/* the module is named by the label's last element: "init -> child -> config" */
	if (!(m = module_by_name(session_label_last(label))))
		return PARENT_SERVICE_DENIED;
	s->module_size = m->size;
	s->ds          = (struct dataspace){ .kind = DS_ROM,
					     .phys = virt_to_phys(m->base),
					     .size = (m->size + 4095) & ~4095u };
	return dataspace_manage(&s->ds) == RPC_OK ? RPC_OK : PARENT_OUT_OF_QUOTA;
}

static void rom_close(struct core_session *cs)
{
	dataspace_dissolve(&((struct rom_session *)cs)->ds);
}

const struct session_type rom_service = {
	"ROM",      ROM_SESSION_RAM, ROM_SESSION_CAPS, sizeof(struct rom_session),
	&rom_iface, rom_open,        rom_close,        NULL
};
