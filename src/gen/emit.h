/* SPDX-License-Identifier: MIT */
/*
 * What every ISA's emit_insn (struct lt_arch_ops) shares: the opcode's
 * range check, and the operand list, in which a label and a symbol are
 * written alike on every ISA (a label as the kernel's local label, a
 * symbol as the test spells it).  Registers, immediates and memory
 * operands have each ISA's own syntax: the arch writes those.
 */
#ifndef LT_GEN_EMIT_H
#define LT_GEN_EMIT_H

#include <stdbool.h>

#include "litmus/ir.h"
#include "util/buf.h"

/*
 * The arch's own operand writer: writes op and returns true, or returns
 * false, writing nothing, to leave op to the shared form.
 */
typedef bool lt_emit_operand_fn(const struct lt_insn *insn,
				const struct lt_operand *op, struct lt_buf *out);

/*
 * 0 if insn's opcode is one of the nr_ops of ISA isa; else -1 with err set
 * (an internal error: the parser gave an opcode the emitter lacks).
 */
int lt_emit_check_op(const struct lt_test *t, const struct lt_insn *insn,
		     int nr_ops, const char *isa, struct lt_error *err);

/* One operand: the arch's form, else the shared one. */
void lt_emit_operand(const struct lt_insn *insn, const struct lt_operand *op,
		     lt_emit_operand_fn *own, struct lt_buf *out);

/* The first n operands of insn after its mnemonic: " a,b,c". */
void lt_emit_operands(const struct lt_insn *insn, int n, lt_emit_operand_fn *own,
		      struct lt_buf *out);

#endif /* LT_GEN_EMIT_H */
