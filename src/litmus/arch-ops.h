/* SPDX-License-Identifier: MIT */
/*
 * The interface every architecture implements in arch/<isa>/isa.c: how its
 * registers and instructions are parsed, and how an instruction is emitted
 * into the asm template of a generated kernel.  A language (arch/c/)
 * implements the same table with thread-level hooks.  The parser, the
 * generator, the model checker and the runner only ever talk to an
 * architecture or a language through this table.
 */
#ifndef LT_ARCH_OPS_H
#define LT_ARCH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "litmus/ir.h"
#include "util/buf.h"

/* Context handed to an arch's instruction parser for one table cell. */
struct lt_sem;
struct lt_sem_thread;		/* src/model/sem.h */
struct lt_psr;			/* src/litmus/psr.h */
struct fx_arch;
struct fx_lang;

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
 *   label NAME of the thread      -> ".Llt_LNAME_%=" (unique per asm instance;
 *                                     the L keeps a label called "kernel"
 *                                     apart from the kernel mark)
 * Any literal '%' must be written "%%".
 */
#define LT_ASM_LABEL_FMT ".Llt_L%s_%%="
/* The label that opens every kernel's asm block (found by asm-shape tests). */
#define LT_ASM_KERNEL_MARK ".Llt_kernel_%="

struct lt_arch_ops {
	/*
	 * The arch's row of arch/arches.def (arch/arch-self.h fills these
	 * in for arch/<isa>/isa.c).
	 */
	const char *name;		/* canonical name: "x86_64" */
	const char *herd;		/* the herd header word: "X86_64" */
	const char *aliases;		/* --arch aliases, space-separated */
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
	 * The place of a canonical register name in herd's order of the
	 * arch's registers, by which herd lists a thread's registers in a
	 * state: "x2" before "x10", x86 "rax", "rbx", ... "rdi", "r8".
	 * Names of equal rank are ordered by strcmp.  NULL: strcmp alone,
	 * as herd orders a language's named registers (C's "r10" before
	 * "r2").
	 */
	int (*reg_rank)(const char *canon);

	/*
	 * The flag herd's model of the arch (the one the arch's default
	 * model follows) raises on test t, which --check-only's report
	 * prints as herd does ("Flag Assuming-common-inner-shareable-
	 * domain"), or NULL.  NULL hook: the arch's model raises none.
	 */
	const char *(*herd_flag)(const struct lt_test *t);

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
	/*
	 * A language's side of litmus-run fences (src/fences/lift.h, struct
	 * fx_lang): how its thread functions are written, compiled and
	 * entered.  NULL: C's (src/fences/compile.c).
	 */
	const struct fx_lang *fences_lang;

	/*
	 * Languages.  A test in a language (C now; kernel C and Go are meant
	 * to come the same way) writes each thread as a function in that
	 * language, "PN(params) { body }", not as a column of instructions.
	 * Its table (arch/<lang>/) leaves the instruction hooks above NULL,
	 * except reg_canon, which names the thread locals a condition may
	 * observe, and fills the thread-level hooks below instead; the
	 * parser, the generator, the model checker and the report call them
	 * and never name a language.  A language is not a target: its tests
	 * compile for whatever --arch a run is for, so it is listed in
	 * lt_langs[], not lt_arches[].
	 */

	/*
	 * The word the JSON report gives as a test's "language" next to the
	 * target arch ("C"); NULL for an ISA.  Non-NULL marks a language.
	 */
	const char *language;

	/*
	 * Source preparation, before the header is read: src[i] is a 'P'
	 * starting a word outside comments.  Return the end of the thread
	 * "PN(...) { ... }" that starts there (i + 1 if none does), so that
	 * blanking OCaml comments steps over the language's code, whose
	 * "(*x)" is no comment.
	 */
	size_t (*code_end)(const char *src, size_t i, size_t len);

	/*
	 * Parse what lies between the prologue and "locations"/the final
	 * condition: the init block at p->off and every thread, into p->t
	 * (threads[k].params/body; the locals a condition may name added
	 * with lt_test_add_reg), with the parser's tokens and positioned
	 * messages (src/litmus/psr.h).  Returns 0, or LT_EPARSE with the
	 * error set.
	 */
	int (*parse_threads)(struct lt_psr *p);

	/*
	 * What a thread's registers are, for a condition naming one the
	 * thread lacks: "%s names 0:r9, which is not <reg_home> P0".
	 */
	const char *reg_home;

	/*
	 * The model checker's view of thread th as a whole (src/model/sem.h,
	 * struct lt_sem_thread): pseudo-instructions and their semantics.
	 * Returns 0, or -1 with err set ("the model does not support ...")
	 * for a construct outside what the lowering covers; out is then
	 * empty.  Free out with lt_sem_thread_free either way.  NULL: no
	 * model support.
	 */
	int (*lower_thread)(const struct lt_test *t, int th,
			    struct lt_sem_thread *out, struct lt_error *err);

	/*
	 * The kernel's code for thread th: a function
	 * "static void lt_thread_<th>(struct lt_rt_run *run, int thread)"
	 * running run->n iterations, each between lt_rt_barrier and the
	 * store of its observed registers into run->out + i * nslots at
	 * their slot[] (-1: not observed).  kernel_include is the header of
	 * the language's shims, included once before the threads.
	 */
	const char *kernel_include;
	int (*emit_thread)(const struct lt_test *t, int th, const int *slot,
			   int nslots, struct lt_buf *out, struct lt_error *err);

	/*
	 * A language whose threads the C compiler cannot build (Go): a
	 * script of the data directory ("arch/go/lt-gocc") that the build
	 * runs with sh in place of the compiler, the compiler's whole
	 * command as its arguments; it builds the language's part of the
	 * kernel (from the generated source) and links it in.  NULL: the
	 * compiler is run itself.  build_driver_env: the environment
	 * variables the driver reads (space-separated), which the kernel
	 * cache's key takes in as it takes the compiler's flags.
	 */
	const char *build_driver;
	const char *build_driver_env;
	/*
	 * Threads that keep state across a batch's iterations (Go's wait
	 * groups: their counts are added for the whole batch first): no
	 * --sync=auto, whose calibration stops its rounds part-way through a
	 * batch.  Without --sync such a test runs the barrier kernel (spin).
	 */
	bool no_auto_sync;
};

/* The registry (arch/registry.c): the targets, in the order of
 * arch/arches.def, then the languages. */
extern const struct lt_arch_ops *const lt_arches[];
extern const struct lt_arch_ops *const lt_langs[];
/* Find by herd header word, exactly as herd spells it ("X86_64", "C"). */
const struct lt_arch_ops *lt_arch_by_herd_name(const char *word);
/*
 * Find by --arch name, in any case: the canonical name ("ppc64le"), an
 * alias ("power") or the herd word ("PPC"); "native" is the host's arch.
 */
const struct lt_arch_ops *lt_arch_by_name(const char *name);
/* The arch this program was compiled for, or NULL. */
const struct lt_arch_ops *lt_arch_native(void);
/*
 * A herd header word of an architecture herd knows but litmus-run does not
 * run ("MIPS", "ARM"): the parser says "not supported yet" rather than
 * "unknown".
 */
bool lt_arch_herd_known(const char *word);
/* Write one line per arch: its fields as key=value (--list-arches). */
void lt_arch_list(FILE *out);

#endif /* LT_ARCH_OPS_H */
