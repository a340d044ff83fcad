/* SPDX-License-Identifier: MIT */
/*
 * The runtime end to end, without the generator: hand-written kernels in the
 * generated style run through lt_rt_main in a child; the raw output is
 * checked for outcome sets and invariants only, never for counts.
 */
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

#include "counters.h"
#include "lt-runtime.h"

#ifndef __x86_64__
int main(void)
{
	printf("SKIP: the hand-written kernels of test-runtime are x86_64 only\n");
	return 77;
}
#else

/* ---------------------------------------------------------------------- */
/* Kernels, written as src/gen emits them                                 */
/* ---------------------------------------------------------------------- */

/* SB: movl $1,[x]; movl [y],eax  ||  movl $1,[y]; movl [x],eax */
static void sb_thread_0(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0), *a1 = lt_rt_cell(run, it, 1);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $1,(%[a0])\n\tmovl (%[a1]),%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0), [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + 0] = r0;
	}
}

static void sb_thread_1(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0), *a1 = lt_rt_cell(run, it, 1);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $1,(%[a1])\n\tmovl (%[a0]),%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0), [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + 1] = r0;
	}
}

static const lt_rt_thread_fn sb_threads[] = { sb_thread_0, sb_thread_1 };
static const char *const sb_loc_names[] = { "x", "y" };
static const unsigned sb_loc_sizes[] = { 4, 4 };
static const struct lt_rt_init sb_loc_init[] = { { 0, 0, 0 }, { 0, 0, 0 } };
static const struct lt_rt_obs sb_obs[] = {
	{ "0:rax", 0, 0, 4, 1 },
	{ "1:rax", 0, 1, 4, 1 },
};
static const struct lt_rt_test sb_test = {
	.name = "SB", .nthreads = 2, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 2,
	.obs = sb_obs, .nslots = 2, .threads = sb_threads,
};

/*
 * 2+2W, observing final memory, plus observables that check extension:
 * z (int16, init -2), w (uint8, init 255), a signed 32-bit register
 * holding -1 and an unsigned 8-bit one holding 0x1ff.
 */
static void w22_thread_0(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0), *a1 = lt_rt_cell(run, it, 1);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $2,(%[a0])\n\tmovl $1,(%[a1])\n\tmovl $-1,%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0), [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + 0] = r0;
	}
}

static void w22_thread_1(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0), *a1 = lt_rt_cell(run, it, 1);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $2,(%[a1])\n\tmovl $1,(%[a0])\n\tmovl $0x1ff,%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0), [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + 1] = r0;
	}
}

static const lt_rt_thread_fn w22_threads[] = { w22_thread_0, w22_thread_1 };
static const char *const w22_loc_names[] = { "x", "y", "z", "w" };
static const unsigned w22_loc_sizes[] = { 4, 4, 2, 1 };
static const struct lt_rt_init w22_loc_init[] = {
	{ 0, 0, 0 }, { 0, 0, 0 }, { 0, -2, 0 }, { 0, 255, 0 },
};
static const struct lt_rt_obs w22_obs[] = {
	{ "x", 1, 0, 4, 1 },
	{ "y", 1, 1, 4, 1 },
	{ "z", 1, 2, 2, 1 },
	{ "w", 1, 3, 1, 0 },
	{ "0:rax", 0, 0, 4, 1 },
	{ "1:rax", 0, 1, 1, 0 },
};
static const struct lt_rt_test w22_test = {
	.name = "2+2W", .nthreads = 2, .nlocs = 4, .loc_names = w22_loc_names,
	.loc_sizes = w22_loc_sizes, .loc_init = w22_loc_init, .nobs = 6,
	.obs = w22_obs, .nslots = 2, .threads = w22_threads,
};

/*
 * Symbolic values: y is initialised to the address of x, 0:rax to the
 * address of x (as the generator does for "0:rax=x"); thread 0 loads y
 * into rbx and stores through rax.
 */
static void sym_thread_0(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0), *a1 = lt_rt_cell(run, it, 1);
		uint64_t r0 = (uint64_t)(uintptr_t)a0, r1 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movq (%[a1]),%[r1]\n\tmovl $1,(%[r0])\n"
			     : [r0] "+r" (r0), [r1] "+r" (r1) : [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + 0] = r0;
		run->out[i * run->test->nslots + 1] = r1;
	}
}

static void sym_thread_1(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl (%[a0]),%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0) : "memory", "cc");
		run->out[i * run->test->nslots + 2] = r0;
	}
}

