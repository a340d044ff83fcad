/* SPDX-License-Identifier: MIT */
/*
 * The AArch64 module: the herd catalogue's AArch64 tests, the IR of known
 * tests, the emitted template of every instruction family, and positioned
 * errors on bad input.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "model/model.h"
#include "isa.h"
#include "check-util.h"

/* A test around a thread table and a condition: the table starts on line 3. */
#define T(table, cond) "AArch64 T\n{ }\n" table cond "\n"
/* One instruction on line 4, column 2, and a label L0 after it. */
#define ONE(insn) T(" P0 ;\n " insn " ;\n L0: ;\n", "exists true")

/* ------------------------------------------------------------------ */

static void catalogue_test(struct lt_test *t)
{
	ck_assert_str_eq(t->arch->name, "aarch64");
	ck_assert_str_eq(t->arch_name, "AArch64");
	/* herd's names: "LB+rel+CAS-ok-MRs-addr.litmus" is LB+rel+CAS-ok-MRs-addr. */
	ck_assert_ptr_null(strstr(t->name, ".litmus"));
}

START_TEST(test_catalogue)
{
	int n = walk_tests("../shared/herd-catalogue/aarch64", true, catalogue_test);

	if (n >= 0)
		ck_assert_int_eq(n, 70);
}
END_TEST

static const char mp_src[] =
	"AArch64 MP\n"
	"\"PodWW Rfe PodRR Fre\"\n"
	"Cycle=Rfe PodRR Fre PodWW\n"
	"{\n"
	"0:X1=x; 0:X3=y;\n"
	"1:X1=y; 1:X3=x;\n"
	"}\n"
	" P0          | P1          ;\n"
	" MOV W0,#1   | LDR W0,[X1] ;\n"
	" STR W0,[X1] | LDR W2,[X3] ;\n"
	" MOV W2,#1   |             ;\n"
	" STR W2,[X3] |             ;\n"
	"exists\n"
	"(1:X0=1 /\\ 1:X2=0)\n";

static const struct emit_at mp_emits[] = {
	{ 1, 0, "ldr %w[r5],[%x[r2]]" },
	{ 0, 0, "mov %w[r4],#1" },
	{ 0, 1, "str %w[r4],[%x[r0]]" },
};

START_TEST(test_mp)
{
	struct lt_test *t = parse_ok(mp_src);
	const struct lt_insn *in;

	ck_assert_str_eq(t->name, "MP");
	ck_assert_ptr_eq(t->arch, &lt_arch_aarch64);
	ck_assert_int_eq(t->nlocs, 2);
	ck_assert_str_eq(t->locs[0].name, "x");
	ck_assert_str_eq(t->locs[1].name, "y");
	ck_assert_int_eq(t->nthreads, 2);
	/* Registers: the init block's first, then those the code adds. */
	ck_assert_int_eq(t->nregs, 8);
	ck_assert_int_eq(t->regs[0].thread, 0);
	ck_assert_str_eq(t->regs[0].name, "X1");
	ck_assert(t->regs[0].has_init);
	ck_assert(t->regs[0].init.is_sym);
	ck_assert_int_eq(t->regs[0].init.loc, 0);
	ck_assert_int_eq(t->regs[0].type, LT_T_PTR);
	ck_assert_uint_eq(t->regs[0].width, 64);
	ck_assert_str_eq(t->regs[2].name, "X1");
	ck_assert_int_eq(t->regs[2].thread, 1);
	ck_assert_int_eq(t->regs[2].init.loc, 1);
	ck_assert_str_eq(t->regs[4].name, "X0");
	ck_assert_int_eq(t->regs[4].thread, 0);
	ck_assert(!t->regs[4].has_init);
	ck_assert_uint_eq(t->regs[4].width, 32);
	ck_assert_int_eq(t->regs[4].type, LT_T_INT64);
	ck_assert_int_eq(t->nobserved, 2);
	ck_assert_str_eq(var(t, t->observed[0]), "1:X0");
	ck_assert_str_eq(var(t, t->observed[1]), "1:X2");
	ck_assert_int_eq(t->quant, LT_Q_EXISTS);
	ck_assert_str_eq(t->cond_text, "exists (1:X0=1 /\\ 1:X2=0)");

	in = &t->threads[1].insns[0];
	ck_assert_int_eq(in->op, LT_A64_LDR);
	ck_assert_uint_eq(in->width, 32);
	ck_assert_int_eq(in->nops, 2);
	ck_assert_int_eq(in->ops[0].kind, LT_OP_REG);
	ck_assert_uint_eq(in->ops[0].width, 32);
	ck_assert_str_eq(t->regs[in->ops[0].reg].name, "X0");
	ck_assert_int_eq(in->ops[1].kind, LT_OP_MEM);
	ck_assert_int_eq(in->ops[1].reg, 2);
	ck_assert_int_eq(in->ops[1].loc, -1);
	ck_assert_int_eq(in->ops[1].index, -1);
	ck_assert_uint_eq(in->ops[1].width, 32);
	ck_assert_int_eq(in->pos.line, 9);
	ck_assert_int_eq(in->pos.col, 16);
	emits_at(t, mp_emits, ARRAY_SIZE(mp_emits));
	ck_assert_int_eq(t->threads[0].insns[0].op, LT_A64_MOV);
	ck_assert_int_eq(t->threads[0].insns[0].ops[1].kind, LT_OP_IMM);
	ck_assert_int_eq(t->threads[0].insns[0].ops[1].imm, 1);
	lt_test_free(t);
}
END_TEST

