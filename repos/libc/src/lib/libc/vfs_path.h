/*
 * Path names of the VFS (vfs.c): made absolute against the working
 * directory and normalised lexically ("." and ".." resolved, no repeated
 * or trailing '/'); there are no symbolic links.
 */
#pragma once

#include <limits.h>

/* abs (PATH_MAX bytes): "/" or "/a/b"; 0, -ENOENT (empty path) or
 * -ENAMETOOLONG (a name beyond NAME_MAX, the result beyond PATH_MAX) */
int vfs_path_absolute(const char *path, char *abs);

/* The working directory, an absolute normalised path */
const char *vfs_path_cwd(void);
void vfs_path_set_cwd(const char *abs);
