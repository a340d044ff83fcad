/* SPDX-License-Identifier: MIT */
/*
 * Candidate executions of a test and their check against a model.
 *
 * 1. Each thread is run over the semantic form of its instructions
 *    (src/model/sem.h) with concrete values.  A read may return any value
 *    some write to its location can produce: the value sets V(x) start as
 *    {init(x)} and grow in rounds, round k running every thread with the
 *    values of round k-1.  A value first produced in round k is the end of
 *    a chain of k writes each fed (through rf and a thread's dataflow) by
 *    the one before; in a candidate each write occurs once in such a chain
 *    (a chain that comes back to a write is a cycle in rf and program
 *    order, which every model here forbids), so no value needs more rounds
 *    than there are store micro-ops.  That bounds the rounds even when a
 *    read-modify-write would feed itself forever (x := x + 1); the extra
 *    values only make traces that no rf can justify.  Every value being
 *    concrete, addresses and branches are decided, and the last round
 *    yields each thread's traces: its events in program order, their
 *    dependencies, and the final registers.  Loops are unrolled as herd
 *    unrolls them (herd/mem.ml, -unroll, 2 by default): a path that
 *    jumps back to the same instruction a third time is cut off and
 *    dropped, as herd drops its cut-off executions; a retry loop around
 *    a store-exclusive that may always fail is then a few paths, not an
 *    infinite tree.  Paths over LT_MAX_STEPS instructions are refused.
 * 2. One trace per thread gives the events of a candidate.  rf is chosen
 *    read by read among the writes (or the initial value) of the same
 *    location and value, then co location by location, one coherence
 *    successor at a time.
 * 3. Pruning: after every rf choice and every co step the model is asked
 *    about the edges fixed so far.  Initial writes come first in co, so a
 *    read of the initial value is fr-before every write of its location as
 *    soon as it is chosen; once a prefix of a location's co is placed, it
 *    precedes every write not yet placed.  The models are monotone, so a
 *    cycle in the fixed part rejects the whole subtree of rf/co choices.
 *
 *    Before any combination, for models that imply SC per location, a
 *    path whose read can be justified neither by the thread's own last
 *    write to the location nor by any other thread's write is dropped.
 *    An rf choice is only checked where a later read still has a choice.
 *
 * Cost: with T traces per thread, the candidates are at most
 * prod(T_i) * prod_reads(#writes of the value + 1) * prod_locs(#writes!);
 * each check is O(n * depth) word operations on n <= 64 events.  The
 * catalogue's tests (up to 4 threads, ~8 events) take 10-30 us each; a
 * 4-thread test with 4 writes to each of 2 locations (16 events, 94k
 * consistent executions) about 0.4 s.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/ctest.h"
#include "model/c-sem.h"
#include "model/cand.h"
#include "model/model.h"
#include "model/registry.h"
#include "model/sem.h"
#include "util/buf.h"

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
	struct valset *V;	/* per location */
	bool grew;
	bool admit;		/* this round's store values still matter */
	/* per thread */
	int nth;
	/*
	 * The instructions each thread runs: the test's own for asm tests,
	 * the pseudo-instructions of the C front end (c-sem.c) for C tests,
	 * whose hidden locals widen the register file to nregs.
	 */
	const struct lt_thread **thr;
	struct lt_cprog *cprog;
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
};

static int fail(struct ctx *x, struct lt_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctx *x, struct lt_pos pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(x->err, x->t->file, pos, "%s", msg);
	return LT_EMODEL_UNSUPPORTED;
}

static bool value_eq(struct lt_value a, struct lt_value b)
{
	if (a.is_sym != b.is_sym)
		return false;
	return a.is_sym ? a.loc == b.loc : a.i == b.i;
}

static struct lt_value int_value(int64_t i)
{
	return (struct lt_value){ .is_sym = false, .i = i };
}

/* The low `width` bits of v, sign-extended: herd's values are signed. */
static int64_t canon(int64_t v, unsigned width)
{
	if (width == 0 || width >= 64)
		return v;
	return (int64_t)((uint64_t)v << (64 - width)) >> (64 - width);
}