/* herd's LB+rel+CAS-ok-MRs-addr: WZR, an address dependency through SXTW. */
static const char lb_cas_src[] =
	"AArch64 LB+rel+CAS-ok-MRs-addr.litmus\n"
	"{\n"
	"  x = 0;\n"
	"  y = 0;\n"
	"  0: X0 = x;         1: X0 = x;\n"
	"  0: X1 = y;         1: X1 = y;\n"
	"}\n"
	"P0                 | P1                     ;\n"
	"LDR W3, [X0]       | MOV W3, #1             ;\n"
	"MOV W4, #1         | CAS W3, WZR, [X1]      ;\n"
	"STLR W4, [X1]      | EOR W4, W3, W3         ;\n"
	"                   | MOV W5, #1             ;\n"
	"                   | STR W5, [X0, W4, SXTW] ;\n"
	"exists (0: X3 = 1 /\\ 1: X3 = 1)\n";

START_TEST(test_lb_rel_cas)
{
	struct lt_test *t = parse_ok(lb_cas_src);
	const struct lt_thread *p1 = &t->threads[1];
	const struct lt_insn *cas = &p1->insns[1], *str = &p1->insns[4];
	int x3 = lt_test_find_reg(t, 1, "X3"), x4 = lt_test_find_reg(t, 1, "X4");

	ck_assert_str_eq(t->name, "LB+rel+CAS-ok-MRs-addr");
	ck_assert_int_eq(t->nlocs, 2);
	ck_assert_int_eq(t->locs[0].init.i, 0);
	ck_assert_int_ge(x3, 0);
	ck_assert_int_ge(x4, 0);
	ck_assert_int_eq(cas->op, LT_A64_CAS);
	ck_assert_uint_eq(cas->width, 32);
	ck_assert_int_eq(cas->ops[0].reg, x3);
	ck_assert_int_eq(cas->ops[1].kind, LT_OP_REG);
	ck_assert_int_eq(cas->ops[1].reg, LT_A64_ZR);
	ck_assert_uint_eq(cas->ops[1].width, 32);
	ck_assert_int_eq(cas->ops[2].kind, LT_OP_MEM);
	ck_assert_str_eq(t->regs[cas->ops[2].reg].name, "X1");
	ck_assert_str_eq(emit(t, 1, 1), "cas %w[r5],wzr,[%x[r3]]");

	ck_assert_int_eq(str->op, LT_A64_STR);
	ck_assert_int_eq(str->ops[1].index, x4);
	ck_assert_uint_eq(str->flags & LT_A64_EXT_MASK, LT_A64_EXT_SXTW);
	ck_assert(!(str->flags & LT_A64_EXT_AMOUNT));
	ck_assert_str_eq(emit(t, 1, 4), "str %w[r8],[%x[r1],%w[r7],sxtw]");
	/* The index is read as a W register, the base as an X register. */
	ck_assert_uint_eq(t->regs[x4].width, 32);
	ck_assert_uint_eq(t->regs[cas->ops[2].reg].width, 64);

	ck_assert_int_eq(t->nobserved, 2);
	ck_assert_str_eq(var(t, t->observed[0]), "0:X3");
	ck_assert_str_eq(var(t, t->observed[1]), "1:X3");
	lt_test_free(t);
}
END_TEST

