/* SPDX-License-Identifier: MIT */
/*
 * The test IR: one arch-independent description of a litmus test, built by
 * the parser from herd's .litmus files and consumed by codegen, the runner
 * and (later) the model checker.
 */
#ifndef LT_IR_H
#define LT_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lt_arch_ops;

/* A position in a source file; line and col are 1-based. */
struct lt_pos {
	int line;
	int col;
};

/* Scalar types of locations and registers, as herd spells them. */
enum lt_type {
	LT_T_INT,	/* "int": 32-bit signed, herd's default */
	LT_T_INT8, LT_T_UINT8,
	LT_T_INT16, LT_T_UINT16,
	LT_T_INT32, LT_T_UINT32,
	LT_T_INT64, LT_T_UINT64,
	LT_T_PTR,	/* holds the address of another location */
};

unsigned lt_type_size(enum lt_type t);
bool lt_type_signed(enum lt_type t);
const char *lt_type_name(enum lt_type t);
/* Parse a herd type name ("int", "uint64_t", "int32_t", "char", ...); -1 if unknown. */
int lt_type_parse(const char *s, enum lt_type *out);

/*
 * The canonical form of an observable's integer values: a width and a
 * signedness, from the test's declarations (lt_var_form).  Every value of
 * an observable (the model's, the kernel's printed one, an initial value,
 * a condition's constant) is reduced to its form before it is compared,
 * keyed, printed or written, so that each outcome has one spelling.
 */
struct lt_form {
	unsigned bits;		/* 8, 16, 32 or 64 */
	bool is_signed;
};

struct lt_form lt_type_form(enum lt_type t);
/*
 * The low f.bits bits of i, sign-extended (signed forms) or zero-extended
 * (unsigned ones), as an int64_t: a uint64_t above INT64_MAX is kept as its
 * two's complement bit pattern.
 */
int64_t lt_form_reduce(struct lt_form f, int64_t i);
/* Is i (an integer as written: either reading of a bit pattern) within f? */
bool lt_form_fits(struct lt_form f, int64_t i);
/* Order of two values of form f (-1, 0, 1): unsigned forms as unsigned. */
int lt_form_cmp(struct lt_form f, int64_t a, int64_t b);
/* i in decimal as form f reads it ("-1", "18446744073709551615"). */
const char *lt_form_str(struct lt_form f, int64_t i, char *buf, size_t len);

/*
 * A value: an integer or the address of a location (herd writes it as the
 * location's name: "0:rax=x").
 */
struct lt_value {
	bool is_sym;
	int64_t i;	/* integer value when !is_sym */
	int loc;	/* location index when is_sym */
};

/* A shared memory location. */
struct lt_loc {
	char *name;
	enum lt_type type;
	struct lt_value init;	/* 0 when not written in the init block */
	bool type_given;	/* type written explicitly in the test */
};

/*
 * A register of one thread.  `name` is the canonical name used in
 * conditions and outcomes (x86: "rax" for %eax/%ax/%al; AArch64: "X0" for
 * W0/X0).  Registers of different threads are distinct entries.
 */
struct lt_reg {
	int thread;
	char *name;
	enum lt_type type;
	struct lt_value init;
	bool has_init;
	bool type_given;	/* type declared (init block, C declaration) */
	bool scoped;		/* C: declared in a nested block, out of scope at the end */
	unsigned width;		/* widest access in bits seen in the code (0: none) */
};

/* Instruction operands.  Arch modules interpret `sub` and `width`. */
enum lt_opkind {
	LT_OP_REG,	/* reg: register index into test->regs */
	LT_OP_IMM,	/* imm */
	LT_OP_MEM,	/* memory: [loc | base reg] + disp (+ index*scale) */
	LT_OP_LABEL,	/* label: name of a label of the same thread */
	LT_OP_SYM,	/* an arch keyword operand (barrier option, condition...) */
};

