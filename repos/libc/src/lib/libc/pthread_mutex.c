/*
 * pthread mutexes on the framework's lock (base/lock.h). newlib's
 * pthread_mutex_t is one word: it holds a pointer to the mutex, made on
 * first use for PTHREAD_MUTEX_INITIALIZER (a word of all ones).
 *
 * Types: recursive; error-checking (relocking EDEADLK, unlocking a mutex
 * the caller does not hold EPERM); normal and default block on a relock
 * and report EPERM for a foreign unlock like error-checking ones.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <base/core_service.h>
#include <base/lock.h>
#include "thread.h"

struct mutex {
	struct lock lock;
	struct utcb *owner;
	unsigned depth;
	int type;
};

static struct mutex *mutex_new(int type)
{
	struct mutex *m = malloc(sizeof(*m));
	if (m)
		*m = (struct mutex){ LOCK_INIT, NULL, 0, type };
	return m;
}

static void *mutex_default(void) { return mutex_new(PTHREAD_MUTEX_DEFAULT); }

static struct mutex *mutex_of(pthread_mutex_t *word)
{
	return libc_object_of(word, _PTHREAD_MUTEX_INITIALIZER, mutex_default);
}

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	*attr = (pthread_mutexattr_t){ .is_initialized = 1, .type = PTHREAD_MUTEX_DEFAULT };
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	attr->is_initialized = 0;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_DEFAULT)
		return EINVAL;
	attr->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = attr->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *word, const pthread_mutexattr_t *attr)
{
	struct mutex *m = mutex_new(attr ? attr->type : PTHREAD_MUTEX_DEFAULT);

	if (!m)
		return ENOMEM;
	*word = (pthread_mutex_t)(uintptr_t)m;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *word)
{
	struct mutex *m = (struct mutex *)(uintptr_t)*word;

	if (*word == _PTHREAD_MUTEX_INITIALIZER)
		return 0;
	if (!m || m->owner)
		return EBUSY;
	free(m);
	*word = _PTHREAD_MUTEX_INITIALIZER;
	return 0;
}

/* Relocking by the owner: counted, refused, or (normal) left to block */
static int relock(struct mutex *m)
{
	if (m->type == PTHREAD_MUTEX_RECURSIVE) {
		m->depth++;
		return 0;
	}
	return m->type == PTHREAD_MUTEX_ERRORCHECK ? EDEADLK : -1;
}

int pthread_mutex_lock(pthread_mutex_t *word)
{
	struct mutex *m = mutex_of(word);
	int r;

	if (!m)
		return ENOMEM;
	if (m->owner == utcb_self() && (r = relock(m)) >= 0)
		return r;
	lock_acquire(&m->lock);
	m->owner = utcb_self();
	m->depth = 1;
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *word)
{
	struct mutex *m = mutex_of(word);

	if (!m)
		return ENOMEM;
	if (m->owner == utcb_self())
		return m->type == PTHREAD_MUTEX_RECURSIVE ? relock(m) : EBUSY;
	if (!lock_try_acquire(&m->lock))
		return EBUSY;
	m->owner = utcb_self();
	m->depth = 1;
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *word)
{
	struct mutex *m = mutex_of(word);

	if (!m)
		return ENOMEM;
	if (m->owner != utcb_self())
		return EPERM;
	if (--m->depth)
		return 0;
	m->owner = NULL;
	lock_release(&m->lock);
	return 0;
}