/* Branches, labels and CSEL: the control and data dependencies of herd's tests. */
static const struct emit_at branch_emits[] = {
	{ 0, 2, "b.eq .Llt_Lover_%=" },
	{ 0, 5, "b.ne .Llt_Lover_%=" },
	{ 1, 2, "csel %w[r4],wzr,%w[r2],ne" },
	{ 1, 3, "cbnz %w[r4],.Llt_Lout_%=" },
	{ 1, 5, "b .Llt_Lout_%=" },
};

START_TEST(test_branches)
{
	struct lt_test *t = parse_ok(T(
		" P0            | P1                   ;\n"
		" LDR W0,[X1]   | LDR W0,[X1]          ;\n"
		" CMP W0,#1     | CMP W0,#0            ;\n"
		" B.EQ over     | CSEL W2,WZR,W0,NE    ;\n"
		" MOV W1,W3     | CBNZ W2,out          ;\n"
		" over:         | out:                 ;\n"
		" b.ne over     | B out                ;\n",
		"exists (0:X0=1 /\\ 1:X2=0)"));
	const struct lt_thread *p0 = &t->threads[0], *p1 = &t->threads[1];

	ck_assert_int_eq(p0->ninsns, 6);
	ck_assert_int_eq(p0->insns[2].op, LT_A64_BCOND);
	ck_assert_int_eq(p0->insns[2].ops[0].kind, LT_OP_LABEL);
	ck_assert_str_eq(p0->insns[2].ops[0].name, "over");
	ck_assert_int_eq(p0->insns[2].ops[1].kind, LT_OP_SYM);
	ck_assert_str_eq(p0->insns[2].ops[1].name, "eq");
	ck_assert_int_eq(p0->insns[4].op, -1);
	ck_assert_str_eq(p0->insns[4].label, "over");
	ck_assert_int_eq(p1->insns[2].op, LT_A64_CSEL);
	ck_assert_int_eq(p1->insns[2].ops[3].kind, LT_OP_SYM);
	ck_assert_str_eq(p1->insns[2].ops[3].name, "ne");
	emits_at(t, branch_emits, ARRAY_SIZE(branch_emits));
	lt_test_free(t);
}
END_TEST

