/* SPDX-License-Identifier: MIT */
/*
 * The part of a .litmus test after its threads: "locations", the filter
 * and the final condition; then the observables the run records.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/psr.h"
#include "util/buf.h"

/* ------------------------------------------------------------------ */
/* Conditions                                                         */
/* ------------------------------------------------------------------ */

static struct lt_cond *cond_new(enum lt_cop op, struct lt_pos pos)
{
	struct lt_cond *c = lt_xcalloc(1, sizeof(*c));

	c->op = op;
	c->pos = pos;
	return c;
}

static struct lt_cond *cond_or(struct lt_psr *p, const char *where);

/* Does a register "N:reg" or "PN:reg" start here (not a value)? */
static bool rhs_is_reg(struct lt_psr *p)
{
	struct tok next;
	size_t n = p->tok.len;
	const char *s = p->s + p->tok.off;
	bool pn = p->tok.k == TK_ID && n > 1 && s[0] == 'P';

	for (size_t i = 1; pn && i < n; i++)
		pn = isdigit((unsigned char)s[i]);
	return (p->tok.k == TK_NUM || pn) &&
	       psr_lex_at(p, p->tok.off + p->tok.len, &next) == 0 && is_p(&next, ':');
}

static struct lt_cond *cond_unary(struct lt_psr *p, const char *where)
{
	struct lt_pos pos = psr_pos(p, p->tok.off);
	struct lt_cond *c = NULL;
	size_t open, voff;
	char q[48];

