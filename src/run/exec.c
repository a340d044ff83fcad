/* SPDX-License-Identifier: MIT */
/*
 * Child processes.  Test executables run in their own process group so the
 * watchdog can kill every thread and helper at once, and with a parent-death
 * signal so that a killed litmus-run never leaves a kernel spinning.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/exec.h"
#include "util/buf.h"

#define LT_STDERR_KEEP 8192
#define LT_STDOUT_MAX (256u << 20)

static void child_setup(pid_t parent, int out_fd, int err_fd)
{
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The parent may have died before prctl: then nobody would kill us. */
	if (getppid() != parent)
		_exit(127);
	/* Signals ignored or blocked by us must not be inherited that way. */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (out_fd >= 0 && out_fd != STDOUT_FILENO)
		dup2(out_fd, STDOUT_FILENO);
	if (err_fd >= 0 && err_fd != STDERR_FILENO)
		dup2(err_fd, STDERR_FILENO);
}

pid_t exec_spawn(char *const argv[], int out_fd, int err_fd)
{
	pid_t parent = getpid(), pid = fork();

	if (pid != 0)
		return pid;
	child_setup(parent, out_fd, err_fd);
	execvp(argv[0], argv);
	fprintf(stderr, "litmus-run: cannot execute %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read what is available from fd into b; returns 0 at EOF, 1 otherwise. */
static int drain(int fd, struct lt_buf *b, size_t cap)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0)
		return (errno == EINTR || errno == EAGAIN) ? 1 : 0;
	if (n == 0)
		return 0;
	if (b->len < cap)
		lt_buf_putn(b, chunk, (size_t)n < cap - b->len ? (size_t)n :
			    cap - b->len);
	return 1;
}

int exec_capture(char *const argv[], unsigned timeout_s,
		 volatile sig_atomic_t *stop, struct lt_exec_result *res,
		 char *why, size_t len)
{
	struct lt_buf out = LT_BUF_INIT, err = LT_BUF_INIT;
	int po[2], pe[2], status = 0;
	bool open_o = true, open_e = true, killed = false;
	double deadline = timeout_s ? now_s() + timeout_s : 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (pipe2(po, O_CLOEXEC) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(pe, O_CLOEXEC) < 0) {
		snprintf(why, len, "pipe: %s", strerror(errno));
		close(po[0]);
		close(po[1]);
		return -1;
	}
	pid = exec_spawn(argv, po[1], pe[1]);
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	/* Also set from here: the child may not have run setpgid yet when we kill. */
	setpgid(pid, pid);

	while (open_o || open_e) {
		struct pollfd fds[2];
		int nfds = 0, wait_ms = 200;

		if (!killed && ((stop && *stop) ||
				(deadline && now_s() >= deadline))) {
			if (stop && *stop)
				res->interrupted = true;
			else
				res->timed_out = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = true;
		}
		if (open_o)
			fds[nfds++] = (struct pollfd){ .fd = po[0], .events = POLLIN };
		if (open_e)
			fds[nfds++] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
		if (poll(fds, (nfds_t)nfds, wait_ms) <= 0)
			continue;
		for (int k = 0; k < nfds; k++) {
			if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (fds[k].fd == po[0] && !drain(po[0], &out, LT_STDOUT_MAX))
				open_o = false;
			if (fds[k].fd == pe[0] && !drain(pe[0], &err, LT_STDERR_KEEP))
				open_e = false;
		}
	}
	close(po[0]);
	close(pe[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* Helpers the kernel forked must not outlive it. */
	kill(-pid, SIGKILL);

	if (WIFEXITED(status))
		res->exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status) && !killed)
		res->signal = WTERMSIG(status);
	res->outlen = out.len;
	res->out = lt_buf_steal(&out);
	res->err = lt_buf_steal(&err);
	return 0;
}

void exec_result_free(struct lt_exec_result *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}

char **exec_split(const char *cmd, int *argc)
{
	char **argv = lt_xcalloc(1, sizeof(char *));
	int n = 0;

	while (cmd && *cmd) {
		const char *start;

		while (*cmd == ' ' || *cmd == '\t')
			cmd++;
		if (!*cmd)
			break;
		start = cmd;
		while (*cmd && *cmd != ' ' && *cmd != '\t')
			cmd++;
		argv = lt_xrealloc(argv, (size_t)(n + 2) * sizeof(char *));
		argv[n++] = lt_xstrndup(start, (size_t)(cmd - start));
		argv[n] = NULL;
	}
	if (argc)
		*argc = n;
	return argv;
}

void exec_argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}
