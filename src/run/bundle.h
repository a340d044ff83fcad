/* SPDX-License-Identifier: MIT */
/*
 * Bundles (--emit / --collect): a self-contained folder of kernels, runtime,
 * Makefile and run script for a lab board, and the reading of its outputs.
 */
#ifndef LT_BUNDLE_H
#define LT_BUNDLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "litmus/ir.h"

#define LT_BUNDLE_SCHEMA "litmus-run-bundle/1"

struct lt_bundle_test {
	const char *file;	/* the .litmus as given */
	const char *name;	/* the test's name */
	const char *source;	/* its generated kernel */
	enum lt_expect expect;	/* kinds.txt or Result comment, or NONE */
	const char *expect_source;	/* "kinds.txt" | "Result comment" */
};

struct lt_bundle_cfg {
	const char *datadir;	/* holds src/runtime/ and arch/ */
	const char *arch;	/* target arch name */
	const char *isa_dir;	/* arch/<isa_dir>/kernel.h */
	const char *cflags;	/* default CFLAGS of the Makefile */
	uint64_t iterations;	/* default -n of run.sh */
	unsigned timeout_s;	/* per-test timeout of run.sh */
	const char *counters;	/* run.sh's -C: checked --counters LIST, or none */
	const char *version;	/* tool version and git, for provenance */
	const char *git;
};

/*
 * Write the bundle for n tests into dir (created; existing files of the same
 * names are replaced).  Returns 0, or -1 with why.
 */
int bundle_emit(const char *dir, const struct lt_bundle_cfg *cfg,
		const struct lt_bundle_test *tests, int n, char *why, size_t len);

/* dir/bundle.json, or NULL with why. */
json_t *bundle_read_manifest(const char *dir, char *why, size_t len);

/*
 * One "key value" line of a text file written by the bundle (out/host.txt,
 * build.txt): the value of key into out, or "" when absent.
 */
void bundle_read_key(const char *path, const char *key, char *out, size_t len);

/* "Allowed" / "Forbidden" / "Required" as an expectation; NONE otherwise. */
enum lt_expect bundle_expect_parse(const char *word);

#endif /* LT_BUNDLE_H */