static uint64_t umask(unsigned width)
{
	return width >= 64 || width == 0 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

/* ------------------------------------------------------------------ */
/* Running one thread                                                 */
/* ------------------------------------------------------------------ */

static const struct lt_insn *cur_insn(struct ctx *x, int th,
				      const struct tstate *st)
{
	return &x->thr[th]->insns[st->pc];
}

static struct tval get(struct ctx *x, struct tstate *st, struct lt_sem_arg a,
		       unsigned width)
{
	struct tval r = { .v = int_value(0), .deps = 0 };

	switch (a.kind) {
	case LT_SA_REG:
		r = st->regs[a.idx];
		if (!r.v.is_sym)
			r.v.i = canon(r.v.i, width);
		break;
	case LT_SA_TMP:
		r = st->tmp[a.idx];
		break;
	case LT_SA_IMM:
		r.v = int_value(canon(a.imm, width));
		break;
	case LT_SA_NONE:
		break;
	}
	return r;
}

/*
 * Register writes follow x86-64 (and AArch64 W-register) practice: a 32-bit
 * write zero-extends, an 8 or 16-bit write keeps the upper bits.
 */
static void put(struct tstate *st, struct lt_sem_arg a, struct tval v,
		unsigned width)
{
	if (a.kind == LT_SA_TMP) {
		st->tmp[a.idx] = v;
		return;
	}
	if (a.kind != LT_SA_REG)
		return;
	if (!v.v.is_sym && width == 32) {
		v.v.i = (int64_t)((uint64_t)v.v.i & UINT32_MAX);
	} else if (!v.v.is_sym && (width == 8 || width == 16)) {
		struct lt_value old = st->regs[a.idx].v;
		uint64_t m = umask(width);

		if (!old.is_sym)
			v.v.i = (int64_t)(((uint64_t)old.i & ~m) | ((uint64_t)v.v.i & m));
		v.deps |= st->regs[a.idx].deps;
		v.pdeps |= st->regs[a.idx].pdeps;
	}
	st->regs[a.idx] = v;
}

static bool cc_holds(const struct tstate *st, enum lt_cc cc)
{
	switch (cc) {
	case LT_CC_ALWAYS: return true;
	case LT_CC_EQ: return st->zf;
	case LT_CC_NE: return !st->zf;
	case LT_CC_LT: return st->sf != st->of;
	case LT_CC_LE: return st->zf || st->sf != st->of;
	case LT_CC_GT: return !st->zf && st->sf == st->of;
	case LT_CC_GE: return st->sf == st->of;
	case LT_CC_S: return st->sf;
	case LT_CC_NS: return !st->sf;
	case LT_CC_AE: return !st->cf;
	case LT_CC_B: return st->cf;
	case LT_CC_A: return !st->cf && !st->zf;
	case LT_CC_BE: return st->cf || st->zf;
	case LT_CC_O: return st->of;
	case LT_CC_NO: return !st->of;
	}
	return false;
}

/* a - b at width w: the flags of x86 cmp/sub (Intel SDM vol. 1, 3.4.3). */
static void flags_sub(struct tstate *st, int64_t a, int64_t b, unsigned w)
{
	int64_t r = canon((int64_t)((uint64_t)a - (uint64_t)b), w);
	__int128 exact = (__int128)a - b;

	st->zf = r == 0;
	st->sf = r < 0;
	st->cf = ((uint64_t)a & umask(w)) < ((uint64_t)b & umask(w));
	st->of = exact != r;
}

static int alu(struct ctx *x, struct tstate *st, const struct lt_uop *u,
	       int th)
{
	struct tval a = get(x, st, u->a, u->width), b = get(x, st, u->b, u->width);
	struct tval r = { .deps = a.deps | b.deps, .pdeps = a.pdeps | b.pdeps };
	unsigned w = u->width;
	__int128 exact = 0;

	if (a.v.is_sym || b.v.is_sym) {
		/*
		 * Addresses are symbols: only the idioms that build a false
		 * dependency survive (x ^ x, x - x = 0; x + 0 = x).
		 */
		bool same = a.v.is_sym && b.v.is_sym && a.v.loc == b.v.loc;

		if (same && (u->alu == LT_ALU_XOR || u->alu == LT_ALU_SUB)) {
			r.v = int_value(0);
		} else if (!b.v.is_sym && b.v.i == 0 && u->alu != LT_ALU_AND) {
			r.v = a.v;
		} else if (!a.v.is_sym && a.v.i == 0 &&
			   (u->alu == LT_ALU_ADD || u->alu == LT_ALU_OR ||
			    u->alu == LT_ALU_XOR)) {
			r.v = b.v;
		} else {
			return fail(x, cur_insn(x, th, st)->pos,
				    "the model does not support arithmetic on an address ('%s')",
				    cur_insn(x, th, st)->text);
		}
		put(st, u->dst, r, w);
		if (u->sets_flags) {
			st->zf = !r.v.is_sym && r.v.i == 0;
			st->sf = st->cf = st->of = false;
			st->fdeps = r.deps;
			st->fpdeps = r.pdeps;
		}
		return 0;
	}
	r.v.is_sym = false;
	switch (u->alu) {
	case LT_ALU_ADD:
		exact = (__int128)a.v.i + b.v.i;
		break;
	case LT_ALU_SUB:
		exact = (__int128)a.v.i - b.v.i;
		break;
	case LT_ALU_AND:
		exact = a.v.i & b.v.i;
		break;
	case LT_ALU_OR:
		exact = a.v.i | b.v.i;
		break;
	case LT_ALU_XOR:
		exact = a.v.i ^ b.v.i;
		break;
	case LT_ALU_SHL:
		exact = (int64_t)((uint64_t)a.v.i << (b.v.i & (w == 64 ? 63 : 31)));
		break;
	}
	r.v.i = canon((int64_t)exact, w);
	put(st, u->dst, r, w);
	if (u->sets_flags) {
		if (u->alu == LT_ALU_SUB) {
			flags_sub(st, a.v.i, b.v.i, w);
		} else {
			st->zf = r.v.i == 0;
			st->sf = r.v.i < 0;
			st->cf = u->alu == LT_ALU_ADD &&
				 (((uint64_t)a.v.i & umask(w)) +
				  ((uint64_t)b.v.i & umask(w))) > umask(w);
			if (w == 64 && u->alu == LT_ALU_ADD)
				st->cf = (uint64_t)a.v.i + (uint64_t)b.v.i < (uint64_t)a.v.i;
			st->of = u->alu == LT_ALU_ADD && exact != r.v.i;
		}
		st->fdeps = r.deps;
		st->fpdeps = r.pdeps;
	}
	return 0;
}

/* The location an access goes to, and the reads its address depends on. */
static int address(struct ctx *x, struct tstate *st, const struct lt_uop *u,
		   int th, int *loc, lt_set *deps, lt_set *pdeps)
{
	const struct lt_sem_addr *a = &u->addr;
	struct tval base = { .v = int_value(0) }, index = { .v = int_value(0) };

	*deps = *pdeps = 0;
	if (a->loc >= 0 && a->disp == 0) {
		*loc = a->loc;
		return 0;
	}
	if (a->base.kind != LT_SA_NONE)
		base = get(x, st, a->base, 64);
	if (a->index.kind != LT_SA_NONE)
		index = get(x, st, a->index, 64);
	*deps = base.deps | index.deps;
	*pdeps = base.pdeps | index.pdeps;
	/*
	 * An indexed form may hold the location in either register (POWER's
	 * "lwzx r4,r3,r5" with r3 = 0 and r5 = x): the symbol is the base.
	 */
	if (a->loc < 0 && index.v.is_sym && !base.v.is_sym && a->scale == 1) {
		struct tval t = base;

		base = index;
		index = t;
	}
	if (a->loc < 0 && base.v.is_sym && !index.v.is_sym &&
	    index.v.i * a->scale + a->disp == 0) {
		*loc = base.v.loc;
		return 0;
	}
	return fail(x, cur_insn(x, th, st)->pos,
		    "the model does not support this address ('%s': not exactly a location)",
		    cur_insn(x, th, st)->text);
}

static int check_width(struct ctx *x, struct tstate *st, int th, int loc,
		       unsigned width)
{
	struct valset *vs = &x->V[loc];

	if (vs->width == 0)
		vs->width = width;
	if (vs->width != width)
		return fail(x, cur_insn(x, th, st)->pos,
			    "the model does not support mixed-size accesses to '%s' (%u and %u bits)",
			    x->t->locs[loc].name, vs->width, width);
	return 0;
}

static int new_event(struct ctx *x, struct tstate *st, int th,
		     enum lt_ev_kind kind)
{
	struct trace *tr = &st->tr;
	int k = tr->nev;

	if (k == LT_MAX_TEV)
		return fail(x, cur_insn(x, th, st)->pos,
			    "the model does not support more than %d memory events per thread",
			    LT_MAX_TEV);
	memset(&tr->ev[k], 0, sizeof(tr->ev[k]));
	tr->ev[k].kind = kind;
	tr->ev[k].thread = th;
	tr->ev[k].insn = st->pc;
	tr->ev[k].inst = st->steps;
	tr->ev[k].loc = -1;
	tr->addr[k] = tr->data[k] = 0;
	tr->paddr[k] = tr->pdata[k] = tr->din[k] = tr->pin[k] = 0;
	tr->ctrl[k] = st->ctrl;
	tr->pctrl[k] = st->pctrl;
	tr->rmw_w[k] = -1;
	tr->nev++;
	return k;
}

static void add_value(struct ctx *x, int loc, struct lt_value v, int *rc,
		      struct tstate *st, int th)
{
	struct valset *vs = &x->V[loc];

	for (int k = 0; k < vs->n; k++)
		if (value_eq(vs->v[k], v))
			return;
	if (!x->admit)
		return;
	if (vs->n == LT_MAX_VALUES) {
		*rc = fail(x, cur_insn(x, th, st)->pos,
			   "the model does not support more than %d values per location",
			   LT_MAX_VALUES);
		return;
	}
	vs->v[vs->n++] = v;
	x->grew = true;
}

static struct tstate *clone(const struct ctx *x, const struct tstate *st)
{
	struct tstate *c = lt_xmalloc(sizeof(*c));

	*c = *st;
	c->regs = lt_xmalloc((size_t)x->nregs * sizeof(*c->regs));
	memcpy(c->regs, st->regs, (size_t)x->nregs * sizeof(*c->regs));
	return c;
}

static void drop(struct tstate *st)
{
	free(st->regs);
	free(st);
}

static int find_label(const struct lt_thread *th, const char *name)
{
	for (int k = 0; k < th->ninsns; k++)
		if (th->insns[k].label && strcmp(th->insns[k].label, name) == 0)
			return k;
	return -1;
}

static int record(struct ctx *x, int th, struct tstate *st)
{
	struct trace *tr;

	if (x->ntraces[th] == LT_MAX_TRACES)
		return fail(x, (struct lt_pos){ 0, 0 },
			    "the model does not support more than %d paths in a thread",
			    LT_MAX_TRACES);
	if ((x->ntraces[th] & (x->ntraces[th] - 1)) == 0)
		x->traces[th] = lt_xrealloc(x->traces[th],
					    (size_t)(x->ntraces[th] ? 2 * x->ntraces[th] : 1) *
					    sizeof(struct trace));
	tr = &x->traces[th][x->ntraces[th]++];
	*tr = st->tr;
	for (int e = 0; e < tr->nev; e++) {
		tr->addr[e] = tr->data[e] = tr->ctrl[e] = 0;
		tr->paddr[e] = tr->pdata[e] = tr->pctrl[e] = tr->pin[e] = 0;
	}
	for (int e = 0; e < tr->nev; e++) {
		for (int r = 0; r < tr->nev; r++) {
			lt_set bit = (lt_set)1 << e;

			if (st->tr.addr[e] >> r & 1)
				tr->addr[r] |= bit;
			if (st->tr.data[e] >> r & 1)
				tr->data[r] |= bit;
			if (st->tr.ctrl[e] >> r & 1)
				tr->ctrl[r] |= bit;
			if (st->tr.paddr[e] >> r & 1)
				tr->paddr[r] |= bit;
			if (st->tr.pdata[e] >> r & 1)
				tr->pdata[r] |= bit;
			if (st->tr.pctrl[e] >> r & 1)
				tr->pctrl[r] |= bit;
			if ((st->tr.pin[e] >> r & 1) &&
			    tr->ev[r].inst != tr->ev[e].inst)
				tr->pin[r] |= bit;
		}
	}
	tr->regs = lt_xmalloc((size_t)x->nregs * sizeof(*tr->regs));
	for (int k = 0; k < x->nregs; k++)
		tr->regs[k] = st->regs[k].v;
	return 0;
}

/* Run thread th from st to the end of every path; st is consumed. */
static int run(struct ctx *x, int th, struct tstate *st)
{
	const struct lt_thread *thr = x->thr[th];
	int rc = 0;

	for (;;) {
		const struct lt_sem *sem;
		const struct lt_uop *u;
		struct tval v;
		lt_set deps, pdeps, same;
		int loc, e;

		if (st->pc >= thr->ninsns) {
			rc = record(x, th, st);
			break;
		}
		sem = &x->sem[th][st->pc];
		if (st->u >= sem->nuops) {
			st->pc++;
			st->u = 0;
			st->rmw_open = -1;
			st->inst_first = st->tr.nev;
			if (++st->steps > LT_MAX_STEPS) {
				rc = fail(x, thr->insns[0].pos,
					  "the model does not support loops (P%d runs over %d instructions)",
					  thr->id, LT_MAX_STEPS);
				break;
			}
			continue;
		}
		u = &sem->uops[st->u++];
		/* This instruction's own events, which herd's deps leave out. */
		same = ~(((lt_set)1 << st->inst_first) - 1);
		switch (u->kind) {
		case LT_UOP_MOV:
			if (cc_holds(st, u->cc)) {
				v = get(x, st, u->a, u->width);
				if (u->cc != LT_CC_ALWAYS && u->pick_cc) {
					v.pdeps |= st->fpdeps;
				} else if (u->cc != LT_CC_ALWAYS) {
					v.deps |= st->fdeps;
					v.pdeps |= st->fpdeps;
				}
				v.pdeps |= get(x, st, u->c, 64).pdeps;
				put(st, u->dst, v, u->width);
			}
			break;
		case LT_UOP_CHOOSE: {
			struct tstate *c = clone(x, st);

			c->u = u->to;
			rc = run(x, th, c);
			break;
		}
		case LT_UOP_SKIP:
			st->u = u->to;
			break;
		case LT_UOP_ASSUME: {
			struct tval a = get(x, st, u->a, u->width);
			struct tval b = get(x, st, u->b, u->width);

			if (value_eq(a.v, b.v) != (u->cc == LT_CC_EQ)) {
				drop(st);	/* no execution takes this path */
				return 0;
			}
			break;
		}
		case LT_UOP_CLREX:
			st->excl_open = -1;
			break;
		case LT_UOP_ALU:
			rc = alu(x, st, u, th);
			break;
		case LT_UOP_CMP: {
			struct tval a = get(x, st, u->a, u->width);
			struct tval b = get(x, st, u->b, u->width);

			if (a.v.is_sym || b.v.is_sym) {
				st->zf = value_eq(a.v, b.v);
				st->sf = st->cf = st->of = false;
			} else {
				flags_sub(st, a.v.i, b.v.i, u->width);
			}
			st->fdeps = a.deps | b.deps;
			st->fpdeps = a.pdeps | b.pdeps;
			break;
		}
		case LT_UOP_SETCC:
			v.v = int_value(cc_holds(st, u->cc));
			v.deps = st->fdeps;
			v.pdeps = st->fpdeps;
			put(st, u->dst, v, u->width);
			break;
		case LT_UOP_FENCE:
			e = new_event(x, st, th, LT_EV_F);
			if (e < 0) {
				rc = e;
				break;
			}
			st->tr.ev[e].fence = u->fence;
			break;
		case LT_UOP_BRANCH: {
			bool taken;

			if (u->a.kind != LT_SA_NONE) {
				/* CBZ/CBNZ: the register, not the flags. */
				struct tval a = get(x, st, u->a, u->width);
				bool zero = !a.v.is_sym && a.v.i == 0;

				taken = u->cc == LT_CC_EQ ? zero : !zero;
				st->ctrl |= a.deps;
				st->pctrl |= a.pdeps;
			} else {
				if (u->cc != LT_CC_ALWAYS) {
					st->ctrl |= st->fdeps;
					st->pctrl |= st->fpdeps;
				}
				taken = cc_holds(st, u->cc);
			}
			if (taken) {
				int to = find_label(thr, u->label);

				if (to < 0) {
					rc = fail(x, thr->insns[st->pc].pos,
						  "internal: label '%s' not found", u->label);
					break;
				}
				if (to <= st->pc) {
					int k = 0;

					while (k < st->nloops && st->loop_to[k] != to)
						k++;
					if (k == LT_MAX_LOOPS) {
						rc = fail(x, thr->insns[st->pc].pos,
							  "the model does not support more than %d loops in a thread",
							  LT_MAX_LOOPS);
						break;
					}
					if (k == st->nloops) {
						st->loop_to[st->nloops] = to;
						st->loop_n[st->nloops++] = 0;
					}
					if (++st->loop_n[k] > LT_UNROLL) {
						drop(st);	/* herd's cut-off */
						return 0;
					}
				}
				st->pc = to;
				st->u = 0;
				st->rmw_open = -1;
				st->inst_first = st->tr.nev;
				if (++st->steps > LT_MAX_STEPS)
					rc = fail(x, thr->insns[0].pos,
						  "the model does not support loops (P%d runs over %d instructions)",
						  thr->id, LT_MAX_STEPS);
			}
			break;
		}
		case LT_UOP_STORE:
			if (!cc_holds(st, u->cc))
				break;
			if ((rc = address(x, st, u, th, &loc, &deps, &pdeps)) < 0 ||
			    (rc = check_width(x, st, th, loc, u->width)) < 0)
				break;
			v = get(x, st, u->a, u->width);
			if (u->cc != LT_CC_ALWAYS) {
				v.deps |= st->fdeps;
				v.pdeps |= st->fpdeps;
			}
			if ((u->ann & LT_ANN_EXCL) &&
			    (st->excl_open < 0 || st->tr.ev[st->excl_open].loc != loc)) {
				/*
				 * A store-exclusive without a reservation, or
				 * to another address than its load's, fails
				 * (herd: the write's address must equal the
				 * reserved one; RISC-V, AArch64 and POWER).
				 */
				drop(st);
				return 0;
			}
			e = new_event(x, st, th, LT_EV_W);
			if (e < 0) {
				rc = e;
				break;
			}
			st->tr.ev[e].loc = loc;
			st->tr.ev[e].val = v.v;
			st->tr.ev[e].width = u->width;
			st->tr.ev[e].ann = u->ann;
			st->tr.addr[e] = deps & ~same;
			st->tr.data[e] = v.deps & ~same;
			st->tr.paddr[e] = pdeps & ~same;
			st->tr.pdata[e] = (v.pdeps | get(x, st, u->c, 64).pdeps) & ~same;
			st->tr.din[e] = deps | v.deps;
			st->tr.pin[e] = pdeps | v.pdeps | get(x, st, u->c, 64).pdeps;
			if ((u->ann & LT_ANN_RMW) && st->rmw_open >= 0) {
				st->tr.rmw_w[st->rmw_open] = e;
				st->rmw_open = -1;
			}
			if (u->ann & LT_ANN_EXCL) {
				st->tr.rmw_w[st->excl_open] = e;
				st->excl_open = -1;
			}
			if (u->dst.kind != LT_SA_NONE) {
				struct tval ok = { .v = int_value(0),
						   .deps = deps | (lt_set)1 << e };

				ok.pdeps = ok.deps | pdeps;
				put(st, u->dst, ok, 64);
			}
			add_value(x, loc, v.v, &rc, st, th);
			break;
		case LT_UOP_LOAD: {
			const struct valset *vs;
			int n;

			lt_set din, pin;

			if ((rc = address(x, st, u, th, &loc, &deps, &pdeps)) < 0 ||
			    (rc = check_width(x, st, th, loc, u->width)) < 0)
				break;
			e = new_event(x, st, th, LT_EV_R);
			if (e < 0) {
				rc = e;
				break;
			}
			st->tr.ev[e].loc = loc;
			st->tr.ev[e].width = u->width;
			st->tr.ev[e].ann = u->ann;
			st->tr.addr[e] = deps & ~same;
			st->tr.paddr[e] = pdeps & ~same;
			/*
			 * herd's dtrm runs through the address into the
			 * value read and, for models with mem_deps, through
			 * memory too (lmrs: the thread's last write to the
			 * location before this read).
			 */
			din = deps;
			pin = pdeps;
			for (int w = e - 1; w >= 0 && x->m->mem_deps; w--)
				if (st->tr.ev[w].kind == LT_EV_W && st->tr.ev[w].loc == loc) {
					din |= st->tr.din[w];
					pin |= st->tr.pin[w];
					break;
				}
			st->tr.din[e] = din;
			st->tr.pin[e] = pin;
			if (u->ann & LT_ANN_RMW)
				st->rmw_open = e;
			if (u->ann & LT_ANN_EXCL)
				st->excl_open = e;
			/* One path per value the location may hold. */
			vs = &x->V[loc];
			n = vs->committed;
			for (int k = 0; k < n && rc == 0; k++) {
				struct tstate *c = k == n - 1 ? st : clone(x, st);

				c->tr.ev[e].val = vs->v[k];
				v.v = vs->v[k];
				if (!v.v.is_sym)
					v.v.i = canon(v.v.i, u->width);
				v.deps = din | (lt_set)1 << e;
				v.pdeps = pin | v.deps;
				put(c, u->dst, v, u->width);
				rc = run(x, th, c);
			}
			return rc;	/* st was consumed by the last path */
		}
		}
		if (rc < 0)
			break;
	}
	drop(st);
	return rc;
}

static void free_traces(struct ctx *x)
{
	for (int th = 0; th < x->nth; th++) {
		for (int k = 0; k < x->ntraces[th]; k++)
			free(x->traces[th][k].regs);
		x->ntraces[th] = 0;
	}
}

/* Every path of every thread, with the value sets of the last round. */
static int enumerate_traces(struct ctx *x)
{
	const struct lt_test *t = x->t;
	int stores = 0, rc;

	for (int th = 0; th < x->nth; th++)
		for (int k = 0; k < x->thr[th]->ninsns; k++)
			for (int u = 0; u < x->sem[th][k].nuops; u++)
				stores += x->sem[th][k].uops[u].kind == LT_UOP_STORE;
	for (int l = 0; l < t->nlocs; l++) {
		x->V[l].n = x->V[l].committed = 1;
		x->V[l].v[0] = t->locs[l].init;
	}
	for (int round = 0;; round++) {
		x->grew = false;
		/* Values of round `round` end chains of round + 1 writes. */
		x->admit = round < stores;
		free_traces(x);
		for (int th = 0; th < x->nth; th++) {
			struct tstate *st = lt_xcalloc(1, sizeof(*st));

			st->regs = lt_xcalloc((size_t)x->nregs, sizeof(*st->regs));
			for (int r = 0; r < t->nregs; r++)
				if (t->regs[r].thread == t->threads[th].id &&
				    t->regs[r].has_init)
					st->regs[r].v = t->regs[r].init;
			st->rmw_open = -1;
			st->excl_open = -1;
			rc = run(x, th, st);
			if (rc < 0)
				return rc;
		}
		if (!x->grew)
			return 0;
		for (int l = 0; l < t->nlocs; l++)
			x->V[l].committed = x->V[l].n;
	}
}

/* Index of v in location l's value set, or -1. */
static int value_index(const struct ctx *x, int l, struct lt_value v)
{
	for (int k = 0; k < x->V[l].n; k++)
		if (value_eq(x->V[l].v[k], v))
			return k;
	return -1;
}

/*
 * Drop the traces that break SC per location within their own thread, for
 * models that require it (uniproc): a read after the thread's own write w
 * to the location reads w or a write of another thread (anything else is
 * co-before w: CoWR); a read before any such write reads the initial value
 * or another thread's write (never its own po-later one: CoRW).  Whether
 * another thread can write the value at all is known from its traces.
 */
static void filter_traces(struct ctx *x)
{
	const struct lt_test *t = x->t;
	/* writers[l * LT_MAX_VALUES + k]: threads that may write value k to l. */
	uint64_t *writers = lt_xcalloc((size_t)t->nlocs * LT_MAX_VALUES + 1,
				       sizeof(*writers));

	for (int th = 0; th < x->nth; th++)
		for (int k = 0; k < x->ntraces[th]; k++) {
			const struct trace *tr = &x->traces[th][k];

			for (int e = 0; e < tr->nev; e++) {
				int vi;

				if (tr->ev[e].kind != LT_EV_W)
					continue;
				vi = value_index(x, tr->ev[e].loc, tr->ev[e].val);
				if (vi >= 0)
					writers[tr->ev[e].loc * LT_MAX_VALUES + vi] |=
						UINT64_C(1) << (th % 64);
			}
		}
	for (int th = 0; th < x->nth; th++) {
		int kept = 0;

		for (int k = 0; k < x->ntraces[th]; k++) {
			struct trace *tr = &x->traces[th][k];
			bool ok = true;

			for (int e = 0; e < tr->nev && ok; e++) {
				const struct lt_event *r = &tr->ev[e];
				const struct lt_event *own = NULL;
				int vi;

				if (r->kind != LT_EV_R)
					continue;
				for (int w = 0; w < e; w++)
					if (tr->ev[w].kind == LT_EV_W && tr->ev[w].loc == r->loc)
						own = &tr->ev[w];
				vi = value_index(x, r->loc, r->val);
				if (vi >= 0 && x->nth <= 64 &&
				    (writers[r->loc * LT_MAX_VALUES + vi] &
				     ~(UINT64_C(1) << th)))
					continue;	/* another thread writes it */
				ok = own ? value_eq(own->val, r->val) :
				     value_eq(t->locs[r->loc].init, r->val);
				if (x->nth > 64)
					ok = true;	/* no bitmask: keep it */
			}
			if (ok)
				x->traces[th][kept++] = *tr;
			else
				free(tr->regs);
		}
		x->ntraces[th] = kept;
	}
	free(writers);
}

/* ------------------------------------------------------------------ */
/* Candidates: rf and co over one trace per thread                    */
/* ------------------------------------------------------------------ */

static int cmp_state(const struct lt_test *t, const struct lt_value *a,
		     const struct lt_value *b)
{
	for (int k = 0; k < t->nobserved; k++) {
		if (a[k].is_sym != b[k].is_sym)
			return a[k].is_sym ? 1 : -1;
		if (a[k].is_sym) {
			int c = strcmp(t->locs[a[k].loc].name, t->locs[b[k].loc].name);

			if (c)
				return c;
		} else if (a[k].i != b[k].i) {
			return a[k].i < b[k].i ? -1 : 1;
		}
	}
	return 0;
}

static uint64_t hash_state(const struct lt_test *t, const struct lt_value *v)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (int k = 0; k < t->nobserved; k++) {
		h ^= v[k].is_sym ? (uint64_t)v[k].loc * 0x9e3779b97f4a7c15u :
		     (uint64_t)v[k].i;
		h *= UINT64_C(1099511628211);
		h ^= h >> 29;
	}
	return h;
}