/* The exact template of one instruction of every accepted family. */
static const struct emit_case emits[] = {
	/* loads and stores, every addressing mode */
	{ "LDR W0,[X1]", "ldr %w[r0],[%x[r1]]" },
	{ "LDR X0,[X1,#8]", "ldr %x[r0],[%x[r1],#8]" },
	{ "LDR W0,[X1,#0]", "ldr %w[r0],[%x[r1]]" },
	{ "LDR W0,[X1,X2]", "ldr %w[r0],[%x[r1],%x[r2]]" },
	{ "LDR W4,[X3,W0,SXTW]", "ldr %w[r0],[%x[r1],%w[r2],sxtw]" },
	{ "ldr x0, [ x1 , x2 , lsl #3 ]", "ldr %x[r0],[%x[r1],%x[r2],lsl #3]" },
	{ "LDR W0,[X1,W2,UXTW #2]", "ldr %w[r0],[%x[r1],%w[r2],uxtw #2]" },
	{ "LDR W0,[X1,X2,SXTX]", "ldr %w[r0],[%x[r1],%x[r2],sxtx]" },
	{ "LDRB W0,[X1]", "ldrb %w[r0],[%x[r1]]" },
	{ "LDRH W0,[X1,#2]", "ldrh %w[r0],[%x[r1],#2]" },
	{ "STR WZR,[X1]", "str wzr,[%x[r0]]" },
	{ "STR X5,[X1,X2,LSL #0]", "str %x[r0],[%x[r1],%x[r2],lsl #0]" },
	{ "STRB W0,[X1,#4095]", "strb %w[r0],[%x[r1],#4095]" },
	{ "STRH W0,[X1]", "strh %w[r0],[%x[r1]]" },
	/* ordered and exclusive */
	{ "LDAR X0,[X1]", "ldar %x[r0],[%x[r1]]" },
	{ "LDARB W0,[X1]", "ldarb %w[r0],[%x[r1]]" },
	{ "LDAPR W0,[X1]", "ldapr %w[r0],[%x[r1]]" },
	{ "LDAPRH W0,[X1]", "ldaprh %w[r0],[%x[r1]]" },
	{ "STLR W0,[X1]", "stlr %w[r0],[%x[r1]]" },
	{ "STLRB W0,[X1]", "stlrb %w[r0],[%x[r1]]" },
	{ "LDXR W0,[X1]", "ldxr %w[r0],[%x[r1]]" },
	{ "LDAXR X0,[X1]", "ldaxr %x[r0],[%x[r1]]" },
	{ "STXR W2,W0,[X1]", "stxr %w[r0],%w[r1],[%x[r2]]" },
	{ "STLXR W2,X0,[X1]", "stlxr %w[r0],%x[r1],[%x[r2]]" },
	{ "STLXRB W2,W0,[X1]", "stlxrb %w[r0],%w[r1],[%x[r2]]" },
	/* atomics */
	{ "CAS W0,W1,[X2]", "cas %w[r0],%w[r1],[%x[r2]]" },
	{ "CASA W0,W1,[X2]", "casa %w[r0],%w[r1],[%x[r2]]" },
	{ "CASL W0,W1,[X2]", "casl %w[r0],%w[r1],[%x[r2]]" },
	{ "CASAL X0,X1,[X2]", "casal %x[r0],%x[r1],[%x[r2]]" },
	{ "CASB W0,W1,[X2]", "casb %w[r0],%w[r1],[%x[r2]]" },
	{ "CASALH W0,W1,[X2]", "casalh %w[r0],%w[r1],[%x[r2]]" },
	{ "CASA WZR,W4,[X3]", "casa wzr,%w[r0],[%x[r1]]" },
	{ "SWP W4,W2,[X3]", "swp %w[r0],%w[r1],[%x[r2]]" },
	{ "SWPA W4,WZR,[X3]", "swpa %w[r0],wzr,[%x[r1]]" },
	{ "SWPL X4,X2,[X3]", "swpl %x[r0],%x[r1],[%x[r2]]" },
	{ "SWPAL W4,W2,[X3]", "swpal %w[r0],%w[r1],[%x[r2]]" },
	{ "SWPAB W4,W2,[X3]", "swpab %w[r0],%w[r1],[%x[r2]]" },
	{ "LDADD W4,W2,[X3]", "ldadd %w[r0],%w[r1],[%x[r2]]" },
	{ "LDADDA W4,W2,[X3]", "ldadda %w[r0],%w[r1],[%x[r2]]" },
	{ "LDADDL W4,W2,[X3]", "ldaddl %w[r0],%w[r1],[%x[r2]]" },
	{ "LDADDAL X4,XZR,[X3]", "ldaddal %x[r0],xzr,[%x[r1]]" },
	{ "LDADDALH W4,W2,[X3]", "ldaddalh %w[r0],%w[r1],[%x[r2]]" },
	{ "LDCLR W4,W2,[X3]", "ldclr %w[r0],%w[r1],[%x[r2]]" },
	{ "LDEORL W4,W2,[X3]", "ldeorl %w[r0],%w[r1],[%x[r2]]" },
	{ "LDSETAB W4,W2,[X3]", "ldsetab %w[r0],%w[r1],[%x[r2]]" },
	{ "STADD W0,[X1]", "stadd %w[r0],[%x[r1]]" },
	{ "STADDL X0,[X1]", "staddl %x[r0],[%x[r1]]" },
	{ "STSETB W0,[X1]", "stsetb %w[r0],[%x[r1]]" },
	{ "STEORLH W0,[X1]", "steorlh %w[r0],[%x[r1]]" },
	{ "STCLR W0,[X1]", "stclr %w[r0],[%x[r1]]" },
	/* barriers */
	{ "DMB SY", "dmb sy" },
	{ "DMB ISH", "dmb ish" },
	{ "DMB ISHLD", "dmb ishld" },
	{ "DMB ISHST", "dmb ishst" },
	{ "DMB LD", "dmb ld" },
	{ "DMB ST", "dmb st" },
	{ "dmb osh", "dmb osh" },
	{ "DMB NSHST", "dmb nshst" },
	{ "DSB SY", "dsb sy" },
	{ "DSB ISH", "dsb ish" },
	{ "ISB", "isb" },
	{ "NOP", "nop" },
	/* data processing */
	{ "MOV W0,#1", "mov %w[r0],#1" },
	{ "MOV W0,1", "mov %w[r0],#1" },
	{ "MOV X0,#-1", "mov %x[r0],#-1" },
	{ "MOV X0,#0x10000", "mov %x[r0],#65536" },
	{ "MOV W0,#0x55555555", "mov %w[r0],#1431655765" },
	{ "MOV W0,W1", "mov %w[r0],%w[r1]" },
	{ "MOV W0,WZR", "mov %w[r0],wzr" },
	{ "ADD W0,W1,#1", "add %w[r0],%w[r1],#1" },
	{ "ADD W0,W1,#1,LSL #12", "add %w[r0],%w[r1],#1,lsl #12" },
	{ "ADD X0,X1,X2", "add %x[r0],%x[r1],%x[r2]" },
	{ "ADD X0,X1,W2,SXTW", "add %x[r0],%x[r1],%w[r2],sxtw" },
	{ "ADD X0,X1,X2,LSL #2", "add %x[r0],%x[r1],%x[r2],lsl #2" },
	{ "SUB W0,W1,W2", "sub %w[r0],%w[r1],%w[r2]" },
	{ "SUB X0,X1,#4095", "sub %x[r0],%x[r1],#4095" },
	{ "EOR W22,W12,W12", "eor %w[r0],%w[r1],%w[r1]" },
	{ "EOR W0,W1,#1", "eor %w[r0],%w[r1],#1" },
	{ "AND W10,W5,#2", "and %w[r0],%w[r1],#2" },
	{ "ORR X0,X1,X2,LSR #3", "orr %x[r0],%x[r1],%x[r2],lsr #3" },
	{ "AND W0,WZR,W1", "and %w[r0],wzr,%w[r1]" },
	{ "CMP W0,#1", "cmp %w[r0],#1" },
	{ "CMP W4,W0", "cmp %w[r0],%w[r1]" },
	{ "CMP X0,X1,LSL #1", "cmp %x[r0],%x[r1],lsl #1" },
	{ "CSEL W1,W1,W3,EQ", "csel %w[r0],%w[r0],%w[r1],eq" },
	{ "CSEL W2, WZR, W5, NE", "csel %w[r0],wzr,%w[r1],ne" },
	{ "CSINC X0,X1,X2,GE", "csinc %x[r0],%x[r1],%x[r2],ge" },
	{ "CSINV W0,W1,W2,HS", "csinv %w[r0],%w[r1],%w[r2],hs" },
	{ "CSNEG W0,W1,W2,lt", "csneg %w[r0],%w[r1],%w[r2],lt" },
	/* branches */
	{ "B L0", "b .Llt_LL0_%=" },
	{ "B.EQ L0", "b.eq .Llt_LL0_%=" },
	{ "b.gt L0", "b.gt .Llt_LL0_%=" },
	{ "CBZ W0,L0", "cbz %w[r0],.Llt_LL0_%=" },
	{ "CBNZ X3,L0", "cbnz %x[r0],.Llt_LL0_%=" },
};

