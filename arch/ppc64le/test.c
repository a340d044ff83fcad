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

static int reg(const struct lt_test *t, int th, const char *name)
{
	int r = lt_test_find_reg(t, th, name);

	ck_assert_msg(r >= 0, "no register %d:%s", th, name);
	return r;
}

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
	ck_assert_uint_eq(t->regs[reg(t, 1, "r4")].width, 32);

	/*
	 * Registers used as rA (D-form base, X-form rA) must not be given r0;
	 * rB and data registers may.
	 */
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r2")), "b");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r4")), "b");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r1")), "r");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 1, "r3")), "b");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 1, "r5")), "r");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 1, "r4")), "r");

	ck_assert_str_eq(emit(t, 1, 1), "xor %[r6],%[r5],%[r5]");
	ck_assert_str_eq(emit(t, 1, 2), "lwzx %[r7],%[r6],%[r3]");
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
	emits_each(T(" %s ;\n", "exists true"), families,
		   sizeof(families) / sizeof(families[0]));
}
END_TEST

START_TEST(test_branches)
{
	struct lt_test *t = parse_ok(T(" L0: lwz r1,0(r2) ;\n cmpw r1,r1 ;\n"
				       " beq L0 ;\n bne L0 ;\n blt L0 ;\n bgt L0 ;\n"
				       " ble L0 ;\n bge L0 ;\n b L1 ;\n L1: ;\n",
				       "exists (0:r1=0)"));

	ck_assert_str_eq(t->threads[0].insns[0].label, "L0");
	ck_assert_str_eq(emit(t, 0, 2), "beq .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 3), "bne .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 4), "blt .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 5), "bgt .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 6), "ble .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 7), "bge .Llt_LL0_%=");
	ck_assert_str_eq(emit(t, 0, 8), "b .Llt_LL1_%=");
	ck_assert_int_eq(t->threads[0].insns[9].op, -1);
	lt_test_free(t);
}
END_TEST

START_TEST(test_constraints)
{
	/* addi's rA is (RA|0) too; lwarx's rB is not. */
	struct lt_test *t = parse_ok(T(" addi r3,r4,1 ;\n lwarx r5,0,r6 ;\n"
				       " stwcx. r5,r7,r8 ;\n",
				       "exists (0:r3=0)"));

	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r4")), "b");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r3")), "r");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r6")), "r");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r7")), "b");
	ck_assert_str_eq(t->arch->reg_constraint(t, reg(t, 0, "r8")), "r");
	lt_test_free(t);
}
END_TEST