/*
 * Add a final state to the set, once.  Tests with many writes have tens of
 * thousands of consistent executions for a few hundred states: an
 * open-addressing hash table of state indices keeps this O(1).
 */
static void add_state(struct ctx *x, const struct lt_value *vals)
{
	const struct lt_test *t = x->t;
	size_t row = (size_t)t->nobserved, mask;
	uint64_t h = hash_state(t, vals);

	if (2 * (x->nstates + 1) > x->nslots) {
		int n = x->nslots ? 2 * x->nslots : 64;

		free(x->slots);
		x->slots = lt_xmalloc((size_t)n * sizeof(*x->slots));
		for (int k = 0; k < n; k++)
			x->slots[k] = -1;
		x->nslots = n;
		for (int k = 0; k < x->nstates; k++) {
			size_t i = hash_state(t, &x->states[(size_t)k * row]) & (size_t)(n - 1);

			while (x->slots[i] >= 0)
				i = (i + 1) & (size_t)(n - 1);
			x->slots[i] = k;
		}
	}
	mask = (size_t)x->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		if (x->slots[i] < 0) {
			x->slots[i] = x->nstates;
			break;
		}
		if (cmp_state(t, &x->states[(size_t)x->slots[i] * row], vals) == 0)
			return;
	}
	if (x->nstates == x->capstates) {
		x->capstates = x->capstates ? 2 * x->capstates : 8;
		x->states = lt_xrealloc(x->states, (size_t)x->capstates * row *
					sizeof(*x->states) + 1);
	}
	memcpy(&x->states[(size_t)x->nstates * row], vals, row * sizeof(*vals));
	x->nstates++;
}

