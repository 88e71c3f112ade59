/*
 * ROM modules as read-only files (<rom/> and <rom name=".."/> in <vfs>):
 * opening one asks the parent for a ROM session of that name and attaches
 * its dataspace; closing gives both back. <rom/> makes a directory in
 * which every module the parent offers opens by its name; it cannot list
 * them (the parent tells no list), so it reads as empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <base/core_service.h>
#include <base/env.h>
#include <base/parent.h>
#include <base/node.h>
#include <kernel/call.h>
#include <session/rm_session.h>
#include <session/rom_session.h>
#include "vfs.h"

struct rom_fs {
	char label[NAME_MAX + 1]; /* <rom name=".." label=".."/>: the one module; "": all */
};

struct rom_file {
	uint16_t session;
	uint32_t addr, size;
};

void *rom_fs_create(const struct node *config)
{
	struct rom_fs *fs = calloc(1, sizeof(*fs));

	if (fs && !node_attr_copy(config, "label", fs->label, sizeof(fs->label)))
		node_attr_copy(config, "name", fs->label, sizeof(fs->label));
	return fs;
}

/* The module behind path: the fs's one module, or the name in its directory */
static const char *module(const struct rom_fs *fs, const char *path)
{
	return fs->label[0] ? fs->label : path;
}

static bool is_dir(const struct rom_fs *fs, const char *path) { return !fs->label[0] && !path[0]; }

static int rom_open(const char *name, struct rom_file *f)
{
	struct utcb *u = utcb_self();
	uint16_t ds    = 0;
	int r = parent_session(u, "ROM", name, ROM_SESSION_RAM, ROM_SESSION_RAM, ROM_SESSION_CAPS,
			       &f->session);

	if (r == PARENT_SERVICE_DENIED)
		return -ENOENT;
	if (r)
		return -ENOMEM;
	if (rom_dataspace(u, f->session, &ds, &f->size) != RPC_OK ||
	    !(f->addr = env_attach_readonly(u, ds))) {
		parent_close(u, f->session);
		return -ENOMEM;
	}
	kernel_cap_delete(ds); /* the attachment keeps it */
	return 0;
}

static void rom_close(struct rom_file *f)
{
	struct utcb *u = utcb_self();

	rm_detach(u, env_address_space(u), f->addr);
	parent_close(u, f->session);
}

static ssize_t file_read(struct vfs_handle *h, void *buf, size_t len)
{
	struct rom_file *f = h->node;

	if (h->offset >= (off_t)f->size)
		return 0;
	if ((off_t)len > (off_t)f->size - h->offset)
		len = (size_t)((off_t)f->size - h->offset);
	memcpy(buf, (const char *)(uintptr_t)f->addr + h->offset, len);
	h->offset += len;
	return (ssize_t)len;
}

static ssize_t file_write(struct vfs_handle *h, const void *buf, size_t len)
{
	(void)h;
	(void)buf;
	(void)len;
	return -EBADF; /* opened read-only: nothing else is allowed */
}

static int file_stat(struct vfs_handle *h, struct stat *st)
{
	*st = (struct stat){ .st_mode  = S_IFREG | 0444,
			     .st_nlink = 1,
			     .st_size  = ((struct rom_file *)h->node)->size };
	return 0;
}

static void file_close(struct vfs_handle *h)
{
	rom_close(h->node);
	free(h->node);
}

static int dir_stat(struct vfs_handle *h, struct stat *st)
{
	(void)h;
	*st = (struct stat){ .st_mode = S_IFDIR | 0555, .st_nlink = 2 };
	return 0;
}

static int dir_readdir(struct vfs_handle *h, unsigned index, char *name, size_t size,
		       unsigned char *type)
{
	(void)h;
	(void)index;
	(void)name;
	(void)size;
	(void)type;
	return -ENOENT;
}

static const struct vfs_file_ops file_ops = {
	.read = file_read, .write = file_write, .stat = file_stat, .close = file_close
};
static const struct vfs_file_ops dir_ops = { .stat = dir_stat, .readdir = dir_readdir };

static int fs_open(void *fs, const char *path, int flags, struct vfs_handle *h)
{
	bool writable = (flags & O_ACCMODE) != O_RDONLY;
	struct rom_file *f;
	int r;

	if (is_dir(fs, path)) {
		h->ops = &dir_ops;
		return writable ? -EISDIR : 0;
	}
	if (strchr(path, '/'))
		return -ENOENT; /* modules have plain names */
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (!(f = malloc(sizeof(*f))))
		return -ENOMEM;
	if ((r = rom_open(module(fs, path), f))) {
		free(f);
		return r == -ENOENT && (flags & O_CREAT) ? -EROFS : r;
	}
	if (writable || (flags & O_EXCL)) {
		rom_close(f);
		free(f);
		return writable ? -EROFS : -EEXIST;
	}
	h->ops  = &file_ops;
	h->node = f;
	return 0;
}

static int fs_stat(void *fs, const char *path, struct stat *st)
{
	struct vfs_handle h = { .flags = O_RDONLY };
	int r               = fs_open(fs, path, O_RDONLY, &h);

	if (r)
		return r;
	r = h.ops->stat(&h, st);
	if (h.ops->close)
		h.ops->close(&h);
	return r;
}

static int read_only(void *fs, const char *path)
{
	struct stat st;
	int r = fs_stat(fs, path, &st);
	return r ? r : -EROFS;
}

static int fs_mkdir(void *fs, const char *path)
{
	struct stat st;
	return fs_stat(fs, path, &st) ? -EROFS : -EEXIST;
}

static int fs_rename(void *fs, const char *from, const char *to)
{
	(void)to;
	return read_only(fs, from);
}

const struct vfs_fs_ops rom_fs_ops = {
	fs_open, fs_stat, read_only, fs_mkdir, read_only, fs_rename
};
