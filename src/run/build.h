/* SPDX-License-Identifier: MIT */
/*
 * Building test executables: generated kernel + runtime, compiled with the
 * kernel compiler and flags, cached by a hash of everything that goes in.
 */
#ifndef LT_BUILD_H
#define LT_BUILD_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "run/exec.h"
#include "run/options.h"

struct lt_build_env {
	char datadir[PATH_MAX];		/* holds src/runtime/ and arch/ */
	char cache_dir[PATH_MAX];
	char **cc;			/* compiler argv prefix (from --cc) */
	char **cflags;			/* kernel flags (from --cflags) */
	char cc_ident[256];		/* first line of `cc --version` */
	char cc_short[128];		/* "gcc 12.2.0" */
	bool native;			/* link hwloc and PAPI into kernels */
	char *runtime_digest;		/* hash of the runtime sources */
	char **rt_objs;			/* the runtime's cached objects, or NULL */
	struct lt_exec_limits limits;	/* each compiler process's CPU and memory */
	unsigned cc_timeout_s;		/* wall clock per build (0: none) */
	int verbosity;
	/* Called after each kernel built (or failed) by build_all; NULL: none. */
	void (*on_built)(void *arg, int done, int total);
	void *on_built_arg;
};

struct lt_build_job {
	const char *source;		/* generated C */
	const char *driver;		/* the language's build_driver, or NULL */
	const char *driver_env;		/* and the variables it reads, or NULL */
	char key[33];
	char dir[PATH_MAX];		/* cache entry */
	char exe[PATH_MAX];
	bool cached;			/* already built */
	pid_t pid;
	double deadline;		/* CLOCK_MONOTONIC s; 0: none */
	unsigned limit_s;		/* the --cc-timeout it ran under */
	bool timed_out;			/* killed at its deadline */
	bool ok;
	char why[1024];			/* compiler diagnostics when !ok */
};

/* Resolve datadir, cache dir and compiler identity.  -1 with why on failure. */
int build_env_init(struct lt_build_env *env, const struct lt_options *o,
		   char *why, size_t len);
void build_env_free(struct lt_build_env *env);
/* Where the runtime sources are (for --emit).  -1 with why if nowhere. */
int build_find_datadir(char *out, size_t len, char *why, size_t wlen);
/*
 * The kernel cache directory (LITMUS_RUN_CACHE, XDG_CACHE_HOME, ~/.cache,
 * else a private one in TMPDIR), checked to be the user's alone; -1 with why.
 */
int build_cache_dir(char *out, size_t len, char *why, size_t wlen);

/*
 * The compilers' watchdog (--cc-timeout), for builds and fences' compiles:
 * each compiler runs in a process group of its own (exec_spawn), killed
 * whole (driver, cc1, as, ld) past its deadline.
 *
 * build_watch: make pid its group's leader (from here too, whichever of
 * parent and child runs first) and return its deadline, timeout_s from
 * now (0: none).
 */
#define LT_CC_TIMEOUT_DEFAULT_S 300
/* --cc-memory's default: the address space of each compiler process, in MiB. */
#define LT_CC_MEMORY_DEFAULT_MIB 4096
double build_watch(pid_t pid, unsigned timeout_s);
/* Kill pid's group if its deadline (0: none) has passed; whether it did. */
bool build_kill_overdue(pid_t pid, double deadline);
/*
 * Wait for a child to end: its pid (its group killed, for what a killed
 * driver leaves), or -1 when none is left.  Every 50 ms without one,
 * overdue(arg) is called: it calls build_kill_overdue on the compilers
 * running.
 */
pid_t build_wait(int *status, void (*overdue)(void *arg), void *arg);

/* Build every job, at most `parallel` compilers at a time. */
void build_all(struct lt_build_env *env, struct lt_build_job *jobs, int n,
	       int parallel);

#endif /* LT_BUILD_H */
