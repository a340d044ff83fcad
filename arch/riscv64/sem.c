/* SPDX-License-Identifier: MIT */
/*
 * RISC-V (RV64) instruction semantics for the model checker: each parsed
 * instruction lowered to the micro-ops of src/model/sem.h, after the RISC-V
 * Unprivileged ISA (chapters RV32I/RV64I, "A" extension) and herd7's
 * herd/RISCVSem.ml, whose events the riscv model reads.
 */
#include "config.h"

#include <string.h>

#include "isa.h"
#include "model/sem-build.h"

/* A source: x0 (the "zero" symbol, see isa.h) reads as 0. */
static struct lt_sem_arg src(const struct lt_operand *op)
{
	if (op->kind == LT_OP_IMM)
		return lt_arg_imm(op->imm);
	if (op->kind != LT_OP_REG)
		return lt_arg_imm(0);
	return (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->reg };
}

/* A destination: writes to x0 are dropped. */
static struct lt_sem_arg dst(const struct lt_operand *op)
{
	if (op->kind != LT_OP_REG)
		return lt_arg_none();
	return (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->reg };
}

/* off(rs1): the effective address rs1 + off (the offset must make it 0). */
static struct lt_sem_addr addr_of(const struct lt_operand *mem)
{
	return (struct lt_sem_addr){
		.loc = -1, .index = lt_arg_none(), .scale = 1, .disp = mem->imm,
		.base = { .kind = LT_SA_REG, .idx = mem->reg },
	};
}

/*
 * A read of `width` bits into d: the checker hands a load its value
 * sign-extended from the access width, which is what LB/LH/LW/LD, LR.W and
 * the .W AMOs put in the register (RV64I "Load and Store Instructions";
 * "A": "sign-extended to XLEN"); LBU/LHU/LWU zero-extend instead.  Going
 * through a temporary keeps the checker's x86-style partial register
 * writes out of the way.
 */
static void load(struct lt_sem *s, const struct lt_operand *mem,
		 unsigned width, bool sext, struct lt_sem_arg d, unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_LOAD, width);

	u->addr = addr_of(mem);
	u->ann = ann;
	u->dst = lt_arg_tmp(0);
	if (width == 64 || sext)
		lt_sem_mov(s, 64, d, lt_arg_tmp(0));
	else
		lt_sem_alu(s, 64, LT_ALU_AND, d, lt_arg_tmp(0),
		    lt_arg_imm((int64_t)((UINT64_C(1) << width) - 1)));
}

static struct lt_uop *store(struct lt_sem *s, const struct lt_operand *mem,
			    unsigned width, struct lt_sem_arg val, unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_STORE, width);

	u->a = val;
	u->addr = addr_of(mem);
	u->ann = ann;
	return u;
}

/*
 * The ordering bits of an access: herd's annotations Acq, Rel and AcqRel
 * (both bits), which riscv.cat reads whatever the access (rules 5 and 6:
 * a load-acquire, a store-release, an lw.aqrl).  An AMO is one memory
 * operation that is both a load and a store (RVWMO, "Memory Model
 * Primitives"), so both of its events carry all of its bits; the riscv
 * model merges them back into one node.  herd reads lr.{w,d}.rl as a
 * plain LR and sc.{w,d}.aq as a plain SC (its lexer drops the bit), .aqrl
 * keeping both: so does the model.
 */
static unsigned order_ann(const struct lt_insn *in)
{
	unsigned flags = in->flags;

	if (in->op == LT_RV_LR && flags == LT_RV_RL)
		flags = 0;
	if (in->op == LT_RV_SC && flags == LT_RV_AQ)
		flags = 0;
	return ((flags & LT_RV_AQ) ? LT_ANN_ACQUIRE : 0) |
	       ((flags & LT_RV_RL) ? LT_ANN_RELEASE : 0);
}

/*
 * FENCE pred,succ: only the R and W bits order ordinary memory (the I and
 * O bits are device input and output); a side with neither orders nothing.
 */
