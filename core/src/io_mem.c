/*
 * IO_MEM sessions: a device's registers as a dataspace (DS_IO_MEM) that the
 * pager maps uncached and never executable. What a driver may get is the
 * board's knowledge (board/devices.h); core adds the rules: whole pages,
 * never RAM or the kernel's devices, one session per device.
 */
#include <base/parent.h>
#include <base/session_args.h>
#include <board/devices.h>
#include <session/io_mem_session.h>
#include "dataspace.h"
#include "session.h"

enum { PAGE = 4096 };

/* A session holds [ds.phys, ds.phys + ds.size) until it is closed. */
struct io_mem_session {
	struct core_session base; /* first */
	struct list_node node;    /* in taken */
	struct dataspace ds;
};
_Static_assert(sizeof(struct io_mem_session) <= IO_MEM_SESSION_RAM,
	       "io_mem_session: within its price");

static struct list taken = { { &taken.head, &taken.head } };

/* 64-bit ends: a range may end exactly at 4 GiB */
static bool overlaps(uint64_t base, uint64_t size, const struct board_range *r)
{
	return base < (uint64_t)r->base + r->size && r->base < base + size;
}

static bool inside(uint64_t base, uint64_t size, const struct board_range *r)
{
	return base >= r->base && base + size <= (uint64_t)r->base + r->size;
}

static bool may_have(uint64_t base, uint64_t size)
{
	bool in_window = false;

	for (unsigned i = 0; i < board_io_mem_window_count; i++)
		in_window |= inside(base, size, &board_io_mem_windows[i]);
	if (!in_window || overlaps(base, size, &board_ram))
		return false;
	for (unsigned i = 0; i < board_kernel_device_count; i++)
		if (overlaps(base, size, &board_kernel_devices[i]))
			return false;
	for (struct list_node *n = taken.head.next; n != &taken.head; n = n->next) {
		const struct dataspace *ds = &container_of(n, struct io_mem_session, node)->ds;
		if (overlaps(base, size, &(struct board_range){ ds->phys, ds->size }))
			return false;
	}
	return true;
}

static int dataspace_handler(struct rpc_object *o, struct rpc_request *r)
{
	r->caps_out = (struct rpc_caps){ 1, { ((struct io_mem_session *)o)->ds.base.obj.cap } };
	return RPC_OK;
}

static const rpc_handler_t io_mem_handlers[IO_MEM_OPCODES] = { dataspace_handler };
static const struct rpc_interface io_mem_iface             = { IO_MEM_OPCODES, io_mem_functions,
							       io_mem_handlers };

static int io_mem_open(struct core_session *cs, const char *args)
{
	struct io_mem_session *s = (struct io_mem_session *)cs;
	uint64_t base, size;

	if (!session_arg_u64(args, "base", &base) || !session_arg_u64(args, "size", &size) ||
	    !size || base >= 1ull << 32 || size > (1ull << 32) - base)
		return PARENT_BAD_ARGS;
	uint64_t first = base & ~(uint64_t)(PAGE - 1);
	uint64_t end   = (base + size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	if (!may_have(first, end - first))
		return PARENT_SERVICE_DENIED;
	/* no owner: no RAM session frees device memory */
	s->ds = (struct dataspace){ .kind     = DS_IO_MEM,
				    .phys     = (uint32_t)first,
				    .size     = (uint32_t)(end - first),
				    .writable = true };
	if (dataspace_manage(&s->ds) != RPC_OK)
		return PARENT_OUT_OF_QUOTA;
	list_push_back(&taken, &s->node);
	return RPC_OK;
}

static void io_mem_close(struct core_session *cs)
{
	struct io_mem_session *s = (struct io_mem_session *)cs;

	dataspace_dissolve(&s->ds); /* unmapped wherever it was attached */
	list_remove(&s->node);
}

const struct session_type io_mem_service = {
	"IO_MEM",      IO_MEM_SESSION_RAM, IO_MEM_SESSION_CAPS, sizeof(struct io_mem_session),
	&io_mem_iface, io_mem_open,        io_mem_close,        NULL
};
