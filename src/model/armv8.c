/* SPDX-License-Identifier: MIT */
/*
 * The Armv8 memory model (Arm ARM DDI 0487, B2.3 "Definition of the Armv8
 * memory model"; C. Pulte, S. Flur, W. Deacon, J. French, S. Sarkar,
 * P. Sewell, "Simplifying ARM concurrency: multicopy-atomic axiomatic and
 * operational models for ARMv8", POPL 2018), as herd7 7.58 runs it:
 * herd/libdir/aarch64.cat with aarch64hwreqs.cat, aarch64deps.cat and
 * aarch64fences.cat, restricted to explicit accesses (no translation,
 * tags, instruction fetch or cache maintenance, whose sets are empty for
 * the tests the checker accepts):
 *
 *   lob = lwfs | lwfs; sca | dob | pob | aob | bob | IFB-ob, closed
 *   ob  = lob | pick-dep; lob; [W] | obs; sca? | Exp-haz-ob, closed
 *   obs = rfe | fre | coe				(ca & ext, ca = fr | co)
 *   lwfs = [M]; po-loc; [W]
 *   sca: the events of one access (mixed size: src/model/cand.h)
 *   Exp-haz-ob = [R]; po-loc; [R]; fre; [W]
 *   irreflexive ob as external
 *   irreflexive [R]; (po-loc | rmw); [W]; rfi; [R]	as coRW1
 *   irreflexive [W]; po-loc; [W]; coi			as coWW
 *   irreflexive [W]; po-loc; [R]; fri			as coWR
 *   empty rmw & (fr; co) \ (fri; [W]; coi)		as atomic
 *
 * Where this differs from the POPL 2018 paper and older cats, it follows
 * herd's cat (and doc/models.md lists it): internal visibility is the three
 * irreflexivity axioms above rather than acyclic(po-loc | com), with
 * Exp-haz-ob and lmws in ob carrying the rest; dependencies run through
 * memory (lmrs, the thread's last write to a location before a read)
 * rather than through rfi, and "pick" dependencies (a CSEL's flags, a
 * CAS's comparison) order only later writes; the reads of atomics whose
 * destination is the zero register (NoRet) are not acquires and are not
 * ordered by DMB LD; DMB NSH orders nothing (it is in none of herd's
 * dmb.full/ld/st sets).
 */
#include "config.h"

#include "model/cand.h"

enum { OB_STATIC, PO_LOC, PO_LOC_RR, RMW_STRICT };

/* Everything po-after an event of `from` in `mid` (x; [mid]; po). */
static void then_po(const struct lt_cand *c, struct lt_rel *out,
		    const struct lt_rel *x, lt_set mid)
{
	struct lt_rel t;

	rel_restrict(c, &t, x, UINT64_MAX, mid);
	rel_seq(c, out, &t, &c->po);
}

