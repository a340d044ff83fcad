/* SPDX-License-Identifier: MIT */
/*
 * Known deviations (--known): reading the line-based list, matching a
 * test's forbidden states against it, and the list shipped with the tool
 * for qemu-user (src/run/qemu.known, compiled in as lt_known_qemu).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/ir.h"
#include "run/known.h"
#include "util/buf.h"
#include "util/fs.h"

/* src/run/qemu.known, as make writes it into src/lt-known-qemu.c. */
extern const char lt_known_qemu[];

static void entry_free(struct lt_known_entry *e)
{
	for (int k = 0; k < e->nvars; k++) {
		free(e->vars[k].name);
		free(e->vars[k].value);
	}
	free(e->vars);
	free(e->test);
	free(e->arch);
	free(e->pattern);
	free(e->state);
	free(e->reason);
	free(e->where);
}

void known_free(struct lt_known *k)
{
	for (int j = 0; j < k->n; j++)
		entry_free(&k->v[j]);
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

/* The word at *p (up to white space), advancing *p past it. */
static char *word(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	while (s[n] && !isspace((unsigned char)s[n]))
		n++;
	*p = s + n;
	return lt_xstrndup(s, n);
}

static const char *skip_space(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* A location is written "x" or, as herd does, "[x]": keep "x". */
static char *var_name(const char *s, size_t n)
{
	if (n > 2 && s[0] == '[' && s[n - 1] == ']')
		return lt_xstrndup(s + 1, n - 2);
	return lt_xstrndup(s, n);
}

/*
 * STATE: "*", or items "NAME=VALUE" each ended by ';' or white space, as
 * the reports print a state ("0:X2=0; 1:X0=0;").  The state ends before
 * the first word without '='.  -1 with msg, and at pointing at the fault.
 */
static int parse_state(struct lt_known_entry *e, const char **p,
		       const char **msg, const char **at)
{
	const char *s = *p, *start = s;

	if (*s == '*' && (!s[1] || isspace((unsigned char)s[1]))) {
		e->state = lt_xstrdup("*");
		*p = s + 1;
		return 0;
	}
	for (;;) {
		const char *w = s, *eq, *end;

		end = w;
		while (*end && !isspace((unsigned char)*end) && *end != ';')
			end++;
		eq = memchr(w, '=', (size_t)(end - w));
		if (!eq) {
			if (w == start) {
				*msg = "expected a state (NAME=VALUE; ...) or *";
				*at = w;
				return -1;
			}
			break;
		}
		if (eq == w || eq + 1 == end) {
			*msg = eq == w ? "a state item needs a name before '='" :
			       "a state item needs a value after '='";
			*at = w;
			return -1;
		}
		for (int k = 0; k < e->nvars; k++)
			if (strlen(e->vars[k].name) == (size_t)(eq - w) &&
			    !strncmp(e->vars[k].name, w, (size_t)(eq - w))) {
				*msg = "this name is given twice in the state";
				*at = w;
				return -1;
			}
		e->vars = lt_xrealloc(e->vars, (size_t)(e->nvars + 1) * sizeof(*e->vars));
		e->vars[e->nvars].name = var_name(w, (size_t)(eq - w));
		e->vars[e->nvars].value = lt_xstrndup(eq + 1, (size_t)(end - eq - 1));
		e->nvars++;
		s = end;
		if (*s == ';')
			s++;
		s = skip_space(s);
		if (!*s)
			break;
	}
	/* The state as written, without the space after it. */
	{
		const char *z = s;

		while (z > start && isspace((unsigned char)z[-1]))
			z--;
		e->state = lt_xstrndup(start, (size_t)(z - start));
	}
	*p = s;
	return 0;
}

/* One non-blank, non-comment line; -1 with msg and at (a place in line). */
static int parse_line(struct lt_known_entry *e, const char *line,
		      const char **msg, const char **at)
{
	const char *p = skip_space(line), *colon, *w;
	char *scope;

	/* TEST: ARCH:PATTERN. */
	w = p;
	e->test = word(&p);
	colon = strchr(e->test, ':');
	if (!colon || colon == e->test || !colon[1]) {
		*msg = "expected a test as ARCH:PATTERN (ARCH may be *; PATTERN a "
		       "glob on the test's file or name)";
		*at = w;
		return -1;
	}
	e->arch = lt_xstrndup(e->test, (size_t)(colon - e->test));
	e->pattern = lt_xstrdup(colon + 1);
	{
		size_t n = strlen(e->pattern);

		e->by_path = strchr(e->pattern, '/') ||
			     (n >= 7 && !strcmp(e->pattern + n - 7, ".litmus"));
	}
	p = skip_space(p);
	if (!*p) {
		*msg = "expected a state (NAME=VALUE; ...) or * after the test";
		*at = p;
		return -1;
	}
	if (parse_state(e, &p, msg, at) < 0)
		return -1;
	p = skip_space(p);
	w = p;
	scope = word(&p);
	if (!strcmp(scope, "emulated-only")) {
		e->scope = LT_KNOWN_EMULATED;
	} else if (!strcmp(scope, "always")) {
		e->scope = LT_KNOWN_ALWAYS;
	} else {
		free(scope);
		*msg = *w ? "expected emulated-only or always" :
		       "expected emulated-only or always after the state";
		*at = w;
		return -1;
	}
	free(scope);
	p = skip_space(p);
	if (!*p) {
		*msg = "expected a reason after the scope";
		*at = p;
		return -1;
	}
	{
		size_t n = strlen(p);

		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		e->reason = lt_xstrndup(p, n);
	}
	return 0;
}

int known_parse(struct lt_known *k, const char *name, const char *text,
		bool builtin, char *why, size_t len)
{
	int lineno = 0;

	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = lt_xstrndup(text, n);
		const char *p = skip_space(line), *msg = NULL, *at = NULL;
		struct lt_known_entry e;
		struct lt_buf where = LT_BUF_INIT;

		text += n + (text[n] == '\n');
		lineno++;
		if (!*p || *p == '#') {
			free(line);
			continue;
		}
		memset(&e, 0, sizeof(e));
		if (parse_line(&e, line, &msg, &at) < 0) {
			snprintf(why, len, "%s:%d:%d: %s", name, lineno,
				 (int)(at - line) + 1, msg);
			entry_free(&e);
			free(line);
			return -1;
		}
		lt_buf_printf(&where, "%s:%d", name, lineno);
		e.where = lt_buf_steal(&where);
		e.builtin = builtin;
		k->v = lt_xrealloc(k->v, (size_t)(k->n + 1) * sizeof(*k->v));
		k->v[k->n++] = e;
		free(line);
	}
	return 0;
}

int known_load(struct lt_known *k, const char *path, char *why, size_t len)
{
	struct lt_buf b = LT_BUF_INIT;
	char chunk[4096];
	FILE *f = fopen(path, "r");
	size_t n;
	int rc = -1;

	if (!f) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_buf_putn(&b, chunk, n);
	if (ferror(f)) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
	} else if (b.len && strlen(b.s) != b.len) {
		/* Where the first NUL is, as a position. */
		int line = 1, col = 1;

		for (size_t j = 0; b.s[j]; j++) {
			if (b.s[j] == '\n')
				line++, col = 1;
			else
				col++;
		}
		snprintf(why, len, "%s:%d:%d: a NUL byte in the file", path, line, col);
	} else {
		rc = known_parse(k, path, b.s ? b.s : "", false, why, len);
	}
	fclose(f);
	lt_buf_free(&b);
	return rc;
}

