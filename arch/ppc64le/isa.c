/* SPDX-License-Identifier: MIT */
/*
 * PPC (POWER, 64-bit): registers and instructions as herd writes them
 * ("lwz r1,0(r2)"), and their emission into the asm template of a kernel.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"
#include "gen/emit.h"
#include "litmus/arch-ops.h"
#include "litmus/cell-lex.h"
#include "util/macros.h"
#include "isa.h"

#define MAX_NAME 64		/* longest label name accepted */

/* ------------------------------------------------------------------ */
/* Registers                                                          */
/* ------------------------------------------------------------------ */

/*
 * "r0".."r31" (herd lower-cases them, and so do we).  A test's register
 * names are only names: the compiler chooses the physical register of each
 * from the asm constraints, so r1 (the stack pointer), r2 (the TOC) and r13
 * (the thread pointer) are as usable as any other; herd's own tests hold
 * addresses in r2.  Returns the register number, or -1.
 */
static int reg_number(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	if (n < 2 || n > 3 || (s[0] != 'r' && s[0] != 'R'))
		return -1;
	for (i = 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (n == 3 && s[1] == '0')
		return -1;	/* "r05" is not a register spelling */
	return v <= 31 ? v : -1;
}

static int ppc_reg_canon(const char *name, char *out, size_t len,
			 unsigned *width)
{
	int r = reg_number(name, strlen(name));

	if (r < 0 || (size_t)snprintf(out, len, "r%d", r) >= len)
		return -1;
	*width = 64;
	return 0;
}

/* herd lists a thread's registers by number (PPCBase's GPR order). */
static int ppc_reg_rank(const char *canon)
{
	return reg_number(canon, strlen(canon));
}

/* ------------------------------------------------------------------ */
/* Mnemonics                                                          */
/* ------------------------------------------------------------------ */

enum form {
	F_NONE,		/* sync */
	F_MEM_D,	/* rD|rS, d(rA) */
	F_MEM_X,	/* rD|rS, rA|0, rB */
	F_RRR,		/* rD, rA, rB */
	F_RRI,		/* rD, rA, imm */
	F_RI,		/* li rD, imm */
	F_RR,		/* mr rD, rS */
	F_CMP,		/* [cr0,] rA, rB */
	F_CMPI,		/* [cr0,] rA, imm */
	F_BRANCH,	/* label */
};

/* Immediate ranges of the 16-bit fields (Power ISA Book I, D-form). */
enum imm { I_NONE, I_SIGNED, I_UNSIGNED };

static const struct mnemonic {
	const char *name;
	enum lt_ppc_op op;
	enum form form;
	unsigned width;		/* memory access width in bits */
	unsigned flags;		/* LT_PPC_RC for the record ("dot") forms */
	enum imm imm;
	bool store;
} mnemonics[] = {
	{ "lbz",    LT_PPC_LBZ,    F_MEM_D,  8, 0, I_NONE, false },
	{ "lhz",    LT_PPC_LHZ,    F_MEM_D, 16, 0, I_NONE, false },
	{ "lwz",    LT_PPC_LWZ,    F_MEM_D, 32, 0, I_NONE, false },
	{ "ld",     LT_PPC_LD,     F_MEM_D, 64, 0, I_NONE, false },
	{ "stb",    LT_PPC_STB,    F_MEM_D,  8, 0, I_NONE, true },
	{ "sth",    LT_PPC_STH,    F_MEM_D, 16, 0, I_NONE, true },
	{ "stw",    LT_PPC_STW,    F_MEM_D, 32, 0, I_NONE, true },
	{ "std",    LT_PPC_STD,    F_MEM_D, 64, 0, I_NONE, true },
	{ "lbzx",   LT_PPC_LBZX,   F_MEM_X,  8, 0, I_NONE, false },
	{ "lhzx",   LT_PPC_LHZX,   F_MEM_X, 16, 0, I_NONE, false },
	{ "lwzx",   LT_PPC_LWZX,   F_MEM_X, 32, 0, I_NONE, false },
	{ "ldx",    LT_PPC_LDX,    F_MEM_X, 64, 0, I_NONE, false },
	{ "stbx",   LT_PPC_STBX,   F_MEM_X,  8, 0, I_NONE, true },
	{ "sthx",   LT_PPC_STHX,   F_MEM_X, 16, 0, I_NONE, true },
	{ "stwx",   LT_PPC_STWX,   F_MEM_X, 32, 0, I_NONE, true },
	{ "stdx",   LT_PPC_STDX,   F_MEM_X, 64, 0, I_NONE, true },
	{ "lwarx",  LT_PPC_LWARX,  F_MEM_X, 32, 0, I_NONE, false },
	{ "ldarx",  LT_PPC_LDARX,  F_MEM_X, 64, 0, I_NONE, false },
	{ "stwcx.", LT_PPC_STWCX,  F_MEM_X, 32, LT_PPC_RC, I_NONE, true },
	{ "stdcx.", LT_PPC_STDCX,  F_MEM_X, 64, LT_PPC_RC, I_NONE, true },
	{ "sync",   LT_PPC_SYNC,   F_NONE,   0, 0, I_NONE, false },
	{ "hwsync", LT_PPC_HWSYNC, F_NONE,   0, 0, I_NONE, false },
	{ "lwsync", LT_PPC_LWSYNC, F_NONE,   0, 0, I_NONE, false },
	{ "isync",  LT_PPC_ISYNC,  F_NONE,   0, 0, I_NONE, false },
	{ "eieio",  LT_PPC_EIEIO,  F_NONE,   0, 0, I_NONE, false },
	{ "nop",    LT_PPC_NOP,    F_NONE,   0, 0, I_NONE, false },
	{ "li",     LT_PPC_LI,     F_RI,     0, 0, I_SIGNED, false },
	{ "mr",     LT_PPC_MR,     F_RR,     0, 0, I_NONE, false },
	{ "addi",   LT_PPC_ADDI,   F_RRI,    0, 0, I_SIGNED, false },
	{ "add",    LT_PPC_ADD,    F_RRR,    0, 0, I_NONE, false },
	{ "add.",   LT_PPC_ADD,    F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "sub",    LT_PPC_SUB,    F_RRR,    0, 0, I_NONE, false },
	{ "sub.",   LT_PPC_SUB,    F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "subf",   LT_PPC_SUBF,   F_RRR,    0, 0, I_NONE, false },
	{ "subf.",  LT_PPC_SUBF,   F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "xor",    LT_PPC_XOR,    F_RRR,    0, 0, I_NONE, false },
	{ "xor.",   LT_PPC_XOR,    F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "and",    LT_PPC_AND,    F_RRR,    0, 0, I_NONE, false },
	{ "and.",   LT_PPC_AND,    F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "or",     LT_PPC_OR,     F_RRR,    0, 0, I_NONE, false },
	{ "or.",    LT_PPC_OR,     F_RRR,    0, LT_PPC_RC, I_NONE, false },
	{ "xori",   LT_PPC_XORI,   F_RRI,    0, 0, I_UNSIGNED, false },
	{ "ori",    LT_PPC_ORI,    F_RRI,    0, 0, I_UNSIGNED, false },
	{ "andi.",  LT_PPC_ANDI,   F_RRI,    0, LT_PPC_RC, I_UNSIGNED, false },
	{ "cmpw",   LT_PPC_CMPW,   F_CMP,    0, 0, I_NONE, false },
	{ "cmpwi",  LT_PPC_CMPWI,  F_CMPI,   0, 0, I_SIGNED, false },
	{ "cmpd",   LT_PPC_CMPD,   F_CMP,    0, 0, I_NONE, false },
	{ "cmpdi",  LT_PPC_CMPDI,  F_CMPI,   0, 0, I_SIGNED, false },
	{ "b",      LT_PPC_B,      F_BRANCH, 0, 0, I_NONE, false },
	{ "beq",    LT_PPC_BEQ,    F_BRANCH, 0, 0, I_NONE, false },
	{ "bne",    LT_PPC_BNE,    F_BRANCH, 0, 0, I_NONE, false },
	{ "blt",    LT_PPC_BLT,    F_BRANCH, 0, 0, I_NONE, false },
	{ "bgt",    LT_PPC_BGT,    F_BRANCH, 0, 0, I_NONE, false },
	{ "ble",    LT_PPC_BLE,    F_BRANCH, 0, 0, I_NONE, false },
	{ "bge",    LT_PPC_BGE,    F_BRANCH, 0, 0, I_NONE, false },
};

/* What the assembler is given for each opcode (the "." of RC forms apart). */
static const char *const op_asm[LT_PPC_NR_OPS] = {
	[LT_PPC_LBZ] = "lbz", [LT_PPC_LHZ] = "lhz", [LT_PPC_LWZ] = "lwz",
	[LT_PPC_LD] = "ld", [LT_PPC_STB] = "stb", [LT_PPC_STH] = "sth",
	[LT_PPC_STW] = "stw", [LT_PPC_STD] = "std",
	[LT_PPC_LBZX] = "lbzx", [LT_PPC_LHZX] = "lhzx", [LT_PPC_LWZX] = "lwzx",
	[LT_PPC_LDX] = "ldx", [LT_PPC_STBX] = "stbx", [LT_PPC_STHX] = "sthx",
	[LT_PPC_STWX] = "stwx", [LT_PPC_STDX] = "stdx",
	[LT_PPC_LWARX] = "lwarx", [LT_PPC_LDARX] = "ldarx",
	[LT_PPC_STWCX] = "stwcx", [LT_PPC_STDCX] = "stdcx",
	[LT_PPC_SYNC] = "sync", [LT_PPC_HWSYNC] = "hwsync",
	[LT_PPC_LWSYNC] = "lwsync", [LT_PPC_ISYNC] = "isync",
	[LT_PPC_EIEIO] = "eieio", [LT_PPC_NOP] = "nop",
	[LT_PPC_LI] = "li", [LT_PPC_MR] = "mr", [LT_PPC_ADDI] = "addi",
	[LT_PPC_ADD] = "add", [LT_PPC_SUB] = "sub", [LT_PPC_SUBF] = "subf",
	[LT_PPC_XOR] = "xor", [LT_PPC_AND] = "and", [LT_PPC_OR] = "or",
	[LT_PPC_XORI] = "xori", [LT_PPC_ORI] = "ori", [LT_PPC_ANDI] = "andi",
	[LT_PPC_CMPW] = "cmpw", [LT_PPC_CMPWI] = "cmpwi",
	[LT_PPC_CMPD] = "cmpd", [LT_PPC_CMPDI] = "cmpdi",
	[LT_PPC_B] = "b", [LT_PPC_BEQ] = "beq", [LT_PPC_BNE] = "bne",
	[LT_PPC_BLT] = "blt", [LT_PPC_BGT] = "bgt", [LT_PPC_BLE] = "ble",
	[LT_PPC_BGE] = "bge",
};

/* ------------------------------------------------------------------ */
/* Instruction parsing                                                */
/* ------------------------------------------------------------------ */

#define fail lt_insn_fail

/* An integer: decimal or 0x hex, optional '-'; within int64_t. */
static int parse_int(struct lt_cell_insn *p, size_t start, size_t end, int64_t *out)
{
	return lt_cell_int(p->ctx, p->s, start, end, 0, out);
}

/* A register operand at s[start, end): fills op, widens the register. */
static int parse_reg(struct lt_cell_insn *p, size_t start, size_t end,
		     struct lt_operand *op, unsigned width)
{
	struct lt_test *t = p->ctx->test;
	char q[48], name[16];	/* "r" and any int */
	int r = reg_number(p->s + start, end - start);

	if (r < 0) {
		if (end > start && (p->s[start] == 'r' || p->s[start] == 'R') &&
		    end - start > 1 && isdigit((unsigned char)p->s[start + 1]))
			return fail(p, start, "'%s' is not a PPC register (r0 to r31)",
				    lt_quote(p->s + start, end - start, q, sizeof(q)));
		return fail(p, start, "'%s': expected a register, found '%s'",
			    p->mn, lt_quote(p->s + start, end - start, q, sizeof(q)));
	}
	snprintf(name, sizeof(name), "r%d", r);
	op->kind = LT_OP_REG;
	op->reg = lt_test_add_reg(t, p->ctx->thread, name);
	op->width = 64;
	if (t->regs[op->reg].width < width)
		t->regs[op->reg].width = width;
	return 0;
}

static int parse_imm(struct lt_cell_insn *p, size_t start, size_t end,
		     struct lt_operand *op, enum imm range)
{
	char q[48];

	if (!lt_looks_numeric(p->s, start, end))
		return fail(p, start, "'%s': expected an immediate, found '%s'",
			    p->mn, lt_quote(p->s + start, end - start, q, sizeof(q)));
	if (parse_int(p, start, end, &op->imm) < 0)
		return -1;
	op->kind = LT_OP_IMM;
	/* 16-bit SI / UI fields (Power ISA Book I, "Instruction Formats"). */
	if ((range == I_SIGNED && (op->imm < -32768 || op->imm > 32767)) ||
	    (range == I_UNSIGNED && (op->imm < 0 || op->imm > 65535)))
		return fail(p, start, "immediate %" PRId64 " out of range for '%s' (%s)",
			    op->imm, p->mn, range == I_SIGNED ?
			    "-32768 to 32767" : "0 to 65535");
	return 0;
}

/*
 * The D and DS forms' memory operand from its displacement at s[d0, d1)
 * and its base register at s[r0, r1).
 */
static int mem_d_fields(struct lt_cell_insn *p, size_t d0, size_t d1, size_t r0,
			size_t r1, struct lt_operand *op, bool ds)
{
	if (parse_int(p, d0, d1, &op->imm) < 0)
		return -1;
	/* 16-bit D field; DS form (ld, std): a multiple of 4. */
	if (op->imm < -32768 || op->imm > 32767)
		return fail(p, d0, "displacement %" PRId64 " out of range (-32768 to 32767)",
			    op->imm);
	if (ds && op->imm % 4 != 0)
		return fail(p, d0, "'%s': the displacement must be a multiple of 4",
			    p->mn);
	if (parse_reg(p, r0, r1, op, 64) < 0)
		return -1;
	op->kind = LT_OP_MEM;
	return 0;
}

/* "d(rA)": the D and DS forms. */
static int parse_mem_d(struct lt_cell_insn *p, size_t start, size_t end,
		       struct lt_operand *op, bool ds)
{
	const char *s = p->s;
	size_t lp, in0;

	if (lt_cell_paren(p->ctx, s, start, end, p->mn, "d(rA)", &lp) < 0)
		return -1;
	if (lt_trim_end(s, start, lp) == start)
		return fail(p, start, "'%s': the memory operand needs a displacement, as in 0(rA)",
			    p->mn);
	in0 = lt_skip_space(s, lp + 1, end - 1);
	return mem_d_fields(p, start, lt_trim_end(s, start, lp), in0,
			    lt_trim_end(s, in0, end - 1), op, ds);
}

static int ppc_parse_insn(struct lt_parse_ctx *ctx, const char *text,
			  struct lt_insn *insn)
{
	struct lt_cell_insn p = { .ctx = ctx, .s = text, .insn = insn };
	const struct mnemonic *m;
	struct lt_cell_mn cm;
	size_t n = strlen(text), mstart, off[LT_MAX_OPERANDS + 1][2];
	const char *mn = cm.text;
	char q[48];
	int nops, want, k = 0;
	unsigned dwidth;

	insn->op = -1;
	if (lt_cell_mnemonic(ctx, text, 0, n, ".", &cm) < 0)
		return -1;
	m = LT_NAME_FIND(mnemonics, cm.low);
	if (lt_cell_mnemonic_known(ctx, text, n, &cm, m) < 0)
		return -1;
	p.mn = mn;
	mstart = cm.start;

	nops = lt_cell_split(ctx, text, cm.end, n, mn, false, off, LT_MAX_OPERANDS);
	if (nops < 0)
		return -1;

	/* The compares take an optional condition register field first. */
	if ((m->form == F_CMP || m->form == F_CMPI) && nops == 3) {
		const char *f = text + off[0][0];

		if (off[0][1] - off[0][0] != 3 || strncmp(f, "cr", 2) != 0 ||
		    f[2] < '0' || f[2] > '7')
			return fail(&p, off[0][0], "'%s': expected a condition register field, found '%s'",
				    mn, lt_quote(f, off[0][1] - off[0][0], q, sizeof(q)));
		/*
		 * The branches herd knows test cr0 only, and cr0 is the one
		 * field the kernel's asm declares clobbered.
		 */
		if (f[2] != '0')
			return fail(&p, off[0][0], "'%s': only cr0 is supported (branches test cr0)",
				    mn);
		k = 1;
	}

	{
		static const int count[] = {
			[F_NONE] = 0, [F_MEM_D] = 2, [F_MEM_X] = 3, [F_RRR] = 3,
			[F_RRI] = 3, [F_RI] = 2, [F_RR] = 2, [F_CMP] = 2,
			[F_CMPI] = 2, [F_BRANCH] = 1,
		};

		want = count[m->form];
		/* herd's comma D-form, "lwz r1,0,r2" for "lwz r1,0(r2)". */
		if (m->form == F_MEM_D && nops == 3)
			k = 1;
		if (nops - k != want)
			return fail(&p, mstart, "'%s' takes %d operand%s, not %d",
				    mn, want, want == 1 ? "" : "s", nops);
	}

	/*
	 * The width an observed data register is read with.  lbz/lhz/lwz
	 * zero-extend into the 64-bit register; herd's PPC registers are
	 * ints, so a loaded register is observed as (at least) 32 bits.
	 */
	dwidth = m->store || m->width == 64 ? m->width : 32;
	insn->op = (int)m->op;
	insn->flags = m->flags;
	insn->width = m->width;
	insn->nops = want;
	switch (m->form) {
	case F_NONE:
		break;
	case F_MEM_D: {
		bool ds = m->op == LT_PPC_LD || m->op == LT_PPC_STD;

		if (parse_reg(&p, off[0][0], off[0][1], &insn->ops[0], dwidth) < 0)
			return -1;
		/* "lwz r1,r2,r3" is an X form misspelt, not a D form. */
		if (nops == 3 && !lt_looks_numeric(text, off[1][0], off[1][1]))
			return fail(&p, off[1][0], "'%s': expected a displacement, found '%s'",
				    mn, lt_quote(text + off[1][0], off[1][1] - off[1][0],
						 q, sizeof(q)));
		if (nops == 3 ?
		    mem_d_fields(&p, off[1][0], off[1][1], off[2][0], off[2][1],
				 &insn->ops[1], ds) < 0 :
		    parse_mem_d(&p, off[1][0], off[1][1], &insn->ops[1], ds) < 0)
			return -1;
		insn->ops[1].width = m->width;
		break;
	}
	case F_MEM_X: {
		struct lt_operand *mem = &insn->ops[1], idx;

		if (parse_reg(&p, off[0][0], off[0][1], &insn->ops[0], dwidth) < 0)
			return -1;
		/* rA may be written as a literal 0: the effective address is rB. */
		if (lt_looks_numeric(text, off[1][0], off[1][1])) {
			int64_t z;

			if (parse_int(&p, off[1][0], off[1][1], &z) < 0)
				return -1;
			if (z != 0)
				return fail(&p, off[1][0], "'%s': rA must be a register or 0", mn);
			mem->reg = -1;
		} else if (parse_reg(&p, off[1][0], off[1][1], mem, 64) < 0) {
			return -1;
		}
		memset(&idx, 0, sizeof(idx));
		if (parse_reg(&p, off[2][0], off[2][1], &idx, 64) < 0)
			return -1;
		mem->kind = LT_OP_MEM;
		mem->index = idx.reg;
		mem->scale = 1;
		mem->imm = 0;
		mem->width = m->width;
		insn->nops = 2;
		break;
	}
	case F_RRR:
		for (int o = 0; o < 3; o++)
			if (parse_reg(&p, off[o][0], off[o][1], &insn->ops[o], 64) < 0)
				return -1;
		break;
	case F_RRI:
		if (parse_reg(&p, off[0][0], off[0][1], &insn->ops[0], 64) < 0 ||
		    parse_reg(&p, off[1][0], off[1][1], &insn->ops[1], 64) < 0 ||
		    parse_imm(&p, off[2][0], off[2][1], &insn->ops[2], m->imm) < 0)
			return -1;
		break;
	case F_RI:
		if (parse_reg(&p, off[0][0], off[0][1], &insn->ops[0], 64) < 0 ||
		    parse_imm(&p, off[1][0], off[1][1], &insn->ops[1], m->imm) < 0)
			return -1;
		break;
	case F_RR:
	case F_CMP:
		if (parse_reg(&p, off[k][0], off[k][1], &insn->ops[0], 64) < 0 ||
		    parse_reg(&p, off[k + 1][0], off[k + 1][1], &insn->ops[1], 64) < 0)
			return -1;
		break;
	case F_CMPI:
		if (parse_reg(&p, off[k][0], off[k][1], &insn->ops[0], 64) < 0 ||
		    parse_imm(&p, off[k + 1][0], off[k + 1][1], &insn->ops[1], m->imm) < 0)
			return -1;
		break;
	case F_BRANCH: {
		size_t s0 = off[0][0], s1 = off[0][1];

		if (!lt_is_ident_start(text[s0]))
			goto bad_label;
		for (size_t j = s0; j < s1; j++)
			if (!lt_is_ident(text[j]))
				goto bad_label;
		if (s1 - s0 > MAX_NAME)
			return fail(&p, s0, "label name too long (over %d characters)",
				    MAX_NAME);
		insn->ops[0].kind = LT_OP_LABEL;
		insn->ops[0].name = lt_xstrndup(text + s0, s1 - s0);
		break;
bad_label:
		return fail(&p, s0, "'%s': invalid label '%s'", mn,
			    lt_quote(text + s0, s1 - s0, q, sizeof(q)));
	}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Emission                                                           */
/* ------------------------------------------------------------------ */

/*
 * GCC prints a PPC register operand as its bare number ("9"), which GNU as
 * takes as a register wherever the instruction expects one, so "%[r3]"
 * needs no modifier.
 */
static bool emit_operand(const struct lt_insn *insn, const struct lt_operand *op,
			 struct lt_buf *out)
{
	(void)insn;
	if (op->kind == LT_OP_REG) {
		lt_buf_printf(out, "%%[r%d]", op->reg);
	} else if (op->kind == LT_OP_IMM) {
		lt_buf_printf(out, "%" PRId64, op->imm);
	} else if (op->kind == LT_OP_MEM && op->index >= 0) {
		if (op->reg >= 0)
			lt_buf_printf(out, "%%[r%d],", op->reg);
		else
			lt_buf_puts(out, "0,");
		lt_buf_printf(out, "%%[r%d]", op->index);
	} else if (op->kind == LT_OP_MEM) {
		lt_buf_printf(out, "%" PRId64 "(%%[r%d])", op->imm, op->reg);
	} else {
		return false;	/* a label or a symbol: emit.h's form */
	}
	return true;
}

static int ppc_emit_insn(const struct lt_test *t, int thread,
			 const struct lt_insn *insn, struct lt_buf *out,
			 struct lt_error *err)
{
	(void)thread;
	if (lt_emit_check_op(t, insn, LT_PPC_NR_OPS, "PPC", err) < 0)
		return -1;
	lt_buf_puts(out, op_asm[insn->op]);
	if (insn->flags & LT_PPC_RC)
		lt_buf_putc(out, '.');
	lt_emit_operands(insn, insn->nops, emit_operand, out);
	return 0;
}

/*
 * In the D-form "d(rA)", the X-form "rA,rB" and addi, an rA field of 0
 * means the value 0, not the contents of r0 (Power ISA Book I, "Fixed-Point
 * Load Instructions": EA = (RA|0) + D).  A register the test uses as rA
 * must therefore never be given r0 by the compiler: the "b" constraint
 * (base register: any GPR but r0) guarantees it.  Other uses take "r".
 */
static const char *ppc_reg_constraint(const struct lt_test *t, int reg)
{
	const struct lt_reg *r = &t->regs[reg];

	for (int i = 0; i < t->nthreads; i++) {
		const struct lt_thread *th = &t->threads[i];

		if (th->id != r->thread)
			continue;
		for (int j = 0; j < th->ninsns; j++) {
			const struct lt_insn *in = &th->insns[j];

			if (in->op < 0)
				continue;
			if (in->op == LT_PPC_ADDI && in->ops[1].reg == reg)
				return "b";
			for (int k = 0; k < in->nops; k++)
				if (in->ops[k].kind == LT_OP_MEM &&
				    in->ops[k].reg == reg)
					return "b";
		}
	}
	return "r";
}

/* name, herd word, aliases, model, compilers: arch/arches.def */
#define LT_ARCH_SELF_ppc64le 1
#include "../arch-self.h"

const struct lt_arch_ops lt_arch_ppc64le = {
	LT_ARCH_SELF_OPS
	LT_ARCH_ISA_HOOKS(ppc)
	.reg_rank = ppc_reg_rank,
	/*
	 * cr0: cmpw/cmpd write it, stwcx./stdcx. and the record forms set it
	 * (Power ISA Book I, "Condition Register"); memory: the test's cells.
	 */
	.clobbers = "\"memory\", \"cr0\"",
	.fences = &fx_arch_ppc64le,
};
