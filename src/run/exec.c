/* SPDX-License-Identifier: MIT */
/*
 * Child processes.  Test executables run in their own process group so the
 * watchdog can kill every thread and helper at once, and with a parent-death
 * signal so that a killed litmus-run never leaves a kernel spinning.  A
 * helper that leaves the group (setsid) is still ours: litmus-run is a
 * child subreaper, so orphans of a test become its children and are killed
 * when the test ends.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/exec.h"
#include "util/buf.h"

#define LT_STDERR_KEEP 8192
/* After its end (or its kill), how long a test's pipes are still read. */
#define LT_DRAIN_GRACE_S 2.0

static void set_limit(int resource, rlim_t v)
{
	struct rlimit rl = { v, v };

	setrlimit(resource, &rl);
}

static void child_setup(pid_t parent, int out_fd, int err_fd,
			const struct lt_exec_limits *lim)
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
	/* Inherited by everything it starts (cc1, as, ld): each is bounded. */
	if (lim && lim->cpu_s)
		set_limit(RLIMIT_CPU, lim->cpu_s);
	if (lim && lim->as_bytes)
		set_limit(RLIMIT_AS, (rlim_t)lim->as_bytes);
}

pid_t exec_spawn_limited(char *const argv[], int out_fd, int err_fd,
			 const struct lt_exec_limits *lim)
{
	pid_t parent = getpid(), pid = fork();

	if (pid != 0)
		return pid;
	child_setup(parent, out_fd, err_fd, lim);
	execvp(argv[0], argv);
	fprintf(stderr, "litmus-run: cannot execute %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

pid_t exec_spawn(char *const argv[], int out_fd, int err_fd)
{
	return exec_spawn_limited(argv, out_fd, err_fd, NULL);
}

/* The parent pid in /proc/PID/stat (after the command name's ')'), or -1. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	long ppid;
	int fd;

	if (!lt_snprintf_ok(path, sizeof(path), "/proc/%s/stat", pid))
		return -1;	/* no pid is that long */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %ld", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

/*
 * Kill and reap every child we have.  Only called when no other child of
 * ours is running (tests run one at a time, after the builds): what is left
 * is a test's orphans, reparented to us by PR_SET_CHILD_SUBREAPER.  Ends
 * when we have no child at all, so no descendant of the test is alive: one
 * that is would have an ancestor among our children.
 */
static void reap_orphans(void)
{
	pid_t self = getpid();

	for (int round = 0; round < 1000; round++) {
		DIR *d;
		struct dirent *de;
		pid_t w = waitpid(-1, NULL, WNOHANG);

		if (w < 0 && errno == ECHILD)
			return;
		if (w > 0)
			continue;
		d = opendir("/proc");
		if (!d)
			return;
		while ((de = readdir(d)))
			if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
			    parent_of(de->d_name) == self)
				kill((pid_t)atol(de->d_name), SIGKILL);
		closedir(d);
		/* Give the killed a moment to become reapable. */
		poll(NULL, 0, 10);
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Read what is available from fd into b; returns 0 at EOF, 1 otherwise,
 * 2 when b would grow past cap (what fits is kept).
 */
static int drain(int fd, struct lt_buf *b, size_t cap)
{
	char chunk[65536];
	ssize_t n = read(fd, chunk, sizeof(chunk));

	if (n < 0)
		return (errno == EINTR || errno == EAGAIN) ? 1 : 0;
	if (n == 0)
		return 0;
	if ((size_t)n > cap - b->len) {
		lt_buf_putn(b, chunk, cap - b->len);
		return 2;
	}
	lt_buf_putn(b, chunk, (size_t)n);
	return 1;
}

/*
 * The watchdog.  It never waits for EOF on its own terms: a helper that
 * left the process group can hold the pipes open forever, so reading stops
 * LT_DRAIN_GRACE_S after the child ended or was killed, whatever is still
 * open; and whatever the test left running is killed at the end.
 */
int exec_capture(char *const argv[], unsigned timeout_s,
		 volatile sig_atomic_t *stop, struct lt_exec_result *res,
		 char *why, size_t len)
{
	struct lt_buf out = LT_BUF_INIT, err = LT_BUF_INIT;
	int po[2], pe[2], status = 0;
	bool open_o = true, open_e = true, killed = false, exited = false;
	double deadline = timeout_s ? now_s() + timeout_s : 0, stop_reading = 0;
	double kill_at = 0;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	/* Orphans of the test (a daemonised helper) become ours to kill. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
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

	for (;;) {
		struct pollfd fds[2];
		int nfds = 0;
		double t = now_s();

		if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
			exited = true;
			if (!stop_reading)
				stop_reading = t + LT_DRAIN_GRACE_S;
		}
		if (!killed && !exited && !res->timed_out && deadline &&
		    t >= deadline && !(stop && *stop)) {
			/*
			 * The timeout: SIGTERM first, so that a test executable
			 * prints the histogram of what it ran (src/runtime),
			 * SIGKILL if it has not ended LT_EXEC_TERM_GRACE_S later.
			 */
			res->timed_out = true;
			kill(-pid, SIGTERM);
			kill(pid, SIGTERM);
			kill_at = t + LT_EXEC_TERM_GRACE_S;
		}
		if (!killed && !exited && ((stop && *stop) ||
					   (kill_at && t >= kill_at))) {
			if (stop && *stop)
				res->interrupted = true;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = true;
			stop_reading = t + LT_DRAIN_GRACE_S;
		}
		if (exited && !open_o && !open_e)
			break;
		if (stop_reading && t >= stop_reading)
			break;
		if (open_o)
			fds[nfds++] = (struct pollfd){ .fd = po[0], .events = POLLIN };
		if (open_e)
			fds[nfds++] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
		/* With both pipes closed, this only waits for the child's end. */
		if (poll(fds, (nfds_t)nfds, 100) <= 0)
			continue;
		for (int k = 0; k < nfds; k++) {
			int r;

			if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (fds[k].fd == pe[0] && !drain(pe[0], &err, LT_STDERR_KEEP))
				open_e = false;
			if (fds[k].fd != po[0])
				continue;
			r = drain(po[0], &out, LT_EXEC_STDOUT_MAX);
			if (r == 0)
				open_o = false;
			if (r == 2 && !killed) {
				/* A flood: no histogram is that large. */
				res->too_large = true;
				kill(-pid, SIGKILL);
				kill(pid, SIGKILL);
				killed = true;
				open_o = false;
				stop_reading = t;
			}
		}
	}
	close(po[0]);
	close(pe[0]);
	if (!exited) {
		/* Reading stopped at the deadline: the child was killed. */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	/* Helpers the kernel forked must not outlive it. */
	kill(-pid, SIGKILL);
	reap_orphans();

	if (WIFEXITED(status))
		res->exit_code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status) && !killed && !res->timed_out)
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
