/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the unit tests (check framework): the source tree,
 * parsing a test that must parse, one that must fail at a given place, the
 * names and emitted text of what was parsed, a folder of tests walked, and
 * a suite run as a test program's main().  The tables of cases an arch's
 * tests are mostly made of (emitted templates, refusals, register names
 * and constraints, its registry row) each have one loop here.
 */
#ifndef LT_CHECK_UTIL_H
#define LT_CHECK_UTIL_H

#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "util/buf.h"
#include "util/macros.h"

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

/*
 * The allowed states of src under model (NULL: its arch's), as herd
 * prints them, one per line (the lines after "States N", up to Ok/No);
 * *v: the verdict, when v is set.
 */
static inline char *model_states(const char *src, const char *model, enum lt_verdict *v)
{
	struct lt_test *t = parse_ok(src);
	struct lt_model_result m;
	struct lt_error err;
	struct lt_buf b = LT_BUF_INIT;
	char *out, *p, *end;

	ck_assert_msg(model_allowed_states(t, model, &m, &err) == 0, "model: %s", err.msg);
	model_format_herd(t, &m, &b);
	if (v)
		*v = m.verdict;
	p = strchr(strstr(b.s, "States "), '\n') + 1;
	end = strstr(p, m.ok ? "Ok\n" : "No\n");
	out = strndup(p, (size_t)(end - p));
	lt_buf_free(&b);
	model_result_free(&m);
	lt_test_free(t);
	return out;
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

/* The first instruction of the test text src (insn, as written) emits tmpl. */
static inline void emits_as(const char *src, const char *insn, const char *tmpl)
{
	struct lt_test *t = parse_ok(src);

	ck_assert_msg(strcmp(emit(t, 0, 0), tmpl) == 0, "'%s' emitted as '%s', expected '%s'",
		      insn, emit(t, 0, 0), tmpl);
	lt_test_free(t);
}

/*
 * a's reg_canon takes the register name in as out, of width bits (0: not
 * checked), or, with out NULL, refuses it.
 */
static inline void canon_is(const struct lt_arch_ops *a, const char *in, const char *out,
			    unsigned width)
{
	char got[16];
	unsigned w = 0;
	int rc = a->reg_canon(in, got, sizeof(got), &w);

	ck_assert_msg(rc == (out ? 0 : -1), "%s: reg_canon(%s) returned %d", a->name, in, rc);
	if (!out)
		return;
	ck_assert_msg(!strcmp(got, out), "%s: %s is %s, not %s", a->name, in, got, out);
	if (width)
		ck_assert_msg(w == width, "%s: %s is %u bits, not %u", a->name, in, w, width);
}

/* An instruction as a test writes it, and the asm template it must emit. */
struct emit_case {
	const char *insn, *tmpl;
};

/* Each case, the instruction put into the test text fmt (its one %s). */
static inline void emits_each(const char *fmt, const struct emit_case *c, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char src[512];

		snprintf(src, sizeof(src), fmt, c[k].insn);
		emits_as(src, c[k].insn, c[k].tmpl);
	}
}

/* Every instruction of t emitted (each must emit: emit() asserts it). */
static inline void emit_all(const struct lt_test *t)
{
	for (int th = 0; th < t->nthreads; th++)
		for (int i = 0; i < t->threads[th].ninsns; i++)
			if (t->threads[th].insns[i].op >= 0)
				(void)emit(t, th, i);
}

/*
 * t's kernel source (the caller frees it), which must generate, with the
 * arch's clobber list on each asm block.
 */
static inline char *gen_ok(const struct lt_test *t)
{
	struct lt_buf src = LT_BUF_INIT, end = LT_BUF_INIT;
	struct lt_error err = { .msg = "" };

	ck_assert_msg(gen_kernel(t, &src, &err) == 0, "%s: %s", t->name, err.msg);
	lt_buf_printf(&end, ": %s);", t->arch->clobbers);
	ck_assert_msg(strstr(src.s, end.s), "%s: no '%s'", t->name, end.s);
	lt_buf_free(&end);
	return src.s;
}

/*
 * Parses every .litmus file of the folder sub of the source tree (each
 * must parse), emits its instructions, and hands it to each(), which
 * checks what its arch or suite adds, before freeing it.  Returns how many
 * tests there were.  A folder outside the project (optional: herd's
 * catalogue beside the checkout) may be absent: then -1, said on stderr,
 * and the caller skips; a folder of the project must be there.
 */
