/* SPDX-License-Identifier: MIT */
/* File-system helpers shared by the runner's parts. */
#ifndef LT_FS_H
#define LT_FS_H

/* mkdir -p: 0, or -1 with errno. */
int lt_mkdirs(const char *path);

#endif /* LT_FS_H */
