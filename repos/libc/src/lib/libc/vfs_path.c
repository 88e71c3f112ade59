/*
 * Path names of the VFS (see vfs_path.h).
 */
#include <errno.h>
#include <string.h>
#include "vfs_path.h"

static char cwd[PATH_MAX] = "/";

const char *vfs_path_cwd(void) { return cwd; }

void vfs_path_set_cwd(const char *abs) { strcpy(cwd, abs); }

/* Append the names of path to abs (of length *len): "." stays, ".." goes up */
static int append(char *abs, size_t *len, const char *path)
{
	while (*path) {
		const char *end = strchr(path, '/');
		size_t n        = end ? (size_t)(end - path) : strlen(path);

		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (*len > 0 && abs[*len - 1] != '/')
				(*len)--;
			if (*len > 1)
				(*len)--; /* the '/' before the name, unless it is the root */
		} else if (n && !(n == 1 && path[0] == '.')) {
			if (*len + (*len > 1) + n >= PATH_MAX)
				return -ENAMETOOLONG;
			if (*len > 1)
				abs[(*len)++] = '/';
			memcpy(abs + *len, path, n);
			*len += n;
		}
		abs[*len] = 0;
		path += n + (end ? 1 : 0);
	}
	return 0;
}

int vfs_path_absolute(const char *path, char *abs)
{
	size_t len = 1;

	if (!path || !*path)
		return -ENOENT;
	abs[0] = '/';
	abs[1] = 0;
	if (path[0] != '/') {
		int r = append(abs, &len, cwd + 1);
		if (r)
			return r;
	}
	return append(abs, &len, path);
}
