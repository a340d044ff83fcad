/* SPDX-License-Identifier: MIT */
/*
 * C litmus tests: the "C" language's table of hooks, the C types a location
 * may have, and the small lexical scans (names, comments, parameters) that
 * its parser, lowering and generator share.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "util/buf.h"
#include "util/macros.h"

static const char *const c_keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if",
	"inline", "int", "long", "register", "restrict", "return", "short",
	"signed", "sizeof", "static", "struct", "switch", "typedef", "union",
	"unsigned", "void", "volatile", "while", "_Alignas", "_Alignof",
	"_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn",
	"_Static_assert", "_Thread_local", "asm", "__asm__", "typeof",
	"__typeof__",
};

bool ctest_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	/* The generated kernel's own names live under lt_ and LT_. */
	if (n >= 3 && (!strncmp(s, "lt_", 3) || !strncmp(s, "LT_", 3)))
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(c_keywords); k++)
		if (strlen(c_keywords[k]) == n && !memcmp(c_keywords[k], s, n))
			return false;
	/*
	 * memory_order and its constants: a variable of that name would hide
	 * the order that the same body passes to the atomics (herd's C lexer
	 * takes them as keywords too).
	 */
	return !(n >= 12 && !memcmp(s, "memory_order", 12) && (n == 12 || s[12] == '_'));
}

/*
 * C spellings of location types.  The atomic and kernel types are the same
 * size as their plain counterparts on every arch we target (checked by the
 * _Static_asserts of lt-c11.h), so a cell holds either.
 */
static const struct {
	const char *name;
	enum lt_type t;
} c_types[] = {
	{ "atomic_int", LT_T_INT }, { "atomic_uint", LT_T_UINT32 },
	{ "atomic_long", LT_T_INT64 }, { "atomic_ulong", LT_T_UINT64 },
	{ "atomic_llong", LT_T_INT64 }, { "atomic_ullong", LT_T_UINT64 },
	{ "atomic_short", LT_T_INT16 }, { "atomic_ushort", LT_T_UINT16 },
	{ "atomic_char", LT_T_INT8 }, { "atomic_schar", LT_T_INT8 },
	{ "atomic_uchar", LT_T_UINT8 }, { "atomic_bool", LT_T_UINT8 },
	{ "atomic_intptr_t", LT_T_INT64 }, { "atomic_uintptr_t", LT_T_UINT64 },
	{ "atomic_size_t", LT_T_UINT64 },
	{ "unsigned", LT_T_UINT32 }, { "signed", LT_T_INT },
	{ "unsigned int", LT_T_UINT32 }, { "signed int", LT_T_INT },
	{ "long int", LT_T_INT64 }, { "long long int", LT_T_INT64 },
	{ "_Bool", LT_T_UINT8 }, { "bool", LT_T_UINT8 },
	/* Linux kernel types, as lt-c11.h defines them. */
	{ "atomic_t", LT_T_INT }, { "spinlock_t", LT_T_INT },
	{ "atomic_long_t", LT_T_INT64 }, { "atomic64_t", LT_T_INT64 },
	/* herd's srcu_struct is one cell: srcu_read_lock reads it */
	{ "struct srcu_struct", LT_T_INT },
	{ "intptr_t", LT_T_INT64 }, { "uintptr_t", LT_T_UINT64 },
	{ "u8", LT_T_UINT8 }, { "u16", LT_T_UINT16 }, { "u32", LT_T_UINT32 },
	{ "u64", LT_T_UINT64 }, { "s8", LT_T_INT8 }, { "s16", LT_T_INT16 },
	{ "s32", LT_T_INT32 }, { "s64", LT_T_INT64 },
};

int ctest_type_parse(const char *s, enum lt_type *out)
{
	struct lt_buf b = LT_BUF_INIT;
	int rc = -1;

	/* Drop the qualifiers: they do not change a location's size. */
	while (*s) {
		size_t n = strcspn(s, " ");

		if (!(n == 8 && !memcmp(s, "volatile", 8)) &&
		    !(n == 5 && !memcmp(s, "const", 5)) &&
		    !(n == 7 && !memcmp(s, "_Atomic", 7))) {
			if (b.len)
				lt_buf_putc(&b, ' ');
			lt_buf_putn(&b, s, n);
		}
		s += n;
		while (*s == ' ')
			s++;
	}
	if (!b.len)
		goto out;
	for (size_t k = 0; k < ARRAY_SIZE(c_types); k++) {
		if (!strcmp(b.s, c_types[k].name)) {
			*out = c_types[k].t;
			rc = 0;
			goto out;
		}
	}
	rc = lt_type_parse(b.s, out);
out:
	lt_buf_free(&b);
	return rc;
}

/*
 * C11's <stdatomic.h> names that start with atomic_ (the kernel's atomic_*
 * operations are every other such name).  atomic_fetch_add and its kin are
 * in both: they decide nothing.
 */
static const char *const c11_atomics[] = {
	"atomic_load", "atomic_store", "atomic_exchange",
	"atomic_compare_exchange_strong", "atomic_compare_exchange_weak",
	"atomic_fetch_add", "atomic_fetch_sub", "atomic_fetch_and",
	"atomic_fetch_or", "atomic_fetch_xor", "atomic_thread_fence",
	"atomic_signal_fence", "atomic_init", "atomic_is_lock_free",
	"atomic_flag_test_and_set", "atomic_flag_clear",
};

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && !memcmp(s, w, n);
}

