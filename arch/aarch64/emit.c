/* SPDX-License-Identifier: MIT */
/*
 * AArch64: an instruction's emission into the asm template of a generated
 * kernel (GNU as syntax), and the asm constraints of its registers.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "util/buf.h"
#include "isa.h"

static void emit_reg(int reg, unsigned width, struct lt_buf *out)
{
	if (reg == LT_A64_ZR)
		lt_buf_puts(out, width == 32 ? "wzr" : "xzr");
	else
		lt_buf_printf(out, "%%%c[r%d]", width == 32 ? 'w' : 'x', reg);
}

static void emit_mem(const struct lt_insn *insn, const struct lt_operand *op,
		     struct lt_buf *out)
{
	static const char *const ext[] = {
		[LT_A64_EXT_NONE] = "", [LT_A64_EXT_LSL] = "lsl",
		[LT_A64_EXT_UXTW] = "uxtw", [LT_A64_EXT_SXTW] = "sxtw",
		[LT_A64_EXT_SXTX] = "sxtx",
	};
	unsigned e = insn->flags & LT_A64_EXT_MASK;

	lt_buf_puts(out, "[");
	emit_reg(op->reg, 64, out);
	if (op->index >= 0) {
		lt_buf_putc(out, ',');
		emit_reg(op->index, a64_index_width(insn->flags), out);
		if (e != LT_A64_EXT_NONE)
			lt_buf_printf(out, ",%s", ext[e]);
		if (insn->flags & LT_A64_EXT_AMOUNT)
			lt_buf_printf(out, " #%d", __builtin_ctz((unsigned)op->scale));
	} else if (op->imm) {
		lt_buf_printf(out, ",#%" PRId64, op->imm);
	}
	lt_buf_puts(out, "]");
}

static void emit_operand(const struct lt_insn *insn,
			 const struct lt_operand *op, struct lt_buf *out)
{
	switch (op->kind) {
	case LT_OP_REG:
		emit_reg(op->reg, op->width, out);
		break;
	case LT_OP_IMM:
		lt_buf_printf(out, "#%" PRId64, op->imm);
		break;
	case LT_OP_MEM:
		emit_mem(insn, op, out);
		break;
	case LT_OP_LABEL:
		lt_buf_printf(out, LT_ASM_LABEL_FMT, op->name);
		break;
	case LT_OP_SYM:
		/* A condition, a barrier option, a shift or an extend. */
		lt_buf_puts(out, op->name);
		if (op->imm >= 0 && a64_is_modifier(op->name))
			lt_buf_printf(out, " #%" PRId64, op->imm);
		break;
	}
}

int a64_emit_insn(const struct lt_test *t, int thread,
		  const struct lt_insn *insn, struct lt_buf *out,
		  struct lt_error *err)
{
	int k;

	(void)thread;
	if (insn->op < 0 || insn->op >= LT_A64_NR_OPS) {
		lt_error_set(err, t->file, insn->pos,
			     "internal: bad AArch64 opcode %d", insn->op);
		return -1;
	}
	if (insn->op == LT_A64_BCOND) {
		lt_buf_printf(out, "b.%s ", insn->ops[1].name);
		emit_operand(insn, &insn->ops[0], out);
		return 0;
	}
	/* The mnemonic as the test names it: GNU as assembles it unchanged. */
	lt_buf_puts(out, a64_mnemonic_name(insn->op));
	for (k = 0; k < insn->nops; k++) {
		lt_buf_puts(out, k ? "," : " ");
		emit_operand(insn, &insn->ops[k], out);
	}
	return 0;
}

const char *a64_reg_constraint(const struct lt_test *t, int reg)
{
	/* No instruction accepted here uses a fixed register implicitly. */
	(void)t;
	(void)reg;
	return "r";
}
