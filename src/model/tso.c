/* SPDX-License-Identifier: MIT */
/*
 * x86-TSO: S. Owens, S. Sarkar, P. Sewell, "A better x86 memory model:
 * x86-TSO", TPHOLs 2009, in the axiomatic form of herd's x86tso.cat
 * (herdtools7 herd/libdir/x86tso.cat; Alglave et al., "Herding cats",
 * TOPLAS 2014, sec. 4.2), which herd7 uses for X86 and X86_64 tests:
 *
 *	let com = rf | fr | co
 *	acyclic po-loc | amo | com			(uniproc)
 *	empty rmw & (fre;coe)				(atomic)
 *	let po_ghb = WW(po) | RM(po)			(ppo: po minus W->R)
 *	let mfence = fencerel(MFENCE)
 *	let implied = MA(WR(po)) | AM(WR(po))		(locked instructions)
 *	let ghb = mfence | implied | po_ghb | rfe | fr | co
 *	acyclic ghb as tso
 *
 * amo (single-event atomics) is empty on x86: a locked instruction is a
 * read and a write related by rmw.  lfence and sfence order nothing here:
 * they matter only for non-temporal and weakly ordered memory types, which
 * the model refuses (arch/x86_64/sem.c).
 *
 * Mixed-size tests (src/model/check.h) add herd's same-access relation as
 * x86tso-mixed.cat does, ghb's communication edges reaching every cell of
 * the access they meet: x86tso.cat has no si and would let a reader see
 * half of an aligned store.
 */
#include "config.h"

#include "model/cand.h"

/* The parts of the axioms fixed by the events and program order. */
enum { PO_LOC, PO_GHB };

static void tso_prepare(struct lt_cand *c)
{
	struct lt_rel *ghb = &c->pre[PO_GHB], t, wr;

	rel_inter(c, &c->pre[PO_LOC], &c->po, &c->loc);
	/* po_ghb = WW(po) | RM(po) */
	rel_restrict(c, ghb, &c->po, c->W, c->W);
	rel_restrict(c, &t, &c->po, c->R, c->M);
	rel_union(c, ghb, ghb, &t);
	/* mfence */
	rel_fencerel(c, &t, LT_FENCE_MFENCE);
	rel_union(c, ghb, ghb, &t);
	/* implied = MA(WR(po)) | AM(WR(po)) */
	rel_restrict(c, &wr, &c->po, c->W, c->R);
	rel_restrict(c, &t, &wr, c->M, c->A);
	rel_union(c, ghb, ghb, &t);
	rel_restrict(c, &t, &wr, c->A, c->M);
	rel_union(c, ghb, ghb, &t);
}

/* uniproc, a.k.a. SC per location (herd: "Uniproc check"). */
static bool uniproc(const struct lt_cand *c)
{
	struct lt_rel r;

	for (int i = 0; i < c->n; i++)
		r.r[i] = c->pre[PO_LOC].r[i] | c->rf.r[i] | c->co.r[i] | c->fr.r[i];
	return rel_acyclic(c, &r);
}

/*
 * Atomicity of locked RMWs: no write of another thread comes between the
 * read and the write of an RMW in coherence order.
 */
static bool atomic(const struct lt_cand *c)
{
	struct lt_rel fre, coe, frco, r;

	if (!c->A)
		return true;	/* no RMW */
	rel_inter(c, &fre, &c->fr, &c->ext);
	rel_inter(c, &coe, &c->co, &c->ext);
	rel_seq(c, &frco, &fre, &coe);
	rel_inter(c, &r, &c->rmw, &frco);
	return rel_empty(c, &r);
}

/* ghb = mfence | implied | po_ghb | rfe | fr | co */
static bool ghb_acyclic(const struct lt_cand *c)
{
	struct lt_rel ghb;

	for (int i = 0; i < c->n; i++) {
		lt_set com = (c->rf.r[i] & c->ext.r[i]) | c->fr.r[i] | c->co.r[i];

		/*
		 * Mixed size: (rfe | fr | co); si, an aligned access seen in one
		 * cell is seen in all (x86tso-mixed.cat's obs; si; Intel SDM
		 * 9.1.1).  Internal fr and co add nothing there: po orders
		 * the whole access already.
		 */
		for (lt_set s = c->mixed ? com : 0; s; s &= s - 1)
			com |= c->sca.r[__builtin_ctzll(s)];
		ghb.r[i] = c->pre[PO_GHB].r[i] | com;
	}
	return rel_acyclic(c, &ghb);
}

static bool tso_consistent(const struct lt_cand *c)
{
	return uniproc(c) && atomic(c) && ghb_acyclic(c);
}

LT_MODEL(x86_tso, "x86-tso",
	 "Owens, Sarkar, Sewell, TPHOLs 2009; herd x86tso.cat",
	 "x86_64",
	.mixed = true,
	.prepare = tso_prepare,
	.uniproc = true,
	.consistent = tso_consistent);
