/* SPDX-License-Identifier: MIT */
/*
 * The POWER memory model of J. Alglave, L. Maranget, M. Tautschnig,
 * "Herding cats: modelling, simulation, testing, and data mining for weak
 * memory", TOPLAS 36(2), 2014, sec. 6, as herd7 runs it: herd/libdir/ppc.cat
 * with ppo.cat, ppcfences.cat and ppc-checks.cat.
 *
 *   acyclic po-loc | rf | fr | co			as scperlocation
 *   empty rmw & (fre; coe)				as atomic
 *   acyclic hb, hb = ppo | fence | rfe			as thinair
 *   irreflexive fre; prop; hb*				as observation
 *   acyclic co | prop					as propagation
 *   acyclic co | (po & (EX * EX))			as scXX
 *
 * with fence = sync | lwsync \ (W * R) | eieio & (W * W), and
 *   propbase = (fence | rfe; fence); hb*
 *   chapo    = rfe | fre | coe | fre; rfe | coe; rfe
 *   prop     = propbase & (W * W) | chapo?; propbase*; sync; hb*
 * Preserved program order is the paper's fixpoint (fig. 25, ppo.cat):
 *   ci = ci0 | ci; ii | cc; ci		ii = ii0 | ci | ic; ci | ii; ii
 *   cc = cc0 | ci | ci; ic | cc; cc	ic = ii | cc | ic; cc | ii; ic
 *   ci0 = ctrlisync | detour		ii0 = addr | data | rfi | rdw
 *   cc0 = addr | data | po-loc | ctrl | addr; po
 *   ppo = ii & (R * R) | ic & (R * W)
 * where rdw = po-loc & (fre; rfe) and detour = po-loc & (coe; rfe) depend
 * on rf and co: ppo is recomputed per candidate when they (or rfi) hold
 * edges, and taken from the events alone otherwise.  isync orders only as
 * ctrlisync ([R]; ctrl; [ISYNC]; po).  lwarx and stwcx. are the reserved
 * read and write, paired by rmw.
 */
#include "config.h"

#include <string.h>

#include "model/cand.h"

enum { PO_LOC, CI0, II0, CC0, FENCE, SYNC, PPO_STATIC, EXCL_PO };

static void star(const struct lt_cand *c, struct lt_rel *r)
{
	rel_closure(c, r);
	for (int i = 0; i < c->n; i++)
		r->r[i] |= (lt_set)1 << i;
}

/* dst := src, over the rows of the candidate's events only. */
static void copy(const struct lt_cand *c, struct lt_rel *dst,
		 const struct lt_rel *src)
{
	memcpy(dst->r, src->r, (size_t)c->n * sizeof(lt_set));
}

static bool rel_eq(const struct lt_cand *c, const struct lt_rel *a,
		   const struct lt_rel *b)
{
	for (int i = 0; i < c->n; i++)
		if (a->r[i] != b->r[i])
			return false;
	return true;
}

/* The least fixpoint of ppo.cat's four equations, and ppo from it. */
static void ppo_fix(const struct lt_cand *c, const struct lt_rel *ci0,
		    const struct lt_rel *ii0, const struct lt_rel *cc0,
		    struct lt_rel *ppo)
{
	struct lt_rel ci, ii, cc, ic, t;

