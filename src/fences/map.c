/* SPDX-License-Identifier: MIT */
/*
 * Each source access classified against what was emitted: as-mapped,
 * stronger or weaker than the arch's standard C11 mapping (its table is in
 * arch/<isa>/lift.c: one or more accepted sequences per access and order).
 * An emitted sequence is compared with each accepted one by what it orders:
 * the pairs of the fences before and after, and the access's own
 * acquire/release/RCsc bits.  Equal to one: as-mapped; a superset of one:
 * stronger; otherwise weaker.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fences/fences.h"
#include "fences/lift.h"
#include "litmus/arch-ops.h"
#include "model/sem.h"

enum { O_NA = FX_O_NA, O_RLX = FX_O_RLX, O_ACQ = FX_O_ACQ, O_REL = FX_O_REL, O_AR = FX_O_AR,
       O_SC = FX_O_SC, NORD = FX_NORD };

static const char *const order_names[NORD] = { "na", "rlx", "acq", "rel", "acq_rel", "sc" };

#define F FX_FULL

static bool sub(unsigned a, unsigned b)
{
	return (a & b) == a;
}

/* Some accepted sequence that puts fences after the access has all of them. */
static bool post_done(const struct fx_alt *alts, int na, unsigned post)
{
	for (int k = 0; k < na; k++)
		if (alts[k].post && sub(alts[k].post, post))
			return true;
	return false;
}

/* Source items of a thread: the lowered C, one per access or fence. */
struct sitem {
	enum fx_kind kind;
	int loc, order;
	char text[96];
};

static int order_of(unsigned ann)
{
	if (ann & LT_ANN_NA)
		return O_NA;
	if (ann & LT_ANN_SC)
		return O_SC;
	if ((ann & (LT_ANN_ACQUIRE | LT_ANN_RELEASE)) == (LT_ANN_ACQUIRE | LT_ANN_RELEASE))
		return O_AR;
	return ann & LT_ANN_ACQUIRE ? O_ACQ : ann & LT_ANN_RELEASE ? O_REL : O_RLX;
}

static int source_items(const struct lt_test *src, int th, struct sitem *out, int max,
			char *why, size_t len)
{
	struct lt_sem_thread p;
	struct lt_error err;
	int n = 0;

	if (!src->arch->lower_thread ||
	    src->arch->lower_thread(src, th, &p, &err) < 0) {
		if (!src->arch->lower_thread)
			snprintf(err.msg, sizeof(err.msg), "no model lowering for %s", src->arch->name);
		snprintf(why, len, "%s", err.msg);
		lt_sem_thread_free(&p);
		return -1;
	}
	for (int i = 0; i < p.thr.ninsns && n < max; i++) {
		const struct lt_sem *s = &p.sem[i];
		unsigned rann = 0, wann = 0;
		int loc = -1, fence = -1;
		bool r = false, w = false;

		for (int u = 0; u < s->nuops; u++) {
			const struct lt_uop *op = &s->uops[u];

			if (op->kind == LT_UOP_LOAD)
				r = true, rann |= op->ann, loc = op->addr.loc;
			else if (op->kind == LT_UOP_STORE)
				w = true, wann |= op->ann, loc = op->addr.loc;
			else if (op->kind == LT_UOP_FENCE)
				fence = (int)op->fence;
		}
		if (!r && !w && fence < 0)
			continue;
		if (fence >= 0) {
			out[n].kind = FX_F;
			out[n].loc = -1;
			/* the kernel's smp_rmb, smp_wmb, smp_mb as lt-c11.h runs them */
			out[n].order = fence == LT_FENCE_C_ACQ || fence == LT_FENCE_LK_RMB ? O_ACQ :
				       fence == LT_FENCE_C_REL || fence == LT_FENCE_LK_WMB ? O_REL :
				       fence == LT_FENCE_C_ACQ_REL ? O_AR :
				       fence == LT_FENCE_C_SC || fence == LT_FENCE_LK_MB ? O_SC : O_RLX;
		} else {
			out[n].kind = r && w ? FX_RMW : r ? FX_R : FX_W;
			out[n].loc = loc;
			out[n].order = r && w ? order_of(rann | wann) : order_of(r ? rann : wann);
			/* An RMW whose read is acquire and write release is acq_rel; seq_cst read is sc. */
			if (r && w && (rann & LT_ANN_SC))
				out[n].order = O_SC;
		}
		{
			const char *t = p.thr.insns[i].text ? p.thr.insns[i].text : "";

			snprintf(out[n].text, sizeof(out[n].text), "%.*s", (int)strcspn(t, "\n;"), t);
		}
		n++;
	}
	lt_sem_thread_free(&p);
	return n;
}

/* Emitted accesses compatible with a source access of kind k. */
static bool compatible(enum fx_kind src, enum fx_kind em)
{
	return src == em || (src == FX_W && em == FX_RMW);
}

