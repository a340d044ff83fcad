/* SPDX-License-Identifier: MIT */
/*
 * RVWMO, the RISC-V weak memory ordering model (The RISC-V Instruction Set
 * Manual, Volume I: Unprivileged ISA, chapter "RVWMO Memory Consistency
 * Model"), in the axiomatic form of herd7's riscv.cat and riscv-defs.cat
 * (herdtools7 herd/libdir), which the manual's "Formal Memory Model
 * Specifications" appendix gives as an equivalent of the prose:
 *
 *   acyclic co | rf | fr | po-loc		as Coherence
 *   acyclic co | rfe | fr | ppo		as Model
 *   empty rmw & (fre; coe)			as Atomic
 *
 * ppo is the manual's preserved program order, rules 1 to 13:
 *   r1  [M]; po-loc; [W]		r2  ([R]; po-loc-no-w; [R]) \ rsw
 *   r3  [AMO | SC]; rfi; [R]		r4  fence (pred/succ sets, FENCE.TSO)
 *   r5  [AQ]; po; [M]			r6  [M]; po; [RL]
 *   r7  [RCsc]; po; [RCsc]		r8  rmw
 *   r9  [M]; addr; [M]			r10 [M]; data; [W]
 *   r11 [M]; ctrl; [W]			r12 [M]; (addr | data); [W]; rfi; [R]
 *   r13 [M]; addr; [M]; po; [W]
 * Coherence is herd's statement of the load value axiom (with the
 * manual's "Coherence and rfi" reading); Model is the global memory order's
 * acyclicity; Atomic is the atomicity axiom.  The progress axiom says that
 * a store eventually becomes visible: no finite execution breaks it, so it
 * does not constrain final states.
 *
 * An AMO is one memory operation that is a load and a store at once (the
 * manual's "Memory Model Primitives"; herd's single Amo event).  The
 * checker gives it two events paired by rmw, each carrying the AMO's
 * annotations; the axioms' relations are taken with the two merged into one
 * node, so an edge into the store and one out of the load make the cycle
 * they make through the single operation.  Plain loads and stores carry
 * .aq/.rl too (herd's lw.aq, sw.rl, and both as .aqrl): they are in AQ and
 * RL (rules 5 and 6) but not in RCsc, which riscv-defs.cat keeps to the
 * annotated LR, SC and AMO events.  A successful SC's rd depends on the SC
 * itself (arch/riscv64/sem.c), so addr, data and ctrl may start at a write.
 */
#include "config.h"

#include <string.h>

#include "model/cand.h"

enum { PO_LOC, PPO_STATIC, R2_PAIRS, DEP_W };

static lt_set ann_set(const struct lt_cand *c, unsigned ann)
{
	lt_set s = 0;

	for (int e = 0; e < c->n; e++)
		if (c->ev[e].ann & ann)
			s |= (lt_set)1 << e;
	return s;
}

static void add(const struct lt_cand *c, struct lt_rel *acc,
		const struct lt_rel *x)
{
	rel_union(c, acc, acc, x);
}

/* The FENCE kinds as herd's fence.X.Y: [X]; fencerel(Fence.X.Y); [Y]. */
static void fences(const struct lt_cand *c, struct lt_rel *acc)
{
	static const struct {
		enum lt_fence f;
		int pred, succ;		/* 1: R, 2: W, 3: both */
	} kinds[] = {
		{ LT_FENCE_RV_R_R, 1, 1 }, { LT_FENCE_RV_R_W, 1, 2 },
		{ LT_FENCE_RV_R_RW, 1, 3 }, { LT_FENCE_RV_W_R, 2, 1 },
		{ LT_FENCE_RV_W_W, 2, 2 }, { LT_FENCE_RV_W_RW, 2, 3 },
		{ LT_FENCE_RV_RW_R, 3, 1 }, { LT_FENCE_RV_RW_W, 3, 2 },
		{ LT_FENCE_RV_RW_RW, 3, 3 },
	};
	struct lt_rel f, t;

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		lt_set p = (kinds[k].pred & 1 ? c->R : 0) | (kinds[k].pred & 2 ? c->W : 0);
		lt_set s = (kinds[k].succ & 1 ? c->R : 0) | (kinds[k].succ & 2 ? c->W : 0);

		if (!c->fence[kinds[k].f])
			continue;
		rel_fencerel(c, &f, kinds[k].f);
		rel_restrict(c, &t, &f, p, s);
		add(c, acc, &t);
	}
	/* fence.tso: ([W]; f; [W]) | ([R]; f; [M]) */
	if (c->fence[LT_FENCE_RV_TSO]) {
		rel_fencerel(c, &f, LT_FENCE_RV_TSO);
		rel_restrict(c, &t, &f, c->W, c->W);
		add(c, acc, &t);
		rel_restrict(c, &t, &f, c->R, c->M);
		add(c, acc, &t);
	}
}

