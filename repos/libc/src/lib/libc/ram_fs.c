/*
 * A RAM file system (<ram/> in <vfs>): directories and files on the
 * component's heap, so its size is bounded by the component's RAM quota
 * only; when the heap can grow no further, a write or create fails with
 * ENOSPC. A file's data are 4 KiB blocks, allocated as they are written
 * (a hole reads as zeros). A file or directory removed while open lives on
 * until its last close. Times are not kept (0).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dirent.h>
#include "vfs.h"

enum { BLOCK = 4096 };

struct ram_node {
	char *name;
	bool dir;
	struct ram_node *parent, *children, *next; /* parent NULL: removed, or the root */
	off_t size;
	uint8_t **blocks; /* block i holds bytes [i * BLOCK, (i + 1) * BLOCK); NULL: a hole */
	size_t slots;     /* of blocks */
	unsigned opens;
};

struct ram_fs {
	struct ram_node root;
};

void *ram_fs_create(const struct node *config)
{
	struct ram_fs *fs = calloc(1, sizeof(*fs));
	(void)config;
	if (fs) {
		fs->root.dir  = true;
		fs->root.name = "";
	}
	return fs;
}

static void node_free(struct ram_node *n)
{
	for (size_t i = 0; i < n->slots; i++)
		free(n->blocks[i]);
	free(n->blocks);
	free(n->name);
	free(n);
}

static void detach(struct ram_node *n)
{
	struct ram_node **p = &n->parent->children;

	while (*p != n)
		p = &(*p)->next;
	*p        = n->next;
	n->parent = NULL;
}

static void attach(struct ram_node *dir, struct ram_node *n)
{
	n->parent     = dir;
	n->next       = dir->children;
	dir->children = n;
}

/* Gone from the tree: freed now or at its last close */
static void drop(struct ram_node *n)
{
	detach(n);
	if (!n->opens)
		node_free(n);
}

static struct ram_node *child(struct ram_node *dir, const char *name, size_t len)
{
	for (struct ram_node *c = dir->children; c; c = c->next)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

/* The node of path, or -ENOENT with *dir the directory where its last name
 * is missing (NULL if more than that is missing), or -ENOTDIR */
static int lookup(struct ram_fs *fs, const char *path, struct ram_node **node,
		  struct ram_node **dir, const char **last)
{
	struct ram_node *n = &fs->root;

	*dir  = NULL;
	*last = path;
	while (*path) {
		const char *end = strchr(path, '/');
		size_t len      = end ? (size_t)(end - path) : strlen(path);
		struct ram_node *c;

		if (!n->dir)
			return -ENOTDIR;
		if (!(c = child(n, path, len))) {
			if (!end) {
				*dir  = n;
				*last = path;
			}
			return -ENOENT;
		}
		n = c;
		path += len + (end ? 1 : 0);
	}
	*node = n;
	return 0;
}

static struct ram_node *node_new(struct ram_node *dir, const char *name, bool is_dir)
{
	struct ram_node *n = calloc(1, sizeof(*n));