void known_add_builtin(struct lt_known *k)
{
	char why[512];

	/* The shipped list is checked by make check; it cannot be wrong here. */
	if (known_parse(k, "qemu.known", lt_known_qemu, true, why, sizeof(why)) < 0) {
		fprintf(stderr, "litmus-run: the built-in list: %s\n", why);
		abort();
	}
}

/* Two values are the same: as integers when both are, else as text. */
static bool same_value(const char *a, const char *b)
{
	char *ea, *eb;
	long long x, y;

	errno = 0;
	x = strtoll(a, &ea, 0);
	y = strtoll(b, &eb, 0);
	if (!errno && *a && *b && !*ea && !*eb)
		return x == y;
	return !strcmp(a, b);
}

static bool test_matches(const struct lt_known_entry *k, const struct lt_entry *e)
{
	const char *name = e->test ? e->test->name : NULL;

	if (k->scope == LT_KNOWN_EMULATED && !e->emulated)
		return false;
	if (!e->arch || fnmatch(k->arch, e->arch, 0))
		return false;
	if (k->by_path)
		return e->file && !fnmatch(k->pattern, e->file, 0);
	return name && !fnmatch(k->pattern, name, 0);
}

/* Whether outcome o of e's test has every value k's state gives. */
static bool state_matches(const struct lt_known_entry *k, const struct lt_test *t,
			  const struct lt_outcome *o)
{
	for (int j = 0; j < k->nvars; j++) {
		bool found = false;

		for (int v = 0; v < t->nobserved && !found; v++) {
			char name[160], val[160];
			size_t n;

			lt_var_name(t, t->observed[v], name, sizeof(name));
			n = strlen(name);
			/* Memory as the reports write it: "x", not "[x]". */
			if (n > 2 && name[0] == '[' && name[n - 1] == ']') {
				memmove(name, name + 1, n - 2);
				name[n - 2] = '\0';
			}
			if (strcmp(name, k->vars[j].name))
				continue;
			found = true;
			lt_var_value_str(t, t->observed[v], &o->vals[v], val, sizeof(val));
			if (!same_value(val, k->vars[j].value))
				return false;
		}
		/* A name the test does not observe: the line is for another test. */
		if (!found)
			return false;
	}
	return true;
}

