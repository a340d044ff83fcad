/* SPDX-License-Identifier: MIT */
/*
 * The kernel cache's directory (build_cache_dir): where it is, and that
 * it is the user's alone, for a run's builds and fences' compiles.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/build.h"
#include "util/buf.h"
#include "util/fs.h"

/* The advice after why, that the kernel cache cannot be used; -1. */
static int cache_error(bool chosen, char *why, size_t wlen)
{
	size_t n = strlen(why);

	snprintf(why + n, wlen - n, chosen ? " as the kernel cache (LITMUS_RUN_CACHE)" :
		 " as the kernel cache (set LITMUS_RUN_CACHE to a directory of your own)");
	return -1;
}

/* The private cache in TMPDIR (or /tmp) of a user with no home cache. */
static int tmp_cache_dir(char *out, size_t len, char *why, size_t wlen)
{
	/* A shared directory: only a private one we made (or own) will do. */
	const char *tmp = getenv("TMPDIR");

	tmp = tmp && *tmp == '/' ? tmp : "/tmp";
	if (!lt_snprintf_ok(out, len, "%s/litmus-run-cache-%ld", tmp, (long)geteuid())) {
		snprintf(why, wlen, "the kernel cache's path is too long (from %.200s...)", tmp);
		return -1;
	}
	return lt_private_dir(out, true, why, wlen);
}

/* Make dir, its parents as mkdir -p makes them and itself private; -1 with why and errno. */
static int cache_dir_at(char *dir, char *why, size_t wlen)
{
	char *slash = strrchr(dir, '/');
	int rc;

	if (slash && slash != dir) {
		*slash = '\0';
		rc = lt_mkdirs(dir);
		if (rc < 0)
			snprintf(why, wlen, "cannot create %s: %s", dir, strerror(errno));
		*slash = '/';
		if (rc < 0)
			return -1;
	}
	return lt_private_dir(dir, true, why, wlen);
}

/*
 * The cache holds executables litmus-run runs, so nobody else may be able
 * to write to it: $LITMUS_RUN_CACHE, $XDG_CACHE_HOME/litmus-run or
 * ~/.cache/litmus-run, else (no HOME, or one where it cannot be created)
 * $TMPDIR/litmus-run-cache-UID (/tmp without TMPDIR) created 0700.  The
 * cache directory itself must be ours and writable by no one else,
 * wherever it is; otherwise the run stops (exit 2).
 */
int build_cache_dir(char *out, size_t len, char *why, size_t wlen)
{
	static bool noted;
	const char *env = getenv("LITMUS_RUN_CACHE");
	bool fits, chosen = env && *env;

	if (chosen)
		fits = lt_snprintf_ok(out, len, "%s", env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env)
		fits = lt_snprintf_ok(out, len, "%s/litmus-run", env);
	else if ((env = getenv("HOME")) && *env)
		fits = lt_snprintf_ok(out, len, "%s/.cache/litmus-run", env);
	else
		return tmp_cache_dir(out, len, why, wlen) < 0 ? cache_error(false, why, wlen) : 0;
	/* A cut path would name some other directory. */
	if (!fits) {
		snprintf(why, wlen, "the kernel cache's path is too long (from %.200s...)", env);
		return -1;
	}
	errno = 0;
	if (cache_dir_at(out, why, wlen) == 0)
		return 0;
	/*
	 * A home that cannot hold a cache (a service user's /nonexistent, a
	 * read-only one): the private one in TMPDIR, saying so once.  A cache
	 * the user named, or one that is there but not safe, stays an error.
	 */
	if (!chosen && (errno == EACCES || errno == EPERM || errno == EROFS ||
			errno == ENOENT || errno == ENOTDIR)) {
		char home_why[512];

		snprintf(home_why, sizeof(home_why), "%s", why);
		if (tmp_cache_dir(out, len, why, wlen) < 0)
			return cache_error(false, why, wlen);
		if (!noted)
			fprintf(stderr, "litmus-run: note: %s; the kernel cache is %s\n", home_why,
				out);
		noted = true;
		return 0;
	}
	return cache_error(chosen, why, wlen);
}
