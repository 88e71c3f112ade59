/*
 * The component's file system tree (see vfs.h), made on first use from
 * the <vfs> node of its config:
 *
 *   <vfs>
 *     <dir name="dev"> <log/> <null/> <zero/> </dir>  devices, one file each
 *     <dir name="rom"> <rom/> </dir>           every ROM module by its name
 *     <dir name="etc"> <rom name="x"/> </dir>  one ROM module as file x
 *     <dir name="tmp"> <ram/> </dir>           a RAM file system
 *   </vfs>
 *
 * Without a <vfs> node the tree is the one above without /etc. A <dir>
 * holds either one file system (<ram/>, <rom/>) or directories, devices
 * and single ROM modules; the directories of the config themselves are
 * read-only. One lock serialises the file operations of all threads.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/dirent.h>
#include <base/config.h>
#include <base/core_service.h>
#include <base/lock.h>
#include <base/log.h>
#include "vfs.h"
#include "vfs_path.h"

enum node_kind { NODE_DIR, NODE_FS, NODE_DEVICE };

struct vfs_node {
	char name[NAME_MAX + 1];
	enum node_kind kind;
	struct vfs_node *children, *next; /* NODE_DIR */
	const struct vfs_fs_ops *fs_ops;  /* NODE_FS: mounted here ... */
	void *fs;
	bool fs_is_file; /* ... a single file (<rom name=".."/>), else a directory */
	const struct vfs_device *device; /* NODE_DEVICE */
};

static const char default_config[] = "<vfs>"
				     "<dir name=\"dev\"><log/><null/><zero/></dir>"
				     "<dir name=\"rom\"><rom/></dir>"
				     "<dir name=\"tmp\"><ram/></dir>"
				     "</vfs>";

static struct lock lock     = LOCK_INIT;
static struct vfs_node root = { .kind = NODE_DIR };
static bool built, ready; /* the tree was made, and completely */
static char stdio_path[3][PATH_MAX] = { "/dev/null", "/dev/log", "/dev/log" };

/* --- the tree from the config --- */

static void config_error(const struct node *n, const char *what)
{
	char type[16] = "";
	const char *t;
	size_t len = node_type(n, &t);

	memcpy(type, t, len < sizeof(type) ? len : sizeof(type) - 1);
	log_printf("libc: config: <vfs>: <%s> in line %u %s: ignored\n", type, node_line(n), what);
}

static struct vfs_node *node_new(struct vfs_node *dir, const char *name, enum node_kind kind)
{
	struct vfs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	strncpy(n->name, name, NAME_MAX);
	n->kind       = kind;
	n->next       = dir->children;
	dir->children = n;
	return n;
}

static bool build(struct vfs_node *dir, const struct node *config);

/* One node of the config in dir; false only when memory is short */
static bool build_node(struct vfs_node *dir, const struct node *n)
{
	char name[NAME_MAX + 1] = "", type[16] = "";
	const char *t;
	size_t len    = node_type(n, &t);
	bool has_name = node_attr(n, "name", NULL, NULL);
	bool named    = node_attr_copy(n, "name", name, sizeof(name)) && name[0] &&
		     !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
	bool fills_dir        = node_type_is(n, "ram") || (node_type_is(n, "rom") && !has_name);
	struct vfs_node *node = NULL;

	memcpy(type, t, len < sizeof(type) ? len : sizeof(type) - 1);
	if (dir->kind == NODE_FS || (fills_dir && dir->children)) {
		config_error(n, "in a directory with a file system");
		return true;
	}
	if (fills_dir) {
		bool ram    = node_type_is(n, "ram");
		dir->kind   = NODE_FS;
		dir->fs_ops = ram ? &ram_fs_ops : &rom_fs_ops;
		dir->fs     = ram ? ram_fs_create(n) : rom_fs_create(n);
		return dir->fs != NULL;
	}
	const struct vfs_device *device = dev_fs_device(type);
	if (has_name && !named) {
		config_error(n, "with an invalid name");
		return true;
	}
	if (!named && !device) {
		config_error(n, node_type_is(n, "dir") || node_type_is(n, "rom") ? "without a name"
										 : "unknown");
		return true;
	}
	if (node_type_is(n, "dir"))
		return (node = node_new(dir, name, NODE_DIR)) && build(node, n);
	if (node_type_is(n, "rom")) {
		if (!(node = node_new(dir, name, NODE_FS)))
			return false;
		node->fs_ops     = &rom_fs_ops;
		node->fs_is_file = true;
		return (node->fs = rom_fs_create(n)) != NULL;
	}
	if (!device) {
		config_error(n, "unknown");
		return true;
	}
	if (!(node = node_new(dir, named ? name : device->type, NODE_DEVICE)))
		return false;
	node->device = device;
	return true;
}

static bool build(struct vfs_node *dir, const struct node *config)
{
	struct node n;

	for (bool more = node_first_sub(config, &n); more; more = node_next(&n, &n))
		if (!build_node(dir, &n))
			return false;
	return true;
}

