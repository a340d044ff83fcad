/* SPDX-License-Identifier: MIT */
/*
 * The runtime's files (src/runtime/, arch/arch.h), as the table make
 * generates from Makefile.am's runtime_* lists (src/lt-runtime-files.c):
 * the one list the kernel build, its cache key and --emit's bundle read.
 */
#ifndef LT_RUNTIME_FILES_H
#define LT_RUNTIME_FILES_H

#include <stdbool.h>
#include <string.h>

/* Which kernels a file belongs to. */
enum lt_rtf_when {
	LT_RTF_ALWAYS,		/* every kernel */
	LT_RTF_HWLOC,		/* kernels linked with hwloc */
	LT_RTF_PLAIN,		/* kernels without hwloc */
	LT_RTF_PAPI,		/* kernels linked with PAPI */
	LT_RTF_NOPAPI,		/* kernels without PAPI */
};

struct lt_runtime_file {
	const char *path;	/* relative to the data directory */
	enum lt_rtf_when when;
};

/* Ends with a NULL path. */
extern const struct lt_runtime_file lt_runtime_files[];

/* Whether f is part of a kernel built with (or without) hwloc and PAPI. */
static inline bool lt_runtime_file_in(const struct lt_runtime_file *f,
				      bool hwloc, bool papi)
{
	switch (f->when) {
	case LT_RTF_HWLOC: return hwloc;
	case LT_RTF_PLAIN: return !hwloc;
	case LT_RTF_PAPI: return papi;
	case LT_RTF_NOPAPI: return !papi;
	default: return true;
	}
}

/* Whether f is compiled (a .c file) rather than included. */
static inline bool lt_runtime_file_is_c(const struct lt_runtime_file *f)
{
	size_t n = strlen(f->path);

	return n > 2 && !strcmp(f->path + n - 2, ".c");
}

#endif /* LT_RUNTIME_FILES_H */
