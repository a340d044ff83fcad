/* SPDX-License-Identifier: MIT */
/*
 * The model checker's state, shared by its three parts: check-run.c runs
 * each thread over its semantic form into traces, check-cand.c builds the
 * candidate executions (rf and co over one trace per thread) and asks the
 * model, and check.c lowers the threads and reports (how it all works is
 * explained there).  Internal to src/model.
 */
#ifndef LT_MODEL_CHECK_H
#define LT_MODEL_CHECK_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "litmus/ir.h"
#include "model/cand.h"
#include "model/sem.h"

#define LT_MAX_TEV	32	/* events of one thread's trace */
#define LT_MAX_STEPS	256	/* instructions one thread path may execute */
#define LT_UNROLL	2	/* back jumps to one target a path may take (herd's) */
#define LT_MAX_LOOPS	8	/* distinct back-jump targets of one path */
#define LT_MAX_VALUES	64	/* distinct values written to one location */
#define LT_MAX_TRACES	4096	/* traces of one thread */

struct tval {
	struct lt_value v;
	lt_set deps;		/* thread-local read events the value depends on */
	/*
	 * The same through herd's pick dependencies too (iico_ctrl: the
	 * flags choosing a CSEL operand, a CAS comparison): pdeps >= deps.
	 */
	lt_set pdeps;
};

/* A complete path of one thread. */
struct trace {
	int nev;
	struct lt_event ev[LT_MAX_TEV];
	/*
	 * Dependencies: while running, per event the reads it depends on;
	 * once recorded, per read the events that depend on it (the
	 * direction of herd's addr, data and ctrl).
	 */
	lt_set addr[LT_MAX_TEV], data[LT_MAX_TEV], ctrl[LT_MAX_TEV];
	/* The pick versions (herd's pick-addr-dep, pick-data-dep, pick-ctrl-dep). */
	lt_set paddr[LT_MAX_TEV], pdata[LT_MAX_TEV], pctrl[LT_MAX_TEV];
	/*
	 * While running, per memory event: every read it is reached from
	 * through register dataflow and memory (herd's dtrm, pick-dtrm),
	 * other instructions' or not.  Once recorded, pin holds herd's
	 * pick-basic-dep per read, other instructions' events only.
	 */
	lt_set din[LT_MAX_TEV], pin[LT_MAX_TEV];
	int rmw_w[LT_MAX_TEV];	/* read: its RMW's write, or -1 */
	struct lt_value *regs;	/* final values, indexed like test->regs */
};

/* A thread part-way along one path. */
struct tstate {
	int pc, u, steps;
	struct tval *regs;
	struct tval tmp[LT_SEM_MAX_TMP];
	bool zf, sf, cf, of;
	lt_set fdeps, fpdeps;	/* the flags' dependencies (data, pick) */
	lt_set ctrl, pctrl;	/* reads the path so far depends on (data, pick) */
	int rmw_open;		/* the RMW read of the current instruction, or -1 */
	int excl_open;		/* the open load-exclusive, or -1 */
	int inst_first;		/* first event of the current instruction */
	int excl_n;		/* mixed size: cells the load-exclusive read */
	int rmw_n;		/* mixed size: cells the RMW's read covers */
	int nloops;		/* back-jump targets taken, and how often */
	int loop_to[LT_MAX_LOOPS], loop_n[LT_MAX_LOOPS];
	struct trace tr;
};

struct valset {
	int n;
	int committed;		/* values of the previous rounds: what reads see */
	struct lt_value v[LT_MAX_VALUES];
	unsigned width;		/* access width seen (0: none yet) */
};