static void riscv_prepare(struct lt_cand *c)
{
	struct lt_rel *poloc = &c->pre[PO_LOC], *ppo = &c->pre[PPO_STATIC];
	struct lt_rel t, u;
	lt_set M = c->M, R = c->R, W = c->W;
	lt_set aq = ann_set(c, LT_ANN_ACQUIRE), rl = ann_set(c, LT_ANN_RELEASE);
	lt_set rcsc = (aq | rl) & ann_set(c, LT_ANN_EXCL | LT_ANN_ATOMIC);

	rel_inter(c, poloc, &c->po, &c->loc);
	rel_clear(ppo);
	/* r1 */
	rel_restrict(c, &t, poloc, M, W);
	add(c, ppo, &t);
	/* r4 */
	fences(c, ppo);
	/* r5, r6, r7 */
	rel_restrict(c, &t, &c->po, aq & M, M);
	add(c, ppo, &t);
	rel_restrict(c, &t, &c->po, M, rl & M);
	add(c, ppo, &t);
	rel_restrict(c, &t, &c->po, rcsc & M, rcsc & M);
	add(c, ppo, &t);
	/* r8 */
	add(c, ppo, &c->rmw);
	/* r9, r10, r11 */
	rel_restrict(c, &t, &c->addr, M, M);
	add(c, ppo, &t);
	rel_restrict(c, &t, &c->data, M, W);
	add(c, ppo, &t);
	rel_restrict(c, &t, &c->ctrl, M, W);
	add(c, ppo, &t);
	/* r13 */
	rel_restrict(c, &t, &c->addr, M, M);
	rel_seq(c, &u, &t, &c->po);
	rel_restrict(c, &t, &u, M, W);
	add(c, ppo, &t);

	/* r2's pairs before rsw: [R]; po-loc-no-w; [R] */
	rel_clear(&c->pre[R2_PAIRS]);
	for (int a = 0; a < c->n; a++) {
		lt_set later, between;

		if (!(R >> a & 1))
			continue;
		later = poloc->r[a] & R;
		/* drop the reads after a write po-loc-after a */
		between = poloc->r[a] & W;
		while (between) {
			int w = __builtin_ctzll(between);

			between &= between - 1;
			later &= ~poloc->r[w];
		}
		c->pre[R2_PAIRS].r[a] = later;
	}
	/* r12's first half: [M]; (addr | data); [W] */
	rel_union(c, &t, &c->addr, &c->data);
	rel_restrict(c, &c->pre[DEP_W], &t, M, W);
}

/*
 * The write each read reads from so far: an event, -1 for the initial value
 * (no rf edge, and fr to every write of the location or no write to it), or
 * -2 while its rf is not chosen yet.
 */
static void sources(const struct lt_cand *c, int *src)
{
	for (int r = 0; r < c->n; r++)
		src[r] = -2;
	for (int w = 0; w < c->n; w++) {
		lt_set s = (c->W >> w & 1) ? c->rf.r[w] : 0;

		while (s) {
			int r = __builtin_ctzll(s);

			s &= s - 1;
			src[r] = w;
		}
	}
	for (int r = 0; r < c->n; r++)
		if ((c->R >> r & 1) && src[r] == -2 &&
		    (c->fr.r[r] || !(c->loc.r[r] & c->W)))
			src[r] = -1;
}

/*
 * acyclic x, with each AMO's read and write one node: the write's edges
 * become the read's, the read-to-write edges of the operation itself go,
 * and an edge from the write back to the read stays, as a self-loop.
 */
