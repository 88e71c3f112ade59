/*
 * File descriptors (fd.c).
 */
#pragma once

#include "vfs.h"

/* The open file of fd with a reference for the caller (vfs_release), NULL
 * if fd names none */
struct vfs_handle *fd_get(int fd);
