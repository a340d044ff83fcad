/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the unit tests (check framework): the source tree,
 * parsing a test that must parse, one that must fail at a given place, and
 * the names and emitted text of what was parsed.
 */
#ifndef LT_CHECK_UTIL_H
#define LT_CHECK_UTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "util/buf.h"

/* The source tree: $LT_SRCDIR (make check), else the configured one. */
static inline const char *srcdir(void)
{
	const char *s = getenv("LT_SRCDIR");

#ifdef LT_SRCDIR
	if (!s)
		s = LT_SRCDIR;
#endif
	return s;
}

static inline struct lt_test *parse_ok(const char *src)
{
	struct lt_test *t = NULL;
	struct lt_error err = { .msg = "" };
	int rc = litmus_parse_string(src, strlen(src), "t.litmus", &t, &err);

	ck_assert_msg(rc == 0, "parse failed: %d:%d: %s", err.pos.line,
		      err.pos.col, err.msg);
	ck_assert_ptr_nonnull(t);
	return t;
}

static inline void bad_n(const char *src, size_t len, int line, int col,
		  const char *sub)
{
	struct lt_test *t = (struct lt_test *)1;
	struct lt_error err = { .msg = "" };
	int rc = litmus_parse_string(src, len, "bad.litmus", &t, &err);

	ck_assert_msg(rc == LT_EPARSE, "expected LT_EPARSE for [%s], got %d", src, rc);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err.file, "bad.litmus");
	ck_assert_msg(strstr(err.msg, sub), "message '%s' lacks '%s'", err.msg, sub);
	ck_assert_msg(err.pos.line == line && err.pos.col == col,
		      "'%s' at %d:%d, expected %d:%d", err.msg, err.pos.line,
		      err.pos.col, line, col);
}

static inline void bad(const char *src, int line, int col, const char *sub)
{
	bad_n(src, strlen(src), line, col, sub);
}

static inline char *var(const struct lt_test *t, struct lt_var v)
{
	static char buf[4][80];
	static int k;

	k = (k + 1) % 4;
	lt_var_name(t, v, buf[k], sizeof(buf[k]));
	return buf[k];
}

static inline char *emit(const struct lt_test *t, int th, int i)
{
	static char out[256];
	struct lt_buf b = LT_BUF_INIT;
	struct lt_error err;
	const struct lt_insn *in = &t->threads[th].insns[i];

	ck_assert_int_ge(in->op, 0);
	ck_assert_int_eq(t->arch->emit_insn(t, th, in, &b, &err), 0);
	snprintf(out, sizeof(out), "%s", b.s);
	lt_buf_free(&b);
	return out;
}

#endif /* LT_CHECK_UTIL_H */
