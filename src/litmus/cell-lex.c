/* SPDX-License-Identifier: MIT */
/* Lexing helpers shared by every arch's instruction parser. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "litmus/cell-lex.h"

int lt_cell_vfail(const struct lt_parse_ctx *ctx, size_t off, const char *fmt,
		  va_list ap)
{
	struct lt_pos pos = ctx->pos;
	char msg[400];

	/* A cell never spans lines, so an offset is a column offset. */
	pos.col += (int)off;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	lt_error_set(ctx->err, ctx->file, pos, "%s", msg);
	return -1;
}

int lt_cell_fail(const struct lt_parse_ctx *ctx, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lt_cell_vfail(ctx, off, fmt, ap);
	va_end(ap);
	return -1;
}

int lt_cell_mnemonic(const struct lt_parse_ctx *ctx, const char *s, size_t i,
		     size_t n, const char *more, struct lt_cell_mn *mn)
{
	char q[48];
	size_t j;

	mn->start = i = lt_skip_space(s, i, n);
	while (i < n && (isalnum((unsigned char)s[i]) ||
			 (s[i] && strchr(more, s[i]))))
		i++;
	mn->end = i;
	if (i == mn->start)
		return lt_cell_fail(ctx, mn->start, "expected an instruction, found '%s'",
				    lt_quote(s + i, n - i, q, sizeof(q)));
	lt_quote(s + mn->start, i - mn->start, mn->text, sizeof(mn->text));
	/* Too long for any table: no entry matches "". */
	mn->low[0] = '\0';
	if (i - mn->start < sizeof(mn->low)) {
		for (j = mn->start; j < i; j++)
			mn->low[j - mn->start] = (char)tolower((unsigned char)s[j]);
		mn->low[i - mn->start] = '\0';
	}
	return 0;
}

int lt_cell_mnemonic_known(const struct lt_parse_ctx *ctx, const char *s,
			   size_t n, const struct lt_cell_mn *mn, bool found)
{
	if (!found)
		return lt_cell_fail(ctx, mn->start, "unknown %s instruction '%s'",
				    ctx->test->arch->herd, mn->text);
	if (mn->end < n && !isspace((unsigned char)s[mn->end]))
		return lt_cell_fail(ctx, mn->end, "unexpected '%c' after '%s'",
				    s[mn->end], mn->text);
	return 0;
}

int lt_cell_paren(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		  size_t end, const char *mn, const char *form, size_t *lp)
{
	char q[48];

	for (*lp = start; *lp < end && s[*lp] != '('; ++*lp)
		;
	if (*lp == end)
		return lt_cell_fail(ctx, start, "'%s': expected a memory operand %s, found '%s'",
				    mn, form, lt_quote(s + start, end - start, q, sizeof(q)));
	if (s[end - 1] != ')')
		return lt_cell_fail(ctx, end - 1, "expected ')' to close the memory operand");
	return 0;
}

const void *lt_name_find(const void *table, size_t count, size_t size,
			 size_t name_off, const char *key)
{
	const char *e = table;

	for (size_t i = 0; i < count; i++, e += size) {
		const char *name;

		memcpy(&name, e + name_off, sizeof(name));
		if (strcmp(name, key) == 0)
			return e;
	}
	return NULL;
}

int lt_digits(const char *s, size_t *i, size_t end, unsigned base, uint64_t *v)
{
	for (; *i < end; ++*i) {
		char c = (char)tolower((unsigned char)s[*i]);
		uint64_t d;

		if (c >= '0' && c <= '9')
			d = (uint64_t)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (uint64_t)(c - 'a' + 10);
		else
			return LT_DIGITS_BAD;
		if (*v > (UINT64_MAX - d) / base)
			return LT_DIGITS_RANGE;
		*v = *v * base + d;
	}
	return 0;
}

int lt_cell_int(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		size_t end, unsigned flags, int64_t *out)
{
	size_t i = start;
	bool neg = false;
	uint64_t v = 0;
	unsigned base = 10;
	size_t digits;
	char q[48];

	if ((flags & LT_INT_HASH) && i < end && s[i] == '#')
		i = lt_skip_space(s, i + 1, end);
	if (i < end && (s[i] == '-' || ((flags & LT_INT_PLUS) && s[i] == '+'))) {
		neg = s[i] == '-';
		i++;
	}
	if (i + 1 < end && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	digits = i;
	switch (lt_digits(s, &i, end, base, &v)) {
	case LT_DIGITS_BAD:
		return lt_cell_fail(ctx, start, "'%s' is not a number",
				lt_quote(s + start, end - start, q, sizeof(q)));
	case LT_DIGITS_RANGE:
		return lt_cell_fail(ctx, start, "integer out of range");
	}
	if (i == digits)
		return lt_cell_fail(ctx, start, "'%s' is not a number",
				lt_quote(s + start, end - start, q, sizeof(q)));
	/* Without WRAP, a value must fit int64_t as written. */
	if (v > (uint64_t)INT64_MAX + (neg ? 1 : 0) && (neg || !(flags & LT_INT_WRAP)))
		return lt_cell_fail(ctx, start, "integer out of range");
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

int lt_cell_split(const struct lt_parse_ctx *ctx, const char *s, size_t i,
		  size_t n, const char *mn, bool nest, size_t off[][2], int max)
{
	int nops = 0, depth;
	char open;
	size_t j;

	i = lt_skip_space(s, i, n);
	while (i < n) {
		depth = 0;
		open = 0;
		for (j = i; j < n; j++) {
			if (!nest) {
				if (s[j] == ',')
					break;
			} else if (s[j] == '(' || s[j] == '[') {
				if (depth++ == 0)
					open = s[j];
			} else if (s[j] == ')' || s[j] == ']') {
				if (--depth < 0)
					return lt_cell_fail(ctx, j, "unbalanced '%c'", s[j]);
			} else if (s[j] == ',' && depth == 0) {
				break;
			}
		}
		if (depth > 0)
			return lt_cell_fail(ctx, i, "unbalanced '%c' in operand", open);
		if (nops == max)
			return lt_cell_fail(ctx, i, "'%s': too many operands", mn);
		off[nops][0] = i;
		off[nops][1] = lt_trim_end(s, i, j);
		if (off[nops][1] == i)
			return lt_cell_fail(ctx, i, "'%s': missing operand", mn);
		nops++;
		if (j == n)
			break;
		i = lt_skip_space(s, j + 1, n);
		if (i == n)
			return lt_cell_fail(ctx, j, "'%s': missing operand after ','", mn);
	}
	return nops;
}

int lt_cell_split_mem(const struct lt_parse_ctx *ctx, const char *s, size_t start,
		      size_t end, size_t part[3][2])
{
	size_t i = start, j;
	int n = 0;

	for (;;) {
		j = i;
		while (j < end && s[j] != ',')
			j++;
		if (n == 3)
			return lt_cell_fail(ctx, i, "too many parts in a memory operand");
		part[n][0] = lt_skip_space(s, i, j);
		part[n][1] = lt_trim_end(s, part[n][0], j);
		if (part[n][0] == part[n][1])
			return lt_cell_fail(ctx, part[n][0], "empty part in a memory operand");
		n++;
		if (j == end)
			return n;
		i = j + 1;
	}
}
