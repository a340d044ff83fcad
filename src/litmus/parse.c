/* SPDX-License-Identifier: MIT */
/*
 * The herd .litmus parser: header, metadata, init block and thread table
 * (cells handed to the arch module), and the entry points.  A test whose
 * arch is a language (arch-ops.h, parse_threads) reads its init block and
 * threads with its own grammar instead of the table's.  The tokens are in
 * lex.c, the conditions in cond.c.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "litmus/psr.h"
#include "util/buf.h"

/* ------------------------------------------------------------------ */
/* Header, doc string, metadata                                       */
/* ------------------------------------------------------------------ */

static int parse_header(struct lt_psr *p)
{
	struct lt_test *t = p->t;
	size_t off = psr_skip_spaces(p, 0), w, e, ns, ne, i;
	char q[48], word[33];

	if (off == p->n)
		return psr_err(p, off, "empty file: expected 'ARCH NAME'");
	e = psr_line_end(p, off);
	for (w = off; w < e && !is_blank(p->s[w]); w++)
		;
	if (w - off < sizeof(word)) {
		memcpy(word, p->s + off, w - off);
		word[w - off] = '\0';
		t->arch = lt_arch_by_herd_name(word);
		if (!t->arch && lt_arch_herd_known(word))
			return psr_err(p, off,
				       "architecture '%s' is not supported yet", word);
	}
	if (!t->arch)
		return psr_err(p, off, "unknown architecture '%s'",
			       lt_quote(p->s + off, w - off, q, sizeof(q)));
	t->arch_name = lt_xstrndup(p->s + off, w - off);
	ns = w;
	while (ns < e && is_blank(p->s[ns]))
		ns++;
	/*
	 * The name is the header's first word, as herd's splitter reads it:
	 * what follows on the line (herd's second name for LaTeX in
	 * parentheses, "PPC co1 (PPCCoOne)", a doc string, text) is the
	 * prologue's.
	 */
	for (ne = ns; ne < e && !is_blank(p->s[ne]); ne++)
		;
	if (ns == ne)
		return psr_err(p, w, "missing test name after '%s'", t->arch_name);
	if (ne - ns > MAX_TEST_NAME)
		return psr_err(p, ns, "test name too long (over %d characters)",
			       MAX_TEST_NAME);
	for (i = ns; i < ne; i++)
		if ((unsigned char)p->s[i] < 0x20 || p->s[i] == 0x7f)
			return psr_err(p, i, "invalid character in test name");
	e = ne;
	/*
	 * herd drops a ".litmus" the header repeats from the file name
	 * (Misc.clean_name), and herd logs and kinds.txt use the result.
	 */
	if (ne - ns > 7 && memcmp(p->s + ne - 7, ".litmus", 7) == 0)
		ne -= 7;
	t->name = lt_xstrndup(p->s + ns, ne - ns);
	p->off = e;
	return 0;
}

/*
 * Everything between the header and '{': the doc string, Key=Value lines,
 * and free text, which herd skips (its splitter reads any other line of
 * the prologue as text): an unclosed '"' or a line of prose.
 */
