/* SPDX-License-Identifier: MIT */
/*
 * The .litmus parser and the X86_64 module: the herd catalogue, the IR of
 * known tests, emitted asm templates, and positioned errors on bad input.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "../../arch/aarch64/isa.h"
#include "../../arch/ppc64le/isa.h"
#include "../../arch/riscv64/isa.h"
#include "../../arch/x86_64/isa.h"
#include "check-util.h"

/* A test around a thread table and a condition. */
#define T(table, cond) "X86_64 T\n{ }\n" table cond "\n"

/* ------------------------------------------------------------------ */

static void catalogue_test(struct lt_test *t)
{
	ck_assert_int_eq(t->quant, LT_Q_EXISTS);
	ck_assert_str_eq(t->arch->name, "x86_64");
}

START_TEST(test_catalogue)
{
	int n = walk_tests("../shared/herd-catalogue/x86_64", true, catalogue_test);

	if (n >= 0)
		ck_assert_int_eq(n, 28);
}
END_TEST

static const char sb_src[] =
	"X86_64 SB\n"
	"\"PodWR Fre PodWR Fre\"\n"
	"Cycle=Fre PodWR Fre PodWR\n"
	"Relax=\n"
	"Generator=diy7 (version 7.57+1)\n"
	"{\n"
	"}\n"
	" P0            | P1            ;\n"
	" movl $1,(x)   | movl $1,(y)   ;\n"
	" movl (y),%eax | movl (x),%eax ;\n"
	"exists (0:rax=0 /\\ 1:rax=0)\n";

START_TEST(test_sb)
{
	struct lt_test *t = parse_ok(sb_src);

	ck_assert_str_eq(t->name, "SB");
	ck_assert_str_eq(t->arch_name, "X86_64");
	ck_assert_ptr_eq(t->arch, lt_arch_by_name("x86_64"));
	ck_assert_str_eq(t->doc, "PodWR Fre PodWR Fre");
	ck_assert_int_eq(t->nmeta, 3);
	ck_assert_str_eq(t->meta[0].key, "Cycle");
	ck_assert_str_eq(t->meta[0].value, "Fre PodWR Fre PodWR");
	ck_assert_str_eq(t->meta[1].key, "Relax");
	ck_assert_str_eq(t->meta[1].value, "");
	ck_assert_str_eq(t->meta[2].value, "diy7 (version 7.57+1)");
	ck_assert_int_eq(t->nlocs, 2);
	ck_assert_str_eq(t->locs[0].name, "x");
	ck_assert_str_eq(t->locs[1].name, "y");
	ck_assert_int_eq(t->locs[0].type, LT_T_INT);
	ck_assert(!t->locs[0].type_given);
	ck_assert_int_eq(t->nthreads, 2);
	ck_assert_int_eq(t->threads[1].id, 1);
	ck_assert_int_eq(t->threads[0].ninsns, 2);
	ck_assert_int_eq(t->nregs, 2);
	ck_assert_int_eq(t->regs[0].thread, 0);
	ck_assert_str_eq(t->regs[0].name, "rax");
	ck_assert_int_eq(t->regs[0].type, LT_T_INT64);
	ck_assert_uint_eq(t->regs[0].width, 32);
	ck_assert_int_eq(t->nobserved, 2);
	ck_assert_str_eq(var(t, t->observed[0]), "0:rax");
	ck_assert_str_eq(var(t, t->observed[1]), "1:rax");
	ck_assert_int_eq(t->quant, LT_Q_EXISTS);
	ck_assert_str_eq(t->cond_text, "exists (0:rax=0 /\\ 1:rax=0)");
	ck_assert_int_eq(t->expect, LT_EXPECT_NONE);
	ck_assert_ptr_null(t->filter);

	/* The IR of "movl (y),%eax" and the templates. */
	{
		const struct lt_insn *in = &t->threads[0].insns[1];

		ck_assert_int_eq(in->op, LT_X86_MOV);
		ck_assert_uint_eq(in->width, 32);
		ck_assert_int_eq(in->nops, 2);
		ck_assert_int_eq(in->ops[0].kind, LT_OP_MEM);
		ck_assert_int_eq(in->ops[0].loc, 1);
		ck_assert_int_eq(in->ops[0].reg, -1);
		ck_assert_int_eq(in->ops[1].kind, LT_OP_REG);
		ck_assert_int_eq(in->ops[1].reg, 0);
		ck_assert_str_eq(in->text, "movl (y),%eax");
		ck_assert_int_eq(in->pos.line, 10);
		ck_assert_int_eq(in->pos.col, 2);
		ck_assert_int_eq(t->threads[1].insns[1].pos.col, 18);
	}
	ck_assert_str_eq(emit(t, 0, 0), "movl $1,(%[a0])");
	ck_assert_str_eq(emit(t, 0, 1), "movl (%[a1]),%k[r0]");
	ck_assert_str_eq(emit(t, 1, 0), "movl $1,(%[a1])");
	ck_assert_str_eq(emit(t, 1, 1), "movl (%[a0]),%k[r1]");
	ck_assert_str_eq(t->arch->reg_constraint(t, 0), "r");
	lt_test_free(t);
}
END_TEST

START_TEST(test_mp_2p2w)
{
	struct lt_test *t = parse_ok(
		"X86_64 MP+po+po-rfi-po\n{\n}\n"
		" P0          | P1            ;\n"
		" movl $1,(x) | movl (y),%eax ;\n"
		" movl $1,(y) | movl $1,(z)   ;\n"
		"             | movl (z),%ebx ;\n"
		"             | movl (x),%ecx ;\n"
		"exists (1:rax=1 /\\ 1:rbx=1 /\\ 1:rcx=0)\n");

	ck_assert_int_eq(t->threads[0].ninsns, 2);
	ck_assert_int_eq(t->threads[1].ninsns, 4);
	ck_assert_int_eq(t->nobserved, 3);
	ck_assert_str_eq(var(t, t->observed[0]), "1:rax");
	ck_assert_str_eq(var(t, t->observed[1]), "1:rbx");
	ck_assert_str_eq(var(t, t->observed[2]), "1:rcx");
	ck_assert_str_eq(emit(t, 1, 3), "movl (%[a0]),%k[r2]");
	lt_test_free(t);

	t = parse_ok("X86_64 2+2W\n{\n}\n"
		     " P0          | P1          ;\n"
		     " movl $2,(x) | movl $2,(y) ;\n"
		     " movl $1,(y) | movl $1,(x) ;\n"
		     "exists ([x]=2 /\\ [y]=2)\n");
	ck_assert_int_eq(t->nregs, 0);
	ck_assert_int_eq(t->nobserved, 2);
	ck_assert(t->observed[0].is_loc);
	ck_assert_str_eq(var(t, t->observed[0]), "x");
	ck_assert_str_eq(var(t, t->observed[1]), "y");
	ck_assert_str_eq(t->cond_text, "exists ([x]=2 /\\ [y]=2)");
	ck_assert_int_eq(t->cond->op, LT_C_AND);
	ck_assert(t->cond->l->var.is_loc);
	ck_assert_int_eq(t->cond->l->val.i, 2);
	lt_test_free(t);
}
END_TEST

