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
	/* Every recorded value: the filter may name what a state does not show. */
	for (int k = 0; k < t->nrecorded; k++) {
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

static void choose_co(struct ctx *x, int l)
{
	const struct lt_test *t = x->t;
	struct color *o;

	if (chk_spent(x))
		return;
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

	if (chk_spent(x))
		return;
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
			return chk_fail(x, (struct lt_pos){ 0, 0 },
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
