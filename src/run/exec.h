/* SPDX-License-Identifier: MIT */
/* Running child processes: compilers, and test executables under a watchdog. */
#ifndef LT_EXEC_H
#define LT_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The most of a test's stdout that is kept: a histogram is a few KiB, so a
 * test that writes more is killed and reported as "output too large".
 */
#define LT_EXEC_STDOUT_MAX (64u << 20)

/* Resource limits for a child and all it starts (0: none). */
struct lt_exec_limits {
	unsigned cpu_s;		/* RLIMIT_CPU, per process */
	uint64_t as_bytes;	/* RLIMIT_AS, per process */
};

struct lt_exec_result {
	bool timed_out;
	bool too_large;		/* killed for writing more than LT_EXEC_STDOUT_MAX */
	bool interrupted;	/* *stop became true while it ran */
	int exit_code;		/* when it exited */
	int signal;		/* when a signal killed it (other than our timeout) */
	char *out;		/* captured stdout (NUL-terminated) */
	size_t outlen;
	char *err;		/* captured stderr, truncated to a few KiB */
};

/*
 * How long a test has between the timeout's SIGTERM (on which a test
 * executable prints what it measured so far) and the SIGKILL.
 */
#define LT_EXEC_TERM_GRACE_S 5.0

/*
 * Run argv with stdout and stderr captured, in its own process group, sent
 * SIGTERM (the whole group) after timeout_s seconds (0: none) and killed
 * LT_EXEC_TERM_GRACE_S later if it has not ended, killed at once when *stop
 * becomes non-zero, or when its stdout passes LT_EXEC_STDOUT_MAX.  Pipes are read
 * at most 2 s past the child's end or kill (a helper holding them open does
 * not keep the run waiting), and every process the child left behind, in
 * its group or not, is killed before this returns.  Returns 0 when the
 * child ran (see res), -1 with why on a system error (fork, pipe).  Not for
 * use while other children of this process run (it reaps them all).
 */
int exec_capture(char *const argv[], unsigned timeout_s,
		 volatile sig_atomic_t *stop, struct lt_exec_result *res,
		 char *why, size_t len);
void exec_result_free(struct lt_exec_result *res);

/* Start argv with stdout/stderr to the given fds; returns the pid or -1. */
pid_t exec_spawn(char *const argv[], int out_fd, int err_fd);
/* The same, under lim (NULL: none). */
pid_t exec_spawn_limited(char *const argv[], int out_fd, int err_fd,
			 const struct lt_exec_limits *lim);

/* Split a command line on blanks into a NULL-terminated argv (no shell). */
char **exec_split(const char *cmd, int *argc);
void exec_argv_free(char **argv);

#endif /* LT_EXEC_H */
