/* SPDX-License-Identifier: MIT */
/*
 * The Linux-kernel memory model, LKMM (J. Alglave, L. Maranget, P. E.
 * McKenney, A. Parri, A. Stern, "Frightening small children and
 * disconcerting grown-ups: Concurrency in the Linux kernel", ASPLOS 2018),
 * as the kernel's tools/memory-model defines it for herd7
 * (linux-kernel.bell, .cat, .def and lock.cat, variant lkmmv2).
 *
 * The events: the marked ones are all but the plain accesses (LT_ANN_NA),
 * fences included, as the bell has them; Acquire, Release and Mb are the kernel's tags on accesses
 * (LT_ANN_LK_*, set by arch/c/sem-kernel.c, which also says how locks and
 * SRCU become events); the fences are the LT_FENCE_LK_* kinds.  A lock is a
 * location whose spin_lock reads 0 and writes 1 in one RMW, whose
 * spin_unlock writes 0: lock.cat's rf of a lock read (the unlock or
 * initial write just before its write in co) and its mutual exclusion are
 * what coherence and atomicity give such values.
 *
 * The axioms, each as the kernel names it:
 *   coherence	acyclic po-loc | rf | co | fr
 *   atomic	empty rmw & (fre; coe)
 *   happens-before	acyclic hb
 *   propagation	acyclic pb
 *   rcu		irreflexive rb
 *   plain-coherence	no plain access reads or overwrites against xb
 * with the relations built below as the .cat file builds them.  Of the
 * flags, which judge no execution, data-race is raised as herd raises it;
 * the others (unmatched locks and the like, mixed accesses) are not.
 */
#include "config.h"

#include "model/cand.h"

/* The relations that rf and co do not change (c->pre). */
enum {
	P_POLOC,	/* po & loc */
	P_MB,		/* mb less its po-unlock-lock-po term */
	P_GP,		/* po; [Sync-rcu | Sync-srcu]; po? */
	P_ACQPO,	/* [Acquire]; po; [M] */
	P_POREL,	/* [M]; po; [Release] */
	P_WMB,		/* [W]; fencerel(Wmb); [W] */
	P_RMB,		/* [R4rmb]; fencerel(Rmb); [R4rmb] */
	P_RSCSI,	/* rcu-rscs^-1: rcu_read_unlock to its rcu_read_lock */
};

/* The event sets of one candidate. */
struct sets {
	lt_set marked, plain, acq, rel, mbtag, rmwev, lkw, lkr, ul, srcu_unlock;
	lt_set srcu_lock, r4rmb, noret;
	lt_set all;
};

static void sets_of(const struct lt_cand *c, struct sets *s)
{
	lt_set lock = cand_ann_set(c, LT_ANN_LK_LOCK), rmw = cand_ann_set(c, LT_ANN_RMW);
	lt_set srcu = cand_ann_set(c, LT_ANN_LK_SRCU);

	s->all = c->n == 64 ? UINT64_MAX : (((lt_set)1 << c->n) - 1);
	s->plain = cand_ann_set(c, LT_ANN_NA) & c->M;
	/* the bell's Marked: every event but the plain accesses, fences too */
	s->marked = s->all & ~s->plain;
	s->acq = cand_ann_set(c, LT_ANN_LK_ACQ) & c->R;
	s->rel = cand_ann_set(c, LT_ANN_LK_REL) & c->W;
	s->mbtag = cand_ann_set(c, LT_ANN_LK_MB);
	s->rmwev = rmw & c->M & ~lock;
	s->lkr = lock & rmw & c->R;
	s->lkw = lock & rmw & c->W;
	s->ul = cand_ann_set(c, LT_ANN_LK_UNLOCK) & c->W;
	s->srcu_lock = srcu & c->R;
	s->srcu_unlock = srcu & c->W;
	s->noret = cand_ann_set(c, LT_ANN_NORET) & c->R;
	s->r4rmb = c->R & ~s->noret;
}

/*
 * r* : the closure with the identity.  Warshall's, skipping the events
 * with no successor: the relations here are sparse, and this is the
 * checker's hot spot.
 */