START_TEST(test_observed_order)
{
	struct lt_test *t = parse_ok(T(
		" P0             | P1             ;\n"
		" movl (y),%ecx  | movl (x),%ebx  ;\n"
		"                | movl (y),%eax  ;\n",
		"exists (y=1 /\\ 1:rbx=0 /\\ x=0 /\\ 0:rcx=1 /\\ 1:rax=2 /\\ 1:rbx=0)"));

	ck_assert_int_eq(t->nobserved, 5);
	ck_assert_str_eq(var(t, t->observed[0]), "0:rcx");
	ck_assert_str_eq(var(t, t->observed[1]), "1:rax");
	ck_assert_str_eq(var(t, t->observed[2]), "1:rbx");
	ck_assert_str_eq(var(t, t->observed[3]), "x");
	ck_assert_str_eq(var(t, t->observed[4]), "y");
	ck_assert_int_eq(lt_test_observed_index(t, t->observed[2]), 2);
	lt_test_free(t);
}
END_TEST

/*
 * herd's register order within a thread, not the names' (herd7 7.58's
 * States lines): by number on RISC-V, AArch64 and PPC; x86 in its
 * register type's order, rax rbx rcx rdx rsi rdi rbp r8..r15; C by name.
 */
START_TEST(test_observed_herd_order)
{
	static const struct {
		const char *src;
		const char *want;
	} cases[] = {
		{ "RISCV O\n{ 0:x7=x; }\n P0 ;\n lw x10,0(x7) ;\n lw x2,0(x7) ;\n"
		  "lw x9,0(x7) ;\nexists (0:x10=1 /\\ x=0 /\\ 0:x2=0 /\\ 0:x9=0)\n",
		  "0:x2 0:x9 0:x10 x" },
		{ "AArch64 O\n{ 0:X7=x; }\n P0 ;\n LDR W10,[X7] ;\n LDR W2,[X7] ;\n"
		  "exists (0:X10=1 /\\ 0:X2=0)\n", "0:X2 0:X10" },
		{ "PPC O\n{ 0:r7=x; }\n P0 ;\n lwz r10,0(r7) ;\n lwz r2,0(r7) ;\n"
		  "exists (0:r10=1 /\\ 0:r2=0)\n", "0:r2 0:r10" },
		{ "X86_64 O\n{ }\n P0 ;\n movq (x),%r10 ;\n movq (x),%r8 ;\n"
		  " movq (x),%rdi ;\n movq (x),%rcx ;\n movq (x),%rax ;\n"
		  "exists (0:r10=1 /\\ 0:r8=1 /\\ 0:rdi=0 /\\ 0:rcx=0 /\\ 0:rax=0)\n",
		  "0:rax 0:rcx 0:rdi 0:r8 0:r10" },
		{ "C O\n{}\nP0(atomic_int *x)\n{\n\tint r10 = atomic_load(x);\n"
		  "\tint r2 = atomic_load(x);\n}\nexists (0:r2=0 /\\ 0:r10=1)\n",
		  "0:r10 0:r2" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lt_test *t = parse_ok(cases[i].src);
		struct lt_buf b = LT_BUF_INIT;

		for (int k = 0; k < t->nobserved; k++)
			lt_buf_printf(&b, "%s%s", k ? " " : "", var(t, t->observed[k]));
		ck_assert_str_eq(b.s, cases[i].want);
		lt_buf_free(&b);
		lt_test_free(t);
	}
}
END_TEST

START_TEST(test_init)
{
	struct lt_test *t = parse_ok(
		"X86_64 Init+types\n"
		"{ int64_t x = -1; uint8_t y=0xff; 0:rbx=x; int *p = &x;\n"
		"  [z]=3; int64_t 0:rcx; w; unsigned long u = 0xffffffffffffffff;\n"
		"  0:RDX = 7 ; char c=-128; q=y; }\n"
		" P0                ;\n"
		" movl (%rbx),%eax  ;\n"
		"exists (0:rax=0 /\\ 0:rcx=0 /\\ 0:rdx=7 /\\ 0:rbx=x)\n");
	int x = lt_test_find_loc(t, "x"), y = lt_test_find_loc(t, "y");
	int p = lt_test_find_loc(t, "p"), z = lt_test_find_loc(t, "z");
	int w = lt_test_find_loc(t, "w"), u = lt_test_find_loc(t, "u");
	int c = lt_test_find_loc(t, "c"), q = lt_test_find_loc(t, "q");
	int rbx = lt_test_find_reg(t, 0, "rbx"), rcx = lt_test_find_reg(t, 0, "rcx");
	int rdx = lt_test_find_reg(t, 0, "rdx"), rax = lt_test_find_reg(t, 0, "rax");

	ck_assert(x >= 0 && y >= 0 && p >= 0 && z >= 0 && w >= 0 && u >= 0 &&
		  c >= 0 && q >= 0);
	ck_assert_int_eq(t->locs[x].type, LT_T_INT64);
	ck_assert(t->locs[x].type_given);
	ck_assert_int_eq(t->locs[x].init.i, -1);
	ck_assert_int_eq(t->locs[y].type, LT_T_UINT8);
	ck_assert_int_eq(t->locs[y].init.i, 255);
	ck_assert_int_eq(t->locs[p].type, LT_T_PTR);
	ck_assert(t->locs[p].init.is_sym);
	ck_assert_int_eq(t->locs[p].init.loc, x);
	ck_assert_int_eq(t->locs[z].type, LT_T_INT);
	ck_assert(!t->locs[z].type_given);
	ck_assert_int_eq(t->locs[z].init.i, 3);
	ck_assert_int_eq(t->locs[w].init.i, 0);
	ck_assert_int_eq(t->locs[u].type, LT_T_UINT64);
	ck_assert_int_eq(t->locs[u].init.i, -1);
	ck_assert_int_eq(t->locs[c].type, LT_T_INT8);
	ck_assert_int_eq(t->locs[q].type, LT_T_PTR);	/* holds &y */
	ck_assert_int_eq(t->locs[q].init.loc, y);

	ck_assert(rbx >= 0 && rcx >= 0 && rdx >= 0 && rax >= 0);
	ck_assert(t->regs[rbx].has_init);
	ck_assert(t->regs[rbx].init.is_sym);
	ck_assert_int_eq(t->regs[rbx].init.loc, x);
	ck_assert_int_eq(t->regs[rbx].type, LT_T_PTR);
	ck_assert_uint_eq(t->regs[rbx].width, 64);	/* an address */
	ck_assert(!t->regs[rcx].has_init);
	ck_assert_int_eq(t->regs[rcx].type, LT_T_INT64);
	ck_assert_int_eq(t->regs[rdx].init.i, 7);
	ck_assert_uint_eq(t->regs[rax].width, 32);
	ck_assert_str_eq(emit(t, 0, 0), "movl (%q[r0]),%k[r3]");
	ck_assert_int_eq(t->cond->r->r->r->val.is_sym, true);
	lt_test_free(t);

	/* An empty init block, and one on a single line. */
	t = parse_ok("X86_64 E\n{}\nP0;\nmfence;\nexists true\n");
	ck_assert_int_eq(t->nlocs, 0);
	ck_assert_int_eq(t->threads[0].insns[0].op, LT_X86_MFENCE);
	ck_assert_str_eq(emit(t, 0, 0), "mfence");
	lt_test_free(t);
}
END_TEST

START_TEST(test_labels)
{
	struct lt_test *t = parse_ok(T(
		" P0               | P1          ;\n"
		" movl (x),%eax    | movl $1,(x) ;\n"
		" cmpl $1,%eax     |             ;\n"
		" je L0            |             ;\n"
		" movl $2,(y)      |             ;\n"
		" L0:              | L0: nop     ;\n"
		" Lb: La: jmp Lb   |             ;\n",
		"exists (0:rax=1)"));
	const struct lt_thread *th = &t->threads[0];

	ck_assert_int_eq(th->ninsns, 7);
	ck_assert_int_eq(th->insns[2].op, LT_X86_JE);
	ck_assert_int_eq(th->insns[2].ops[0].kind, LT_OP_LABEL);
	ck_assert_str_eq(th->insns[2].ops[0].name, "L0");
	ck_assert_str_eq(emit(t, 0, 2), "je .Llt_LL0_%=");
	ck_assert_int_eq(th->insns[4].op, -1);
	ck_assert_str_eq(th->insns[4].label, "L0");
	ck_assert_str_eq(th->insns[5].label, "Lb");
	ck_assert_int_eq(th->insns[5].op, -1);
	ck_assert_str_eq(th->insns[6].label, "La");
	ck_assert_int_eq(th->insns[6].op, LT_X86_JMP);
	ck_assert_str_eq(emit(t, 0, 1), "cmpl $1,%k[r0]");
	/* Labels are per thread. */
	ck_assert_str_eq(t->threads[1].insns[1].label, "L0");
	ck_assert_int_eq(t->threads[1].insns[1].op, LT_X86_NOP);
	lt_test_free(t);

	t = parse_ok(T(" P0 ;\n L1: jlt L1 ;\n jgt L1 ;\n", "exists true"));
	ck_assert_int_eq(t->threads[0].insns[0].op, LT_X86_JL);
	ck_assert_str_eq(emit(t, 0, 0), "jl .Llt_LL1_%=");
	ck_assert_str_eq(emit(t, 0, 1), "jg .Llt_LL1_%=");
	lt_test_free(t);
}
END_TEST

START_TEST(test_lock_and_rmw)
{
	struct lt_test *t = parse_ok(T(
		" P0                       | P1                     ;\n"
		" lock incl (x)            | cmpxchgl (x),%ecx      ;\n"
		" lock xaddl %eax,(y)      | LOCK CMPXCHGQ %r9,(y)  ;\n"
		" xchgq (x),%rbx           | lock addq $-5,(x)      ;\n"
		" lock orw %dx,(y)         | decb %al               ;\n",
		"exists (0:rax=0 /\\ 1:rax=1)"));
	const struct lt_thread *p0 = &t->threads[0], *p1 = &t->threads[1];
	int rax1 = lt_test_find_reg(t, 1, "rax");

	ck_assert_int_eq(p0->insns[0].op, LT_X86_INC);
	ck_assert_uint_eq(p0->insns[0].flags & LT_X86_LOCK, LT_X86_LOCK);
	ck_assert_str_eq(emit(t, 0, 0), "lock incl (%[a0])");
	ck_assert_int_eq(p0->insns[1].op, LT_X86_XADD);
	ck_assert_str_eq(emit(t, 0, 1), "lock xaddl %k[r2],(%[a1])");
	ck_assert_uint_eq(p0->insns[2].flags, 0);
	ck_assert_str_eq(emit(t, 0, 2), "xchgq (%[a0]),%q[r4]");
	ck_assert_str_eq(emit(t, 0, 3), "lock orw %w[r5],(%[a1])");

	/* herd's "cmpxchg ea,reg" is kept in AT&T order, rax implicit. */
	ck_assert_int_eq(p1->insns[0].op, LT_X86_CMPXCHG);
	ck_assert_uint_eq(p1->insns[0].flags, 0);
	ck_assert_int_eq(p1->insns[0].ops[0].kind, LT_OP_REG);
	ck_assert_int_eq(p1->insns[0].ops[1].kind, LT_OP_MEM);
	ck_assert_int_eq(p1->insns[0].nops, 3);
	ck_assert_int_eq(p1->insns[0].ops[2].reg, rax1);
	ck_assert_str_eq(emit(t, 1, 0), "cmpxchgl %k[r0],(%[a0])");
	ck_assert_str_eq(emit(t, 1, 1), "lock cmpxchgq %q[r3],(%[a1])");
	ck_assert_str_eq(emit(t, 1, 2), "lock addq $-5,(%[a0])");
	ck_assert_str_eq(emit(t, 1, 3), "decb %b[r1]");
	ck_assert_str_eq(t->arch->reg_constraint(t, rax1), "a");
	ck_assert_str_eq(t->arch->reg_constraint(t, lt_test_find_reg(t, 0, "rax")), "r");
	ck_assert_uint_eq(t->regs[rax1].width, 64);
	lt_test_free(t);
}
END_TEST

START_TEST(test_operands)
{
	struct lt_test *t = parse_ok(
		"X86_64 Ops\n{ 0:rax = x; 0:rbx = 1; }\n"
		" P0                           ;\n"
		" movq 8(%rax,%rbx,4),%rcx     ;\n"
		" movl [y],%edx                ;\n"
		" movw $65535,-16(%rax)        ;\n"
		" movq $0x123456789,%rsi       ;\n"
		" shl 2,%eax                   ;\n"
		" shll %cl,(y)                 ;\n"
		" movnti %r10d,(y)             ;\n"
		" setnb %al                    ;\n"
		" mov %r8b,(%rax)              ;\n"
		" sfence                       ;\n"
		"exists (0:rcx=0)\n");

	ck_assert_str_eq(emit(t, 0, 0), "movq 8(%q[r0],%q[r1],4),%q[r2]");
	ck_assert_int_eq(t->threads[0].insns[0].ops[0].scale, 4);
	ck_assert_int_eq(t->threads[0].insns[0].ops[0].imm, 8);
	ck_assert_str_eq(emit(t, 0, 1), "movl (%[a1]),%k[r3]");
	ck_assert_str_eq(emit(t, 0, 2), "movw $65535,-16(%q[r0])");
	ck_assert_str_eq(emit(t, 0, 3), "movq $4886718345,%q[r4]");
	ck_assert_str_eq(emit(t, 0, 4), "shll $2,%k[r0]");
	ck_assert_str_eq(emit(t, 0, 5), "shll %b[r2],(%[a1])");
	ck_assert_str_eq(t->arch->reg_constraint(t, 2), "c");
	ck_assert_str_eq(emit(t, 0, 6), "movntil %k[r5],(%[a1])");
	ck_assert_str_eq(emit(t, 0, 7), "setnb %b[r0]");
	ck_assert_str_eq(emit(t, 0, 8), "movb %b[r6],(%q[r0])");
	ck_assert_uint_eq(t->threads[0].insns[8].width, 8);
	ck_assert_str_eq(emit(t, 0, 9), "sfence");
	lt_test_free(t);
}
END_TEST

START_TEST(test_locations_filter)
{
	struct lt_test *t = parse_ok(T(
		" P0            | P1            ;\n"
		" movl $1,(x)   | movl (x),%eax ;\n"
		" movl $1,(y)   | movl (y),%ebx ;\n",
		"locations [y; 1:rbx; x;]\n"
		"filter 1:rax = 1\n"
		"forall (1:rbx=1)"));

	ck_assert_int_eq(t->nextra, 3);
	ck_assert_str_eq(var(t, t->extra[0]), "y");
	ck_assert_str_eq(var(t, t->extra[1]), "1:rbx");
	ck_assert_ptr_nonnull(t->filter);
	ck_assert_int_eq(t->filter->op, LT_C_ATOM);
	ck_assert_int_eq(t->quant, LT_Q_FORALL);
	ck_assert_str_eq(t->cond_text, "forall (1:rbx=1)");
	/* 1:rax, named by the filter alone, is recorded but not shown. */
	ck_assert_int_eq(t->nobserved, 3);
	ck_assert_int_eq(t->nrecorded, 4);
	ck_assert_str_eq(var(t, t->observed[0]), "1:rbx");
	ck_assert_str_eq(var(t, t->observed[1]), "x");
	ck_assert_str_eq(var(t, t->observed[2]), "y");
	ck_assert_str_eq(var(t, t->observed[3]), "1:rax");
	ck_assert_int_eq(lt_test_observed_index(t, t->observed[3]), 3);
	lt_test_free(t);
}
END_TEST

START_TEST(test_cond_ops)
{
	struct lt_test *t = parse_ok(T(" P0 ;\n movl (x),%eax ;\n",
		"~exists\n  0:rax=1 \\/ 0:rax=2 /\\ ~0:rax=3 => true => false"));
	const struct lt_cond *c = t->cond;

	ck_assert_int_eq(t->quant, LT_Q_NOT_EXISTS);
	ck_assert_str_eq(t->cond_text,
			 "~exists 0:rax=1 \\/ 0:rax=2 /\\ ~0:rax=3 => true => false");
	/* herd's precedences: \/ loosest, then /\, then => (right-associative), then ~. */
	ck_assert_int_eq(c->op, LT_C_OR);
	ck_assert_int_eq(c->l->op, LT_C_ATOM);
	ck_assert_int_eq(c->r->op, LT_C_AND);
	ck_assert_int_eq(c->r->l->val.i, 2);
	ck_assert_int_eq(c->r->r->op, LT_C_IMPLIES);
	ck_assert_int_eq(c->r->r->l->op, LT_C_NOT);
	ck_assert_int_eq(c->r->r->l->l->val.i, 3);
	ck_assert_int_eq(c->r->r->r->op, LT_C_IMPLIES);
	ck_assert_int_eq(c->r->r->r->l->op, LT_C_TRUE);
	ck_assert_int_eq(c->r->r->r->r->op, LT_C_FALSE);
	ck_assert_int_eq(c->pos.line, 6);
	lt_test_free(t);

	t = parse_ok(T(" P0 ;\n movl (x),%eax ;\n",
		       "exists ((0:rax != -3) /\\ ~(x=0 \\/ [x]=x))"));
	c = t->cond;
	ck_assert_int_eq(c->op, LT_C_AND);
	ck_assert(c->l->neq);
	ck_assert_int_eq(c->l->val.i, -3);
	ck_assert_int_eq(c->r->op, LT_C_NOT);
	ck_assert_int_eq(c->r->l->op, LT_C_OR);
	ck_assert(c->r->l->r->val.is_sym);
	ck_assert_str_eq(t->cond_text, "exists ((0:rax != -3) /\\ ~(x=0 \\/ [x]=x))");
	lt_test_free(t);

	/* "not" is herd's other spelling of '~', also before "exists". */
	t = parse_ok(T(" P0 ;\n movl (x),%eax ;\n",
		       "not exists (not (x=0) /\\ not\t0:rax=1)"));
	c = t->cond;
	ck_assert_int_eq(t->quant, LT_Q_NOT_EXISTS);
	ck_assert_int_eq(c->op, LT_C_AND);
	ck_assert_int_eq(c->l->op, LT_C_NOT);
	ck_assert(c->l->l->var.is_loc);
	ck_assert_int_eq(c->r->op, LT_C_NOT);
	ck_assert_int_eq(c->r->l->val.i, 1);
	ck_assert_str_eq(t->cond_text, "not exists (not (x=0) /\\ not 0:rax=1)");
	lt_test_free(t);

	/* Spellings of registers in conditions are canonicalised. */
	t = parse_ok(T(" P0 ;\n movl (x),%eax ;\n", "exists (0:EAX=1 /\\ 0:eax=1)"));
	ck_assert_int_eq(t->nobserved, 1);
	ck_assert_str_eq(var(t, t->observed[0]), "0:rax");
	lt_test_free(t);
}
END_TEST

START_TEST(test_result_comments)
{
	static const struct {
		const char *c;
		enum lt_expect e;
	} cases[] = {
		{ "(* Result: Never *)", LT_EXPECT_FORBIDDEN },
		{ "(*\n * Result: Sometimes\n *)", LT_EXPECT_ALLOWED },
		{ "(* outer (* Result: Always *) *)", LT_EXPECT_REQUIRED },
		{ "(* Result: Maybe *)", LT_EXPECT_NONE },
		{ "", LT_EXPECT_NONE },
	};
	char src[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lt_test *t;

		snprintf(src, sizeof(src),
			 "X86_64 R (* a (* nested *) comment *)\n%s\n{ x=1; (* c *) }\n"
			 " P0 (* here *) ;\n movl (x),%%eax ; (* there *)\n"
			 "exists (0:rax=1) (* end *)\n", cases[i].c);
		t = parse_ok(src);
		ck_assert_int_eq(t->expect, cases[i].e);
		ck_assert_str_eq(t->name, "R");
		ck_assert_str_eq(t->cond_text, "exists (0:rax=1)");
		lt_test_free(t);
	}
}
END_TEST

START_TEST(test_registry)
{
	ck_assert_ptr_eq(lt_arch_by_name("x86_64"), &lt_arch_x86_64);
	ck_assert_ptr_eq(lt_arch_by_name("amd64"), &lt_arch_x86_64);
	ck_assert_ptr_eq(lt_arch_by_name("x86-64"), &lt_arch_x86_64);
	ck_assert_ptr_eq(lt_arch_by_herd_name("X86_64"), &lt_arch_x86_64);
	ck_assert_ptr_null(lt_arch_by_herd_name("x86_64"));
	ck_assert_ptr_null(lt_arch_by_name("vax"));
	ck_assert_ptr_eq(lt_arches[0], &lt_arch_x86_64);
	/* herd's header words are --arch names too, in any case. */
	ck_assert_ptr_eq(lt_arch_by_name("PPC"), &lt_arch_ppc64le);
	ck_assert_ptr_eq(lt_arch_by_name("AArch64"), &lt_arch_aarch64);
	ck_assert_ptr_eq(lt_arch_by_name("X86_64"), &lt_arch_x86_64);
	ck_assert_ptr_eq(lt_arch_by_name("RISCV"), &lt_arch_riscv64);
	ck_assert_ptr_eq(lt_arch_by_name("riscv"), &lt_arch_riscv64);
	ck_assert_ptr_null(lt_arch_by_name("risc"));
	ck_assert_ptr_null(lt_arch_by_name(""));
	/* Each table carries its own row of arch/arches.def. */
	for (int k = 0; lt_arches[k]; k++) {
		const struct lt_arch_ops *a = lt_arches[k];

		ck_assert_ptr_nonnull(a->name);
		ck_assert_str_eq(a->isa_dir, a->name);
		ck_assert_ptr_eq(lt_arch_by_herd_name(a->herd), a);
		ck_assert_ptr_eq(lt_arch_by_name(a->name), a);
		ck_assert_ptr_nonnull(a->parse_insn);
		ck_assert_ptr_nonnull(a->clobbers);
	}
	/* Known to herd, not run here: "not supported yet", not "unknown". */
	ck_assert(lt_arch_herd_known("MIPS"));
	ck_assert(lt_arch_herd_known("PPC"));
	ck_assert(!lt_arch_herd_known("VAX"));
#ifdef __x86_64__
	ck_assert_ptr_eq(lt_arch_native(), &lt_arch_x86_64);
#endif
	canon_is(&lt_arch_x86_64, "%r10d", "r10", 32);
	canon_is(&lt_arch_x86_64, "SIL", "rsi", 8);
	canon_is(&lt_arch_x86_64, "ax", "rax", 16);
	canon_is(&lt_arch_x86_64, "rsp", NULL, 0);
	canon_is(&lt_arch_x86_64, "rip", NULL, 0);
	canon_is(&lt_arch_x86_64, "r16", NULL, 0);
	canon_is(&lt_arch_x86_64, "x", NULL, 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

/*
 * What herd's splitter reads around the init block: the name is the
 * header's first word; the prologue's other lines are text it skips (a
 * "(*" with text after it on its line opens no comment there, an unclosed
 * '"' is text); "P0:" is thread 0; no final condition is "forall (true)"
 * (taken when "locations" says what to observe); a comment may span rows.
 */
START_TEST(test_herd_prologue)
{
	struct lt_test *t = parse_ok(
		"X86_64 co1 (PPCCoOne)\n"
		"\"Coherence tests, an unclosed doc\n"
		"(* prose, never closed,\n"
		"   over lines: herd reads it as text\n"
		"Orig=PodWW\n"
		"{ P0:rbx=x; P1:rax=1; }\n"
		" P0            | P1            ;\n"
		" movl $1,(%rbx) | movl (x),%eax ;\n"
		"locations [P1:rax; x;]\n");

	ck_assert_str_eq(t->name, "co1");
	ck_assert_ptr_null(t->doc);
	ck_assert_int_eq(t->nmeta, 1);
	ck_assert_str_eq(t->meta[0].key, "Orig");
	ck_assert_int_eq(t->quant, LT_Q_FORALL);
	ck_assert_int_eq(t->cond->op, LT_C_TRUE);
	ck_assert_str_eq(t->cond_text, "forall (true)");
	ck_assert_int_eq(t->nobserved, 2);
	ck_assert_str_eq(var(t, t->observed[0]), "1:rax");
	ck_assert(t->regs[lt_test_find_reg(t, 0, "rbx")].init.is_sym);
	lt_test_free(t);

	t = parse_ok("X86_64 T foo bar\nfree text = not a key\n{}\n P0 ;\n mfence ;\n"
		     "exists true\n");
	ck_assert_str_eq(t->name, "T");
	ck_assert_int_eq(t->nmeta, 0);
	lt_test_free(t);

	/* A comment may run over a row's line: herd's table is a token stream. */
	t = parse_ok("X86_64 T\n{}\n P0            | P1 ;\n"
		     " mfence (* a comment\n  over lines *) | mfence ;\n"
		     " mfence        | mfence ;\nexists true\n");
	ck_assert_int_eq(t->threads[0].ninsns, 2);
	ck_assert_int_eq(t->threads[1].ninsns, 2);
	ck_assert_int_eq(t->threads[1].insns[1].pos.line, 6);
	lt_test_free(t);
}
END_TEST

START_TEST(test_bad_header)
{
	bad("FOO T\n{}\nP0;\nnop;\nexists true\n", 1, 1, "unknown architecture 'FOO'");
	bad("MIPS T\n{}\n", 1, 1, "architecture 'MIPS' is not supported yet");
	bad("\n  CPP T\n{}\n", 2, 3, "architecture 'CPP' is not supported yet");
	bad("X86_64\n{}\n", 1, 7, "missing test name");
	bad("", 1, 1, "empty file");
	bad("X86_64 T\n\"doc\n", 2, 5, "missing the init block");
	bad("X86_64 T\nA=1\n", 2, 4, "missing the init block");
	bad("\x7f" "ELF\x02\x01\x01\n", 1, 1, "unknown architecture '\\x7fELF\\x02\\x01\\x01'");
	bad("X86_64 T\n(*\n{}\n", 2, 1, "unterminated comment");
	bad("X86_64 T\n{}\n P0 ;\n mfence ;\n(* open\n", 5, 1, "unterminated comment");
	bad_n("X86_64 T\n{\0}\n", 13, 2, 2, "NUL byte");
}
END_TEST

START_TEST(test_bad_init)
{
	bad("X86_64 T\n{ x=99999999999999999999; }\n", 2, 5, "integer out of range");
	bad("X86_64 T\n{ x=-9223372036854775809; }\n", 2, 5, "integer out of range");
	bad("X86_64 T\n{ int t[2]; }\n", 2, 8, "arrays are not supported");
	bad("X86_64 T\n{ x=1 y=2; }\n", 2, 7, "expected ';' or '}'");
	bad("X86_64 T\n{ x=1; x=2; }\n", 2, 8, "x is initialised twice");
	bad("X86_64 T\n{ flaot x; }\n", 2, 3, "unknown type 'flaot'");
	bad("X86_64 T\n{ int8_t x=300; }\n", 2, 3, "value out of range for type 'int8_t'");
	bad("X86_64 T\n{ 0:foo=1; }\n", 2, 5, "'foo' is not a usable X86_64 register");
	bad("X86_64 T\n{ x=1;\n", 2, 1, "missing '}'");
	bad("X86_64 T\n{ int x = y; }\n", 2, 3,
	    "an address needs a pointer or 64-bit type, not 'int'");
}
END_TEST

START_TEST(test_bad_init_thread)
{
	bad("X86_64 T\n{ 3:rax=1; }\n P0 ;\n nop ;\nexists true\n", 2, 3,
	    "init names 3:rax, but the test has no thread 3");
	bad("X86_64 T\n{ x$=1; }\n", 2, 4, "unexpected character '$'");
	{
		char src[256];

		snprintf(src, sizeof(src), "X86_64 T\n{ %s=1; }\n",
			 "a123456789012345678901234567890123456789012345678901234567890123456789");
		bad(src, 2, 3, "identifier too long");
	}
}
END_TEST

START_TEST(test_bad_table)
{
	bad(T(" P0 | P2 ;\n", "exists true"), 3, 7, "expected 'P1', found 'P2'");
	bad(T(" P0 | P0 ;\n", "exists true"), 3, 7, "duplicate thread 'P0'");
	bad(T(" P1 ;\n", "exists true"), 3, 2, "expected 'P0', found 'P1'");
	bad(T(" P0 | foo ;\n", "exists true"), 3, 7, "expected thread name 'P1'");
	bad(T(" P0 | P1 ;\n movl $1,(x) | movl $1,(y)\n", "exists true"), 4, 27,
	    "missing ';' at the end of the row");
	bad(T(" P0 | P1\n", "exists true"), 3, 9, "missing ';'");
	bad(T(" P0 ;\n movz $1,(x) ;\n", "exists true"), 4, 2,
	    "unknown X86_64 instruction 'movz'");
	bad(T(" P0 | P1 ;\n nop | nop | nop ;\n", "exists true"), 4, 12,
	    "row has 3 cells but the test has 2 threads");
	bad(T(" P0 ;\n jmp L9 ;\n", "exists true"), 4, 2, "undefined label 'L9' in P0");
	bad(T(" P0 ;\n L0: nop ;\n L0: nop ;\n", "exists true"), 5, 2,
	    "duplicate label 'L0' in P0");
	bad(T(" P0 ;\n L0: L0: nop ;\n", "exists true"), 4, 6, "duplicate label 'L0'");
	bad("X86_64 T\n{ }\n", 2, 4, "missing the thread table");
}
END_TEST

START_TEST(test_bad_insn)
{
	bad(T(" P0 ;\n movq (x),%rsp ;\n", "exists true"), 4, 11,
	    "register '%rsp' cannot be used");
	bad(T(" P0 ;\n movb %ah,(x) ;\n", "exists true"), 4, 7, "high-byte");
	bad(T(" P0 ;\n movl %foo,(x) ;\n", "exists true"), 4, 7,
	    "unknown X86_64 register '%foo'");
	bad(T(" P0 ;\n movl (x),(y) ;\n", "exists true"), 4, 11,
	    "at most one operand can be in memory");
	bad(T(" P0 ;\n movl %eax,$1 ;\n", "exists true"), 4, 12,
	    "'movl': the destination cannot be an immediate");
	bad(T(" P0 ;\n mov $1,(x) ;\n", "exists true"), 4, 2, "'mov' needs a size suffix");
	bad(T(" P0 ;\n movl %rax,(x) ;\n", "exists true"), 4, 7, "operand size mismatch");
	bad(T(" P0 ;\n lock movl $1,(x) ;\n", "exists true"), 4, 7,
	    "the lock prefix cannot be used with 'movl'");
	bad(T(" P0 ;\n lock incl %eax ;\n", "exists true"), 4, 7,
	    "the lock prefix needs a memory destination");
	bad(T(" P0 ;\n lock ;\n", "exists true"), 4, 2,
	    "'lock' must be followed by an instruction");
	bad(T(" P0 ;\n movl $1 ;\n", "exists true"), 4, 2, "'movl' takes 2 operands, not 1");
	bad(T(" P0 ;\n movl $1,(x ;\n", "exists true"), 4, 10, "unbalanced");
	bad(T(" P0 ;\n movl $1,x ;\n", "exists true"), 4, 10, "'x' is not a register");
	bad(T(" P0 ;\n movl $99999999999,(x) ;\n", "exists true"), 4, 7, "out of range");
	bad(T(" P0 ;\n movl $99999999999999999999,(x) ;\n", "exists true"), 4, 8,
	    "integer out of range");
	bad(T(" P0 ;\n movl $1,(x);system(\"id) ;\n", "exists true"), 4, 14,
	    "unknown X86_64 instruction 'system'");
	bad(T(" P0 ;\n movl $1,(x\");system(\"id) ;\n", "exists true"), 4, 11,
	    "invalid location name");
	bad(T(" P0 ;\n \x01\x02 ;\n", "exists true"), 4, 2, "expected an instruction, found");
	bad(T(" P0 ;\n shll %eax,(x) ;\n", "exists true"), 4, 7, "count register must be %cl");
	bad(T(" P0 ;\n movl 4(%rax,%rbx,3),%ecx ;\n", "exists true"), 4, 19, "scale");
}
END_TEST

START_TEST(test_bad_cond)
{
	const char *tab = " P0            | P1            ;\n"
			  " movl $1,(x)   | movl $1,(y)   ;\n"
			  " movl (y),%eax | movl (x),%eax ;\n";
	static char src[4096];

#define C(cond) (snprintf(src, sizeof(src), T("%s", "%s"), tab, cond), src)
	{
		/* A register the thread never names: herd's 0, observed. */
		struct lt_test *t = parse_ok(C("exists (0:rax=0 /\\ 1:rbx=0)"));
		int rbx = lt_test_find_reg(t, 1, "rbx");

		ck_assert_int_ge(rbx, 0);
		ck_assert(!t->regs[rbx].has_init);
		ck_assert(!t->observed[1].is_loc);
		ck_assert_int_eq(t->observed[1].idx, rbx);
		lt_test_free(t);
	}
	bad(C("exists (5:rax=0)"), 6, 9, "condition names 5:rax, but the test has no thread 5");
	bad(C("exists (z=1)"), 6, 9, "condition names unknown location 'z'");
	bad(C("exists ([x]=w)"), 6, 13, "unknown location 'w'");
	bad(C("exists (0:rax=0 /\\ 1:rax=0"), 6, 27,
	    "unbalanced parentheses: expected ')' to close the '(' at 6:8");
	bad(C("exists (0:rax=0))"), 6, 17, "unexpected ')' after the final condition");
	bad(C("exists (0:rax=0) foo"), 6, 18, "unexpected 'foo' after the final condition");
	bad(C("exists (0:rax=0 # 1)"), 6, 17, "unexpected character '#'");
	bad(C("exists (0:rax 0)"), 6, 15, "expected '=' or '!='");
	bad(C("exists (0:rax=99999999999999999999)"), 6, 15, "integer out of range");
	bad(C("exists"), 6, 7, "expected a condition term, found 'end of file'");
	bad(C(""), 5, 33, "missing final condition");
	bad(C("~forall (0:rax=0)"), 6, 2, "expected 'exists' after '~'");
	/* Only "not exists" ends the table: "not" alone may be an instruction. */
	bad(C("locations [x;]\nnot forall (0:rax=0)"), 7, 5,
	    "expected 'exists' after '~' or 'not'");
	bad(C("exists (not)"), 6, 12, "expected a condition term, found ')'");
	bad(C("exists (0:rax=0 => not)"), 6, 23, "expected a condition term, found ')'");
	bad(C("exists (0:rax=0 /\\ => 1:rax=0)"), 6, 20, "expected a condition term, found '=>'");
	bad(C("exists not (0:rax=0 \\/ (true)"), 6, 30,
	    "unbalanced parentheses: expected ')' to close the '(' at 6:12");
	bad(C("exists (true false)"), 6, 14,
	    "unbalanced parentheses: expected ')' to close the '(' at 6:8, found 'false'");
	bad(C("locations [q;]\nexists true"), 6, 12, "locations names unknown location 'q'");
	bad(C("filter (0:rax=)\nexists true"), 6, 15, "expected a value");
	bad(C("exist (0:rax=0)"), 6, 16, "missing ';' at the end of the row");
	bad(C("locations [x;]\nexist (0:rax=0)"), 7, 1,
	    "expected 'exists', '~exists', 'forall'");
	{
		static char deep[2048];
		int i, n = 0;

		n += snprintf(deep + n, sizeof(deep) - n, "exists ");
		for (i = 0; i < 300; i++)
			deep[n++] = '(';
		deep[n] = '\0';
		bad(C(deep), 6, 264, "condition nested too deeply");
		n = snprintf(deep, sizeof(deep), "exists ");
		for (i = 0; i < 300; i++)
			deep[n++] = '~';
		deep[n] = '\0';
		bad(C(deep), 6, 264, "nested too deeply");
	}
#undef C
}
END_TEST

START_TEST(test_long_chain)
{
	/* A long /\ chain is parsed, evaluated and freed without deep recursion. */
	struct lt_buf b = LT_BUF_INIT;
	struct lt_test *t;
	struct lt_value v = { .i = 1 };
	int i;

	lt_buf_puts(&b, T(" P0 ;\n movl (x),%eax ;\n", "exists 0:rax=1"));
	b.s[--b.len] = '\0';
	for (i = 0; i < 200000; i++)
		lt_buf_puts(&b, " /\\ 0:rax=1");
	t = parse_ok(b.s);
	ck_assert(lt_cond_eval(t, t->cond, &v));
	v.i = 0;
	ck_assert(!lt_cond_eval(t, t->cond, &v));
	lt_test_free(t);
	lt_buf_free(&b);
}
END_TEST

START_TEST(test_io)
{
	struct lt_test *t = (struct lt_test *)1;
	struct lt_error err;

	ck_assert_int_eq(litmus_parse_file("/nonexistent/x.litmus", &t, &err), LT_EIO);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(err.file, "/nonexistent/x.litmus");
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open"));
}
END_TEST

/*
 * Each observable's form: declared types, herd's int for the rest; values
 * reduced to it, and conditions compared in it.
 */
START_TEST(test_forms)
{
	struct lt_test *t = parse_ok(
		"X86_64 Forms\n"
		"{ int x=2147483648; y=0xffffffff; uint64_t u=-1; uint8_t b=-1;\n"
		"  int16_t h; int64_t 0:rdx=-1; 0:rcx=4294967295; 0:rbx=x; }\n"
		" P0                ;\n"
		" movq (x),%rax     ;\n"
		"exists (0:rax=4294967295 /\\ 0:rdx=18446744073709551615 /\\ u=-1 /\\\n"
		"  b=255 /\\ x=0x80000000 /\\ h=-32768 /\\ 0:rcx=-1 /\\ y=-1)\n");
	int x = lt_test_find_loc(t, "x"), y = lt_test_find_loc(t, "y");
	int u = lt_test_find_loc(t, "u"), b = lt_test_find_loc(t, "b");
	int h = lt_test_find_loc(t, "h");
	int rax = lt_test_find_reg(t, 0, "rax"), rcx = lt_test_find_reg(t, 0, "rcx");
	int rdx = lt_test_find_reg(t, 0, "rdx"), rbx = lt_test_find_reg(t, 0, "rbx");
	struct lt_form f;
	struct lt_value v[8];
	char buf[32];

	/* A 64-bit register untyped is still herd's int. */
	f = lt_var_form(t, (struct lt_var){ false, rax });
	ck_assert(f.bits == 32 && f.is_signed);
	f = lt_var_form(t, (struct lt_var){ false, rdx });
	ck_assert(f.bits == 64 && f.is_signed);
	f = lt_var_form(t, (struct lt_var){ false, rbx });
	ck_assert_uint_eq(f.bits, 64);
	f = lt_var_form(t, (struct lt_var){ true, u });
	ck_assert(f.bits == 64 && !f.is_signed);
	f = lt_var_form(t, (struct lt_var){ true, h });
	ck_assert(f.bits == 16 && f.is_signed);
	/* Initial values in their form. */
	ck_assert_int_eq(t->locs[x].init.i, INT32_MIN);
	ck_assert_int_eq(t->locs[y].init.i, -1);
	ck_assert_int_eq(t->locs[u].init.i, -1);
	ck_assert_int_eq(t->locs[b].init.i, 255);
	ck_assert_int_eq(t->regs[rcx].init.i, -1);
	ck_assert_int_eq(t->regs[rdx].init.i, -1);
	ck_assert_str_eq(lt_var_value_str(t, (struct lt_var){ true, u }, &t->locs[u].init,
					  buf, sizeof(buf)), "18446744073709551615");
	/* The condition holds of the values in their form (observed order). */
	ck_assert_int_eq(t->nobserved, 8);
	for (int k = 0; k < t->nobserved; k++) {
		struct lt_var o = t->observed[k];

		v[k] = (struct lt_value){ .i = -1 };
		if (o.is_loc && o.idx == b)
			v[k].i = 255;
		else if (o.is_loc && o.idx == x)
			v[k].i = INT32_MIN;
		else if (o.is_loc && o.idx == h)
			v[k].i = -32768;
	}
	ck_assert(lt_cond_eval(t, t->cond, v));
	/* The same values as a kernel could print them, reduced: the same. */
	for (int k = 0; k < t->nobserved; k++)
		v[k].i = (int64_t)(uint64_t)(uint32_t)v[k].i;
	lt_test_canon_row(t, v);
	ck_assert(!lt_cond_eval(t, t->cond, v));	/* u, 0:rdx: 64-bit */
	lt_test_free(t);

	/* Outside both readings of the bit pattern. */
	bad("X86_64 T\n{ x=4294967296; }\nP0;\nmovl (x),%eax;\nexists (0:rax=0)\n",
	    2, 3, "value out of range for type 'int'");
	bad("X86_64 T\n{ 0:rax=-2147483649; }\nP0;\nmovl %eax,(x);\nexists (x=0)\n",
	    2, 3, "value out of range for type 'int'");
	bad("X86_64 T\n{ uint8_t x; }\nP0;\nmovb (x),%al;\nexists (x=256)\n",
	    5, 11, "value out of range for x (8-bit unsigned)");
	bad("X86_64 T\n{ }\nP0;\nmovl (x),%eax;\nexists (0:rax=-2147483649)\n",
	    5, 15, "value out of range for 0:rax (32-bit signed)");
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_catalogue);
	tcase_add_test(tc, test_sb);
	tcase_add_test(tc, test_mp_2p2w);
	tcase_add_test(tc, test_observed_order);
	tcase_add_test(tc, test_observed_herd_order);
	tcase_add_test(tc, test_herd_prologue);
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_forms);
	tcase_add_test(tc, test_labels);
	tcase_add_test(tc, test_lock_and_rmw);
	tcase_add_test(tc, test_operands);
	tcase_add_test(tc, test_locations_filter);
	tcase_add_test(tc, test_cond_ops);
	tcase_add_test(tc, test_result_comments);
	tcase_add_test(tc, test_registry);
	tcase_add_test(tc, test_bad_header);
	tcase_add_test(tc, test_bad_init);
	tcase_add_test(tc, test_bad_init_thread);
	tcase_add_test(tc, test_bad_table);
	tcase_add_test(tc, test_bad_insn);
	tcase_add_test(tc, test_bad_cond);
	tcase_add_test(tc, test_long_chain);
	tcase_add_test(tc, test_io);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(parse_suite());
}
