/* SPDX-License-Identifier: MIT */
/*
 * The PPC module: the project's POWER suite parses, every instruction family
 * emits its exact asm template, base registers avoid r0, and bad input is
 * rejected at the right line:col.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "isa.h"
#include "check-util.h"

/* A one-thread test around a table body and a condition. */
#define T(rows, cond) "PPC T\n{ }\n P0 ;\n" rows cond "\n"

/* ------------------------------------------------------------------ */

static void suite_test(struct lt_test *t)
{
	ck_assert_ptr_eq(t->arch, &lt_arch_ppc64le);
	ck_assert_str_eq(t->arch_name, "PPC");
	ck_assert_str_eq(t->arch->clobbers, "\"memory\", \"cr0\"");
	free(gen_ok(t));
}

START_TEST(test_suite_files)
{
	ck_assert_int_ge(walk_tests("tests-litmus/ppc64le", false, suite_test), 10);
}
END_TEST

/* herd's MP+lwsync+addr, from the herding-cats catalogue. */
static const char mp_src[] =
	"PPC MP+lwsync+addr\n"
	"\"LwSyncdWW Rfe DpAddrdR Fre\"\n"
	"Cycle=Rfe DpAddrdR Fre LwSyncdWW\n"
	"{\n"
	"0:r2=x; 0:r4=y;\n"
	"1:r2=y; 1:r5=x;\n"
	"}\n"
	" P0           | P1            ;\n"
	" li r1,1      | lwz r1,0(r2)  ;\n"
	" stw r1,0(r2) | xor r3,r1,r1  ;\n"
	" lwsync       | lwzx r4,r3,r5 ;\n"
	" li r3,1      |               ;\n"
	" stw r3,0(r4) |               ;\n"
	"exists\n"
	"(1:r1=1 /\\ 1:r4=0)\n";

/*
 * Registers used as rA (D-form base, X-form rA) must not be given r0;
 * rB and data registers may.
 */
static const struct constraint_case mp_constraints[] = {
	{ 0, "r2", "b" }, { 0, "r4", "b" }, { 0, "r1", "r" },
	{ 1, "r3", "b" }, { 1, "r5", "r" }, { 1, "r4", "r" },
};

static const struct emit_at mp_emits[] = {
	{ 1, 1, "xor %[r6],%[r5],%[r5]" },
	{ 1, 2, "lwzx %[r7],%[r6],%[r3]" },
};

START_TEST(test_mp_lwsync_addr)
{
	struct lt_test *t = parse_ok(mp_src);
	char name[32];

	ck_assert_int_eq(t->nthreads, 2);
	ck_assert_int_eq(t->threads[0].ninsns, 5);
	ck_assert_int_eq(t->threads[1].ninsns, 3);
	ck_assert_int_eq(t->threads[0].insns[2].op, LT_PPC_LWSYNC);
	ck_assert_int_eq(t->threads[1].insns[2].op, LT_PPC_LWZX);
	ck_assert_int_eq(t->nobserved, 2);
	lt_var_name(t, t->observed[1], name, sizeof(name));
	ck_assert_str_eq(name, "1:r4");
	/* lwz zero-extends: the register is observed as herd's 32-bit int. */
	ck_assert_uint_eq(t->regs[reg_of(t, 1, "r4")].width, 32);
	constraints_are(t, mp_constraints, ARRAY_SIZE(mp_constraints));
	emits_at(t, mp_emits, ARRAY_SIZE(mp_emits));
	lt_test_free(t);
}
END_TEST

