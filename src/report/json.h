/* SPDX-License-Identifier: MIT */
/* The run's JSON document, schema "litmus-run/1" (doc/design.md §5). */
#ifndef LT_JSON_H
#define LT_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "report/hist.h"

/* The run's record of a test (run/entry.h): read here, owned by src/run/. */
struct lt_entry;

#define LT_JSON_SCHEMA "litmus-run/1"
/* litmus-run --probe's document (doc/placement.md, "Probe"). */
#define LT_JSON_PROBE_SCHEMA "litmus-run-probe/1"

/* Run-wide provenance: the "tool", "host" and "config" objects. */
struct lt_run_info {
	const char *version;
	const char *git;
	const char *host_name;
	const char *host_arch;
	const char *cpu;
	int pus;
	const char *topology;
	unsigned long long iterations;
	unsigned timeout_s;
	const char *cc;		/* the compiler's identity: "gcc 12.2.0" */
	const char *cc_path;	/* the command */
	const char *cc_version;	/* first line of `cc --version`, or NULL */
	const char *cflags;	/* kernel flags */
	const char *exec;	/* NULL: direct */
	const char *counters;	/* --counters: "EV,EV..." or "none"; NULL: unknown */
	const char *run_id;	/* unique per run (store.h); NULL: none */
	const char *started;	/* ISO 8601 UTC */
	const char *finished;	/* NULL while running */
	int argc;		/* the command line (argv NULL: unknown) */
	char **argv;
	const char *cwd;	/* the directory it ran in; NULL: unknown */
	int exit_code;		/* the run's exit status; -1: not known yet */
};

/*
 * s as a JSON string, or null when s is NULL.  Bytes that are not UTF-8
 * (a file named in another encoding) cannot be a JSON string: each becomes
 * the four characters \xNN, so the text stays readable and nothing is
 * dropped; lt_json_raw_hex() keeps the exact bytes.
 */
json_t *lt_json_str_or_null(const char *s);
/* NULL when s is valid UTF-8, else s's bytes as lowercase hex (a new string). */
json_t *lt_json_raw_hex(const char *s);
/* The bytes of a hex string (lt_json_raw_hex), malloc'd; NULL if not hex. */
char *lt_json_unhex(const char *hex);
/* The "tests" entry of one test. */
json_t *lt_json_entry(const struct lt_entry *e);
/*
 * A stored test's class for the summary: "ok", "forbidden" (a forbidden
 * state not listed as known), "known" (only known ones), or its status
 * ("timeout", "crashed", "skipped", "error").
 */
const char *lt_json_test_class(json_t *test);
/* The document's "summary": each class's count, and "tests". */
json_t *lt_json_summary(json_t *tests);
/* The whole document; takes ownership of tests (an array). */
json_t *lt_json_document(const struct lt_run_info *info, json_t *tests);
/*
 * The --probe document: schema, tool, host (as a run's), config and
 * probes (an array); takes ownership of config and probes.
 */
json_t *lt_json_probe_document(const struct lt_run_info *info, json_t *config,
			       json_t *probes);
/* Write doc to path atomically (temp file + fsync + rename); "-" = stdout. */
int lt_json_write_file(json_t *doc, const char *path, char *why, size_t len);

#endif /* LT_JSON_H */
