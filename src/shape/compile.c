/* SPDX-License-Identifier: MIT */
/*
 * Compiling a shape: threads, locations and values from the cycle, herd
 * text through the arch's table, and the expectation derived from which
 * orders the arch preserves.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shape/shape-arch.h"
#include "shape/shape.h"

#define MAXT 8			/* threads */
#define MAXL 16			/* locations */
#define MAXLINES 64		/* lines per thread */

struct lt_sh_emit {
	const struct lt_shape_arch *a;
	int thread;
	int next_reg;
	int addr_reg[MAXL];
	int labels;
	struct lt_buf init;
	char *lines[MAXLINES];
	int nlines;
	bool overflow;
	const char *const *locnames;
};

static const char *const loc_names[MAXL] = {
	"x", "y", "z", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"
};

int sh_new_reg(struct lt_sh_emit *e)
{
	if (e->next_reg > e->a->reg_last) {
		e->overflow = true;
		return e->a->reg_last;
	}
	return e->next_reg++;
}

int sh_addr_reg(struct lt_sh_emit *e, int loc)
{
	char name[16];

	if (e->addr_reg[loc] < 0) {
		e->addr_reg[loc] = sh_new_reg(e);
		e->a->reg_cond(e->addr_reg[loc], name, sizeof(name));
		lt_buf_printf(&e->init, "%s%d:%s=%s;", e->init.len ? " " : "",
			      e->thread, name, e->locnames[loc]);
	}
	return e->addr_reg[loc];
}

int sh_new_label(struct lt_sh_emit *e, char *buf, size_t len)
{
	return snprintf(buf, len, "LC%d%d", e->thread, e->labels++);
}

void sh_line(struct lt_sh_emit *e, const char *fmt, ...)
{
	struct lt_buf b = LT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	lt_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (e->nlines == MAXLINES) {
		e->overflow = true;
		lt_buf_free(&b);
		return;
	}
	e->lines[e->nlines++] = lt_buf_steal(&b);
}

const char *sh_loc_name(const struct lt_sh_emit *e, int loc)
{
	return e->locnames[loc];
}

/* ------------------------------------------------------------------ */
/* The execution a cycle describes                                    */
/* ------------------------------------------------------------------ */

struct cyc {
	int n;
	const struct lt_sh_edge *edge[LT_SH_MAX_EDGES];	/* edge after access j */
	int dir[LT_SH_MAX_EDGES];
	int ann[LT_SH_MAX_EDGES];
	int thread[LT_SH_MAX_EDGES];
	int loc[LT_SH_MAX_EDGES];
	int64_t val[LT_SH_MAX_EDGES];	/* W: stored; R: read, or -1 unconstrained */
	int nthreads, nlocs;
	int64_t final[MAXL];		/* -1: not in the condition */
	bool one_loc;
};

static bool polike(const struct lt_sh_edge *e)
{
	return e->kind == LT_SH_PO || e->kind == LT_SH_FENCE || e->kind == LT_SH_DP;
}