	copy(c, &ci, ci0);
	copy(c, &ii, ii0);
	copy(c, &cc, cc0);
	rel_clear(&ic);
	for (;;) {
		struct lt_rel nci, nii, ncc, nic;

		copy(c, &nci, ci0);
		copy(c, &nii, ii0);
		copy(c, &ncc, cc0);

		rel_seq(c, &t, &ci, &ii);
		rel_add(c, &nci, &t);
		rel_seq(c, &t, &cc, &ci);
		rel_add(c, &nci, &t);

		rel_add(c, &nii, &ci);
		rel_seq(c, &t, &ic, &ci);
		rel_add(c, &nii, &t);
		rel_seq(c, &t, &ii, &ii);
		rel_add(c, &nii, &t);

		rel_add(c, &ncc, &ci);
		rel_seq(c, &t, &ci, &ic);
		rel_add(c, &ncc, &t);
		rel_seq(c, &t, &cc, &cc);
		rel_add(c, &ncc, &t);

		rel_union(c, &nic, &ii, &cc);
		rel_seq(c, &t, &ic, &cc);
		rel_add(c, &nic, &t);
		rel_seq(c, &t, &ii, &ic);
		rel_add(c, &nic, &t);

		if (rel_eq(c, &nci, &ci) && rel_eq(c, &nii, &ii) &&
		    rel_eq(c, &ncc, &cc) && rel_eq(c, &nic, &ic))
			break;
		copy(c, &ci, &nci);
		copy(c, &ii, &nii);
		copy(c, &cc, &ncc);
		copy(c, &ic, &nic);
	}
	rel_restrict(c, ppo, &ii, c->R, c->R);
	rel_restrict(c, &t, &ic, c->R, c->W);
	rel_add(c, ppo, &t);
}

static void power_prepare(struct lt_cand *c)
{
	struct lt_rel *poloc = &c->pre[PO_LOC], *fence = &c->pre[FENCE];
	struct lt_rel dd, t, u;
	lt_set M = c->M, R = c->R, W = c->W, excl = 0;

	rel_inter(c, poloc, &c->po, &c->loc);
	rel_union(c, &t, &c->addr, &c->data);
	rel_restrict(c, &dd, &t, R, M);

	/* ctrlisync: [R]; ctrl; [ISYNC]; po; [M] */
	rel_clear(&c->pre[CI0]);
	if (c->fence[LT_FENCE_ISYNC]) {
		rel_restrict(c, &t, &c->ctrl, R, c->fence[LT_FENCE_ISYNC]);
		rel_seq(c, &u, &t, &c->po);
		rel_restrict(c, &c->pre[CI0], &u, R, M);
	}
	copy(c, &c->pre[II0], &dd);
	/* cc0 = dd | po-loc | ctrl | addr; po */
	copy(c, &c->pre[CC0], &dd);
	rel_add(c, &c->pre[CC0], poloc);
	rel_restrict(c, &t, &c->ctrl, R, M);
	rel_add(c, &c->pre[CC0], &t);
	rel_seq(c, &t, &c->addr, &c->po);
	rel_restrict(c, &u, &t, R, M);
	rel_add(c, &c->pre[CC0], &u);

	/* sync; lwsync \ (W * R); eieio & (W * W) */
	rel_fencerel(c, &c->pre[SYNC], LT_FENCE_SYNC);
	copy(c, fence, &c->pre[SYNC]);
	rel_fencerel(c, &t, LT_FENCE_LWSYNC);
	for (int i = 0; i < c->n; i++)
		if (W >> i & 1)
			t.r[i] &= ~R;
	rel_add(c, fence, &t);
	rel_fencerel(c, &t, LT_FENCE_EIEIO);
	rel_restrict(c, &u, &t, W, W);
	rel_add(c, fence, &u);

	ppo_fix(c, &c->pre[CI0], &c->pre[II0], &c->pre[CC0], &c->pre[PPO_STATIC]);

	/* scXX's xx = po & (EX * EX) */
	for (int e = 0; e < c->n; e++)
		if (c->ev[e].ann & LT_ANN_EXCL)
			excl |= (lt_set)1 << e;
	rel_restrict(c, &c->pre[EXCL_PO], &c->po, excl, excl);
}