/* co and fr from the rf choices and the co prefixes placed so far. */
static void derive_co_fr(struct ctx *x)
{
	struct lt_cand *c = &x->c;
	const struct lt_test *t = x->t;

	memset(c->co.r, 0, (size_t)c->n * sizeof(lt_set));
	memset(c->fr.r, 0, (size_t)c->n * sizeof(lt_set));
	for (int l = 0; l < t->nlocs; l++) {
		struct color *o = &x->co[l];
		lt_set after = o->wmask;

		for (int i = 0; i < o->placed; i++) {
			after &= ~((lt_set)1 << o->order[i]);
			c->co.r[o->order[i]] = after;
		}
	}
	for (int k = 0; k < x->nreads; k++) {
		int r = x->reads[k], w = x->rf_src[k];
		struct color *o = &x->co[c->ev[r].loc];

		if (w == -1)
			c->fr.r[r] = o->wmask;
		else if (w >= 0 && (o->placed_mask >> w & 1))
			c->fr.r[r] = c->co.r[w];
	}
}

static void leaf(struct ctx *x)
{
	const struct lt_test *t = x->t;
	struct lt_value *vals = x->scratch;

	x->cands++;
	for (int k = 0; k < t->nobserved; k++) {
		struct lt_var v = t->observed[k];

		if (v.is_loc) {
			const struct color *o = &x->co[v.idx];

			vals[k] = o->nw ? x->c.ev[o->order[o->nw - 1]].val :
				  t->locs[v.idx].init;
		} else {
			int th = 0;

			while (th < x->nth && t->threads[th].id != t->regs[v.idx].thread)
				th++;
			vals[k] = th < x->nth ?
				  x->traces[th][x->choice[th]].regs[v.idx] :
				  t->regs[v.idx].init;
		}
	}
	/* herd drops the executions the filter rejects before counting. */
	if (t->filter && !lt_cond_eval(t, t->filter, vals))
		return;
	/* herd's undefined_unless: the execution counts, flagged. */
	if (x->m->data_race && !x->undefined && x->m->data_race(&x->c))
		x->undefined = true;
	if (lt_cond_eval(t, t->cond, vals))
		x->pos++;
	else
		x->neg++;
	add_state(x, vals);
}

