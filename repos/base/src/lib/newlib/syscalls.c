/*
 * The system calls newlib's libc is built on: stdout/stderr go to the
 * LOG session, the heap grows by RAM dataspaces attached one after another
 * at HEAP_BASE, _exit tells the parent, there are no files.
 *
 * Debian's newlib is built without the C99 printf formats (%zu, %jd, %td,
 * %hhd): cast to a type with a C89 conversion (%u, %lu, %llu) instead.
 *
 * Not thread-safe yet (newlib's locks are empty, _sbrk talks to core
 * through the main thread's UTCB): use stdio and malloc from the main
 * thread only.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/types.h>
#include <base/log_client.h>
#include <base/parent.h>
#include <kernel/call.h>
#include <base/core_service.h>
#include <base/env.h>
#include <session/rm_session.h>

/* The heap's part of the address space's region map (session/rm_session.h) */
enum { HEAP_BASE = 0x38000000, HEAP_END = 0x40000000, PAGE_SIZE = 4096 };
enum { HEAP_CHUNK_MIN = 64 * 1024, HEAP_CHUNK_MAX = 1024 * 1024 };

static uintptr_t heap_brk = HEAP_BASE, heap_end = HEAP_BASE; /* attached: [HEAP_BASE, heap_end) */
static uint32_t heap_chunk = HEAP_CHUNK_MIN;

static int fail(int err)
{
	errno = err;
	return -1;
}

static int is_stdio(int fd) { return fd >= 0 && fd <= 2; }

/* --- output, input, files --- */

/* stdout and stderr: lines to the LOG session (base/log_client.h) */
ssize_t _write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2)
		return fail(EBADF);
	log_output(buf, len);
	return (ssize_t)len;
}

/* stdin is always at its end */
ssize_t _read(int fd, void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return fd == 0 ? 0 : fail(EBADF);
}

/* A character device, so that newlib makes stdout line-buffered */
int _fstat(int fd, struct stat *st)
{
	if (!is_stdio(fd))
		return fail(EBADF);
	*st         = (struct stat){ 0 };
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	if (is_stdio(fd))
		return 1;
	errno = EBADF;
	return 0;
}

int _close(int fd) { return is_stdio(fd) ? 0 : fail(EBADF); }

off_t _lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	return fail(is_stdio(fd) ? ESPIPE : EBADF);
}

int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	return fail(ENOSYS);
}

int _stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	return fail(ENOSYS);
}

int _link(const char *from, const char *to)
{
	(void)from;
	(void)to;
	return fail(ENOSYS);
}

int _unlink(const char *path)
{
	(void)path;
	return fail(ENOSYS);
}

/* --- heap --- */

static uintptr_t page_round(uintptr_t n)
{
	return (n + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
}

/* One more dataspace at the heap's end */
static bool heap_attach(uint32_t size)
{
	struct utcb *u          = utcb_self();
	struct rm_attach_args a = { heap_end, 0, 0, RM_ATTACH_AT | RM_ATTACH_WRITE };
	uint32_t addr           = 0;
	uint16_t ds;

	if (size > HEAP_END - heap_end || env_ram_alloc(u, size, &ds) != RPC_OK)
		return false;
	if (rm_attach(u, env_address_space(u), ds, &a, &addr) != RPC_OK) {
		env_ram_free(u, ds);
		return false;
	}
	heap_end += size;
	return true;
}

/* At least need more bytes; growing chunks keep the dataspaces few, and the
 * exact need is tried when a chunk would exceed the quota. */
static int heap_grow(uintptr_t need)
{
	uint32_t size = page_round(need > heap_chunk ? need : heap_chunk);

	if (heap_attach(size)) {
		heap_chunk = heap_chunk < HEAP_CHUNK_MAX ? heap_chunk * 2 : HEAP_CHUNK_MAX;
		return 1;
	}
	return size > page_round(need) && heap_attach(page_round(need));
}

void *_sbrk(ptrdiff_t incr)
{
	if (incr > 0 && heap_end - heap_brk < (uintptr_t)incr &&
	    !heap_grow(heap_brk + (uintptr_t)incr - heap_end)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr < 0 && heap_brk - HEAP_BASE < (uintptr_t)-incr) {
		errno = EINVAL;
		return (void *)-1;
	}
	uintptr_t old = heap_brk; /* shrinking keeps the dataspaces */
	heap_brk += incr;
	return (void *)old;
}

/* --- process --- */

/* The parent learns the exit value and ends the component; if it cannot,
 * the thread ends and core reports the exit all the same. */
void _exit(int code)
{
	log_output_flush();
	if (parent_cap)
		parent_exit(utcb_self(), code);
	kernel_thread_exit(code);
}

/* One process per component */
pid_t _getpid(void) { return 1; }

/* abort() and raise() end here: exit like a shell reports a signal */
int _kill(pid_t pid, int sig)
{
	if (pid != _getpid())
		return fail(ESRCH);
	_exit(128 + sig);
}

pid_t _fork(void) { return fail(ENOSYS); }

int _execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return fail(ENOSYS);
}

pid_t _wait(int *status)
{
	(void)status;
	return fail(ENOSYS);
}

/* What crti.o/crtn.o would provide: newlib's exit runs __libc_fini_array,
 * which calls _fini; there are no .init/.fini sections to run */
void _init(void);
void _fini(void);
void _init(void) {}
void _fini(void) {}

/* --- time --- */

/* Time since boot: there is no real-time clock yet */
int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t us = kernel_time_us();

	(void)tz;
	tv->tv_sec  = (time_t)(us / 1000000);
	tv->tv_usec = (suseconds_t)(us % 1000000);
	return 0;
}

/* clock() sums these: the calling thread's CPU time, in CLOCKS_PER_SEC */
clock_t _times(struct tms *t)
{
	uint64_t per_tick = 1000000 / CLOCKS_PER_SEC;

	t->tms_utime  = (clock_t)(kernel_thread_time_us() / per_tick);
	t->tms_stime  = 0;
	t->tms_cutime = 0;
	t->tms_cstime = 0;
	return (clock_t)(kernel_time_us() / per_tick);
}