static const lt_rt_thread_fn sym_threads[] = { sym_thread_0, sym_thread_1 };
static const char *const sym_loc_names[] = { "x", "y" };
static const unsigned sym_loc_sizes[] = { 4, 8 };
static const struct lt_rt_init sym_loc_init[] = { { 0, 0, 0 }, { 1, 0, 0 } };
static const struct lt_rt_obs sym_obs[] = {
	{ "0:rax", 0, 0, 8, 0 },
	{ "0:rbx", 0, 1, 8, 0 },
	{ "y", 1, 1, 8, 0 },
	{ "x", 1, 0, 4, 1 },
	{ "1:rax", 0, 2, 4, 1 },
};
static const struct lt_rt_test sym_test = {
	.name = "SYM", .nthreads = 2, .nlocs = 2, .loc_names = sym_loc_names,
	.loc_sizes = sym_loc_sizes, .loc_init = sym_loc_init, .nobs = 5,
	.obs = sym_obs, .nslots = 3, .threads = sym_threads,
};

/* SB on a ring of five threads: more threads than this machine's PUs. */
#define RING 5

static void ring_thread(struct lt_rt_run *run, int thread)
{
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, thread);
		uint64_t *a1 = lt_rt_cell(run, it, (thread + 1) % RING);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $1,(%[a0])\n\tmovl (%[a1]),%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0), [a1] "r" (a1)
			     : "memory", "cc");
		run->out[i * run->test->nslots + thread] = r0;
	}
}

static const lt_rt_thread_fn ring_threads[RING] = {
	ring_thread, ring_thread, ring_thread, ring_thread, ring_thread,
};
static const char *const ring_loc_names[RING] = { "a", "b", "c", "d", "e" };
static const unsigned ring_loc_sizes[RING] = { 4, 4, 4, 4, 4 };
static const struct lt_rt_init ring_loc_init[RING];
static const struct lt_rt_obs ring_obs[RING] = {
	{ "0:rax", 0, 0, 4, 1 }, { "1:rax", 0, 1, 4, 1 }, { "2:rax", 0, 2, 4, 1 },
	{ "3:rax", 0, 3, 4, 1 }, { "4:rax", 0, 4, 4, 1 },
};
static const struct lt_rt_test ring_test = {
	.name = "SB5", .nthreads = RING, .nlocs = RING,
	.loc_names = ring_loc_names, .loc_sizes = ring_loc_sizes,
	.loc_init = ring_loc_init, .nobs = RING, .obs = ring_obs,
	.nslots = RING, .threads = ring_threads,
};

/* One thread: no workers, no barrier partner. */
static void one_thread_0(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t *it = lt_rt_cells(run, i);
		uint64_t *a0 = lt_rt_cell(run, it, 0);
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movl $7,(%[a0])\n\tmovl (%[a0]),%k[r0]\n"
			     : [r0] "+r" (r0) : [a0] "r" (a0) : "memory", "cc");
		run->out[i * run->test->nslots + 0] = r0;
	}
}

static const lt_rt_thread_fn one_threads[] = { one_thread_0 };
static const char *const one_loc_names[] = { "x" };
static const unsigned one_loc_sizes[] = { 4 };
static const struct lt_rt_init one_loc_init[] = { { 0, 0, 0 } };
static const struct lt_rt_obs one_obs[] = { { "0:rax", 0, 0, 4, 1 } };
static const struct lt_rt_test one_test = {
	.name = "ONE", .nthreads = 1, .nlocs = 1, .loc_names = one_loc_names,
	.loc_sizes = one_loc_sizes, .loc_init = one_loc_init, .nobs = 1,
	.obs = one_obs, .nslots = 1, .threads = one_threads,
};

/* A distinct outcome per iteration: the histogram has to grow. */
static void many_thread_0(struct lt_rt_run *run, int thread)
{
	(void)thread;
	for (size_t i = 0; i < run->n; i++) {
		uint64_t r0 = 0;

		lt_rt_barrier(run, i, thread);
		asm volatile("movq %[i],%[r0]\n" : [r0] "+r" (r0) : [i] "r" (i + 1));
		run->out[i * run->test->nslots + 0] = r0;
	}
}

static const lt_rt_thread_fn many_threads[] = { many_thread_0 };
static const char *const many_loc_names[] = { "x" };
static const unsigned many_loc_sizes[] = { 4 };
static const struct lt_rt_init many_loc_init[] = { { 0, 0, 0 } };
static const struct lt_rt_obs many_obs[] = { { "0:rax", 0, 0, 8, 0 } };
static const struct lt_rt_test many_test = {
	.name = "MANY", .nthreads = 1, .nlocs = 1, .loc_names = many_loc_names,
	.loc_sizes = many_loc_sizes, .loc_init = many_loc_init, .nobs = 1,
	.obs = many_obs, .nslots = 1, .threads = many_threads,
};