/* <libc stdin="/dev/null" stdout="/dev/log" stderr="/dev/log"/> */
static void read_stdio(const struct node *config)
{
	static const char *const attr[3] = { "stdin", "stdout", "stderr" };
	struct node libc;

	if (!node_sub_by_type(config, "libc", &libc))
		return;
	for (unsigned i = 0; i < 3; i++)
		node_attr_copy(&libc, attr[i], stdio_path[i], sizeof(stdio_path[i]));
}

/* Take the lock; the tree is made by the first caller */
static bool enter(void)
{
	struct node config, vfs;
	bool have;

	lock_acquire(&lock);
	if (built)
		return ready;
	built = true;
	have  = config_read(utcb_self(), &config);
	if (have)
		read_stdio(&config);
	if (!have || !node_sub_by_type(&config, "vfs", &vfs))
		node_parse(default_config, sizeof(default_config) - 1, &vfs);
	ready = build(&root, &vfs);
	if (!ready)
		log_printf("libc: error: no memory for the file system tree\n");
	return ready;
}

static int leave(int result)
{
	lock_release(&lock);
	return result;
}

const char *vfs_stdio_path(int fd)
{
	enter();
	leave(0);
	return stdio_path[fd];
}

/* --- paths --- */

/* Where a path ends up: a node, and for a file system the path within it.
 * A missing name in a directory of the config: node is that directory and
 * missing the name (-ENOENT). */
struct place {
	struct vfs_node *node;
	char rest[PATH_MAX]; /* within node's file system, "" for the node itself */
	bool missing;        /* the last name is missing in node (a NODE_DIR) */
};