static void star(const struct lt_cand *c, struct lt_rel *r)
{
	lt_set has = 0, to = 0;

	for (int i = 0; i < c->n; i++)
		if (r->r[i]) {
			has |= (lt_set)1 << i;
			to |= r->r[i];
		}
	/* only the events with both a predecessor and a successor matter */
	for (lt_set ks = has & to; ks; ks &= ks - 1) {
		int k = __builtin_ctzll(ks);

		for (lt_set is = has; is; is &= is - 1) {
			int i = __builtin_ctzll(is);

			if (r->r[i] >> k & 1)
				r->r[i] |= r->r[k];
		}
	}
	for (int i = 0; i < c->n; i++)
		r->r[i] |= (lt_set)1 << i;
}

/* r? */
static void opt(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *r)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = r->r[i] | (lt_set)1 << i;
}

static void inverse(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *r)
{
	rel_clear(out);
	for (int i = 0; i < c->n; i++)
		for (lt_set s = r->r[i]; s; s &= s - 1)
			out->r[__builtin_ctzll(s)] |= (lt_set)1 << i;
}

/* a; b; d into out (out may not alias) */
static void seq3(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *a,
		 const struct lt_rel *b, const struct lt_rel *d)
{
	struct lt_rel t;

	rel_seq(c, &t, a, b);
	rel_seq(c, out, &t, d);
}

static bool irreflexive(const struct lt_cand *c, const struct lt_rel *r)
{
	for (int i = 0; i < c->n && i < LT_MAX_EVENTS; i++)
		if (r->r[i] >> i & 1)
			return false;
	return true;
}

/* fencerel(F) = (po & (_ * F)); po, between any events */
static void fencerel_any(const struct lt_cand *c, struct lt_rel *out, lt_set f)
{
	struct lt_rel pf;

	rel_restrict(c, &pf, &c->po, ~(lt_set)0, f);
	rel_seq(c, out, &pf, &c->po);
}

/* [dom]; po?; [mid]; fencerel(f); [codom] (mid before the fence) */
static void mid_then_fence(const struct lt_cand *c, struct lt_rel *out, lt_set mid,
			   lt_set f, lt_set dom, lt_set codom)
{
	struct lt_rel poq, a, fr;

	opt(c, &poq, &c->po);
	rel_restrict(c, &a, &poq, dom, mid);
	fencerel_any(c, &fr, f);
	rel_restrict(c, &fr, &fr, ~(lt_set)0, codom);
	rel_seq(c, out, &a, &fr);
}

static void lkmm_prepare(struct lt_cand *c)
{
	struct sets s;
	struct lt_rel t, u, poq;
	lt_set M = c->M;
	int stack[LT_MAX_EVENTS], sp = 0, th = -1;

	sets_of(c, &s);
	rel_inter(c, &c->pre[P_POLOC], &c->po, &c->loc);
	opt(c, &poq, &c->po);

	/* mb, all but its po-unlock-lock-po term */
	rel_fencerel(c, &c->pre[P_MB], LT_FENCE_LK_MB);
	rel_restrict(c, &t, &c->po, M, s.mbtag & c->R);
	rel_add(c, &c->pre[P_MB], &t);
	rel_restrict(c, &t, &c->po, s.mbtag & c->W, M);
	rel_add(c, &c->pre[P_MB], &t);
	/* [M]; fencerel(Before-atomic); [RMW]; po?; [M] */
	fencerel_any(c, &t, c->fence[LT_FENCE_LK_BEFORE_ATOMIC]);
	rel_restrict(c, &t, &t, M, s.rmwev);
	rel_restrict(c, &u, &poq, s.rmwev, M);
	rel_seq(c, &c->pre[P_GP], &t, &u);	/* P_GP as scratch */
	rel_add(c, &c->pre[P_MB], &c->pre[P_GP]);
	/* [M]; po?; [RMW]; fencerel(After-atomic); [M], and the like */
	mid_then_fence(c, &t, s.rmwev, c->fence[LT_FENCE_LK_AFTER_ATOMIC], M, M);
	rel_add(c, &c->pre[P_MB], &t);
	mid_then_fence(c, &t, s.lkw, c->fence[LT_FENCE_LK_AFTER_SPINLOCK], M, M);
	rel_add(c, &c->pre[P_MB], &t);
	mid_then_fence(c, &t, s.srcu_unlock, c->fence[LT_FENCE_LK_AFTER_SRCU_UNLOCK], M, M);
	rel_add(c, &c->pre[P_MB], &t);

	/* gp = po; [Sync-rcu | Sync-srcu]; po? */
	rel_restrict(c, &t, &c->po, ~(lt_set)0,
		     c->fence[LT_FENCE_LK_SYNC_RCU] | c->fence[LT_FENCE_LK_SYNC_SRCU]);
	rel_seq(c, &c->pre[P_GP], &t, &poq);

	rel_restrict(c, &c->pre[P_ACQPO], &c->po, s.acq, M);
	rel_restrict(c, &c->pre[P_POREL], &c->po, M, s.rel);
	fencerel_any(c, &t, c->fence[LT_FENCE_LK_WMB]);
	rel_restrict(c, &c->pre[P_WMB], &t, c->W, c->W);
	fencerel_any(c, &t, c->fence[LT_FENCE_LK_RMB]);
	rel_restrict(c, &c->pre[P_RMB], &t, s.r4rmb, s.r4rmb);

	/*
	 * rcu-rscs: each rcu_read_unlock with the innermost open
	 * rcu_read_lock of its thread, as brackets nest (a thread's events
	 * are consecutive, in program order).
	 */
	rel_clear(&c->pre[P_RSCSI]);
	for (int e = 0; e < c->n; e++) {
		lt_set bit = (lt_set)1 << e;

		if (c->ev[e].thread != th) {
			th = c->ev[e].thread;
			sp = 0;
		}
		if (c->fence[LT_FENCE_LK_RCU_LOCK] & bit)
			stack[sp++] = e;
		else if ((c->fence[LT_FENCE_LK_RCU_UNLOCK] & bit) && sp > 0)
			c->pre[P_RSCSI].r[e] |= (lt_set)1 << stack[--sp];
	}
}