/* ---------------------------------------------------------------------- */
/* Running a test in a child and reading its raw output                    */
/* ---------------------------------------------------------------------- */

#define MAX_STATES 64

struct raw {
	int rc;			/* exit status of the child */
	char *out;		/* its stdout */
	char *err;		/* its stderr */
	/* Parsed from out; ok = 1 when the whole format was as expected. */
	int ok;
	char test[64];
	int threads, pus, oversub;
	char pinning[256];
	int nplace;
	int place[16];
	char counters[256];
	unsigned long long iters, sum;
	double elapsed;
	int nstates;			/* all of them... */
	char state[MAX_STATES][256];	/* ...of which the first few kept */
	unsigned long long maxcount;
};

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

static void run_test(const struct lt_rt_test *t, struct raw *r, ...)
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

static void raw_free(struct raw *r)
{
	free(r->out);
	free(r->err);
}

/* Every state is one of `allowed` (NULL-terminated); counts add up. */
static void assert_states(const struct raw *r, const char *const *allowed)
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

static void assert_common(const struct raw *r, const char *name, int threads,
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
static int first_cpu(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	ck_assert_int_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			return c;
	return 0;
}

/*
 * A scripted perpetual SB: instead of racing, each thread records what a
 * script says its load saw in global iteration g, as the number of the
 * other thread's stores seen (0: none).  The collection's outcomes can then
 * be checked exactly against a brute-force search of the pairing rule.
 */
#define PERP_N		3000
#define PERP_BATCH	500
static uint64_t perp_seen[2][PERP_N];

static uint64_t perp_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Each thread's iterations at times advancing by 1 to 4 ticks; a load
 * sees the other thread's stores made at least 1 to 6 ticks (a store
 * buffer's drain) before it.  Non-monotone: random values instead.
 */
static void perp_script(uint64_t seed, int monotone)
{
	static uint64_t when[2][PERP_N];
	uint64_t x = seed | 1;

	for (int th = 0; th < 2; th++)
		for (uint64_t g = 0, t = 0; g < PERP_N; g++)
			when[th][g] = t += 1 + perp_rand(&x) % 4;
	for (int th = 0; th < 2; th++) {
		uint64_t prev = 0;

		for (uint64_t g = 0; g < PERP_N; g++) {
			uint64_t lag = 1 + perp_rand(&x) % 6, v = 0;

			while (v < PERP_N && when[!th][v] + lag <= when[th][g])
				v++;
			if (!monotone)
				v = perp_rand(&x) % PERP_N;
			else if (v < prev)
				v = prev;
			perp_seen[th][g] = prev = v;
		}
	}
}

static void perp_thread(struct lt_rt_run *run, int thread)
{
	uint64_t *out = run->out + (size_t)thread * run->cap;

	for (size_t i = 0; i < run->n; i++)
		out[i] = perp_seen[thread][run->base + i];
}

static int perp_sb_target(const int64_t *v)
{
	return v[0] == 0 && v[1] == 0;
}

static const lt_rt_thread_fn perp_threads[] = { perp_thread, perp_thread };
static const struct lt_rt_perp_obs perp_sb_obs[] = {
	{ LT_RT_PERP_LOAD, 0, 1, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 1, 0, 1, 4, 0, 1 },
};
static const struct lt_rt_perpetual perp_sb = {
	.obs = perp_sb_obs, .target = perp_sb_target,
};
static const struct lt_rt_test perp_test = {
	.name = "SB", .nthreads = 2, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 2,
	.obs = sb_obs, .nslots = 2, .threads = perp_threads,
	.perpetual = &perp_sb,
};

/*
 * What the pairing rule must give for the script, by brute force over
 * every pair: iteration i of thread 0 witnesses SB iff some j of thread 1
 * in its batch missed i's store while i missed j's; otherwise its outcome
 * is that of the fragment (i, i).  counts[a * 2 + b]: 0:rax=a 1:rax=b.
 */
static void perp_expect(unsigned long long counts[4])
{
	memset(counts, 0, 4 * sizeof(counts[0]));
	for (uint64_t base = 0; base < PERP_N; base += PERP_BATCH) {
		for (uint64_t i = 0; i < PERP_BATCH; i++) {
			int wit = 0, a, b;

			for (uint64_t j = 0; j < PERP_BATCH && !wit; j++)
				wit = perp_seen[0][base + i] < base + j + 1 &&
				      perp_seen[1][base + j] < base + i + 1;
			a = perp_seen[0][base + i] >= base + i + 1;
			b = perp_seen[1][base + i] >= base + i + 1;
			counts[wit ? 0 : a * 2 + b]++;
		}
	}
}

static unsigned long long state_count(const struct raw *r, const char *state)
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

/*
 * Scripted perpetual tests with three and four threads (WRC, IRIW): slot o
 * records what its load saw in global iteration g as a count of the
 * writer's stores, from iteration times and per-load lags (a long lag on
 * some loads makes the relaxed outcomes appear).
 */
#define PN_N		240
#define PN_BATCH	24
#define PN_SLOTS	4
static uint64_t pn_seen[PN_SLOTS][PN_N];
static const struct lt_rt_perp_obs *pn_obs;
static int pn_nobs;

static void pn_script(uint64_t seed, int nthreads, const int *max_lag)
{
	static uint64_t when[4][PN_N];
	uint64_t x = seed | 1;

	for (int th = 0; th < nthreads; th++)
		for (uint64_t g = 0, t = 0; g < PN_N; g++)
			when[th][g] = t += 1 + perp_rand(&x) % 4;
	for (int o = 0; o < pn_nobs; o++) {
		int r = pn_obs[o].reader, w = pn_obs[o].writer;
		uint64_t prev = 0;

		for (uint64_t g = 0; g < PN_N; g++) {
			uint64_t lag = 1 + perp_rand(&x) % (uint64_t)max_lag[o], v = 0;

			while (v < PN_N && when[w][v] + lag <= when[r][g])
				v++;
			pn_seen[o][g] = prev = v > prev ? v : prev;
		}
	}
}

static void pn_thread(struct lt_rt_run *run, int thread)
{
	for (int o = 0; o < pn_nobs; o++)
		if (pn_obs[o].reader == thread)
			for (size_t i = 0; i < run->n; i++)
				run->out[(size_t)o * run->cap + i] = pn_seen[o][run->base + i];
}

/* WRC: x=1 || r0=x; y=1 || r1=y; r2=x.  Slots: 1:r0 (x), 2:r1 (y), 2:r2 (x). */
static int pn_wrc_target(const int64_t *v)
{
	return v[0] == 1 && v[1] == 1 && v[2] == 0;
}

static const struct lt_rt_perp_obs pn_wrc_obs[] = {
	{ LT_RT_PERP_LOAD, 1, 0, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 1, 1, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 0, 2, 4, 0, 1 },
};
static const struct lt_rt_perpetual pn_wrc = {
	.obs = pn_wrc_obs, .target = pn_wrc_target,
};
static const struct lt_rt_obs pn_wrc_rtobs[] = {
	{ "1:r0", 0, 0, 4, 1 }, { "2:r1", 0, 1, 4, 1 }, { "2:r2", 0, 2, 4, 1 },
};
static const lt_rt_thread_fn pn_threads[] = { pn_thread, pn_thread, pn_thread, pn_thread };
static const struct lt_rt_test pn_wrc_test = {
	.name = "WRC", .nthreads = 3, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 3,
	.obs = pn_wrc_rtobs, .nslots = 3, .threads = pn_threads,
	.perpetual = &pn_wrc,
};

/* IRIW: x=1 || y=1 || r0=x; r1=y || r2=y; r3=x. */
static int pn_iriw_target(const int64_t *v)
{
	return v[0] == 1 && v[1] == 0 && v[2] == 1 && v[3] == 0;
}

static const struct lt_rt_perp_obs pn_iriw_obs[] = {
	{ LT_RT_PERP_LOAD, 2, 0, 0, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 2, 1, 1, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 3, 1, 2, 4, 0, 1 },
	{ LT_RT_PERP_LOAD, 3, 0, 3, 4, 0, 1 },
};
static const struct lt_rt_perpetual pn_iriw = {
	.obs = pn_iriw_obs, .target = pn_iriw_target,
};
static const struct lt_rt_obs pn_iriw_rtobs[] = {
	{ "2:r0", 0, 0, 4, 1 }, { "2:r1", 0, 1, 4, 1 },
	{ "3:r2", 0, 2, 4, 1 }, { "3:r3", 0, 3, 4, 1 },
};
static const struct lt_rt_test pn_iriw_test = {
	.name = "IRIW", .nthreads = 4, .nlocs = 2, .loc_names = sb_loc_names,
	.loc_sizes = sb_loc_sizes, .loc_init = sb_loc_init, .nobs = 4,
	.obs = pn_iriw_rtobs, .nslots = 4, .threads = pn_threads,
	.perpetual = &pn_iriw,
};

/* The state of a tuple of iterations (batch base), as a bit per slot. */
static unsigned pn_mask(uint64_t base, const uint64_t *it)
{
	unsigned m = 0;

	for (int o = 0; o < pn_nobs; o++)
		if (pn_seen[o][base + it[pn_obs[o].reader]] >= base + it[pn_obs[o].writer] + 1)
			m |= 1u << o;
	return m;
}

/*
 * By brute force over every tuple of the other threads' iterations in the
 * batch: counts[m] for each state m (bit o: slot o saw its store).
 */
static void pn_expect(int nthreads, int (*target)(const int64_t *),
		      unsigned long long *counts)
{
	memset(counts, 0, sizeof(counts[0]) << pn_nobs);
	for (uint64_t base = 0; base < PN_N; base += PN_BATCH) {
		for (uint64_t i = 0; i < PN_BATCH; i++) {
			uint64_t it[4] = { i, 0, 0, 0 };
			int64_t v[PN_SLOTS];
			unsigned m = 0;
			int wit = 0;

			/* Odometer over it[1..nthreads-1]. */
			for (;;) {
				m = pn_mask(base, it);
				for (int o = 0; o < pn_nobs; o++)
					v[o] = (m >> o) & 1;
				if ((wit = target(v)))
					break;
				int d = 1;

				while (d < nthreads && ++it[d] == PN_BATCH)
					it[d++] = 0;
				if (d == nthreads)
					break;
			}
			if (!wit) {
				for (int d = 0; d < nthreads; d++)
					it[d] = i;
				m = pn_mask(base, it);
			}
			counts[m]++;
		}
	}
}

/* The raw output's count of state m (values 0/1 per slot). */
static unsigned long long pn_count(const struct raw *r, const struct lt_rt_test *t,
				   unsigned m)
{
	char want[128];
	size_t len = 0;

	for (int o = 0; o < t->nobs; o++)
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%s%s=%u",
					o ? " " : "", t->obs[o].name, (m >> o) & 1);
	snprintf(want + len, sizeof(want) - len, "\n");
	return state_count(r, want);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */
/* ---------------------------------------------------------------------- */

static const char *const sb_tso[] = {
	"0:rax=0 1:rax=0", "0:rax=0 1:rax=1", "0:rax=1 1:rax=0",
	"0:rax=1 1:rax=1", NULL,
};

START_TEST(test_sb)
{
	struct raw r;

	run_test(&sb_test, &r, "-n", "20000", (char *)NULL);
	assert_common(&r, "SB", 2, 20000);
	assert_states(&r, sb_tso);
	ck_assert_int_eq(r.oversub, 2 > r.pus);
	if (strncmp(r.pinning, "none", 4) && 2 <= r.pus)
		ck_assert_int_ne(r.place[0], r.place[1]);
	raw_free(&r);
}
END_TEST

START_TEST(test_sb_odd_batches)
{
	struct raw r;

	/* A last batch shorter than the others, and tiny batches. */
	run_test(&sb_test, &r, "-n", "20001", "-s", "7", "-q", (char *)NULL);
	assert_common(&r, "SB", 2, 20001);
	assert_states(&r, sb_tso);
	ck_assert_str_eq(r.err, "");
	raw_free(&r);

	/* A batch larger than the run. */
	run_test(&sb_test, &r, "-n", "3", "-s", "1000000", (char *)NULL);
	assert_common(&r, "SB", 2, 3);
	assert_states(&r, sb_tso);
	raw_free(&r);
}
END_TEST

START_TEST(test_2p2w)
{
	/* x86-TSO forbids x=2 /\ y=2; the other observables are fixed. */
	static const char *const allowed[] = {
		"x=1 y=2 z=-2 w=255 0:rax=-1 1:rax=255",
		"x=2 y=1 z=-2 w=255 0:rax=-1 1:rax=255",
		"x=1 y=1 z=-2 w=255 0:rax=-1 1:rax=255",
		NULL,
	};
	struct raw r;

	run_test(&w22_test, &r, "-n", "20000", (char *)NULL);
	assert_common(&r, "2+2W", 2, 20000);
	assert_states(&r, allowed);
	raw_free(&r);
}
END_TEST

START_TEST(test_symbolic)
{
	static const char *const allowed[] = {
		"0:rax=x 0:rbx=x y=x x=1 1:rax=0",
		"0:rax=x 0:rbx=x y=x x=1 1:rax=1",
		NULL,
	};
	struct raw r;

	run_test(&sym_test, &r, "-n", "20000", (char *)NULL);
	assert_common(&r, "SYM", 2, 20000);
	assert_states(&r, allowed);
	raw_free(&r);
}
END_TEST

START_TEST(test_oversubscribed)
{
	struct raw r;
	char allowed[32][64];
	const char *list[33];

	for (int m = 0; m < 32; m++) {
		snprintf(allowed[m], sizeof(allowed[m]),
			 "0:rax=%d 1:rax=%d 2:rax=%d 3:rax=%d 4:rax=%d",
			 m & 1, m >> 1 & 1, m >> 2 & 1, m >> 3 & 1, m >> 4 & 1);
		list[m] = allowed[m];
	}
	list[32] = NULL;
	run_test(&ring_test, &r, "-n", "5000", (char *)NULL);
	assert_common(&r, "SB5", RING, 5000);
	assert_states(&r, list);
	ck_assert_int_eq(r.oversub, RING > r.pus);
	if (r.oversub)
		ck_assert_ptr_nonnull(strstr(r.err, "share"));
	raw_free(&r);
}
END_TEST

START_TEST(test_shared_pu)
{
	char pins[32];
	struct raw r;
	int cpu = first_cpu();

	/* Both threads on one PU: they must yield to each other. */
	snprintf(pins, sizeof(pins), "%d,%d", cpu, cpu);
	run_test(&sb_test, &r, "-n", "5000", "-p", pins, (char *)NULL);
	assert_common(&r, "SB", 2, 5000);
	assert_states(&r, sb_tso);
	ck_assert_int_eq(r.oversub, 1);
	if (strncmp(r.pinning, "none", 4)) {
		ck_assert_int_eq(r.place[0], cpu);
		ck_assert_int_eq(r.place[1], cpu);
	}
	raw_free(&r);
}
END_TEST

START_TEST(test_pin_fails)
{
	struct raw r;

	/* No such PU: pinning fails, the run still completes unpinned. */
	run_test(&sb_test, &r, "-n", "5000", "-p", "4000", (char *)NULL);
	assert_common(&r, "SB", 2, 5000);
	assert_states(&r, sb_tso);
	ck_assert_msg(!strncmp(r.pinning, "none ", 5), "pinning '%s'", r.pinning);
	ck_assert_int_eq(r.place[0], -1);
	ck_assert_int_eq(r.place[1], -1);
	ck_assert_ptr_nonnull(strstr(r.err, "not pinned"));
	raw_free(&r);
}
END_TEST

START_TEST(test_one_thread)
{
	static const char *const allowed[] = { "0:rax=7", NULL };
	struct raw r;

	run_test(&one_test, &r, "-n", "1000", (char *)NULL);
	assert_common(&r, "ONE", 1, 1000);
	assert_states(&r, allowed);
	ck_assert_int_eq(r.nstates, 1);
	ck_assert_int_eq(r.oversub, 0);
	raw_free(&r);
}
END_TEST

START_TEST(test_many_outcomes)
{
	struct raw r;

	/* Batches of 1000, each outcome 1..1000 once per batch. */
	run_test(&many_test, &r, "-n", "50000", "-s", "1000", (char *)NULL);
	assert_common(&r, "MANY", 1, 50000);
	ck_assert_int_eq(r.nstates, 1000);
	ck_assert_uint_eq(r.sum, 50000);
	ck_assert_uint_eq(r.maxcount, 50);
	/* Sorted by value. */
	ck_assert_str_eq(r.state[0], "0:rax=1");
	ck_assert_str_eq(r.state[1], "0:rax=2");
	raw_free(&r);

	/* Every iteration distinct. */
	run_test(&many_test, &r, "-n", "30000", "-s", "30000", (char *)NULL);
	assert_common(&r, "MANY", 1, 30000);
	ck_assert_int_eq(r.nstates, 30000);
	ck_assert_uint_eq(r.maxcount, 1);
	ck_assert_uint_eq(r.sum, 30000);
	raw_free(&r);
}
END_TEST

START_TEST(test_options)
{
	static const char *const bad[][3] = {
		{ "-x", NULL, NULL }, { "-n", "abc", NULL }, { "-n", "0", NULL },
		{ "-n", "-5", NULL }, { "-s", "0", NULL }, { "-p", "1,,2", NULL },
		{ "-p", "a", NULL }, { "-p", "1,", NULL }, { "-n", "10", "extra" },
		{ "-n", NULL, NULL },
	};
	struct raw r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_test(&sb_test, &r, bad[i][0], bad[i][1], bad[i][2],
			 (char *)NULL);
		ck_assert_msg(r.rc == 2, "%s %s: exit %d", bad[i][0],
			      bad[i][1] ? bad[i][1] : "", r.rc);
		ck_assert_str_eq(r.out, "");
		ck_assert_str_ne(r.err, "");
		raw_free(&r);
	}
	run_test(&sb_test, &r, "-h", (char *)NULL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(r.out, "usage:"));
	raw_free(&r);
}
END_TEST

