/*
 * Directory entries (dirent.h includes this): newlib leaves them to the
 * system, whose directories are those of the component's VFS
 * (repos/libc/src/lib/libc/dir.c).
 */
#pragma once

#include <sys/types.h>
#include <sys/syslimits.h>

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[NAME_MAX + 1];
};

typedef struct libc_dir DIR;