	if (++p->depth > MAX_DEPTH) {
		psr_err(p, p->tok.off, "%s nested too deeply (over %d levels)", where,
			MAX_DEPTH);
		goto out;
	}
	/* herd's lexer reads "not" and '~' as one token. */
	if (is_p(&p->tok, '~') || psr_is_word(p, &p->tok, "not")) {
		if (psr_advance(p) < 0)
			goto out;
		c = cond_new(LT_C_NOT, pos);
		c->l = cond_unary(p, where);
		if (!c->l) {
			lt_cond_free(c);
			c = NULL;
		}
		goto out;
	}
	if (is_p(&p->tok, '(')) {
		open = p->tok.off;
		if (psr_advance(p) < 0)
			goto out;
		c = cond_or(p, where);
		if (!c)
			goto out;
		if (!is_p(&p->tok, ')')) {
			struct lt_pos o = psr_pos(p, open);

			psr_err(p, p->tok.off,
				"unbalanced parentheses: expected ')' to close the '(' at %d:%d, found '%s'",
				o.line, o.col, psr_tok_text(p, &p->tok, q, sizeof(q)));
			lt_cond_free(c);
			c = NULL;
			goto out;
		}
		if (psr_advance(p) < 0) {
			lt_cond_free(c);
			c = NULL;
		}
		goto out;
	}
	if (psr_is_word(p, &p->tok, "true") || psr_is_word(p, &p->tok, "false")) {
		c = cond_new(psr_is_word(p, &p->tok, "true") ? LT_C_TRUE : LT_C_FALSE, pos);
		if (psr_advance(p) < 0) {
			lt_cond_free(c);
			c = NULL;
		}
		goto out;
	}
	if (p->tok.k == TK_EOF || (p->tok.k == TK_P && !is_p(&p->tok, '['))) {
		psr_err(p, p->tok.off, "expected a %s term, found '%s'", where,
			psr_tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	c = cond_new(LT_C_ATOM, pos);
	if (psr_var(p, &c->var, false, where) < 0)
		goto fail;
	if (is_p(&p->tok, P_NE)) {
		c->neq = true;
	} else if (!is_p(&p->tok, '=')) {
		psr_err(p, p->tok.off, "expected '=' or '!=' in the %s, found '%s'", where,
			psr_tok_text(p, &p->tok, q, sizeof(q)));
		goto fail;
	}
	if (psr_advance(p) < 0)
		goto fail;
	/* herd compares two observables too: "0:r1=1:r2" */
	if (rhs_is_reg(p)) {
		c->rhs_var = true;
		if (psr_var(p, &c->var2, false, where) < 0)
			goto fail;
		goto out;
	}
	voff = p->tok.off;
	if (psr_value(p, &c->val, false, where) < 0)
		goto fail;
	/* Either reading of the observable's bit pattern, as in the init block. */
	if (!c->val.is_sym && !lt_form_fits(lt_var_form(p->t, c->var), c->val.i)) {
		char vn[MAX_NAME + 16];
		struct lt_form f = lt_var_form(p->t, c->var);

		lt_var_name(p->t, c->var, vn, sizeof(vn));
		psr_err(p, voff, "value out of range for %s (%u-bit %s)", vn, f.bits,
			f.is_signed ? "signed" : "unsigned");
		goto fail;
	}
	goto out;
fail:
	lt_cond_free(c);
	c = NULL;
out:
	p->depth--;
	return c;
}

/*
 * A chain "a OP b OP c" built leaning right, OP(a, OP(b, c)): evaluation
 * and teardown then walk the chain iteratively instead of recursing.
 */
static struct lt_cond *cond_chain(struct lt_psr *p, const char *where, int tokp,
				  enum lt_cop op,
				  struct lt_cond *(*sub)(struct lt_psr *, const char *))
{
	struct lt_cond *res, **tail, *n;
	struct lt_pos pos;

	res = sub(p, where);
	if (!res)
		return NULL;
	tail = &res;
	while (is_p(&p->tok, tokp)) {
		pos = psr_pos(p, p->tok.off);
		if (psr_advance(p) < 0)
			goto fail;
		n = cond_new(op, pos);
		n->l = *tail;
		*tail = n;
		tail = &n->r;
		*tail = sub(p, where);
		if (!*tail)
			goto fail;
	}
	return res;
fail:
	lt_cond_free(res);
	return NULL;
}

/*
 * herd's precedences (stateParser.mly), loosest first: "\/", "/\", then
 * "=>" (right-associative), then negation.  So "a /\ b => c" reads as
 * "a /\ (b => c)" and "a => b /\ c" as "(a => b) /\ c".
 */
static struct lt_cond *cond_impl(struct lt_psr *p, const char *where)
{
	return cond_chain(p, where, P_IMP, LT_C_IMPLIES, cond_unary);
}

static struct lt_cond *cond_and(struct lt_psr *p, const char *where)
{
	return cond_chain(p, where, P_AND, LT_C_AND, cond_impl);
}

static struct lt_cond *cond_or(struct lt_psr *p, const char *where)
{
	return cond_chain(p, where, P_OR, LT_C_OR, cond_and);
}

static char *collapse(const struct lt_psr *p, size_t start, size_t end)
{
	struct lt_buf b = LT_BUF_INIT;
	size_t i;

	for (i = start; i < end; i++) {
		if (is_space(p->s[i])) {
			if (b.len && b.s[b.len - 1] != ' ')
				lt_buf_putc(&b, ' ');
		} else {
			lt_buf_putc(&b, p->s[i]);
		}
	}
	if (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	return lt_buf_steal(&b);
}

static int parse_locations(struct lt_psr *p)
{
	struct lt_test *t = p->t;
	struct lt_var v;

	if (psr_advance(p) < 0 || psr_expect_p(p, '[', "'[' after 'locations'") < 0)
		return LT_EPARSE;
	for (;;) {
		if (is_p(&p->tok, ']'))
			return psr_advance(p);
		if (is_p(&p->tok, ';')) {
			if (psr_advance(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (psr_var(p, &v, false, "locations") < 0)
			return LT_EPARSE;
		if (t->nextra >= MAX_LOCS + MAX_THREADS * 16)
			return psr_err(p, p->tok.off, "too many locations listed");
		if (t->nextra == 0 || (t->nextra & (t->nextra - 1)) == 0)
			t->extra = lt_xrealloc(t->extra, (size_t)(t->nextra ? 2 * t->nextra : 1) *
					       sizeof(*t->extra));
		t->extra[t->nextra++] = v;
		if (!is_p(&p->tok, ';') && !is_p(&p->tok, ']')) {
			char q[48];

			return psr_err(p, p->tok.off, "expected ';' or ']' in locations, found '%s'",
				       psr_tok_text(p, &p->tok, q, sizeof(q)));
		}
	}
}

int psr_tail(struct lt_psr *p)
{
	struct lt_test *t = p->t;
	size_t start;
	char q[48];

	if (psr_tok_start(p, p->off) < 0)
		return LT_EPARSE;
	for (;;) {
		/*
		 * herd reads a test without a final condition as "forall
		 * (true)": its states are all there is to see.  Taken so when
		 * "locations" or a filter says what to observe; with neither,
		 * a missing condition is more likely a file cut short.
		 */
		if (p->tok.k == TK_EOF && (t->nextra || t->filter)) {
			t->quant = LT_Q_FORALL;
			t->cond = cond_new(LT_C_TRUE, psr_pos(p, p->tok.off));
			t->cond_text = lt_xstrdup("forall (true)");
			return 0;
		}
		if (p->tok.k == TK_EOF)
			return psr_err(p, p->tok.off,
				       "missing final condition (exists, ~exists or forall)");
		if (psr_is_word(p, &p->tok, "locations")) {
			if (parse_locations(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (psr_is_word(p, &p->tok, "filter")) {
			if (t->filter)
				return psr_err(p, p->tok.off, "a second filter");
			if (psr_advance(p) < 0)
				return LT_EPARSE;
			t->filter = cond_or(p, "filter");
			if (!t->filter)
				return LT_EPARSE;
			continue;
		}
		break;
	}

	start = p->tok.off;
	if (is_p(&p->tok, '~') || psr_is_word(p, &p->tok, "not")) {
		if (psr_advance(p) < 0)
			return LT_EPARSE;
		if (!psr_is_word(p, &p->tok, "exists"))
			return psr_err(p, p->tok.off, "expected 'exists' after '~' or 'not', found '%s'",
				       psr_tok_text(p, &p->tok, q, sizeof(q)));
		t->quant = LT_Q_NOT_EXISTS;
	} else if (psr_is_word(p, &p->tok, "exists")) {
		t->quant = LT_Q_EXISTS;
	} else if (psr_is_word(p, &p->tok, "forall")) {
		t->quant = LT_Q_FORALL;
	} else {
		return psr_err(p, p->tok.off,
			       "expected 'exists', '~exists', 'forall', 'locations' or 'filter', found '%s'",
			       psr_tok_text(p, &p->tok, q, sizeof(q)));
	}
	if (psr_advance(p) < 0)
		return LT_EPARSE;
	t->cond = cond_or(p, "condition");
	if (!t->cond)
		return LT_EPARSE;
	t->cond_text = collapse(p, start, p->last_end);
	/* herd's grammar (stateParser.mly, "final") allows one ';' after it. */
	if (is_p(&p->tok, ';') && psr_advance(p) < 0)
		return LT_EPARSE;
	if (p->tok.k != TK_EOF)
		return psr_err(p, p->tok.off, "unexpected '%s' after the final condition",
			       psr_tok_text(p, &p->tok, q, sizeof(q)));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Observables                                                        */
/* ------------------------------------------------------------------ */

static void mark_cond(const struct lt_cond *c, char *reg, char *loc, char how)
{
	for (; c; c = c->r) {
		if (c->op == LT_C_ATOM) {
			for (int k = 0; k < 1 + c->rhs_var; k++) {
				struct lt_var v = k ? c->var2 : c->var;
				char *m = v.is_loc ? &loc[v.idx] : &reg[v.idx];

				if (*m < how)
					*m = how;
			}
		}
		mark_cond(c->l, reg, loc, how);
	}
}

/* How an observable is recorded: not, for the filter only, or shown. */
enum { OBS_NONE, OBS_FILTER, OBS_SHOWN };

struct obs_key {
	struct lt_var v;
	bool shown;
	int thread;
	int rank;
	const char *name;
};

static int obs_cmp(const void *a, const void *b)
{
	const struct obs_key *x = a, *y = b;

	/*
	 * The shown ones first; in each group registers, by thread then in
	 * herd's register order, then locations by name, as herd's states
	 * list them (its location order: threads' registers before globals).
	 */
	if (x->shown != y->shown)
		return x->shown ? -1 : 1;
	if (x->v.is_loc != y->v.is_loc)
		return x->v.is_loc ? 1 : -1;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->name, y->name);
}

void psr_observed(struct lt_test *t)
{
	char *reg = lt_xcalloc((size_t)t->nregs + 1, 1);
	char *loc = lt_xcalloc((size_t)t->nlocs + 1, 1);
	int (*rank)(const char *) = t->arch ? t->arch->reg_rank : NULL;
	struct obs_key *keys;
	int i, n = 0, shown = 0;

	mark_cond(t->filter, reg, loc, OBS_FILTER);
	mark_cond(t->cond, reg, loc, OBS_SHOWN);
	for (i = 0; i < t->nextra; i++) {
		if (t->extra[i].is_loc)
			loc[t->extra[i].idx] = OBS_SHOWN;
		else
			reg[t->extra[i].idx] = OBS_SHOWN;
	}
	keys = lt_xmalloc((size_t)(t->nregs + t->nlocs + 1) * sizeof(*keys));
	for (i = 0; i < t->nregs; i++)
		if (reg[i])
			keys[n++] = (struct obs_key){ { false, i }, reg[i] == OBS_SHOWN,
						      t->regs[i].thread,
						      rank ? rank(t->regs[i].name) : 0,
						      t->regs[i].name };
	for (i = 0; i < t->nlocs; i++)
		if (loc[i])
			keys[n++] = (struct obs_key){ { true, i }, loc[i] == OBS_SHOWN, 0, 0,
						      t->locs[i].name };
	qsort(keys, (size_t)n, sizeof(*keys), obs_cmp);
	t->observed = lt_xmalloc((size_t)(n + 1) * sizeof(*t->observed));
	for (i = 0; i < n; i++) {
		t->observed[i] = keys[i].v;
		shown += keys[i].shown;
	}
	t->nobserved = shown;
	t->nrecorded = n;
	free(keys);
	free(reg);
	free(loc);
}