static int parse_prologue(struct lt_psr *p)
{
	struct lt_test *t = p->t;
	size_t off, e, eq, k, ke, vs, ve;

	for (;;) {
		off = psr_skip_spaces(p, p->off);
		if (off == p->n)
			return psr_err(p, psr_eof_off(p),
				       "unexpected end of file: missing the init block '{'");
		if (p->s[off] == '{') {
			p->off = off;
			return 0;
		}
		if (p->s[off] == '"' && memchr(p->s + off + 1, '"', p->n - off - 1)) {
			e = off + 1;
			while (e < p->n && p->s[e] != '"')
				e++;
			if (t->doc)
				return psr_err(p, off, "a second doc string");
			t->doc = lt_xstrndup(p->s + off + 1, e - off - 1);
			p->off = e + 1;
			continue;
		}
		e = psr_line_end(p, off);
		for (eq = off; eq < e && p->s[eq] != '='; eq++)
			;
		ke = psr_trim_end(p->s, off, eq);
		for (k = off; k < ke; k++)
			if (!lt_is_ident(p->s[k]) && p->s[k] != '-')
				break;
		if (eq == e || ke == off || k != ke) {
			/* Free text, up to the line's end or a '{'. */
			for (k = off; k < e && p->s[k] != '{'; k++)
				;
			p->off = k;
			continue;
		}
		vs = eq + 1;
		while (vs < e && is_blank(p->s[vs]))
			vs++;
		ve = psr_trim_end(p->s, vs, e);
		if (t->nmeta == 0 || (t->nmeta & (t->nmeta - 1)) == 0)
			t->meta = lt_xrealloc(t->meta, (size_t)(t->nmeta ? 2 * t->nmeta : 1) *
					      sizeof(*t->meta));
		t->meta[t->nmeta].key = lt_xstrndup(p->s + off, ke - off);
		t->meta[t->nmeta].value = lt_xstrndup(p->s + vs, ve - vs);
		t->nmeta++;
		p->off = e;
	}
}

/* ------------------------------------------------------------------ */
/* Init block                                                         */
/* ------------------------------------------------------------------ */

