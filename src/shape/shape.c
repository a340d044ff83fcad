/* SPDX-License-Identifier: MIT */
/*
 * The shape notation: parsing cycles of diy-style edges and named shapes
 * (families such as MP or IRIW with per-thread modifiers), naming them, and
 * the project's standard suite of shapes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "litmus/arch-ops.h"
#include "shape/shape-arch.h"
#include "shape/shape.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/macros.h"

#define MAX_WORD 64

static const char dirc[2] = { 'R', 'W' };
static const char annc[4] = { 'P', 'A', 'L', 'X' };
static const char *const fence_neutral[LT_SH_NFENCES] = {
	"Full", "Light", "Store", "Load"
};
static const char *const dep_neutral[LT_SH_NDEPS] = {
	"Addr", "Data", "Ctrl", "CtrlIsync"
};

const char *shape_arch_name(const struct lt_shape_arch *a)
{
	return a->name;
}

const struct lt_shape_arch *shape_arch_by_name(const char *name)
{
	/* The names litmus-run takes, aliases and herd words included. */
	const struct lt_arch_ops *o = lt_arch_by_name(name);

	for (int i = 0; o && lt_shape_arches[i]; i++)
		if (strcmp(lt_shape_arches[i]->name, o->name) == 0)
			return lt_shape_arches[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Edges                                                              */
/* ------------------------------------------------------------------ */

static int dir_of(char c)
{
	return c == 'R' ? LT_SH_R : c == 'W' ? LT_SH_W : -1;
}

static int ann_of(char c)
{
	for (int i = 0; i < 4; i++)
		if (annc[i] == c)
			return i;
	return -1;
}

/*
 * The tail shared by po-like edges: "XY" then optional annotations "PL".
 * With `sd`, a leading 'd' or 's' says whether the location changes.
 */
static int parse_tail(const char *s, bool sd, struct lt_sh_edge *e)
{
	if (sd) {
		if (*s != 'd' && *s != 's')
			return -1;
		e->diff = *s++ == 'd';
	}
	if ((e->src = dir_of(s[0])) < 0 || (e->dst = dir_of(s[1])) < 0)
		return -1;
	s += 2;
	e->src_ann = e->dst_ann = LT_SH_P;
	if (*s) {
		if ((e->src_ann = ann_of(s[0])) < 0 || (e->dst_ann = ann_of(s[1])) < 0 ||
		    s[2])
			return -1;
	}
	return 0;
}

static int parse_edge(const char *w, const struct lt_shape_arch *a,
		      struct lt_sh_edge *e)
{
	static const struct {
		const char *name;
		enum lt_sh_kind kind;
		bool ext;
		int src, dst;
	} com[] = {
		{ "Rfe", LT_SH_RF, true, LT_SH_W, LT_SH_R },
		{ "Rfi", LT_SH_RF, false, LT_SH_W, LT_SH_R },
		{ "Fre", LT_SH_FR, true, LT_SH_R, LT_SH_W },
		{ "Fri", LT_SH_FR, false, LT_SH_R, LT_SH_W },
		{ "Coe", LT_SH_CO, true, LT_SH_W, LT_SH_W },
		{ "Coi", LT_SH_CO, false, LT_SH_W, LT_SH_W },
		{ "Wse", LT_SH_CO, true, LT_SH_W, LT_SH_W },
		{ "Wsi", LT_SH_CO, false, LT_SH_W, LT_SH_W },
	};
	size_t n;

	memset(e, 0, sizeof(*e));
	e->fence = e->dep = -1;
	for (size_t i = 0; i < ARRAY_SIZE(com); i++) {
		if (strcmp(w, com[i].name))
			continue;
		e->kind = com[i].kind;
		e->ext = com[i].ext;
		e->src = com[i].src;
		e->dst = com[i].dst;
		return 0;
	}
	if (!strncmp(w, "Pod", 3) || !strncmp(w, "Pos", 3)) {
		e->kind = LT_SH_PO;
		e->diff = w[2] == 'd';
		return parse_tail(w + 3, false, e);
	}
	if (!strncmp(w, "Fenced.", 7)) {
		const char *dot = strchr(w + 7, '.');

		if (!dot)
			return -1;
		n = (size_t)(dot - (w + 7));
		e->kind = LT_SH_FENCE;
		for (int f = 0; f < LT_SH_NFENCES; f++)
			if (strlen(fence_neutral[f]) == n && !strncmp(w + 7, fence_neutral[f], n))
				e->fence = f;
		if (n == 11 && !strncmp(w + 7, "LightWeight", 11))
			e->fence = LT_SH_LIGHT;
		if (e->fence < 0)
			return -1;
		return parse_tail(dot + 1, true, e);
	}
	if (!strncmp(w, "Dp", 2)) {
		const char *p = w + 2;
		int best = -1;
		size_t blen = 0;

		/* Longest match: CtrlIsync before Ctrl; ISB is Arm's isync. */
		for (int d = 0; d < LT_SH_NDEPS; d++) {
			n = strlen(dep_neutral[d]);
			if (!strncmp(p, dep_neutral[d], n) && n > blen)
				best = d, blen = n;
		}
		if (!strncmp(p, "CtrlIsb", 7))
			best = LT_SH_CTRLISYNC, blen = 7;
		if (best < 0)
			return -1;
		e->kind = LT_SH_DP;
		e->dep = best;
		/* diy writes the target only ("DpAddrdR"): the source is a read. */
		p += blen;
		if (*p != 'd' && *p != 's')
			return -1;
		e->diff = *p++ == 'd';
		e->src = LT_SH_R;
		if ((e->dst = dir_of(*p++)) < 0)
			return -1;
		e->src_ann = e->dst_ann = LT_SH_P;
		if (*p && ((e->src_ann = ann_of(p[0])) < 0 ||
			   (e->dst_ann = ann_of(p[1])) < 0 || p[2]))
			return -1;
		return 0;
	}
	/* diy's arch spellings of fences: "MFencedWR", "DMB.ISHdWR", "LwSyncdWW". */
	if (a) {
		for (int f = 0; f < LT_SH_NFENCES; f++) {
			const char *p = a->fences[f].diy;

			if (!p || strncmp(w, p, strlen(p)))
				continue;
			e->kind = LT_SH_FENCE;
			e->fence = f;
			if (parse_tail(w + strlen(p), true, e) == 0)
				return 0;
		}
	}
	return -1;
}

void shape_print(const struct lt_shape *s, struct lt_buf *out)
{
	for (int i = 0; i < s->n; i++) {
		const struct lt_sh_edge *e = &s->e[i];
		static const char *const com[3][2] = {
			{ "Rfi", "Rfe" }, { "Fri", "Fre" }, { "Coi", "Coe" }
		};

		if (i)
			lt_buf_putc(out, ' ');
		switch (e->kind) {
		case LT_SH_RF:
		case LT_SH_FR:
		case LT_SH_CO:
			lt_buf_puts(out, com[e->kind][e->ext]);
			continue;
		case LT_SH_PO:
			lt_buf_printf(out, "Po%c%c%c", e->diff ? 'd' : 's',
				      dirc[e->src], dirc[e->dst]);
			break;
		case LT_SH_FENCE:
			lt_buf_printf(out, "Fenced.%s.%c%c%c", fence_neutral[e->fence],
				      e->diff ? 'd' : 's', dirc[e->src], dirc[e->dst]);
			break;
		case LT_SH_DP:
			lt_buf_printf(out, "Dp%s%c%c", dep_neutral[e->dep],
				      e->diff ? 'd' : 's', dirc[e->dst]);
			break;
		}
		if (e->src_ann != LT_SH_P || e->dst_ann != LT_SH_P)
			lt_buf_printf(out, "%c%c", annc[e->src_ann], annc[e->dst_ann]);
	}
}

static int fail(struct lt_error *err, int col, const char *fmt, const char *w)
{
	char q[96];

	lt_error_set(err, "shape", (struct lt_pos){ 1, col }, fmt,
		     lt_quote(w, strlen(w), q, sizeof(q)));
	return -1;
}

/* ------------------------------------------------------------------ */
/* Named shapes                                                       */
/* ------------------------------------------------------------------ */

/*
 * The families, as cycles whose program-order edges are slots ("%WR": a
 * W->R edge between two locations, filled by a modifier).  The cycles are
 * diy's; each starts after an external edge so that threads are numbered
 * as herd's catalogue numbers them.  The coherence tests have no slots.
 */
static const struct family {
	const char *name;
	const char *cycle;
} families[] = {
	{ "SB", "%WR Fre %WR Fre" },
	{ "MP", "%WW Rfe %RR Fre" },
	{ "LB", "%RW Rfe %RW Rfe" },
	{ "S", "%WW Rfe %RW Coe" },
	{ "R", "%WW Coe %WR Fre" },
	{ "2+2W", "%WW Coe %WW Coe" },
	{ "WRC", "Rfe %RW Rfe %RR Fre" },
	{ "ISA2", "%WW Rfe %RW Rfe %RR Fre" },
	{ "IRIW", "Rfe %RR Fre Rfe %RR Fre" },
	{ "RWC", "Rfe %RR Fre %WR Fre" },
	{ "WRW+WR", "Rfe %RW Coe %WR Fre" },
	{ "W+RWC", "%WW Rfe %RR Fre %WR Fre" },
	{ "CoRR", "Rfe PosRR Fre" },
	{ "CoRW", "Rfe PosRW Coe" },
	{ "CoWR", "PosWR Fre" },
	{ "CoWW", "PosWW Coe" },
};

enum mod_kind { M_PO, M_FENCE, M_DEP, M_REL, M_ACQ, M_RMW };

struct mod {
	enum mod_kind kind;
	int arg;
};

static const char *const fence_mod[LT_SH_NFENCES] = {
	"fence", "lwfence", "stfence", "ldfence"
};
static const char *const dep_mod[LT_SH_NDEPS] = {
	"addr", "data", "ctrl", "ctrlisync"
};

static int mod_parse(const char *w, size_t n, const struct lt_shape_arch *a,
		     struct mod *m)
{
#define IS(s) (strlen(s) == n && !strncmp(w, (s), n))
	if (IS("po"))
		return *m = (struct mod){ M_PO, 0 }, 0;
	if (IS("rel"))
		return *m = (struct mod){ M_REL, 0 }, 0;
	if (IS("acq"))
		return *m = (struct mod){ M_ACQ, 0 }, 0;
	if (IS("rmw") || (a && a->rmw_word && IS(a->rmw_word)))
		return *m = (struct mod){ M_RMW, 0 }, 0;
	for (int f = 0; f < LT_SH_NFENCES; f++)
		if (IS(fence_mod[f]) || (a && a->fences[f].word && IS(a->fences[f].word)))
			return m->kind = M_FENCE, m->arg = f, 0;
	for (int d = 0; d < LT_SH_NDEPS; d++)
		if (IS(dep_mod[d]) || (a && a->dep_word[d] && IS(a->dep_word[d])))
			return m->kind = M_DEP, m->arg = d, 0;
	return -1;
#undef IS
}

/* The word naming modifier m on arch a (NULL: a cannot express it). */
static const char *mod_word(const struct mod *m, const struct lt_shape_arch *a)
{
	switch (m->kind) {
	case M_PO:
		return "po";
	case M_REL:
		return "rel";
	case M_ACQ:
		return "acq";
	case M_RMW:
		return a->rmw_word;
	case M_FENCE:
		return a->fences[m->arg].word;
	case M_DEP:
		return a->dep_word[m->arg];
	}
	return NULL;
}

/* Fill a slot edge from src to dst (different locations) with modifier m. */
static const char *mod_apply(const struct mod *m, int src, int dst,
			     struct lt_sh_edge *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = LT_SH_PO;
	e->diff = true;
	e->src = src;
	e->dst = dst;
	e->fence = e->dep = -1;
	switch (m->kind) {
	case M_PO:
		break;
	case M_FENCE:
		e->kind = LT_SH_FENCE;
		e->fence = m->arg;
		break;
	case M_DEP:
		if (src != LT_SH_R)
			return "a dependency starts at a read";
		if (m->arg == LT_SH_DATA && dst != LT_SH_W)
			return "a data dependency ends at a write";
		e->kind = LT_SH_DP;
		e->dep = m->arg;
		break;
	case M_REL:
		if (dst != LT_SH_W)
			return "'rel' makes the edge's write a release: the edge must end at a write";
		e->dst_ann = LT_SH_L;
		break;
	case M_ACQ:
		if (src != LT_SH_R)
			return "'acq' makes the edge's read an acquire: the edge must start at a read";
		e->src_ann = LT_SH_A;
		break;
	case M_RMW:
		if (src == LT_SH_W)
			e->src_ann = LT_SH_X;
		else if (dst == LT_SH_W)
			e->dst_ann = LT_SH_X;
		else
			return "'rmw' makes a write atomic: the edge has no write";
		break;
	}
	return NULL;
}

static const struct family *family_match(const char *text, size_t *len)
{
	const struct family *best = NULL;
	size_t blen = 0;

	for (size_t i = 0; i < ARRAY_SIZE(families); i++) {
		size_t n = strlen(families[i].name);

		if (!strncmp(text, families[i].name, n) && (!text[n] || text[n] == '+') &&
		    n > blen)
			best = &families[i], blen = n;
	}
	*len = blen;
	return best;
}

/* Slot directions of a family: dirs[k] = {src, dst}; returns the count. */
static int family_slots(const struct family *f, int dirs[][2])
{
	int k = 0;

	for (const char *p = f->cycle; (p = strchr(p, '%')); p += 3, k++) {
		dirs[k][0] = dir_of(p[1]);
		dirs[k][1] = dir_of(p[2]);
	}
	return k;
}

/* Name a family instance: "MP", "SB+mfences", "MP+dmb.ish+addr". */
static int family_name(const struct family *f, const struct mod *mods, int k,
		       const struct lt_shape_arch *a, char *buf, size_t len)
{
	bool same = true, plain = true;
	size_t n;

	n = (size_t)snprintf(buf, len, "%s", f->name);
	for (int i = 0; i < k; i++) {
		const char *w = a ? mod_word(&mods[i], a) : NULL;

		if (!w)
			return -1;
		if (mods[i].kind != M_PO)
			plain = false;
		/* Only fences and dependencies have an argument. */
		if (mods[i].kind != mods[0].kind ||
		    ((mods[i].kind == M_FENCE || mods[i].kind == M_DEP) &&
		     mods[i].arg != mods[0].arg))
			same = false;
	}
	if (plain)
		return 0;
	/* herd's convention: one word in the plural when every thread agrees. */
	if (same && k > 1) {
		snprintf(buf + n, len - n, "+%ss", mod_word(&mods[0], a));
		return 0;
	}
	for (int i = 0; i < k && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "+%s", mod_word(&mods[i], a));
	return n < len ? 0 : -1;
}

static int parse_cycle_words(const char *text, const struct lt_shape_arch *a,
			     struct lt_shape *out, const struct mod *mods,
			     const int (*dirs)[2], struct lt_error *err);

/* Instantiate family f with one modifier per slot. */
static int family_build(const struct family *f, const struct mod *mods, int k,
			const struct lt_shape_arch *a, struct lt_shape *out,
			struct lt_error *err)
{
	int dirs[LT_SH_MAX_EDGES][2];

	if (family_slots(f, dirs) != k)
		lt_die("slot count");
	if (parse_cycle_words(f->cycle, a, out, mods, (const int (*)[2])dirs, err) < 0)
		return -1;
	if (family_name(f, mods, k, a, out->name, sizeof(out->name)) < 0) {
		/* Without an arch (or a word for it), name the shape neutrally. */
		size_t n = (size_t)snprintf(out->name, sizeof(out->name), "%s", f->name);

		for (int i = 0; i < k && n < sizeof(out->name); i++) {
			const char *w = mods[i].kind == M_FENCE ? fence_mod[mods[i].arg] :
				mods[i].kind == M_DEP ? dep_mod[mods[i].arg] :
				mods[i].kind == M_REL ? "rel" : mods[i].kind == M_ACQ ? "acq" :
				mods[i].kind == M_RMW ? "rmw" : "po";

			n += (size_t)snprintf(out->name + n, sizeof(out->name) - n, "+%s", w);
		}
	}
	return 0;
}

static int parse_named(const char *text, const struct family *f, size_t flen,
		       const struct lt_shape_arch *a, struct lt_shape *out,
		       struct lt_error *err)
{
	struct mod mods[LT_SH_MAX_EDGES];
	int dirs[LT_SH_MAX_EDGES][2];
	int k = family_slots(f, dirs), nw = 0;
	const char *p = text + flen;
	const char *words[LT_SH_MAX_EDGES + 1];
	size_t wlen[LT_SH_MAX_EDGES + 1];

	while (*p == '+') {
		const char *w = ++p;

		p += strcspn(p, "+");
		if (nw == LT_SH_MAX_EDGES + 1 || p == w)
			return fail(err, (int)(w - text) + 1, "%s: a '+' must be followed by a modifier", text);
		words[nw] = w;
		wlen[nw++] = (size_t)(p - w);
	}
	if (nw == 0) {
		for (int i = 0; i < k; i++)
			mods[i] = (struct mod){ M_PO, 0 };
	} else if (nw == 1 && k > 1) {
		/* "SB+mfences": the plural applies the modifier to every thread. */
		if (wlen[0] < 2 || words[0][wlen[0] - 1] != 's' ||
		    mod_parse(words[0], wlen[0] - 1, a, &mods[0]) < 0)
			return fail(err, (int)(words[0] - text) + 1,
				    "%s: unknown modifier (one word for every thread is written in the plural, as in SB+mfences)",
				    text);
		for (int i = 1; i < k; i++)
			mods[i] = mods[0];
	} else if (nw == k) {
		for (int i = 0; i < k; i++)
			if (mod_parse(words[i], wlen[i], a, &mods[i]) < 0)
				return fail(err, (int)(words[i] - text) + 1,
					    "%s: unknown modifier", text);
	} else {
		char msg[64];

		snprintf(msg, sizeof(msg), "%%s: this family takes %d modifier%s", k,
			 k == 1 ? "" : "s");
		return fail(err, (int)flen + 1, msg, text);
	}
	return family_build(f, mods, k, a, out, err);
}

/* ------------------------------------------------------------------ */
/* Cycles                                                             */
/* ------------------------------------------------------------------ */

/*
 * Parse whitespace-separated edges; a "%XY" word is slot number k, filled
 * with mods[k] (named shapes only).  Checks that consecutive edges agree on
 * the access between them.
 */
static int parse_cycle_words(const char *text, const struct lt_shape_arch *a,
			     struct lt_shape *out, const struct mod *mods,
			     const int (*dirs)[2], struct lt_error *err)
{
	const char *p = text;
	int slot = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		char w[MAX_WORD + 1];
		const char *start;
		size_t n;

		p += strspn(p, " \t\r\n");
		if (!*p)
			break;
		start = p;
		n = strcspn(p, " \t\r\n");
		p += n;
		if (n > MAX_WORD) {
			memcpy(w, start, MAX_WORD);
			w[MAX_WORD] = '\0';
			return fail(err, (int)(start - text) + 1, "%s: edge name too long", w);
		}
		memcpy(w, start, n);
		w[n] = '\0';
		if (out->n == LT_SH_MAX_EDGES)
			return fail(err, (int)(start - text) + 1,
				    "%s: too many edges (at most 16)", w);
		if (w[0] == '%' && mods) {
			const char *why = mod_apply(&mods[slot], dirs[slot][0], dirs[slot][1],
						    &out->e[out->n]);

			if (why)
				return fail(err, 1, "%s", why);
			slot++;
		} else if (parse_edge(w, a, &out->e[out->n]) < 0) {
			return fail(err, (int)(start - text) + 1,
				    "%s: unknown edge (Rfe Rfi Fre Fri Coe Coi, PodXY PosXY, Fenced.<Full|Light|Store|Load>.dXY, DpAddrdR DpDatadW DpCtrldW DpCtrlIsyncdR ..., with optional annotations such as PodWWPL)",
				    w);
		}
		out->n++;
	}
	if (out->n < 2)
		return fail(err, 1, "%s: a cycle needs at least two edges", text);
	for (int i = 0; i < out->n; i++) {
		const struct lt_sh_edge *e = &out->e[i], *f = &out->e[(i + 1) % out->n];
		char msg[160];

		if (e->dst != f->src) {
			snprintf(msg, sizeof(msg),
				 "%%s: edge %d ends at a %s but edge %d starts at a %s",
				 i + 1, e->dst == LT_SH_W ? "write" : "read",
				 (i + 1) % out->n + 1, f->src == LT_SH_W ? "write" : "read");
			return fail(err, 1, msg, text);
		}
		if (e->dst_ann != LT_SH_P && f->src_ann != LT_SH_P &&
		    e->dst_ann != f->src_ann) {
			snprintf(msg, sizeof(msg),
				 "%%s: edges %d and %d annotate the access between them differently",
				 i + 1, (i + 1) % out->n + 1);
			return fail(err, 1, msg, text);
		}
	}
	return 0;
}

