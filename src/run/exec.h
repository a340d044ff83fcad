/* SPDX-License-Identifier: MIT */
/* Running child processes: compilers, and test executables under a watchdog. */
#ifndef LT_EXEC_H
#define LT_EXEC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct lt_exec_result {
	bool timed_out;
	bool interrupted;	/* *stop became true while it ran */
	int exit_code;		/* when it exited */
	int signal;		/* when a signal killed it (other than our timeout) */
	char *out;		/* captured stdout (NUL-terminated) */
	size_t outlen;
	char *err;		/* captured stderr, truncated to a few KiB */
};

/*
 * Run argv with stdout and stderr captured, in its own process group, killed
 * (the whole group) after timeout_s seconds (0: none) or when *stop becomes
 * non-zero.  Returns 0 when the child ran (see res), -1 with why on a
 * system error (fork, pipe).
 */
int exec_capture(char *const argv[], unsigned timeout_s,
		 volatile sig_atomic_t *stop, struct lt_exec_result *res,
		 char *why, size_t len);
void exec_result_free(struct lt_exec_result *res);

/* Start argv with stdout/stderr to the given fds; returns the pid or -1. */
pid_t exec_spawn(char *const argv[], int out_fd, int err_fd);

/* Split a command line on blanks into a NULL-terminated argv (no shell). */
char **exec_split(const char *cmd, int *argc);
void exec_argv_free(char **argv);

#endif /* LT_EXEC_H */