static void choose_co(struct ctx *x, int l)
{
	const struct lt_test *t = x->t;
	struct color *o;

	while (l < t->nlocs && x->co[l].placed == x->co[l].nw)
		l++;
	if (l == t->nlocs) {
		x->c.complete = true;
		derive_co_fr(x);
		if (x->m->consistent(&x->c))
			leaf(x);
		else
			x->pruned++;
		x->c.complete = false;
		return;
	}
	o = &x->co[l];
	for (int k = 0; k < o->nw; k++) {
		int w = o->w[k];

		if (o->placed_mask >> w & 1)
			continue;
		o->order[o->placed++] = w;
		o->placed_mask |= (lt_set)1 << w;
		derive_co_fr(x);
		/* A full order is checked once, at the leaf. */
		if (o->placed == o->nw || x->m->consistent(&x->c))
			choose_co(x, l);
		else
			x->pruned++;
		o->placed--;
		o->placed_mask &= ~((lt_set)1 << w);
	}
}

/* How many sources read k may take: the initial value and equal writes. */
static int rf_options(const struct ctx *x, int k)
{
	const struct lt_cand *c = &x->c;
	int r = x->reads[k], l = c->ev[r].loc, n = 0;

	n += value_eq(x->t->locs[l].init, c->ev[r].val);
	for (int j = 0; j < x->co[l].nw; j++)
		n += value_eq(c->ev[x->co[l].w[j]].val, c->ev[r].val);
	return n;
}

