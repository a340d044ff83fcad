/* SPDX-License-Identifier: MIT */
/*
 * The harness compiled into every test executable: the contract between the
 * generated kernel source (src/gen) and the runtime (the .c files of
 * src/runtime, whose shared declarations are in rt.h).  Needs only libc and
 * pthreads; the hwloc placement backend (place-hwloc.c) alone needs more.
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
	/* Set only in kernels generated for --sync=perpetual (src/gen/perpetual.c). */
	const struct lt_rt_perpetual *perpetual;
};

/*
 * How a perpetual kernel's observable is rebuilt from what was recorded.
 * Every location is written by at most one store instruction, which in
 * iteration k of the run stores k + 1 (src/gen/perpetual.c), so a read
 * value v says exactly which of the writer's stores were visible: the
 * store of the writer's iteration j was seen iff v >= j + 1.
 */
enum lt_rt_perp_kind {
	LT_RT_PERP_CONST,	/* always `init` (a register no load writes) */
	LT_RT_PERP_LOAD,	/* register slot `slot`, loaded by thread `reader` */
	LT_RT_PERP_FINAL,	/* final value of a location with one writer */
};

struct lt_rt_perp_obs {
	int kind;		/* enum lt_rt_perp_kind */
	int reader;		/* LOAD: thread index that loads */
	int writer;		/* LOAD/FINAL: thread index that stores, or -1 */
	int slot;		/* LOAD: register slot */
	unsigned size;		/* bytes of the location */
	int64_t init;		/* the value before the writer's store */
	int64_t value;		/* the constant the test stores */
};

struct lt_rt_perpetual {
	const struct lt_rt_perp_obs *obs;	/* test->nobs entries */
	/*
	 * What the pairing searches for: the condition's proposition (and
	 * the filter) for exists and ~exists, its negation for forall.
	 */
	int (*target)(const int64_t *vals);
};

/* Per-iteration synchronisation (--sync, runtime option -S). */
enum lt_rt_sync {
	LT_RT_SYNC_SPIN,	/* one shared counter: fewer iterations/s, more witnesses/s */
	LT_RT_SYNC_FLAGS,	/* one flag per thread, each on its own line */
	LT_RT_SYNC_TIMEBASE,	/* start at a common timebase tick, no handshake */
	LT_RT_SYNC_PERPETUAL,	/* no synchronisation: perpetual kernels */
	LT_RT_SYNC_AUTO,	/* calibrate the others, run the best: auto kernels */
};

/*
 * What a --sync=auto kernel (src/gen/gen.c) adds to its barrier form: the
 * perpetual form when the test is eligible, the condition over an
 * outcome's values (NULL when it compares addresses) for counting
 * witnesses, and whether the model forbids it (1, 0, or -1: unknown),
 * which decides how the calibration ranks the modes (src/runtime/auto.c).
 */
struct lt_rt_auto {
	const struct lt_rt_test *perp;
	int (*target)(const int64_t *vals);
	int forbidden;
};

/* Most threads of a perpetual kernel (IRIW has four). */
#define LT_RT_PERP_MAX_THREADS	4

/* A per-thread barrier flag alone on its cache line. */
struct lt_rt_flag {
	_Alignas(LT_CACHE_LINE) atomic_ulong v;
	char pad[LT_CACHE_LINE - sizeof(atomic_ulong)];
};

/*
 * State shared by the threads during one batch of iterations.  Cells of
 * location L in iteration i live at cells + b * iter_stride + L * loc_stride
 * (strides in 64-bit words), b = perm[i] for a shuffled layout, else i;
 * each cell is 8 bytes, zero beyond its type.  A reused layout has
 * iter_stride 0: every iteration uses the same cells, which thread 0
 * re-initialises inside the barrier (lt_rt_barrier_reuse).
 */
