/* SPDX-License-Identifier: MIT */
/*
 * PPC (POWER, 64-bit little-endian) opcode ids and instruction flags stored
 * in struct lt_insn, for code (codegen, tests) that looks inside one.
 */
#ifndef LT_ARCH_PPC64LE_ISA_H
#define LT_ARCH_PPC64LE_ISA_H

#include "litmus/arch-ops.h"

/*
 * Operands are kept in the order the assembler takes them.  A memory
 * operand is LT_OP_MEM with `reg` the base (rA) and `imm` the displacement
 * for the D/DS forms ("lwz r1,8(r2)"), or `reg` = rA and `index` = rB for
 * the indexed X forms ("lwzx r1,r3,r5"); an X form written with a literal 0
 * for rA ("lwarx r1,0,r2") has reg = -1.
 */
enum lt_ppc_op {
	/* D/DS-form loads and stores: ops[0] data register, ops[1] memory */
	LT_PPC_LBZ,
	LT_PPC_LHZ,
	LT_PPC_LWZ,
	LT_PPC_LD,
	LT_PPC_STB,
	LT_PPC_STH,
	LT_PPC_STW,
	LT_PPC_STD,
	/* X-form (indexed) loads and stores, reservations */
	LT_PPC_LBZX,
	LT_PPC_LHZX,
	LT_PPC_LWZX,
	LT_PPC_LDX,
	LT_PPC_STBX,
	LT_PPC_STHX,
	LT_PPC_STWX,
	LT_PPC_STDX,
	LT_PPC_LWARX,
	LT_PPC_LDARX,
	LT_PPC_STWCX,		/* stwcx. : sets cr0 */
	LT_PPC_STDCX,		/* stdcx. : sets cr0 */
	/* barriers */
	LT_PPC_SYNC,
	LT_PPC_HWSYNC,
	LT_PPC_LWSYNC,
	LT_PPC_ISYNC,
	LT_PPC_EIEIO,
	LT_PPC_NOP,
	/* arithmetic: rD, rA, rB | rD, rA, imm | rD, imm | rD, rS */
	LT_PPC_LI,
	LT_PPC_MR,
	LT_PPC_ADDI,
	LT_PPC_ADD,
	LT_PPC_SUB,
	LT_PPC_SUBF,
	LT_PPC_XOR,
	LT_PPC_AND,
	LT_PPC_OR,
	LT_PPC_XORI,
	LT_PPC_ORI,
	LT_PPC_ANDI,		/* andi. : always sets cr0 */
	/* compares into cr0: ops[0] rA, ops[1] rB or imm */
	LT_PPC_CMPW,
	LT_PPC_CMPWI,
	LT_PPC_CMPD,
	LT_PPC_CMPDI,
	/* branches on cr0: ops[0] label */
	LT_PPC_B,
	LT_PPC_BEQ,
	LT_PPC_BNE,
	LT_PPC_BLT,
	LT_PPC_BGT,
	LT_PPC_BLE,
	LT_PPC_BGE,
	LT_PPC_NR_OPS
};

/* lt_insn.flags */
#define LT_PPC_RC	0x1u	/* record form ("add."): also sets cr0 */

extern const struct lt_arch_ops lt_arch_ppc64le;
/* fences' lifter of the arch (lift.c) */
extern const struct fx_arch fx_arch_ppc64le;

/* The model checker's semantics of an instruction (arch/ppc64le/sem.c). */
struct lt_sem;
int ppc_sem_lower(const struct lt_test *t, int thread, const struct lt_insn *in,
		  struct lt_sem *s, struct lt_error *err);

#endif /* LT_ARCH_PPC64LE_ISA_H */