START_TEST(test_perpetual_pairing)
{
	static const char *const names[4] = {
		"0:rax=0 1:rax=0\n", "0:rax=0 1:rax=1\n",
		"0:rax=1 1:rax=0\n", "0:rax=1 1:rax=1\n",
	};
	unsigned long long want[4], wits = 0;
	char n[16], b[16];
	struct raw r;

	snprintf(n, sizeof(n), "%d", PERP_N);
	snprintf(b, sizeof(b), "%d", PERP_BATCH);
	/* Monotone reads (CoRR): exactly the brute-force outcomes. */
	for (uint64_t seed = 1; seed <= 5; seed++) {
		perp_script(seed * 0x9e3779b97f4a7c15ULL, 1);
		perp_expect(want);
		run_test(&perp_test, &r, "-n", n, "-s", b, "-d", "0", "-q",
			 (char *)NULL);
		assert_common(&r, "SB", 2, PERP_N);
		assert_states(&r, sb_tso);
		for (int k = 0; k < 4; k++)
			ck_assert_msg(state_count(&r, names[k]) == want[k],
				      "seed %d: %s: got %llu, want %llu\n%s",
				      (int)seed, names[k], state_count(&r, names[k]),
				      want[k], r.out);
		wits += want[0];
		raw_free(&r);
	}
	/* The script is not degenerate: both kinds of iteration occur. */
	ck_assert_uint_gt(wits, 0);
	ck_assert_uint_lt(wits, 5ULL * PERP_N);

	/* Reads going back (no CoRR): fewer witnesses, never invented ones. */
	perp_script(42, 0);
	perp_expect(want);
	run_test(&perp_test, &r, "-n", n, "-s", b, "-d", "0", "-q", (char *)NULL);
	assert_common(&r, "SB", 2, PERP_N);
	assert_states(&r, sb_tso);
	ck_assert_uint_le(state_count(&r, names[0]), want[0]);
	raw_free(&r);
}
END_TEST