START_TEST(test_emit)
{
	emits_each(ONE("%s"), emits, ARRAY_SIZE(emits));
}
END_TEST

/*
 * herd7 7.58 prints "Flag Assuming-common-inner-shareable-domain" for a
 * test with a DMB/DSB of the ISH or OSH domain (MP+dmb.ish+po), not for SY
 * or NSH; --check-only's report does too.
 */
START_TEST(test_herd_flag)
{
	static const struct {
		const char *insn;
		bool flag;
	} cases[] = {
		{ "DMB ISH", true }, { "DMB ishld", true }, { "DSB OSHST", true },
		{ "DMB SY", false }, { "DSB LD", false }, { "DMB NSH", false },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char src[256];
		struct lt_test *t;
		struct lt_model_result m;
		struct lt_error err;
		struct lt_buf b = LT_BUF_INIT;

		snprintf(src, sizeof(src), T(" P0 ;\n MOV W1,#1 ;\n %s ;\n", "exists (0:X1=1)"),
			 cases[i].insn);
		t = parse_ok(src);
		ck_assert_int_eq(lt_arch_aarch64.herd_flag(t) != NULL, cases[i].flag);
		ck_assert_int_eq(model_allowed_states(t, "armv8", &m, &err), 0);
		model_format_herd(t, &m, &b);
		ck_assert_msg((strstr(b.s, "\nFlag Assuming-common-inner-shareable-domain\n"
				      "Condition") != NULL) == cases[i].flag, "%s: %s",
			      cases[i].insn, b.s);
		lt_buf_free(&b);
		model_result_free(&m);
		lt_test_free(t);
	}
}
END_TEST

