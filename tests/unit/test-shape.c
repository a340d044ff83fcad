/* SPDX-License-Identifier: MIT */
/*
 * The shape generator: cycles and named shapes parse to the same test,
 * names follow herd's conventions per arch, the layout (threads, values,
 * condition) is diy's, expectations match the published results for each
 * arch, and bad shapes are refused with a position.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "shape/shape-arch.h"
#include "shape/shape.h"
#include "check-util.h"

static const struct lt_shape_arch *arch(const char *name)
{
	const struct lt_shape_arch *a = shape_arch_by_name(name);

	ck_assert_msg(a != NULL, "no shape table for %s", name);
	return a;
}

/* Compile; the text must parse with litmus-run's own parser. */
static char *gen(const char *archname, const char *spec, enum lt_expect *kind)
{
	const struct lt_shape_arch *a = arch(archname);
	struct lt_shape s;
	struct lt_error err = { .msg = "" };
	struct lt_buf out = LT_BUF_INIT;
	struct lt_test *t = NULL;
	enum lt_expect k;
	char why[256];

	ck_assert_msg(shape_parse(spec, a, &s, &err) == 0, "%s: %s", spec, err.msg);
	ck_assert_msg(shape_compile(&s, a, &out, kind ? kind : &k, why, sizeof(why),
				    &err) == 0, "%s: %s", spec, err.msg);
	ck_assert_msg(litmus_parse_string(out.s, out.len, "gen.litmus", &t, &err) == 0,
		      "%s: %d:%d: %s\n%s", spec, err.pos.line, err.pos.col, err.msg, out.s);
	lt_test_free(t);
	return lt_buf_steal(&out);
}

static void has(const char *text, const char *needle)
{
	ck_assert_msg(strstr(text, needle) != NULL, "missing \"%s\" in:\n%s", needle, text);
}

START_TEST(test_cycle_is_named)
{
	char *a = gen("x86_64", "PodWR Fre PodWR Fre", NULL);
	char *b = gen("x86_64", "SB", NULL);
	char *c = gen("x86_64", "Fre PodWR Fre PodWR", NULL);

	/* A cycle is recognised as its family, in any rotation. */
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(a, c);
	has(a, "X86_64 SB\n");
	has(a, "Cycle=PodWR Fre PodWR Fre\n");
	has(a, " movl $1,(x)   | movl $1,(y)   ;\n");
	has(a, "exists (0:rax=0 /\\ 1:rax=0)\n");
	free(a);
	free(b);
	free(c);
}
END_TEST

/* litmus-gen takes the names litmus-run takes (arch/arches.def). */
START_TEST(test_arch_names)
{
	ck_assert_str_eq(shape_arch_name(arch("PPC")), "ppc64le");
	ck_assert_str_eq(shape_arch_name(arch("ppc")), "ppc64le");
	ck_assert_str_eq(shape_arch_name(arch("AArch64")), "aarch64");
	ck_assert_str_eq(shape_arch_name(arch("amd64")), "x86_64");
	ck_assert_str_eq(shape_arch_name(arch("RISCV")), "riscv64");
	ck_assert_ptr_null(shape_arch_by_name("vax"));
}
END_TEST