/* -C: the events, none (no backend call at all), and refused lists. */
START_TEST(test_counters_option)
{
	static const char *const bad[] = {
		"", ",", "PAPI_TOT_CYC,", "bad name!", "PAPI_TOT_CYC;rm",
		"PAPI_TOT_CYC,PAPI_TOT_CYC",
	};
	struct raw r;

	run_test(&sb_test, &r, "-n", "100", "-C", "none", (char *)NULL);
	ck_assert_msg(r.rc == 0 && r.ok, "exit %d: %s", r.rc, r.err);
	ck_assert_str_eq(r.counters, "off");
	raw_free(&r);
	run_test(&sb_test, &r, "-n", "100", "-C", "perf::CYCLES,PAPI_L1_DCM", (char *)NULL);
	ck_assert_msg(r.rc == 0 && r.ok, "exit %d: %s", r.rc, r.err);
	ck_assert_str_eq(r.counters, "unavailable: built without PAPI");
	raw_free(&r);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_test(&sb_test, &r, "-C", bad[i], (char *)NULL);
		ck_assert_msg(r.rc == 2, "-C '%s': exit %d", bad[i], r.rc);
		ck_assert_str_eq(r.out, "");
		ck_assert_msg(strstr(r.err, "-C: "), "-C '%s': %s", bad[i], r.err);
		raw_free(&r);
	}
}
END_TEST