START_TEST(test_registry)
{
	ck_assert_ptr_eq(lt_arch_by_name("ppc64le"), &lt_arch_ppc64le);
	ck_assert_ptr_eq(lt_arch_by_name("ppc64"), &lt_arch_ppc64le);
	ck_assert_ptr_eq(lt_arch_by_name("POWER"), &lt_arch_ppc64le);
	ck_assert_ptr_eq(lt_arch_by_name("powerpc"), &lt_arch_ppc64le);
	ck_assert_ptr_eq(lt_arch_by_herd_name("PPC"), &lt_arch_ppc64le);
	ck_assert_ptr_null(lt_arch_by_herd_name("ppc"));
	ck_assert_str_eq(lt_arch_ppc64le.model, "power");
	ck_assert_str_eq(lt_arch_ppc64le.cross_cc, "powerpc64le-linux-gnu-gcc");
	ck_assert_str_eq(lt_arch_ppc64le.qemu, "qemu-ppc64le");
	ck_assert_str_eq(lt_arch_ppc64le.isa_dir, "ppc64le");
#ifdef __powerpc64__
	ck_assert_ptr_eq(lt_arch_native(), &lt_arch_ppc64le);
#endif
	canon_is(&lt_arch_ppc64le, "r31", "r31", 64);
	canon_is(&lt_arch_ppc64le, "R0", "r0", 0);
	canon_is(&lt_arch_ppc64le, "r32", NULL, 0);
	canon_is(&lt_arch_ppc64le, "r05", NULL, 0);
	canon_is(&lt_arch_ppc64le, "x1", NULL, 0);
	canon_is(&lt_arch_ppc64le, "r", NULL, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

START_TEST(test_bad_insn)
{
	bad(T(" foo r1,r2 ;\n", "exists true"), 4, 2, "unknown PPC instruction 'foo'");
	bad(T(" stwcx r1,0,r2 ;\n", "exists true"), 4, 2,
	    "unknown PPC instruction 'stwcx'");
	bad(T(" lwz. r1,0(r2) ;\n", "exists true"), 4, 2,
	    "unknown PPC instruction 'lwz.'");
	bad(T(" lwz r32,0(r2) ;\n", "exists true"), 4, 6, "'r32' is not a PPC register");
	bad(T(" lwz r1,0(x) ;\n", "exists true"), 4, 11,
	    "'lwz': expected a register, found 'x'");
	bad(T(" add r1,r2,%rax ;\n", "exists true"), 4, 12,
	    "expected a register, found '%rax'");
	bad(T(" sync r1 ;\n", "exists true"), 4, 2, "'sync' takes 0 operands, not 1");
	bad(T(" add r1,r2 ;\n", "exists true"), 4, 2, "'add' takes 3 operands, not 2");
	bad(T(" add r1,r2, ;\n", "exists true"), 4, 11, "missing operand after ','");
	bad(T(" li r1,40000 ;\n", "exists true"), 4, 8,
	    "immediate 40000 out of range for 'li'");
	bad(T(" ori r1,r2,-1 ;\n", "exists true"), 4, 12, "out of range for 'ori' (0 to 65535)");
	bad(T(" li r1,r2 ;\n", "exists true"), 4, 8, "'li': expected an immediate");
	bad(T(" cmpw cr1,r1,r2 ;\n", "exists true"), 4, 7, "only cr0 is supported");
	bad(T(" cmpw r3,r1,r2 ;\n", "exists true"), 4, 7,
	    "expected a condition register field, found 'r3'");
	bad(T(" beq 1L ;\n", "exists true"), 4, 6, "'beq': invalid label '1L'");
	bad(T(" beq L9 ;\n", "exists true"), 4, 2, "undefined label 'L9' in P0");
}
END_TEST

START_TEST(test_bad_addressing)
{
	bad(T(" lwz r1,r2 ;\n", "exists true"), 4, 9,
	    "'lwz': expected a memory operand d(rA), found 'r2'");
	bad(T(" lwz r1,(r2) ;\n", "exists true"), 4, 9, "needs a displacement");
	bad(T(" lwz r1,0(r2 ;\n", "exists true"), 4, 12, "expected ')'");
	bad(T(" lwz r1,40000(r2) ;\n", "exists true"), 4, 9,
	    "displacement 40000 out of range");
	bad(T(" ld r1,2(r2) ;\n", "exists true"), 4, 8, "must be a multiple of 4");
	bad(T(" std r1,6(r2) ;\n", "exists true"), 4, 9, "must be a multiple of 4");
	bad(T(" lwzx r1,5,r2 ;\n", "exists true"), 4, 10, "rA must be a register or 0");
	bad(T(" lwzx r1,r2,0 ;\n", "exists true"), 4, 13, "expected a register, found '0'");
	bad(T(" lwz r1,y(r2) ;\n", "exists true"), 4, 9, "'y' is not a number");
	bad(T(" lwz r1,r2,r3 ;\n", "exists true"), 4, 9,
	    "'lwz': expected a displacement, found 'r2'");
	bad(T(" std r1,6,r2 ;\n", "exists true"), 4, 9, "must be a multiple of 4");
	bad(T(" lwz r1,0,x ;\n", "exists true"), 4, 11, "expected a register, found 'x'");
	bad(T(" lwz r1,0,r2,r3 ;\n", "exists true"), 4, 2, "'lwz' takes 2 operands, not 4");
}
END_TEST

START_TEST(test_bad_cond)
{
	bad(T(" li r1,1 ;\n", "exists (0:r40=1)"), 5, 11,
	    "'r40' is not a usable PPC register");
	/* r2, which P0 never names: herd's 0, no longer refused. */
	{
		struct lt_test *t = parse_ok(T(" li r1,1 ;\n", "exists (0:r2=1)"));

		ck_assert_int_ge(lt_test_find_reg(t, 0, "r2"), 0);
		lt_test_free(t);
	}
	bad("PPC T\n{ 0:rax=1; }\n P0 ;\n nop ;\nexists true\n", 2, 5,
	    "'rax' is not a usable PPC register");
}
END_TEST

static Suite *ppc_suite(void)
{
	Suite *s = suite_create("ppc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_suite_files);
	tcase_add_test(tc, test_mp_lwsync_addr);
	tcase_add_test(tc, test_families);
	tcase_add_test(tc, test_branches);
	tcase_add_test(tc, test_constraints);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_bad_insn);
	tcase_add_test(tc, test_bad_addressing);
	tcase_add_test(tc, test_bad_cond);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(ppc_suite());
}