static bool acyclic_merged(const struct lt_cand *c, const struct lt_rel *x,
			   lt_set amo_r)
{
	struct lt_rel m;
	lt_set amo_w = 0;
	int rep[LT_MAX_EVENTS];

	if (!amo_r)
		return rel_acyclic(c, x);
	for (int e = 0; e < c->n; e++)
		rep[e] = e;
	for (lt_set s = amo_r; s; s &= s - 1) {
		int r = __builtin_ctzll(s), w = __builtin_ctzll(c->rmw.r[r]);

		rep[w] = r;
		amo_w |= (lt_set)1 << w;
	}
	for (int e = 0; e < c->n; e++)
		m.r[e] = 0;
	for (int e = 0; e < c->n; e++) {
		lt_set row = x->r[e];

		if (amo_r >> e & 1)
			row &= ~c->rmw.r[e];
		for (lt_set s = row & amo_w; s; s &= s - 1) {
			int w = __builtin_ctzll(s);

			row = (row & ~((lt_set)1 << w)) | (lt_set)1 << rep[w];
		}
		m.r[rep[e]] |= row;
	}
	return rel_acyclic(c, &m);
}

static bool riscv_consistent(const struct lt_cand *c)
{
	struct lt_rel ppo, rfi, t, x;
	lt_set amo_r = 0, amo_or_sc;
	int src[LT_MAX_EVENTS];

	/* The AMOs' reads: atomic, not reserved, with their write. */
	for (int r = 0; r < c->n; r++)
		if ((c->R >> r & 1) && c->rmw.r[r] &&
		    (c->ev[r].ann & LT_ANN_ATOMIC) && !(c->ev[r].ann & LT_ANN_EXCL))
			amo_r |= (lt_set)1 << r;

	/* Coherence */
	for (int i = 0; i < c->n; i++)
		x.r[i] = c->co.r[i] | c->rf.r[i] | c->fr.r[i] | c->pre[PO_LOC].r[i];
	if (!acyclic_merged(c, &x, amo_r))
		return false;

	/* Atomic: no external write between an RMW's read and write. */
	for (int r = 0; r < c->n; r++) {
		lt_set w = c->rmw.r[r];

		if (!w)
			continue;
		for (lt_set s = c->fr.r[r] & c->ext.r[r]; s; s &= s - 1) {
			int k = __builtin_ctzll(s);

			if (c->co.r[k] & w & c->ext.r[k])
				return false;
		}
	}

	/* ppo: the static rules, then r2, r3 and r12, which need rf. */
	memcpy(ppo.r, c->pre[PPO_STATIC].r, (size_t)c->n * sizeof(lt_set));
	for (int i = 0; i < c->n; i++)
		rfi.r[i] = c->rf.r[i] & ~c->ext.r[i];
	sources(c, src);
	for (int a = 0; a < c->n; a++) {
		/* r2: unless both read the same write (rsw) or one is open */
		for (lt_set s = c->pre[R2_PAIRS].r[a]; s; s &= s - 1) {
			int b = __builtin_ctzll(s);

			if (src[a] != -2 && src[b] != -2 && src[a] != src[b])
				ppo.r[a] |= (lt_set)1 << b;
		}
	}
	/* r3: [AMO | SC]; rfi; [R] (the SC: a reserved write) */
	amo_or_sc = ann_set(c, LT_ANN_ATOMIC) |
		    (ann_set(c, LT_ANN_EXCL) & c->W);
	rel_restrict(c, &t, &rfi, amo_or_sc, c->R);
	add(c, &ppo, &t);
	/* r12 */
	rel_seq(c, &t, &c->pre[DEP_W], &rfi);
	add(c, &ppo, &t);

	/* Model: the global memory order */
	for (int i = 0; i < c->n; i++)
		x.r[i] = c->co.r[i] | (c->rf.r[i] & c->ext.r[i]) | c->fr.r[i] |
			 ppo.r[i];
	return acyclic_merged(c, &x, amo_r);
}

LT_MODEL(riscv, "riscv",
	 "RISC-V Unprivileged ISA, RVWMO; herd riscv.cat",
	 "riscv64",
	.uniproc = true,
	/*
	 * riscv.cat reads the same under -variant mixed: its relations over
	 * herd's granule events are the checker's over cells.
	 */
	.mixed = true,
	.prepare = riscv_prepare,
	.consistent = riscv_consistent);
