/* SPDX-License-Identifier: MIT */
/*
 * RISCV (RV64) opcode ids and instruction flags stored in struct lt_insn,
 * for code (codegen, tests) that looks inside one.
 */
#ifndef LT_ARCH_RISCV64_ISA_H
#define LT_ARCH_RISCV64_ISA_H

#include "litmus/arch-ops.h"

/*
 * Operands are kept in assembler order.  A memory operand is LT_OP_MEM with
 * `reg` the base and `imm` the offset.  x0, the hardwired zero, is never a
 * register of the test (the compiler must not allocate it): it is an
 * LT_OP_SYM operand named "zero", emitted literally.  A fence's predecessor
 * and successor sets are LT_OP_SYM operands ("rw", "iorw"...).  The access
 * width of loads, stores, LR/SC and AMOs is lt_insn.width (8 to 64).
 */
enum lt_rv_op {
	LT_RV_LB,
	LT_RV_LH,
	LT_RV_LW,
	LT_RV_LD,
	LT_RV_LBU,
	LT_RV_LHU,
	LT_RV_LWU,
	LT_RV_SB,
	LT_RV_SH,
	LT_RV_SW,
	LT_RV_SD,
	LT_RV_LR,		/* lr.w / lr.d: ops[0] rd, ops[1] memory */
	LT_RV_SC,		/* sc.w / sc.d: ops[0] rd, ops[1] rs2, ops[2] memory */
	LT_RV_AMOSWAP,		/* amo*.w / .d: ops[0] rd, ops[1] rs2, ops[2] memory */
	LT_RV_AMOADD,
	LT_RV_AMOAND,
	LT_RV_AMOOR,
	LT_RV_AMOXOR,
	LT_RV_FENCE,		/* nops 0 (plain "fence") or 2 sets */
	LT_RV_FENCE_TSO,
	LT_RV_FENCE_I,
	LT_RV_NOP,
	LT_RV_LI,
	LT_RV_MV,
	LT_RV_ADDI,
	LT_RV_XORI,
	LT_RV_ANDI,
	LT_RV_ORI,
	LT_RV_ADD,
	LT_RV_SUB,
	LT_RV_XOR,
	LT_RV_AND,
	LT_RV_OR,
	LT_RV_BEQ,		/* ops[0] rs1, ops[1] rs2, ops[2] label */
	LT_RV_BNE,
	LT_RV_BLT,
	LT_RV_BGE,
	LT_RV_BLTU,
	LT_RV_BGEU,
	LT_RV_J,		/* ops[0] label */
	LT_RV_NR_OPS
};

/* lt_insn.flags: the A extension's ordering bits. */
#define LT_RV_AQ	0x1u	/* .aq: acquire */
#define LT_RV_RL	0x2u	/* .rl: release (both: .aqrl) */

extern const struct lt_arch_ops lt_arch_riscv64;
/* fences' lifter of the arch (lift.c) */
extern const struct fx_arch fx_arch_riscv64;

/* The model checker's semantics of an instruction (arch/riscv64/sem.c). */
struct lt_sem;
int rv_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		 struct lt_sem *s, struct lt_error *err);

#endif /* LT_ARCH_RISCV64_ISA_H */