static const struct registry_case registry = {
	&lt_arch_aarch64, { "aarch64", "arm64", "ARMv8", "AArch64", NULL },
	"AArch64", "armv8", "aarch64-linux-gnu-gcc", "qemu-aarch64",
};

/* W and X name one register; the zero register and SP are not the test's. */
static const struct canon_case canons[] = {
	{ "W5", "X5", 32 }, { "x30", "X30", 64 }, { "X31", NULL, 0 }, { "X01", NULL, 0 },
	{ "XZR", NULL, 0 }, { "WZR", NULL, 0 }, { "SP", NULL, 0 }, { "x", NULL, 0 },
};

START_TEST(test_registry)
{
	char out[16];
	unsigned w;

	registry_is(&registry);
#ifdef __aarch64__
	ck_assert_ptr_eq(lt_arch_native(), &lt_arch_aarch64);
#endif
	canons_each(&lt_arch_aarch64, canons, ARRAY_SIZE(canons));
	ck_assert_int_eq(lt_arch_aarch64.reg_canon("X5", out, 2, &w), -1);
	ck_assert_str_eq(lt_arch_aarch64.reg_constraint(NULL, 0), "r");
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/* Refused, at line 4 of ONE(): the text, its column and the message. */
static const struct bad_case bad_one[] = {
	/* mnemonics and operand counts */
	{ "FOO W0,[X1]", 2, "unknown AArch64 instruction 'FOO'" },
	{ "LDUR W0,[X1]", 2, "unknown AArch64 instruction 'LDUR'" },
	{ "B.XX L0", 2, "unknown AArch64 instruction 'B.XX'" },
	{ "LDR W0,[X1] ; system", 16, "unknown AArch64 instruction 'system'" },
	{ "\x01 W0", 2, "expected an instruction, found" },
	{ "LDR W0", 2, "'LDR' takes 2 operands, not 1" },
	{ "DMB", 2, "'DMB' takes 1 operand, not 0" },
	{ "ADD W0,W1", 2, "'ADD' takes 3 or 4 operands, not 2" },
	{ "NOP,", 5, "unexpected ',' after 'NOP'" },
	/* registers */
	{ "LDR W31,[X1]", 6, "unknown AArch64 register 'W31'" },
	{ "LDR W0,[X99]", 10, "unknown AArch64 register 'X99'" },
	{ "LDR W0,[SP]", 10, "register 'SP' cannot be used in a test" },
	{ "MOV WSP,W0", 6, "register 'WSP' cannot be used in a test" },
	{ "LDRB X0,[X1]", 7, "'LDRB': the data register must be a W register" },
	{ "STXR X0,W1,[X2]", 7, "'STXR': the status register must be a W register" },
	{ "STXR W0,W0,[X1]", 7, "the status register must differ" },
	{ "MOV W0,X1", 9, "operand size mismatch (32-bit and 64-bit registers)" },
	{ "CAS W0,X1,[X2]", 9, "operand size mismatch" },
	{ "ADD W0,WZR,#1", 9, "the first source cannot be the zero register" },
	{ "MOV WZR,#1", 6, "the destination cannot be the zero register" },
	{ "LDR W0,W1", 9, "the last operand must be a memory operand" },
	{ "CBZ L0,L0", 6, "'CBZ': the tested register must be a register" },
	/* memory operands */
	{ "LDR W0,[X1,W2]", 13, "a W index register needs an extend" },
	{ "LDR W0,[X1,X2,SXTW]", 13, "the index must be a W register with sxtw" },
	{ "LDR W0,[X1,W2,LSL #2]", 13, "the index must be an X register with lsl" },
	{ "LDR W0,[X1,X2,ROR #1]", 16, "invalid extend 'ROR #1' in a memory operand" },
	{ "LDR W0,[X1,X2,LSL]", 16, "LSL needs an amount" },
	{ "LDR W0,[X1,X2,LSL #3]", 16, "the index can only be shifted by 0 or 2" },
	{ "LDR W0,[W1]", 10, "the base of a memory operand must be an X register" },
	{ "LDR W0,[XZR]", 10, "the base of a memory operand must be an X register" },
	{ "LDR W0,[x]", 10, "memory is addressed through a register" },
	{ "LDR W0,[X1,#-4]", 9, "offset -4 cannot be encoded (a multiple of 4 from 0 to 16380)" },
	{ "LDR X0,[X1,#4]", 9, "offset 4 cannot be encoded (a multiple of 8" },
	{ "LDR W0,[X1,#4,LSL #2]", 16, "an immediate offset takes no extend" },
	{ "LDAR W0,[X1,#8]", 10, "'LDAR' only takes a base register address" },
	{ "CAS W0,W1,[X2,X3]", 12, "'CAS' only takes a base register address" },
	{ "LDR W0,[X1", 9, "unbalanced '[' in operand" },
	{ "LDR W0,X1]", 11, "unbalanced ']'" },
	/* barrier options, conditions, immediates, shifts, labels */
	{ "DMB FOO", 6, "'DMB': invalid barrier option 'FOO'" },
	{ "DSB #15", 6, "'DSB': invalid barrier option" },
	{ "CSEL W0,W1,W2,XX", 16, "'CSEL': invalid condition 'XX'" },
	{ "MOV W0,#0x12345", 9, "cannot be moved by one instruction" },
	{ "MOV W0,#0x100000000", 9, "does not fit a W register" },
	{ "EOR W0,W1,#0", 12, "is not a logical (bitmask) immediate" },
	{ "AND X0,X1,#5", 12, "is not a logical (bitmask) immediate" },
	{ "ADD W0,W1,#4096", 12, "immediate 4096 out of range (0 to 4095)" },
	{ "SUB W0,W1,#-1", 12, "immediate -1 out of range" },
	{ "ADD W0,W1,#1,LSL #3", 15, "an immediate takes only 'LSL #0' or 'LSL #12'" },
	{ "ADD X0,X1,X2,LSL", 15, "'ADD': lsl needs an amount" },
	{ "ADD W0,W1,W2,LSL #32", 15, "shift amount 32 out of range (0 to 31)" },
	{ "EOR W0,W1,W2,SXTW", 15, "'EOR': invalid shift 'SXTW'" },
	{ "ADD X0,X1,X2,SXTW", 12, "the extended register must be a W register" },
	{ "ADD W0,W1,W2,ROR #1", 15, "ROR is not a valid shift here" },
	{ "B 1", 4, "'B' needs a label" },
	{ "B L9", 2, "undefined label 'L9' in P0" },
	{ "MOV W0,#1x", 9, "'#1x' is not a number" },
	{ "MOV W0,@", 9, "invalid operand '@'" },
};

START_TEST(test_bad)
{
	bads_each(ONE("%s"), 4, bad_one, ARRAY_SIZE(bad_one));
	bad(T(" P0 ;\n NOP ;\n", "exists (0:XZR=0)"), 5, 11,
	    "'XZR' is not a usable AArch64 register");
	bad("AArch64 T\n{ 0:SP=x; }\n P0 ;\n NOP ;\nexists true\n", 2, 5,
	    "'SP' is not a usable AArch64 register");
}
END_TEST

int main(void)
{
	const check_test tests[] = {
		test_catalogue, test_mp, test_lb_rel_cas, test_branches, test_emit,
		test_herd_flag, test_registry, test_bad,
	};

	return run_tests("aarch64", tests, ARRAY_SIZE(tests));
}
