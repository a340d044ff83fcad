/* SPDX-License-Identifier: MIT */
/* The parts of the ISAs' instruction emitters that do not differ (emit.h). */
#include "config.h"

#include "litmus/arch-ops.h"
#include "gen/emit.h"

int lt_emit_check_op(const struct lt_test *t, const struct lt_insn *insn,
		     int nr_ops, const char *isa, struct lt_error *err)
{
	if (insn->op >= 0 && insn->op < nr_ops)
		return 0;
	lt_error_set(err, t->file, insn->pos, "internal: bad %s opcode %d", isa, insn->op);
	return -1;
}

void lt_emit_operand(const struct lt_insn *insn, const struct lt_operand *op,
		     lt_emit_operand_fn *own, struct lt_buf *out)
{
	if (own(insn, op, out))
		return;
	if (op->kind == LT_OP_LABEL)
		lt_buf_printf(out, LT_ASM_LABEL_FMT, op->name);
	else if (op->kind == LT_OP_SYM)
		lt_buf_puts(out, op->name);
}

void lt_emit_operands(const struct lt_insn *insn, int n, lt_emit_operand_fn *own,
		      struct lt_buf *out)
{
	for (int k = 0; k < n; k++) {
		lt_buf_puts(out, k ? "," : " ");
		lt_emit_operand(insn, &insn->ops[k], own, out);
	}
}
