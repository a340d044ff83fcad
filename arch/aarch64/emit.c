/* SPDX-License-Identifier: MIT */
/*
 * AArch64: an instruction's emission into the asm template of a generated
 * kernel (GNU as syntax), and the asm constraints of its registers.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gen/emit.h"
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

static bool emit_operand(const struct lt_insn *insn,
			 const struct lt_operand *op, struct lt_buf *out)
{
	if (op->kind == LT_OP_REG) {
		emit_reg(op->reg, op->width, out);
	} else if (op->kind == LT_OP_IMM) {
		lt_buf_printf(out, "#%" PRId64, op->imm);
	} else if (op->kind == LT_OP_MEM) {
		emit_mem(insn, op, out);
	} else if (op->kind == LT_OP_SYM && op->imm >= 0 && a64_is_modifier(op->name)) {
		/* A shift or an extend with its amount. */
		lt_buf_printf(out, "%s #%" PRId64, op->name, op->imm);
	} else {
		return false;	/* a label, a condition, a barrier option: emit.h's form */
	}
	return true;
}

int a64_emit_insn(const struct lt_test *t, int thread,
		  const struct lt_insn *insn, struct lt_buf *out,
		  struct lt_error *err)
{
	(void)thread;
	if (lt_emit_check_op(t, insn, LT_A64_NR_OPS, "AArch64", err) < 0)
		return -1;
	if (insn->op == LT_A64_BCOND) {
		lt_buf_printf(out, "b.%s ", insn->ops[1].name);
		lt_emit_operand(insn, &insn->ops[0], emit_operand, out);
		return 0;
	}
	/* The mnemonic as the test names it: GNU as assembles it unchanged. */
	lt_buf_puts(out, a64_mnemonic_name(insn->op));
	lt_emit_operands(insn, insn->nops, emit_operand, out);
	return 0;
}

const char *a64_reg_constraint(const struct lt_test *t, int reg)
{
	/* No instruction accepted here uses a fixed register implicitly. */
	(void)t;
	(void)reg;
	return "r";
}