struct lt_operand {
	enum lt_opkind kind;
	unsigned width;		/* access width in bits (0: implied) */
	int reg;		/* LT_OP_REG: register; LT_OP_MEM: base register or -1 */
	int loc;		/* LT_OP_MEM: location index (absolute address) or -1 */
	int index;		/* LT_OP_MEM: index register or -1 */
	int scale;		/* LT_OP_MEM: index scale (1 when none) */
	int64_t imm;		/* LT_OP_IMM value; LT_OP_MEM displacement */
	char *name;		/* LT_OP_LABEL / LT_OP_SYM text */
};

#define LT_MAX_OPERANDS 4

/* One instruction (or a bare label when op < 0). */
struct lt_insn {
	struct lt_pos pos;
	char *label;		/* label defined at this instruction, or NULL */
	int op;			/* arch-specific opcode id; -1 for a label-only line */
	unsigned flags;		/* arch-specific (e.g. x86 LOCK prefix) */
	unsigned width;		/* operation width in bits (0: implied) */
	int nops;
	struct lt_operand ops[LT_MAX_OPERANDS];
	char *text;		/* the instruction as written, for messages */
};

struct lt_thread {
	int id;			/* N of "PN" */
	struct lt_insn *insns;
	int ninsns;
	/*
	 * A thread written as code in a language (C; arch-ops.h,
	 * parse_threads): its parameter list, normalised, and its body as
	 * written.  NULL for a thread of instructions.
	 */
	char *params;
	char *body;
	struct lt_pos body_pos;	/* where body starts in the file */
};

/* Conditions. */
enum lt_cop {
	LT_C_TRUE, LT_C_FALSE,
	LT_C_ATOM,	/* var == val (or != when neg) */
	LT_C_NOT, LT_C_AND, LT_C_OR, LT_C_IMPLIES,
};

/* An observable: a register of a thread, or the final value of a location. */
struct lt_var {
	bool is_loc;
	int idx;		/* into test->regs or test->locs */
};

struct lt_cond {
	enum lt_cop op;
	struct lt_cond *l, *r;	/* NOT uses l only */
	struct lt_var var;	/* ATOM */
	struct lt_value val;	/* ATOM, unless rhs_var */
	bool rhs_var;		/* ATOM "0:r0=1:r0": var compared with var2 */
	struct lt_var var2;
	bool neq;		/* ATOM: "!=" */
	struct lt_pos pos;
};

enum lt_quant {
	LT_Q_EXISTS,
	LT_Q_NOT_EXISTS,
	LT_Q_FORALL,
};

/* What a test (or its suite) says the condition's outcome should be. */
enum lt_expect {
	LT_EXPECT_NONE,
	LT_EXPECT_ALLOWED,	/* kinds.txt "Allowed" / Result: Sometimes */
	LT_EXPECT_FORBIDDEN,	/* kinds.txt "Forbidden" / Result: Never */
	LT_EXPECT_REQUIRED,	/* kinds.txt "Required" / Result: Always */
};

struct lt_meta {
	char *key;
	char *value;
};

/*
 * An instruction the target has no encoding for, run as an equivalent
 * sequence (RISC-V lw.aq as lw; fence r,rw): both as assembler text.
 */
struct lt_subst {
	char *insn;		/* as the test writes it */
	char *as;		/* what the kernel runs instead */
};

struct lt_test {
	char *file;		/* path as given */
	const struct lt_arch_ops *arch;
	char *arch_name;	/* as written in the header ("X86_64") */
	char *name;
	char *doc;		/* the quoted doc string, or NULL */
	struct lt_meta *meta;
	int nmeta;

	struct lt_loc *locs;
	int nlocs;
	struct lt_reg *regs;
	int nregs;
	struct lt_thread *threads;
	int nthreads;

	/* Extra observables from "locations [...]". */
	struct lt_var *extra;
	int nextra;

	struct lt_cond *filter;	/* NULL when absent */
	enum lt_quant quant;
	struct lt_cond *cond;
	char *cond_text;	/* the final condition as written, one line */