/*
 * Find the family a cycle is an instance of (in any rotation), so that a
 * cycle is named and laid out as herd's catalogue does ("PodWR Fre PodWR
 * Fre" is SB).  Returns 0 with out rebuilt from the family, -1 if none.
 */
static int recognise(const struct lt_shape *s, const struct lt_shape_arch *a,
		     struct lt_shape *out)
{
	for (size_t fi = 0; fi < ARRAY_SIZE(families); fi++) {
		const struct family *f = &families[fi];
		struct lt_shape tmpl;
		struct lt_error err;
		struct mod mods[LT_SH_MAX_EDGES];
		int dirs[LT_SH_MAX_EDGES][2], k = family_slots(f, dirs);

		for (int i = 0; i < k; i++)
			mods[i] = (struct mod){ M_PO, 0 };
		if (family_build(f, mods, k, a, &tmpl, &err) < 0 || tmpl.n != s->n)
			continue;
		for (int r = 0; r < s->n; r++) {
			int slot = 0;
			bool ok = true;

			for (int i = 0; i < s->n && ok; i++) {
				const struct lt_sh_edge *e = &s->e[(r + i) % s->n];
				const struct lt_sh_edge *t = &tmpl.e[i];
				bool is_slot = t->kind == LT_SH_PO && t->diff;
				struct mod *m = &mods[slot];

				if (!is_slot) {
					ok = e->kind == t->kind && e->ext == t->ext &&
					     e->diff == t->diff && e->src == t->src &&
					     e->dst == t->dst && !e->src_ann && !e->dst_ann;
					continue;
				}
				slot++;
				ok = e->diff && e->src == t->src && e->dst == t->dst &&
				     (e->kind == LT_SH_PO || e->kind == LT_SH_FENCE ||
				      e->kind == LT_SH_DP);
				if (!ok)
					break;
				m->kind = e->kind == LT_SH_FENCE ? M_FENCE :
					  e->kind == LT_SH_DP ? M_DEP : M_PO;
				m->arg = e->kind == LT_SH_FENCE ? e->fence : e->dep;
				if (e->src_ann == LT_SH_P && e->dst_ann == LT_SH_P)
					continue;
				/* One annotation, on a plain po edge, is a modifier. */
				ok = m->kind == M_PO && (!e->src_ann || !e->dst_ann);
				if (e->dst_ann == LT_SH_L)
					m->kind = M_REL;
				else if (e->src_ann == LT_SH_A)
					m->kind = M_ACQ;
				else if (e->src_ann == LT_SH_X ? e->src == LT_SH_W :
					 e->dst_ann == LT_SH_X && e->src == LT_SH_R)
					m->kind = M_RMW;
				else
					ok = false;
			}
			if (ok && family_build(f, mods, k, a, out, &err) == 0)
				return 0;
			for (int i = 0; i < k; i++)
				mods[i] = (struct mod){ M_PO, 0 };
		}
	}
	return -1;
}

