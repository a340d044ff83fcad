/* SPDX-License-Identifier: MIT */
/*
 * The harness compiled into every test executable: the contract between the
 * generated kernel source (src/gen) and the runtime (src/runtime/runtime.c).
 * Needs only libc and pthreads; hwloc is used when LT_HAVE_HWLOC is defined.
 */
#ifndef LT_RUNTIME_H
#define LT_RUNTIME_H

#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"	/* arch/arch.h: lt_cpu_relax(), lt_timebase(), LT_CACHE_LINE */

/* How a location's cell is initialised before each iteration. */
struct lt_rt_init {
	int is_sym;		/* 1: the address of location `sym` of the same iteration */
	int64_t value;
	int sym;
};

/* One observable of an outcome, in the order the outcome prints them. */
struct lt_rt_obs {
	const char *name;	/* "0:rax" or "x" */
	int is_loc;		/* 1: final value of location `index`; 0: register slot `index` */
	int index;
	unsigned size;		/* bytes: 1, 2, 4 or 8 */
	int is_signed;
};

struct lt_rt_run;
typedef void (*lt_rt_thread_fn)(struct lt_rt_run *run, int thread);

/* A test as the generator describes it. */
struct lt_rt_test {
	const char *name;
	int nthreads;
	int nlocs;
	const char *const *loc_names;
	const unsigned *loc_sizes;	/* bytes */
	const struct lt_rt_init *loc_init;
	int nobs;
	const struct lt_rt_obs *obs;
	int nslots;			/* register output slots per iteration */
	const lt_rt_thread_fn *threads;	/* nthreads entries */
};

/*
 * State shared by the threads during one batch of iterations.  Cells of
 * location L in iteration i live at cells + i * iter_stride + L * loc_stride
 * (strides in 64-bit words); each cell is 8 bytes, zero beyond its type.
 */
struct lt_rt_run {
	const struct lt_rt_test *test;
	uint64_t *cells;
	size_t iter_stride;
	size_t loc_stride;
	size_t n;			/* iterations in this batch */
	uint64_t *out;			/* register slots: out[i * nslots + slot] */
	int yield;			/* more threads than PUs: yield, never spin */
	/* The per-iteration barrier: a counter on its own cache line. */
	_Alignas(LT_CACHE_LINE) atomic_ulong bar;
	char pad_bar[LT_CACHE_LINE - sizeof(atomic_ulong)];
	/* Private to runtime.c. */
	_Alignas(LT_CACHE_LINE) atomic_ulong batch_gen;
	char pad_gen[LT_CACHE_LINE - sizeof(atomic_ulong)];
	atomic_ulong batch_done;
	atomic_int stop;
};

static inline uint64_t *lt_rt_cells(const struct lt_rt_run *run, size_t i)
{
	return run->cells + i * run->iter_stride;
}

static inline uint64_t *lt_rt_cell(const struct lt_rt_run *run, uint64_t *it,
				   int loc)
{
	return it + (size_t)loc * run->loc_stride;
}

static inline void lt_rt_yield(void)
{
	sched_yield();
}

/*
 * Spins of lt_rt_barrier before it yields anyway: far above a normal wait
 * (well under a microsecond), far below a scheduler time slice, so a
 * partner that was preempted gets its PU back instead of a slice of
 * spinning (which is what would make an unpinned run crawl).
 */
#define LT_RT_BARRIER_SPINS 4096

/*
 * Wait until every thread has reached iteration i of the batch.  One shared
 * counter: each thread adds one, then waits for (i + 1) * nthreads.
 */
static inline void lt_rt_barrier(struct lt_rt_run *run, size_t i)
{
	unsigned long target = (unsigned long)(i + 1) *
			       (unsigned long)run->test->nthreads;
	unsigned spins = 0;

	atomic_fetch_add_explicit(&run->bar, 1, memory_order_acq_rel);
	while (atomic_load_explicit(&run->bar, memory_order_acquire) < target) {
		if (run->yield || spins >= LT_RT_BARRIER_SPINS) {
			lt_rt_yield();
		} else {
			spins++;
			lt_cpu_relax();
		}
	}
}

/* Entry point called by the generated main(). */
int lt_rt_main(const struct lt_rt_test *test, int argc, char **argv);

#endif /* LT_RUNTIME_H */