static bool prefixed(const char *s, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n > k && !memcmp(s, pfx, k);
}

bool ctest_kernel_name(const char *s, size_t n)
{
	static const char *const words[] = {
		"READ_ONCE", "WRITE_ONCE", "barrier", "xchg", "cmpxchg",
		"atomic_t", "atomic_long_t", "atomic64_t", "spinlock_t",
		"srcu_struct",
	};
	static const char *const prefixes[] = {
		"smp_", "spin_", "rcu_", "srcu_", "synchronize_", "xchg_",
		"cmpxchg_",
	};

	for (size_t k = 0; k < ARRAY_SIZE(words); k++)
		if (word_is(s, n, words[k]))
			return true;
	for (size_t k = 0; k < ARRAY_SIZE(prefixes); k++)
		if (prefixed(s, n, prefixes[k]))
			return true;
	if (!prefixed(s, n, "atomic_"))
		return false;
	for (size_t k = 0; k < ARRAY_SIZE(c11_atomics); k++) {
		size_t w = strlen(c11_atomics[k]);

		if (n >= w && !memcmp(s, c11_atomics[k], w) &&
		    (n == w || word_is(s + w, n - w, "_explicit")))
			return false;
	}
	/* atomic_int and the other C11 type names (the kernel's are above) */
	for (size_t k = 0; k < ARRAY_SIZE(c_types); k++)
		if (word_is(s, n, c_types[k].name))
			return false;
	return true;
}

/* The end of the string or character literal opening at s[i]. */
static size_t skip_literal(const char *s, size_t i, size_t n)
{
	char q = s[i++];

	while (i < n && s[i] != q && s[i] != '\n') {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n ? i + 1 : n;
}

size_t ctest_blank_comments(char *s, size_t off, size_t n)
{
	size_t i = off;

	while (i < n) {
		if (s[i] == '"' || s[i] == '\'') {
			i = skip_literal(s, i, n);
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
			for (; i < n && s[i] != '\n'; i++)
				s[i] = ' ';
		} else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
			size_t start = i;

			s[i] = s[i + 1] = ' ';
			for (i += 2; i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'); i++)
				if (s[i] != '\n')
					s[i] = ' ';
			if (i + 1 >= n)
				return start;
			s[i] = s[i + 1] = ' ';
			i += 2;
		} else {
			i++;
		}
	}
	return n;
}

int ctest_params_split(const char *params, struct lt_cparam **out)
{
	int n = 0;

	*out = NULL;
	while (*params) {
		size_t len = strcspn(params, ","), name, stars;
		struct lt_cparam *p;

		while (*params == ' ')
			params++, len--;
		/* "type words *..* name": the name is the last word. */
		for (name = len; name > 0 && params[name - 1] != ' ' &&
		     params[name - 1] != '*'; name--)
			;
		for (stars = name; stars > 0 && (params[stars - 1] == '*' ||
						   params[stars - 1] == ' '); stars--)
			;
		*out = lt_xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
		p = &(*out)[n++];
		p->name = lt_xstrndup(params + name, len - name);
		p->type = lt_xstrndup(params, stars);
		p->stars = 0;
		for (size_t k = stars; k < name; k++)
			p->stars += params[k] == '*';
		params += len;
		if (*params == ',')
			params++;
	}
	return n;
}

void ctest_params_free(struct lt_cparam *p, int n)
{
	for (int k = 0; k < n; k++) {
		free(p[k].type);
		free(p[k].name);
	}
	free(p);
}

struct lt_pos ctest_pos_at(struct lt_pos start, const char *s, size_t n, size_t off)
{
	for (size_t i = 0; i < off && i < n; i++) {
		if (s[i] == '\n') {
			start.line++;
			start.col = 1;
		} else {
			start.col++;
		}
	}
	return start;
}

int ctest_reg_canon(bool (*name_ok)(const char *s, size_t n), const char *name,
		    char *out, size_t len, unsigned *width)
{
	size_t n = strlen(name);

	if (!name_ok(name, n) || n >= len)
		return -1;
	memcpy(out, name, n + 1);
	*width = 0;
	return 0;
}

/* A C test names its observed locals as herd does: plain identifiers. */
static int c_reg_canon(const char *name, char *out, size_t len, unsigned *width)
{
	return ctest_reg_canon(ctest_name_ok, name, out, len, width);
}

/*
 * No instruction hooks: a C test has no instruction table.  Its threads
 * are C functions, parsed, lowered for the model (judged under RC11 less
 * no-thin-air by default) and written into the kernel as a whole.
 */
const struct lt_arch_ops lt_arch_c = {
	.name = "C",
	.model = "c11",
	.herd = "C",
	.aliases = "",
	.reg_canon = c_reg_canon,
	.language = "C",
	.code_end = c_code_end,
	.parse_threads = c_parse_threads,
	.reg_home = "a local variable declared at the top of",
	.lower_thread = c_lower_thread,
	.kernel_include = "lt-c11.h",
	.emit_thread = c_emit_thread,
	.fences_lang = &c_fx_lang,
};
