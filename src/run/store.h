/* SPDX-License-Identifier: MIT */
/*
 * The results directory of one run: manifest.json (what was asked), one
 * tests/<index>.json per finished test (written atomically before the next
 * test starts), and run.json (the whole document) at the end.  A killed run
 * loses at most the test in flight; --resume continues it.
 */
#ifndef LT_STORE_H
#define LT_STORE_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#include "report/json.h"
#include "run/options.h"

#define LT_MANIFEST_SCHEMA "litmus-run-manifest/1"

struct lt_store {
	char dir[PATH_MAX];
};

/* Create dir and dir/tests.  -1 with why on failure. */
int store_create(struct lt_store *st, const char *dir, char *why, size_t len);

/* --shard=K/N as recorded: {"k", "n", "method", "suite_size"}. */
json_t *store_shard(const struct lt_options *o);

/* The manifest: the run's provenance, options, working directory and files. */
/* A test file's content digest (32 hex digits), as the manifest records it. */
int store_file_digest(const char *path, char hex[33]);
json_t *store_manifest(const struct lt_run_info *info, const struct lt_options *o,
		       const char *cwd, char *const *files, int n);
int store_write_manifest(const struct lt_store *st, json_t *manifest, char *why,
			 size_t len);

/*
 * Read dir/manifest.json for --resume: options are set from it (strings point
 * into the returned object, which the caller keeps until the run ends), the
 * file list and working directory are returned.  --cc, --cflags and --exec
 * stay o's (the command line's): a recorded one that is not the default and
 * not given again fails.  NULL with why on failure.
 */
json_t *store_resume(const char *dir, struct lt_options *o, char ***files, int *n,
		     const char **cwd, char *why, size_t len);

int store_write_test(const struct lt_store *st, int index, json_t *entry,
		     char *why, size_t len);
/* A finished test's entry, or NULL if it has none (not run, or in flight). */
json_t *store_read_test(const struct lt_store *st, int index);

int store_write_run(const struct lt_store *st, json_t *doc, char *why, size_t len);
/* run.log: the same run as a litmus7 log, for herdtools' mcompare7. */
int store_write_log(const struct lt_store *st, json_t *doc, char *why, size_t len);

#endif /* LT_STORE_H */