/* Everything consistent() computes, for the axioms after hb. */
struct rels {
	struct sets s;
	struct lt_rel rfe, rfi, coe, fre, overwrite_ext, pulp, strong, fence, nonrw;
	struct lt_rel cumul_star, prop, hb, hbstar, pb, pbstar, rmwseq, addr;
};

static void rel_int(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *r)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = r->r[i] & ~c->ext.r[i];
}

static void rel_ext(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *r)
{
	for (int i = 0; i < c->n; i++)
		out->r[i] = r->r[i] & c->ext.r[i];
}

/*
 * Dependencies through the plain memory of a thread: carry-dep = (data;
 * [~Srcu-unlock]; rfi)*, then addr, data and ctrl each after it.
 */
static void deps(const struct lt_cand *c, const struct rels *x, struct lt_rel *addr,
		 struct lt_rel *data, struct lt_rel *ctrl)
{
	struct lt_rel carry, t;

	rel_restrict(c, &t, &c->data, ~(lt_set)0, ~x->s.srcu_unlock);
	rel_seq(c, &carry, &t, &x->rfi);
	star(c, &carry);
	rel_seq(c, addr, &carry, &c->addr);
	rel_seq(c, data, &carry, &c->data);
	rel_seq(c, ctrl, &carry, &c->ctrl);
}

/* A-cumul(r) = (rfe; [Marked])?; r */
static void a_cumul(const struct lt_cand *c, const struct rels *x, struct lt_rel *out,
		    const struct lt_rel *r)
{
	struct lt_rel t, u;

	rel_restrict(c, &t, &x->rfe, ~(lt_set)0, x->s.marked);
	opt(c, &u, &t);
	rel_seq(c, out, &u, r);
}

/* prop = [Marked]; (overwrite & ext)?; cumul-fence*; [Marked]; rfe?; [Marked] */
static void make_prop(const struct lt_cand *c, struct rels *x)
{
	struct lt_rel a, b, t;
	lt_set mk = x->s.marked;

	/* cumul-fence */
	rel_union(c, &t, &x->strong, &c->pre[P_POREL]);
	a_cumul(c, x, &a, &t);
	rel_add(c, &a, &c->pre[P_WMB]);
	rel_add(c, &a, &x->pulp);
	rel_restrict(c, &a, &a, mk, mk);
	rel_seq(c, &x->cumul_star, &a, &x->rmwseq);
	star(c, &x->cumul_star);
	opt(c, &a, &x->overwrite_ext);
	rel_restrict(c, &a, &a, mk, ~(lt_set)0);
	rel_seq(c, &t, &a, &x->cumul_star);
	rel_restrict(c, &t, &t, ~(lt_set)0, mk);
	opt(c, &b, &x->rfe);
	rel_restrict(c, &b, &b, ~(lt_set)0, mk);
	rel_seq(c, &x->prop, &t, &b);
}

