/* SPDX-License-Identifier: MIT */
/*
 * The Go memory model (go.dev/ref/mem, version of June 6, 2022), for Go
 * litmus tests (arch/go/, whose lowering makes every sync/atomic operation
 * and every mutex, wait-group and channel operation a seq_cst access of a
 * cell, and every plain access a non-atomic one, LT_ANN_NA):
 *
 *   sw  = [atomic W]; rf; [atomic R]	the operations of sync/atomic, and
 *					the runtime's, synchronise as
 *					sequentially consistent atomics do
 *   hb  = (po | sw)+			the initial values, written before
 *					any goroutine is created, are
 *					before everything
 *
 * A read r of x observes a write w of x such that
 *   - r does not happen before w:			irreflexive rf; hb
 *   - no write w' of x has w hb w' hb r:		irreflexive rf^-1; hbWW; hb
 *     (and for a read of the initial value, no write of x hb r)
 * which the document requires of every read, racy or not: a racy plain
 * read may observe any write that is not hb-overwritten, and two racy
 * reads of one goroutine need not agree with each other (no coherence is
 * promised for plain accesses, unlike C's relaxed atomics).  The final
 * value of a location is a write that no other write of it hb-follows:
 * co extends hb on writes (irreflexive hb; co).
 *
 * The atomics are sequentially consistent: one total order of them,
 *   acyclic (po | rf | co | fr) restricted to atomic events,
 * with read-modify-writes atomic (empty rmw & fr; co).
 *
 * No value out of thin air: the document forbids a racy read from
 * observing a value its own execution depends on; as herd's models say
 * it, acyclic (addr | data | ctrl | rf).  Load buffering without
 * dependencies stays allowed (the document's compilers may reorder
 * independent racy accesses, and Arm and POWER hardware does).
 *
 * A racy program is not undefined in Go (unlike C): no data_race hook.
 */
#include "config.h"

#include "model/cand.h"

static bool irreflexive(const struct lt_cand *c, const struct lt_rel *r)
{
	for (int i = 0; i < c->n && i < LT_MAX_EVENTS; i++)
		if (r->r[i] >> i & 1)
			return false;
	return true;
}

static void go_hb(const struct lt_cand *c, lt_set atomic, struct lt_rel *hb)
{
	for (int i = 0; i < c->n; i++)
		hb->r[i] = c->po.r[i] |
			   ((c->W & atomic) >> i & 1 ? c->rf.r[i] & c->R & atomic : 0);
	rel_closure(c, hb);
}

/* Every read observes a write that is neither hb-after it nor hb-overwritten. */
static bool observation(const struct lt_cand *c, const struct lt_rel *hb)
{
	struct lt_rel t;

	rel_seq(c, &t, &c->rf, hb);
	if (!irreflexive(c, &t))
		return false;
	for (int r = 0; r < c->n; r++) {
		lt_set writers = 0, later_w;

		if (!(c->R >> r & 1))
			continue;
		for (int w = 0; w < c->n; w++)
			if (c->rf.r[w] >> r & 1)
				writers |= (lt_set)1 << w;
		if (writers) {
			/* w hb w' hb r, w' a write of r's location */
			for (lt_set s = writers; s; s &= s - 1) {
				int w = __builtin_ctzll(s);

				later_w = hb->r[w] & c->W & c->loc.r[r];
				for (; later_w; later_w &= later_w - 1)
					if (hb->r[__builtin_ctzll(later_w)] >> r & 1)
						return false;
			}
		} else {
			/*
			 * A read of the initial value (its fr edges reach every
			 * write of the location): none of them may hb r.
			 */
			for (lt_set s = c->fr.r[r]; s; s &= s - 1)
				if (hb->r[__builtin_ctzll(s)] >> r & 1)
					return false;
		}
	}
	return true;
}

static bool go_consistent(const struct lt_cand *c)
{
	lt_set atomic = c->M & ~cand_ann_set(c, LT_ANN_NA);
	struct lt_rel hb, t;

	if (!cand_rmw_atomic(c))
		return false;
	go_hb(c, atomic, &hb);
	if (!irreflexive(c, &hb) || !observation(c, &hb))
		return false;
	/* final values: co extends hb on writes */
	rel_seq(c, &t, &hb, &c->co);
	if (!irreflexive(c, &t))
		return false;
	/* one sequentially consistent order of the atomics */
	for (int i = 0; i < c->n; i++)
		t.r[i] = (atomic >> i & 1) ?
			 (c->po.r[i] | c->rf.r[i] | c->co.r[i] | c->fr.r[i]) & atomic : 0;
	if (!rel_acyclic(c, &t))
		return false;
	/* no thin air */
	for (int i = 0; i < c->n; i++)
		t.r[i] = c->addr.r[i] | c->data.r[i] | c->ctrl.r[i] | c->rf.r[i];
	return rel_acyclic(c, &t);
}

LT_MODEL(go, "go",
	 "The Go Memory Model, go.dev/ref/mem (June 6, 2022)",
	 "Go",
	 /* racy plain reads of one goroutine need not be coherent */
	 .uniproc = false,
	 .consistent = go_consistent);
