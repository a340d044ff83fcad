/* SPDX-License-Identifier: MIT */
/* A growable NUL-terminated string buffer. */
#ifndef LT_BUF_H
#define LT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct lt_buf {
	char *s;
	size_t len;
	size_t cap;
};

#define LT_BUF_INIT { NULL, 0, 0 }

void lt_buf_puts(struct lt_buf *b, const char *s);
void lt_buf_putn(struct lt_buf *b, const char *s, size_t n);
void lt_buf_putc(struct lt_buf *b, char c);
void lt_buf_printf(struct lt_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void lt_buf_vprintf(struct lt_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0), nonnull(1, 2)));
/*
 * snprintf into dst[size] that says whether the whole string fit.  Where a
 * cut string would be wrong (a path names another file, a command loses an
 * argument, a key collides), the caller fails with a clear error on false;
 * dst then holds the truncated text.
 */
bool lt_snprintf_ok(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), warn_unused_result));
/* snprintf for a message, where a cut is harmless: it stays readable and
 * nothing is looked up by it. */
void lt_snprintf_cut(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Detach the string (caller frees); the buffer is reset. */
char *lt_buf_steal(struct lt_buf *b);
void lt_buf_reset(struct lt_buf *b);
void lt_buf_free(struct lt_buf *b);

/* Allocation that cannot fail (aborts via lt_die on OOM). */
void *lt_xmalloc(size_t n);
void *lt_xcalloc(size_t n, size_t m);
void *lt_xrealloc(void *p, size_t n);
char *lt_xstrdup(const char *s);
char *lt_xstrndup(const char *s, size_t n);

/* Impossible states only: prints file:function:line and aborts. */
#define lt_die(msg) lt_die_at(__FILE__, __func__, __LINE__, (msg))
void lt_die_at(const char *file, const char *func, int line, const char *msg)
	__attribute__((noreturn));

#endif /* LT_BUF_H */