static void armv8_prepare(struct lt_cand *c)
{
	struct lt_rel *poloc = &c->pre[PO_LOC], *ob = &c->pre[OB_STATIC];
	struct lt_rel lmrs, t, u, lob;
	lt_set R = c->R, W = c->W, M = c->M;
	lt_set noret = cand_ann_set(c, LT_ANN_NORET);
	lt_set excl = cand_ann_set(c, LT_ANN_EXCL);
	lt_set A = cand_ann_set(c, LT_ANN_ACQUIRE) & R & ~noret;
	lt_set Q = cand_ann_set(c, LT_ANN_ACQPC) & R;
	lt_set L = cand_ann_set(c, LT_ANN_RELEASE) & W;
	lt_set isb = c->fence[LT_FENCE_ISB];

	rel_inter(c, poloc, &c->po, &c->loc);
	rel_restrict(c, &c->pre[PO_LOC_RR], poloc, R, R);

	/* lmrs: [W]; po-loc with no write of the location between; [R] */
	rel_clear(&lmrs);
	for (int w = 0; w < c->n; w++) {
		lt_set later;

		if (!(W >> w & 1))
			continue;
		later = poloc->r[w];
		for (int v = 0; v < c->n; v++)
			if ((later & W) >> v & 1)
				later &= ~poloc->r[v];
		lmrs.r[w] = later & R;
	}

	rel_clear(&lob);
	/* lwfs = [M]; po-loc; [W], and lwfs; sca-class (mixed size) */
	rel_restrict(c, &t, poloc, M, W);
	rel_add(c, &lob, &t);
	if (c->mixed) {
		rel_seq(c, &u, &t, &c->sca);
		rel_add(c, &lob, &u);
	}

	/* dob */
	rel_add(c, &lob, &c->addr);
	rel_add(c, &lob, &c->data);
	rel_restrict(c, &t, &c->ctrl, R, W);
	rel_add(c, &lob, &t);
	then_po(c, &t, &c->addr, M);		/* addr; [M]; po; [W] */
	rel_restrict(c, &u, &t, R, W);
	rel_add(c, &lob, &u);
	rel_union(c, &u, &c->addr, &c->data);	/* (addr | data); lmrs */
	rel_seq(c, &t, &u, &lmrs);
	rel_add(c, &lob, &t);

	/* pob: pick-addr-dep; [W] | pick-data-dep | pick-ctrl-dep; [W] | pick-addr-dep; [M]; po; [W] */
	rel_restrict(c, &t, &c->paddr, R, W);
	rel_add(c, &lob, &t);
	rel_add(c, &lob, &c->pdata);
	rel_restrict(c, &t, &c->pctrl, R, W);
	rel_add(c, &lob, &t);
	then_po(c, &t, &c->paddr, M);
	rel_restrict(c, &u, &t, R, W);
	rel_add(c, &lob, &u);

	/* aob: rmw | rmw; lmrs; [A | Q] */
	rel_add(c, &lob, &c->rmw);
	rel_seq(c, &t, &c->rmw, &lmrs);
	rel_restrict(c, &u, &t, M, A | Q);
	rel_add(c, &lob, &u);

	/* bob */
	rel_fencerel(c, &t, LT_FENCE_DMB_FULL);
	rel_add(c, &lob, &t);
	rel_fencerel(c, &t, LT_FENCE_DMB_LD);
	rel_restrict(c, &u, &t, R & ~noret, M);
	rel_add(c, &lob, &u);
	rel_fencerel(c, &t, LT_FENCE_DMB_ST);
	rel_restrict(c, &u, &t, W, W);
	rel_add(c, &lob, &u);
	rel_fencerel(c, &t, LT_FENCE_DSB_ST);	/* dmb.st, and DSB-ob */
	rel_restrict(c, &u, &t, W, M);
	rel_add(c, &lob, &u);
	for (int r = 0; r < c->n; r++) {
		lt_set w = c->rmw.r[r];

		/* [range([A]; amo; [L])]; po */
		if ((A >> r & 1) && !(excl >> r & 1) && (w & L)) {
			int e = __builtin_ctzll(w & L);

			lob.r[e] |= c->po.r[e] & M;
		}
	}
	rel_restrict(c, &t, &c->po, L, A);	/* [L]; po; [A] */
	rel_add(c, &lob, &t);
	rel_restrict(c, &t, &c->po, A | Q, M);	/* [A | Q]; po */
	rel_add(c, &lob, &t);
	rel_restrict(c, &t, &c->po, M, L);	/* po; [L] */
	rel_add(c, &lob, &t);

	/* IFB-ob: [R]; (ctrl | pick-ctrl-dep | (addr | pick-addr-dep); [M]; po); [ISB]; po */
	if (isb) {
		struct lt_rel pre;

		rel_clear(&pre);
		rel_union(c, &pre, &c->ctrl, &c->pctrl);
		then_po(c, &t, &c->addr, M);
		rel_add(c, &pre, &t);
		then_po(c, &t, &c->paddr, M);
		rel_add(c, &pre, &t);
		then_po(c, &t, &pre, isb);
		rel_restrict(c, &u, &t, R, M);
		rel_add(c, &lob, &u);
	}

	rel_closure(c, &lob);
	/* pick-lob = pick-dep; lob; [W] */
	rel_seq(c, &t, &c->pick, &lob);
	rel_restrict(c, &u, &t, R, W);
	rel_union(c, ob, &lob, &u);

	/*
	 * The RMWs with no write of their location between their read and
	 * write in program order: no internal write can excuse them, so
	 * atomicity is monotone for them and is checked on partial
	 * candidates too.
	 */
	rel_clear(&c->pre[RMW_STRICT]);
	for (int r = 0; r < c->n; r++) {
		lt_set w = c->rmw.r[r];

		if (w) {
			int e = __builtin_ctzll(w);
			lt_set between = poloc->r[r] & ~poloc->r[e] & W & ~w;

			if (!between)
				c->pre[RMW_STRICT].r[r] = w;
		}
	}
}