static int err_msg(struct lt_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int err_msg(struct lt_error *err, const char *fmt, ...)
{
	va_list ap;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "shape");
	err->pos.line = 1;
	err->pos.col = 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Threads, locations and values: the layout diy gives a cycle. */
static int cycle_layout(const struct lt_shape *s, struct cyc *c, struct lt_error *err)
{
	int start = 0, ndiff = 0, runstart = -1;
	int run_of[LT_SH_MAX_EDGES], nruns = 0, rename[LT_SH_MAX_EDGES];

	memset(c, 0, sizeof(*c));
	c->n = s->n;
	/* Start after an external edge, so that a thread starts there. */
	for (int i = 0; i < s->n; i++)
		if (s->e[(i + s->n - 1) % s->n].ext) {
			start = i;
			break;
		}
	for (int j = 0; j < s->n; j++) {
		const struct lt_sh_edge *e = &s->e[(start + j) % s->n];
		const struct lt_sh_edge *p = &s->e[(start + j + s->n - 1) % s->n];

		c->edge[j] = e;
		c->dir[j] = e->src;
		c->ann[j] = e->src_ann != LT_SH_P ? e->src_ann : p->dst_ann;
		c->thread[j] = c->nthreads;
		if (e->ext && j < s->n - 1)
			c->nthreads++;
		if (polike(e) && e->diff)
			ndiff++;
	}
	c->nthreads++;
	if (c->nthreads > MAXT)
		return err_msg(err, "too many threads (at most %d)", MAXT);
	if (c->nthreads == 1 && polike(c->edge[s->n - 1]))
		return err_msg(err, "a cycle on one thread must close with a communication edge");
	if (ndiff == 1)
		return err_msg(err, "a cycle cannot change location exactly once");

	/* Runs of one location start after a 'd' edge (or a Pos edge). */
	c->one_loc = ndiff == 0;
	for (int j = 0; j < s->n && runstart < 0; j++)
		if (polike(c->edge[j]) && (c->edge[j]->diff || c->one_loc))
			runstart = (j + 1) % s->n;
	if (runstart < 0)
		return err_msg(err, "a cycle on one location needs a program-order edge (PosRR ...)");
	for (int k = 0, r = 0; k < s->n; k++) {
		int j = (runstart + k) % s->n;

		run_of[j] = r;
		if (polike(c->edge[j]) && c->edge[j]->diff)
			r++;
		nruns = r > nruns ? r : nruns;
	}
	nruns = c->one_loc ? 1 : nruns;
	if (nruns > MAXL)
		return err_msg(err, "too many locations (at most %d)", MAXL);
	/* Name locations in the order the threads meet them: x, y, z... */
	for (int r = 0; r < LT_SH_MAX_EDGES; r++)
		rename[r] = -1;
	for (int j = 0; j < s->n; j++) {
		if (rename[run_of[j]] < 0)
			rename[run_of[j]] = c->nlocs++;
		c->loc[j] = rename[run_of[j]];
	}

	/* Values: writes 1, 2... along each run; reads from rf or fr. */
	for (int l = 0; l < MAXL; l++)
		c->final[l] = -1;
	for (int k = 0; k < s->n; ) {
		int j0 = (runstart + k) % s->n, len = 0, writes = 0;
		int64_t last = 0;

		while (k + len < s->n && run_of[(runstart + k + len) % s->n] == run_of[j0])
			len++;
		for (int i = 0; i < len; i++) {
			int j = (j0 + i) % s->n;
			const struct lt_sh_edge *in = i ? c->edge[(j + s->n - 1) % s->n] : NULL;
			const struct lt_sh_edge *out = i < len - 1 ? c->edge[j] : NULL;

			if (c->dir[j] == LT_SH_W) {
				c->val[j] = last = ++writes;
				continue;
			}
			if (in && in->kind == LT_SH_RF)
				c->val[j] = c->val[(j + s->n - 1) % s->n];
			else if (out && out->kind == LT_SH_FR)
				c->val[j] = last;
			else
				c->val[j] = -1;
		}
		if (writes >= 2)
			c->final[c->loc[j0]] = last;
		k += len;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Deriving the expectation                                           */
/* ------------------------------------------------------------------ */

typedef uint32_t rel_t[LT_SH_MAX_EDGES];

static void rel_zero(rel_t r)
{
	memset(r, 0, sizeof(rel_t));
}

static void rel_or(rel_t d, const rel_t a)
{
	for (int i = 0; i < LT_SH_MAX_EDGES; i++)
		d[i] |= a[i];
}

static void rel_seq(rel_t d, const rel_t a, const rel_t b, int n)
{
	rel_t t;

	rel_zero(t);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++)
			if (a[i] >> k & 1)
				t[i] |= b[k];
	memcpy(d, t, sizeof(rel_t));
}

/* Transitive closure, plus the identity when `refl`. */
static void rel_closure(rel_t d, const rel_t a, int n, bool refl)
{
	memcpy(d, a, sizeof(rel_t));
	for (int k = 0; k < n; k++)
		for (int i = 0; i < n; i++)
			if (d[i] >> k & 1)
				d[i] |= d[k];
	if (refl)
		for (int i = 0; i < n; i++)
			d[i] |= 1u << i;
}

static bool rel_acyclic(const rel_t a, int n)
{
	rel_t t;

	rel_closure(t, a, n, false);
	for (int i = 0; i < n; i++)
		if (t[i] >> i & 1)
			return false;
	return true;
}

/*
 * Orders inside each thread: ppo (program order the arch keeps without a
 * fence), and the pairs ordered by lightweight and by full fences.
 */
static void thread_orders(const struct cyc *c, const struct lt_shape_arch *a,
			  rel_t ppo, rel_t light, rel_t full)
{
	int n = c->n;

	rel_zero(ppo);
	rel_zero(light);
	rel_zero(full);
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n && c->thread[j] == c->thread[i]; j++) {
			unsigned pair = LT_SH_PAIR(c->dir[i], c->dir[j]);
			const struct lt_sh_edge *di = c->edge[i];
			bool o = (a->po_orders & pair) != 0;

			for (int k = i; k < j; k++) {
				const struct lt_sh_edge *e = c->edge[k];

				if (e->kind != LT_SH_FENCE ||
				    !(a->fences[e->fence].orders & pair))
					continue;
				if (e->fence == LT_SH_FULL)
					full[i] |= 1u << j;
				else
					light[i] |= 1u << j;
			}
			if (di->kind == LT_SH_DP) {
				bool to = a->dep_orders[di->dep] >> c->dir[j] & 1;

				/* Control dependencies reach every later access. */
				if (to && (j == i + 1 || di->dep == LT_SH_CTRL ||
					   di->dep == LT_SH_CTRLISYNC))
					o = true;
				if (di->dep == LT_SH_ADDR && a->addr_po_w &&
				    c->dir[j] == LT_SH_W)
					o = true;
			}
			if (a->acq_orders && c->ann[i] == LT_SH_A)
				o = true;
			if (a->rel_orders && c->ann[j] == LT_SH_L)
				o = true;
			if (a->rel_acq && c->ann[i] == LT_SH_L && c->ann[j] == LT_SH_A)
				o = true;
			if (a->rmw_full && (c->ann[i] == LT_SH_X || c->ann[j] == LT_SH_X))
				o = true;
			/* Coherence: a write after an access to its location. */
			if (c->loc[i] == c->loc[j] && c->dir[j] == LT_SH_W)
				o = true;
			if (o)
				ppo[i] |= 1u << j;
		}
	}
}

