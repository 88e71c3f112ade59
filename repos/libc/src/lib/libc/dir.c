/*
 * Directory streams (dirent.h) on open directories of the VFS: a DIR is
 * a descriptor and the index of the next entry.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "fd.h"

struct libc_dir {
	int fd;
	unsigned next;
	struct dirent entry;
};

DIR *fdopendir(int fd)
{
	struct vfs_handle *h = fd_get(fd);
	struct stat st;
	DIR *d;
	int r = h ? vfs_fstat(h, &st) : -EBADF;

	if (h)
		vfs_release(h);
	if (!r && !S_ISDIR(st.st_mode))
		r = -ENOTDIR;
	if (r) {
		vfs_result(r);
		return NULL;
	}
	if (!(d = calloc(1, sizeof(*d)))) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);

	if (fd >= 0 && !d) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return d;
}

struct dirent *readdir(DIR *d)
{
	struct vfs_handle *h = fd_get(d->fd);
	int r;

	if (!h) {
		errno = EBADF;
		return NULL;
	}
	r = vfs_readdir(h, d->next, d->entry.d_name, sizeof(d->entry.d_name), &d->entry.d_type);
	vfs_release(h);
	if (r == -ENOENT)
		return NULL; /* the end: errno stays */
	if (r) {
		vfs_result(r);
		return NULL;
	}
	d->entry.d_ino = ++d->next;
	return &d->entry;
}

void rewinddir(DIR *d) { d->next = 0; }

int dirfd(DIR *d) { return d->fd; }

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}
