/* SPDX-License-Identifier: MIT */
/*
 * RISCV (RV64GC): registers and instructions as herd writes them
 * ("lw x5,0(x6)", "amoswap.w.aq x5,x7,(x6)", "fence rw,rw", "lw.aq
 * x5,0(x6)"), and their emission into the asm template of a generated
 * kernel.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"
#include "gen/emit.h"
#include "litmus/arch-ops.h"
#include "litmus/cell-lex.h"
#include "util/macros.h"
#include "isa.h"

#define MAX_NAME 64		/* longest label name accepted */

/* ------------------------------------------------------------------ */
/* Registers                                                          */
/* ------------------------------------------------------------------ */

/*
 * ABI names, indexed by register number (RISC-V ELF psABI, "Integer
 * Register Convention").  herd accepts both spellings and writes "xN" in
 * its outcomes, so "xN" is the canonical name.  The names are only names:
 * the compiler chooses each register's physical register from the asm
 * constraints, so sp, gp and tp are as usable in a test as t0.
 */
static const char *const abi_names[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

/* The number of a register spelling ("x5", "t0", "fp"), or -1. */
static int reg_number(const char *s, size_t n)
{
	char low[8];
	int v = 0;
	size_t i;

	if (n == 0 || n >= sizeof(low))
		return -1;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	if (low[0] == 'x' && n >= 2 && n <= 3) {
		for (i = 1; i < n; i++) {
			if (!isdigit((unsigned char)low[i]))
				return -1;
			v = v * 10 + (low[i] - '0');
		}
		if (n == 3 && low[1] == '0')
			return -1;	/* "x05" */
		return v <= 31 ? v : -1;
	}
	if (strcmp(low, "fp") == 0)
		return 8;
	for (i = 0; i < ARRAY_SIZE(abi_names); i++)
		if (strcmp(low, abi_names[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * x0 is hardwired to zero: it is not a register a condition can observe,
 * and never one the compiler may allocate.
 */
static int rv_reg_canon(const char *name, char *out, size_t len,
			unsigned *width)
{
	int r = reg_number(name, strlen(name));

	if (r <= 0 || (size_t)snprintf(out, len, "x%d", r) >= len)
		return -1;
	*width = 64;
	return 0;
}

/* herd lists a thread's registers by number (RISCVBase's gprs order). */
static int rv_reg_rank(const char *canon)
{
	return reg_number(canon, strlen(canon));
}

/* ------------------------------------------------------------------ */
/* Mnemonics                                                          */
/* ------------------------------------------------------------------ */

enum form {
	F_NONE,		/* nop, fence.tso, fence.i */
	F_FENCE,	/* [pred, succ] */
	F_LOAD,		/* rd, off(rs1) */
	F_STORE,	/* rs2, off(rs1) */
	F_LR,		/* rd, (rs1) */
	F_AMO,		/* rd, rs2, (rs1): sc and amo* */
	F_LI,		/* rd, imm */
	F_RR,		/* mv rd, rs */
	F_RRI,		/* rd, rs1, imm12 */
	F_RRR,		/* rd, rs1, rs2 */
	F_BRANCH,	/* rs1, rs2, label */
	F_J,		/* label */
};

static const struct mnemonic {
	const char *name;
	enum lt_rv_op op;
	enum form form;
	unsigned width;		/* memory access width in bits */
	bool sext;		/* a load that sign-extends */
} mnemonics[] = {
	{ "lb",        LT_RV_LB,        F_LOAD,    8, true },
	{ "lh",        LT_RV_LH,        F_LOAD,   16, true },
	{ "lw",        LT_RV_LW,        F_LOAD,   32, true },
	{ "ld",        LT_RV_LD,        F_LOAD,   64, true },
	{ "lbu",       LT_RV_LBU,       F_LOAD,    8, false },
	{ "lhu",       LT_RV_LHU,       F_LOAD,   16, false },
	{ "lwu",       LT_RV_LWU,       F_LOAD,   32, false },
	{ "sb",        LT_RV_SB,        F_STORE,   8, false },
	{ "sh",        LT_RV_SH,        F_STORE,  16, false },
	{ "sw",        LT_RV_SW,        F_STORE,  32, false },
	{ "sd",        LT_RV_SD,        F_STORE,  64, false },
	{ "fence",     LT_RV_FENCE,     F_FENCE,   0, false },
	{ "fence.tso", LT_RV_FENCE_TSO, F_NONE,    0, false },
	{ "fence.i",   LT_RV_FENCE_I,   F_NONE,    0, false },
	{ "nop",       LT_RV_NOP,       F_NONE,    0, false },
	{ "li",        LT_RV_LI,        F_LI,      0, false },
	{ "mv",        LT_RV_MV,        F_RR,      0, false },
	{ "addi",      LT_RV_ADDI,      F_RRI,     0, false },
	{ "xori",      LT_RV_XORI,      F_RRI,     0, false },
	{ "andi",      LT_RV_ANDI,      F_RRI,     0, false },
	{ "ori",       LT_RV_ORI,       F_RRI,     0, false },
	{ "add",       LT_RV_ADD,       F_RRR,     0, false },
	{ "sub",       LT_RV_SUB,       F_RRR,     0, false },
	{ "xor",       LT_RV_XOR,       F_RRR,     0, false },
	{ "and",       LT_RV_AND,       F_RRR,     0, false },
	{ "or",        LT_RV_OR,        F_RRR,     0, false },
	{ "beq",       LT_RV_BEQ,       F_BRANCH,  0, false },
	{ "bne",       LT_RV_BNE,       F_BRANCH,  0, false },
	{ "blt",       LT_RV_BLT,       F_BRANCH,  0, false },
	{ "bge",       LT_RV_BGE,       F_BRANCH,  0, false },
	{ "bltu",      LT_RV_BLTU,      F_BRANCH,  0, false },
	{ "bgeu",      LT_RV_BGEU,      F_BRANCH,  0, false },
	{ "j",         LT_RV_J,         F_J,       0, false },
};

/*
 * The A extension's instructions, written BASE.{w,d}[.aq|.rl|.aqrl]
 * (herd also spells .aqrl as .aq.rl).
 */
static const struct amo {
	const char *name;
	enum lt_rv_op op;
	enum form form;
} amos[] = {
	{ "lr",      LT_RV_LR,      F_LR },
	{ "sc",      LT_RV_SC,      F_AMO },
	{ "amoswap", LT_RV_AMOSWAP, F_AMO },
	{ "amoadd",  LT_RV_AMOADD,  F_AMO },
	{ "amoand",  LT_RV_AMOAND,  F_AMO },
	{ "amoor",   LT_RV_AMOOR,   F_AMO },
	{ "amoxor",  LT_RV_AMOXOR,  F_AMO },
};

static const char *const op_asm[LT_RV_NR_OPS] = {
	[LT_RV_LB] = "lb", [LT_RV_LH] = "lh", [LT_RV_LW] = "lw",
	[LT_RV_LD] = "ld", [LT_RV_LBU] = "lbu", [LT_RV_LHU] = "lhu",
	[LT_RV_LWU] = "lwu", [LT_RV_SB] = "sb", [LT_RV_SH] = "sh",
	[LT_RV_SW] = "sw", [LT_RV_SD] = "sd",
	[LT_RV_LR] = "lr", [LT_RV_SC] = "sc", [LT_RV_AMOSWAP] = "amoswap",
	[LT_RV_AMOADD] = "amoadd", [LT_RV_AMOAND] = "amoand",
	[LT_RV_AMOOR] = "amoor", [LT_RV_AMOXOR] = "amoxor",
	[LT_RV_FENCE] = "fence", [LT_RV_FENCE_TSO] = "fence.tso",
	[LT_RV_FENCE_I] = "fence.i", [LT_RV_NOP] = "nop",
	[LT_RV_LI] = "li", [LT_RV_MV] = "mv", [LT_RV_ADDI] = "addi",
	[LT_RV_XORI] = "xori", [LT_RV_ANDI] = "andi", [LT_RV_ORI] = "ori",
	[LT_RV_ADD] = "add", [LT_RV_SUB] = "sub", [LT_RV_XOR] = "xor",
	[LT_RV_AND] = "and", [LT_RV_OR] = "or",
	[LT_RV_BEQ] = "beq", [LT_RV_BNE] = "bne", [LT_RV_BLT] = "blt",
	[LT_RV_BGE] = "bge", [LT_RV_BLTU] = "bltu", [LT_RV_BGEU] = "bgeu",
	[LT_RV_J] = "j",
};

/*
 * Look a lower-case mnemonic up; for the A extension, also its width and
 * ordering bits.  Returns 0, or -1 when unknown.
 */
static int mnemonic_find(const char *s, enum lt_rv_op *op, enum form *form,
			 unsigned *width, unsigned *flags, bool *sext)
{
	const struct mnemonic *m = LT_NAME_FIND(mnemonics, s);
	const char *dot = strchr(s, '.');
	size_t i, n = dot ? (size_t)(dot - s) : 0;

	*flags = 0;
	/*
	 * herd's load-acquire and store-release forms of the plain loads and
	 * stores, every width: l*.aq and s*.rl, both as .aqrl (or .aq.rl).
	 * herd has no l*.rl nor s*.aq.
	 */
	for (i = 0; !m && dot && i < ARRAY_SIZE(mnemonics); i++) {
		const struct mnemonic *c = &mnemonics[i];
		bool is_load = c->form == F_LOAD;

		if ((!is_load && c->form != F_STORE) || strlen(c->name) != n ||
		    strncmp(s, c->name, n) != 0)
			continue;
		if (strcmp(dot, ".aqrl") == 0 || strcmp(dot, ".aq.rl") == 0)
			*flags = LT_RV_AQ | LT_RV_RL;
		else if (strcmp(dot, is_load ? ".aq" : ".rl") == 0)
			*flags = is_load ? LT_RV_AQ : LT_RV_RL;
		else
			return -1;
		m = c;
	}
	if (m) {
		*op = m->op;
		*form = m->form;
		*width = m->width;
		*sext = m->sext;
		return 0;
	}
	if (!dot)
		return -1;
	for (i = 0; i < ARRAY_SIZE(amos); i++)
		if (strlen(amos[i].name) == n && strncmp(s, amos[i].name, n) == 0)
			break;
	if (i == ARRAY_SIZE(amos))
		return -1;
	if (strncmp(dot, ".w", 2) == 0)
		*width = 32;
	else if (strncmp(dot, ".d", 2) == 0)
		*width = 64;
	else
		return -1;
	dot += 2;
	if (strcmp(dot, "") == 0)
		*flags = 0;
	else if (strcmp(dot, ".aq") == 0)
		*flags = LT_RV_AQ;
	else if (strcmp(dot, ".rl") == 0)
		*flags = LT_RV_RL;
	else if (strcmp(dot, ".aqrl") == 0 || strcmp(dot, ".aq.rl") == 0)
		*flags = LT_RV_AQ | LT_RV_RL;
	else
		return -1;
	*op = amos[i].op;
	*form = amos[i].form;
	*sext = true;	/* .w results are sign-extended to 64 bits */
	return 0;
}

/*
 * RV64GC has no load-acquire nor store-release (they are Zalasr's): the
 * kernel runs a plain access between the fences of the RISC-V manual's
 * mapping of C/C++ atomics (Unprivileged ISA, "Code Porting and Mapping
 * Guidelines"): an acquire load is "l; fence r,rw", a release store
 * "fence rw,w; s", and the .aqrl load the seq_cst one, "fence rw,rw; l;
 * fence r,rw".  The .aqrl store is a release and, in riscv.cat, an acquire
 * too (ordered before every later access): "fence rw,w; s; fence w,rw".
 * Each fence gives at least the order riscv.cat gives the annotation
 * (rules 5 and 6), so no outcome the model forbids can appear.
 */
static void rv_fences(const struct lt_insn *in, const char **before,
		      const char **after)
{
	bool load = in->op >= LT_RV_LB && in->op <= LT_RV_LWU;
	bool store = in->op >= LT_RV_SB && in->op <= LT_RV_SD;

	*before = *after = NULL;
	if (!load && !store)
		return;
	if (in->flags & LT_RV_RL)
		*before = load ? "fence rw,rw" : "fence rw,w";
	if (in->flags & LT_RV_AQ)
		*after = load ? "fence r,rw" : "fence w,rw";
}

/*
 * Record a load-acquire or store-release in the test: what is written
 * (mnemonic and operands as the cell has them) and the sequence run.
 */
static void note_subst(struct lt_test *t, const struct lt_insn *in,
		       const char *text, size_t mstart, size_t mend, size_t n)
{
	const char *before, *after;
	struct lt_buf as = LT_BUF_INIT, insn = LT_BUF_INIT;
	size_t ops = lt_skip_space(text, mend, n), end = lt_trim_end(text, ops, n);

	rv_fences(in, &before, &after);
	if (!before && !after)
		return;
	lt_buf_printf(&insn, "%.*s%s%.*s", (int)(mend - mstart), text + mstart,
		      ops < end ? " " : "", (int)(end - ops), text + ops);
	if (before)
		lt_buf_printf(&as, "%s; ", before);
	lt_buf_printf(&as, "%s%s%.*s", op_asm[in->op], ops < end ? " " : "",
		      (int)(end - ops), text + ops);
	if (after)
		lt_buf_printf(&as, "; %s", after);
	lt_test_add_subst(t, insn.s, as.s);
	lt_buf_free(&insn);
	lt_buf_free(&as);
}

/* ------------------------------------------------------------------ */
/* Instruction parsing                                                */
/* ------------------------------------------------------------------ */

#define fail lt_insn_fail

/*
 * An integer: decimal or 0x hex, optional '-'.  Values above INT64_MAX are
 * kept as their two's complement bit pattern ("li x5,0xffffffffffffffff").
 */
static int parse_int(struct lt_cell_insn *p, size_t start, size_t end, int64_t *out)
{
	return lt_cell_int(p->ctx, p->s, start, end, LT_INT_WRAP, out);
}

/* A register operand; x0 becomes the literal "zero" (see isa.h). */
static int parse_reg(struct lt_cell_insn *p, size_t start, size_t end,
		     struct lt_operand *op, unsigned width)
{
	struct lt_test *t = p->ctx->test;
	char q[48], name[16];	/* "x" and any int */
	int r = reg_number(p->s + start, end - start);

	if (r < 0) {
		if (end - start > 1 && (p->s[start] == 'x' || p->s[start] == 'X') &&
		    isdigit((unsigned char)p->s[start + 1]))
			return fail(p, start, "'%s' is not a RISCV register (x0 to x31)",
				    lt_quote(p->s + start, end - start, q, sizeof(q)));
		return fail(p, start, "'%s': expected a register, found '%s'",
			    p->mn, lt_quote(p->s + start, end - start, q, sizeof(q)));
	}
	if (r == 0) {
		op->kind = LT_OP_SYM;
		op->name = lt_xstrndup("zero", 4);
		op->reg = -1;
		return 0;
	}
	snprintf(name, sizeof(name), "x%d", r);
	op->kind = LT_OP_REG;
	op->reg = lt_test_add_reg(t, p->ctx->thread, name);
	op->width = 64;
	lt_test_widen_reg(t, op->reg, width);
	return 0;
}

/* "off(rs1)" or "(rs1)"; `zero_only`: LR/SC/AMO take no offset. */
static int parse_mem(struct lt_cell_insn *p, size_t start, size_t end,
		     struct lt_operand *op, bool zero_only)
{
	const char *s = p->s;
	size_t lp, in0, in1;

	if (lt_cell_paren(p->ctx, s, start, end, p->mn, "off(rs1)", &lp) < 0)
		return -1;
	op->imm = 0;
	if (lt_trim_end(s, start, lp) > start &&
	    parse_int(p, start, lt_trim_end(s, start, lp), &op->imm) < 0)
		return -1;
	/* 12-bit signed offsets (Unprivileged ISA, "Load and Store Instructions"). */
	if (op->imm < -2048 || op->imm > 2047)
		return fail(p, start, "offset %" PRId64 " out of range (-2048 to 2047)",
			    op->imm);
	if (zero_only && op->imm != 0)
		return fail(p, start, "'%s' takes no offset: the address is (rs1)",
			    p->mn);
	in0 = lt_skip_space(s, lp + 1, end - 1);
	in1 = lt_trim_end(s, in0, end - 1);
	if (parse_reg(p, in0, in1, op, 64) < 0)
		return -1;
	if (op->kind == LT_OP_SYM)
		return fail(p, in0, "'%s': x0 cannot be a base register (absolute addresses are not supported)",
			    p->mn);
	op->kind = LT_OP_MEM;
	return 0;
}

static int parse_imm(struct lt_cell_insn *p, size_t start, size_t end,
		     struct lt_operand *op, bool imm12)
{
	char q[48];

	if (!lt_looks_numeric(p->s, start, end))
		return fail(p, start, "'%s': expected an immediate, found '%s'",
			    p->mn, lt_quote(p->s + start, end - start, q, sizeof(q)));
	if (parse_int(p, start, end, &op->imm) < 0)
		return -1;
	op->kind = LT_OP_IMM;
	if (imm12 && (op->imm < -2048 || op->imm > 2047))
		return fail(p, start, "immediate %" PRId64 " out of range for '%s' (-2048 to 2047)",
			    op->imm, p->mn);
	return 0;
}

/*
 * A fence's access set: a non-empty subset of i, o, r, w in that order,
 * the spelling GNU as accepts (Unprivileged ISA, "Memory Ordering
 * Instructions": predecessor and successor sets).
 */
static int parse_fence_set(struct lt_cell_insn *p, size_t start, size_t end,
			   struct lt_operand *op)
{
	static const char order[] = "iorw";
	const char *o = order;
	char q[48];
	size_t i;

	for (i = start; i < end; i++) {
		char c = (char)tolower((unsigned char)p->s[i]);

		while (*o && *o != c)
			o++;
		if (!*o)
			goto bad;
		o++;
	}
	if (i == start)
		goto bad;
	op->kind = LT_OP_SYM;
	op->name = lt_xstrndup(p->s + start, end - start);
	for (char *c = op->name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return 0;
bad:
	return fail(p, start, "invalid fence set '%s': use letters of 'iorw', in that order",
		    lt_quote(p->s + start, end - start, q, sizeof(q)));
}

static int parse_label(struct lt_cell_insn *p, size_t s0, size_t s1,
		       struct lt_operand *op)
{
	char q[48];
	size_t j;

	if (!lt_is_ident_start(p->s[s0]))
		goto bad;
	for (j = s0; j < s1; j++)
		if (!lt_is_ident(p->s[j]))
			goto bad;
	if (s1 - s0 > MAX_NAME)
		return fail(p, s0, "label name too long (over %d characters)",
			    MAX_NAME);
	op->kind = LT_OP_LABEL;
	op->name = lt_xstrndup(p->s + s0, s1 - s0);
	return 0;
bad:
	return fail(p, s0, "'%s': invalid label '%s'", p->mn,
		    lt_quote(p->s + s0, s1 - s0, q, sizeof(q)));
}

static int rv_parse_insn(struct lt_parse_ctx *ctx, const char *text,
			 struct lt_insn *insn)
{
	struct lt_cell_insn p = { .ctx = ctx, .s = text, .insn = insn };
	struct lt_cell_mn cm;
	size_t n = strlen(text), mstart, off[LT_MAX_OPERANDS][2];
	const char *mn = cm.text;
	enum lt_rv_op op;
	enum form form;
	unsigned width, flags, dw;
	int nops, want;
	bool sext;
	struct lt_operand *o = insn->ops;

	insn->op = -1;
	if (lt_cell_mnemonic(ctx, text, 0, n, ".", &cm) < 0)
		return -1;
	if (mnemonic_find(cm.low, &op, &form, &width, &flags, &sext) < 0)
		return lt_cell_mnemonic_known(ctx, text, n, &cm, false);
	if (lt_cell_mnemonic_known(ctx, text, n, &cm, true) < 0)
		return -1;
	p.mn = mn;
	mstart = cm.start;

	nops = lt_cell_split(ctx, text, cm.end, n, mn, false, off, LT_MAX_OPERANDS);
	if (nops < 0)
		return -1;
	{
		static const int count[] = {
			[F_NONE] = 0, [F_FENCE] = 2, [F_LOAD] = 2, [F_STORE] = 2,
			[F_LR] = 2, [F_AMO] = 3, [F_LI] = 2, [F_RR] = 2,
			[F_RRI] = 3, [F_RRR] = 3, [F_BRANCH] = 3, [F_J] = 1,
		};

		want = count[form];
		/* A plain "fence" is the assembler's "fence iorw,iorw". */
		if (form == F_FENCE && nops == 0)
			want = 0;
		if (nops != want)
			return fail(&p, mstart, "'%s' takes %d operand%s, not %d",
				    mn, want, want == 1 ? "" : "s", nops);
	}

	/*
	 * The width an observed data register is read with: sign-extending
	 * loads (and .w AMOs) leave a value a narrower signed read gives back
	 * exactly; a zero-extended one is read whole.
	 */
	dw = sext ? width : 64;
	insn->op = (int)op;
	insn->flags = flags;
	insn->width = width;
	insn->nops = nops;
	switch (form) {
	case F_NONE:
		break;
	case F_FENCE:
		if (nops && (parse_fence_set(&p, off[0][0], off[0][1], &o[0]) < 0 ||
			     parse_fence_set(&p, off[1][0], off[1][1], &o[1]) < 0))
			return -1;
		break;
	case F_LOAD:
	case F_STORE:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0],
			      form == F_STORE ? width : dw) < 0 ||
		    parse_mem(&p, off[1][0], off[1][1], &o[1], false) < 0)
			return -1;
		o[1].width = width;
		note_subst(ctx->test, insn, text, mstart, cm.end, n);
		break;
	case F_LR:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], width) < 0 ||
		    parse_mem(&p, off[1][0], off[1][1], &o[1], true) < 0)
			return -1;
		o[1].width = width;
		break;
	case F_AMO:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], width) < 0 ||
		    parse_reg(&p, off[1][0], off[1][1], &o[1], width) < 0 ||
		    parse_mem(&p, off[2][0], off[2][1], &o[2], true) < 0)
			return -1;
		o[2].width = width;
		break;
	case F_LI:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], 64) < 0 ||
		    parse_imm(&p, off[1][0], off[1][1], &o[1], false) < 0)
			return -1;
		break;
	case F_RR:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], 64) < 0 ||
		    parse_reg(&p, off[1][0], off[1][1], &o[1], 64) < 0)
			return -1;
		break;
	case F_RRI:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], 64) < 0 ||
		    parse_reg(&p, off[1][0], off[1][1], &o[1], 64) < 0 ||
		    parse_imm(&p, off[2][0], off[2][1], &o[2], true) < 0)
			return -1;
		break;
	case F_RRR:
		for (int k = 0; k < 3; k++)
			if (parse_reg(&p, off[k][0], off[k][1], &o[k], 64) < 0)
				return -1;
		break;
	case F_BRANCH:
		if (parse_reg(&p, off[0][0], off[0][1], &o[0], 64) < 0 ||
		    parse_reg(&p, off[1][0], off[1][1], &o[1], 64) < 0 ||
		    parse_label(&p, off[2][0], off[2][1], &o[2]) < 0)
			return -1;
		break;
	case F_J:
		if (parse_label(&p, off[0][0], off[0][1], &o[0]) < 0)
			return -1;
		break;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Emission                                                           */
