/* SPDX-License-Identifier: MIT */
/*
 * POWER instruction semantics for the model checker: each parsed instruction
 * lowered to the micro-ops of src/model/sem.h, after the Power ISA (Book I,
 * "Fixed-Point Facility"; Book II, "Storage Control Instructions") and
 * herd7's herd/PPCSem.ml, whose events the power model reads.
 */
#include "config.h"

#include <string.h>

#include "isa.h"
#include "model/sem-build.h"

static struct lt_sem_arg src(const struct lt_operand *op)
{
	if (op->kind == LT_OP_IMM)
		return lt_arg_imm(op->imm);
	return lt_arg_reg(op->reg);
}

/*
 * d(rA), or the indexed (rA|0) + rB: an rA written as a literal 0 is the
 * value 0 (Book I, "Fixed-Point Load Instructions", EA = (RA|0) + ...).
 */
static struct lt_sem_addr addr_of(const struct lt_operand *mem)
{
	struct lt_sem_addr a = {
		.loc = -1, .base = lt_arg_none(), .index = lt_arg_none(), .scale = 1,
		.disp = mem->imm,
	};

	if (mem->reg >= 0)
		a.base = lt_arg_reg(mem->reg);
	if (mem->index >= 0) {
		if (mem->reg >= 0)
			a.index = lt_arg_reg(mem->index);
		else
			a.base = lt_arg_reg(mem->index);
	}
	return a;
}

/* lbz, lhz, lwz zero-extend into the 64-bit register; ld fills it. */
static void load(struct lt_sem *s, const struct lt_insn *in, unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_LOAD, in->width);

	u->addr = addr_of(&in->ops[1]);
	u->ann = ann;
	u->dst = lt_arg_tmp(0);
	if (in->width == 64) {
		u = lt_sem_add(s, LT_UOP_MOV, 64);
		u->dst = lt_arg_reg(in->ops[0].reg);
		u->a = lt_arg_tmp(0);
	} else {
		lt_sem_alu(s, 64, LT_ALU_AND, lt_arg_reg(in->ops[0].reg), lt_arg_tmp(0),
		    lt_arg_imm((int64_t)((UINT64_C(1) << in->width) - 1)));
	}
}

static void store(struct lt_sem *s, const struct lt_insn *in, unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_STORE, in->width);

	u->a = lt_arg_reg(in->ops[0].reg);
	u->addr = addr_of(&in->ops[1]);
	u->ann = ann;
}

