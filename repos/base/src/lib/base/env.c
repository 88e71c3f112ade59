/*
 * The component's environment (see base/env.h). A lock keeps threads that
 * open the sessions or grow the RAM quota at once apart.
 */
#include <base/core_service.h>
#include <base/env.h>
#include <base/lock.h>
#include <kernel/call.h>
#include <base/parent.h>
#include <session/ram_session.h>
#include <session/rm_session.h>

static struct lock lock = LOCK_INIT;
static uint16_t space, ram;

uint16_t env_address_space(struct utcb *u)
{
	lock_acquire(&lock);
	if (!space)
		core_address_space(u, &space);
	lock_release(&lock);
	return space;
}

static uint32_t cost(uint32_t size) { return ((size + 4095) & ~4095u) + RAM_DS_OVERHEAD; }

static int ram_alloc_locked(struct utcb *u, uint32_t size, uint16_t *ds)
{
	struct ram_quota_result q;
	int r;

	*ds = 0;
	if (!size)
		return RAM_BAD_SIZE;
	uint32_t open = RAM_SESSION_RAM + cost(size);
	if (!ram && (r = parent_session(u, "RAM", "", open, open, RAM_SESSION_CAPS + 1, &ram)) &&
	    (r != PARENT_OUT_OF_QUOTA || parent_resource_request(u, open) ||
	     (r = parent_session(u, "RAM", "", open, open, RAM_SESSION_CAPS + 1, &ram))))
		return r;
	if ((r = ram_quota(u, ram, &q)))
		return r;
	/* the session keeps what was freed: only the missing part is donated */
	uint32_t missing = q.quota - q.used < cost(size) ? cost(size) - (q.quota - q.used) : 0;
	uint32_t caps    = q.caps_used < q.cap_quota ? 0 : 1;
	if ((missing || caps) && (r = parent_upgrade(u, ram, missing, caps))) {
		/* our own quota is short: ask the parent for more, once */
		if (r != PARENT_OUT_OF_QUOTA || !missing || parent_resource_request(u, missing) ||
		    (r = parent_upgrade(u, ram, missing, caps)))
			return r;
	}
	return ram_alloc(u, ram, size, ds);
}

int env_ram_alloc(struct utcb *u, uint32_t size, uint16_t *ds)
{
	lock_acquire(&lock);
	int r = ram_alloc_locked(u, size, ds);
	lock_release(&lock);
	return r;
}

int env_ram_free(struct utcb *u, uint16_t ds)
{
	int r = ram_free(u, ram, ds);
	if (r == RPC_OK)
		kernel_cap_delete(ds); /* the dataspace is gone: free our name of it */
	return r;
}

static uint32_t attach(struct utcb *u, uint16_t ds, uint32_t flags)
{
	struct rm_attach_args a = { 0, 0, 0, flags };
	uint32_t addr           = 0;
	return rm_attach(u, env_address_space(u), ds, &a, &addr) == RPC_OK ? addr : 0;
}

uint32_t env_attach(struct utcb *u, uint16_t ds) { return attach(u, ds, RM_ATTACH_WRITE); }

uint32_t env_attach_readonly(struct utcb *u, uint16_t ds) { return attach(u, ds, 0); }
