/* SPDX-License-Identifier: MIT */
/*
 * The interface every architecture implements in arch/<isa>/isa.c: how its
 * registers and instructions are parsed, and how an instruction is emitted
 * into the asm template of a generated kernel.  The parser, the generator and
 * the runner only ever talk to an architecture through this table.
 */
#ifndef LT_ARCH_OPS_H
#define LT_ARCH_OPS_H

#include <stddef.h>

#include "litmus/ir.h"
#include "util/buf.h"

/* Context handed to an arch's instruction parser for one table cell. */
struct lt_sem;
struct fx_arch;

struct lt_parse_ctx {
	struct lt_test *test;
	int thread;
	const char *file;
	struct lt_pos pos;	/* position of the first character of `text` */
	struct lt_error *err;
};

/*
 * Asm template conventions shared by every arch emitter and src/gen:
 *   register k of test->regs      -> "%[rK]" (with the arch's width modifier,
 *                                     e.g. x86 "%k[r3]", AArch64 "%w[r3]")
 *   address of location L's cell  -> "%[aL]" (a pointer held in a register)
 *   label NAME of the thread      -> ".Llt_NAME_%=" (unique per asm instance)
 * Any literal '%' must be written "%%".
 */
#define LT_ASM_LABEL_FMT ".Llt_%s_%%="
/* The label that opens every kernel's asm block (found by asm-shape tests). */
#define LT_ASM_KERNEL_MARK ".Llt_kernel_%="

struct lt_arch_ops {
	const char *name;		/* canonical name: "x86_64" */
	const char *const *herd_names;	/* header words accepted, NULL-terminated */
	const char *const *aliases;	/* --arch aliases, NULL-terminated */
	const char *isa_dir;		/* arch/<isa_dir>/kernel.h */
	const char *model;		/* default model name */
	const char *cross_cc;		/* default cross compiler */
	const char *qemu;		/* qemu-user runner for foreign hosts */
	const char *clobbers;		/* clobber list added to every kernel asm */

	/*
	 * Canonicalise a register name as written in a condition, the init
	 * block or "locations" (e.g. "rax", "eax" -> "rax"; width in bits of
	 * that spelling).  Returns 0, or -1 if it is not a register.
	 */
	int (*reg_canon)(const char *name, char *out, size_t len,
			 unsigned *width);

	/*
	 * Parse one instruction (label already removed) into insn.  Registers
	 * are added with lt_test_add_reg, absolute memory symbols with
	 * lt_test_add_loc.  Returns 0, or -1 with ctx->err set.
	 */
	int (*parse_insn)(struct lt_parse_ctx *ctx, const char *text,
			  struct lt_insn *insn);

	/*
	 * The asm constraint letter(s) for register `reg` in its thread's
	 * kernel: "r" normally; a fixed register where an instruction uses it
	 * implicitly (x86 cmpxchg compares against rax: "a").
	 */
	const char *(*reg_constraint)(const struct lt_test *t, int reg);

	/* Append insn's asm template text (no trailing newline). */
	int (*emit_insn)(const struct lt_test *t, int thread,
			 const struct lt_insn *insn, struct lt_buf *out,
			 struct lt_error *err);

	/*
	 * The model checker's view of insn (src/model/sem.h): its memory
	 * events, register dataflow and control flow.  Returns 0, or -1 with
	 * err set ("the model does not support ...") for an instruction the
	 * semantic form cannot express; the model verdict is then unavailable
	 * for the test.  NULL: the arch has no model support yet.
	 */
	int (*lower_insn)(const struct lt_test *t, int thread,
			  const struct lt_insn *insn, struct lt_sem *out,
			  struct lt_error *err);

	/*
	 * litmus-run fences' lifter and C11 mapping table for the arch
	 * (src/fences/lift.h, arch/<isa>/lift.c); NULL: fences does not
	 * know the arch.
	 */
	const struct fx_arch *fences;
};

/* The registry (arch/registry.c). */
extern const struct lt_arch_ops *const lt_arches[];
/* Find by herd header word ("X86_64") or by --arch name/alias ("arm64"). */
const struct lt_arch_ops *lt_arch_by_herd_name(const char *word);
const struct lt_arch_ops *lt_arch_by_name(const char *name);
/* The arch this program was compiled for, or NULL. */
const struct lt_arch_ops *lt_arch_native(void);

#endif /* LT_ARCH_OPS_H */