/* Check the rf choice of read k now, or leave it to a later check? */
static bool rf_check(struct ctx *x, int k)
{
	/*
	 * Where no later read has a choice to make, the subtree is one path
	 * and one check at its end (or in the co stage) prunes as much.
	 */
	if (k + 1 < x->nreads && x->rf_branch_after[k] == 0)
		return true;
	derive_co_fr(x);
	if (x->m->consistent(&x->c))
		return true;
	x->pruned++;
	return false;
}

static void choose_rf(struct ctx *x, int k)
{
	struct lt_cand *c = &x->c;
	int r, l;

	if (k == x->nreads) {
		choose_co(x, 0);
		return;
	}
	r = x->reads[k];
	l = c->ev[r].loc;
	/* The initial value, co-first. */
	if (value_eq(x->t->locs[l].init, c->ev[r].val)) {
		x->rf_src[k] = -1;
		if (rf_check(x, k))
			choose_rf(x, k + 1);
	}
	for (int j = 0; j < x->co[l].nw; j++) {
		int w = x->co[l].w[j];

		if (!value_eq(c->ev[w].val, c->ev[r].val))
			continue;
		x->rf_src[k] = w;
		c->rf.r[w] |= (lt_set)1 << r;
		if (rf_check(x, k))
			choose_rf(x, k + 1);
		c->rf.r[w] &= ~((lt_set)1 << r);
	}
	x->rf_src[k] = -2;
}

