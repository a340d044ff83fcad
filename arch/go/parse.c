/* SPDX-License-Identifier: MIT */
/*
 * The grammar of a Go litmus test around its code: the init block, which
 * declares the shared variables with Go types ("var x int", "var y
 * atomic.Int32 = 1", "var mu sync.Mutex", "var c = make(chan int, 1)"),
 * and the threads "PN() { body }", Go function bodies over those
 * variables.  The body itself is checked by the walk of sem.c, the one
 * grammar of Go statements the parser, the model and the generator share.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../c/lang.h"
#include "litmus/psr.h"
#include "util/buf.h"
#include "lang.h"

struct init {
	struct lt_psr *p;
	struct gtok *tk;
	int ntk, i;
	size_t base;		/* offset of the tokens' text in p->s */
	struct lt_buf decls;	/* the params string of every thread */
};

static size_t ioff(const struct init *I, int k)
{
	return I->base + (k < I->ntk ? I->tk[k].off : (I->ntk ? I->tk[I->ntk - 1].off : 0));
}

static bool itk(const struct init *I, int k, int kind)
{
	return k < I->ntk && I->tk[k].k == kind;
}

static bool iword(const struct init *I, int k, const char *w)
{
	return itk(I, k, 'i') && I->tk[k].len == strlen(w) &&
	       !memcmp(I->p->s + I->base + I->tk[k].off, w, I->tk[k].len);
}

static int iexpect(struct init *I, int kind, const char *what)
{
	char q[48];

	if (itk(I, I->i, kind)) {
		I->i++;
		return 0;
	}
	if (I->i >= I->ntk)
		return psr_err(I->p, ioff(I, I->i), "expected %s at the end of the init block", what);
	return psr_err(I->p, ioff(I, I->i), "expected %s, found '%s'", what,
		       lt_quote(I->p->s + ioff(I, I->i), I->tk[I->i].len, q, sizeof(q)));
}

/* "[-]N" into *v. */
static int inum(struct init *I, int64_t *v)
{
	bool neg = itk(I, I->i, '-');

	if (neg)
		I->i++;
	if (!itk(I, I->i, '0'))
		return iexpect(I, '0', "an integer");
	*v = neg ? -I->tk[I->i].num : I->tk[I->i].num;
	I->i++;
	return 0;
}

/* "make(chan int[, N])": the capacity into *cap. */
static int imake(struct init *I, int *cap)
{
	int64_t v = 0;

	if (!iword(I, I->i, "make"))
		return psr_err(I->p, ioff(I, I->i), "a channel is declared 'var c = make(chan int, N)'");
	I->i++;
	if (iexpect(I, '(', "'('") < 0)
		return LT_EPARSE;
	if (!iword(I, I->i, "chan") || !iword(I, I->i + 1, "int"))
		return psr_err(I->p, ioff(I, I->i), "only 'chan int' channels are supported");
	I->i += 2;
	if (itk(I, I->i, ',')) {
		size_t at = ioff(I, ++I->i);

		if (inum(I, &v) < 0)
			return LT_EPARSE;
		if (v < 0 || v > 16)
			return psr_err(I->p, at, "a channel's capacity must be 0 to 16");
	}
	*cap = (int)v;
	return iexpect(I, ')', "')'");
}