void known_apply(const struct lt_known *k, struct lt_entry *e)
{
	struct lt_result *r = &e->result;
	const struct lt_test *t = e->test;

	r->known_observed = 0;
	for (int j = 0; j < r->nouts; j++) {
		r->outs[j].known = NULL;
		r->outs[j].known_where = NULL;
	}
	if (!k || !t)
		return;
	for (int i = 0; i < k->n; i++) {
		const struct lt_known_entry *ke = &k->v[i];

		if (!test_matches(ke, e))
			continue;
		for (int j = 0; j < r->nouts; j++) {
			struct lt_outcome *o = &r->outs[j];

			if (o->allowed != LT_NO || o->known || !o->count ||
			    !state_matches(ke, t, o))
				continue;
			o->known = ke->reason;
			o->known_where = ke->where;
			r->known_observed += o->count;
			r->forbidden_observed -= o->count < r->forbidden_observed ?
						 o->count : r->forbidden_observed;
			/* Never hidden: said as a forbidden outcome is, but as known. */
			fprintf(stderr, "litmus-run: known deviation in %s (%s):", t->name,
				e->file);
			for (int v = 0; v < t->nobserved; v++) {
				char name[160], val[160];

				lt_var_name(t, t->observed[v], name, sizeof(name));
				lt_var_value_str(t, t->observed[v], &o->vals[v], val, sizeof(val));
				fprintf(stderr, " %s=%s;", name, val);
			}
			fprintf(stderr, " seen %" PRIu64 " times; expected: %s (%s%s)\n",
				o->count, ke->reason, ke->where,
				ke->builtin ? ", the built-in qemu list" : "");
		}
	}
}

json_t *known_json(const struct lt_known *k)
{
	json_t *a = json_array();

	for (int i = 0; k && i < k->n; i++) {
		const struct lt_known_entry *e = &k->v[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"test", e->test, "state", e->state,
			"scope", e->scope == LT_KNOWN_ALWAYS ? "always" : "emulated-only",
			"reason", e->reason, "source", e->where));
	}
	return a;
}