int shape_parse(const char *text, const struct lt_shape_arch *a,
		struct lt_shape *out, struct lt_error *err)
{
	const struct family *f;
	size_t flen;
	struct lt_shape raw;

	memset(err, 0, sizeof(*err));
	if (strlen(text) > 4096)
		return fail(err, 1, "%s: shape too long", "");
	text += strspn(text, " \t\r\n");
	f = family_match(text, &flen);
	if (f && !text[flen + strcspn(text + flen, " \t\r\n")])
		return parse_named(text, f, flen, a, out, err);
	if (parse_cycle_words(text, a, &raw, NULL, NULL, err) < 0)
		return -1;
	if (recognise(&raw, a, out) == 0)
		return 0;
	*out = raw;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The standard suite                                                 */
/* ------------------------------------------------------------------ */

/* The modifier that orders a src->dst slot most cheaply on a, or -1. */
static int cheapest(const struct lt_shape_arch *a, int src, int dst, struct mod *m)
{
	static const int fence_order[] = { LT_SH_STORE, LT_SH_LOAD, LT_SH_LIGHT, LT_SH_FULL };
	unsigned pair = LT_SH_PAIR(src, dst);

	if (a->po_orders & pair)
		return *m = (struct mod){ M_PO, 0 }, 0;
	if (src == LT_SH_R) {
		int d = dst == LT_SH_W ? LT_SH_DATA : LT_SH_ADDR;

		if (a->dep_word[d] && (a->dep_orders[d] & (1u << dst)))
			return m->kind = M_DEP, m->arg = d, 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fence_order); i++)
		if (a->fences[fence_order[i]].word &&
		    (a->fences[fence_order[i]].orders & pair))
			return m->kind = M_FENCE, m->arg = fence_order[i], 0;
	return -1;
}