static enum lt_expect derive(const struct cyc *c, const struct lt_shape_arch *a,
			     char *why, size_t len)
{
	int n = c->n;
	rel_t ppo, light, full, rfe, co, fr, fre, com, fences, hb, t, u;

	if (c->one_loc) {
		snprintf(why, len, "one location: coherence (SC per location) holds on every arch");
		return LT_EXPECT_FORBIDDEN;
	}
	thread_orders(c, a, ppo, light, full);
	rel_zero(rfe);
	rel_zero(co);
	rel_zero(fr);
	rel_zero(fre);
	for (int j = 0; j < n; j++) {
		const struct lt_sh_edge *e = c->edge[j];
		uint32_t to = 1u << ((j + 1) % n);

		if (e->kind == LT_SH_RF && e->ext)
			rfe[j] |= to;
		if (e->kind == LT_SH_CO)
			co[j] |= to;
		if (e->kind == LT_SH_FR) {
			fr[j] |= to;
			if (e->ext)
				fre[j] |= to;
		}
	}
	memcpy(fences, light, sizeof(rel_t));
	rel_or(fences, full);
	if (a->mca) {
		/*
		 * Multicopy atomic (x86-TSO, ARMv8, RVWMO): a write is seen by
		 * all other threads at once, so external communication is in
		 * the global order and the cycle is forbidden iff every thread
		 * keeps its part of it (an internal rf never counts: store
		 * forwarding).
		 */
		memcpy(t, ppo, sizeof(rel_t));
		rel_or(t, fences);
		rel_or(t, rfe);
		rel_or(t, co);
		rel_or(t, fr);
		if (!rel_acyclic(t, n)) {
			snprintf(why, len, "every thread keeps its order and %s is multicopy-atomic",
				 a->herd);
			return LT_EXPECT_FORBIDDEN;
		}
		rel_closure(u, ppo, n, false);
		rel_or(u, fences);
		for (int i = 0; i < n; i++) {
			int j = i;

			while (j + 1 < n && c->thread[j + 1] == c->thread[i])
				j++;
			if (j > i && !(u[i] >> j & 1)) {
				snprintf(why, len, "P%d does not keep its %c->%c order", c->thread[i],
					 "RW"[c->dir[i]], "RW"[c->dir[j]]);
				return LT_EXPECT_ALLOWED;
			}
			i = j;
		}
		snprintf(why, len, "some thread does not keep its order");
		return LT_EXPECT_ALLOWED;
	}
	/*
	 * Not multicopy atomic (POWER): the axioms of herd's ppc.cat on the
	 * cycle's execution.  Fences order by cumulativity only.
	 */
	memcpy(com, co, sizeof(rel_t));
	rel_or(com, fr);
	for (int j = 0; j < n; j++)
		if (c->edge[j]->kind == LT_SH_RF)
			com[j] |= 1u << ((j + 1) % n);
	memcpy(hb, ppo, sizeof(rel_t));
	rel_or(hb, fences);
	rel_or(hb, rfe);
	if (!rel_acyclic(hb, n)) {
		snprintf(why, len, "no thin air: dependencies and fences close a cycle with rf");
		return LT_EXPECT_FORBIDDEN;
	}
	{
		rel_t hbs, pb, pbs, coms, prop, ww;

		rel_closure(hbs, hb, n, true);
		rel_seq(pb, rfe, fences, n);
		rel_or(pb, fences);
		rel_seq(pb, pb, hbs, n);			/* prop-base */
		rel_zero(ww);
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				if (c->dir[i] == LT_SH_W && c->dir[j] == LT_SH_W)
					ww[i] |= pb[i] & (1u << j);
		rel_closure(coms, com, n, true);
		rel_closure(pbs, pb, n, true);
		rel_seq(prop, coms, pbs, n);
		rel_seq(prop, prop, full, n);
		rel_seq(prop, prop, hbs, n);
		rel_or(prop, ww);
		memcpy(t, co, sizeof(rel_t));
		rel_or(t, prop);
		if (!rel_acyclic(t, n)) {
			snprintf(why, len, "propagation: co and the fences' cumulativity form a cycle");
			return LT_EXPECT_FORBIDDEN;
		}
		rel_seq(t, fre, prop, n);
		rel_seq(t, t, hbs, n);
		for (int i = 0; i < n; i++)
			if (t[i] >> i & 1) {
				snprintf(why, len, "observation: a cumulative fence orders the write the read missed");
				return LT_EXPECT_FORBIDDEN;
			}
	}
	snprintf(why, len, "%s is not multicopy-atomic and no fence here is cumulative enough",
		 a->herd);
	return LT_EXPECT_ALLOWED;
}