	/*
	 * What an outcome records: nrecorded observables, the union of the
	 * condition's variables, the filter's and "locations".  The first
	 * nobserved of them are the ones a state shows, as herd prints them:
	 * the condition's and "locations"'s, registers by thread then by
	 * herd's register order (lt_arch_ops.reg_rank), then locations by
	 * name.  The rest, in the same order, are those only the filter
	 * names: recorded so that the filter can be evaluated, then
	 * projected away (herd does not print them), so that every state,
	 * allowed set and histogram holds nobserved values.
	 */
	struct lt_var *observed;
	int nobserved;
	int nrecorded;

	enum lt_expect expect;	/* from a "Result:" comment; the runner may override */
	/*
	 * The model the test's language picks for it, over its arch's
	 * (arch->model): "lkmm" for a C test in the Linux kernel's dialect.
	 * NULL: the arch's.  A static string.
	 */
	const char *model;

	/* Substitutions the kernel makes, in program order (reports say so). */
	struct lt_subst *subst;
	int nsubst;
};

/* Errors from library code: a position and a message, never printed there. */
struct lt_error {
	char file[256];
	struct lt_pos pos;
	char msg[512];
};

/*
 * Untrusted text (n bytes of s) made safe for a message: printable ASCII,
 * other bytes as \xNN, "..." when cut at len.  Returns buf.
 */
const char *lt_quote(const char *s, size_t n, char *buf, size_t len);

void lt_error_set(struct lt_error *err, const char *file, struct lt_pos pos,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Lookup helpers; -1 when absent. */
int lt_test_find_loc(const struct lt_test *t, const char *name);
int lt_test_find_reg(const struct lt_test *t, int thread, const char *name);
/* Add (or find) a location / register; returns its index. */
int lt_test_add_loc(struct lt_test *t, const char *name);
int lt_test_add_reg(struct lt_test *t, int thread, const char *name);
/* Record that the kernel runs `insn` as `as` (both copied). */
void lt_test_add_subst(struct lt_test *t, const char *insn, const char *as);

/*
 * Condition evaluation over one outcome: vals[k] is the value of
 * observed[k]; a filter needs all nrecorded of them, a condition the first
 * nobserved.
 */
bool lt_cond_eval(const struct lt_test *t, const struct lt_cond *c,
		  const struct lt_value *vals);
/* Index of var in t->observed (of the nrecorded), or -1. */
int lt_test_observed_index(const struct lt_test *t, struct lt_var v);
/*
 * The form of an observable (struct lt_form): a location's type (herd's
 * "int" when undeclared); a register's declared type, or "int" (32-bit
 * signed) when undeclared, as herd7 types every register it is not told
 * about, whatever the arch's register width.
 */
struct lt_form lt_var_form(const struct lt_test *t, struct lt_var v);
/* v (an integer; addresses are kept) reduced to the form of observable var. */
struct lt_value lt_var_canon(const struct lt_test *t, struct lt_var var,
			     struct lt_value v);
/* A row of the nrecorded values of t->observed, each reduced to its form. */
void lt_test_canon_row(const struct lt_test *t, struct lt_value *vals);
/* Text of value v of observable var: a location's name or its integer. */
const char *lt_var_value_str(const struct lt_test *t, struct lt_var var,
			     const struct lt_value *v, char *buf, size_t len);
/* Name of an observable as herd writes it ("0:rax", "x"). */
void lt_var_name(const struct lt_test *t, struct lt_var v, char *buf, size_t len);

struct lt_buf;
/* Writes one atom of a condition (its var, val and neq) for lt_cond_format. */
typedef void lt_cond_atom_fn(const struct lt_cond *atom, void *ctx, struct lt_buf *out);
/*
 * Condition c as herd writes it (lib/constrGen.ml): "/\", "\/" and "=>"
 * with herd's precedence, parentheses only where it puts them, "not (...)",
 * true and false; each atom written by atom(atom, ctx, out).  Both herd's
 * report and the tests the fences lift write their conditions this way.
 */
void lt_cond_format(const struct lt_cond *c, lt_cond_atom_fn *atom, void *ctx,
		    struct lt_buf *out);

void lt_test_free(struct lt_test *t);
/* Free a condition tree (its right spine iteratively: long chains lean right). */
void lt_cond_free(struct lt_cond *c);

#endif /* LT_IR_H */