static int parse_init_item(struct lt_psr *p)
{
	struct lt_test *t = p->t;
	struct lt_buf type = LT_BUF_INIT;
	struct lt_var v;
	struct lt_value val;
	struct tok nt;
	enum lt_type ty = LT_T_INT;
	size_t item = p->tok.off, voff, toff = p->tok.off;
	bool ptr = false, has_type, has_val = false;
	char q[48];
	int i, rc = LT_EPARSE;

	/* Type words: identifiers followed by another identifier, '*' or N:. */
	while (p->tok.k == TK_ID) {
		if (psr_lex_at(p, p->tok.off + p->tok.len, &nt) < 0)
			goto out;
		if (!(nt.k == TK_ID || nt.k == TK_NUM || (nt.k == TK_P && nt.p == '*')))
			break;
		if (type.len)
			lt_buf_putc(&type, ' ');
		lt_buf_putn(&type, p->s + p->tok.off, p->tok.len);
		if (psr_advance(p) < 0)
			goto out;
	}
	while (is_p(&p->tok, '*')) {
		if (!type.len) {
			psr_err(p, p->tok.off, "expected a type before '*'");
			goto out;
		}
		ptr = true;
		if (psr_advance(p) < 0)
			goto out;
	}
	has_type = type.len > 0;
	if (has_type && !ptr && lt_type_parse(type.s, &ty) < 0) {
		psr_err(p, toff, "unknown type '%s'", lt_quote(type.s, type.len, q, sizeof(q)));
		goto out;
	}
	if (ptr)
		ty = LT_T_PTR;

	voff = p->tok.off;
	if (psr_var(p, &v, true, "init") < 0)
		goto out;
	if (is_p(&p->tok, '[')) {
		psr_err(p, p->tok.off, "arrays are not supported");
		goto out;
	}
	for (i = 0; i < p->nseen; i++) {
		if (p->seen[i].v.is_loc == v.is_loc && p->seen[i].v.idx == v.idx) {
			char vn[MAX_NAME + 16];

			lt_var_name(t, v, vn, sizeof(vn));
			psr_err(p, voff, "%s is initialised twice", vn);
			goto out;
		}
	}
	if (is_p(&p->tok, '=')) {
		if (psr_advance(p) < 0 || psr_value(p, &val, true, "init") < 0)
			goto out;
		has_val = true;
		if (val.is_sym && !has_type)
			ty = LT_T_PTR;
		if (val.is_sym && lt_type_size(ty) != 8) {
			psr_err(p, item, "an address needs a pointer or 64-bit type, not '%s'",
				type.s ? type.s : "int");
			goto out;
		}
		/*
		 * Undeclared, a location or register is herd's "int": its
		 * value is checked against that as a declared one is.
		 */
		if (!val.is_sym && !lt_form_fits(lt_type_form(ty), val.i)) {
			psr_err(p, item, "value out of range for type '%s'",
				ptr ? "pointer" : has_type ? type.s : "int");
			goto out;
		}
	}
	if (!is_p(&p->tok, ';') && !is_p(&p->tok, '}')) {
		psr_err(p, p->tok.off, "expected ';' or '}' after an init item, found '%s'",
			psr_tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}

	if (v.is_loc) {
		struct lt_loc *l = &t->locs[v.idx];

		if (has_type || (has_val && val.is_sym))
			l->type = ty;
		l->type_given = has_type;
		if (has_val)
			l->init = val;
	} else {
		struct lt_reg *r = &t->regs[v.idx];

		if (has_type || (has_val && val.is_sym))
			r->type = ty;
		r->type_given = has_type;
		if (has_val) {
			r->init = val;
			r->has_init = true;
		}
	}
	if (p->nseen == 0 || (p->nseen & (p->nseen - 1)) == 0)
		p->seen = lt_xrealloc(p->seen, (size_t)(p->nseen ? 2 * p->nseen : 1) *
				      sizeof(*p->seen));
	p->seen[p->nseen].v = v;
	p->seen[p->nseen].pos = psr_pos(p, voff);
	p->nseen++;
	rc = 0;
out:
	lt_buf_free(&type);
	return rc;
}

int psr_init_block(struct lt_psr *p, int (*item)(struct lt_psr *p))
{
	size_t open = p->off;

	if (psr_tok_start(p, open + 1) < 0)
		return LT_EPARSE;
	for (;;) {
		if (p->tok.k == TK_EOF)
			return psr_err(p, open, "unterminated init block: missing '}'");
		if (is_p(&p->tok, '}'))
			break;
		if (is_p(&p->tok, ';')) {
			if (psr_advance(p) < 0)
				return LT_EPARSE;
			continue;
		}
		if (item(p) < 0)
			return LT_EPARSE;
	}
	p->off = p->tok.off + 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Thread table                                                       */
/* ------------------------------------------------------------------ */

struct cell {
	size_t off, end;	/* trimmed text */
	size_t sep;		/* the '|' or ';' after it */
};

/*
 * One row: cells separated by '|', ending with ';' on the same line.  herd
 * reads the table as a token stream, but every test writes one row per
 * line, and a forgotten ';' is far better reported where it is missing.
 */
static int read_row(struct lt_psr *p, struct cell **cells, int *ncells)
{
	size_t off = p->off, start;
	int n = 0;

	for (;;) {
		start = off;
		while (off < p->n && p->s[off] != '|' && p->s[off] != ';' &&
		       p->s[off] != '\n')
			off++;
		if (n == 0 || (n & (n - 1)) == 0)
			*cells = lt_xrealloc(*cells, (size_t)(n ? 2 * n : 1) *
					     sizeof(**cells));
		while (start < off && is_blank(p->s[start]))
			start++;
		(*cells)[n].off = start;
		(*cells)[n].end = psr_trim_end(p->s, start, off);
		(*cells)[n].sep = off;
		*ncells = ++n;
		if (off == p->n || p->s[off] == '\n')
			return psr_err(p, psr_trim_end(p->s, p->off, off),
				       "missing ';' at the end of the row");
		if (p->s[off] == ';') {
			p->off = off + 1;
			return 0;
		}
		off++;	/* '|' */
	}
}

long psr_thread_id(const char *s, size_t len)
{
	if (len >= 2 && len <= 3 && s[0] == 'P' && isdigit((unsigned char)s[1]) &&
	    (len == 2 || isdigit((unsigned char)s[2])) && !(s[1] == '0' && len == 3))
		return strtol(s + 1, NULL, 10);
	return -1;
}

long psr_thread_name(struct lt_psr *p, const char *form, size_t *end)
{
	const struct lt_test *t = p->t;
	size_t off = p->off, e;
	char q[48];
	long id;

	for (e = off; e < p->n && lt_is_ident(p->s[e]); e++)
		;
	id = psr_thread_id(p->s + off, e - off);
	if (id < 0)
		return psr_err(p, off, "expected a thread 'P%d%s' or the final condition, "
			       "found '%s'", t->nthreads, form,
			       lt_quote(p->s + off, e > off ? e - off : 1, q, sizeof(q)));
	if (id != t->nthreads)
		return psr_err(p, off, "threads must be P0, P1, ... in order: expected "
			       "'P%d', found 'P%ld'", t->nthreads, id);
	if (t->nthreads >= MAX_THREADS)
		return psr_err(p, off, "too many threads (over %d)", MAX_THREADS);
	*end = e;
	return id;
}

size_t psr_match(const struct lt_psr *p, size_t off, char open, char close,
		 const char *quotes)
{
	int depth = 0;

	for (size_t i = off; i < p->n; i++) {
		if (p->s[i] && strchr(quotes, p->s[i])) {
			char qc = p->s[i];

			for (i++; i < p->n && p->s[i] != qc && p->s[i] != '\n'; i++)
				if (p->s[i] == '\\')
					i++;
			continue;
		}
		if (p->s[i] == open)
			depth++;
		else if (p->s[i] == close && --depth == 0)
			return i;
	}
	return p->n;
}

bool psr_table_over(const struct lt_psr *p, size_t off)
{
	/* "not exists": the "not" alone could start a line of code. */
	if (psr_word_at(p, off, "not") &&
	    psr_word_at(p, psr_skip_spaces(p, off + 3), "exists"))
		return true;
	return off == p->n || p->s[off] == '~' || psr_word_at(p, off, "exists") ||
	       psr_word_at(p, off, "forall") || psr_word_at(p, off, "locations") ||
	       psr_word_at(p, off, "filter");
}

static int parse_threads_header(struct lt_psr *p, struct cell **cells)
{
	struct lt_test *t = p->t;
	int n = 0, i, j;
	char q[48];

	p->off = psr_skip_spaces(p, p->off);
	if (p->off == p->n)
		return psr_err(p, psr_eof_off(p),
			       "unexpected end of file: missing the thread table");
	if (read_row(p, cells, &n) < 0)
		return LT_EPARSE;
	if (n > MAX_THREADS)
		return psr_err(p, (*cells)[MAX_THREADS].off, "too many threads (over %d)",
			       MAX_THREADS);
	for (i = 0; i < n; i++) {
		struct cell *c = &(*cells)[i];
		size_t len = c->end - c->off;
		const char *s = p->s + c->off;
		long id = psr_thread_id(s, len);

		if (id < 0)
			return psr_err(p, c->off, "expected thread name 'P%d' in the table header, found '%s'",
				       i, lt_quote(s, len, q, sizeof(q)));
		for (j = 0; j < i; j++)
			if (t->threads[j].id == id)
				return psr_err(p, c->off, "duplicate thread 'P%ld'", id);
		if (id != i)
			return psr_err(p, c->off,
				       "threads must be P0, P1, ... in order: expected 'P%d', found 'P%ld'",
				       i, id);
		t->threads = lt_xrealloc(t->threads, (size_t)(i + 1) * sizeof(*t->threads));
		memset(&t->threads[i], 0, sizeof(t->threads[i]));
		t->threads[i].id = i;
		t->nthreads = i + 1;
	}
	return 0;
}

static struct lt_insn *insn_add(struct lt_thread *th)
{
	struct lt_insn *in;
	int n = th->ninsns;

	if (n == 0 || (n & (n - 1)) == 0)
		th->insns = lt_xrealloc(th->insns, (size_t)(n ? 2 * n : 1) *
					sizeof(*th->insns));
	in = &th->insns[th->ninsns++];
	memset(in, 0, sizeof(*in));
	in->op = -1;
	for (n = 0; n < LT_MAX_OPERANDS; n++) {
		in->ops[n].reg = in->ops[n].loc = in->ops[n].index = -1;
		in->ops[n].scale = 1;
	}
	return in;
}

static bool label_defined(const struct lt_thread *th, const char *s, size_t n)
{
	int i;

	for (i = 0; i < th->ninsns; i++)
		if (th->insns[i].label && strlen(th->insns[i].label) == n &&
		    memcmp(th->insns[i].label, s, n) == 0)
			return true;
	return false;
}

static int parse_cell(struct lt_psr *p, int tid, size_t off, size_t end)
{
	struct lt_thread *th = &p->t->threads[tid];
	struct lt_insn *in;
	char *label = NULL;
	size_t e, c;

	for (;;) {
		if (th->ninsns >= MAX_INSNS) {
			free(label);
			return psr_err(p, off, "too many instructions in P%d (over %d)",
				       tid, MAX_INSNS);
		}
		/* "LABEL:" (possibly several) before the instruction. */
		for (e = off; e < end && lt_is_ident(p->s[e]); e++)
			;
		for (c = e; c < end && is_blank(p->s[c]); c++)
			;
		if (e == off || !lt_is_ident_start(p->s[off]) || c == end ||
		    p->s[c] != ':')
			break;
		if (e - off > MAX_NAME) {
			free(label);
			return psr_err(p, off, "label too long (over %d characters)",
				       MAX_NAME);
		}
		if (label_defined(th, p->s + off, e - off) ||
		    (label && strlen(label) == e - off &&
		     memcmp(label, p->s + off, e - off) == 0)) {
			free(label);
			return psr_err(p, off, "duplicate label '%.*s' in P%d",
				       (int)(e - off), p->s + off, tid);
		}
		if (label) {
			in = insn_add(th);
			in->label = label;
			in->pos = psr_pos(p, off);
		}
		label = lt_xstrndup(p->s + off, e - off);
		off = c + 1;
		while (off < end && is_blank(p->s[off]))
			off++;
	}
	if (!label && off == end)
		return 0;
	in = insn_add(th);
	in->label = label;
	in->pos = psr_pos(p, off);
	if (off == end)
		return 0;
	in->text = lt_xstrndup(p->s + off, end - off);
	{
		struct lt_parse_ctx ctx = {
			.test = p->t, .thread = tid, .file = p->file,
			.pos = in->pos, .err = p->err,
		};

		if (p->t->arch->parse_insn(&ctx, in->text, in) < 0)
			return LT_EPARSE;
	}
	return psr_check_locs(p, off);
}

static int parse_table(struct lt_psr *p)
{
	struct cell *cells = NULL;
	int n, i, rc = LT_EPARSE;

	if (parse_threads_header(p, &cells) < 0)
		goto out;
	for (;;) {
		p->off = psr_skip_spaces(p, p->off);
		if (psr_table_over(p, p->off))
			break;
		n = 0;
		if (read_row(p, &cells, &n) < 0)
			goto out;
		if (n > p->t->nthreads) {
			psr_err(p, cells[p->t->nthreads - 1].sep,
				"row has %d cells but the test has %d thread%s", n,
				p->t->nthreads, p->t->nthreads == 1 ? "" : "s");
			goto out;
		}
		for (i = 0; i < n; i++)
			if (parse_cell(p, i, cells[i].off, cells[i].end) < 0)
				goto out;
	}
	rc = 0;
out:
	free(cells);
	return rc;
}

/* Every register written in the init block belongs to a real thread. */
static int check_init_threads(struct lt_psr *p)
{
	int i;

	for (i = 0; i < p->nseen; i++) {
		const struct lt_var *v = &p->seen[i].v;
		const struct lt_reg *r;

		if (v->is_loc)
			continue;
		r = &p->t->regs[v->idx];
		if (r->thread >= p->t->nthreads) {
			lt_error_set(p->err, p->file, p->seen[i].pos,
				     "init names %d:%s, but the test has no thread %d",
				     r->thread, r->name, r->thread);
			return LT_EPARSE;
		}
	}
	return 0;
}

static int check_labels(struct lt_psr *p)
{
	int i, j, k, l;

	for (i = 0; i < p->t->nthreads; i++) {
		const struct lt_thread *th = &p->t->threads[i];

		for (j = 0; j < th->ninsns; j++) {
			const struct lt_insn *in = &th->insns[j];

			for (k = 0; k < in->nops; k++) {
				if (in->ops[k].kind != LT_OP_LABEL)
					continue;
				for (l = 0; l < th->ninsns; l++)
					if (th->insns[l].label &&
					    strcmp(th->insns[l].label, in->ops[k].name) == 0)
						break;
				if (l == th->ninsns) {
					lt_error_set(p->err, p->file, in->pos,
						     "undefined label '%s' in P%d",
						     in->ops[k].name, th->id);
					return LT_EPARSE;
				}
			}
		}
	}
	return 0;
}

/*
 * Initial values in their variable's form (int x=4294967295 is x=-1, as
 * herd reads it), whichever part of the parser settled the type last (a C test's parameters type its locations after
 * the init block has given their values).
 */
static void canon_inits(struct lt_test *t)
{
	for (int i = 0; i < t->nlocs; i++)
		t->locs[i].init = lt_var_canon(t, (struct lt_var){ true, i },
					       t->locs[i].init);
	for (int i = 0; i < t->nregs; i++)
		t->regs[i].init = lt_var_canon(t, (struct lt_var){ false, i },
					       t->regs[i].init);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                       */
/* ------------------------------------------------------------------ */

int litmus_parse_string(const char *src, size_t len, const char *file,
			struct lt_test **out, struct lt_error *err)
{
	struct lt_psr p = { .file = file, .err = err };
	struct lt_error scratch;
	int rc = LT_EPARSE;

	*out = NULL;
	if (!p.err)
		p.err = &scratch;
	p.t = lt_xcalloc(1, sizeof(*p.t));
	p.t->file = lt_xstrdup(file);
	if (psr_prepare(&p, src, len) < 0 ||
	    parse_header(&p) < 0 ||
	    parse_prologue(&p) < 0)
		goto out;
	if (p.t->arch->parse_threads ? p.t->arch->parse_threads(&p) < 0 :
	    (psr_init_block(&p, parse_init_item) < 0 ||
	     parse_table(&p) < 0 ||
	     check_init_threads(&p) < 0 ||
	     check_labels(&p) < 0))
		goto out;
	if (psr_tail(&p) < 0)
		goto out;
	psr_observed(p.t);
	canon_inits(p.t);
	*out = p.t;
	p.t = NULL;
	rc = 0;
out:
	lt_test_free(p.t);
	free(p.s);
	free(p.lines);
	free(p.seen);
	return rc;
}

int litmus_parse_file(const char *path, struct lt_test **out,
		      struct lt_error *err)
{
	struct lt_buf b = LT_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	*out = NULL;
	f = fopen(path, "rb");
	if (!f) {
		lt_error_set(err, path, (struct lt_pos){ 0, 0 }, "cannot open: %s",
			     strerror(errno));
		return LT_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > MAX_FILE) {
			fclose(f);
			lt_buf_free(&b);
			lt_error_set(err, path, (struct lt_pos){ 1, 1 },
				     "file too large (over %u MiB)", MAX_FILE >> 20);
			return LT_EPARSE;
		}
		lt_buf_putn(&b, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		lt_buf_free(&b);
		lt_error_set(err, path, (struct lt_pos){ 0, 0 }, "cannot read: %s",
			     strerror(e));
		return LT_EIO;
	}
	fclose(f);
	rc = litmus_parse_string(b.s ? b.s : "", b.len, path, out, err);
	lt_buf_free(&b);
	return rc;
}