struct lt_rt_run {
	const struct lt_rt_test *test;
	uint64_t *cells;
	size_t iter_stride;
	size_t loc_stride;
	const size_t *perm;		/* shuffled order: block of iteration i */
	int reuse;			/* --layout=reuse: one set of cells */
	uint64_t *fin;			/* reuse: final cells, fin[i * nlocs + L] */
	size_t n;			/* iterations in this batch */
	uint64_t *out;			/* register slots: out[i * nslots + slot];
					 * perpetual kernels: out[slot * cap + i] */
	size_t cap;			/* iterations a batch may hold */
	int yield;			/* more threads than PUs: yield, never spin */
	int sync;			/* enum lt_rt_sync */
	struct lt_rt_flag *flags;	/* FLAGS: nthreads flags */
	atomic_uint *lead;		/* SPIN: per iteration, set by its leader */
	uint64_t tb_start;		/* TIMEBASE: tick at which iteration 0 starts */
	uint64_t tb_period;		/* TIMEBASE: ticks between iteration starts */
	uint64_t base;			/* PERPETUAL: run iterations before this batch */
	/* PERPETUAL: thread t pauses pmin[t] plus 0..pspan[t] (uniformly
	 * drawn) after each iteration (lt_rt_delay). */
	unsigned pmin[LT_RT_PERP_MAX_THREADS];
	unsigned pspan[LT_RT_PERP_MAX_THREADS];
	/* Reuse: the threads' arrivals, a counter on its own cache line. */
	_Alignas(LT_CACHE_LINE) atomic_ulong bar;
	char pad_bar[LT_CACHE_LINE - sizeof(atomic_ulong)];
	/* Reuse: iterations thread 0 has re-initialised the cells for. */
	_Alignas(LT_CACHE_LINE) atomic_ulong go;
	char pad_go[LT_CACHE_LINE - sizeof(atomic_ulong)];
	/* Private to the runtime (rt.h). */
	_Alignas(LT_CACHE_LINE) atomic_ulong batch_gen;
	char pad_gen[LT_CACHE_LINE - sizeof(atomic_ulong)];
	atomic_ulong batch_done;
	atomic_int stop;
};

