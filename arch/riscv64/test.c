/* SPDX-License-Identifier: MIT */
/*
 * The RISCV module: the project's RVWMO suite parses, every instruction
 * family emits its exact asm template, x0 is never allocated, and bad input
 * is rejected at the right line:col.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/gen.h"
#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "util/buf.h"
#include "isa.h"
#include "check-util.h"

/* A one-thread test around a table body and a condition. */
#define T(rows, cond) "RISCV T\n{ }\n P0 ;\n" rows cond "\n"

/* ------------------------------------------------------------------ */

static void suite_test(struct lt_test *t)
{
	char *src;

	ck_assert_ptr_eq(t->arch, &lt_arch_riscv64);
	ck_assert_str_eq(t->arch_name, "RISCV");
	ck_assert_str_eq(t->arch->clobbers, "\"memory\"");
	src = gen_ok(t);
	/* x0 is "zero" in the template, never an asm operand. */
	ck_assert_ptr_null(strstr(src, "0:x0"));
	free(src);
}

START_TEST(test_suite_files)
{
	ck_assert_int_ge(walk_tests("tests-litmus/riscv64", false, suite_test), 11);
}
END_TEST

/* herd's own A01 (herd/tests/instructions/RISCV), an MP shape. */
static const char a01_src[] =
	"RISCV A01\n"
	"\"PodWW Rfe PodRR Fre\"\n"
	"Generator=diyone7 (version 7.56+03)\n"
	"Com=Rf Fr\n"
	"{\n"
	"0:x6=x; 0:x8=y;\n"
	"1:x6=y; 1:x8=x;\n"
	"}\n"
	" P0          | P1          ;\n"
	" ori x5,x0,1 | lw x5,0(x6) ;\n"
	" sw x5,0(x6) | lw x7,0(x8) ;\n"
	" ori x7,x0,1 |             ;\n"
	" sw x7,0(x8) |             ;\n"
	"exists (1:x5=1 /\\ 1:x7=0)\n";

START_TEST(test_a01)
{
	struct lt_test *t = parse_ok(a01_src);
	char name[32];

	ck_assert_int_eq(t->threads[0].insns[0].op, LT_RV_ORI);
	ck_assert_int_eq(t->threads[0].insns[0].ops[1].kind, LT_OP_SYM);
	/* x0 did not become a register of the test. */
	ck_assert_int_eq(lt_test_find_reg(t, 0, "x0"), -1);
	ck_assert_str_eq(emit(t, 0, 0), "ori %[r4],zero,1");
	ck_assert_str_eq(emit(t, 1, 0), "lw %[r5],0(%[r2])");
	lt_var_name(t, t->observed[1], name, sizeof(name));
	ck_assert_str_eq(name, "1:x7");
	/* lw sign-extends: a 32-bit signed read gives the value back. */
	ck_assert_uint_eq(t->regs[lt_test_find_reg(t, 1, "x7")].width, 32);
	for (int k = 0; k < t->nregs; k++)
		ck_assert_str_eq(t->arch->reg_constraint(t, k), "r");
	lt_test_free(t);
}
END_TEST

