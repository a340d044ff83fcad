/* SPDX-License-Identifier: MIT */
/*
 * Known deviations (--known): forbidden states a run may show for a reason
 * outside the test, e.g. an emulator that does not keep an order the
 * target keeps.  Such a state is still reported, as an expected failure,
 * but does not make the run exit 1.  The file format is in doc/lab.md.
 */
#ifndef LT_RUN_KNOWN_H
#define LT_RUN_KNOWN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "run/entry.h"

enum lt_known_scope { LT_KNOWN_EMULATED, LT_KNOWN_ALWAYS };

/* One "var=value" of a known state. */
struct lt_known_var {
	char *name;
	char *value;
};

struct lt_known_entry {
	char *test;		/* as written: ARCH:PATTERN */
	char *arch;		/* glob on the test's arch */
	char *pattern;		/* glob on its file (by_path) or its name */
	bool by_path;
	char *state;		/* as written, or "*" */
	struct lt_known_var *vars;	/* none: any forbidden state of the test */
	int nvars;
	enum lt_known_scope scope;
	char *reason;
	char *where;		/* "FILE:LINE", for the reports */
	bool builtin;		/* from the list shipped with the tool */
};

struct lt_known {
	struct lt_known_entry *v;
	int n;
};

/*
 * Add the entries of text (a known-deviations file named name) to k.
 * -1 with "name:line:col: message" in why for the first bad line.
 */
int known_parse(struct lt_known *k, const char *name, const char *text,
		bool builtin, char *why, size_t len);
/* The same for a file; a file that cannot be read is an error too. */
int known_load(struct lt_known *k, const char *path, char *why, size_t len);
/* The qemu-user deviations shipped with the tool (src/run/qemu.known). */
void known_add_builtin(struct lt_known *k);
void known_free(struct lt_known *k);

/*
 * Mark e's forbidden outcomes that k lists as known (their reason and
 * where it is listed), move their iterations from forbidden_observed to
 * known_observed, and say so on stderr.  k may be NULL.
 */
void known_apply(const struct lt_known *k, struct lt_entry *e);

/* The list as the run document's config.known: an array of objects. */
json_t *known_json(const struct lt_known *k);

#endif /* LT_RUN_KNOWN_H */