static inline int walk_tests(const char *sub, bool optional, void (*each)(struct lt_test *t))
{
	char dir[4096];
	const char *s = srcdir();
	struct dirent *d;
	DIR *dp;
	int n = 0;

	if (!s && optional) {
		fprintf(stderr, "%s: LT_SRCDIR unset, skipped\n", sub);
		return -1;
	}
	ck_assert_ptr_nonnull(s);
	snprintf(dir, sizeof(dir), "%s/%s", s, sub);
	dp = opendir(dir);
	if (!dp && optional) {
		fprintf(stderr, "%s absent, skipped\n", dir);
		return -1;
	}
	ck_assert_msg(dp != NULL, "%s: cannot open", dir);
	while ((d = readdir(dp))) {
		char path[8192];
		size_t len = strlen(d->d_name);
		struct lt_test *t;
		struct lt_error err;
		int rc;

		if (len < 8 || strcmp(d->d_name + len - 7, ".litmus") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		rc = litmus_parse_file(path, &t, &err);
		ck_assert_msg(rc == 0, "%s:%d:%d: %s", err.file, err.pos.line,
			      err.pos.col, err.msg);
		ck_assert_int_gt(t->nobserved, 0);
		emit_all(t);
		each(t);
		lt_test_free(t);
		n++;
	}
	closedir(dp);
	return n;
}

/* A test text that must fail: its %s part, and where and why it fails. */
struct bad_case {
	const char *text;
	int col;
	const char *msg;
};

/*
 * Each case's text put into fmt (its one %s, which is on line `line`) must
 * be refused at line:col with a message holding msg.
 */
static inline void bads_each(const char *fmt, int line, const struct bad_case *c, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char src[512];

		snprintf(src, sizeof(src), fmt, c[k].text);
		bad(src, line, c[k].col, c[k].msg);
	}
}

/* Instruction i of thread th of a parsed test, and the template it emits. */
struct emit_at {
	int th, i;
	const char *tmpl;
};

static inline void emits_at(const struct lt_test *t, const struct emit_at *c, size_t n)
{
	for (size_t k = 0; k < n; k++)
		ck_assert_msg(strcmp(emit(t, c[k].th, c[k].i), c[k].tmpl) == 0,
			      "%d:%d emitted as '%s', expected '%s'", c[k].th, c[k].i,
			      emit(t, c[k].th, c[k].i), c[k].tmpl);
}

/* Register reg of thread th of t, which must be one of its registers. */
static inline int reg_of(const struct lt_test *t, int th, const char *reg)
{
	int r = lt_test_find_reg(t, th, reg);

	ck_assert_msg(r >= 0, "no register %d:%s", th, reg);
	return r;
}

/* src parses, and thread th has a register reg (one its condition named). */
static inline void parses_with_reg(const char *src, int th, const char *reg)
{
	struct lt_test *t = parse_ok(src);

	reg_of(t, th, reg);
	lt_test_free(t);
}

/* A register of thread th and the asm constraint the arch gives it. */
struct constraint_case {
	int th;
	const char *reg, *cons;
};

static inline void constraints_are(const struct lt_test *t, const struct constraint_case *c,
				   size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *got = t->arch->reg_constraint(t, reg_of(t, c[k].th, c[k].reg));

		ck_assert_msg(!strcmp(got, c[k].cons), "%d:%s is \"%s\", not \"%s\"",
			      c[k].th, c[k].reg, got, c[k].cons);
	}
}

/* A register name, its canonical name (NULL: refused) and width (0: any). */
struct canon_case {
	const char *in, *out;
	unsigned width;
};

static inline void canons_each(const struct lt_arch_ops *a, const struct canon_case *c, size_t n)
{
	for (size_t k = 0; k < n; k++)
		canon_is(a, c[k].in, c[k].out, c[k].width);
}

/* An arch as the registries give it back from its row of arch/arches.def. */
struct registry_case {
	const struct lt_arch_ops *arch;
	const char *names[6];	/* what --arch finds it by (NULL-ended) */
	const char *herd, *model, *cross_cc, *qemu;
};

static inline void registry_is(const struct registry_case *c)
{
	char lower[32];
	size_t k;

	for (k = 0; k < ARRAY_SIZE(c->names) && c->names[k]; k++)
		ck_assert_msg(lt_arch_by_name(c->names[k]) == c->arch, "--arch %s", c->names[k]);
	ck_assert_ptr_eq(lt_arch_by_herd_name(c->herd), c->arch);
	/* The header word is matched as herd writes it: another case is not it. */
	for (k = 0; c->herd[k] && k + 1 < sizeof(lower); k++)
		lower[k] = (char)tolower((unsigned char)c->herd[k]);
	lower[k] = '\0';
	ck_assert_ptr_null(lt_arch_by_herd_name(lower));
	ck_assert_str_eq(c->arch->isa_dir, c->arch->name);
	ck_assert_str_eq(c->arch->model, c->model);
	ck_assert_str_eq(c->arch->cross_cc, c->cross_cc);
	ck_assert_str_eq(c->arch->qemu, c->qemu);
}

/* A unit test program's main(): run suite s, exit 0 if every test passed. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * A test as START_TEST defines it: a TTest since check 0.13, a function
 * before.
 */
#if CHECK_MAJOR_VERSION > 0 || CHECK_MINOR_VERSION >= 13
typedef const TTest *check_test;
#else
typedef TFun check_test;
#endif

/*
 * A unit test program's main() for a list of tests: one test case, with
 * room for the slower ones (a folder of tests walked), run as suite name.
 */
static inline int run_tests(const char *name, const check_test *tests, size_t n)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	for (size_t k = 0; k < n; k++)
		tcase_add_test(tc, tests[k]);
	suite_add_tcase(s, tc);
	return run_suite(s);
}

#endif /* LT_CHECK_UTIL_H */
