/* SPDX-License-Identifier: MIT */
/*
 * The C grammar of herd's C litmus tests: the init block ("int x = 0;",
 * "*y = 1;"), and each thread "PN(TYPE *loc, ...) { body }", whose
 * parameters become the test's locations and whose top-level locals its
 * registers.  The body itself is kept as written, for the compiler.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/psr.h"
#include "util/buf.h"
#include "lang.h"

/*
 * In a C test, the end of the thread "PN(...) { ... }" starting at src[i]
 * (i + 1 when it is not one): braces matched, string and character
 * literals and C comments stepped over.
 */
size_t c_code_end(const char *src, size_t i, size_t len)
{
	size_t k = i + 1;
	int depth = 0;
	bool body = false;

	while (k < len && isdigit((unsigned char)src[k]))
		k++;
	if (k == i + 1)
		return i + 1;
	while (k < len && is_space(src[k]))
		k++;
	if (k == len || src[k] != '(')
		return i + 1;
	for (; k < len; k++) {
		char c = src[k];

		if (c == '"' || c == '\'') {
			for (k++; k < len && src[k] != c && src[k] != '\n'; k++)
				if (src[k] == '\\')
					k++;
		} else if (c == '/' && k + 1 < len && src[k + 1] == '/') {
			while (k < len && src[k] != '\n')
				k++;
		} else if (c == '/' && k + 1 < len && src[k + 1] == '*') {
			for (k += 2; k + 1 < len && !(src[k] == '*' && src[k + 1] == '/'); k++)
				;
			k++;
		} else if (c == '(' || c == '{') {
			depth++;
			body |= c == '{';
		} else if (c == ')' || c == '}') {
			if (--depth == 0 && body)
				return k + 1;
		}
	}
	return len;
}

/* An initial value: as psr_value reads it, or the kernel's "ATOMIC_INIT(v)". */
static int c_init_value(struct lt_psr *p, struct lt_value *val)
{
	bool wrapped = p->tok.k == TK_ID && p->tok.len == 11 &&
		       !memcmp(p->s + p->tok.off, "ATOMIC_INIT", 11);

	if (wrapped && (psr_advance(p) < 0 ||
			psr_expect_p(p, '(', "'(' after ATOMIC_INIT") < 0))
		return LT_EPARSE;
	if (psr_value(p, val, true, "init") < 0)
		return LT_EPARSE;
	if (wrapped && psr_expect_p(p, ')', "')' to close ATOMIC_INIT(") < 0)
		return LT_EPARSE;
	return 0;
}

/*
 * "0:r4 = y;", "int 0:r1 = z;": a register's initial value, which herd
 * gives the thread's local of that name (*ty: its declared type, if any).
 */
static int c_init_reg(struct lt_psr *p, const enum lt_type *ty, int stars)
{
	struct lt_value val = { 0 };
	struct lt_var v;
	struct lt_reg *r;
	size_t item = p->tok.off;

	if (psr_var(p, &v, true, "init") < 0)
		return LT_EPARSE;
	if (is_p(&p->tok, '=') && (psr_advance(p) < 0 || c_init_value(p, &val) < 0))
		return LT_EPARSE;
	r = &p->t->regs[v.idx];
	if (r->has_init)
		return psr_err(p, item, "%s is initialised twice", r->name);
	r->type = ty ? (stars ? LT_T_PTR : *ty) : val.is_sym ? LT_T_PTR : LT_T_INT;
	r->type_given = ty != NULL;
	if (val.is_sym && lt_type_size(r->type) != 8)
		return psr_err(p, item, "an address needs a pointer type");
	r->init = val;
	r->has_init = true;
	if (!is_p(&p->tok, ';') && !is_p(&p->tok, '}'))
		return psr_err(p, p->tok.off, "expected ';' or '}' after an init item");
	return 0;
}

/*
 * A C test's init block: "x = 0;", "*x = 0;", "int x = 0;", "atomic_int
 * y = 1;", "int *p = x;".  Registers cannot be initialised there: a C
 * thread's locals are its own code's business.
 */
