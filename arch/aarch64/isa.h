/* SPDX-License-Identifier: MIT */
/*
 * AArch64 opcode ids and instruction flags stored in struct lt_insn, for code
 * (codegen, tests) that needs to look inside an AArch64 instruction.
 */
#ifndef LT_ARCH_AARCH64_ISA_H
#define LT_ARCH_AARCH64_ISA_H

#include <stdbool.h>
#include <stdint.h>

#include "litmus/arch-ops.h"

/*
 * Every accepted mnemonic, one line each: X(ID, "mnemonic", FORM, BYTES).
 * BYTES is the memory access size, 0 when the data register gives it (4 for
 * a W register, 8 for an X register).  The list is expanded once here for
 * the opcode ids and once in isa.c for the parser's table, so the two can
 * never disagree.  The atomic families are generated: order suffix (none,
 * A acquire, L release, AL both) then size suffix (none, B byte, H half),
 * which is how the Arm ARM names them (e.g. CASALB, LDADDAH).
 */
#define LT_A64_SIZES(X, ID, MN, FORM)					\
	X(ID, MN, FORM, 0)						\
	X(ID##B, MN "b", FORM, 1)					\
	X(ID##H, MN "h", FORM, 2)

#define LT_A64_ORDERS(X, ID, MN, FORM)					\
	LT_A64_SIZES(X, ID, MN, FORM)					\
	LT_A64_SIZES(X, ID##A, MN "a", FORM)				\
	LT_A64_SIZES(X, ID##L, MN "l", FORM)				\
	LT_A64_SIZES(X, ID##AL, MN "al", FORM)

/* ST<op> has no acquire forms: it returns nothing to order after. */
#define LT_A64_STORDERS(X, ID, MN)					\
	LT_A64_SIZES(X, ID, MN, STOP)					\
	LT_A64_SIZES(X, ID##L, MN "l", STOP)

#define LT_A64_OPS(X)							\
	/* loads and stores: Rt, [Xn{, #imm | Rm{, extend}}] */		\
	X(LDR, "ldr", LDST, 0)						\
	X(LDRB, "ldrb", LDST, 1)					\
	X(LDRH, "ldrh", LDST, 2)					\
	X(STR, "str", LDST, 0)						\
	X(STRB, "strb", LDST, 1)					\
	X(STRH, "strh", LDST, 2)					\
	/* ordered and exclusive accesses: Rt, [Xn] */			\
	LT_A64_SIZES(X, LDAR, "ldar", LDBASE)				\
	LT_A64_SIZES(X, LDAPR, "ldapr", LDBASE)				\
	LT_A64_SIZES(X, STLR, "stlr", LDBASE)				\
	LT_A64_SIZES(X, LDXR, "ldxr", LDBASE)				\
	LT_A64_SIZES(X, LDAXR, "ldaxr", LDBASE)				\
	/* store exclusive: Ws, Rt, [Xn] */				\
	LT_A64_SIZES(X, STXR, "stxr", STX)				\
	LT_A64_SIZES(X, STLXR, "stlxr", STX)				\
	/* single-copy atomic read-modify-writes: Rs, Rt, [Xn] */	\
	LT_A64_ORDERS(X, CAS, "cas", RMW)				\
	LT_A64_ORDERS(X, SWP, "swp", RMW)				\
	LT_A64_ORDERS(X, LDADD, "ldadd", RMW)				\
	LT_A64_ORDERS(X, LDCLR, "ldclr", RMW)				\
	LT_A64_ORDERS(X, LDEOR, "ldeor", RMW)				\
	LT_A64_ORDERS(X, LDSET, "ldset", RMW)				\
	/* atomic updates without a result: Rs, [Xn] */			\
	LT_A64_STORDERS(X, STADD, "stadd")				\
	LT_A64_STORDERS(X, STCLR, "stclr")				\
	LT_A64_STORDERS(X, STEOR, "steor")				\
	LT_A64_STORDERS(X, STSET, "stset")				\
	/* barriers */							\
	X(DMB, "dmb", BARRIER, 0)					\
	X(DSB, "dsb", BARRIER, 0)					\
	X(ISB, "isb", NONE, 0)						\
	X(NOP, "nop", NONE, 0)						\
	/* data processing */						\
	X(MOV, "mov", MOV, 0)						\
	X(ADD, "add", ADDSUB, 0)					\
	X(SUB, "sub", ADDSUB, 0)					\
	X(EOR, "eor", LOGIC, 0)						\
	X(AND, "and", LOGIC, 0)						\
	X(ORR, "orr", LOGIC, 0)						\
	X(CMP, "cmp", CMP, 0)						\
	X(CSEL, "csel", CSEL, 0)					\
	X(CSINC, "csinc", CSEL, 0)					\
	X(CSINV, "csinv", CSEL, 0)					\
	X(CSNEG, "csneg", CSEL, 0)					\
	/* branches */							\
	X(B, "b", B, 0)							\
	X(BCOND, "b.", BCOND, 0)					\
	X(CBZ, "cbz", CBZ, 0)						\
	X(CBNZ, "cbnz", CBZ, 0)

/*
 * Operands are kept in the Arm ARM's order (destination first), as herd
 * and GNU as write them.  Conventions beyond struct lt_operand's:
 *  - The zero register (WZR/XZR) is an LT_OP_REG with reg == LT_A64_ZR and
 *    its width: it is not a test register and is emitted literally.
 *  - B.cond: ops[0] the label, ops[1] an LT_OP_SYM holding the condition.
 *    CSEL & co: ops[3] an LT_OP_SYM holding the condition.
 *  - DMB/DSB: ops[0] an LT_OP_SYM holding the option ("ish", "sy"...).
 *  - ADD/SUB/EOR/AND/ORR/CMP: a last LT_OP_SYM operand holds a shift or
 *    extend ("lsl", "sxtw"...), its amount in imm (-1 when not written).
 *  - Memory: reg is the base, index the index register or -1, imm the
 *    immediate offset; the index's extend and amount are in lt_insn.flags
 *    (LT_A64_EXT_*), scale is 1 << amount.
 */
#define LT_A64_ZR (-2)

#define LT_A64_OP_ID(ID, MN, FORM, BYTES) LT_A64_##ID,
enum lt_a64_op {
	LT_A64_OPS(LT_A64_OP_ID)
	LT_A64_NR_OPS
};
#undef LT_A64_OP_ID

/* lt_insn.flags: the extend of a register-offset memory operand. */
#define LT_A64_EXT_MASK		0x7u
#define LT_A64_EXT_NONE		0x0u	/* [Xn,Xm] */
#define LT_A64_EXT_LSL		0x1u	/* [Xn,Xm,LSL #k] */
#define LT_A64_EXT_UXTW		0x2u	/* [Xn,Wm,UXTW{ #k}] */
#define LT_A64_EXT_SXTW		0x3u	/* [Xn,Wm,SXTW{ #k}] */
#define LT_A64_EXT_SXTX		0x4u	/* [Xn,Xm,SXTX{ #k}] */
#define LT_A64_EXT_AMOUNT	0x8u	/* the amount "#k" was written */

extern const struct lt_arch_ops lt_arch_aarch64;
/* fences' lifter of the arch (lift.c) */
extern const struct fx_arch fx_arch_aarch64;

struct lt_sem;
/* The model checker's semantics of an instruction (arch/aarch64/sem.c). */
/* The view of the index register its extend reads: W for UXTW/SXTW. */
static inline unsigned a64_index_width(unsigned flags)
{
	unsigned e = flags & LT_A64_EXT_MASK;

	return e == LT_A64_EXT_UXTW || e == LT_A64_EXT_SXTW ? 32 : 64;
}

/* isa.c: the mnemonic of opcode op as herd writes it; a shift or extend word. */
const char *a64_mnemonic_name(int op);
bool a64_is_modifier(const char *name);

/* imm.c: a logical immediate (AND, ORR...); what MOV #imm can encode. */
bool a64_bitmask_imm(uint64_t v, unsigned width);
bool a64_mov_imm(int64_t imm, unsigned width);

/* emit.c: the arch ops' emit_insn and reg_constraint. */
int a64_emit_insn(const struct lt_test *t, int thread,
		  const struct lt_insn *insn, struct lt_buf *out,
		  struct lt_error *err);
const char *a64_reg_constraint(const struct lt_test *t, int reg);

int a64_sem_lower(const struct lt_test *t, int thread,
		  const struct lt_insn *insn, struct lt_sem *out,
		  struct lt_error *err);

#endif /* LT_ARCH_AARCH64_ISA_H */