/* Start the rf search: none if some read has no possible source. */
static void start_rf(struct ctx *x)
{
	int branch = 0;

	for (int k = x->nreads - 1; k >= 0; k--) {
		int n = rf_options(x, k);

		if (n == 0)
			return;
		x->rf_branch_after[k] = branch;
		branch += n > 1;
	}
	if (x->m->prepare)
		x->m->prepare(&x->c);
	choose_rf(x, 0);
}

/*
 * Empty sets and relations over n events (the candidate is large; only
 * the rows of its n events are ever read).
 */
static void cand_reset(struct lt_cand *c, int n)
{
	struct lt_rel *rels[] = {
		&c->po, &c->loc, &c->ext, &c->rmw, &c->addr, &c->data, &c->ctrl,
		&c->rf, &c->co, &c->fr, &c->paddr, &c->pdata, &c->pctrl, &c->pick,
	};

	c->n = n;
	c->R = c->W = c->F = c->M = c->A = 0;
	memset(c->fence, 0, sizeof(c->fence));
	c->complete = false;
	for (size_t k = 0; k < sizeof(rels) / sizeof(rels[0]); k++)
		memset(rels[k]->r, 0, (size_t)n * sizeof(lt_set));
}

/* Lay out the events of the chosen traces and their fixed relations. */
static int build(struct ctx *x)
{
	struct lt_cand *c = &x->c;
	const struct lt_test *t = x->t;
	int n = 0, off[x->nth > 0 ? x->nth : 1];

	for (int th = 0; th < x->nth; th++) {
		const struct trace *tr = &x->traces[th][x->choice[th]];

		off[th] = n;
		if (n + tr->nev > LT_MAX_EVENTS)
			return fail(x, (struct lt_pos){ 0, 0 },
				    "the model does not support more than %d events",
				    LT_MAX_EVENTS);
		n += tr->nev;
	}
	cand_reset(c, n);
	x->nreads = 0;
	for (int l = 0; l < t->nlocs; l++) {
		struct color *o = &x->co[l];

		o->nw = o->placed = 0;
		o->wmask = o->placed_mask = 0;
	}
	for (int th = 0; th < x->nth; th++) {
		const struct trace *tr = &x->traces[th][x->choice[th]];
		lt_set mine = (tr->nev ? (((lt_set)1 << tr->nev) - 1) : 0);

		mine = tr->nev == 64 ? UINT64_MAX : mine << off[th];
		lt_set all = n == 64 ? UINT64_MAX : (((lt_set)1 << n) - 1);

		for (int k = 0; k < tr->nev; k++) {
			int e = off[th] + k;
			const struct lt_event *ev = &tr->ev[k];
			lt_set bit = (lt_set)1 << e;

			c->ev[e] = *ev;
			c->po.r[e] = mine & ~((bit << 1) - 1);
			c->ext.r[e] = all & ~mine;
			c->addr.r[e] = tr->addr[k] << off[th];
			c->data.r[e] = tr->data[k] << off[th];
			c->ctrl.r[e] = tr->ctrl[k] << off[th];
			c->paddr.r[e] = tr->paddr[k] << off[th];
			c->pdata.r[e] = tr->pdata[k] << off[th];
			c->pctrl.r[e] = tr->pctrl[k] << off[th];
			c->pick.r[e] = (tr->pin[k] | tr->pctrl[k]) << off[th];
			if (tr->rmw_w[k] >= 0)
				c->rmw.r[e] = (lt_set)1 << (off[th] + tr->rmw_w[k]);
			if (ev->ann & LT_ANN_ATOMIC)
				c->A |= bit;
			switch (ev->kind) {
			case LT_EV_R:
				c->R |= bit;
				x->reads[x->nreads] = e;
				x->rf_src[x->nreads++] = -2;
				break;
			case LT_EV_W: {
				struct color *o = &x->co[ev->loc];

				c->W |= bit;
				o->w[o->nw++] = e;
				o->wmask |= bit;
				break;
			}
			case LT_EV_F:
				c->F |= bit;
				c->fence[ev->fence] |= bit;
				break;
			}
		}
	}
	c->M = c->R | c->W;
	for (int e = 0; e < n; e++) {
		lt_set same = 0;

		if (!(c->M >> e & 1))
			continue;
		for (int f = 0; f < n; f++)
			if ((c->M >> f & 1) && c->ev[f].loc == c->ev[e].loc)
				same |= (lt_set)1 << f;
		c->loc.r[e] = same;
	}
	return 0;
}