/*
 * Same location, with synchronize_srcu's fence at the srcu_struct it
 * names: the "& loc" of the SRCU terms.
 */
static void srcu_loc(const struct lt_cand *c, struct lt_rel *out)
{
	lt_set with = c->M | c->fence[LT_FENCE_LK_SYNC_SRCU];

	for (int i = 0; i < c->n; i++) {
		out->r[i] = 0;
		if (!(with >> i & 1) || c->ev[i].loc < 0)
			continue;
		for (int j = 0; j < c->n; j++)
			if ((with >> j & 1) && c->ev[j].loc == c->ev[i].loc)
				out->r[i] |= (lt_set)1 << j;
	}
}

/* out |= (a; b; d), kept to same-location pairs when sloc */
static void add3(const struct lt_cand *c, struct lt_rel *out, const struct lt_rel *a,
		 const struct lt_rel *b, const struct lt_rel *d, const struct lt_rel *sloc)
{
	struct lt_rel t;

	seq3(c, &t, a, b, d);
	if (sloc)
		rel_inter(c, &t, &t, sloc);
	rel_add(c, out, &t);
}

/*
 * rcu-order, the least fixpoint of the .cat's recursive definition: grace
 * periods, and chains of grace periods and read-side critical sections
 * (RCU's, or SRCU's of one srcu_struct) joined by rcu-link, with at least
 * as many grace periods as critical sections.
 */
static void rcu_order(const struct lt_cand *c, const struct lt_rel *link,
		      const struct lt_rel *srscsi, struct lt_rel *order)
{
	lt_set grcu = c->fence[LT_FENCE_LK_SYNC_RCU], gsrcu = c->fence[LT_FENCE_LK_SYNC_SRCU];
	const struct lt_rel *rscsi = &c->pre[P_RSCSI];
	struct lt_rel gp_r, gp_s, base, sloc, lo, lol, next;
	bool more = true;

	srcu_loc(c, &sloc);
	for (int i = 0; i < c->n; i++) {
		gp_r.r[i] = grcu & ((lt_set)1 << i);
		gp_s.r[i] = gsrcu & ((lt_set)1 << i);
	}
	rel_union(c, &base, &gp_r, &gp_s);
	add3(c, &base, &gp_r, link, rscsi, NULL);
	add3(c, &base, rscsi, link, &gp_r, NULL);
	add3(c, &base, &gp_s, link, srscsi, &sloc);
	add3(c, &base, srscsi, link, &gp_s, &sloc);
	*order = base;
	while (more) {
		next = base;
		rel_seq(c, &lo, link, order);
		rel_seq(c, &lol, &lo, link);
		add3(c, &next, &gp_r, &lol, rscsi, NULL);
		add3(c, &next, rscsi, &lol, &gp_r, NULL);
		add3(c, &next, &gp_s, &lol, srscsi, &sloc);
		add3(c, &next, srscsi, &lol, &gp_s, &sloc);
		rel_seq(c, &lol, order, &lo);	/* order; link; order */
		rel_add(c, &next, &lol);
		more = false;
		for (int i = 0; i < c->n; i++)
			more |= next.r[i] != order->r[i];
		*order = next;
	}
}

/*
 * srcu-rscs^-1: srcu_read_unlock to the srcu_read_lock whose value it
 * passes on, through data and reads-from, at the same srcu_struct.
 */
static void srcu_rscsi(const struct lt_cand *c, const struct rels *x,
		       const struct lt_rel *data, struct lt_rel *out)
{
	struct lt_rel carry, t, u;

	rel_restrict(c, &t, data, ~(lt_set)0, ~x->s.srcu_unlock);
	rel_seq(c, &carry, &t, &c->rf);
	star(c, &carry);
	rel_restrict(c, &t, &carry, x->s.srcu_lock, ~(lt_set)0);
	rel_seq(c, &u, &t, data);
	rel_restrict(c, &u, &u, ~(lt_set)0, x->s.srcu_unlock);
	rel_inter(c, &u, &u, &c->loc);
	inverse(c, out, &u);
}