struct ctx {
	const struct lt_test *t;
	const struct lt_model *m;
	struct lt_error *err;
	/*
	 * Where values live.  A test whose accesses all cover whole
	 * locations has a cell per location (cell l is location l).  A
	 * mixed-size test (herd's -variant mixed) is checked again with
	 * each location cut into cells of `gran` bytes, the granule herd
	 * picks: the smallest access size of the test, or half of it when
	 * the test has one size only.  An access of n granules is then n
	 * events, one per cell, each reading from or written to its cell
	 * (rf, co, loc and the models' po-loc are per cell: herd's byte
	 * events), and a register or final location value is its cells put
	 * back together, little-endian.  Cells hold the granule's bits as
	 * an unsigned integer.
	 */
	bool mixed;
	bool need_mixed;	/* the single-size run met a partial access */
	bool bad_access;	/* an access outside the locations (lt_model_result) */
	unsigned gran;		/* mixed: bytes of a cell */
	int ncells;
	int *cell0;		/* per location: its first cell */
	int *loc_bytes;		/* mixed: per location, its size in bytes */
	struct lt_value *cinit;	/* per cell: its initial value */
	struct valset *V;	/* per cell */
	bool grew;
	bool admit;		/* this round's store values still matter */
	/* per thread */
	int nth;
	/*
	 * The instructions each thread runs: the test's own for asm tests,
	 * the pseudo-instructions of a language's lower_thread (arch/c/sem.c),
	 * whose hidden locals widen the register file to nregs.
	 */
	const struct lt_thread **thr;
	struct lt_sem_thread *whole;	/* threads lowered whole (languages) */
	int nregs;
	struct lt_sem **sem;
	struct trace **traces;
	int *ntraces;
	/* the candidate being built */
	int *choice;
	struct lt_cand c;
	int nreads;
	int reads[LT_MAX_EVENTS];
	int rf_src[LT_MAX_EVENTS];	/* write event, or -1 for the initial value */
	int rf_branch_after[LT_MAX_EVENTS];	/* reads after k with a choice */
	/*
	 * Mixed size: per event, the first event of its access (the reads
	 * or the writes of one instruction instance), and per access its
	 * number of cells.
	 */
	int acc0[LT_MAX_EVENTS], acc_n[LT_MAX_EVENTS];
	struct color {
		int nw, placed;
		int w[LT_MAX_EVENTS];	/* the location's writes */
		int order[LT_MAX_EVENTS];	/* co prefix */
		lt_set wmask, placed_mask;
	} *co;
	/* results */
	struct lt_value *scratch;
	struct lt_value *states;
	int nstates, capstates;
	int *slots, nslots;	/* hash table of state indices, -1: empty */
	uint64_t pos, neg, cands, pruned;
	bool undefined;		/* some counted execution has undefined behaviour */
	/* the budget (model.h): its end on CLOCK_MONOTONIC, 0: none */
	double deadline;
	volatile sig_atomic_t *stop;
	uint64_t steps;		/* enumeration steps, for polling the clock */
	int out;		/* LT_EMODEL_TIMEOUT/STOPPED once spent, else 0 */
};

/*
 * Is the budget spent?  Called at every step of the enumeration: the stop
 * flag is one load, the clock is read every CHK_POLL steps (a step is a
 * few microseconds at most, so the deadline is overrun by milliseconds).
 */
#define CHK_POLL	4096
bool chk_budget_poll(struct ctx *x);

static inline bool chk_spent(struct ctx *x)
{
	if (x->out)
		return true;
	if ((x->stop && *x->stop) || (x->deadline > 0 && ++x->steps % CHK_POLL == 0))
		return chk_budget_poll(x);
	return false;
}

/* Addresses are equal when their location and byte offset (i) are. */
static inline bool value_eq(struct lt_value a, struct lt_value b)
{
	if (a.is_sym != b.is_sym)
		return false;
	return a.is_sym ? a.loc == b.loc && a.i == b.i : a.i == b.i;
}

/* Set x->err at pos; returns LT_EMODEL_UNSUPPORTED. */
int chk_fail(struct ctx *x, struct lt_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * check.c: cut the locations into cells, single-size (x->mixed false) or
 * mixed-size; LT_EMODEL_UNSUPPORTED with x->err set when the test's
 * locations cannot be cut so.
 */
int chk_layout(struct ctx *x);

/* check-run.c: every path of every thread, with the last round's values. */
int chk_enumerate_traces(struct ctx *x);
/* Drop the paths no source can justify (models that imply SC per location). */
void chk_filter_traces(struct ctx *x);
void chk_free_traces(struct ctx *x);

/* check-cand.c: every combination of one trace per thread from thread th. */
int chk_combine(struct ctx *x, int th);
/* The order of final states (observed values), as the report lists them. */
int chk_cmp_state(const struct lt_test *t, const struct lt_value *a,
		  const struct lt_value *b);

#endif /* LT_MODEL_CHECK_H */