struct suite_ctx {
	const struct lt_shape_arch *a;
	void (*fn)(const char *name, void *arg);
	void *arg;
	char seen[256][160];
	int nseen;
};

/* Emit an instance if the arch can build it and it is new. */
static void suite_try(struct suite_ctx *c, const struct family *f,
		      const struct mod *mods, int k)
{
	struct lt_shape s;
	struct lt_error err;
	struct lt_buf out = LT_BUF_INIT;
	enum lt_expect kind;
	char why[256];
	int rc;

	if (family_build(f, mods, k, c->a, &s, &err) < 0)
		return;
	for (int i = 0; i < k; i++)
		if (!mod_word(&mods[i], c->a))
			return;
	for (int i = 0; i < c->nseen; i++)
		if (!strcmp(c->seen[i], s.name))
			return;
	rc = shape_compile(&s, c->a, &out, &kind, why, sizeof(why), &err);
	lt_buf_free(&out);
	if (rc < 0 || c->nseen == (int)ARRAY_SIZE(c->seen))
		return;
	snprintf(c->seen[c->nseen++], sizeof(c->seen[0]), "%s", s.name);
	c->fn(s.name, c->arg);
}

void shape_suite(const struct lt_shape_arch *a,
		 void (*fn)(const char *name, void *arg), void *arg)
{
	struct suite_ctx *c = lt_xcalloc(1, sizeof(*c));

	c->a = a;
	c->fn = fn;
	c->arg = arg;
	for (size_t fi = 0; fi < ARRAY_SIZE(families); fi++) {
		const struct family *f = &families[fi];
		int dirs[LT_SH_MAX_EDGES][2], k = family_slots(f, dirs);
		struct mod m[LT_SH_MAX_EDGES];
		bool ok;

		/* Bare: what the hardware does with plain accesses. */
		for (int i = 0; i < k; i++)
			m[i] = (struct mod){ M_PO, 0 };
		suite_try(c, f, m, k);
		if (k == 0)
			continue;
		/* Every thread fenced alike, one strength at a time. */
		for (int fe = 0; fe < LT_SH_NFENCES; fe++) {
			bool useful = false;

			for (int i = 0; i < k; i++) {
				m[i] = (struct mod){ M_FENCE, fe };
				useful |= !!(a->fences[fe].orders &
					     LT_SH_PAIR(dirs[i][0], dirs[i][1]));
			}
			if (useful)
				suite_try(c, f, m, k);
		}
		/* Each thread ordered as cheaply as the arch allows. */
		ok = true;
		for (int i = 0; i < k; i++)
			ok &= cheapest(a, dirs[i][0], dirs[i][1], &m[i]) == 0;
		if (ok)
			suite_try(c, f, m, k);
		/* A full fence where a write comes first, dependencies from reads. */
		ok = true;
		for (int i = 0; i < k; i++) {
			if (dirs[i][0] == LT_SH_W)
				m[i] = (struct mod){ M_FENCE, LT_SH_FULL };
			else
				ok &= cheapest(a, dirs[i][0], dirs[i][1], &m[i]) == 0 &&
				      m[i].kind == M_DEP;
		}
		if (ok)
			suite_try(c, f, m, k);
		/* Lightweight fences where they order, full ones elsewhere. */
		if (a->fences[LT_SH_LIGHT].word) {
			for (int i = 0; i < k; i++)
				m[i] = (struct mod){ M_FENCE,
					(a->fences[LT_SH_LIGHT].orders &
					 LT_SH_PAIR(dirs[i][0], dirs[i][1])) ?
					LT_SH_LIGHT : LT_SH_FULL };
			suite_try(c, f, m, k);
		}
		/* Release writes and acquire reads (no W->R slot: see doc/shapes.md). */
		ok = true;
		for (int i = 0; i < k; i++) {
			ok &= !(dirs[i][0] == LT_SH_W && dirs[i][1] == LT_SH_R);
			m[i].kind = dirs[i][0] == LT_SH_R ? M_ACQ : M_REL;
		}
		if (ok)
			suite_try(c, f, m, k);
		/* One dependency kind on every thread (all slots start at reads). */
		for (int d = 0; d < LT_SH_NDEPS; d++) {
			ok = true;
			for (int i = 0; i < k; i++) {
				ok &= dirs[i][0] == LT_SH_R &&
				      (d != LT_SH_DATA || dirs[i][1] == LT_SH_W);
				m[i] = (struct mod){ M_DEP, d };
			}
			if (ok)
				suite_try(c, f, m, k);
		}
		/* Atomic RMW writes on every thread. */
		ok = true;
		for (int i = 0; i < k; i++) {
			ok &= dirs[i][0] == LT_SH_W || dirs[i][1] == LT_SH_W;
			m[i].kind = M_RMW;
		}
		if (ok)
			suite_try(c, f, m, k);
		/* A full fence on one side only (first thread, then last). */
		for (int side = 0; side < 2 && k > 1; side++) {
			for (int i = 0; i < k; i++)
				m[i] = (struct mod){ M_PO, 0 };
			m[side ? k - 1 : 0] = (struct mod){ M_FENCE, LT_SH_FULL };
			suite_try(c, f, m, k);
		}
	}
	free(c);
}

int shape_write(const char *dir, const char *file, const char *text)
{
	struct lt_buf path = LT_BUF_INIT;
	char why[4400];
	int rc = 0;

	lt_buf_printf(&path, "%s/%s", dir, file);
	if (!text)
		text = "";
	if (lt_write_file(path.s, text, strlen(text), 0644, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-gen: %s\n", why);
		rc = 2;
	}
	lt_buf_free(&path);
	return rc;
}
