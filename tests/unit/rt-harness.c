/* SPDX-License-Identifier: MIT */
/* The runtime's unit tests' harness: see rt-harness.h. */
#include <config.h>

#include <check.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rt-harness.h"


#ifdef __x86_64__

static char *slurp_fd(int fd)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	ssize_t n;

	ck_assert_ptr_nonnull(buf);
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len < 2) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
	}
	buf[len] = '\0';
	return buf;
}

static void parse_raw(struct raw *r)
{
	char *save = NULL, *line, *text = strdup(r->out);
	int n = 0;

	ck_assert_ptr_nonnull(text);
	r->ok = 0;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), n++) {
		switch (n) {
		case 0:
			if (strcmp(line, "litmus-raw 1"))
				goto out;
			break;
		case 1:
			if (sscanf(line, "test %63s", r->test) != 1)
				goto out;
			break;
		case 2:
			if (sscanf(line, "threads %d", &r->threads) != 1)
				goto out;
			break;
		case 3:
			if (sscanf(line, "pus %d", &r->pus) != 1)
				goto out;
			break;
		case 4:
			if (strncmp(line, "pinning ", 8))
				goto out;
			snprintf(r->pinning, sizeof(r->pinning), "%s", line + 8);
			break;
		case 5: {
			char *p = line + strlen("placement");
			int t, pu, used;

			if (strncmp(line, "placement", 9))
				goto out;
			while (sscanf(p, " %d:%d%n", &t, &pu, &used) == 2) {
				if (t != r->nplace || r->nplace >= 16)
					goto out;
				r->place[r->nplace++] = pu;
				p += used;
			}
			if (*p)
				goto out;
			break;
		}
		case 6:
			if (sscanf(line, "oversubscribed %d", &r->oversub) != 1)
				goto out;
			break;
		case 7:
			if (strncmp(line, "counters ", 9))
				goto out;
			snprintf(r->counters, sizeof(r->counters), "%s", line + 9);
			break;
		case 8:
			if (sscanf(line, "iterations %llu", &r->iters) != 1)
				goto out;
			break;
		case 9:
			if (sscanf(line, "elapsed %lf", &r->elapsed) != 1)
				goto out;
			break;
		default: {
			unsigned long long count;
			int used;

			if (!strcmp(line, "end")) {
				r->ok = !strtok_r(NULL, "\n", &save);
				goto out;
			}
			/* The sync mode and perpetual calibration (tests/sync.sh checks them). */
			if (!strncmp(line, "sync ", 5) ||
			    !strncmp(line, "calibration ", 12))
				break;
			/* Layout and instances (tests/layout.sh checks them). */
			if (!strncmp(line, "layout ", 7) ||
			    !strcmp(line, "instances 1"))
				break;
			if (sscanf(line, "state %llu%n", &count, &used) != 1 ||
			    count == 0)
				goto out;
			r->sum += count;
			r->maxcount = count > r->maxcount ? count : r->maxcount;
			if (r->nstates < MAX_STATES)
				snprintf(r->state[r->nstates], sizeof(r->state[0]),
					 "%s", line + used + (line[used] == ' '));
			r->nstates++;
			break;
		}
		}
	}
out:
	free(text);
}

void run_test(const struct lt_rt_test *t, struct raw *r, ...)
{
	char *argv[16] = { "lt-unit" };
	int argc = 1, pout[2];
	FILE *err = tmpfile();
	va_list ap;
	pid_t pid;
	int status;

	va_start(ap, r);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);

	memset(r, 0, sizeof(*r));
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(pipe(pout), 0);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(pout[0]);
		dup2(pout[1], 1);
		dup2(fileno(err), 2);
		close(pout[1]);
		_exit(lt_rt_main(t, argc, argv) & 0xff);
	}
	close(pout[1]);
	r->out = slurp_fd(pout[0]);
	close(pout[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status), "runtime child died (status %d)", status);
	r->rc = WEXITSTATUS(status);
	rewind(err);
	r->err = slurp_fd(fileno(err));
	fclose(err);
	parse_raw(r);
}

void raw_free(struct raw *r)
{
	free(r->out);
	free(r->err);
}

/* Every state is one of `allowed` (NULL-terminated); counts add up. */
void assert_states(const struct raw *r, const char *const *allowed)
{
	ck_assert_int_le(r->nstates, MAX_STATES);
	for (int s = 0; s < r->nstates; s++) {
		int found = 0;

		for (const char *const *a = allowed; *a; a++)
			found |= !strcmp(r->state[s], *a);
		ck_assert_msg(found, "state not allowed: '%s'", r->state[s]);
		for (int u = 0; u < s; u++)
			ck_assert_str_ne(r->state[u], r->state[s]);
	}
	ck_assert_uint_eq(r->sum, r->iters);
}

void assert_common(const struct raw *r, const char *name, int threads,
		   unsigned long long iters)
{
	ck_assert_msg(r->rc == 0, "exit %d, stderr: %s", r->rc, r->err);
	ck_assert_msg(r->ok, "bad raw output:\n%s", r->out);
	ck_assert_str_eq(r->test, name);
	ck_assert_int_eq(r->threads, threads);
	ck_assert_int_ge(r->pus, 1);
	ck_assert_int_eq(r->nplace, threads);
	ck_assert_uint_eq(r->iters, iters);
	ck_assert(r->elapsed >= 0);
	ck_assert_msg(!strcmp(r->pinning, "hwloc") || !strcmp(r->pinning, "sched") ||
		      !strncmp(r->pinning, "none ", 5), "pinning '%s'", r->pinning);
	/* This binary links counters-none.c: the default events are refused. */
	ck_assert_str_eq(r->counters, "unavailable: built without PAPI");
	for (int t = 0; t < r->nplace; t++)
		ck_assert_int_ge(r->place[t], -1);
}

/* The first CPU this process may run on. */
int first_cpu(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			return c;
	return 0;
}


unsigned long long state_count(const struct raw *r, const char *state)
{
	const char *p = strstr(r->out, state);
	unsigned long long c = 0;

	/* "state COUNT STATE\n" */
	while (p && p > r->out && p[-1] != ' ')
		p = strstr(p + 1, state);
	if (!p)
		return 0;
	while (p > r->out && p[-1] != '\n')
		p--;
	ck_assert_int_eq(sscanf(p, "state %llu", &c), 1);
	return c;
}

const char *const sb_loc_names[] = { "x", "y" };
const unsigned sb_loc_sizes[] = { 4, 4 };
const struct lt_rt_init sb_loc_init[] = { { 0, 0, 0 }, { 0, 0, 0 } };
const struct lt_rt_obs sb_obs[] = {
	{ "0:rax", 0, 0, 4, 1 },
	{ "1:rax", 0, 1, 4, 1 },
};

const char *const sb_tso[] = {
	"0:rax=0 1:rax=0", "0:rax=0 1:rax=1", "0:rax=1 1:rax=0",
	"0:rax=1 1:rax=1", NULL,
};

#endif /* __x86_64__ */
