/* SPDX-License-Identifier: MIT */
/* Growable string buffer and allocation helpers. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void lt_die_at(const char *file, const char *func, int line, const char *msg)
{
	fprintf(stderr, "litmus-run: internal error at %s:%s:%d: %s\n",
		file, func, line, msg);
	abort();
}

void *lt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		lt_die("out of memory");
	return p;
}

void *lt_xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);

	if (!p)
		lt_die("out of memory");
	return p;
}

void *lt_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		lt_die("out of memory");
	return p;
}

char *lt_xstrdup(const char *s)
{
	return lt_xstrndup(s, strlen(s));
}

char *lt_xstrndup(const char *s, size_t n)
{
	char *p = lt_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void buf_reserve(struct lt_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = lt_xrealloc(b->s, b->cap);
}

void lt_buf_putn(struct lt_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void lt_buf_puts(struct lt_buf *b, const char *s)
{
	lt_buf_putn(b, s, strlen(s));
}

void lt_buf_putc(struct lt_buf *b, char c)
{
	lt_buf_putn(b, &c, 1);
}

void lt_buf_vprintf(struct lt_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		lt_die("bad format");
	buf_reserve(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

bool lt_snprintf_ok(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < size;
}

void lt_snprintf_cut(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

void lt_buf_printf(struct lt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lt_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *lt_buf_steal(struct lt_buf *b)
{
	char *s = b->s ? b->s : lt_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void lt_buf_reset(struct lt_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void lt_buf_free(struct lt_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
