/* SPDX-License-Identifier: MIT */
/*
 * The parts of litmus-run fences' driver that share its cells: fences.c
 * (options, checks, output) and compile.c (compiling).
 */
#ifndef LT_FENCES_DRIVER_H
#define LT_FENCES_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "litmus/ir.h"
#include "model/model.h"
#include "run/exec.h"
#include "util/buf.h"

/* One cell of the matrix. */
struct job {
	int test;		/* index into tests */
	const char *arch, *cc, *cflags;
	const struct fx_lang *lang;	/* the test's language's side of fences */
	char cmd[1024];		/* compiler command line, without the files */
	char key[33];
	char asm_path[4096];
	bool ok;
	char why[512];
	pid_t pid;
};

/* One C test of the matrix, and its source model's allowed states. */
struct test {
	char *path;
	struct lt_test *t;
	struct lt_model_result src;
	bool src_ok;
	char src_why[256];
};


/* The GNU triplet of arch (its lifter's), or NULL for an arch fences does not know. */
const char *fx_triplet_of(const char *arch);
/* First line of `cmd --version`, remembered per command. */
const char *fx_cc_version(const char *cmd);
/*
 * The thread functions of t as a run writes them, named PREFIXthread_<n>;
 * with header, lt-c11.h and the observed-local marker first.
 */
void fx_thread_source(const struct lt_test *t, const char *arch, const char *prefix,
		      bool header, struct lt_buf *out);
/* 0 when a and b share a compiler, flags and arch (one unit, one --run group). */
int fx_group_cmp(const struct job *a, const struct job *b);
/*
 * Compile the cells jobs[0..njobs) not cached yet, par compilers at a
 * time, in units, each under lim (--cc-memory's address space, and
 * --cc-timeout's CPU seconds, 0: none) and killed with its process group
 * after lim->cpu_s seconds of wall clock; each job ends ok (its asm_path
 * written) or with why.
 */
void fx_compile_jobs(struct test *tests, struct job *jobs, int njobs, int par,
		     const struct lt_exec_limits *lim, const char *cache, const char *datadir);

#endif /* LT_FENCES_DRIVER_H */
