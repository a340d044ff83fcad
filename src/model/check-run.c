/* SPDX-License-Identifier: MIT */
/*
 * The model checker, step 1 (check.c explains the whole): each thread run
 * over the semantic form of its instructions with concrete values, round
 * after round, into its traces.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "model/cand.h"
#include "model/check.h"
#include "model/model.h"
#include "model/sem.h"
#include "util/buf.h"

int chk_fail(struct ctx *x, struct lt_pos pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lt_error_set(x->err, x->t->file, pos, "%s", msg);
	return LT_EMODEL_UNSUPPORTED;
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
	case LT_SA_SYM:
		r.v = (struct lt_value){ .is_sym = true, .loc = a.idx };
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

		if (same && u->alu == LT_ALU_SUB) {
			r.v = int_value(a.v.i - b.v.i);
		} else if (same && u->alu == LT_ALU_XOR && a.v.i == b.v.i) {
			r.v = int_value(0);
		} else if (!b.v.is_sym && b.v.i == 0 && u->alu != LT_ALU_AND) {
			r.v = a.v;
		} else if (!a.v.is_sym && a.v.i == 0 &&
			   (u->alu == LT_ALU_ADD || u->alu == LT_ALU_OR ||
			    u->alu == LT_ALU_XOR)) {
			r.v = b.v;
		} else if (!b.v.is_sym && (u->alu == LT_ALU_ADD || u->alu == LT_ALU_SUB)) {
			/* A byte offset into the location (x + 4). */
			r.v = a.v;
			r.v.i += u->alu == LT_ALU_ADD ? b.v.i : -b.v.i;
		} else if (!a.v.is_sym && u->alu == LT_ALU_ADD) {
			r.v = b.v;
			r.v.i += a.v.i;
		} else {
			return chk_fail(x, cur_insn(x, th, st)->pos,
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

/* address(): the path dies (a C pointer holding an integer). */
#define NOT_AN_ADDRESS 1

/*
 * The location an access goes to, its byte offset there, and the reads its
 * address depends on.  A single-size check takes only offset 0 and asks
 * for the mixed-size one otherwise.
 */
static int address(struct ctx *x, struct tstate *st, const struct lt_uop *u,
		   int th, int *loc, int64_t *off, lt_set *deps, lt_set *pdeps)
{
	const struct lt_sem_addr *a = &u->addr;
	struct tval base = { .v = int_value(0) }, index = { .v = int_value(0) };

	*deps = *pdeps = 0;
	*off = 0;
	if (a->loc >= 0 && a->disp == 0) {
		*loc = a->loc;
		return 0;
	}
	if (a->loc >= 0)
		base.v = (struct lt_value){ .is_sym = true, .loc = a->loc };
	else if (a->base.kind != LT_SA_NONE)
		base = get(x, st, a->base, 64);
	if (a->index.kind != LT_SA_NONE)
		index = get(x, st, a->index, 64);
	*deps = base.deps | index.deps;
	*pdeps = base.pdeps | index.pdeps;
	/*
	 * An indexed form may hold the location in either register (POWER's
	 * "lwzx r4,r3,r5" with r3 = 0 and r5 = x): the symbol is the base.
	 */
	if (index.v.is_sym && !base.v.is_sym && a->scale == 1) {
		struct tval t = base;

		base = index;
		index = t;
	}
	if (base.v.is_sym && !index.v.is_sym) {
		*off = base.v.i + index.v.i * a->scale + a->disp;
		if (*off == 0 || x->mixed) {
			*loc = base.v.loc;
			return 0;
		}
		x->need_mixed = true;
	}
	/*
	 * A C thread dereferencing an integer it read: the value was only a
	 * guess of the enumeration, as no rf can give a pointer's reader an
	 * integer in an execution herd accepts; the path is no execution.
	 */
	if (x->t->arch && x->t->arch->lower_thread && !base.v.is_sym && base.deps &&
	    a->index.kind == LT_SA_NONE)
		return NOT_AN_ADDRESS;
	/* An integer for an address ("(rax)" with rax 0): no location at all. */
	if (!base.v.is_sym && !index.v.is_sym) {
		x->bad_access = true;
		return chk_fail(x, cur_insn(x, th, st)->pos,
				"'%s' accesses address %lld, which is none of the test's locations",
				cur_insn(x, th, st)->text,
				(long long)(base.v.i + index.v.i * a->scale + a->disp));
	}
	return chk_fail(x, cur_insn(x, th, st)->pos,
		    "the model does not support this address ('%s': not exactly a location)",
		    cur_insn(x, th, st)->text);
}

/* An access's width; 0 (a C pointer's target): its location's size. */
static unsigned access_width(const struct ctx *x, const struct lt_uop *u, int loc)
{
	return u->width ? u->width : lt_type_size(x->t->locs[loc].type) * 8;
}

static int check_width(struct ctx *x, struct tstate *st, int th, int loc,
		       unsigned width)
{
	struct valset *vs = &x->V[loc];

	if (vs->width == 0)
		vs->width = width;
	if (vs->width != width) {
		x->need_mixed = true;
		return chk_fail(x, cur_insn(x, th, st)->pos,
			    "the model does not support mixed-size accesses to '%s' (%u and %u bits)",
			    x->t->locs[loc].name, vs->width, width);
	}
	return 0;
}

/*
 * Mixed size: the cells an access of `width` bits at byte `off` of loc
 * covers, from *cell on, *n of them.  herd (-variant mixed) takes an
 * access inside its location at a multiple of its own size only.
 */
static int access_cells(struct ctx *x, struct tstate *st, int th, int loc,
			int64_t off, unsigned width, int *cell, int *n)
{
	int64_t bytes = width / 8, size = x->loc_bytes[loc];

	if (bytes == 0 || bytes % x->gran || off < 0 || off % bytes ||
	    off + bytes > size) {
		x->bad_access |= off < 0 || off + bytes > size;
		return chk_fail(x, cur_insn(x, th, st)->pos,
			    "unaligned or out-of-bound access: %lld bytes at offset %lld of '%s' (%lld bytes)",
			    (long long)bytes, (long long)off, x->t->locs[loc].name,
			    (long long)size);
	}
	*cell = x->cell0[loc] + (int)(off / x->gran);
	*n = (int)(bytes / x->gran);
	return 0;
}

static uint64_t cell_mask(const struct ctx *x)
{
	return umask(x->gran * 8);
}

static int new_event(struct ctx *x, struct tstate *st, int th,
		     enum lt_ev_kind kind)
{
	struct trace *tr = &st->tr;
	int k = tr->nev;

	if (k == LT_MAX_TEV)
		return chk_fail(x, cur_insn(x, th, st)->pos,
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
		*rc = chk_fail(x, cur_insn(x, th, st)->pos,
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

/*
 * out[r] holds e when in[e] holds r, over n events: a path records each
 * dependency at the dependent event, the trace at its source (herd's
 * direction).
 */
static void transpose(int n, const lt_set *in, lt_set *out)
{
	for (int r = 0; r < n; r++) {
		out[r] = 0;
		for (int e = 0; e < n; e++)
			out[r] |= (lt_set)(in[e] >> r & 1) << e;
	}
}

static int record(struct ctx *x, int th, struct tstate *st)
{
	struct trace *tr;

	/* Paths multiply too (LT_MAX_TRACES per thread, every round). */
	if (chk_spent(x))
		return x->out;
	if (x->ntraces[th] == LT_MAX_TRACES)
		return chk_fail(x, (struct lt_pos){ 0, 0 },
			    "the model does not support more than %d paths in a thread",
			    LT_MAX_TRACES);
	if ((x->ntraces[th] & (x->ntraces[th] - 1)) == 0)
		x->traces[th] = lt_xrealloc(x->traces[th],
					    (size_t)(x->ntraces[th] ? 2 * x->ntraces[th] : 1) *
					    sizeof(struct trace));
	tr = &x->traces[th][x->ntraces[th]++];
	*tr = st->tr;
	transpose(tr->nev, st->tr.addr, tr->addr);
	transpose(tr->nev, st->tr.data, tr->data);
	transpose(tr->nev, st->tr.ctrl, tr->ctrl);
	transpose(tr->nev, st->tr.paddr, tr->paddr);
	transpose(tr->nev, st->tr.pdata, tr->pdata);
	transpose(tr->nev, st->tr.pctrl, tr->pctrl);
	transpose(tr->nev, st->tr.pin, tr->pin);
	/* pin relates only events of different instruction instances. */
	for (int r = 0; r < tr->nev; r++)
		for (int e = 0; e < tr->nev; e++)
			if (tr->ev[r].inst == tr->ev[e].inst)
				tr->pin[r] &= ~((lt_set)1 << e);
	tr->regs = lt_xmalloc((size_t)x->nregs * sizeof(*tr->regs));
	for (int k = 0; k < x->nregs; k++)
		tr->regs[k] = st->regs[k].v;
	return 0;
}

static int run(struct ctx *x, int th, struct tstate *st);

/*
 * Mixed size: a store of v (aw bits at byte off of loc) as one write per
 * cell, each with its slice of v and the whole store's dependencies, as
 * herd splits a write.  NOT_AN_ADDRESS: a store-exclusive that fails, st
 * dropped.
 */
static int store_cells(struct ctx *x, int th, struct tstate *st,
		       const struct lt_uop *u, int loc, int64_t off, unsigned aw,
		       struct tval v, lt_set deps, lt_set pdeps)
{
	lt_set same = ~(((lt_set)1 << st->inst_first) - 1), mine = 0;
	lt_set cdeps = get(x, st, u->c, 64).pdeps;
	int cell, n, rc = 0;

	if ((rc = access_cells(x, st, th, loc, off, aw, &cell, &n)) < 0)
		return rc;
	if (v.v.is_sym)
		return chk_fail(x, cur_insn(x, th, st)->pos,
			    "the model does not support storing an address in a mixed-size test ('%s')",
			    cur_insn(x, th, st)->text);
	/* An RMW's write covers its read's cells, each paired with its own. */
	if ((u->ann & LT_ANN_RMW) && !(u->ann & LT_ANN_EXCL) &&
	    st->rmw_open >= 0 && st->rmw_n != n)
		return chk_fail(x, cur_insn(x, th, st)->pos,
			    "the model does not support a read-modify-write whose write is not its read's size ('%s')",
			    cur_insn(x, th, st)->text);
	/*
	 * herd pairs a store-conditional with its load-reserved only when
	 * both cover the same bytes: the reservation is the load's
	 * footprint, and a narrower or shifted store fails.
	 */
	if ((u->ann & LT_ANN_EXCL) &&
	    (st->excl_open < 0 || st->tr.ev[st->excl_open].loc != cell ||
	     st->excl_n != n)) {
		drop(st);
		return NOT_AN_ADDRESS;
	}
	for (int k = 0; k < n; k++) {
		uint64_t slice = (uint64_t)v.v.i >> (8 * x->gran * (unsigned)k) & cell_mask(x);
		int e = new_event(x, st, th, LT_EV_W);

		if (e < 0)
			return e;
		st->tr.ev[e].loc = cell + k;
		st->tr.ev[e].val = int_value((int64_t)slice);
		st->tr.ev[e].width = x->gran * 8;
		st->tr.ev[e].ann = u->ann;
		st->tr.addr[e] = deps & ~same;
		st->tr.data[e] = v.deps & ~same;
		st->tr.paddr[e] = pdeps & ~same;
		st->tr.pdata[e] = (v.pdeps | cdeps) & ~same;
		st->tr.din[e] = deps | v.deps;
		st->tr.pin[e] = pdeps | v.pdeps | cdeps;
		if (u->ann & LT_ANN_EXCL)
			st->tr.rmw_w[st->excl_open + k] = e;
		else if ((u->ann & LT_ANN_RMW) && st->rmw_open >= 0)
			st->tr.rmw_w[st->rmw_open + k] = e;
		mine |= (lt_set)1 << e;
		add_value(x, cell + k, st->tr.ev[e].val, &rc, st, th);
		if (rc < 0)
			return rc;
	}
	if (u->ann & LT_ANN_EXCL)
		st->excl_open = -1;
	else if (u->ann & LT_ANN_RMW)
		st->rmw_open = -1;
	if (u->dst.kind != LT_SA_NONE) {
		struct tval ok = { .v = int_value(0), .deps = deps | mine };

		ok.pdeps = ok.deps | pdeps;
		put(st, u->dst, ok, 64);
	}
	return 0;
}

/*
 * Mixed size: the values of the reads e0..e0+n-1 of one load, cell k
 * onwards, one path per combination; the register gets them put back
 * together (acc, little-endian).  st is consumed.
 */
static int load_values(struct ctx *x, int th, struct tstate *st,
		       const struct lt_uop *u, unsigned aw, int e0, int n, int k,
		       uint64_t acc, struct tval v)
{
	const struct valset *vs;
	int rc = 0, nv;

	if (k == n) {
		v.v = int_value(canon((int64_t)acc, aw));
		put(st, u->dst, v, aw);
		return run(x, th, st);
	}
	vs = &x->V[st->tr.ev[e0 + k].loc];
	nv = vs->committed;
	for (int i = 0; i < nv && rc == 0; i++) {
		struct tstate *c = i == nv - 1 ? st : clone(x, st);
		uint64_t slice = (uint64_t)vs->v[i].i & cell_mask(x);

		c->tr.ev[e0 + k].val = vs->v[i];
		rc = load_values(x, th, c, u, aw, e0, n, k + 1,
				 acc | slice << (8 * x->gran * (unsigned)k), v);
	}
	return rc;
}

/* Mixed size: a load (aw bits at byte off of loc) as one read per cell. */
static int load_cells(struct ctx *x, int th, struct tstate *st,
		      const struct lt_uop *u, int loc, int64_t off, unsigned aw,
		      lt_set deps, lt_set pdeps)
{
	lt_set same = ~(((lt_set)1 << st->inst_first) - 1);
	struct tval v = { .deps = 0 };
	int cell, n, e0 = st->tr.nev, rc;

	if ((rc = access_cells(x, st, th, loc, off, aw, &cell, &n)) < 0)
		goto out;
	if ((u->ann & LT_ANN_RMW) && !(u->ann & LT_ANN_EXCL) && !x->m->mixed_rmw) {
		rc = chk_fail(x, cur_insn(x, th, st)->pos,
			  "the model does not support read-modify-writes in a mixed-size test ('%s')",
			  cur_insn(x, th, st)->text);
		goto out;
	}
	for (int k = 0; k < n; k++) {
		int e = new_event(x, st, th, LT_EV_R);
		lt_set din = deps, pin = pdeps;

		if (e < 0) {
			rc = e;
			goto out;
		}
		st->tr.ev[e].loc = cell + k;
		st->tr.ev[e].width = x->gran * 8;
		st->tr.ev[e].ann = u->ann;
		st->tr.addr[e] = deps & ~same;
		st->tr.paddr[e] = pdeps & ~same;
		/* mem_deps: through the thread's last write to the cell. */
		for (int w = e0 - 1; w >= 0 && x->m->mem_deps; w--)
			if (st->tr.ev[w].kind == LT_EV_W && st->tr.ev[w].loc == cell + k) {
				din |= st->tr.din[w];
				pin |= st->tr.pin[w];
				break;
			}
		st->tr.din[e] = din;
		st->tr.pin[e] = pin;
		v.deps |= din | (lt_set)1 << e;
		v.pdeps |= pin;
	}
	v.pdeps |= v.deps;
	if (u->ann & LT_ANN_EXCL) {
		st->excl_open = e0;
		st->excl_n = n;
	} else if (u->ann & LT_ANN_RMW) {
		st->rmw_open = e0;
		st->rmw_n = n;
	}
	return load_values(x, th, st, u, aw, e0, n, 0, 0, v);
out:
	drop(st);
	return rc;
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
		unsigned aw;
		int64_t off;
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
				rc = chk_fail(x, thr->insns[0].pos,
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
				if (u->conv.bits && !v.v.is_sym)
					v.v.i = lt_form_reduce(u->conv, v.v.i);
				put(st, u->dst, v, u->conv.bits ? 64 : u->width);
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
		case LT_UOP_CTRL_SAVE:
			v = (struct tval){ .v = int_value(0), .deps = st->ctrl,
					   .pdeps = st->pctrl };
			put(st, u->dst, v, 64);
			break;
		case LT_UOP_CTRL_RESTORE:
			v = get(x, st, u->a, 64);
			st->ctrl = v.deps;
			st->pctrl = v.pdeps;
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
			/* synchronize_srcu(s) pairs with s's read-side sections */
			if (u->fence == LT_FENCE_LK_SYNC_SRCU)
				st->tr.ev[e].loc = u->addr.loc;
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
					rc = chk_fail(x, thr->insns[st->pc].pos,
						  "internal: label '%s' not found", u->label);
					break;
				}
				if (to <= st->pc) {
					int k = 0;

					while (k < st->nloops && st->loop_to[k] != to)
						k++;
					if (k == LT_MAX_LOOPS) {
						rc = chk_fail(x, thr->insns[st->pc].pos,
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
					rc = chk_fail(x, thr->insns[0].pos,
						  "the model does not support loops (P%d runs over %d instructions)",
						  thr->id, LT_MAX_STEPS);
			}
			break;
		}
		case LT_UOP_STORE:
			if (!cc_holds(st, u->cc))
				break;
			if ((rc = address(x, st, u, th, &loc, &off, &deps, &pdeps)) == NOT_AN_ADDRESS)
				goto dead;
			if (rc < 0)
				break;
			aw = access_width(x, u, loc);
			if (!x->mixed && (rc = check_width(x, st, th, loc, aw)) < 0)
				break;
			v = get(x, st, u->a, aw);
			if (u->cc != LT_CC_ALWAYS) {
				v.deps |= st->fdeps;
				v.pdeps |= st->fpdeps;
			}
			if (x->mixed) {
				rc = store_cells(x, th, st, u, loc, off, aw, v, deps, pdeps);
				if (rc == NOT_AN_ADDRESS)
					return 0;	/* a failed store-exclusive */
				break;
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
			st->tr.ev[e].width = aw;
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

			if ((rc = address(x, st, u, th, &loc, &off, &deps, &pdeps)) == NOT_AN_ADDRESS)
				goto dead;
			if (rc < 0)
				break;
			aw = access_width(x, u, loc);
			if (x->mixed)
				return load_cells(x, th, st, u, loc, off, aw, deps, pdeps);
			if ((rc = check_width(x, st, th, loc, aw)) < 0)
				break;
			e = new_event(x, st, th, LT_EV_R);
			if (e < 0) {
				rc = e;
				break;
			}
			st->tr.ev[e].loc = loc;
			st->tr.ev[e].width = aw;
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
					v.v.i = canon(v.v.i, aw);
				v.deps = din | (lt_set)1 << e;
				v.pdeps = pin | v.deps;
				put(c, u->dst, v, aw);
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
dead:
	drop(st);
	return 0;
}

void chk_free_traces(struct ctx *x)
{
	for (int th = 0; th < x->nth; th++) {
		for (int k = 0; k < x->ntraces[th]; k++)
			free(x->traces[th][k].regs);
		x->ntraces[th] = 0;
	}
}

/* Every path of every thread, with the value sets of the last round. */
int chk_enumerate_traces(struct ctx *x)
{
	const struct lt_test *t = x->t;
	int stores = 0, rc;

	for (int th = 0; th < x->nth; th++)
		for (int k = 0; k < x->thr[th]->ninsns; k++)
			for (int u = 0; u < x->sem[th][k].nuops; u++)
				stores += x->sem[th][k].uops[u].kind == LT_UOP_STORE;
	for (int l = 0; l < x->ncells; l++) {
		x->V[l].n = x->V[l].committed = 1;
		x->V[l].v[0] = x->cinit[l];
		x->V[l].width = 0;
	}
	for (int round = 0;; round++) {
		x->grew = false;
		/* Values of round `round` end chains of round + 1 writes. */
		x->admit = round < stores;
		chk_free_traces(x);
		for (int th = 0; th < x->nth; th++) {
			struct tstate *st = lt_xcalloc(1, sizeof(*st));

			st->regs = lt_xcalloc((size_t)x->nregs, sizeof(*st->regs));
			for (int r = 0; r < t->nregs; r++)
				if (t->regs[r].thread == t->threads[th].id &&
				    t->regs[r].has_init)
					st->regs[r].v = t->regs[r].init;
			st->rmw_open = -1;
			st->excl_open = -1;
			st->excl_n = 0;
			st->rmw_n = 0;
			rc = run(x, th, st);
			if (rc < 0)
				return rc;
		}
		if (!x->grew)
			return 0;
		for (int l = 0; l < x->ncells; l++)
			x->V[l].committed = x->V[l].n;
	}
}
