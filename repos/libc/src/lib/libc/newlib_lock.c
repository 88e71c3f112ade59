/*
 * newlib's retargetable locks (sys/lock.h; tool/build_newlib enables
 * them): malloc, stdio, atexit, environ and the time zone are safe for
 * several threads. Recursive ones know their owner by its UTCB.
 */
#include <stdlib.h>
#include <sys/lock.h>
#include <base/core_service.h>
#include <base/lock.h>

struct __lock {
	struct lock lock;
	struct utcb *owner; /* recursive locks */
	unsigned depth;
};

#define NEWLIB_LOCK                \
	{                          \
		LOCK_INIT, NULL, 0 \
	}

struct __lock __lock___sinit_recursive_mutex  = NEWLIB_LOCK;
struct __lock __lock___sfp_recursive_mutex    = NEWLIB_LOCK;
struct __lock __lock___atexit_recursive_mutex = NEWLIB_LOCK;
struct __lock __lock___at_quick_exit_mutex    = NEWLIB_LOCK;
struct __lock __lock___malloc_recursive_mutex = NEWLIB_LOCK;
struct __lock __lock___env_recursive_mutex    = NEWLIB_LOCK;
struct __lock __lock___tz_mutex               = NEWLIB_LOCK;
struct __lock __lock___dd_hash_mutex          = NEWLIB_LOCK;
struct __lock __lock___arc4random_mutex       = NEWLIB_LOCK;

/* Shared by the locks of files whose own lock found no memory: correct,
 * only coarser */
static struct __lock spare = NEWLIB_LOCK;

void __retarget_lock_init(_LOCK_T *l)
{
	*l = malloc(sizeof(struct __lock));
	if (*l)
		**l = (struct __lock)NEWLIB_LOCK;
	else
		*l = &spare;
}

void __retarget_lock_init_recursive(_LOCK_T *l) { __retarget_lock_init(l); }

void __retarget_lock_close(_LOCK_T l)
{
	if (l != &spare)
		free(l);
}

void __retarget_lock_close_recursive(_LOCK_T l) { __retarget_lock_close(l); }

void __retarget_lock_acquire(_LOCK_T l) { lock_acquire(&l->lock); }

int __retarget_lock_try_acquire(_LOCK_T l) { return lock_try_acquire(&l->lock); }

void __retarget_lock_release(_LOCK_T l) { lock_release(&l->lock); }

void __retarget_lock_acquire_recursive(_LOCK_T l)
{
	struct utcb *me = utcb_self();

	if (l->owner != me) {
		lock_acquire(&l->lock);
		l->owner = me;
	}
	l->depth++;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T l)
{
	struct utcb *me = utcb_self();

	if (l->owner != me) {
		if (!lock_try_acquire(&l->lock))
			return 0;
		l->owner = me;
	}
	l->depth++;
	return 1;
}

void __retarget_lock_release_recursive(_LOCK_T l)
{
	if (--l->depth)
		return;
	l->owner = NULL;
	lock_release(&l->lock);
}