/* The list check litmus-run's --counters and the runtime's -C share. */
START_TEST(test_counters_parse)
{
	static const char *const bad[][2] = {
		{ "", "empty event name" }, { "A,,B", "empty event name" },
		{ ",A", "empty event name" }, { "A,", "empty event name" },
		{ "bad name!", "' ' in event name 'bad name!'" },
		{ "A,B!", "'!' in event name 'B!'" }, { "A;B", "';'" },
		{ "A$(x)", "'$'" }, { "A\tB", "byte 0x09" }, { "\xc3\xa9", "byte 0xc3" },
		{ "X,Y,X", "event 'X' listed twice" },
	};
	struct lt_counter_list l;
	char why[256], list[64 * 18], name[LT_COUNTERS_NAME_MAX + 1];

	ck_assert_int_eq(lt_counters_parse(LT_COUNTERS_DEFAULT, &l, why, sizeof(why)), 2);
	ck_assert_str_eq(l.name[0], "PAPI_TOT_CYC");
	ck_assert_str_eq(l.name[1], "PAPI_TOT_INS");
	ck_assert_int_eq(lt_counters_parse("none", &l, why, sizeof(why)), 0);
	ck_assert_int_eq(l.n, 0);
	ck_assert_int_eq(lt_counters_parse("perf::CYCLES,skx::L2_RQSTS:ALL,"
					   "a.b-c=1_Z9", &l, why, sizeof(why)), 3);
	ck_assert_str_eq(l.name[1], "skx::L2_RQSTS:ALL");
	ck_assert_str_eq(l.name[2], "a.b-c=1_Z9");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		ck_assert_msg(lt_counters_parse(bad[i][0], &l, why, sizeof(why)) == -1,
			      "'%s' accepted", bad[i][0]);
		ck_assert_msg(strstr(why, bad[i][1]), "'%s': '%s' lacks '%s'", bad[i][0],
			      why, bad[i][1]);
	}
	/* 16 events, not 17. */
	list[0] = '\0';
	for (int k = 0; k < LT_COUNTERS_MAX; k++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%sE%d",
			 k ? "," : "", k);
	ck_assert_int_eq(lt_counters_parse(list, &l, why, sizeof(why)), LT_COUNTERS_MAX);
	strcat(list, ",E99");
	ck_assert_int_eq(lt_counters_parse(list, &l, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "more than 16 events"));
	/* Names as long as PAPI's, not longer. */
	memset(name, 'N', sizeof(name) - 1);
	name[LT_COUNTERS_NAME_MAX - 1] = '\0';
	ck_assert_int_eq(lt_counters_parse(name, &l, why, sizeof(why)), 1);
	name[LT_COUNTERS_NAME_MAX - 1] = 'N';
	name[LT_COUNTERS_NAME_MAX] = '\0';
	ck_assert_int_eq(lt_counters_parse(name, &l, why, sizeof(why)), -1);
	ck_assert_ptr_nonnull(strstr(why, "at most 127"));
}
END_TEST

