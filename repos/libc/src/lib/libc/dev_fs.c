/*
 * Devices of the VFS (vfs.c), one file each: <log/> (text written to it
 * goes to the component's LOG session; reading gives end of file), <null/>
 * (takes everything, gives end of file) and <zero/> (gives zeros).
 */
#include <errno.h>
#include <string.h>
#include <base/log_client.h>
#include "vfs.h"

static int chr_stat(struct vfs_handle *h, struct stat *st)
{
	(void)h;
	*st = (struct stat){ .st_mode = S_IFCHR | 0666, .st_nlink = 1 };
	return 0;
}

static ssize_t nothing(struct vfs_handle *h, void *buf, size_t len)
{
	(void)h;
	(void)buf;
	(void)len;
	return 0;
}

static ssize_t discard(struct vfs_handle *h, const void *buf, size_t len)
{
	(void)h;
	(void)buf;
	return (ssize_t)len;
}

static ssize_t log_write(struct vfs_handle *h, const void *buf, size_t len)
{
	(void)h;
	log_output(buf, (unsigned)len);
	return (ssize_t)len;
}

static ssize_t zeros(struct vfs_handle *h, void *buf, size_t len)
{
	(void)h;
	memset(buf, 0, len);
	return (ssize_t)len;
}

static int ignore_truncate(struct vfs_handle *h, off_t size)
{
	(void)h;
	(void)size;
	return 0;
}

static const struct vfs_file_ops log_ops  = { .read     = nothing,
					      .write    = log_write,
					      .stat     = chr_stat,
					      .truncate = ignore_truncate,
					      .stream   = true };
static const struct vfs_file_ops null_ops = {
	.read = nothing, .write = discard, .stat = chr_stat, .truncate = ignore_truncate
};
static const struct vfs_file_ops zero_ops = {
	.read = zeros, .write = discard, .stat = chr_stat, .truncate = ignore_truncate
};

static const struct vfs_device devices[] = {
	{ "log", &log_ops },
	{ "null", &null_ops },
	{ "zero", &zero_ops },
};

const struct vfs_device *dev_fs_device(const char *type)
{
	for (unsigned i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (!strcmp(devices[i].type, type))
			return &devices[i];
	return NULL;
}