int fx_classify(const struct lt_test *src, int th, const char *arch,
		const struct fx_lthread *lt, struct fx_acc *out, int max,
		char *why, size_t len)
{
	struct sitem si[64];
	int pos[64], ns = source_items(src, th, si, 64, why, len);
	bool taken[FX_MAX_EV] = { false }, fence_taken[FX_MAX_EV] = { false };
	const struct fx_arch *fa = fx_arch_of(arch);
	int prev = -1;

	if (ns < 0)
		return -1;
	if (!fa) {
		snprintf(why, len, "no mapping table for %s", arch);
		return -1;
	}
	if (ns > max)
		ns = max;
	/* Each source access to the first free emitted access to the same location. */
	for (int i = 0; i < ns; i++) {
		pos[i] = -1;
		if (si[i].kind == FX_F)
			continue;
		for (int e = 0; e < lt->nev; e++)
			if (!taken[e] && lt->ev[e].kind != FX_F && lt->ev[e].loc == si[i].loc &&
			    compatible(si[i].kind, lt->ev[e].kind)) {
				taken[e] = true;
				pos[i] = e;
				break;
			}
	}
	/* An RMW compiled as a load (clang: fetch_add(x, 0) relaxed is a load). */
	for (int i = 0; i < ns; i++)
		for (int e = 0; si[i].kind == FX_RMW && pos[i] < 0 && e < lt->nev; e++)
			if (!taken[e] && lt->ev[e].kind == FX_R && lt->ev[e].loc == si[i].loc) {
				taken[e] = true;
				pos[i] = e;
			}
	for (int i = 0; i < ns; i++) {
		struct fx_acc *a = &out[i];
		struct fx_alt alts[FX_MAX_ALTS];
		int na = fa->table(si[i].kind, si[i].order == O_NA ? FX_O_RLX : (enum fx_order)si[i].order,
				  alts);
		unsigned pre = 0, post = 0, bits = 0;
		int next = -1, lo, hi;

		memset(a, 0, sizeof(*a));
		a->emitted = (struct lt_buf)LT_BUF_INIT;
		snprintf(a->source, sizeof(a->source), "%s", si[i].text);
		snprintf(a->order, sizeof(a->order), "%s", order_names[si[i].order]);
		a->kind = si[i].kind;
		a->loc = si[i].loc;
		snprintf(a->expected, sizeof(a->expected), "%s", alts[0].text);
		/* The window of emitted events this item owns: after the previous access, up to the next. */
		for (int j = i + 1; j < ns && next < 0; j++)
			if (pos[j] >= 0)
				next = pos[j];
		lo = prev + 1;
		hi = si[i].kind == FX_F ? (next < 0 ? lt->nev : next) : pos[i];
		if (si[i].kind != FX_F && pos[i] < 0) {
			lt_buf_puts(&a->emitted, "(no access)");
			a->verdict = "weaker";
			continue;
		}
		/* Fences before: not taken as the previous access's trailing ones. */
		for (int e = lo; e < hi && e < lt->nev; e++)
			if (lt->ev[e].kind == FX_F && !fence_taken[e]) {
				fence_taken[e] = true;
				pre |= lt->ev[e].mask;
				lt_buf_printf(&a->emitted, "%s%s", a->emitted.len ? "; " : "", lt->ev[e].text);
			}
		if (si[i].kind != FX_F) {
			unsigned want = 0;

			bits = lt->ev[pos[i]].mask;
			lt_buf_printf(&a->emitted, "%s%s", a->emitted.len ? "; " : "", lt->ev[pos[i]].text);
			/*
			 * Trailing fences: until one accepted sequence's are all
			 * there.  Not the union of the alternatives: POWER's
			 * acquire is cmp;bc;isync or lwsync, and taking both
			 * would steal the lwsync of a release store after it.
			 */
			for (int k = 0; k < na; k++)
				want |= alts[k].post;
			for (int e = pos[i] + 1; want && e < (next < 0 ? lt->nev : next); e++) {
				if (lt->ev[e].kind != FX_F)
					break;
				fence_taken[e] = true;
				post |= lt->ev[e].mask;
				lt_buf_printf(&a->emitted, "; %s", lt->ev[e].text);
				if (post_done(alts, na, post))
					break;
			}
			prev = pos[i];
		} else {
			bits = 0;
			/* A source fence: what sits where it is, compared as its "pre". */
		}
		if (!a->emitted.len)
			lt_buf_puts(&a->emitted, "(nothing)");
		a->verdict = "weaker";
		for (int k = 0; k < na; k++) {
			unsigned ep = si[i].kind == FX_F ? pre : pre, eb = bits, eq = post;

			if (ep == alts[k].pre && eb == alts[k].bits && eq == alts[k].post) {
				a->verdict = "as-mapped";
				break;
			}
			/* x86: any locked or fenced sequence is as strong as a full fence. */
			if (sub(alts[k].pre, ep | (eb & FX_SC ? F : 0)) && sub(alts[k].bits, eb) &&
			    sub(alts[k].post, eq | (eb & FX_SC && fa->sc_access_is_fence ? F : 0)))
				a->verdict = "stronger";
		}
		/* Whatever its fences, a load is no RMW: the table's write is gone. */
		if (si[i].kind == FX_RMW && lt->ev[pos[i]].kind == FX_R)
			a->verdict = "weaker";
	}
	return ns;
}