/* ------------------------------------------------------------------ */
/* Herd text                                                          */
/* ------------------------------------------------------------------ */

static const char *const ann_name[] = { "plain", "acquire", "release", "atomic (RMW)" };
static const char *const dep_name[] = { "address", "data", "control", "control+isync" };

static int emit_threads(const struct cyc *c, const struct lt_shape_arch *a,
			struct lt_sh_emit *em, int *regs, struct lt_error *err)
{
	for (int t = 0; t < c->nthreads; t++) {
		struct lt_sh_emit *e = &em[t];
		int prev_reg = -1;

		e->a = a;
		e->thread = t;
		e->next_reg = a->reg_first;
		e->locnames = loc_names;
		for (int l = 0; l < MAXL; l++)
			e->addr_reg[l] = -1;
		for (int j = 0; j < c->n; j++) {
			const struct lt_sh_edge *p = c->edge[(j + c->n - 1) % c->n];
			bool same = j > 0 && c->thread[j - 1] == t;
			struct lt_sh_access acc;
			char why[160];

			if (c->thread[j] != t)
				continue;
			if (!(((c->dir[j] == LT_SH_R) ? a->ann_r : a->ann_w) >> c->ann[j] & 1))
				return err_msg(err, "%s: no %s %s in this generator", a->herd,
					       ann_name[c->ann[j]],
					       c->dir[j] == LT_SH_R ? "read" : "write");
			if (same && p->kind == LT_SH_FENCE) {
				if (!a->fences[p->fence].insn)
					return err_msg(err, "%s has no %s fence", a->herd,
						       p->fence == LT_SH_LIGHT ? "lightweight" :
						       p->fence == LT_SH_STORE ? "store" :
						       p->fence == LT_SH_LOAD ? "load" : "full");
				sh_line(e, "%s", a->fences[p->fence].insn);
			}
			acc.dir = c->dir[j];
			acc.loc = c->loc[j];
			acc.value = c->val[j] < 0 ? 1 : c->val[j];
			acc.ann = c->ann[j];
			acc.dep = same && p->kind == LT_SH_DP ? p->dep : -1;
			acc.dep_reg = prev_reg;
			if (acc.dep >= 0 && !a->dep_word[acc.dep])
				return err_msg(err, "%s: no %s dependency in this generator",
					       a->herd, dep_name[acc.dep]);
			acc.reg = c->dir[j] == LT_SH_R ? sh_new_reg(e) : -1;
			if (a->emit_access(e, &acc, why, sizeof(why)) < 0)
				return err_msg(err, "%s", why);
			regs[j] = acc.reg;
			if (c->dir[j] == LT_SH_R)
				prev_reg = acc.reg;
			if (e->overflow)
				return err_msg(err, "thread %d needs too many registers or lines", t);
		}
	}
	return 0;
}

