/* SPDX-License-Identifier: MIT */
/* File-system helpers shared by the runner's parts. */
#ifndef LT_FS_H
#define LT_FS_H

#include <stdbool.h>
#include <stddef.h>

/* mkdir -p: 0, or -1 with errno. */
int lt_mkdirs(const char *path);

/*
 * Write n bytes of text to path so that a reader never sees half a file:
 * into a sibling path.tmp.PID, then rename.  durable: fsync before the
 * rename, so that a crash leaves the old file or the new one (results);
 * a cache that can rebuild what it lost skips that.  0, or -1 with a
 * message ("FILE: error") in why.  The kernels write no files, so their
 * runtime (src/runtime/, which links nothing of litmus-run) needs none.
 */
int lt_write_atomic(const char *path, const char *text, size_t n, bool durable,
		    char *why, size_t len);

#endif /* LT_FS_H */