START_TEST(test_perpetual_more_threads)
{
	static const int wrc_lag[] = { 2, 2, 12 }, iriw_lag[] = { 2, 12, 2, 12 };
	const struct {
		const struct lt_rt_test *t;
		const struct lt_rt_perp_obs *obs;
		const int *lag;
	} cases[] = {
		{ &pn_wrc_test, pn_wrc_obs, wrc_lag },
		{ &pn_iriw_test, pn_iriw_obs, iriw_lag },
	};
	char n[16], b[16];

	snprintf(n, sizeof(n), "%d", PN_N);
	snprintf(b, sizeof(b), "%d", PN_BATCH);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct lt_rt_test *t = cases[c].t;
		unsigned long long want[1 << PN_SLOTS], wits = 0, all = 0;

		pn_obs = cases[c].obs;
		pn_nobs = t->nobs;
		for (uint64_t seed = 1; seed <= 4; seed++) {
			struct raw r;
			unsigned tm = 0;

			pn_script(seed * 0x9e3779b97f4a7c15ULL, t->nthreads, cases[c].lag);
			pn_expect(t->nthreads, t->perpetual->target, want);
			run_test(t, &r, "-n", n, "-s", b, "-d", "0", "-q", (char *)NULL);
			assert_common(&r, t->name, t->nthreads, PN_N);
			for (unsigned m = 0; m < 1u << t->nobs; m++) {
				int64_t v[PN_SLOTS];

				for (int o = 0; o < t->nobs; o++)
					v[o] = (m >> o) & 1;
				if (t->perpetual->target(v))
					tm = m;
				ck_assert_msg(pn_count(&r, t, m) == want[m],
					      "%s seed %d state %u: got %llu, want %llu\n%s",
					      t->name, (int)seed, m, pn_count(&r, t, m),
					      want[m], r.out);
			}
			wits += want[tm];
			all += PN_N;
			raw_free(&r);
		}
		/* Not degenerate: witnesses and other iterations both occur. */
		ck_assert_msg(wits > 0 && wits < all, "%s: %llu witnesses of %llu",
			      t->name, wits, all);
	}
}
END_TEST

static Suite *runtime_suite(void)
{
	Suite *s = suite_create("runtime");
	TCase *tc = tcase_create("end-to-end");

	/* Generous: a loaded CI machine, or a sanitizer build. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sb);
	tcase_add_test(tc, test_sb_odd_batches);
	tcase_add_test(tc, test_2p2w);
	tcase_add_test(tc, test_symbolic);
	tcase_add_test(tc, test_oversubscribed);
	tcase_add_test(tc, test_shared_pu);
	tcase_add_test(tc, test_pin_fails);
	tcase_add_test(tc, test_one_thread);
	tcase_add_test(tc, test_many_outcomes);
	tcase_add_test(tc, test_options);
	tcase_add_test(tc, test_perpetual_pairing);
	tcase_add_test(tc, test_perpetual_more_threads);
	tcase_add_test(tc, test_counters_option);
	tcase_add_test(tc, test_counters_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(runtime_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* __x86_64__ */