	if (!n || !(n->name = strdup(name))) {
		free(n);
		return NULL;
	}
	n->dir = is_dir;
	attach(dir, n);
	return n;
}

/* --- file contents --- */

static void truncate_to(struct ram_node *n, off_t size)
{
	size_t keep = (size_t)((size + BLOCK - 1) / BLOCK);

	for (size_t i = keep; i < n->slots; i++) {
		free(n->blocks[i]);
		n->blocks[i] = NULL;
	}
	if (size % BLOCK && keep <= n->slots && n->blocks[keep - 1])
		memset(n->blocks[keep - 1] + size % BLOCK, 0, BLOCK - size % BLOCK);
	n->size = size;
}

/* Block i for writing, NULL when memory is short */
static uint8_t *block(struct ram_node *n, size_t i)
{
	if (i >= n->slots) {
		size_t slots = n->slots ? n->slots : 4;
		while (slots <= i)
			slots *= 2;
		uint8_t **blocks = realloc(n->blocks, slots * sizeof(*blocks));
		if (!blocks)
			return NULL;
		memset(blocks + n->slots, 0, (slots - n->slots) * sizeof(*blocks));
		n->blocks = blocks;
		n->slots  = slots;
	}
	if (!n->blocks[i])
		n->blocks[i] = calloc(1, BLOCK);
	return n->blocks[i];
}

static ssize_t file_read(struct vfs_handle *h, void *buf, size_t len)
{
	struct ram_node *n = h->node;
	size_t done        = 0;

	if ((h->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	while (done < len && h->offset < n->size) {
		size_t i = (size_t)(h->offset / BLOCK), at = (size_t)(h->offset % BLOCK);
		size_t chunk = BLOCK - at;
		if (chunk > len - done)
			chunk = len - done;
		if ((off_t)chunk > n->size - h->offset)
			chunk = (size_t)(n->size - h->offset);
		if (i < n->slots && n->blocks[i])
			memcpy((uint8_t *)buf + done, n->blocks[i] + at, chunk);
		else
			memset((uint8_t *)buf + done, 0, chunk);
		done += chunk;
		h->offset += chunk;
	}
	return (ssize_t)done;
}

static ssize_t file_write(struct vfs_handle *h, const void *buf, size_t len)
{
	struct ram_node *n = h->node;
	size_t done        = 0;

	if ((h->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (h->flags & O_APPEND)
		h->offset = n->size;
	if (h->offset + (off_t)len < h->offset)
		return -EFBIG;
	while (done < len) {
		size_t i = (size_t)(h->offset / BLOCK), at = (size_t)(h->offset % BLOCK);
		size_t chunk = BLOCK - at < len - done ? BLOCK - at : len - done;
		uint8_t *b   = block(n, i);
		if (!b)
			break;
		memcpy(b + at, (const uint8_t *)buf + done, chunk);
		done += chunk;
		h->offset += chunk;
		if (h->offset > n->size)
			n->size = h->offset;
	}
	return done || !len ? (ssize_t)done : -ENOSPC;
}

static int node_stat(const struct ram_node *n, struct stat *st)
{
	blkcnt_t blocks = 0;

	for (size_t i = 0; i < n->slots; i++)
		blocks += n->blocks[i] != NULL;
	*st = (struct stat){ .st_mode    = n->dir ? S_IFDIR | 0777 : S_IFREG | 0666,
			     .st_ino     = (ino_t)(uintptr_t)n,
			     .st_nlink   = n->parent || !n->name[0] ? 1 : 0,
			     .st_size    = n->size,
			     .st_blksize = BLOCK,
			     .st_blocks  = blocks * (BLOCK / 512) };
	return 0;
}

static int handle_stat(struct vfs_handle *h, struct stat *st) { return node_stat(h->node, st); }

static int file_truncate(struct vfs_handle *h, off_t size)
{
	struct ram_node *n = h->node;

	if ((h->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (size < 0)
		return -EINVAL;
	if (size < n->size)
		truncate_to(n, size);
	else
		n->size = size; /* the rest is a hole */
	return 0;
}

static int dir_readdir(struct vfs_handle *h, unsigned index, char *name, size_t size,
		       unsigned char *type)
{
	struct ram_node *c = ((struct ram_node *)h->node)->children;

	for (; c && index; index--)
		c = c->next;
	if (!c)
		return -ENOENT;
	*type = c->dir ? DT_DIR : DT_REG;
	return vfs_copy_name(name, size, c->name);
}

static void handle_close(struct vfs_handle *h)
{
	struct ram_node *n = h->node;

	if (--n->opens == 0 && !n->parent && n->name[0])
		node_free(n);
}

static const struct vfs_file_ops file_ops = { .read     = file_read,
					      .write    = file_write,
					      .stat     = handle_stat,
					      .truncate = file_truncate,
					      .close    = handle_close };
static const struct vfs_file_ops dir_ops  = { .stat    = handle_stat,
					      .readdir = dir_readdir,
					      .close   = handle_close };

/* --- operations on paths --- */

static int fs_open(void *fs, const char *path, int flags, struct vfs_handle *h)
{
	struct ram_node *n = NULL, *dir;
	const char *last;
	int r         = lookup(fs, path, &n, &dir, &last);
	bool writable = (flags & O_ACCMODE) != O_RDONLY;

	if (r == -ENOENT && dir && (flags & O_CREAT)) {
		if (!(n = node_new(dir, last, false)))
			return -ENOSPC;
	} else if (r) {
		return r;
	} else if ((flags & O_CREAT) && (flags & O_EXCL)) {
		return -EEXIST;
	} else if (n->dir && writable) {
		return -EISDIR;
	} else if (!n->dir && (flags & O_DIRECTORY)) {
		return -ENOTDIR;
	} else if (!n->dir && writable && (flags & O_TRUNC)) {
		truncate_to(n, 0);
	}
	n->opens++;
	h->node = n;
	h->ops  = n->dir ? &dir_ops : &file_ops;
	return 0;
}

static int fs_stat(void *fs, const char *path, struct stat *st)
{
	struct ram_node *n, *dir;
	const char *last;
	int r = lookup(fs, path, &n, &dir, &last);

	return r ? r : node_stat(n, st);
}

static int fs_unlink(void *fs, const char *path)
{
	struct ram_node *n, *dir;
	const char *last;
	int r = lookup(fs, path, &n, &dir, &last);

	if (r)
		return r;
	if (n->dir)
		return -EISDIR;
	drop(n);
	return 0;
}

static int fs_mkdir(void *fs, const char *path)
{
	struct ram_node *n, *dir;
	const char *last;
	int r = lookup(fs, path, &n, &dir, &last);

	if (!r)
		return -EEXIST;
	if (r != -ENOENT || !dir)
		return r;
	return node_new(dir, last, true) ? 0 : -ENOSPC;
}

static int fs_rmdir(void *fs, const char *path)
{
	struct ram_node *n, *dir;
	const char *last;
	int r = lookup(fs, path, &n, &dir, &last);

	if (r)
		return r;
	if (!n->dir)
		return -ENOTDIR;
	if (n->children)
		return -ENOTEMPTY;
	drop(n);
	return 0;
}

static bool inside(const struct ram_node *n, const struct ram_node *dir)
{
	for (; n; n = n->parent)
		if (n == dir)
			return true;
	return false;
}

static int fs_rename(void *fs, const char *from, const char *to)
{
	struct ram_node *a, *b = NULL, *dir;
	const char *last;
	int r = lookup(fs, from, &a, &dir, &last);

	if (r)
		return r;
	r = lookup(fs, to, &b, &dir, &last);
	if (r == -ENOENT && !dir)
		return r;
	if (r && r != -ENOENT)
		return r;
	if (!r) {
		if (a == b)
			return 0;
		if (b->dir && !a->dir)
			return -EISDIR;
		if (!b->dir && a->dir)
			return -ENOTDIR;
		if (b->children)
			return -ENOTEMPTY;
		dir  = b->parent;
		last = b->name;
	}
	if (a->dir && inside(dir, a))
		return -EINVAL; /* into itself */
	char *name = strdup(last);
	if (!name)
		return -ENOSPC;
	if (b)
		drop(b);
	detach(a);
	free(a->name);
	a->name = name;
	attach(dir, a);
	return 0;
}

const struct vfs_fs_ops ram_fs_ops = { fs_open, fs_stat, fs_unlink, fs_mkdir, fs_rmdir, fs_rename };
