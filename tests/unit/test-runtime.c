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
#include "rt-harness.h"
#include "check-util.h"

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
/* Tests                                                                  */
/* ---------------------------------------------------------------------- */

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
	tcase_add_test(tc, test_counters_option);
	tcase_add_test(tc, test_counters_parse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(runtime_suite());
}

#endif /* __x86_64__ */