static int c_init_item(struct lt_psr *p)
{
	struct lt_buf type = LT_BUF_INIT;
	struct lt_value val;
	struct lt_loc *l;
	struct tok nt;
	enum lt_type ty = LT_T_INT;
	size_t item = p->tok.off, toff = p->tok.off;
	int stars = 0, idx, rc = LT_EPARSE;
	char name[MAX_NAME + 1], q[48];

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
	for (; is_p(&p->tok, '*'); stars++)
		if (psr_advance(p) < 0)
			goto out;
	if (type.len && ctest_type_parse(type.s, &ty) < 0) {
		psr_err(p, toff, "unknown C type '%s'", lt_quote(type.s, type.len, q, sizeof(q)));
		goto out;
	}
	if (p->tok.k == TK_NUM) {
		rc = c_init_reg(p, type.len ? &ty : NULL, stars);
		goto out;
	}
	if (p->tok.k != TK_ID || !ctest_name_ok(p->s + p->tok.off, p->tok.len)) {
		psr_err(p, p->tok.off, "expected a location name (a C identifier, not "
			"a keyword or a memory order, not starting with lt_), found '%s'",
			psr_tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	memcpy(name, p->s + p->tok.off, p->tok.len);
	name[p->tok.len] = '\0';
	idx = lt_test_find_loc(p->t, name);
	/*
	 * A name met before only as another item's value ("y = z; z = 0;",
	 * herd's pointer initialisers) has neither a type nor a value yet.
	 */
	if (idx >= 0 && (p->t->locs[idx].type_given || p->t->locs[idx].init.is_sym ||
			 p->t->locs[idx].init.i != 0)) {
		psr_err(p, p->tok.off, "%s is initialised twice", name);
		goto out;
	}
	if (idx < 0)
		idx = lt_test_add_loc(p->t, name);
	if (psr_check_locs(p, p->tok.off) < 0 || psr_advance(p) < 0)
		goto out;
	/* "int *p": a location holding an address; "*x": location x itself. */
	if (type.len && stars > 0)
		ty = LT_T_PTR;
	l = &p->t->locs[idx];
	l->type = ty;
	l->type_given = type.len > 0;
	if (is_p(&p->tok, '=')) {
		if (psr_advance(p) < 0 || c_init_value(p, &val) < 0)
			goto out;
		l = &p->t->locs[idx];	/* psr_value may have grown the array */
		if (val.is_sym && !l->type_given)
			l->type = LT_T_PTR;
		if (val.is_sym && lt_type_size(l->type) != 8) {
			psr_err(p, item, "an address needs a pointer type");
			goto out;
		}
		if (!val.is_sym && !lt_form_fits(lt_type_form(l->type), val.i)) {
			psr_err(p, item, "value out of range for its type");
			goto out;
		}
		l->init = val;
	}
	if (!is_p(&p->tok, ';') && !is_p(&p->tok, '}')) {
		psr_err(p, p->tok.off, "expected ';' or '}' after an init item, found '%s'",
			psr_tok_text(p, &p->tok, q, sizeof(q)));
		goto out;
	}
	rc = 0;
out:
	lt_buf_free(&type);
	return rc;
}

/* Is s[0, n) the name of one of th's parameters (its normalised list)? */
static bool c_param_named(const struct lt_thread *th, const char *s, size_t n)
{
	for (const char *ps = th->params; (ps = strchr(ps, '*')) != NULL;) {
		while (*ps == '*')
			ps++;
		if (!strncmp(ps, s, n) && !lt_is_ident(ps[n]))
			return true;
	}
	return false;
}

/*
 * A parameter's name that is also a type word of the list ("atomic_int
 * *atomic_int, atomic_int *y"): in C the name hides the type from there on,
 * so the list does not compile.  0, or LT_EPARSE at the type word.
 */
static int c_params_types(struct lt_psr *p, const struct lt_thread *th, size_t open,
			  size_t close)
{
	char q[48];

	for (size_t i = open + 1; i < close;) {
		size_t w = i, e;

		if (!lt_is_ident_start(p->s[i])) {
			i++;
			continue;
		}
		while (i < close && lt_is_ident(p->s[i]))
			i++;
		e = psr_skip_spaces(p, i);
		/* A type word: neither a name (before ',' or ')') nor after a '*'. */
		if (e < close && p->s[e] != ',' && c_param_named(th, p->s + w, i - w))
			return psr_err(p, w, "'%s' names a location of P%d, so it cannot also be "
				       "a type in its parameter list",
				       lt_quote(p->s + w, i - w, q, sizeof(q)), th->id);
	}
	return 0;
}

/*
 * "int *x, atomic_int *y": each parameter is a shared location passed by
 * address.  Only identifiers and '*' may appear, so the list the generator
 * writes back is exactly what was validated here.
 */
static int c_params(struct lt_psr *p, struct lt_thread *th, size_t open,
		    size_t close, bool *typed)
{
	struct lt_buf norm = LT_BUF_INIT, type = LT_BUF_INIT;
	size_t i = open + 1;
	int rc = LT_EPARSE;
	char q[48];

	while (i < close && is_space(p->s[i]))
		i++;
	if (i == close || (close - i >= 4 && psr_word_at(p, i, "void") &&
			   psr_skip_spaces(p, i + 4) == close))
		goto done;
	while (i <= close) {
		size_t start = i, name = 0, nlen = 0;
		int stars = 0;
		enum lt_type ty;
		int l;

		lt_buf_reset(&type);
		for (;;) {
			while (i < close && is_space(p->s[i]))
				i++;
			if (i == close || p->s[i] == ',')
				break;
			if (p->s[i] == '*') {
				/* The word before a '*' is a type word. */
				if (nlen) {
					if (type.len)
						lt_buf_putc(&type, ' ');
					lt_buf_putn(&type, p->s + name, nlen);
					nlen = 0;
				}
				stars++;
				i++;
				continue;
			}
			if (!lt_is_ident_start(p->s[i])) {
				psr_err(p, i, "unexpected '%s' in P%d's parameter list",
					lt_quote(p->s + i, 1, q, sizeof(q)), th->id);
				goto out;
			}
			if (nlen) {
				if (stars) {
					psr_err(p, i, "unexpected word after the parameter's name '%.*s'",
						(int)nlen, p->s + name);
					goto out;
				}
				/* The previous word was a type word after all. */
				if (type.len)
					lt_buf_putc(&type, ' ');
				lt_buf_putn(&type, p->s + name, nlen);
			}
			name = i;
			while (i < close && lt_is_ident(p->s[i]))
				i++;
			nlen = i - name;
		}
		if (!nlen || !type.len) {
			psr_err(p, start, "expected 'TYPE *name' in P%d's parameter list",
				th->id);
			goto out;
		}
		if (!ctest_name_ok(p->s + name, nlen)) {
			psr_err(p, name, "'%s' cannot name a location (a C identifier, not a "
				"keyword or a memory order, not starting with lt_)",
				lt_quote(p->s + name, nlen, q, sizeof(q)));
			goto out;
		}
		for (size_t w = 0; w < type.len;) {
			size_t e = w + strcspn(type.s + w, " ");

			if (ctest_kernel_name(type.s + w, e - w))
				p->t->model = "lkmm";
			w = e + (e < type.len);
		}
		if (ctest_type_parse(type.s, &ty) < 0) {
			psr_err(p, start, "unsupported parameter type '%s'",
				lt_quote(type.s, type.len, q, sizeof(q)));
			goto out;
		}
		if (stars < 1 || stars > 2) {
			psr_err(p, name, "parameter '%.*s' must be a pointer to a shared "
				"location ('%s *%.*s')", (int)nlen, p->s + name, type.s,
				(int)nlen, p->s + name);
			goto out;
		}
		if (stars == 2)
			ty = LT_T_PTR;
		{
			char nm[MAX_NAME + 1];

			memcpy(nm, p->s + name, nlen);
			nm[nlen] = '\0';
			l = lt_test_find_loc(p->t, nm);
			if (l < 0) {
				l = lt_test_add_loc(p->t, nm);
				if (psr_check_locs(p, name) < 0)
					goto out;
			}
		}
		if (!p->t->locs[l].type_given && !typed[l]) {
			p->t->locs[l].type = ty;
			typed[l] = true;
		} else if (lt_type_size(p->t->locs[l].type) != lt_type_size(ty) &&
			   p->t->locs[l].type != LT_T_PTR) {
			/* "int *x" of a location holding an address is herd's too */
			psr_err(p, start, "P%d's '%s' has another size than %s's type elsewhere",
				th->id, type.s, p->t->locs[l].name);
			goto out;
		}
		lt_buf_printf(&norm, "%s%s %.*s%.*s", norm.len ? ", " : "", type.s,
			      stars, "**", (int)nlen, p->s + name);
		i++;	/* ',' or the closing ')' */
	}
done:
	th->params = lt_xstrdup(norm.s ? norm.s : "");
	rc = c_params_types(p, th, open, close);
out:
	lt_buf_free(&norm);
	lt_buf_free(&type);
	return rc;
}

struct ctok {
	char k;			/* 'i' identifier, '0' number, '"' literal, else the char */
	size_t off, len;
};

static bool c_type_word(const struct lt_psr *p, const struct ctok *t)
{
	static const char *const words[] = { "volatile", "const", "_Atomic",
		"unsigned", "signed", "long", "short", "register", "void" };
	enum lt_type ty;
	char w[MAX_NAME + 1];

	if (t->k != 'i' || t->len > MAX_NAME)
		return false;
	memcpy(w, p->s + t->off, t->len);
	w[t->len] = '\0';
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
		if (!strcmp(w, words[k]))
			return true;
	return ctest_type_parse(w, &ty) == 0;
}

/*
 * herd lets a thread assign a local it never declares ("r0 = READ_ONCE(*x);"):
 * an int, and a register of the thread as a declared one is.  tk[k] is such
 * a local when it starts a statement, is assigned with '=' and is no
 * parameter.
 */
static void c_implicit(struct lt_psr *p, struct lt_thread *th, const struct ctok *tk,
		       int n, int k)
{
	char nm[MAX_NAME + 1];
	size_t len = tk[k].len;
	int r;

	if (k + 2 >= n || tk[k + 1].k != '=' || tk[k + 2].k == '=')
		return;
	if (k > 0 && !strchr(";{})", tk[k - 1].k) &&
	    !(tk[k - 1].k == 'i' && tk[k - 1].len == 4 &&
	      !memcmp(p->s + tk[k - 1].off, "else", 4)) &&
	    !(tk[k - 1].k == 'i' && tk[k - 1].len == 2 &&
	      !memcmp(p->s + tk[k - 1].off, "do", 2)))
		return;
	if (len > MAX_NAME || !ctest_name_ok(p->s + tk[k].off, len))
		return;
	memcpy(nm, p->s + tk[k].off, len);
	nm[len] = '\0';
	if (c_param_named(th, nm, len))
		return;
	if (lt_test_find_reg(p->t, th->id, nm) >= 0)
		return;
	r = lt_test_add_reg(p->t, th->id, nm);
	p->t->regs[r].type = LT_T_INT;
}

/*
 * A location or local of the thread that the body also calls, or declares
 * with as a type ("int r0 = READ_ONCE(*x)" with a location READ_ONCE, "u8
 * r0" with a local u8): in C the variable hides the function, macro or
 * type, and the generated kernel hides each macro the thread's names spell
 * (gen.c), so such a body does not compile.  0, or LT_EPARSE at the use.
 */
static int c_names_reused(struct lt_psr *p, const struct lt_thread *th, const struct ctok *tk,
			  int n)
{
	char nm[MAX_NAME + 1], q[48];

	for (int k = 0; k < n; k++) {
		const char *what;
		bool at_stmt;

		if (tk[k].k != 'i' || tk[k].len > MAX_NAME || k + 1 == n)
			continue;
		memcpy(nm, p->s + tk[k].off, tk[k].len);
		nm[tk[k].len] = '\0';
		if (c_param_named(th, nm, tk[k].len))
			what = "location";
		else if (lt_test_find_reg(p->t, th->id, nm) >= 0)
			what = "local";
		else
			continue;
		at_stmt = k == 0 || strchr(";{}", tk[k - 1].k) ||
			  (tk[k - 1].k == 'i' && ((tk[k - 1].len == 4 &&
						    !memcmp(p->s + tk[k - 1].off, "else", 4)) ||
						   (tk[k - 1].len == 2 &&
						    !memcmp(p->s + tk[k - 1].off, "do", 2))));
		if (tk[k + 1].k == '(')
			return psr_err(p, tk[k].off, "'%s' names a %s of P%d, so its body cannot "
				       "also call it", lt_quote(nm, tk[k].len, q, sizeof(q)),
				       what, th->id);
		if (at_stmt && (tk[k + 1].k == 'i' || tk[k + 1].k == '*') && c_type_word(p, &tk[k]))
			return psr_err(p, tk[k].off, "'%s' names a %s of P%d, so its body cannot "
				       "also declare with it as a type",
				       lt_quote(nm, tk[k].len, q, sizeof(q)), what, th->id);
	}
	return 0;
}

/*
 * The thread's registers: the locals its body declares at the top level
 * ("int r0;", "int r1 = READ_ONCE(*x), r2;") with a known type.  Those are
 * the variables a condition may name, and the generator stores them after
 * the body.  The body is otherwise left to the compiler.
 */
static int c_locals(struct lt_psr *p, struct lt_thread *th, size_t off, size_t end)
{
	struct ctok *tk = NULL;
	int n = 0, cap = 0, depth = 0, pdepth = 0, rc = LT_EPARSE;
	bool stmt = true;
	char q[48];

	for (size_t i = off; i < end;) {
		struct ctok t = { 0, i, 1 };

		if (is_space(p->s[i])) {
			i++;
			continue;
		}
		if (lt_is_ident_start(p->s[i]) || isdigit((unsigned char)p->s[i])) {
			t.k = isdigit((unsigned char)p->s[i]) ? '0' : 'i';
			while (i < end && (lt_is_ident(p->s[i]) || p->s[i] == '.'))
				i++;
			t.len = i - t.off;
		} else if (p->s[i] == '"' || p->s[i] == '\'') {
			t.k = '"';
			for (i++; i < end && p->s[i] != p->s[t.off] && p->s[i] != '\n'; i++)
				if (p->s[i] == '\\')
					i++;
			i++;
			t.len = i - t.off;
		} else {
			t.k = p->s[i++];
		}
		if (t.k == 'i' && t.len >= 3 && (!memcmp(p->s + t.off, "lt_", 3) ||
						 !memcmp(p->s + t.off, "LT_", 3))) {
			psr_err(p, t.off, "'%s': names starting with lt_ or LT_ are reserved "
				"for the harness", lt_quote(p->s + t.off, t.len, q, sizeof(q)));
			goto out;
		}
		if (t.k == 'i' && t.len == 6 && !memcmp(p->s + t.off, "return", 6)) {
			psr_err(p, t.off, "'return' in P%d: a C thread runs to the end of its "
				"body, where its locals are recorded", th->id);
			goto out;
		}
		if (t.k == 'i' && ctest_kernel_name(p->s + t.off, t.len))
			p->t->model = "lkmm";
		/* Doubling: a token at a time would copy the array once per token. */
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			tk = lt_xrealloc(tk, (size_t)cap * sizeof(*tk));
		}
		tk[n++] = t;
	}

	for (int k = 0; k < n; k++) {
		int j = k;

		if (tk[k].k == '(' || tk[k].k == '[')
			pdepth++;
		else if (tk[k].k == ')' || tk[k].k == ']')
			pdepth--;
		if (tk[k].k == '{' || tk[k].k == '(' || tk[k].k == '[')
			depth++;
		else if (tk[k].k == '}' || tk[k].k == ')' || tk[k].k == ']')
			depth--;
		/* implicit locals at any depth of braces: they have no scope */
		if (pdepth == 0 && tk[k].k == 'i')
			c_implicit(p, th, tk, n, k);
		if (pdepth != 0 || !stmt || !c_type_word(p, &tk[k])) {
			stmt = pdepth == 0 && (tk[k].k == ';' || tk[k].k == '{' ||
					       tk[k].k == '}');
			continue;
		}
		/* A declaration: type words, then declarators up to ';'. */
		struct lt_buf type = LT_BUF_INIT;
		enum lt_type ty;
		bool known;

		while (j < n && c_type_word(p, &tk[j])) {
			if (type.len)
				lt_buf_putc(&type, ' ');
			lt_buf_putn(&type, p->s + tk[j].off, tk[j].len);
			j++;
		}
		known = ctest_type_parse(type.s, &ty) == 0;
		/*
		 * "int u32 = 0;": the last word is the local's name when the
		 * words before it are a type and it is followed by = ; or ,.
		 */
		if (!known && j - k >= 2 && j < n && strchr("=;,", tk[j].k)) {
			lt_buf_reset(&type);
			for (int w = k; w < j - 1; w++)
				lt_buf_printf(&type, "%s%.*s", w > k ? " " : "", (int)tk[w].len,
					      p->s + tk[w].off);
			if (ctest_type_parse(type.s, &ty) == 0) {
				known = true;
				j--;
			}
		}
		lt_buf_free(&type);
		for (;;) {
			int stars = 0, d = 0;

			while (j < n && tk[j].k == '*')
				stars++, j++;
			if (j >= n || tk[j].k != 'i')
				break;
			if ((known || stars) && j + 1 < n && strchr("=;,", tk[j + 1].k)) {
				char nm[MAX_NAME + 1];
				int r;

				if (tk[j].len > MAX_NAME || !ctest_name_ok(p->s + tk[j].off, tk[j].len)) {
					psr_err(p, tk[j].off, "'%s' cannot name a local",
						lt_quote(p->s + tk[j].off, tk[j].len, q, sizeof(q)));
					goto out;
				}
				memcpy(nm, p->s + tk[j].off, tk[j].len);
				nm[tk[j].len] = '\0';
				r = lt_test_find_reg(p->t, th->id, nm);
				if (r < 0) {
					r = lt_test_add_reg(p->t, th->id, nm);
					/* herd's locals have no scope; compiled ones do */
					p->t->regs[r].scoped = depth > 0;
				} else if (depth == 0) {
					p->t->regs[r].scoped = false;
				}
				/* declared: typed here, unless the init block typed it */
				if (!p->t->regs[r].type_given)
					p->t->regs[r].type = stars || !known ? LT_T_PTR : ty;
				p->t->regs[r].type_given = true;
			}
			/* Skip the initialiser, to ',' or ';' at this level. */
			for (j++; j < n; j++) {
				if (strchr("([{", tk[j].k))
					d++;
				else if (strchr(")]}", tk[j].k))
					d--;
				else if (d == 0 && (tk[j].k == ',' || tk[j].k == ';'))
					break;
			}
			if (j >= n || tk[j].k == ';')
				break;
			j++;
		}
		k = j < n ? j : n - 1;	/* the loop's k++ steps past the ';' */
		stmt = true;
		if (j >= n)
			break;
	}
	rc = c_names_reused(p, th, tk, n);
out:
	free(tk);
	return rc;
}

struct lt_thread *ctest_thread_body(struct lt_psr *p, long id, size_t bopen,
				    const char *quotes, size_t *bclose)
{
	struct lt_test *t = p->t;
	struct lt_thread *th;
	size_t close;

	if (bopen >= p->n || p->s[bopen] != '{') {
		psr_err(p, bopen, "expected '{' to open P%ld's body", id);
		return NULL;
	}
	close = psr_match(p, bopen, '{', '}', quotes);
	if (close == p->n) {
		psr_err(p, bopen, "unterminated body of P%ld: missing '}'", id);
		return NULL;
	}
	t->threads = lt_xrealloc(t->threads, (size_t)(t->nthreads + 1) * sizeof(*t->threads));
	th = &t->threads[t->nthreads++];
	memset(th, 0, sizeof(*th));
	th->id = (int)id;
	th->body = lt_xstrndup(p->s + bopen + 1, close - bopen - 1);
	th->body_pos = psr_pos(p, bopen + 1);
	*bclose = close;
	return th;
}

/* "PN(params) { body }" */
static int c_thread(struct lt_psr *p, bool *typed)
{
	size_t e, open, close, bopen, bclose;
	struct lt_thread *th;
	long id = psr_thread_name(p, "(...) { ... }", &e);

	if (id < 0)
		return -1;
	open = psr_skip_spaces(p, e);
	if (open >= p->n || p->s[open] != '(')
		return psr_err(p, open, "expected '(' after 'P%ld'", id);
	close = psr_match(p, open, '(', ')', "\"'");
	if (close == p->n)
		return psr_err(p, open, "unbalanced '(' in P%ld's parameter list", id);
	bopen = psr_skip_spaces(p, close + 1);
	th = ctest_thread_body(p, id, bopen, "\"'", &bclose);
	if (!th || c_params(p, th, open, close, typed) < 0)
		return LT_EPARSE;
	if (c_locals(p, th, bopen + 1, bclose) < 0)
		return LT_EPARSE;
	p->off = bclose + 1;
	return 0;
}

int c_parse_threads(struct lt_psr *p)
{
	bool *typed = lt_xcalloc(MAX_LOCS + 2, sizeof(bool));
	size_t bad;
	int rc = LT_EPARSE;

	/* herd's C lexer reads C comments as well as the (* *) ones. */
	bad = ctest_blank_comments(p->s, p->off, p->n);
	if (bad != p->n) {
		psr_err(p, bad, "unterminated comment");
		goto out;
	}
	if (psr_init_block(p, c_init_item) < 0)
		goto out;
	for (;;) {
		p->off = psr_skip_spaces(p, p->off);
		if (psr_table_over(p, p->off))
			break;
		if (c_thread(p, typed) < 0)
			goto out;
	}
	if (p->t->nthreads == 0) {
		psr_err(p, p->off, "a C test needs at least one thread 'P0(...) { ... }'");
		goto out;
	}
	rc = 0;
out:
	free(typed);
	return rc;
}