/* "var NAME TYPE [= N]" or "var NAME = make(chan int, N)" */
static int init_item(struct init *I)
{
	struct lt_test *t = I->p->t;
	const struct go_type *ty;
	size_t noff, toff;
	int64_t v = 0;
	int cap = 0, l;
	char q[48];

	if (!iword(I, I->i, "var"))
		return psr_err(I->p, ioff(I, I->i), "expected 'var NAME TYPE' in the init block, found '%s'",
			       lt_quote(I->p->s + ioff(I, I->i), I->tk[I->i].len, q, sizeof(q)));
	I->i++;
	noff = ioff(I, I->i);
	if (iexpect(I, 'i', "a variable name") < 0)
		return LT_EPARSE;
	if (!go_name_ok(I->p->s + noff, I->tk[I->i - 1].len))
		return psr_err(I->p, noff, "'%s' cannot name a shared variable",
			       lt_quote(I->p->s + noff, I->tk[I->i - 1].len, q, sizeof(q)));
	snprintf(q, sizeof(q), "%.*s", (int)I->tk[I->i - 1].len, I->p->s + noff);
	if (lt_test_find_loc(t, q) >= 0)
		return psr_err(I->p, noff, "'%s' is declared twice", q);
	toff = ioff(I, I->i);
	if (itk(I, I->i, '=')) {
		I->i++;
		if (imake(I, &cap) < 0)
			return LT_EPARSE;
		ty = go_type_find("chan", 4);
	} else {
		size_t len = I->tk[I->i].len;

		if (itk(I, I->i, 'i') && itk(I, I->i + 1, '.') && itk(I, I->i + 2, 'i')) {
			len = I->tk[I->i + 2].off + I->tk[I->i + 2].len - I->tk[I->i].off;
			I->i += 2;
		}
		ty = I->i < I->ntk && itk(I, I->i, 'i') ? go_type_find(I->p->s + toff, len) : NULL;
		if (!ty || ty->kind == GO_CHAN)
			return psr_err(I->p, toff, "unknown type '%s' (int, int32, int64, uint32, uint64, "
				       "atomic.Int32, atomic.Int64, atomic.Uint32, atomic.Uint64, sync.Mutex, "
				       "sync.WaitGroup; a channel is 'var c = make(chan int, N)')",
				       lt_quote(I->p->s + toff, I->i < I->ntk ? len : 0, q, sizeof(q)));
		I->i++;
		if (itk(I, I->i, '=')) {
			size_t at = ioff(I, ++I->i);

			if (ty->kind != GO_PLAIN && ty->kind != GO_ATOMIC &&
			    ty->kind != GO_WAITGROUP)
				return psr_err(I->p, at, "a %s starts at its zero value", ty->name);
			if (inum(I, &v) < 0)
				return LT_EPARSE;
			if (ty->kind == GO_WAITGROUP && (v < 0 || v > 64))
				return psr_err(I->p, at, "a wait group's initial count is 0 to 64");
		}
	}
	if (I->i < I->ntk && !itk(I, I->i, ';') && !itk(I, I->i, '}'))
		return iexpect(I, ';', "';' or a new line");
	l = lt_test_add_loc(t, q);
	t->locs[l].type = ty->t;
	t->locs[l].type_given = true;
	/*
	 * A wait group's count is its Add(N) before the goroutines start: the
	 * model's cell counts from 0 what is left of it (lowering), the
	 * harness makes the call.
	 */
	t->locs[l].init = (struct lt_value){ .i = ty->kind == GO_WAITGROUP ? 0 : v };
	if (I->decls.len)
		lt_buf_puts(&I->decls, ", ");
	if (ty->kind == GO_CHAN)
		lt_buf_printf(&I->decls, "%s chan %d", q, cap);
	else if (ty->kind == GO_WAITGROUP)
		lt_buf_printf(&I->decls, "%s %s %d", q, ty->name, (int)v);
	else
		lt_buf_printf(&I->decls, "%s %s", q, ty->name);
	return 0;
}

static int init_block(struct lt_psr *p, struct lt_buf *decls)
{
	size_t open = psr_skip_spaces(p, p->off), close, bad;
	struct init I = { .p = p };
	int rc = LT_EPARSE;

	if (open >= p->n || p->s[open] != '{')
		return psr_err(p, open, "expected the init block '{ var x int; ... }'");
	close = psr_match(p, open, '{', '}', "\"");
	if (close == p->n)
		return psr_err(p, open, "unterminated init block: missing '}'");
	I.base = open + 1;
	I.ntk = go_lex(p->s + I.base, close - I.base, &I.tk, &bad);
	if (I.ntk < 0)
		return psr_err(p, I.base + bad, "unexpected character '%c' in the init block",
			       p->s[I.base + bad]);
	while (I.i < I.ntk) {
		if (itk(&I, I.i, ';')) {
			I.i++;
			continue;
		}
		if (init_item(&I) < 0)
			goto out;
	}
	p->off = close + 1;
	*decls = I.decls;
	I.decls = (struct lt_buf)LT_BUF_INIT;
	rc = 0;
out:
	lt_buf_free(&I.decls);
	free(I.tk);
	return rc;
}

/* "PN() { body }" */
static int go_thread(struct lt_psr *p, const char *decls)
{
	size_t e, open, bclose;
	struct lt_thread *th;
	long id = psr_thread_name(p, "() { ... }", &e);

	if (id < 0)
		return -1;
	open = psr_skip_spaces(p, e);
	if (open + 1 >= p->n || p->s[open] != '(' ||
	    p->s[psr_skip_spaces(p, open + 1)] != ')')
		return psr_err(p, open, "expected '()' after 'P%ld': a goroutine takes no "
			       "parameters, the shared variables are the init block's", id);
	th = ctest_thread_body(p, id, psr_skip_spaces(p, psr_skip_spaces(p, open + 1) + 1),
			       "\"", &bclose);
	if (!th)
		return -1;
	th->params = lt_xstrdup(decls);
	p->off = bclose + 1;
	return 0;
}

int go_parse_threads(struct lt_psr *p)
{
	struct lt_buf decls = LT_BUF_INIT;
	size_t bad;
	int rc = LT_EPARSE;

	/* Go's comments are C's. */
	bad = ctest_blank_comments(p->s, p->off, p->n);
	if (bad != p->n)
		return psr_err(p, bad, "unterminated comment");
	if (init_block(p, &decls) < 0)
		goto out;
	for (;;) {
		p->off = psr_skip_spaces(p, p->off);
		if (psr_table_over(p, p->off))
			break;
		if (go_thread(p, decls.s ? decls.s : "") < 0)
			goto out;
	}
	if (p->t->nthreads == 0) {
		psr_err(p, p->off, "a Go test needs at least one thread 'P0() { ... }'");
		goto out;
	}
	/* The bodies, checked (and their locals declared) by the walk. */
	for (int th = 0; th < p->t->nthreads; th++)
		if (go_walk(p->t, th, NULL, p->err) < 0)
			goto out;
	rc = 0;
out:
	lt_buf_free(&decls);
	return rc;
}
