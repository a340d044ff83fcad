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
	int lock_fd;		/* dir/.lock, held while the run lasts; -1: none */
	/* --resume: the manifest that stored tests must belong to (borrowed). */
	json_t *manifest;
};

/* Create dir and dir/tests.  -1 with why on failure. */
int store_create(struct lt_store *st, const char *dir, char *why, size_t len);

/*
 * Lock the directory for this run (flock on dir/.lock, released when the
 * process ends): two runs into one directory would mix their tests.  -1
 * with why when another run holds it.
 */
int store_lock(struct lt_store *st, char *why, size_t len);

/*
 * What of a run the directory holds ("manifest.json", "run.json" or a
 * stored test), or NULL.
 */
const char *store_holds_run(const struct lt_store *st);

/* --force: remove the run the directory holds (its manifest, tests, run.json, run.log). */
int store_clear(const struct lt_store *st, char *why, size_t len);

/* A new run's identity: 32 random hex digits and a NUL. */
void store_new_run_id(char id[33]);

/* --shard=K/N as recorded: {"k", "n", "method", "suite_size"}. */
json_t *store_shard(const struct lt_options *o);

/*
 * The manifest: the run's provenance and identity (run_id), options,
 * working directory, files and their SHA-256 ("sources").  A file whose
 * name is not UTF-8 is recorded as {"path": ESCAPED, "hex": BYTES}
 * (json.h), every other file as its name.
 */
json_t *store_manifest(const struct lt_run_info *info, const struct lt_options *o,
		       const char *cwd, char *const *files, int n);
int store_write_manifest(const struct lt_store *st, json_t *manifest, char *why,
			 size_t len);

/*
 * Read dir/manifest.json for --resume: options are set from it (strings point
 * into the returned object, which the caller keeps until the run ends), the
 * file list (malloc'd strings) and working directory (malloc'd) are
 * returned.  --cc, --cflags and --exec stay o's (the command line's): a
 * recorded one that is not the default and not given again fails.  NULL
 * with why on failure.
 */
json_t *store_resume(const char *dir, struct lt_options *o, char ***files, int *n,
		     char **cwd, char *why, size_t len);
/* The same from manifest m, already loaded from what (m is released on failure). */
json_t *store_read_manifest(json_t *m, const char *what, struct lt_options *o,
			    char ***files, int *n, char **cwd, char *why, size_t len);

int store_write_test(const struct lt_store *st, int index, json_t *entry,
		     char *why, size_t len);
/*
 * A finished test's entry, or NULL if it has none (not run, or in flight).
 * With st->manifest (--resume), an entry is only taken if it is this run's
 * result for that test: the run's identity, the file, the arch, and the
 * source's SHA-256 as recorded and as the file is now.  Any other entry is
 * reported and NULL returned, so that the test runs again.
 */
json_t *store_read_test(const struct lt_store *st, int index);

int store_write_run(const struct lt_store *st, json_t *doc, char *why, size_t len);
/* run.log: the same run as a litmus7 log, for herdtools' mcompare7. */
int store_write_log(const struct lt_store *st, json_t *doc, char *why, size_t len);

#endif /* LT_STORE_H */
