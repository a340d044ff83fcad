/* SPDX-License-Identifier: MIT */
/*
 * RC11, the repaired C/C++11 model (O. Lahav, V. Vafeiadis, J. Kang,
 * C.-K. Hur, D. Dreyer, "Repairing Sequential Consistency in C/C++11",
 * PLDI 2017, sec. 3, fig. 6), as herd7 runs it with herd/libdir/rc11.cat:
 *
 *   rs  = [W]; (sb & loc)?; [W & atomic]; (rf; rmw)*
 *   sw  = [E >= rel]; ([F]; sb)?; rs; rf; [R & atomic]; (sb; [F])?; [E >= acq]
 *   hb  = (sb | sw)+
 *   eco = (rf | mo | rb)+
 *   irreflexive hb; eco?				coherence
 *   empty rmw & (rb; mo)				atomicity
 *   scb = sb | (sb \ loc); hb; (sb \ loc) | (hb & loc) | mo | rb
 *   psc_base = ([SC] | [F & SC]; hb?); scb; ([SC] | hb?; [F & SC])
 *   psc_F = [F & SC]; (hb | hb; eco; hb); [F & SC]
 *   acyclic psc_base | psc_F				SC
 *   acyclic sb | rf					no-thin-air
 *
 * and a data race (two conflicting accesses of different threads, at least
 * one of them non-atomic, unordered by hb) makes the program undefined:
 * herd's "undefined_unless empty dr".  rc11.cat's coherencermw
 * (irreflexive rmw; eco) is implied by coherence, rmw being in sb.
 *
 * RC11 is not herd's default C model (c11_partialSC.cat, after Batty et
 * al., POPL 2011): RC11 forbids load buffering through po | rf cycles (LB
 * with relaxed atomics is Forbidden), strengthens SC fences and drops the
 * release-sequence tail of same-thread relaxed writes of C11.
 */
#include "config.h"

#include "model/cand.h"

enum { RS_BASE, SW_LEFT, SW_RIGHT, SB_NOLOC, PO_LOC };

/*
 * The seq_cst fences: C11's, and the kernel's full barriers as lt-c11.h
 * runs them (smp_mb, the smp_mb__* fences and synchronize_rcu are
 * atomic_thread_fence(memory_order_seq_cst) there).
 */
static lt_set sc_fences(const struct lt_cand *c)
{
	return c->fence[LT_FENCE_C_SC] | c->fence[LT_FENCE_LK_MB] |
	       c->fence[LT_FENCE_LK_BEFORE_ATOMIC] | c->fence[LT_FENCE_LK_AFTER_ATOMIC] |
	       c->fence[LT_FENCE_LK_AFTER_SPINLOCK] |
	       c->fence[LT_FENCE_LK_AFTER_UNLOCK_LOCK] | c->fence[LT_FENCE_LK_SYNC_RCU];
}

/* smp_rmb and smp_wmb are acquire and release fences in lt-c11.h. */
static lt_set fences(const struct lt_cand *c, bool acq, bool rel)
{
	lt_set s = c->fence[LT_FENCE_C_ACQ_REL] | sc_fences(c);

	if (acq)
		s |= c->fence[LT_FENCE_C_ACQ] | c->fence[LT_FENCE_LK_RMB];
	if (rel)
		s |= c->fence[LT_FENCE_C_REL] | c->fence[LT_FENCE_LK_WMB];
	return s;
}

static bool irreflexive(const struct lt_cand *c, const struct lt_rel *r)
{
	/* c->n <= LT_MAX_EVENTS; the bound says so to the optimizer. */
	for (int i = 0; i < c->n && i < LT_MAX_EVENTS; i++)
		if (r->r[i] >> i & 1)
			return false;
	return true;
}

/* r := r? ; the identity added */
static void refl(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *r)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = r->r[i] | (lt_set)1 << i;
}

static void rc11_prepare(struct lt_cand *c)
{
	lt_set atomic = c->M & ~cand_ann_set(c, LT_ANN_NA);
	lt_set rel = (cand_ann_set(c, LT_ANN_RELEASE) & c->W) | fences(c, false, true);
	lt_set acq = (cand_ann_set(c, LT_ANN_ACQUIRE) & c->R) | fences(c, true, false);
	struct lt_rel *poloc = &c->pre[PO_LOC];

	rel_inter(c, poloc, &c->po, &c->loc);
	for (int e = 0; e < c->n; e++) {
		lt_set bit = (lt_set)1 << e;

		/* [W]; (sb & loc)?; [W & atomic] */
		c->pre[RS_BASE].r[e] = (c->W & bit) ?
			((poloc->r[e] | bit) & c->W & atomic) : 0;
		/* [E >= rel]; ([F]; sb)? */
		c->pre[SW_LEFT].r[e] = (rel & bit) ?
			(bit | ((c->F & bit) ? c->po.r[e] : 0)) : 0;
		/* [R & atomic]; (sb; [F])?; [E >= acq] */
		c->pre[SW_RIGHT].r[e] = (c->R & atomic & bit) ?
			((acq & bit) | (c->po.r[e] & c->F & acq)) : 0;
		c->pre[SB_NOLOC].r[e] = c->po.r[e] & ~c->loc.r[e];
	}
}