static enum lt_fence fence_kind(const struct lt_insn *in)
{
	static const enum lt_fence kinds[3][3] = {
		{ LT_FENCE_RV_R_R, LT_FENCE_RV_R_W, LT_FENCE_RV_R_RW },
		{ LT_FENCE_RV_W_R, LT_FENCE_RV_W_W, LT_FENCE_RV_W_RW },
		{ LT_FENCE_RV_RW_R, LT_FENCE_RV_RW_W, LT_FENCE_RV_RW_RW },
	};
	int side[2];

	/* A plain "fence" is FENCE IORW,IORW. */
	if (in->nops == 0)
		return LT_FENCE_RV_RW_RW;
	for (int k = 0; k < 2; k++) {
		const char *set = in->ops[k].name;
		bool r = strchr(set, 'r') != NULL, w = strchr(set, 'w') != NULL;

		if (!r && !w)
			return LT_FENCE_RV_NONE;
		side[k] = r && w ? 2 : w ? 1 : 0;
	}
	return kinds[side[0]][side[1]];
}

int rv_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		 struct lt_sem *s, struct lt_error *err)
{
	const struct lt_operand *o = in->ops;
	enum lt_rv_op op = (enum lt_rv_op)in->op;
	unsigned w = in->width, ord = order_ann(in);
	struct lt_uop *u;

	(void)thread;
	switch (op) {
	case LT_RV_LB: case LT_RV_LH: case LT_RV_LW: case LT_RV_LD:
		load(s, &o[1], w, true, dst(&o[0]), ord);
		return 0;
	case LT_RV_LBU: case LT_RV_LHU: case LT_RV_LWU:
		load(s, &o[1], w, false, dst(&o[0]), ord);
		return 0;
	case LT_RV_SB: case LT_RV_SH: case LT_RV_SW: case LT_RV_SD:
		store(s, &o[1], w, src(&o[0]), ord);
		return 0;
	case LT_RV_LR:
		/* herd's EX read: the reservation SC pairs with (rmw). */
		load(s, &o[1], w, true, dst(&o[0]), LT_ANN_EXCL | ord);
		return 0;
	case LT_RV_SC:
		/*
		 * Success: the write, paired with the open LR, and rd = 0;
		 * failure (allowed at any time, "A": "Load-Reserved/
		 * Store-Conditional Instructions"): no write and rd = 1,
		 * herd's value.  Either way the reservation is gone.  Without
		 * one, or with one on another address, only failure is left
		 * (the checker drops the write).  A success's 0 is not a
		 * constant: in herd's RISCV semantics rd depends on the write
		 * (iico_ctrl, a dependency source in riscv) and on the
		 * address register (iico_data), so an access whose address,
		 * data or branch uses rd depends on the SC and on what the
		 * address came from; the STORE's dst gives rd just that.  A
		 * failure's 1 depends on nothing.
		 */
		lt_sem_at(s, LT_UOP_CHOOSE, 3);
		store(s, &o[2], w, src(&o[1]), LT_ANN_EXCL | ord)->dst = dst(&o[0]);
		lt_sem_at(s, LT_UOP_SKIP, 5);
		/* 3 */ lt_sem_add(s, LT_UOP_CLREX, 0);
		lt_sem_mov(s, 64, dst(&o[0]), lt_arg_imm(1));
		return 0;
	case LT_RV_AMOSWAP: case LT_RV_AMOADD: case LT_RV_AMOAND:
	case LT_RV_AMOOR: case LT_RV_AMOXOR: {
		/*
		 * rd = [rs1]; [rs1] = [rs1] op rs2, atomically: a read and a
		 * write paired by rmw (herd's X, AMO), rs2 feeding the write
		 * (data), the value read feeding rd and, but for a swap, the
		 * value written.
		 */
		static const enum lt_alu ops[LT_RV_NR_OPS] = {
			[LT_RV_AMOADD] = LT_ALU_ADD, [LT_RV_AMOAND] = LT_ALU_AND,
			[LT_RV_AMOOR] = LT_ALU_OR, [LT_RV_AMOXOR] = LT_ALU_XOR,
		};
		unsigned ann = LT_ANN_RMW | LT_ANN_ATOMIC | ord;

		u = lt_sem_add(s, LT_UOP_LOAD, w);
		u->addr = addr_of(&o[2]);
		u->ann = ann;
		u->dst = lt_arg_tmp(0);
		if (op == LT_RV_AMOSWAP) {
			store(s, &o[2], w, src(&o[1]), ann);
		} else {
			lt_sem_alu(s, w, ops[op], lt_arg_tmp(1), lt_arg_tmp(0), src(&o[1]));
			store(s, &o[2], w, lt_arg_tmp(1), ann);
		}
		lt_sem_mov(s, 64, dst(&o[0]), lt_arg_tmp(0));
		return 0;
	}
	case LT_RV_FENCE:
		lt_sem_fence(s, fence_kind(in));
		return 0;
	case LT_RV_FENCE_TSO:
		lt_sem_fence(s, LT_FENCE_RV_TSO);
		return 0;
	case LT_RV_FENCE_I:
		/*
		 * FENCE.I synchronises instruction fetch with this hart's
		 * stores; it orders no data access ("Zifencei"), and herd's
		 * riscv.cat gives its event no ordering.
		 */
		lt_sem_fence(s, LT_FENCE_RV_NONE);
		return 0;
	case LT_RV_NOP:
		return 0;
	case LT_RV_LI:
	case LT_RV_MV:
		lt_sem_mov(s, 64, dst(&o[0]), src(&o[1]));
		return 0;
	case LT_RV_ADDI: case LT_RV_XORI: case LT_RV_ANDI: case LT_RV_ORI:
	case LT_RV_ADD: case LT_RV_SUB: case LT_RV_XOR: case LT_RV_AND:
	case LT_RV_OR: {
		static const enum lt_alu ops[LT_RV_NR_OPS] = {
			[LT_RV_ADDI] = LT_ALU_ADD, [LT_RV_XORI] = LT_ALU_XOR,
			[LT_RV_ANDI] = LT_ALU_AND, [LT_RV_ORI] = LT_ALU_OR,
			[LT_RV_ADD] = LT_ALU_ADD, [LT_RV_SUB] = LT_ALU_SUB,
			[LT_RV_XOR] = LT_ALU_XOR, [LT_RV_AND] = LT_ALU_AND,
			[LT_RV_OR] = LT_ALU_OR,
		};

		lt_sem_alu(s, 64, ops[op], dst(&o[0]), src(&o[1]), src(&o[2]));
		return 0;
	}
	case LT_RV_BEQ: case LT_RV_BNE: case LT_RV_BLT: case LT_RV_BGE:
	case LT_RV_BLTU: case LT_RV_BGEU: {
		/* RISC-V has no flags: the compare is the branch's own. */
		static const enum lt_cc ccs[LT_RV_NR_OPS] = {
			[LT_RV_BEQ] = LT_CC_EQ, [LT_RV_BNE] = LT_CC_NE,
			[LT_RV_BLT] = LT_CC_LT, [LT_RV_BGE] = LT_CC_GE,
			[LT_RV_BLTU] = LT_CC_B, [LT_RV_BGEU] = LT_CC_AE,
		};

		u = lt_sem_add(s, LT_UOP_CMP, 64);
		u->a = src(&o[0]);
		u->b = src(&o[1]);
		u = lt_sem_add(s, LT_UOP_BRANCH, 0);
		u->cc = ccs[op];
		u->label = o[2].name;
		return 0;
	}
	case LT_RV_J:
		lt_sem_add(s, LT_UOP_BRANCH, 0)->label = o[0].name;
		return 0;
	case LT_RV_NR_OPS:
		break;
	}
	lt_error_set(err, t->file, in->pos,
		     "the model does not support '%s' (unknown opcode)", in->text);
	return -1;
}