/*
 * The data-race flag: a pre-race pair not ordered as visibility and
 * executes-before require.
 *   ww-race = (pre-race & co) \ (ww-vis & (Marked * W | rw-xbstar) &
 *						(W * Marked | wr-vis))
 *   wr-race = (pre-race & (co?; rf)) \ wr-vis \ rw-xbstar^-1
 *   rw-race = (pre-race & fr) \ rw-xbstar
 */
static bool racy(const struct lt_cand *c, const struct rels *x, const struct lt_rel *pre,
		 const struct lt_rel *wwvis, const struct lt_rel *wrvis,
		 const struct lt_rel *rwx)
{
	lt_set mk = x->s.marked;
	struct lt_rel corf, coq;

	opt(c, &coq, &c->co);
	rel_seq(c, &corf, &coq, &c->rf);
	for (int i = 0; i < c->n; i++)
		for (lt_set b = pre->r[i]; b; b &= b - 1) {
			int j = __builtin_ctzll(b);
			lt_set bj = (lt_set)1 << j;

			if ((c->co.r[i] & bj) &&
			    !((wwvis->r[i] & bj) &&
			      (((mk >> i & 1) && (c->W & bj)) || (rwx->r[i] & bj)) &&
			      (((c->W >> i & 1) && (mk & bj)) || (wrvis->r[i] & bj))))
				return true;
			if ((corf.r[i] & bj) && !(wrvis->r[i] & bj) &&
			    !(rwx->r[j] >> i & 1))
				return true;
			if ((c->fr.r[i] & bj) && !(rwx->r[i] & bj))
				return true;
		}
	return false;
}

/*
 * The plain-coherence axiom: a plain access racing with another (pre-race)
 * does not read from, or get overwritten against, the order that
 * executes-before and visibility give them.
 */
static bool plain_coherent(const struct lt_cand *c, const struct rels *x,
			   const struct lt_rel *xbstar, const struct lt_rel *strong2,
			   const struct lt_rel *fence2, const struct lt_rel *addr, bool *race)
{
	const struct sets *s = &x->s;
	lt_set mk = s->marked, any = ~(lt_set)0;
	struct lt_rel vis, wpost, wwvis, wrvis, rwx, pre;
	struct lt_rel t = { 0 }, u = { 0 }, wpre = { 0 }, rpre = { 0 }, rpost = { 0 };
	struct lt_rel rmbr;

	/* vis = cumul-fence*; rfe?; [Marked]; (strong-fence; [Marked]; xb* | xb* & int) */
	rel_restrict(c, &t, strong2, any, mk);
	rel_seq(c, &u, &t, xbstar);
	rel_int(c, &t, xbstar);
	rel_add(c, &u, &t);
	rel_restrict(c, &u, &u, mk, any);
	opt(c, &t, &x->rfe);
	seq3(c, &vis, &x->cumul_star, &t, &u);
	/* the bounds */
	rel_union(c, &t, addr, fence2);
	opt(c, &wpre, &t);
	rel_restrict(c, &wpre, &wpre, mk, any);
	fencerel_any(c, &rmbr, c->fence[LT_FENCE_LK_RMB]);
	rel_restrict(c, &t, &rmbr, s->r4rmb, ~s->noret);
	rel_add(c, &t, addr);
	rel_add(c, &t, &x->nonrw);
	opt(c, &rpre, &t);
	rel_restrict(c, &rpre, &rpre, mk, any);
	opt(c, &t, fence2);
	rel_restrict(c, &t, &t, any, mk);
	rel_seq(c, &wpost, &t, &x->rmwseq);
	rel_restrict(c, &t, &rmbr, ~s->noret, s->r4rmb);
	rel_add(c, &t, &x->nonrw);
	opt(c, &rpost, &t);
	rel_restrict(c, &rpost, &rpost, any, mk);
	/* ww-vis, wr-vis, rw-xbstar */
	rel_seq(c, &t, strong2, xbstar);
	rel_seq(c, &wwvis, &t, &wpre);
	rel_seq(c, &wrvis, &t, &rpre);
	rel_seq(c, &t, &wpost, &vis);
	rel_seq(c, &u, &t, &wpre);
	rel_add(c, &wwvis, &u);
	rel_seq(c, &u, &t, &rpre);
	rel_add(c, &wrvis, &u);
	rel_add(c, &wwvis, fence2);
	rel_add(c, &wrvis, fence2);
	seq3(c, &rwx, &rpost, xbstar, &wpre);
	rel_add(c, &rwx, fence2);
	/* pre-race = ext & (Plain * M | M * Plain); initial writes are no events */
	for (int i = 0; i < c->n; i++)
		pre.r[i] = c->ext.r[i] & ((s->plain >> i & 1) ? c->M :
					  (c->M >> i & 1) ? s->plain : 0);
	/* wr-incoh = pre-race & rf & rw-xbstar^-1, and rw-, ww- */
	for (int i = 0; i < c->n; i++)
		for (lt_set b = pre.r[i]; b; b &= b - 1) {
			int j = __builtin_ctzll(b);

			if ((c->rf.r[i] >> j & 1) && (rwx.r[j] >> i & 1))
				return false;
			if ((c->fr.r[i] >> j & 1) && (wrvis.r[j] >> i & 1))
				return false;
			if ((c->co.r[i] >> j & 1) && (wwvis.r[j] >> i & 1))
				return false;
		}
	if (race)
		*race = racy(c, x, &pre, &wwvis, &wrvis, &rwx);
	return true;
}

