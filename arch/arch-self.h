/* SPDX-License-Identifier: MIT */
/*
 * An arch's own row of arch/arches.def, for the tables in arch/<id>/isa.c,
 * arch/<id>/shape.c and arch/<id>/lift.c, so that those files do not repeat
 * its facts:
 *
 *	#define LT_ARCH_SELF_x86_64 1
 *	#include "arch-self.h"
 *	const struct lt_arch_ops lt_arch_x86_64 = {
 *		LT_ARCH_SELF_OPS
 *		LT_ARCH_ISA_HOOKS(x86)
 *		.clobbers = ...
 *
 * Each row expands to nothing unless LT_ARCH_SELF_<id> is defined to 1;
 * the test is the usual "defined to 1" probe on the preprocessor (a
 * placeholder macro turns the defined case into an extra argument).
 */
#ifndef LT_ARCH_SELF_H
#define LT_ARCH_SELF_H

#include "arches.def"

#define LT__ONE_PLACEHOLDER_1 0,
#define LT__SECOND(ignored, val, ...) val
#define LT__IS_ONE(x) LT__IS_ONE_(x)
#define LT__IS_ONE_(x) LT__IS_ONE__(LT__ONE_PLACEHOLDER_##x)
#define LT__IS_ONE__(arg_or_junk) LT__SECOND(arg_or_junk 1, 0, ~)
#define LT__IF(c) LT__IF_(c)
#define LT__IF_(c) LT__IF_##c
#define LT__IF_1(...) __VA_ARGS__
#define LT__IF_0(...)
#define LT__SELF(id) LT__IS_ONE(LT_ARCH_SELF_##id)

/* struct lt_arch_ops initialisers, comma-terminated. */
#define LT__SELF_OPS(id, herd_, aliases_, triplet, qemu_, debs, model_, ...) \
	LT__IF(LT__SELF(id))(.name = #id, .herd = herd_, .aliases = aliases_, \
			     .isa_dir = #id, .model = model_,		\
			     .cross_cc = triplet "-gcc", .qemu = qemu_,)
#define LT_ARCH_SELF_OPS LT_ARCH_LIST(LT__SELF_OPS)

/* struct lt_shape_arch initialisers, comma-terminated. */
#define LT__SELF_SHAPE(id, herd_, ...) \
	LT__IF(LT__SELF(id))(.name = #id, .herd = herd_,)
#define LT_ARCH_SELF_SHAPE LT_ARCH_LIST(LT__SELF_SHAPE)

/* struct fx_arch initialisers (src/fences/lift.h), comma-terminated. */
#define LT__SELF_FX(id, herd_, aliases_, triplet_, ...) \
	LT__IF(LT__SELF(id))(.triplet = triplet_,)
#define LT_ARCH_SELF_FX LT_ARCH_LIST(LT__SELF_FX)

/*
 * The hooks of the three tables, for an arch whose functions share a
 * prefix (x86, a64, ppc, rv): <pfx>_parse_insn and so on.  Each table's
 * other fields are the arch's own facts and stay written out.
 */
#define LT_ARCH_ISA_HOOKS(pfx)						\
	.reg_canon = pfx##_reg_canon,					\
	.parse_insn = pfx##_parse_insn,					\
	.reg_constraint = pfx##_reg_constraint,				\
	.emit_insn = pfx##_emit_insn,					\
	.lower_insn = pfx##_sem_lower,

#define LT_ARCH_SHAPE_HOOKS(pfx)					\
	.reg_name = pfx##_reg_name,					\
	.reg_cond = pfx##_reg_cond,					\
	.emit_access = pfx##_emit_access,

/* With the register lists <pfx>_args, <pfx>_pool and <pfx>_reserved. */
#define LT_ARCH_FX_HOOKS(pfx)						\
	.args = pfx##_args,						\
	.nargs = (int)(sizeof(pfx##_args) / sizeof(pfx##_args[0])),	\
	.pool = pfx##_pool,						\
	.npool = (int)(sizeof(pfx##_pool) / sizeof(pfx##_pool[0])),	\
	.reserved = pfx##_reserved,					\
	.nreserved = (int)(sizeof(pfx##_reserved) /			\
			   sizeof(pfx##_reserved[0])),			\
	.regno = pfx##_regno,						\
	.regname = pfx##_regname,					\
	.obsname = pfx##_obsname,					\
	.move = pfx##_move,						\
	.insn = pfx##_insn,						\
	.table = pfx##_table,

#endif /* LT_ARCH_SELF_H */
