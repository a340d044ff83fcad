/* SPDX-License-Identifier: MIT */
/*
 * X86_64 opcode ids and instruction flags stored in struct lt_insn, for code
 * (codegen, tests) that needs to look inside an x86_64 instruction.
 */
#ifndef LT_ARCH_X86_64_ISA_H
#define LT_ARCH_X86_64_ISA_H

#include "litmus/arch-ops.h"

/*
 * Operands are kept in AT&T order (source first, destination last) for
 * every opcode, including cmpxchg, which herd writes destination first.
 */
enum lt_x86_op {
	LT_X86_MOV,
	LT_X86_ADD,
	LT_X86_SUB,
	LT_X86_XOR,
	LT_X86_OR,
	LT_X86_AND,
	LT_X86_CMP,
	LT_X86_SHL,
	LT_X86_INC,
	LT_X86_DEC,
	LT_X86_XCHG,
	LT_X86_CMPXCHG,		/* ops[0]: new value register; ops[1]: r/m;
				 * ops[2]: the implicit accumulator %rax, listed
				 * so that codegen binds it, never printed */
	LT_X86_XADD,
	LT_X86_MOVNTI,
	LT_X86_SETNB,
	LT_X86_MFENCE,
	LT_X86_LFENCE,
	LT_X86_SFENCE,
	LT_X86_NOP,
	LT_X86_JMP,
	LT_X86_JE,
	LT_X86_JNE,
	LT_X86_JLE,
	LT_X86_JL,
	LT_X86_JGE,
	LT_X86_JG,
	LT_X86_JS,
	LT_X86_JNS,
	LT_X86_NR_OPS
};

/* lt_insn.flags */
#define LT_X86_LOCK	0x1u	/* "lock" prefix */

extern const struct lt_arch_ops lt_arch_x86_64;
/* fences' lifter of the arch (lift.c) */
extern const struct fx_arch fx_arch_x86_64;

struct lt_sem;
/* The model checker's semantics of an instruction (arch/x86_64/sem.c). */
int x86_sem_lower(const struct lt_test *t, int thread,
		  const struct lt_insn *insn, struct lt_sem *out,
		  struct lt_error *err);

#endif /* LT_ARCH_X86_64_ISA_H */