/* The axioms; with race, whether the (complete) execution has a data race. */
static bool lkmm_check(const struct lt_cand *c, bool *race)
{
	struct rels x;
	struct lt_rel t = { 0 }, u = { 0 }, addr = { 0 }, data, ctrl, ppo, xb;
	const struct sets *s = &x.s;
	lt_set mk, any = ~(lt_set)0;
	bool rcu;

	/* coherence: acyclic po-loc | com */
	for (int i = 0; i < c->n; i++)
		t.r[i] = c->pre[P_POLOC].r[i] | c->rf.r[i] | c->co.r[i] | c->fr.r[i];
	if (!rel_acyclic(c, &t))
		return false;
	sets_of(c, &x.s);
	mk = s->marked;
	rel_ext(c, &x.rfe, &c->rf);
	rel_int(c, &x.rfi, &c->rf);
	rel_ext(c, &x.coe, &c->co);
	rel_ext(c, &x.fre, &c->fr);
	/* atomic: empty rmw & (fre; coe) */
	rel_seq(c, &t, &x.fre, &x.coe);
	rel_inter(c, &t, &t, &c->rmw);
	if (!rel_empty(c, &t))
		return false;

	/* po-unlock-lock-po = po; [UL]; (po | rf); [LKR]; po */
	rel_restrict(c, &t, &c->po, any, s->ul);
	rel_union(c, &u, &c->po, &c->rf);
	rel_restrict(c, &u, &u, s->ul, s->lkr);
	seq3(c, &x.pulp, &t, &u, &c->po);
	/* strong-fence = mb | gp, mb with its After-unlock-lock term */
	rel_restrict(c, &t, &x.pulp, c->M, c->fence[LT_FENCE_LK_AFTER_UNLOCK_LOCK]);
	rel_restrict(c, &u, &c->po, any, c->M);
	rel_seq(c, &x.strong, &t, &u);
	rel_add(c, &x.strong, &c->pre[P_MB]);
	rel_add(c, &x.strong, &c->pre[P_GP]);
	rel_union(c, &x.nonrw, &x.strong, &c->pre[P_POREL]);
	rel_add(c, &x.nonrw, &c->pre[P_ACQPO]);
	rel_union(c, &x.fence, &x.nonrw, &c->pre[P_WMB]);
	rel_add(c, &x.fence, &c->pre[P_RMB]);

	deps(c, &x, &addr, &data, &ctrl);
	x.addr = addr;
	/* ppo = to-r | to-w | (fence & int) | (po-unlock-lock-po & int) */
	rel_union(c, &t, &addr, &data);				/* dep */
	rel_union(c, &u, &t, &ctrl);
	rel_restrict(c, &ppo, &u, any, c->W);			/* rwdep */
	rel_union(c, &u, &c->co, &c->fr);
	rel_int(c, &u, &u);
	rel_add(c, &ppo, &u);					/* overwrite & int */
	rel_restrict(c, &u, &addr, any, s->plain);
	rel_seq(c, &xb, &u, &c->pre[P_WMB]);
	rel_add(c, &ppo, &xb);					/* addr; [Plain]; wmb */
	rel_restrict(c, &u, &addr, any, c->R);
	rel_add(c, &ppo, &u);					/* addr; [R] */
	rel_restrict(c, &u, &t, any, mk);
	rel_seq(c, &xb, &u, &x.rfi);
	rel_add(c, &ppo, &xb);					/* dep; [Marked]; rfi */
	rel_int(c, &u, &x.fence);
	rel_add(c, &ppo, &u);
	rel_int(c, &u, &x.pulp);
	rel_add(c, &ppo, &u);

	/* rmw-sequence = (rf; rmw)* */
	rel_seq(c, &x.rmwseq, &c->rf, &c->rmw);
	star(c, &x.rmwseq);
	rel_ext(c, &t, &c->co);
	rel_ext(c, &u, &c->fr);
	rel_union(c, &x.overwrite_ext, &t, &u);
	make_prop(c, &x);

	/* hb = [Marked]; (ppo | rfe | ((prop \ id) & int)); [Marked] */
	rel_int(c, &t, &x.prop);
	for (int i = 0; i < c->n; i++)
		t.r[i] &= ~((lt_set)1 << i);
	rel_union(c, &u, &ppo, &x.rfe);
	rel_add(c, &u, &t);
	rel_restrict(c, &x.hb, &u, mk, mk);
	if (!rel_acyclic(c, &x.hb))
		return false;
	x.hbstar = x.hb;
	star(c, &x.hbstar);

	/* pb = prop; strong-fence; hb*; [Marked] */
	seq3(c, &t, &x.prop, &x.strong, &x.hbstar);
	rel_restrict(c, &x.pb, &t, any, mk);
	if (!rel_acyclic(c, &x.pb))
		return false;
	x.pbstar = x.pb;
	star(c, &x.pbstar);

	rcu = c->fence[LT_FENCE_LK_SYNC_RCU] | c->fence[LT_FENCE_LK_SYNC_SRCU];
	struct lt_rel strong2 = x.strong, fence2 = x.fence, rb;

	rel_clear(&rb);
	if (rcu) {
		struct lt_rel link, srscsi, order, rf;

		/* rcu-link = po?; hb*; pb*; prop; po */
		opt(c, &t, &c->po);
		seq3(c, &u, &t, &x.hbstar, &x.pbstar);
		seq3(c, &link, &u, &x.prop, &c->po);
		srcu_rscsi(c, &x, &data, &srscsi);
		rcu_order(c, &link, &srscsi, &order);
		/* rcu-fence = po; rcu-order; po? */
		opt(c, &t, &c->po);
		seq3(c, &rf, &c->po, &order, &t);
		rel_add(c, &strong2, &rf);
		rel_add(c, &fence2, &rf);
		/* rb = prop; rcu-fence; hb*; pb*; [Marked] */
		seq3(c, &t, &x.prop, &rf, &x.hbstar);
		rel_seq(c, &u, &t, &x.pbstar);
		rel_restrict(c, &rb, &u, any, mk);
		if (!irreflexive(c, &rb))
			return false;
	}
	if (!s->plain)
		return true;
	/* xbstar = (hb | pb | rb)* */
	rel_union(c, &xb, &x.hb, &x.pb);
	rel_add(c, &xb, &rb);
	star(c, &xb);
	return plain_coherent(c, &x, &xb, &strong2, &fence2, &addr, race);
}

static bool lkmm_consistent(const struct lt_cand *c)
{
	return lkmm_check(c, NULL);
}

static bool lkmm_data_race(const struct lt_cand *c)
{
	bool race = false;

	return lkmm_check(c, &race) && race;
}

LT_MODEL(lkmm, "lkmm",
	 "Alglave, Maranget, McKenney, Parri, Stern, ASPLOS 2018; the kernel's "
	 "tools/memory-model (linux-kernel.cat, lock.cat)",
	 "C",
	/* coherence is an axiom */
	.uniproc = true,
	.prepare = lkmm_prepare,
	.consistent = lkmm_consistent,
	.data_race = lkmm_data_race,
	.race_flag = "data-race");