/* ------------------------------------------------------------------ */

/* Whether insn is an LR, SC or AMO: its address takes no offset. */
static bool rv_is_amo(const struct lt_insn *insn)
{
	return insn->op >= LT_RV_LR && insn->op <= LT_RV_AMOXOR;
}

/* GCC prints a RISC-V register operand by its ABI name ("a5"). */
static bool emit_operand(const struct lt_insn *insn, const struct lt_operand *op,
			 struct lt_buf *out)
{
	if (op->kind == LT_OP_REG)
		lt_buf_printf(out, "%%[r%d]", op->reg);
	else if (op->kind == LT_OP_IMM)
		lt_buf_printf(out, "%" PRId64, op->imm);
	else if (op->kind == LT_OP_MEM && rv_is_amo(insn))
		lt_buf_printf(out, "(%%[r%d])", op->reg);
	else if (op->kind == LT_OP_MEM)
		lt_buf_printf(out, "%" PRId64 "(%%[r%d])", op->imm, op->reg);
	else
		return false;	/* a label or a symbol: emit.h's form */
	return true;
}

static int rv_emit_insn(const struct lt_test *t, int thread,
			const struct lt_insn *insn, struct lt_buf *out,
			struct lt_error *err)
{
	const char *before, *after;

	(void)thread;
	if (lt_emit_check_op(t, insn, LT_RV_NR_OPS, "RISCV", err) < 0)
		return -1;
	rv_fences(insn, &before, &after);
	if (before)
		lt_buf_printf(out, "%s\n\t", before);
	lt_buf_puts(out, op_asm[insn->op]);
	if (rv_is_amo(insn)) {
		lt_buf_puts(out, insn->width == 64 ? ".d" : ".w");
		if ((insn->flags & (LT_RV_AQ | LT_RV_RL)) == (LT_RV_AQ | LT_RV_RL))
			lt_buf_puts(out, ".aqrl");
		else if (insn->flags & LT_RV_AQ)
			lt_buf_puts(out, ".aq");
		else if (insn->flags & LT_RV_RL)
			lt_buf_puts(out, ".rl");
	}
	lt_emit_operands(insn, insn->nops, emit_operand, out);
	if (after)
		lt_buf_printf(out, "\n\t%s", after);
	return 0;
}

/*
 * Every register is an ordinary "r": GCC never allocates x0 (a fixed
 * register), and the test's x0 is emitted as "zero", not as an operand.
 */
static const char *rv_reg_constraint(const struct lt_test *t, int reg)
{
	(void)t;
	(void)reg;
	return "r";
}

/* name, herd word, aliases, model, compilers: arch/arches.def */
#define LT_ARCH_SELF_riscv64 1
#include "../arch-self.h"

const struct lt_arch_ops lt_arch_riscv64 = {
	LT_ARCH_SELF_OPS
	LT_ARCH_ISA_HOOKS(rv)
	.reg_rank = rv_reg_rank,
	/* No flags register: compares live in the branches. */
	.clobbers = "\"memory\"",
	.fences = &fx_arch_riscv64,
};
