/*
 * The POSIX functions on paths, on the VFS (vfs.h). Hard links and
 * symbolic links do not exist: link() fails with EPERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/stat.h>
#include "vfs.h"

int _stat(const char *path, struct stat *st) { return vfs_result(vfs_stat(path, st)); }

int _unlink(const char *path) { return vfs_result(vfs_unlink(path)); }

int _link(const char *from, const char *to)
{
	struct stat st;
	int r = vfs_stat(from, &st);

	(void)to;
	return vfs_result(r ? r : -EPERM);
}

int mkdir(const char *path, mode_t mode)
{
	(void)mode;
	return vfs_result(vfs_mkdir(path));
}

int rmdir(const char *path) { return vfs_result(vfs_rmdir(path)); }

/* newlib's only unlinks: POSIX removes directories too */
int remove(const char *path)
{
	struct stat st;
	int r = vfs_stat(path, &st);

	if (r)
		return vfs_result(r);
	return vfs_result(S_ISDIR(st.st_mode) ? vfs_rmdir(path) : vfs_unlink(path));
}

/* newlib's would link and unlink: directories could not move */
int rename(const char *from, const char *to) { return vfs_result(vfs_rename(from, to)); }

int chdir(const char *path) { return vfs_result(vfs_chdir(path)); }

char *getcwd(char *buf, size_t size)
{
	int r = buf ? vfs_getcwd(buf, size) : -EINVAL;
	return vfs_result(r) ? NULL : buf;
}

/* Everybody may do everything the file allows: only read-only files
 * (ROM modules, the config's directories) refuse writing */
int access(const char *path, int mode)
{
	struct stat st;
	int r = vfs_stat(path, &st);

	if (!r && (mode & W_OK) && !(st.st_mode & 0222))
		r = -EROFS;
	return vfs_result(r);
}

int truncate(const char *path, off_t size)
{
	struct vfs_handle *h;
	int r = vfs_open(path, O_WRONLY, &h);

	if (r)
		return vfs_result(r);
	r = vfs_truncate(h, size);
	vfs_release(h);
	return vfs_result(r);
}