static bool power_consistent(const struct lt_cand *c)
{
	struct lt_rel rfe, rfi, fre, coe, x, t, u, ppo, hb, hbstar;
	struct lt_rel propbase, pbstar, chapo, prop;
	bool dynamic = false;

	for (int i = 0; i < c->n; i++) {
		rfe.r[i] = c->rf.r[i] & c->ext.r[i];
		rfi.r[i] = c->rf.r[i] & ~c->ext.r[i];
		fre.r[i] = c->fr.r[i] & c->ext.r[i];
		coe.r[i] = c->co.r[i] & c->ext.r[i];
	}

	/* scperlocation */
	for (int i = 0; i < c->n; i++)
		x.r[i] = c->pre[PO_LOC].r[i] | c->rf.r[i] | c->fr.r[i] | c->co.r[i];
	if (!rel_acyclic(c, &x))
		return false;
	/* atomic: empty rmw & (fre; coe) */
	rel_seq(c, &t, &fre, &coe);
	rel_inter(c, &u, &t, &c->rmw);
	if (!rel_empty(c, &u))
		return false;
	/* scXX */
	for (int i = 0; i < c->n; i++)
		x.r[i] = c->co.r[i] | c->pre[EXCL_PO].r[i];
	if (!rel_acyclic(c, &x))
		return false;

	/* ppo, with rfi, rdw = po-loc & (fre; rfe), detour = po-loc & (coe; rfe) */
	{
		struct lt_rel ci0, ii0;

		copy(c, &ci0, &c->pre[CI0]);
		copy(c, &ii0, &c->pre[II0]);

		rel_seq(c, &t, &fre, &rfe);
		rel_inter(c, &u, &t, &c->pre[PO_LOC]);
		for (int i = 0; i < c->n; i++) {
			lt_set more = rfi.r[i] | u.r[i];

			dynamic |= more != 0;
			ii0.r[i] |= more;
		}
		rel_seq(c, &t, &coe, &rfe);
		rel_inter(c, &u, &t, &c->pre[PO_LOC]);
		for (int i = 0; i < c->n; i++) {
			dynamic |= u.r[i] != 0;
			ci0.r[i] |= u.r[i];
		}
		if (dynamic)
			ppo_fix(c, &ci0, &ii0, &c->pre[CC0], &ppo);
		else
			copy(c, &ppo, &c->pre[PPO_STATIC]);
	}

	/* thinair: acyclic hb */
	for (int i = 0; i < c->n; i++)
		hb.r[i] = ppo.r[i] | c->pre[FENCE].r[i] | rfe.r[i];
	if (!rel_acyclic(c, &hb))
		return false;
	copy(c, &hbstar, &hb);
	star(c, &hbstar);

	/* propbase = (fence | rfe; fence); hb* */
	rel_seq(c, &t, &rfe, &c->pre[FENCE]);
	rel_add(c, &t, &c->pre[FENCE]);
	rel_seq(c, &propbase, &t, &hbstar);
	/* prop = propbase & (W * W) | chapo?; propbase*; sync; hb* */
	rel_restrict(c, &prop, &propbase, c->W, c->W);
	if (c->fence[LT_FENCE_SYNC]) {
		copy(c, &pbstar, &propbase);
		star(c, &pbstar);
		rel_seq(c, &t, &pbstar, &c->pre[SYNC]);
		rel_seq(c, &u, &t, &hbstar);
		/* chapo? = id | rfe | fre | coe | fre; rfe | coe; rfe */
		rel_seq(c, &t, &fre, &rfe);
		rel_seq(c, &x, &coe, &rfe);
		for (int i = 0; i < c->n; i++)
			chapo.r[i] = rfe.r[i] | fre.r[i] | coe.r[i] | t.r[i] |
				     x.r[i] | (lt_set)1 << i;
		rel_seq(c, &t, &chapo, &u);
		rel_add(c, &prop, &t);
	}

	/* propagation: acyclic co | prop */
	for (int i = 0; i < c->n; i++)
		x.r[i] = c->co.r[i] | prop.r[i];
	if (!rel_acyclic(c, &x))
		return false;
	/* observation: irreflexive fre; prop; hb* */
	rel_seq(c, &t, &fre, &prop);
	rel_seq(c, &u, &t, &hbstar);
	for (int i = 0; i < c->n; i++)
		if (u.r[i] >> i & 1)
			return false;
	return true;
}

LT_MODEL(power, "power",
	 "Alglave, Maranget, Tautschnig, TOPLAS 2014; herd ppc.cat",
	 "ppc64le",
	.uniproc = true,
	.mixed = true,
	.prepare = power_prepare,
	.consistent = power_consistent);