int shape_compile(const struct lt_shape *s, const struct lt_shape_arch *a,
		  struct lt_buf *out, enum lt_expect *kind, char *reason,
		  size_t reason_len, struct lt_error *err)
{
	struct lt_sh_emit em[MAXT];
	struct cyc c;
	struct lt_buf cyc = LT_BUF_INIT, cond = LT_BUF_INIT;
	size_t width[MAXT];
	int rows = 0, regs[LT_SH_MAX_EDGES], rc = -1;
	char name[16];

	memset(em, 0, sizeof(em));
	if (cycle_layout(s, &c, err) < 0)
		return -1;
	if (emit_threads(&c, a, em, regs, err) < 0)
		goto fail;
	*kind = derive(&c, a, reason, reason_len);

	/* The condition: constrained reads by thread, then final values. */
	for (int t = 0; t < c.nthreads; t++)
		for (int j = 0; j < c.n; j++) {
			if (c.thread[j] != t || c.dir[j] != LT_SH_R || c.val[j] < 0)
				continue;
			a->reg_cond(regs[j], name, sizeof(name));
			lt_buf_printf(&cond, "%s%d:%s=%" PRId64, cond.len ? " /\\ " : "",
				      t, name, c.val[j]);
		}
	for (int l = 0; l < c.nlocs; l++)
		if (c.final[l] >= 0)
			lt_buf_printf(&cond, "%s[%s]=%" PRId64, cond.len ? " /\\ " : "",
				      loc_names[l], c.final[l]);
	if (!cond.len) {
		err_msg(err, "the cycle constrains no read and no final value");
		goto fail;
	}

	shape_print(s, &cyc);
	lt_buf_printf(out, "%s %s\n\"%s\"\n", a->herd,
		      s->name[0] ? s->name : "Shape", cyc.s);
	lt_buf_printf(out, "Cycle=%s\nGenerator=litmus-gen\n", cyc.s);
	lt_buf_printf(out, "(* %s: %s. *)\n",
		      *kind == LT_EXPECT_FORBIDDEN ? "Forbidden" : "Allowed", reason);
	lt_buf_puts(out, "{\n");
	for (int t = 0; t < c.nthreads; t++)
		if (em[t].init.len)
			lt_buf_printf(out, "%s\n", em[t].init.s);
	lt_buf_puts(out, "}\n");
	for (int t = 0; t < c.nthreads; t++) {
		char hdr[8];

		width[t] = (size_t)snprintf(hdr, sizeof(hdr), "P%d", t);
		for (int i = 0; i < em[t].nlines; i++)
			if (strlen(em[t].lines[i]) > width[t])
				width[t] = strlen(em[t].lines[i]);
		if (em[t].nlines > rows)
			rows = em[t].nlines;
	}
	for (int r = -1; r < rows; r++) {
		for (int t = 0; t < c.nthreads; t++) {
			char hdr[16];	/* "P" and any int */
			const char *cell = hdr;

			snprintf(hdr, sizeof(hdr), "P%d", t);
			if (r >= 0)
				cell = r < em[t].nlines ? em[t].lines[r] : "";
			lt_buf_printf(out, " %-*s %s", (int)width[t], cell,
				      t == c.nthreads - 1 ? ";\n" : "|");
		}
	}
	lt_buf_printf(out, "exists (%s)\n", cond.s);
	rc = 0;
fail:
	lt_buf_free(&cyc);
	lt_buf_free(&cond);
	for (int t = 0; t < MAXT; t++) {
		for (int i = 0; i < em[t].nlines; i++)
			free(em[t].lines[i]);
		lt_buf_free(&em[t].init);
	}
	return rc;
}