static bool internal(const struct lt_cand *c)
{
	const struct lt_rel *poloc = &c->pre[PO_LOC];

	for (int a = 0; a < c->n; a++) {
		lt_set bit = (lt_set)1 << a;

		if (c->R >> a & 1) {
			/* coRW1: a read from a po-later write, or its own RMW's */
			lt_set w = (poloc->r[a] | c->rmw.r[a]) & c->W;

			while (w) {
				int k = __builtin_ctzll(w);

				w &= w - 1;
				if (c->rf.r[k] & bit)
					return false;
			}
		} else if (c->W >> a & 1) {
			lt_set later = poloc->r[a];

			/* coWW: a po-later write co-before it */
			while (later) {
				int k = __builtin_ctzll(later);

				later &= later - 1;
				if ((c->W >> k & 1) && (c->co.r[k] & bit))
					return false;
				/* coWR: a po-later read fr-before it */
				if ((c->R >> k & 1) && (c->fr.r[k] & bit))
					return false;
			}
		}
	}
	return true;
}

/*
 * atomic: no write between an RMW's read and write in coherence, unless
 * the thread's own (fri; [W]; coi).
 */
static bool atomic(const struct lt_cand *c)
{
	const struct lt_rel *rmw = c->complete ? &c->rmw : &c->pre[RMW_STRICT];

	for (int r = 0; r < c->n; r++) {
		lt_set w = rmw->r[r], mid, own;

		if (!w)
			continue;
		mid = 0;
		for (lt_set s = c->fr.r[r]; s; s &= s - 1) {
			int k = __builtin_ctzll(s);

			if (c->co.r[k] & w)
				mid |= (lt_set)1 << k;
		}
		if (!mid)
			continue;
		own = mid & ~c->ext.r[r];
		if (!own)
			return false;
	}
	return true;
}

static bool external(const struct lt_cand *c)
{
	struct lt_rel ob, fre, haz;

	for (int i = 0; i < c->n; i++)
		fre.r[i] = c->fr.r[i] & c->ext.r[i];
	rel_seq(c, &haz, &c->pre[PO_LOC_RR], &fre);
	for (int i = 0; i < c->n; i++) {
		lt_set obs = fre.r[i] | ((c->rf.r[i] | c->co.r[i]) & c->ext.r[i]);

		/* Mixed size: obs; sca-class?, every cell of the access observed. */
		for (lt_set s = c->mixed ? obs : 0; s; s &= s - 1)
			obs |= c->sca.r[__builtin_ctzll(s)];
		ob.r[i] = c->pre[OB_STATIC].r[i] | haz.r[i] | obs;
	}
	return rel_acyclic(c, &ob);
}

static bool armv8_consistent(const struct lt_cand *c)
{
	return internal(c) && atomic(c) && external(c);
}

LT_MODEL(armv8, "armv8",
	 "Arm ARM B2.3; Pulte et al., POPL 2018; herd aarch64.cat",
	 "aarch64",
	/* coRW1, coWW and coWR forbid what the trace filter drops. */
	.uniproc = true,
	.mem_deps = true,
	.mixed = true,
	.mixed_rmw = true,
	.prepare = armv8_prepare,
	.consistent = armv8_consistent);