static struct vfs_node *child(struct vfs_node *dir, const char *name, size_t len)
{
	for (struct vfs_node *c = dir->children; c; c = c->next)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

static int resolve(const char *path, struct place *p)
{
	char abs[PATH_MAX];
	int r         = vfs_path_absolute(path, abs);
	const char *s = abs + 1;

	if (r)
		return r;
	p->node    = &root;
	p->rest[0] = 0;
	p->missing = false;
	while (*s) {
		const char *end = strchr(s, '/');
		size_t len      = end ? (size_t)(end - s) : strlen(s);

		if (p->node->kind == NODE_FS) {
			strcpy(p->rest, s);
			return p->node->fs_is_file ? -ENOTDIR : 0;
		}
		if (p->node->kind == NODE_DEVICE)
			return -ENOTDIR;
		struct vfs_node *c = child(p->node, s, len);
		if (!c) {
			p->missing = !end;
			return -ENOENT;
		}
		p->node = c;
		s += len + (end ? 1 : 0);
	}
	return 0;
}

/* --- directories of the config --- */

static int static_dir_readdir(struct vfs_handle *h, unsigned index, char *name, size_t size,
			      unsigned char *type)
{
	struct vfs_node *c = ((struct vfs_node *)h->node)->children;

	for (; c && index; index--)
		c = c->next;
	if (!c)
		return -ENOENT;
	*type = c->kind == NODE_DEVICE ? DT_CHR : c->fs_is_file ? DT_REG : DT_DIR;
	return vfs_copy_name(name, size, c->name);
}

static int static_dir_stat(struct vfs_handle *h, struct stat *st)
{
	(void)h;
	*st = (struct stat){ .st_mode = S_IFDIR | 0555, .st_nlink = 2 };
	return 0;
}

static const struct vfs_file_ops static_dir_ops = { .stat    = static_dir_stat,
						    .readdir = static_dir_readdir };

/* --- operations on paths --- */

int vfs_open(const char *path, int flags, struct vfs_handle **out)
{
	struct vfs_handle *h = calloc(1, sizeof(*h));
	struct place p;
	int r;

	if (!h)
		return -ENOMEM;
	*h = (struct vfs_handle){ .flags = flags, .refs = 1 };
	if (!enter())
		r = -ENOMEM;
	else if ((r = resolve(path, &p)) == -ENOENT && p.missing && (flags & O_CREAT))
		r = -EROFS;
	else if (r == 0 && p.node->kind == NODE_FS)
		r = p.node->fs_ops->open(p.node->fs, p.rest, flags, h);
	else if (r == 0 && p.node->kind == NODE_DEVICE)
		r = (flags & O_DIRECTORY) ? -ENOTDIR : (h->ops = p.node->device->ops, 0);
	else if (r == 0 && (flags & O_ACCMODE) != O_RDONLY)
		r = -EISDIR;
	else if (r == 0)
		*h = (struct vfs_handle){ &static_dir_ops, p.node, 0, flags, 1 };
	leave(0);
	if (r) {
		free(h);
		return r;
	}
	*out = h;
	return 0;
}

void vfs_hold(struct vfs_handle *h)
{
	enter();
	h->refs++;
	leave(0);
}

void vfs_release(struct vfs_handle *h)
{
	enter();
	if (--h->refs == 0) {
		if (h->ops->close)
			h->ops->close(h);
		free(h);
	}
	leave(0);
}

int vfs_stat(const char *path, struct stat *st)
{
	struct place p;
	int r = enter() ? resolve(path, &p) : -ENOMEM;

	if (r)
		return leave(r);
	if (p.node->kind == NODE_FS)
		return leave(p.node->fs_ops->stat(p.node->fs, p.rest, st));
	struct vfs_handle h = { .node = p.node };
	if (p.node->kind == NODE_DEVICE)
		return leave(p.node->device->ops->stat(&h, st));
	return leave(static_dir_stat(&h, st));
}

int vfs_unlink(const char *path)
{
	struct place p;
	int r = enter() ? resolve(path, &p) : -ENOMEM;

	if (r)
		return leave(r);
	if (p.node->kind == NODE_FS && p.rest[0])
		return leave(p.node->fs_ops->unlink(p.node->fs, p.rest));
	bool dir = p.node->kind == NODE_DIR || (p.node->kind == NODE_FS && !p.node->fs_is_file);
	return leave(dir ? -EISDIR : -EROFS);
}

int vfs_mkdir(const char *path)
{
	struct place p;
	int r = enter() ? resolve(path, &p) : -ENOMEM;

	if (r == -ENOENT && p.missing)
		return leave(-EROFS);
	if (r)
		return leave(r);
	if (p.node->kind == NODE_FS && p.rest[0])
		return leave(p.node->fs_ops->mkdir(p.node->fs, p.rest));
	return leave(-EEXIST);
}

int vfs_rmdir(const char *path)
{
	struct place p;
	int r = enter() ? resolve(path, &p) : -ENOMEM;

	if (r)
		return leave(r);
	if (p.node->kind == NODE_FS && p.rest[0])
		return leave(p.node->fs_ops->rmdir(p.node->fs, p.rest));
	if (p.node->kind == NODE_DEVICE || p.node->fs_is_file)
		return leave(-ENOTDIR);
	return leave(-EBUSY); /* a directory of the config, or where a file system is mounted */
}

int vfs_rename(const char *from, const char *to)
{
	static struct place a, b; /* large: not on the stack, used with the lock held */
	int r = enter() ? resolve(from, &a) : -ENOMEM;

	if (r)
		return leave(r);
	r = resolve(to, &b);
	if (r && !(r == -ENOENT && b.missing))
		return leave(r);
	if (a.node->kind != NODE_FS || !a.rest[0])
		return leave(-EBUSY); /* a node of the config */
	if (r || b.node != a.node || !b.rest[0])
		return leave(b.node->kind == NODE_FS && b.node != a.node ? -EXDEV : -EROFS);
	return leave(a.node->fs_ops->rename(a.node->fs, a.rest, b.rest));
}

int vfs_chdir(const char *path)
{
	char abs[PATH_MAX];
	struct stat st;
	int r = vfs_stat(path, &st);

	if (r)
		return r;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	enter();
	if (!(r = vfs_path_absolute(path, abs)))
		vfs_path_set_cwd(abs);
	return leave(r);
}

int vfs_getcwd(char *buf, size_t size)
{
	enter();
	return leave(vfs_copy_name(buf, size, vfs_path_cwd()) ? -ERANGE : 0);
}

/* --- operations on open files --- */

ssize_t vfs_read(struct vfs_handle *h, void *buf, size_t len)
{
	enter();
	ssize_t r = h->ops->read ? h->ops->read(h, buf, len) : -EISDIR;
	leave(0);
	return r;
}

ssize_t vfs_write(struct vfs_handle *h, const void *buf, size_t len)
{
	enter();
	ssize_t r = h->ops->write ? h->ops->write(h, buf, len) : -EISDIR;
	leave(0);
	return r;
}

int vfs_fstat(struct vfs_handle *h, struct stat *st)
{
	enter();
	return leave(h->ops->stat(h, st));
}

int vfs_truncate(struct vfs_handle *h, off_t size)
{
	enter();
	return leave(h->ops->truncate ? h->ops->truncate(h, size) : -EINVAL);
}

int vfs_readdir(struct vfs_handle *h, unsigned index, char *name, size_t size, unsigned char *type)
{
	enter();
	return leave(h->ops->readdir ? h->ops->readdir(h, index, name, size, type) : -ENOTDIR);
}

off_t vfs_seek(struct vfs_handle *h, off_t offset, int whence)
{
	struct stat st;
	off_t base = 0;

	enter();
	if (h->ops->stream)
		return leave(-ESPIPE);
	if (whence == SEEK_END) {
		int r = h->ops->stat(h, &st);
		if (r)
			return leave(r);
		base = st.st_size;
	} else if (whence == SEEK_CUR) {
		base = h->offset;
	} else if (whence != SEEK_SET) {
		return leave(-EINVAL);
	}
	if (base + offset < 0)
		return leave(-EINVAL);
	h->offset = base + offset;
	leave(0);
	return h->offset;
}

bool vfs_is_terminal(struct vfs_handle *h) { return h->ops->stream; }

int vfs_copy_name(char *dst, size_t size, const char *name)
{
	size_t len = strlen(name);

	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(dst, name, len + 1);
	return 0;
}
