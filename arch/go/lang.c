/* SPDX-License-Identifier: MIT */
/*
 * Go litmus tests: the "Go" language's table of hooks, the Go types a
 * shared variable may have, and the lexer its parser, lowering and
 * generator share.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../c/lang.h"
#include "litmus/cell-lex.h"
#include "lang.h"
#include "util/macros.h"

static const char *const go_keywords[] = {
	"break", "case", "chan", "const", "continue", "default", "defer",
	"else", "fallthrough", "for", "func", "go", "goto", "if", "import",
	"interface", "map", "package", "range", "return", "select", "struct",
	"switch", "type", "var",
	/* predeclared names a test cannot rebind without confusing readers */
	"true", "false", "nil", "make", "len", "cap", "atomic", "sync",
	"runtime", "unsafe", "int", "int32", "int64", "uint32", "uint64", "bool",
	"C",	/* cgo's package in the generated program */
};

bool go_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	/* The generated program's own names start with lt or Lt. */
	if (n >= 2 && (!strncmp(s, "lt", 2) || !strncmp(s, "Lt", 2)))
		return false;
	if (n == 1 && s[0] == '_')
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(go_keywords); k++)
		if (strlen(go_keywords[k]) == n && !memcmp(go_keywords[k], s, n))
			return false;
	return true;
}

/*
 * Go's int is 64 bits on every arch the runner targets.  A mutex, a wait
 * group and a channel are a 64-bit cell for the model: a lock bit, a
 * counter, the number of items buffered.
 */
static const struct go_type go_types[] = {
	{ "int", GO_PLAIN, LT_T_INT64, "int" },
	{ "int32", GO_PLAIN, LT_T_INT32, "int32" },
	{ "int64", GO_PLAIN, LT_T_INT64, "int64" },
	{ "uint32", GO_PLAIN, LT_T_UINT32, "uint32" },
	{ "uint64", GO_PLAIN, LT_T_UINT64, "uint64" },
	{ "atomic.Int32", GO_ATOMIC, LT_T_INT32, "int32" },
	{ "atomic.Int64", GO_ATOMIC, LT_T_INT64, "int64" },
	{ "atomic.Uint32", GO_ATOMIC, LT_T_UINT32, "uint32" },
	{ "atomic.Uint64", GO_ATOMIC, LT_T_UINT64, "uint64" },
	{ "sync.Mutex", GO_MUTEX, LT_T_INT64, NULL },
	{ "sync.WaitGroup", GO_WAITGROUP, LT_T_INT64, NULL },
	{ "chan", GO_CHAN, LT_T_INT64, "int" },
};

const struct go_type *go_type_find(const char *s, size_t n)
{
	for (size_t k = 0; k < ARRAY_SIZE(go_types); k++)
		if (strlen(go_types[k].name) == n && !memcmp(go_types[k].name, s, n))
			return &go_types[k];
	return NULL;
}

int go_vars_split(const struct lt_test *t, const char *params, struct go_var **out)
{
	int n = 0;

	*out = NULL;
	while (params && *params && *params != ';') {
		size_t len = strcspn(params, ",;"), nm, ty;
		struct go_var *v;

		while (*params == ' ')
			params++, len--;
		nm = strcspn(params, " ");
		ty = nm + 1;
		*out = lt_xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
		v = &(*out)[n++];
		memset(v, 0, sizeof(*v));
		snprintf(v->name, sizeof(v->name), "%.*s", (int)nm, params);
		v->type = go_type_find(params + ty, strcspn(params + ty, " ,;"));
		/* a channel's capacity, a wait group's initial count */
		if (v->type && (v->type->kind == GO_CHAN || v->type->kind == GO_WAITGROUP))
			v->cap = atoi(params + ty + strlen(v->type->name) + 1);
		v->loc = lt_test_find_loc(t, v->name);
		params += len;
		if (*params == ',')
			params++;
	}
	return n;
}

const char *go_local_type(const char *params, const char *name, char *buf, size_t len)
{
	const char *p = params ? strchr(params, ';') : NULL;
	size_t n = strlen(name);

	while (p && *p) {
		size_t a, b;

		p++;
		p += strspn(p, " ");
		a = strcspn(p, " ");
		b = strcspn(p + a + 1, " ");
		if (a == n && !memcmp(p, name, n)) {
			snprintf(buf, len, "%.*s", (int)b, p + a + 1);
			return buf;
		}
		p += a + 1 + b;
		if (*p != ' ')
			break;
	}
	return NULL;
}

static bool ends_statement(int k)
{
	return k == 'i' || k == '0' || k == ')' || k == '}' || k == ']' ||
	       k == GK2('+', '+') || k == GK2('-', '-');
}

int go_lex(const char *s, size_t n, struct gtok **out, size_t *bad)
{
	static const char two[][3] = {
		":=", "<-", "++", "--", "+=", "-=", "==", "!=", "<=", ">=",
		"&&", "||", "<<",
	};
	struct gtok *tk = NULL;
	int ntk = 0, cap = 0;
	size_t i = 0;

	while (i < n) {
		struct gtok t = { .off = i, .len = 1 };

		if (s[i] == '\n' && ntk && ends_statement(tk[ntk - 1].k)) {
			t.k = ';';
		} else if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		} else if (lt_is_ident_start(s[i])) {
			while (i + t.len < n && lt_is_ident(s[i + t.len]))
				t.len++;
			t.k = 'i';
		} else if (isdigit((unsigned char)s[i])) {
			char *end;
			unsigned long long v = strtoull(s + i, &end, 0);

			t.len = (size_t)(end - (s + i));
			if (t.len == 0 || lt_is_ident(s[i + t.len]) || v > INT64_MAX) {
				*bad = i;
				free(tk);
				return -1;
			}
			t.k = '0';
			t.num = (int64_t)v;
		} else if (strchr("{}()[];,.:=<>!+-&|^*", s[i])) {
			t.k = (unsigned char)s[i];
			for (size_t w = 0; w < ARRAY_SIZE(two); w++)
				if (i + 1 < n && s[i] == two[w][0] && s[i + 1] == two[w][1]) {
					t.k = GK2(s[i], s[i + 1]);
					t.len = 2;
				}
		} else {
			*bad = i;
			free(tk);
			return -1;
		}
		if (ntk == cap) {
			cap = cap ? 2 * cap : 64;
			tk = lt_xrealloc(tk, (size_t)cap * sizeof(*tk));
		}
		tk[ntk++] = t;
		i += t.len;
	}
	*out = tk;
	return ntk;
}

/* A Go test names its observed locals as a C test does: identifiers. */
static int go_reg_canon(const char *name, char *out, size_t len, unsigned *width)
{
	return ctest_reg_canon(go_name_ok, name, out, len, width);
}

/*
 * Go is a language, not a target: its tests compile, with the Go
 * toolchain, for whatever --arch the run is for, and are judged by the Go
 * memory model (src/model/go.c) by default.
 */
const struct lt_arch_ops lt_arch_go = {
	.name = "Go",
	.model = "go",
	.herd = "Go",
	.aliases = "",
	.reg_canon = go_reg_canon,
	.language = "Go",
	/* Go's comments and strings are C's: the C scan steps over a thread. */
	.code_end = c_code_end,
	.parse_threads = go_parse_threads,
	.reg_home = "a local variable of",
	.lower_thread = go_lower_thread,
	.emit_thread = go_emit_thread,
	.build_driver = "arch/go/lt-gocc",
	.fences_lang = &go_fx_lang,
	.build_driver_env = "LITMUS_RUN_GO LITMUS_RUN_GO_COMPILER",
	.no_auto_sync = true,
};