/* Every combination of one trace per thread. */
static int combine(struct ctx *x, int th)
{
	int rc;

	if (th == x->nth) {
		if ((rc = build(x)) < 0)
			return rc;
		start_rf(x);
		return 0;
	}
	for (int k = 0; k < x->ntraces[th]; k++) {
		x->choice[th] = k;
		if ((rc = combine(x, th + 1)) < 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                        */
/* ------------------------------------------------------------------ */

static int cmp_rows(const void *a, const void *b, void *t)
{
	return cmp_state(t, a, b);
}

static int lower_all(struct ctx *x)
{
	const struct lt_test *t = x->t;

	x->nregs = t->nregs;
	for (int th = 0; th < x->nth; th++) {
		const struct lt_thread *thr = &t->threads[th];

		x->thr[th] = thr;
		if (lt_arch_is_c(t->arch)) {
			struct lt_cprog *p = &x->cprog[th];

			if (c_lower_thread(t, th, p, x->err) < 0)
				return LT_EMODEL_UNSUPPORTED;
			x->thr[th] = &p->thr;
			x->sem[th] = p->sem;
			if (p->nregs > x->nregs)
				x->nregs = p->nregs;
			continue;
		}
		x->sem[th] = lt_xcalloc((size_t)thr->ninsns + 1, sizeof(struct lt_sem));
		for (int k = 0; k < thr->ninsns; k++) {
			if (thr->insns[k].op < 0)
				continue;
			if (t->arch->lower_insn(t, thr->id, &thr->insns[k],
						&x->sem[th][k], x->err) < 0)
				return LT_EMODEL_UNSUPPORTED;
		}
	}
	return 0;
}

int model_allowed_states(const struct lt_test *t, const char *model,
			 struct lt_model_result *out, struct lt_error *err)
{
	struct ctx x = { .t = t, .err = err };
	int rc;

	memset(out, 0, sizeof(*out));
	if (!model)
		model = model_default(t);
	x.m = model ? model_lookup(model) : NULL;
	if (!x.m) {
		lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
			     "no model '%s' for %s tests", model ? model : "(none)",
			     t->arch ? t->arch->name : "these");
		return LT_EMODEL_UNKNOWN;
	}
	if (x.m->arches) {
		bool ok = false;

		for (const char *const *a = x.m->arches; *a; a++)
			ok |= t->arch && strcmp(*a, t->arch->name) == 0;
		if (!ok) {
			lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
				     "the %s model does not apply to %s tests",
				     x.m->name, t->arch ? t->arch->name : "these");
			return LT_EMODEL_UNSUPPORTED;
		}
	}
	if (!t->arch || (!t->arch->lower_insn && !lt_arch_is_c(t->arch))) {
		lt_error_set(err, t->file, (struct lt_pos){ 0, 0 },
			     "the model does not support %s instructions yet",
			     t->arch ? t->arch->name : "this arch's");
		return LT_EMODEL_UNSUPPORTED;
	}
	x.nth = t->nthreads;
	x.sem = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.sem));
	x.thr = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.thr));
	x.cprog = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.cprog));
	x.traces = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.traces));
	x.ntraces = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.ntraces));
	x.choice = lt_xcalloc((size_t)x.nth + 1, sizeof(*x.choice));
	x.V = lt_xcalloc((size_t)t->nlocs + 1, sizeof(*x.V));
	x.co = lt_xcalloc((size_t)t->nlocs + 1, sizeof(*x.co));
	x.scratch = lt_xcalloc((size_t)t->nobserved + 1, sizeof(*x.scratch));

	rc = lower_all(&x);
	if (rc == 0)
		rc = enumerate_traces(&x);
	if (rc == 0 && x.m->uniproc)
		filter_traces(&x);
	if (rc == 0)
		rc = combine(&x, 0);
	if (rc == 0) {
		out->model = x.m->name;
		out->states = x.states;
		out->nstates = x.nstates;
		x.states = NULL;
		if (out->nstates > 1 && t->nobserved > 0)
			qsort_r(out->states, (size_t)out->nstates,
				(size_t)t->nobserved * sizeof(*out->states), cmp_rows,
				(void *)t);
		out->pos = x.pos;
		out->neg = x.neg;
		out->races_checked = x.m->data_race != NULL;
		out->data_race = x.undefined;
		out->candidates = x.cands;
		out->pruned = x.pruned;
		/* herd's check_cond. */
		switch (t->quant) {
		case LT_Q_EXISTS:
			out->ok = x.pos > 0;
			break;
		case LT_Q_NOT_EXISTS:
			out->ok = x.pos == 0;
			break;
		case LT_Q_FORALL:
			out->ok = x.neg == 0;
			break;
		}
		out->verdict = t->quant == LT_Q_FORALL && x.neg == 0 ?
			       LT_VERDICT_REQUIRED :
			       x.pos > 0 ? LT_VERDICT_ALLOWED : LT_VERDICT_FORBIDDEN;
	}
	free_traces(&x);
	for (int th = 0; th < x.nth; th++) {
		if (x.cprog[th].sem)
			c_prog_free(&x.cprog[th]);
		else
			free(x.sem[th]);
		free(x.traces[th]);
	}
	free(x.sem);
	free(x.thr);
	free(x.cprog);
	free(x.traces);
	free(x.ntraces);
	free(x.choice);
	free(x.V);
	free(x.co);
	free(x.scratch);
	free(x.states);
	free(x.slots);
	return rc;
}
