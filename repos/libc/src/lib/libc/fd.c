/*
 * File descriptors: a table of open VFS files (vfs.h) that grows as
 * needed, and the system calls newlib's stdio is built on. Descriptors 0,
 * 1 and 2 are opened on first use from what <libc stdin=".." stdout=".."
 * stderr=".."/> names (by default /dev/null, /dev/log, /dev/log); if that
 * fails, stdout and stderr go to the LOG session all the same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <base/lock.h>
#include <base/log.h>
#include "fd.h"

static struct lock lock = LOCK_INIT;
static struct vfs_handle **table;
static int slots;
static bool stdio_done;

/* Room for descriptor fd (lock held) */
static bool room_for(int fd)
{
	int more = slots ? slots : 16;

	if (fd < slots)
		return true;
	while (more <= fd)
		more *= 2;
	struct vfs_handle **grown = realloc(table, (size_t)more * sizeof(*grown));
	if (!grown)
		return false;
	memset(grown + slots, 0, (size_t)(more - slots) * sizeof(*grown));
	table = grown;
	slots = more;
	return true;
}

static void open_stdio(int fd, int flags)
{
	static const char *const name[3] = { "stdin", "stdout", "stderr" };
	const char *path                 = vfs_stdio_path(fd);
	struct vfs_handle *h;
	int r;

	if (fd == 2 && table[1] && !strcmp(path, vfs_stdio_path(1))) {
		vfs_hold(table[1]); /* stdout's file: one position for both */
		table[2] = table[1];
		return;
	}
	if ((r = vfs_open(path, flags, &h)) == 0) {
		table[fd] = h;
		return;
	}
	log_printf("libc: error: cannot open %s as %s: %s\n", path, name[fd], strerror(-r));
	if (fd && vfs_open("/dev/log", O_WRONLY, &h) == 0)
		table[fd] = h;
}

/* Take the lock; stdio is opened by the first caller */
static void enter(void)
{
	lock_acquire(&lock);
	if (stdio_done)
		return;
	stdio_done = true;
	if (!room_for(2))
		return;
	open_stdio(0, O_RDONLY);
	open_stdio(1, O_WRONLY | O_CREAT | O_TRUNC);
	open_stdio(2, O_WRONLY | O_CREAT | O_TRUNC);
}

struct vfs_handle *fd_get(int fd)
{
	struct vfs_handle *h = NULL;

	enter();
	if (fd >= 0 && fd < slots && (h = table[fd]))
		vfs_hold(h);
	lock_release(&lock);
	return h;
}

/* The lowest free descriptor from min on names h (takes over the caller's
 * reference); -1 and EMFILE if the table cannot grow */
static int install(struct vfs_handle *h, int min)
{
	int fd = min;

	enter();
	while (fd < slots && table[fd])
		fd++;
	if (!room_for(fd)) {
		lock_release(&lock);
		vfs_release(h);
		errno = EMFILE;
		return -1;
	}
	table[fd] = h;
	lock_release(&lock);
	return fd;
}

int _open(const char *path, int flags, ...)
{
	struct vfs_handle *h;
	int r = vfs_open(path, flags, &h);
	return r ? vfs_result(r) : install(h, 0);
}

int _close(int fd)
{
	struct vfs_handle *h = NULL;

	enter();
	if (fd >= 0 && fd < slots) {
		h         = table[fd];
		table[fd] = NULL;
	}
	lock_release(&lock);
	if (!h)
		return vfs_result(-EBADF);
	vfs_release(h);
	return 0;
}

/* Call op on fd's file: its result, or -EBADF */
#define ON_FILE(fd, call)                          \
	({                                         \
		struct vfs_handle *h = fd_get(fd); \
		ssize_t result       = -EBADF;     \
		if (h) {                           \
			result = (call);           \
			vfs_release(h);            \
		}                                  \
		vfs_result((int)result);           \
	})

ssize_t _read(int fd, void *buf, size_t len) { return ON_FILE(fd, vfs_read(h, buf, len)); }

ssize_t _write(int fd, const void *buf, size_t len) { return ON_FILE(fd, vfs_write(h, buf, len)); }

off_t _lseek(int fd, off_t offset, int whence)
{
	struct vfs_handle *h = fd_get(fd);
	off_t r              = h ? vfs_seek(h, offset, whence) : -EBADF;

	if (h)
		vfs_release(h);
	if (r >= 0)
		return r;
	errno = (int)-r;
	return -1;
}

int _fstat(int fd, struct stat *st) { return ON_FILE(fd, vfs_fstat(h, st)); }

int _isatty(int fd)
{
	struct vfs_handle *h = fd_get(fd);
	int tty              = h && vfs_is_terminal(h);

	if (h)
		vfs_release(h);
	errno = h ? ENOTTY : EBADF;
	return tty;
}

int ftruncate(int fd, off_t size) { return ON_FILE(fd, vfs_truncate(h, size)); }

int fsync(int fd) { return ON_FILE(fd, 0); }

int dup(int fd)
{
	struct vfs_handle *h = fd_get(fd);
	return h ? install(h, 0) : vfs_result(-EBADF);
}

int dup2(int fd, int to)
{
	struct vfs_handle *h = fd_get(fd), *old = NULL;

	if (!h)
		return vfs_result(-EBADF);
	if (to < 0 || fd == to) {
		vfs_release(h);
		return to < 0 ? vfs_result(-EBADF) : to;
	}
	enter();
	if (!room_for(to)) {
		lock_release(&lock);
		vfs_release(h);
		return vfs_result(-EMFILE);
	}
	old       = table[to];
	table[to] = h;
	lock_release(&lock);
	if (old)
		vfs_release(old);
	return to;
}
