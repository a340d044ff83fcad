/* SPDX-License-Identifier: MIT */
/*
 * The model checker, steps 2 and 3 (check.c explains the whole): the
 * candidate executions over one trace per thread, rf then co chosen with
 * the model consulted after each choice, and the final states counted.
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

/* ------------------------------------------------------------------ */
/* Candidates: rf and co over one trace per thread                    */
/* ------------------------------------------------------------------ */

int chk_cmp_state(const struct lt_test *t, const struct lt_value *a,
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
			return lt_form_cmp(lt_var_form(t, t->observed[k]), a[k].i, b[k].i);
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
		if (chk_cmp_state(t, &x->states[(size_t)x->slots[i] * row], vals) == 0)
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

	memset(c->co.r, 0, (size_t)c->n * sizeof(lt_set));
	memset(c->fr.r, 0, (size_t)c->n * sizeof(lt_set));
	for (int l = 0; l < x->ncells; l++) {
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

/* The value a cell ends with: its co-last write's, or its initial one. */
static struct lt_value cell_final(const struct ctx *x, int l)
{
	const struct color *o = &x->co[l];

	return o->nw ? x->c.ev[o->order[o->nw - 1]].val : x->cinit[l];
}

/* Location l's final value, its cells put back together when mixed. */
static struct lt_value final_value(const struct ctx *x, int l)
{
	uint64_t acc = 0;
	int n;

	if (!x->mixed)
		return cell_final(x, l);
	n = x->loc_bytes[l] / (int)x->gran;
	for (int k = n - 1; k >= 0; k--) {
		acc = x->gran == 8 ? 0 : acc << (8 * x->gran);
		acc |= (uint64_t)cell_final(x, x->cell0[l] + k).i;
	}
	return (struct lt_value){ .is_sym = false, .i = (int64_t)acc };
}

static void leaf(struct ctx *x)
{
	const struct lt_test *t = x->t;
	struct lt_value *vals = x->scratch;

	x->cands++;
	/* Every recorded value: the filter may name what a state does not show. */
	for (int k = 0; k < t->nrecorded; k++) {
		struct lt_var v = t->observed[k];

		if (v.is_loc) {
			vals[k] = final_value(x, v.idx);
		} else {
			int th = 0;

			while (th < x->nth && t->threads[th].id != t->regs[v.idx].thread)
				th++;
			vals[k] = th < x->nth ?
				  x->traces[th][x->choice[th]].regs[v.idx] :
				  t->regs[v.idx].init;
		}
	}
	/*
	 * The values as the test's types read them, as the kernel prints
	 * them: a 32-bit register holding 0xffffffff is -1, a uint8_t local
	 * assigned 300 is 44.
	 */
	lt_test_canon_row(t, vals);
	/* herd drops the executions the filter rejects before counting. */
	if (t->filter && !lt_cond_eval(t, t->filter, vals))
		return;
	/*
	 * herd's undefined_unless: the execution counts, flagged.  The
	 * state is the first nobserved values (add_state): the filter's
	 * own are projected away, states that differ only there merged.
	 */
	if (x->m->data_race && !x->undefined && x->m->data_race(&x->c))
		x->undefined = true;
	if (lt_cond_eval(t, t->cond, vals))
		x->pos++;
	else
		x->neg++;
	add_state(x, vals);
}

/*
 * Mixed size: herd orders stores, not their cells: two stores that share
 * cells are in the same order in each.
 */
static bool co_whole(const struct ctx *x)
{
	const struct lt_cand *c = &x->c;

	for (int a = 0; a < c->n; a++)
		for (lt_set s = c->co.r[a]; s; s &= s - 1) {
			int b = __builtin_ctzll(s);

			for (int a2 = x->acc0[a]; a2 < x->acc0[a] + x->acc_n[x->acc0[a]]; a2++)
				for (int b2 = x->acc0[b]; b2 < x->acc0[b] + x->acc_n[x->acc0[b]]; b2++)
					if (c->co.r[b2] >> a2 & 1)
						return false;
		}
	return true;
}

static void choose_co(struct ctx *x, int l)
{
	struct color *o;

	if (chk_spent(x))
		return;
	while (l < x->ncells && x->co[l].placed == x->co[l].nw)
		l++;
	if (l == x->ncells) {
		x->c.complete = true;
		derive_co_fr(x);
		if ((!x->mixed || co_whole(x)) && x->m->consistent(&x->c))
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

	n += value_eq(x->cinit[l], c->ev[r].val);
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

/*
 * The cells write w stores to: the access's, or for the initial value (w
 * = -1) the whole location of event e's cell, as herd writes it.
 */
static void write_cells(const struct ctx *x, int w, int e, int *c0, int *n)
{
	int l = 0;

	if (w >= 0) {
		*c0 = x->c.ev[x->acc0[w]].loc;
		*n = x->acc_n[x->acc0[w]];
		return;
	}
	while (l + 1 < x->t->nlocs && x->cell0[l + 1] <= x->c.ev[e].loc)
		l++;
	*c0 = x->cell0[l];
	*n = x->loc_bytes[l] / (int)x->gran;
}

/*
 * Mixed size: may read k (a cell of a wider load) read from w, given the
 * sources the load's other cells have chosen?  herd (mem.ml, the sca
 * matching) hands a load's cells to the writes that overlap it from the
 * narrowest up, each write taking every cell still unmatched that it
 * covers.  So when two cells of one load read from different writes,
 * neither write covers the other's cell unless it is the wider one.
 */
static bool rf_whole(const struct ctx *x, int k, int w)
{
	int r = x->reads[k], wc, wn;

	write_cells(x, w, r, &wc, &wn);
	for (int j = k - 1; j >= 0 && x->acc0[x->reads[j]] == x->acc0[r]; j--) {
		int o = x->rf_src[j], r2 = x->reads[j], oc, on;

		if (w < 0 || o < 0 ? w == o : x->acc0[w] == x->acc0[o])
			continue;
		write_cells(x, o, r2, &oc, &on);
		if (x->c.ev[r2].loc >= wc && x->c.ev[r2].loc < wc + wn && wn <= on)
			return false;
		if (x->c.ev[r].loc >= oc && x->c.ev[r].loc < oc + on && on <= wn)
			return false;
	}
	return true;
}

static void choose_rf(struct ctx *x, int k)
{
	struct lt_cand *c = &x->c;
	int r, l;

	if (chk_spent(x))
		return;
	if (k == x->nreads) {
		choose_co(x, 0);
		return;
	}
	r = x->reads[k];
	l = c->ev[r].loc;
	/* The initial value, co-first. */
	if (value_eq(x->cinit[l], c->ev[r].val) && (!x->mixed || rf_whole(x, k, -1))) {
		x->rf_src[k] = -1;
		if (rf_check(x, k))
			choose_rf(x, k + 1);
	}
	for (int j = 0; j < x->co[l].nw; j++) {
		int w = x->co[l].w[j];

		if (!value_eq(c->ev[w].val, c->ev[r].val) ||
		    (x->mixed && !rf_whole(x, k, w)))
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
	c->mixed = false;
	for (size_t k = 0; k < sizeof(rels) / sizeof(rels[0]); k++)
		memset(rels[k]->r, 0, (size_t)n * sizeof(lt_set));
}

/* Lay out the events of the chosen traces and their fixed relations. */
static int build(struct ctx *x)
{
	struct lt_cand *c = &x->c;
	int n = 0, off[x->nth > 0 ? x->nth : 1];

	for (int th = 0; th < x->nth; th++) {
		const struct trace *tr = &x->traces[th][x->choice[th]];

		off[th] = n;
		if (n + tr->nev > LT_MAX_EVENTS)
			return chk_fail(x, (struct lt_pos){ 0, 0 },
				    "the model does not support more than %d events",
				    LT_MAX_EVENTS);
		n += tr->nev;
	}
	cand_reset(c, n);
	x->nreads = 0;
	for (int l = 0; l < x->ncells; l++) {
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
	for (int e = 0; e < n && x->mixed; e++) {
		const struct lt_event *p = e ? &c->ev[e - 1] : NULL;
		bool cont = p && p->kind == c->ev[e].kind && p->thread == c->ev[e].thread &&
			    p->inst == c->ev[e].inst && c->ev[e].kind != LT_EV_F;

		x->acc0[e] = cont ? x->acc0[e - 1] : e;
		x->acc_n[e] = 0;
		x->acc_n[x->acc0[e]]++;
	}
	for (int e = 0; e < n && x->mixed; e++) {
		int a = x->acc0[e];
		lt_set s = x->acc_n[a] == 64 ? UINT64_MAX :
			   (((lt_set)1 << x->acc_n[a]) - 1) << a;

		c->mixed = true;
		c->sca.r[e] = c->M >> e & 1 ? s : 0;
		/*
		 * herd's po runs between instructions: the cells of one access
		 * are not in program order with each other.
		 */
		c->po.r[e] &= ~s;
	}
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
int chk_combine(struct ctx *x, int th)
{
	int rc;

	if (th == x->nth) {
		if ((rc = build(x)) < 0)
			return rc;
		start_rf(x);
		return x->out;
	}
	for (int k = 0; k < x->ntraces[th]; k++) {
		x->choice[th] = k;
		if ((rc = chk_combine(x, th + 1)) < 0)
			return rc;
		if (chk_spent(x))
			return x->out;
	}
	return 0;
}