static inline uint64_t *lt_rt_cells(const struct lt_rt_run *run, size_t i)
{
	return run->cells + (run->perm ? run->perm[i] : i) * run->iter_stride;
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

static inline void lt_rt_spin_wait(const struct lt_rt_run *run,
				   unsigned *spins)
{
	if (run->yield || *spins >= LT_RT_BARRIER_SPINS) {
		lt_rt_yield();
	} else {
		(*spins)++;
		lt_cpu_relax();
	}
}

/*
 * The spin barrier: a flag per iteration, set by the iteration's leader,
 * thread i % nthreads, which then goes on at once; the others spin until
 * they see it.  One store and one line transfer per iteration, and no
 * read-modify-write (the shared counter this replaces needed the line
 * exclusive once per thread, then again for each spinner).  The leader
 * rotates, so no thread runs more than one iteration ahead of the
 * others: it waits at the next iteration another thread leads.  The full
 * fence after the store keeps the leader from starting its iteration
 * before the store has left its store buffer, so that the threads start
 * close together (litmus7's "userfence" barrier works the same way).  The
 * flags are cleared before each batch.
 */
static inline void lt_rt_barrier_lead(struct lt_rt_run *run, size_t i,
				      int thread)
{
	unsigned spins = 0;

	if ((int)(i % (size_t)run->test->nthreads) == thread) {
		atomic_store_explicit(&run->lead[i], 1, memory_order_release);
		atomic_thread_fence(memory_order_seq_cst);
		return;
	}
	while (!atomic_load_explicit(&run->lead[i], memory_order_acquire))
		lt_rt_spin_wait(run, &spins);
}

/*
 * One flag per thread, each on its own line: a thread stores i + 1 to its
 * own flag (a plain store, no read-modify-write) and reads the others'.
 * With two threads each line crosses once per iteration each way, the
 * minimum a handshake needs (the dissemination/"tournament" family in
 * Mellor-Crummey and Scott, "Algorithms for Scalable Synchronization on
 * Shared-Memory Multiprocessors", TOCS 1991).  The flags are reset
 * between batches, so no sense reversal is needed.
 */
static inline void lt_rt_barrier_flags(struct lt_rt_run *run, size_t i,
				       int thread)
{
	unsigned long want = (unsigned long)i + 1;
	int n = run->test->nthreads;

	atomic_store_explicit(&run->flags[thread].v, want, memory_order_release);
	for (int t = 0; t < n; t++) {
		unsigned spins = 0;

		if (t == thread)
			continue;
		while (atomic_load_explicit(&run->flags[t].v,
					    memory_order_acquire) < want)
			lt_rt_spin_wait(run, &spins);
	}
}

/*
 * No handshake at all: iteration i starts at tick tb_start + i * tb_period
 * on every thread (litmus7's "timebase" barrier works the same way).  A
 * thread that was delayed finds its start ticks in the past and runs
 * without waiting until it has caught up with the schedule; the cells are
 * per iteration, so being late only costs coincidence, never correctness.
 */
static inline void lt_rt_barrier_timebase(struct lt_rt_run *run, size_t i)
{
	uint64_t start = run->tb_start + (uint64_t)i * run->tb_period;

	while ((int64_t)(lt_timebase() - start) < 0) {
		if (run->yield)
			lt_rt_yield();
		else
			lt_cpu_relax();
	}
}

/* Save iteration i - 1's final cells and initialise them for iteration i. */
void lt_rt_reinit(struct lt_rt_run *run, size_t i);

/*
 * Reused cells: iteration i may start only once every thread is done with
 * iteration i - 1 and its cells hold their initial values again.  Threads
 * arrive as in the chosen mode (counter or per-thread flags); thread 0
 * then saves the final values, re-initialises, and releases the others
 * through `go`.  The release store orders the re-initialisation before
 * every other thread's acquire, hence before its kernel's accesses.
 */
static inline void lt_rt_barrier_reuse(struct lt_rt_run *run, size_t i,
				       int thread)
{
	unsigned long want = (unsigned long)i + 1;
	int n = run->test->nthreads;
	unsigned spins = 0;

	if (run->sync == LT_RT_SYNC_FLAGS)
		atomic_store_explicit(&run->flags[thread].v, want,
				      memory_order_release);
	else
		atomic_fetch_add_explicit(&run->bar, 1, memory_order_acq_rel);
	if (thread) {
		while (atomic_load_explicit(&run->go, memory_order_acquire) < want)
			lt_rt_spin_wait(run, &spins);
		return;
	}
	if (run->sync == LT_RT_SYNC_FLAGS) {
		for (int t = 1; t < n; t++)
			while (atomic_load_explicit(&run->flags[t].v,
						    memory_order_acquire) < want)
				lt_rt_spin_wait(run, &spins);
	} else {
		while (atomic_load_explicit(&run->bar, memory_order_acquire) <
		       want * (unsigned long)n)
			lt_rt_spin_wait(run, &spins);
	}
	if (i)
		lt_rt_reinit(run, i);
	atomic_store_explicit(&run->go, want, memory_order_release);
}

/*
 * Wait until every thread may start iteration i of the batch.  Not
 * inlined: with the mode switch in the loop GCC unswitches or tail-
 * duplicates the loop and with it the kernel's asm block, and a kernel is
 * one asm block per iteration (tests/asm-shape.sh checks it).  A call
 * costs a few ns against a ~240 ns cache-line handoff.
 */
static __attribute__((noinline, unused)) void lt_rt_barrier(struct lt_rt_run *run,
						    size_t i, int thread)
{
	if (run->reuse) {
		lt_rt_barrier_reuse(run, i, thread);
		return;
	}
	switch (run->sync) {
	case LT_RT_SYNC_FLAGS:
		lt_rt_barrier_flags(run, i, thread);
		break;
	case LT_RT_SYNC_TIMEBASE:
		lt_rt_barrier_timebase(run, i);
		break;
	default:
		lt_rt_barrier_lead(run, i, thread);
		break;
	}
}

/*
 * Perpetual kernels: wait min plus a varying 0 to span pauses after each
 * iteration.  Without it two threads running the same loop fall into
 * lockstep and one always reads the other's latest store, so relaxed
 * outcomes vanish (PerpLE, Melissaris et al., MICRO 2020, needed the same
 * kind of skew).  Each thread has its own min and span: the calibration
 * (src/runtime/pause.c) tunes the distribution per thread.  xorshift64:
 * cheap, and a per-thread seed.
 */
static inline void lt_rt_delay(unsigned min, unsigned span, uint64_t *rng)
{
	uint64_t x = *rng;
	unsigned k = min;

	if (span) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*rng = x;
		k += (unsigned)(x % ((uint64_t)span + 1));
	}
	while (k--)
		lt_cpu_relax();
}

/* Entry point called by the generated main(). */
int lt_rt_main(const struct lt_rt_test *test, int argc, char **argv);
/* The same for a --sync=auto kernel: test is its barrier form. */
int lt_rt_main_auto(const struct lt_rt_test *test, const struct lt_rt_auto *au,
		    int argc, char **argv);

#endif /* LT_RUNTIME_H */
