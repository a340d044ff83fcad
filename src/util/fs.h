/* SPDX-License-Identifier: MIT */
/* File-system helpers shared by the runner's parts. */
#ifndef LT_FS_H
#define LT_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* mkdir -p: 0, or -1 with errno. */
int lt_mkdirs(const char *path);

/* rm -rf: path and what it holds (links removed, not followed); 0, or -1 with errno. */
int lt_remove_tree(const char *path);

/*
 * A directory only this user can change: path (created 0700 when create
 * and absent) must be a real directory, not a link, owned by this user and
 * writable by no one else.  0, or -1 with why.
 */
int lt_private_dir(const char *path, bool create, char *why, size_t len);

/* The whole of the file at path, NUL-terminated (malloc'd), or NULL with errno. */
char *lt_read_file(const char *path);

/*
 * Write n bytes to path: "-" is stdout; a regular file, or none yet, is
 * replaced atomically (mode, less the umask, for a new file); a FIFO or a
 * device (/dev/null, a terminal) is written in place, never replaced.
 * LT_WRITE_NOSYNC in mode: the new file is not synced before the rename,
 * for files that can be made again (a cache's), where a sync per file
 * would cost more than what a crash could lose.
 * 0, or -1 with why.
 */
#define LT_WRITE_NOSYNC 0x40000000u
int lt_write_file(const char *path, const char *data, size_t n, mode_t mode,
		  char *why, size_t len);

#endif /* LT_FS_H */