static void happens_before(const struct lt_cand *c, struct lt_rel *hb)
{
	struct lt_rel rfrmw, t, u, rs, sw;

	/* rs = rs_base; (rf; rmw)* */
	rel_seq(c, &t, &c->rf, &c->rmw);
	rel_closure(c, &t);
	refl(c, &rfrmw, &t);
	rel_seq(c, &rs, &c->pre[RS_BASE], &rfrmw);
	/* sw = sw_left; rs; rf; sw_right */
	rel_seq(c, &t, &c->pre[SW_LEFT], &rs);
	rel_seq(c, &u, &t, &c->rf);
	rel_seq(c, &sw, &u, &c->pre[SW_RIGHT]);
	rel_union(c, hb, &c->po, &sw);
	rel_closure(c, hb);
}

static bool sc_order(const struct lt_cand *c, const struct lt_rel *hb,
		     const struct lt_rel *eco)
{
	lt_set sc = cand_ann_set(c, LT_ANN_SC) | sc_fences(c);
	lt_set fsc = sc_fences(c);
	struct lt_rel hbq, scb, t, u, left, right, psc;

	if (!sc)
		return true;
	refl(c, &hbq, hb);
	/* scb */
	rel_seq(c, &t, &c->pre[SB_NOLOC], hb);
	rel_seq(c, &u, &t, &c->pre[SB_NOLOC]);
	for (int i = 0; i < c->n; i++)
		scb.r[i] = c->po.r[i] | u.r[i] | (hb->r[i] & c->loc.r[i]) |
			   c->co.r[i] | c->fr.r[i];
	/* [SC] | [F & SC]; hb?   and   [SC] | hb?; [F & SC] */
	for (int i = 0; i < c->n; i++) {
		lt_set bit = (lt_set)1 << i;

		left.r[i] = ((sc & bit) ? bit : 0) | ((fsc & bit) ? hbq.r[i] : 0);
		right.r[i] = (sc & bit) | (hbq.r[i] & fsc);
	}
	rel_seq(c, &t, &left, &scb);
	rel_seq(c, &psc, &t, &right);
	/* psc_F = [F & SC]; (hb | hb; eco; hb); [F & SC] */
	if (fsc) {
		rel_seq(c, &t, hb, eco);
		rel_seq(c, &u, &t, hb);
		for (int i = 0; i < c->n; i++)
			if (fsc >> i & 1)
				psc.r[i] |= (hb->r[i] | u.r[i]) & fsc;
	}
	return rel_acyclic(c, &psc);
}

/* Coherence, atomicity and SC: RC11 less its no-thin-air axiom. */
static bool c11_consistent(const struct lt_cand *c)
{
	struct lt_rel t, hb, eco;

	if (!cand_rmw_atomic(c))
		return false;
	happens_before(c, &hb);
	if (!irreflexive(c, &hb))
		return false;
	for (int i = 0; i < c->n; i++)
		eco.r[i] = c->rf.r[i] | c->co.r[i] | c->fr.r[i];
	rel_closure(c, &eco);
	rel_seq(c, &t, &hb, &eco);
	if (!irreflexive(c, &t))
		return false;
	return sc_order(c, &hb, &eco);
}

/* RC11 in full: no-thin-air (acyclic sb | rf) as well. */
static bool rc11_consistent(const struct lt_cand *c)
{
	struct lt_rel t;

	rel_union(c, &t, &c->po, &c->rf);
	return rel_acyclic(c, &t) && c11_consistent(c);
}

/*
 * dr = (cnf & ext) \ (hb | hb^-1 | A * A): conflicting accesses (one a
 * write) of different threads, not both atomic, unordered by hb.  Initial
 * writes are no events here, and hb-before everything anyway.
 */
static bool rc11_data_race(const struct lt_cand *c)
{
	lt_set na = cand_ann_set(c, LT_ANN_NA) & c->M;
	struct lt_rel hb;

	if (!na)
		return false;
	happens_before(c, &hb);
	for (int a = 0; a < c->n; a++) {
		lt_set other;

		if (!(c->M >> a & 1))
			continue;
		other = c->loc.r[a] & c->ext.r[a] & ~hb.r[a];
		if (!(c->W >> a & 1))
			other &= c->W;
		if (!(na >> a & 1))
			other &= na;
		for (; other; other &= other - 1) {
			int b = __builtin_ctzll(other);

			if (!(hb.r[b] >> a & 1))
				return true;
		}
	}
	return false;
}

/*
 * "c11", the default for C tests, is RC11 without no-thin-air.  That axiom
 * forbids load buffering through relaxed atomics (LB+relaxed), which the
 * C11/C17 standard allows and which the standard compilation to Arm and
 * POWER (plain loads and stores for relaxed atomics) lets the hardware
 * show: judging compiled code by it would raise a false alarm on every
 * Arm or POWER board that shows LB (Lahav et al. sec. 6 discuss the cost of
 * enforcing it).  Values still come only from the test's own stores, so no
 * out-of-thin-air value can appear.  "rc11" is the paper's model in full.
 */
#define RC11_MODEL(id, nm, cite)						\
	LT_MODEL(id, nm, cite, "C",						\
		 /* coherence (po in hb) forbids what the trace filter drops */	\
		 .uniproc = true,						\
		 .prepare = rc11_prepare,					\
		 .consistent = id##_consistent,					\
		 .data_race = rc11_data_race)

/* The two differ in their axioms only. */
RC11_MODEL(c11, "c11",
	   "RC11 less no-thin-air: Lahav, Vafeiadis, Kang, Hur, Dreyer, PLDI 2017");
RC11_MODEL(rc11, "rc11",
	   "Lahav, Vafeiadis, Kang, Hur, Dreyer, PLDI 2017; herd rc11.cat");