static const struct emit_case families[] = {
	/* D and DS forms */
	{ "lbz r1,0(r2)",     "lbz %[r0],0(%[r1])" },
	{ "lhz r1,-2(r2)",    "lhz %[r0],-2(%[r1])" },
	{ "lwz r1,4(r2)",     "lwz %[r0],4(%[r1])" },
	{ "ld r1,8(r2)",      "ld %[r0],8(%[r1])" },
	{ "stb r1,0(r2)",     "stb %[r0],0(%[r1])" },
	{ "sth r1,0(r2)",     "sth %[r0],0(%[r1])" },
	{ "stw r1,32767(r2)", "stw %[r0],32767(%[r1])" },
	{ "std r1,-32768(r2)", "std %[r0],-32768(%[r1])" },
	{ "LWZ R1,0(R2)",     "lwz %[r0],0(%[r1])" },
	{ "lwz r1 , 0( r2 )", "lwz %[r0],0(%[r1])" },
	/* herd's comma D-form: "d,rA" for "d(rA)" */
	{ "lwz r1,8,r2",      "lwz %[r0],8(%[r1])" },
	{ "std r1, -8 , r2",  "std %[r0],-8(%[r1])" },
	{ "lbz r1,0,r2",      "lbz %[r0],0(%[r1])" },
	/* X forms */
	{ "lbzx r1,r2,r3",    "lbzx %[r0],%[r1],%[r2]" },
	{ "lhzx r1,r2,r3",    "lhzx %[r0],%[r1],%[r2]" },
	{ "lwzx r1,r2,r3",    "lwzx %[r0],%[r1],%[r2]" },
	{ "ldx r1,r2,r3",     "ldx %[r0],%[r1],%[r2]" },
	{ "stbx r1,r2,r3",    "stbx %[r0],%[r1],%[r2]" },
	{ "sthx r1,r2,r3",    "sthx %[r0],%[r1],%[r2]" },
	{ "stwx r1,r2,r3",    "stwx %[r0],%[r1],%[r2]" },
	{ "stdx r1,0,r3",     "stdx %[r0],0,%[r1]" },
	/* reservations */
	{ "lwarx r1,0,r2",    "lwarx %[r0],0,%[r1]" },
	{ "ldarx r1,r3,r2",   "ldarx %[r0],%[r1],%[r2]" },
	{ "stwcx. r1,0,r2",   "stwcx. %[r0],0,%[r1]" },
	{ "stdcx. r1,r3,r2",  "stdcx. %[r0],%[r1],%[r2]" },
	/* barriers */
	{ "sync",             "sync" },
	{ "hwsync",           "hwsync" },
	{ "lwsync",           "lwsync" },
	{ "isync",            "isync" },
	{ "eieio",            "eieio" },
	{ "nop",              "nop" },
	/* arithmetic */
	{ "li r1,-5",         "li %[r0],-5" },
	{ "li r1,0x7fff",     "li %[r0],32767" },
	{ "mr r1,r2",         "mr %[r0],%[r1]" },
	{ "addi r1,r2,7",     "addi %[r0],%[r1],7" },
	{ "add r1,r2,r3",     "add %[r0],%[r1],%[r2]" },
	{ "add. r1,r2,r3",    "add. %[r0],%[r1],%[r2]" },
	{ "sub r1,r2,r3",     "sub %[r0],%[r1],%[r2]" },
	{ "subf r1,r2,r3",    "subf %[r0],%[r1],%[r2]" },
	{ "xor r1,r1,r1",     "xor %[r0],%[r0],%[r0]" },
	{ "xor. r1,r2,r3",    "xor. %[r0],%[r1],%[r2]" },
	{ "and r1,r2,r3",     "and %[r0],%[r1],%[r2]" },
	{ "or r1,r2,r3",      "or %[r0],%[r1],%[r2]" },
	{ "xori r1,r2,0xffff", "xori %[r0],%[r1],65535" },
	{ "ori r1,r2,1",      "ori %[r0],%[r1],1" },
	{ "andi. r1,r2,1",    "andi. %[r0],%[r1],1" },
	/* compares (cr0) */
	{ "cmpw r1,r2",       "cmpw %[r0],%[r1]" },
	{ "cmpw cr0,r1,r2",   "cmpw %[r0],%[r1]" },
	{ "cmpwi r1,3",       "cmpwi %[r0],3" },
	{ "cmpd r1,r2",       "cmpd %[r0],%[r1]" },
	{ "cmpdi cr0,r1,-1",  "cmpdi %[r0],-1" },
};

START_TEST(test_families)
{
	emits_each(T(" %s ;\n", "exists true"), families, ARRAY_SIZE(families));
}
END_TEST

static const struct emit_at branch_emits[] = {
	{ 0, 2, "beq .Llt_LL0_%=" },
	{ 0, 3, "bne .Llt_LL0_%=" },
	{ 0, 4, "blt .Llt_LL0_%=" },
	{ 0, 5, "bgt .Llt_LL0_%=" },
	{ 0, 6, "ble .Llt_LL0_%=" },
	{ 0, 7, "bge .Llt_LL0_%=" },
	{ 0, 8, "b .Llt_LL1_%=" },
};

START_TEST(test_branches)
{
	struct lt_test *t = parse_ok(T(" L0: lwz r1,0(r2) ;\n cmpw r1,r1 ;\n"
				       " beq L0 ;\n bne L0 ;\n blt L0 ;\n bgt L0 ;\n"
				       " ble L0 ;\n bge L0 ;\n b L1 ;\n L1: ;\n",
				       "exists (0:r1=0)"));

	ck_assert_str_eq(t->threads[0].insns[0].label, "L0");
	emits_at(t, branch_emits, ARRAY_SIZE(branch_emits));
	ck_assert_int_eq(t->threads[0].insns[9].op, -1);
	lt_test_free(t);
}
END_TEST

/* addi's rA is (RA|0) too; lwarx's rB is not. */
static const struct constraint_case constraints[] = {
	{ 0, "r4", "b" }, { 0, "r3", "r" }, { 0, "r6", "r" }, { 0, "r7", "b" }, { 0, "r8", "r" },
};