START_TEST(test_names_per_arch)
{
	static const struct {
		const char *arch, *spec, *header;
	} cases[] = {
		{ "x86_64", "SB+fences", "X86_64 SB+mfences\n" },
		{ "aarch64", "SB+fences", "AArch64 SB+dmb.ishs\n" },
		{ "ppc64le", "SB+fences", "PPC SB+syncs\n" },
		{ "riscv64", "SB+fences", "RISCV SB+fence.rw.rws\n" },
		{ "ppc64le", "MP+lwfence+addr", "PPC MP+lwsync+addr\n" },
		{ "aarch64", "MP+dmb.ish+addr", "AArch64 MP+dmb.ish+addr\n" },
		{ "aarch64", "PodWWPL Rfe PodRRAP Fre", "AArch64 MP+rel+acq\n" },
		{ "aarch64", "IRIW+ctrlisyncs", "AArch64 IRIW+ctrlisbs\n" },
		{ "riscv64", "MP+lwfences", "RISCV MP+fence.tsos\n" },
		{ "x86_64", "MFencedWR Fre PodWR Fre", "X86_64 SB+mfence+po\n" },
		{ "ppc64le", "LwSyncdWW Rfe DpAddrdR Fre", "PPC MP+lwsync+addr\n" },
		{ "x86_64", "Rfe PodRR Fre Rfe PodRR Fre", "X86_64 IRIW\n" },
		{ "aarch64", "Rfi PodRR Fre PodWW Coe", "AArch64 Shape\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = gen(cases[i].arch, cases[i].spec, NULL);

		ck_assert_msg(!strncmp(t, cases[i].header, strlen(cases[i].header)),
			      "%s on %s: got %.40s", cases[i].spec, cases[i].arch, t);
		free(t);
	}
}
END_TEST

START_TEST(test_layout)
{
	char *t;

	/* MP: the writer is P0, both stores of 1; the reader sees y=1, x=0. */
	t = gen("aarch64", "MP+dmb.ish+addr", NULL);
	has(t, "0:X0=x; 0:X2=y;\n1:X1=y; 1:X3=x;\n");
	has(t, " DMB ISH     | LDR W2,[X3,W4,SXTW] ;\n");
	has(t, "exists (1:X0=1 /\\ 1:X2=0)\n");
	free(t);
	/* 2+2W: two writes per location, the condition pins co by final values. */
	t = gen("x86_64", "2+2W", NULL);
	has(t, "exists ([x]=2 /\\ [y]=2)\n");
	free(t);
	/* Coherence: CoRR reads new then old; CoWW ends on the first write. */
	t = gen("ppc64le", "CoRR", NULL);
	has(t, "exists (1:r1=1 /\\ 1:r3=0)\n");
	free(t);
	t = gen("riscv64", "CoWW", NULL);
	has(t, "exists ([x]=2)\n");
	free(t);
	/* Dependencies and release/acquire in each arch's idiom. */
	t = gen("ppc64le", "LB+datas", NULL);
	has(t, "xor r4,r1,r1");
	has(t, "addi r4,r4,1");
	free(t);
	t = gen("riscv64", "MP+rel+acq", NULL);
	has(t, "amoswap.w.rl x0,");
	has(t, "lr.w.aq ");
	free(t);
	t = gen("ppc64le", "MP+lwsync+ctrlisync", NULL);
	has(t, "beq LC10");
	has(t, "isync");
	free(t);
	t = gen("x86_64", "SB+xchgs", NULL);
	has(t, "xchgl %eax,(x)");
	has(t, "movl (y),%ebx");
	free(t);
}
END_TEST

/* Published verdicts (herd's models, the diy/litmus papers). */
START_TEST(test_kinds)
{
	static const struct {
		const char *arch, *spec;
		enum lt_expect kind;
	} cases[] = {
#define F LT_EXPECT_FORBIDDEN
#define A LT_EXPECT_ALLOWED
		{ "x86_64", "SB", A }, { "x86_64", "SB+mfences", F },
		{ "x86_64", "SB+mfence+po", A }, { "x86_64", "SB+xchgs", F },
		{ "x86_64", "MP", F }, { "x86_64", "LB", F }, { "x86_64", "R", A },
		{ "x86_64", "R+po+mfence", F }, { "x86_64", "IRIW", F },
		{ "x86_64", "RWC", A }, { "x86_64", "WRW+WR+po+mfence", F },
		{ "x86_64", "SB+lfences", A }, { "x86_64", "CoRR", F },
		{ "aarch64", "MP", A }, { "aarch64", "MP+dmb.ish+addr", F },
		{ "aarch64", "MP+dmb.ishst+addr", F }, { "aarch64", "MP+dmb.ish+ctrl", A },
		{ "aarch64", "MP+dmb.ish+ctrlisb", F }, { "aarch64", "MP+rel+acq", F },
		{ "aarch64", "LB+ctrls", F }, { "aarch64", "IRIW+addrs", F },
		{ "aarch64", "WRC+addrs", F }, { "aarch64", "SB+dmb.ishsts", A },
		{ "aarch64", "2+2W+dmb.ishsts", F }, { "aarch64", "R+dmb.ishst+dmb.ish", F },
		{ "aarch64", "S+rel+acq", F },
		{ "ppc64le", "MP+lwsync+addr", F }, { "ppc64le", "MP+lwsync+ctrl", A },
		{ "ppc64le", "MP+lwsync+ctrlisync", F }, { "ppc64le", "WRC+addrs", A },
		{ "ppc64le", "WRC+lwsync+addr", F }, { "ppc64le", "WRC+sync+addr", F },
		{ "ppc64le", "IRIW+lwsyncs", A }, { "ppc64le", "IRIW+syncs", F },
		{ "ppc64le", "IRIW+addrs", A }, { "ppc64le", "SB+lwsyncs", A },
		{ "ppc64le", "R+lwsync+sync", A }, { "ppc64le", "R+syncs", F },
		{ "ppc64le", "2+2W+lwsyncs", F }, { "ppc64le", "LB+datas", F },
		{ "ppc64le", "S+lwsync+addr", F }, { "ppc64le", "ISA2+lwsync+data+addr", F },
		{ "ppc64le", "RWC+lwsync+sync", A }, { "ppc64le", "RWC+syncs", F },
		{ "riscv64", "MP+fence.tsos", F }, { "riscv64", "SB+fence.tsos", A },
		{ "riscv64", "WRC+addrs", F }, { "riscv64", "LB+ctrls", F },
		{ "riscv64", "MP+fence.w.w+fence.r.rw", F },
#undef F
#undef A
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum lt_expect k;

		free(gen(cases[i].arch, cases[i].spec, &k));
		ck_assert_msg(k == cases[i].kind, "%s on %s: expected %s", cases[i].spec,
			      cases[i].arch,
			      cases[i].kind == LT_EXPECT_FORBIDDEN ? "Forbidden" : "Allowed");
	}
}
END_TEST

static void refused(const char *archname, const char *spec, int col, const char *msg)
{
	const struct lt_shape_arch *a = archname ? arch(archname) : NULL;
	struct lt_shape s;
	struct lt_error err;
	struct lt_buf out = LT_BUF_INIT;
	enum lt_expect k;
	char why[256];
	int rc = shape_parse(spec, a, &s, &err);

	if (rc == 0 && a)
		rc = shape_compile(&s, a, &out, &k, why, sizeof(why), &err);
	lt_buf_free(&out);
	ck_assert_msg(rc < 0, "%s accepted", spec);
	ck_assert_msg(strstr(err.msg, msg) != NULL, "%s: \"%s\" lacks \"%s\"", spec,
		      err.msg, msg);
	if (col)
		ck_assert_int_eq(err.pos.col, col);
}

START_TEST(test_refused)
{
	refused(NULL, "PodWR Frx PodWR Fre", 7, "unknown edge");
	refused(NULL, "PodWR Rfe PodWR Fre", 1, "edge 1 ends at a read but edge 2 starts at a write");
	refused(NULL, "Fre", 1, "at least two edges");
	refused(NULL, "SB+mfences", 4, "unknown modifier");
	refused(NULL, "MP+addr+addr", 1, "a dependency starts at a read");
	refused(NULL, "ISA2+po+po", 5, "takes 3 modifiers");
	refused("x86_64", "SB+lwfences", 0, "no lightweight fence");
	refused("x86_64", "MP+po+addr", 0, "no address dependency");
	refused("ppc64le", "MP+rel+acq", 0, "no release write");
	refused("riscv64", "MP+fence.rw.rw+ctrlisync", 0, "no control+isync dependency");
	refused("aarch64", "PodWR Fre PosWR Fre", 0, "exactly once");
	refused("aarch64", "PodWR PodRW", 0, "close with a communication edge");
	refused("aarch64", "Rfe Fre", 0, "needs a program-order edge");
}
END_TEST

static void count(const char *name, void *arg)
{
	(void)name;
	(*(int *)arg)++;
}

START_TEST(test_suite)
{
	/* Every arch of arch/arches.def. */
	for (size_t i = 0; lt_shape_arches[i]; i++) {
		int n = 0;

		shape_suite(lt_shape_arches[i], count, &n);
		ck_assert_msg(n >= 60, "%s: %d tests", lt_shape_arches[i]->name, n);
	}
}
END_TEST

static Suite *shape_test_suite(void)
{
	Suite *s = suite_create("shape");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cycle_is_named);
	tcase_add_test(tc, test_names_per_arch);
	tcase_add_test(tc, test_arch_names);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_suite);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(shape_test_suite());
}