START_TEST(test_abi_names)
{
	/* herd accepts ABI names and writes xN in outcomes. */
	struct lt_test *t = parse_ok("RISCV T\n{ 0:a0=x; 0:t0=1; }\n P0 ;\n"
				     " sw t0,0(a0) ;\n lw s1,0(fp) ;\n"
				     " add t6,s11,s10 ;\n"
				     "exists (0:x9=0 /\\ 0:a0=x /\\ 0:x31=0)\n");

	ck_assert_int_ge(lt_test_find_reg(t, 0, "x10"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x5"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x9"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x8"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x27"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x26"), 0);
	ck_assert_int_ge(lt_test_find_reg(t, 0, "x31"), 0);
	ck_assert_int_eq(lt_test_find_reg(t, 0, "a0"), -1);
	lt_test_free(t);
}
END_TEST

static const struct emit_case families[] = {
	/* loads and stores */
	{ "lb x5,0(x6)",      "lb %[r0],0(%[r1])" },
	{ "lh x5,2(x6)",      "lh %[r0],2(%[r1])" },
	{ "lw x5,-4(x6)",     "lw %[r0],-4(%[r1])" },
	{ "ld x5,2047(x6)",   "ld %[r0],2047(%[r1])" },
	{ "lbu x5,0(x6)",     "lbu %[r0],0(%[r1])" },
	{ "lhu x5,0(x6)",     "lhu %[r0],0(%[r1])" },
	{ "lwu x5,0(x6)",     "lwu %[r0],0(%[r1])" },
	{ "lw a0,(t0)",       "lw %[r0],0(%[r1])" },
	{ "sb x5,0(x6)",      "sb %[r0],0(%[r1])" },
	{ "sh x5,0(x6)",      "sh %[r0],0(%[r1])" },
	{ "sw x5,-2048(x6)",  "sw %[r0],-2048(%[r1])" },
	{ "sd x5,8(x6)",      "sd %[r0],8(%[r1])" },
	{ "sw x0,0(x6)",      "sw zero,0(%[r0])" },
	{ "SW X5 , 0( X6 )",  "sw %[r0],0(%[r1])" },
	/* LR/SC */
	{ "lr.w x5,(x6)",     "lr.w %[r0],(%[r1])" },
	{ "lr.d.aq x5,0(x6)", "lr.d.aq %[r0],(%[r1])" },
	{ "lr.w.aqrl x5,(x6)", "lr.w.aqrl %[r0],(%[r1])" },
	{ "sc.w x7,x5,(x6)",  "sc.w %[r0],%[r1],(%[r2])" },
	{ "sc.w.rl x7,x5,(x6)", "sc.w.rl %[r0],%[r1],(%[r2])" },
	{ "sc.d.aq.rl x7,x5,(x6)", "sc.d.aqrl %[r0],%[r1],(%[r2])" },
	/*
	 * herd's load-acquire / store-release forms: no RV64GC encoding,
	 * run between the fences of the manual's C/C++ mapping.
	 */
	{ "lw.aq x5,0(x6)",   "lw %[r0],0(%[r1])\n\tfence r,rw" },
	{ "lbu.aq x5,1(x6)",  "lbu %[r0],1(%[r1])\n\tfence r,rw" },
	{ "ld.aqrl x5,8(x6)", "fence rw,rw\n\tld %[r0],8(%[r1])\n\tfence r,rw" },
	{ "lh.aq.rl x5,0(x6)", "fence rw,rw\n\tlh %[r0],0(%[r1])\n\tfence r,rw" },
	{ "sw.rl x5,0(x6)",   "fence rw,w\n\tsw %[r0],0(%[r1])" },
	{ "sb.rl x0,0(x6)",   "fence rw,w\n\tsb zero,0(%[r0])" },
	{ "sd.aqrl x5,0(x6)", "fence rw,w\n\tsd %[r0],0(%[r1])\n\tfence w,rw" },
	{ "SH.AQRL x5,2(x6)", "fence rw,w\n\tsh %[r0],2(%[r1])\n\tfence w,rw" },
	/* AMOs */
	{ "amoswap.w x5,x6,(x7)",      "amoswap.w %[r0],%[r1],(%[r2])" },
	{ "amoswap.d.aq x5,x6,(x7)",   "amoswap.d.aq %[r0],%[r1],(%[r2])" },
	{ "amoadd.w.rl x5,x6,(x7)",    "amoadd.w.rl %[r0],%[r1],(%[r2])" },
	{ "amoadd.d.aqrl x5,x6,(x7)",  "amoadd.d.aqrl %[r0],%[r1],(%[r2])" },
	{ "amoand.w x0,x6,(x7)",       "amoand.w zero,%[r0],(%[r1])" },
	{ "amoor.d.aq x5,x6,(x7)",     "amoor.d.aq %[r0],%[r1],(%[r2])" },
	{ "amoxor.w.aq.rl x5,x6,0(x7)", "amoxor.w.aqrl %[r0],%[r1],(%[r2])" },
	/* fences */
	{ "fence rw,rw",      "fence rw,rw" },
	{ "fence r,w",        "fence r,w" },
	{ "fence RW,W",       "fence rw,w" },
	{ "fence iorw,iorw",  "fence iorw,iorw" },
	{ "fence i,o",        "fence i,o" },
	{ "fence ir,ow",      "fence ir,ow" },
	{ "fence",            "fence" },
	{ "fence.tso",        "fence.tso" },
	{ "fence.i",          "fence.i" },
	{ "nop",              "nop" },
	/* arithmetic */
	{ "li x5,1",          "li %[r0],1" },
	{ "li x5,0x7fffffffffffffff", "li %[r0],9223372036854775807" },
	{ "li x5,-1",         "li %[r0],-1" },
	{ "mv x5,x6",         "mv %[r0],%[r1]" },
	{ "mv x5,zero",       "mv %[r0],zero" },
	{ "addi x5,x0,-2048", "addi %[r0],zero,-2048" },
	{ "xori x5,x6,1",     "xori %[r0],%[r1],1" },
	{ "andi x5,x6,2047",  "andi %[r0],%[r1],2047" },
	{ "ori x5,x6,0x10",   "ori %[r0],%[r1],16" },
	{ "add x5,x6,x7",     "add %[r0],%[r1],%[r2]" },
	{ "sub x5,x6,x7",     "sub %[r0],%[r1],%[r2]" },
	{ "xor x5,x5,x5",     "xor %[r0],%[r0],%[r0]" },
	{ "and x5,x6,x7",     "and %[r0],%[r1],%[r2]" },
	{ "or x5,x6,x0",      "or %[r0],%[r1],zero" },
};

START_TEST(test_families)
{
	emits_each(T(" %s ;\n", "exists true"), families, ARRAY_SIZE(families));
}
END_TEST

static const struct emit_at branch_emits[] = {
	{ 0, 1, "beq %[r0],zero,.Llt_LL0_%=" },
	{ 0, 2, "bne %[r0],%[r2],.Llt_LL0_%=" },
	{ 0, 3, "blt %[r0],%[r2],.Llt_LL0_%=" },
	{ 0, 4, "bge %[r0],%[r2],.Llt_LL0_%=" },
	{ 0, 5, "bltu %[r0],%[r2],.Llt_LL0_%=" },
	{ 0, 6, "bgeu %[r0],%[r2],.Llt_LL0_%=" },
	{ 0, 7, "j .Llt_LL1_%=" },
};

START_TEST(test_branches)
{
	struct lt_test *t = parse_ok(T(" L0: lw x5,0(x6) ;\n beq x5,x0,L0 ;\n"
				       " bne x5,x7,L0 ;\n blt x5,x7,L0 ;\n"
				       " bge x5,x7,L0 ;\n bltu x5,x7,L0 ;\n"
				       " bgeu x5,x7,L0 ;\n j L1 ;\n L1: ;\n",
				       "exists (0:x5=0)"));

	emits_at(t, branch_emits, ARRAY_SIZE(branch_emits));
	lt_test_free(t);
}
END_TEST

START_TEST(test_flags)
{
	struct lt_test *t = parse_ok(T(" amoswap.w.aq x5,x6,(x7) ;\n"
				       " sc.d.rl x5,x6,(x7) ;\n lr.w.aqrl x5,(x7) ;\n",
				       "exists (0:x5=0)"));

	ck_assert_uint_eq(t->threads[0].insns[0].flags, LT_RV_AQ);
	ck_assert_uint_eq(t->threads[0].insns[0].width, 32);
	ck_assert_uint_eq(t->threads[0].insns[1].flags, LT_RV_RL);
	ck_assert_uint_eq(t->threads[0].insns[1].width, 64);
	ck_assert_uint_eq(t->threads[0].insns[2].flags, LT_RV_AQ | LT_RV_RL);
	lt_test_free(t);
}
END_TEST

static const struct registry_case registry = {
	&lt_arch_riscv64, { "riscv64", "riscv", "RISCV", NULL },
	"RISCV", "riscv", "riscv64-linux-gnu-gcc", "qemu-riscv64",
};

/* ABI names are xN; x0 is never a register of the test. */
static const struct canon_case canons[] = {
	{ "a0", "x10", 64 }, { "X31", "x31", 0 }, { "fp", "x8", 0 }, { "s10", "x26", 0 },
	{ "x0", NULL, 0 }, { "zero", NULL, 0 }, { "x32", NULL, 0 }, { "x05", NULL, 0 },
	{ "r1", NULL, 0 },
};

START_TEST(test_registry)
{
	registry_is(&registry);
#if defined(__riscv) && __riscv_xlen == 64
	ck_assert_ptr_eq(lt_arch_native(), &lt_arch_riscv64);
#endif
	canons_each(&lt_arch_riscv64, canons, ARRAY_SIZE(canons));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/* The ordering bits, and each substitution recorded as written. */
START_TEST(test_acquire_release)
{
	struct lt_test *t = parse_ok(T(" lw.aq x7,0(x8) ;\n sw.rl x7, 4(x8) ;\n"
				       " lwu.aqrl x9,0(x8) ;\n lw x9,0(x8) ;\n"
				       " sc.w.aq x10,x9,(x8) ;\n", "exists true"));
	const struct lt_insn *in = t->threads[0].insns;

	ck_assert_int_eq(in[0].op, LT_RV_LW);
	ck_assert_uint_eq(in[0].flags, LT_RV_AQ);
	ck_assert_uint_eq(in[0].width, 32);
	ck_assert_int_eq(in[1].op, LT_RV_SW);
	ck_assert_uint_eq(in[1].flags, LT_RV_RL);
	ck_assert_int_eq(in[2].op, LT_RV_LWU);
	ck_assert_uint_eq(in[2].flags, LT_RV_AQ | LT_RV_RL);
	/* lwu zero-extends, .aqrl or not: read whole. */
	ck_assert_uint_eq(t->regs[lt_test_find_reg(t, 0, "x9")].width, 64);
	/* Only the plain accesses are substituted; the SC has an encoding. */
	ck_assert_int_eq(t->nsubst, 3);
	ck_assert_str_eq(t->subst[0].insn, "lw.aq x7,0(x8)");
	ck_assert_str_eq(t->subst[0].as, "lw x7,0(x8); fence r,rw");
	ck_assert_str_eq(t->subst[1].insn, "sw.rl x7, 4(x8)");
	ck_assert_str_eq(t->subst[1].as, "fence rw,w; sw x7, 4(x8)");
	ck_assert_str_eq(t->subst[2].insn, "lwu.aqrl x9,0(x8)");
	ck_assert_str_eq(t->subst[2].as, "fence rw,rw; lwu x9,0(x8); fence r,rw");
	lt_test_free(t);
}
END_TEST

/*
 * MP with a store-release and a load-acquire, every width: forbidden by
 * rules 5 and 6; herd7 7.58 gives these states.
 */
START_TEST(test_acquire_release_model)
{
	static const char *const pairs[][2] = {
		{ "sw.rl", "lw.aq" }, { "sd.rl", "ld.aq" }, { "sb.aqrl", "lbu.aqrl" },
		{ "sh.aq.rl", "lh.aq.rl" },
	};

	for (size_t k = 0; k < ARRAY_SIZE(pairs); k++) {
		char src[512], *got;

		snprintf(src, sizeof(src),
			 "RISCV MP\n{ 0:x5=x; 0:x6=y; 1:x5=x; 1:x6=y; }\n"
			 " P0 | P1 ;\n li x7,1 | %s x7,0(x6) ;\n"
			 " sw x7,0(x5) | lw x8,0(x5) ;\n %s x7,0(x6) | ;\n"
			 "exists (1:x7=1 /\\ 1:x8=0)\n", pairs[k][1], pairs[k][0]);
		got = model_states(src, NULL, NULL);
		ck_assert_msg(strcmp(got, "1:x7=0; 1:x8=0;\n1:x7=0; 1:x8=1;\n"
				     "1:x7=1; 1:x8=1;\n") == 0,
			      "%s/%s: %s", pairs[k][0], pairs[k][1], got);
		free(got);
	}
}
END_TEST

/*
 * A successful SC's rd depends on the SC's write: LB whose P0 orders its
 * read before its write only through the SC (data into the SC, rd into the
 * address of the store) is forbidden when the SC succeeds (0:x10=0), not
 * when it fails (rd = 1 depends on nothing).  herd7 7.58's states.
 */
static const char lb_sc[] =
	"RISCV LB+data-sc-addr\n"
	"{ 0:x6=x; 0:x8=z; 0:x9=y; 1:x6=y; 1:x9=x; }\n"
	" P0               | P1          ;\n"
	" lw x5,0(x6)      | lw x5,0(x6) ;\n"
	" lr.w x7,(x8)     | fence rw,rw ;\n"
	" sc.w x10,x5,(x8) | li x7,1     ;\n"
	" xor x11,x10,x10  | sw x7,0(x9) ;\n"
	" add x11,x11,x9   |             ;\n"
	" li x12,1         |             ;\n"
	" sw x12,0(x11)    |             ;\n"
	"exists (0:x5=1 /\\ 1:x5=1 /\\ 0:x10=0)\n";

START_TEST(test_sc_result_dependency)
{
	char *got = model_states(lb_sc, NULL, NULL);

	ck_assert_str_eq(got,
			 "0:x5=0; 0:x10=0; 1:x5=0;\n"
			 "0:x5=0; 0:x10=0; 1:x5=1;\n"
			 "0:x5=0; 0:x10=1; 1:x5=0;\n"
			 "0:x5=0; 0:x10=1; 1:x5=1;\n"
			 "0:x5=1; 0:x10=0; 1:x5=0;\n"
			 "0:x5=1; 0:x10=1; 1:x5=0;\n"
			 "0:x5=1; 0:x10=1; 1:x5=1;\n");
	free(got);
}
END_TEST

/* An SC to another address than its LR's cannot succeed (herd's rule). */
START_TEST(test_sc_other_address)
{
	char *got = model_states("RISCV LRSC-diff\n{ 0:x6=x; 0:x7=y; }\n P0 ;\n"
				 " lr.w x5,(x6) ;\n li x9,1 ;\n sc.w x8,x9,(x7) ;\n"
				 " sc.w x10,x9,(x6) ;\n"
				 "exists (0:x8=0 \\/ 0:x10=0 \\/ y=1 \\/ x=1)\n", NULL, NULL);

	/* The second SC has no reservation left: the first one took it. */
	ck_assert_str_eq(got, "0:x8=1; 0:x10=1; [x]=0; [y]=0;\n");
	free(got);
}
END_TEST

/* Refused, at line 4 of T(" %s ;\n", ...): the text, its column and the message. */
static const struct bad_case bad_one[] = {
	/* mnemonics, registers, operands, immediates, labels */
	{ "foo x1", 2, "unknown RISCV instruction 'foo'" },
	{ "amoswap.q x5,x6,(x7)", 2, "unknown RISCV instruction 'amoswap.q'" },
	{ "lr.w.acq x5,(x6)", 2, "unknown RISCV instruction 'lr.w.acq'" },
	/* herd has loads that acquire and stores that release, not the reverse. */
	{ "lw.rl x5,0(x6)", 2, "unknown RISCV instruction 'lw.rl'" },
	{ "sw.aq x5,0(x6)", 2, "unknown RISCV instruction 'sw.aq'" },
	{ "li.aq x5,1", 2, "unknown RISCV instruction 'li.aq'" },
	{ "lw x32,0(x6)", 5, "'x32' is not a RISCV register" },
	{ "add x5,x6,r7", 12, "'add': expected a register, found 'r7'" },
	{ "add x5,x6", 2, "'add' takes 3 operands, not 2" },
	{ "addi x5,x6,2048", 13, "immediate 2048 out of range for 'addi'" },
	{ "li x5,x6", 8, "'li': expected an immediate" },
	{ "j 9", 4, "'j': invalid label '9'" },
	{ "beq x5,x6,L9", 2, "undefined label 'L9' in P0" },
	{ "fence.tso rw", 2, "'fence.tso' takes 0 operands, not 1" },
	/* fence sets */
	{ "fence rw,rx", 11, "invalid fence set 'rx'" },
	{ "fence wr,r", 8, "invalid fence set 'wr'" },
	{ "fence rr,w", 8, "invalid fence set 'rr'" },
	{ "fence 0,w", 8, "invalid fence set '0'" },
	{ "fence rw", 2, "'fence' takes 2 operands, not 1" },
	{ "fence rw,rw,rw", 2, "'fence' takes 2 operands, not 3" },
	/* memory operands */
	{ "lw x5,0(q7)", 10, "'lw': expected a register, found 'q7'" },
	{ "lw x5,x6", 8, "'lw': expected a memory operand off(rs1), found 'x6'" },
	{ "lw x5,0(x0)", 10, "x0 cannot be a base register" },
	{ "lw x5,4096(x6)", 8, "offset 4096 out of range (-2048 to 2047)" },
	{ "lw x5,0(x6", 11, "expected ')'" },
	{ "lr.w x5,4(x6)", 10, "'lr.w' takes no offset" },
	{ "amoadd.w x5,x6,8(x7)", 17, "'amoadd.w' takes no offset" },
	{ "sc.w x5,x6,x7", 13, "expected a memory operand" },
};

START_TEST(test_bad)
{
	bads_each(T(" %s ;\n", "exists true"), 4, bad_one, ARRAY_SIZE(bad_one));
	bad(T(" lw x5,0(x6) ;\n", "exists (0:x0=0)"), 5, 11,
	    "'x0' is not a usable RISCV register");
	bad(T(" lw x5,0(x6) ;\n", "exists (0:q1=0)"), 5, 11,
	    "'q1' is not a usable RISCV register");
	/* a1 is x11, which P0 never names: herd's 0, no longer refused. */
	parses_with_reg(T(" lw x5,0(x6) ;\n", "exists (0:a1=0)"), 0, "x11");
}
END_TEST

int main(void)
{
	const check_test tests[] = {
		test_suite_files, test_a01, test_abi_names, test_families, test_branches,
		test_flags, test_registry, test_acquire_release, test_acquire_release_model,
		test_sc_result_dependency, test_sc_other_address, test_bad,
	};

	return run_tests("riscv", tests, ARRAY_SIZE(tests));
}
