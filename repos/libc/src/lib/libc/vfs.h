/*
 * The component's virtual file system: a tree of directories from its
 * config (<vfs>, see vfs.c) with file systems mounted in it: RAM file
 * systems (ram_fs.c), ROM modules (rom_fs.c) and devices (dev_fs.c).
 *
 * A file system gets paths relative to where it is mounted ("" is its
 * root, no "." or ".." and no repeated or trailing '/'); every operation
 * returns 0 or a negative errno value.
 */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct vfs_handle;

/* An open file or directory */
struct vfs_file_ops {
	ssize_t (*read)(struct vfs_handle *h, void *buf, size_t len);
	ssize_t (*write)(struct vfs_handle *h, const void *buf, size_t len);
	int (*stat)(struct vfs_handle *h, struct stat *st);
	int (*truncate)(struct vfs_handle *h, off_t size);
	/* entry index of a directory: its name and type (DT_*); -ENOENT past the end */
	int (*readdir)(struct vfs_handle *h, unsigned index, char *name, size_t size,
		       unsigned char *type);
	void (*close)(struct vfs_handle *h);
	bool stream; /* no position (lseek: ESPIPE) */
};

struct vfs_handle {
	const struct vfs_file_ops *ops;
	void *node;    /* the file system's */
	off_t offset;  /* read and write move it; lseek sets it */
	int flags;     /* of open: O_ACCMODE, O_APPEND */
	unsigned refs; /* descriptors that name it (dup) */
};

/* A file system: the operations on paths within it */
struct vfs_fs_ops {
	int (*open)(void *fs, const char *path, int flags, struct vfs_handle *h);
	int (*stat)(void *fs, const char *path, struct stat *st);
	int (*unlink)(void *fs, const char *path);
	int (*mkdir)(void *fs, const char *path);
	int (*rmdir)(void *fs, const char *path);
	int (*rename)(void *fs, const char *from, const char *to);
};

/* The file systems of <vfs> nodes: make one from its node's config */
struct node;
void *ram_fs_create(const struct node *config);
void *rom_fs_create(const struct node *config);
extern const struct vfs_fs_ops ram_fs_ops, rom_fs_ops;
/* A device is one file: its name by default and its file operations */
struct vfs_device {
	const char *type;
	const struct vfs_file_ops *ops;
};
const struct vfs_device *dev_fs_device(const char *type);

/* --- for the POSIX functions (fd.c, dir.c, posix_fs.c) --- */

/* Paths (relative ones to the working directory) */
int vfs_open(const char *path, int flags, struct vfs_handle **out);
int vfs_stat(const char *path, struct stat *st);
int vfs_unlink(const char *path);
int vfs_mkdir(const char *path);
int vfs_rmdir(const char *path);
int vfs_rename(const char *from, const char *to);
int vfs_chdir(const char *path);
int vfs_getcwd(char *buf, size_t size);

/* Open files */
ssize_t vfs_read(struct vfs_handle *h, void *buf, size_t len);
ssize_t vfs_write(struct vfs_handle *h, const void *buf, size_t len);
off_t vfs_seek(struct vfs_handle *h, off_t offset, int whence);
int vfs_fstat(struct vfs_handle *h, struct stat *st);
int vfs_truncate(struct vfs_handle *h, off_t size);
int vfs_readdir(struct vfs_handle *h, unsigned index, char *name, size_t size, unsigned char *type);
/* One more reference (dup); dropping one, the last closes the file */
void vfs_hold(struct vfs_handle *h);
void vfs_release(struct vfs_handle *h);

/* A terminal-like stream (the LOG device): line-buffered stdio, isatty */
bool vfs_is_terminal(struct vfs_handle *h);

/* What <libc stdin=".." stdout=".." stderr=".."/> names */
const char *vfs_stdio_path(int fd);

/* For the file systems: copy a name, -ENAMETOOLONG if it does not fit */
int vfs_copy_name(char *dst, size_t size, const char *name);

/* A POSIX function's result from a vfs one: -1 and errno for an error */
static inline int vfs_result(int r)
{
	if (r >= 0)
		return r;
	errno = -r;
	return -1;
}