START_TEST(test_constraints)
{
	struct lt_test *t = parse_ok(T(" addi r3,r4,1 ;\n lwarx r5,0,r6 ;\n"
				       " stwcx. r5,r7,r8 ;\n",
				       "exists (0:r3=0)"));

	constraints_are(t, constraints, ARRAY_SIZE(constraints));
	lt_test_free(t);
}
END_TEST

static const struct registry_case registry = {
	&lt_arch_ppc64le, { "ppc64le", "ppc64", "POWER", "powerpc", "PPC", NULL },
	"PPC", "power", "powerpc64le-linux-gnu-gcc", "qemu-ppc64le",
};

static const struct canon_case canons[] = {
	{ "r31", "r31", 64 }, { "R0", "r0", 0 }, { "r32", NULL, 0 }, { "r05", NULL, 0 },
	{ "x1", NULL, 0 }, { "r", NULL, 0 },
};

START_TEST(test_registry)
{
	registry_is(&registry);
#ifdef __powerpc64__
	ck_assert_ptr_eq(lt_arch_native(), &lt_arch_ppc64le);
#endif
	canons_each(&lt_arch_ppc64le, canons, ARRAY_SIZE(canons));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/* Refused, at line 4 of T(" %s ;\n", ...): the text, its column and the message. */
static const struct bad_case bad_one[] = {
	/* mnemonics, registers, operands, immediates, labels */
	{ "foo r1,r2", 2, "unknown PPC instruction 'foo'" },
	{ "stwcx r1,0,r2", 2, "unknown PPC instruction 'stwcx'" },
	{ "lwz. r1,0(r2)", 2, "unknown PPC instruction 'lwz.'" },
	{ "lwz r32,0(r2)", 6, "'r32' is not a PPC register" },
	{ "lwz r1,0(x)", 11, "'lwz': expected a register, found 'x'" },
	{ "add r1,r2,%rax", 12, "expected a register, found '%rax'" },
	{ "sync r1", 2, "'sync' takes 0 operands, not 1" },
	{ "add r1,r2", 2, "'add' takes 3 operands, not 2" },
	{ "add r1,r2,", 11, "missing operand after ','" },
	{ "li r1,40000", 8, "immediate 40000 out of range for 'li'" },
	{ "ori r1,r2,-1", 12, "out of range for 'ori' (0 to 65535)" },
	{ "li r1,r2", 8, "'li': expected an immediate" },
	{ "cmpw cr1,r1,r2", 7, "only cr0 is supported" },
	{ "cmpw r3,r1,r2", 7, "expected a condition register field, found 'r3'" },
	{ "beq 1L", 6, "'beq': invalid label '1L'" },
	{ "beq L9", 2, "undefined label 'L9' in P0" },
	/* memory operands */
	{ "lwz r1,r2", 9, "'lwz': expected a memory operand d(rA), found 'r2'" },
	{ "lwz r1,(r2)", 9, "needs a displacement" },
	{ "lwz r1,0(r2", 12, "expected ')'" },
	{ "lwz r1,40000(r2)", 9, "displacement 40000 out of range" },
	{ "ld r1,2(r2)", 8, "must be a multiple of 4" },
	{ "std r1,6(r2)", 9, "must be a multiple of 4" },
	{ "lwzx r1,5,r2", 10, "rA must be a register or 0" },
	{ "lwzx r1,r2,0", 13, "expected a register, found '0'" },
	{ "lwz r1,y(r2)", 9, "'y' is not a number" },
	{ "lwz r1,r2,r3", 9, "'lwz': expected a displacement, found 'r2'" },
	{ "std r1,6,r2", 9, "must be a multiple of 4" },
	{ "lwz r1,0,x", 11, "expected a register, found 'x'" },
	{ "lwz r1,0,r2,r3", 2, "'lwz' takes 2 operands, not 4" },
};

START_TEST(test_bad)
{
	bads_each(T(" %s ;\n", "exists true"), 4, bad_one, ARRAY_SIZE(bad_one));
	bad(T(" li r1,1 ;\n", "exists (0:r40=1)"), 5, 11,
	    "'r40' is not a usable PPC register");
	/* r2, which P0 never names: herd's 0, no longer refused. */
	parses_with_reg(T(" li r1,1 ;\n", "exists (0:r2=1)"), 0, "r2");
	bad("PPC T\n{ 0:rax=1; }\n P0 ;\n nop ;\nexists true\n", 2, 5,
	    "'rax' is not a usable PPC register");
}
END_TEST

int main(void)
{
	const check_test tests[] = {
		test_suite_files, test_mp_lwsync_addr, test_families, test_branches,
		test_constraints, test_registry, test_bad,
	};

	return run_tests("ppc", tests, ARRAY_SIZE(tests));
}
