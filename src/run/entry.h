/* SPDX-License-Identifier: MIT */
/*
 * The run's record of one test: what litmus-run knows of it from parsing
 * to judging.  The run layer (src/run/) owns it and fills it in; the
 * report layer (src/report/) reads it to write the summary and the JSON
 * entry.  This header is the one thing of src/run/ that src/report/ may
 * include: the report layer formats results, and must not depend on how
 * a run is driven (options, building, execution, storage).
 */
#ifndef LT_RUN_ENTRY_H
#define LT_RUN_ENTRY_H

#include <stdbool.h>

#include <jansson.h>

#include "report/hist.h"

struct lt_test;
struct lt_model_result;

/* One test of a run: its file, its IR (NULL if it did not parse), its result. */
struct lt_entry {
	char *file;
	char source_sha256[65];	/* the file's SHA-256 when the run began; "" if unreadable */
	struct lt_test *test;
	struct lt_result result;
	const char *arch;	/* the arch it ran for */
	bool emulated;
	char *exe;		/* built test executable */
	char *source;		/* generated kernel source */
	int exit_class;		/* 0, or the exit code this entry calls for (1, 2, 3, 4) */
	json_t *done;		/* --resume: the entry as stored by the earlier run */
	struct lt_model_result *model;	/* the model's result, or NULL */
	char *model_error;	/* why there is none, when a model was tried */
	bool model_timeout;	/* model_error: the check ran past --model-timeout */
};

#endif /* LT_RUN_ENTRY_H */