int ppc_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		  struct lt_sem *s, struct lt_error *err)
{
	const struct lt_operand *o = in->ops;
	enum lt_ppc_op op = (enum lt_ppc_op)in->op;
	struct lt_uop *u;

	(void)thread;
	switch (op) {
	case LT_PPC_LBZ: case LT_PPC_LHZ: case LT_PPC_LWZ: case LT_PPC_LD:
	case LT_PPC_LBZX: case LT_PPC_LHZX: case LT_PPC_LWZX: case LT_PPC_LDX:
		load(s, in, 0);
		return 0;
	case LT_PPC_STB: case LT_PPC_STH: case LT_PPC_STW: case LT_PPC_STD:
	case LT_PPC_STBX: case LT_PPC_STHX: case LT_PPC_STWX: case LT_PPC_STDX:
		store(s, in, 0);
		return 0;
	case LT_PPC_LWARX: case LT_PPC_LDARX:
		/* The read that takes the reservation (herd's reserve read). */
		load(s, in, LT_ANN_EXCL);
		return 0;
	case LT_PPC_STWCX: case LT_PPC_STDCX: {
		/*
		 * Book II, "stwcx.": with the reservation held the store may
		 * succeed (the write, paired with the lwarx, and CR0[EQ] = 1)
		 * or fail (no write, CR0[EQ] = 0); either way the reservation
		 * is lost.  Without one, or with one on another address, only
		 * failure is left (the checker drops the write).  CR0's value
		 * is a constant but, in herd's PPC semantics, its write
		 * depends on every register the instruction reads (rS, rA,
		 * rB), on both paths: a branch on CR0 is a control dependency
		 * on whatever those came from.  tmp1 is 0 with those
		 * dependencies (x ^ x); CR0 compares it with 0 (success: EQ)
		 * or tmp1 + 1 with 0 (failure: GT; herd clears GT there, and
		 * no branch of the ISA subset tests GT after a stwcx.).
		 */
		struct lt_sem_addr a = addr_of(&o[1]);
		int k;

		lt_sem_alu(s, 64, LT_ALU_XOR, lt_arg_tmp(1), lt_arg_reg(o[0].reg), lt_arg_reg(o[0].reg));
		if (a.base.kind == LT_SA_REG) {
			lt_sem_alu(s, 64, LT_ALU_XOR, lt_arg_tmp(2), a.base, a.base);
			lt_sem_alu(s, 64, LT_ALU_ADD, lt_arg_tmp(1), lt_arg_tmp(1), lt_arg_tmp(2));
		}
		if (a.index.kind == LT_SA_REG) {
			lt_sem_alu(s, 64, LT_ALU_XOR, lt_arg_tmp(2), a.index, a.index);
			lt_sem_alu(s, 64, LT_ALU_ADD, lt_arg_tmp(1), lt_arg_tmp(1), lt_arg_tmp(2));
		}
		k = s->nuops;
		lt_sem_at(s, LT_UOP_CHOOSE, k + 4);
		store(s, in, LT_ANN_EXCL);
		lt_sem_cmp(s, 64, lt_arg_tmp(1), lt_arg_imm(0));
		lt_sem_at(s, LT_UOP_SKIP, k + 7);
		/* k + 4 */ lt_sem_add(s, LT_UOP_CLREX, 0);
		lt_sem_alu(s, 64, LT_ALU_ADD, lt_arg_tmp(1), lt_arg_tmp(1), lt_arg_imm(1));
		lt_sem_cmp(s, 64, lt_arg_tmp(1), lt_arg_imm(0));
		return 0;
	}
	case LT_PPC_SYNC: case LT_PPC_HWSYNC:
		lt_sem_fence(s, LT_FENCE_SYNC);
		return 0;
	case LT_PPC_LWSYNC:
		lt_sem_fence(s, LT_FENCE_LWSYNC);
		return 0;
	case LT_PPC_ISYNC:
		lt_sem_fence(s, LT_FENCE_ISYNC);
		return 0;
	case LT_PPC_EIEIO:
		lt_sem_fence(s, LT_FENCE_EIEIO);
		return 0;
	case LT_PPC_NOP:
		return 0;
	case LT_PPC_LI:
	case LT_PPC_MR:
		u = lt_sem_add(s, LT_UOP_MOV, 64);
		u->dst = lt_arg_reg(o[0].reg);
		u->a = src(&o[1]);
		return 0;
	case LT_PPC_ADDI: case LT_PPC_ADD: case LT_PPC_SUB: case LT_PPC_SUBF:
	case LT_PPC_XOR: case LT_PPC_AND: case LT_PPC_OR: case LT_PPC_XORI:
	case LT_PPC_ORI: case LT_PPC_ANDI: {
		static const enum lt_alu ops[LT_PPC_NR_OPS] = {
			[LT_PPC_ADDI] = LT_ALU_ADD, [LT_PPC_ADD] = LT_ALU_ADD,
			[LT_PPC_SUB] = LT_ALU_SUB, [LT_PPC_SUBF] = LT_ALU_SUB,
			[LT_PPC_XOR] = LT_ALU_XOR, [LT_PPC_AND] = LT_ALU_AND,
			[LT_PPC_OR] = LT_ALU_OR, [LT_PPC_XORI] = LT_ALU_XOR,
			[LT_PPC_ORI] = LT_ALU_OR, [LT_PPC_ANDI] = LT_ALU_AND,
		};

		/*
		 * addi's rA is an ordinary register here: the kernel gives
		 * the test's r0 a base-capable register ("b"), so "addi
		 * rD,r0,v" adds, where herd reads r0 as 0.  subf rD,rA,rB is
		 * rB - rA; sub is its extended mnemonic with the operands
		 * swapped.
		 */
		if (op == LT_PPC_SUBF)
			lt_sem_alu(s, 64, ops[op], lt_arg_reg(o[0].reg), src(&o[2]), src(&o[1]));
		else
			lt_sem_alu(s, 64, ops[op], lt_arg_reg(o[0].reg), src(&o[1]), src(&o[2]));
		/* Record forms: CR0 from the result compared with 0. */
		if (in->flags & LT_PPC_RC)
			lt_sem_cmp(s, 64, lt_arg_reg(o[0].reg), lt_arg_imm(0));
		return 0;
	}
	case LT_PPC_CMPW: case LT_PPC_CMPWI:
		lt_sem_cmp(s, 32, src(&o[0]), src(&o[1]));
		return 0;
	case LT_PPC_CMPD: case LT_PPC_CMPDI:
		lt_sem_cmp(s, 64, src(&o[0]), src(&o[1]));
		return 0;
	case LT_PPC_B: case LT_PPC_BEQ: case LT_PPC_BNE: case LT_PPC_BLT:
	case LT_PPC_BGT: case LT_PPC_BLE: case LT_PPC_BGE: {
		static const enum lt_cc ccs[LT_PPC_NR_OPS] = {
			[LT_PPC_B] = LT_CC_ALWAYS, [LT_PPC_BEQ] = LT_CC_EQ,
			[LT_PPC_BNE] = LT_CC_NE, [LT_PPC_BLT] = LT_CC_LT,
			[LT_PPC_BGT] = LT_CC_GT, [LT_PPC_BLE] = LT_CC_LE,
			[LT_PPC_BGE] = LT_CC_GE,
		};

		u = lt_sem_add(s, LT_UOP_BRANCH, 0);
		u->cc = ccs[op];
		u->label = o[0].name;
		return 0;
	}
	case LT_PPC_NR_OPS:
		break;
	}
	lt_error_set(err, t->file, in->pos,
		     "the model does not support '%s' (unknown opcode)", in->text);
	return -1;
}
