/* SPDX-License-Identifier: MIT */
/*
 * X86_64: registers and instructions as herd writes them (AT&T syntax), and
 * their emission into the asm template of a generated kernel.
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

#define MAX_NAME 64		/* longest location or label name accepted */

/* ------------------------------------------------------------------ */
/* Registers                                                          */
/* ------------------------------------------------------------------ */

static const char *const gpr64[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/* Legacy spellings of the narrower views, indexed like gpr64[0..6]. */
static const char *const gpr32[] = { "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp" };
static const char *const gpr16[] = { "ax", "bx", "cx", "dx", "si", "di", "bp" };
static const char *const gpr8[] = { "al", "bl", "cl", "dl", "sil", "dil", "bpl" };

/*
 * Registers a test may not name.  The kernel's registers are chosen by the
 * compiler from the asm constraints; the stack pointer and rip are not
 * allocatable, and the high-byte views (%ah...) cannot be reached through
 * an operand modifier of a compiler-chosen register.
 */
static const char *const forbidden[] = {
	"rsp", "esp", "sp", "spl", "rip", "eip", "ah", "bh", "ch", "dh",
};

/* Lower-case copy of a register spelling without its '%'; -1 if too long. */
static int reg_lower(const char *name, size_t n, char *out, size_t len)
{
	size_t i;

	if (n > 0 && name[0] == '%') {
		name++;
		n--;
	}
	if (n == 0 || n >= len)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)name[i]);
	out[n] = '\0';
	return 0;
}

/* Canonical 64-bit name and width of a lower-case spelling; -1 if none. */
static int reg_lookup(const char *s, const char **canon, unsigned *width)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(gpr32); i++) {
		if (strcmp(s, gpr64[i]) == 0) {
			*canon = gpr64[i];
			*width = 64;
			return 0;
		}
		if (strcmp(s, gpr32[i]) == 0) {
			*canon = gpr64[i];
			*width = 32;
			return 0;
		}
		if (strcmp(s, gpr16[i]) == 0) {
			*canon = gpr64[i];
			*width = 16;
			return 0;
		}
		if (strcmp(s, gpr8[i]) == 0) {
			*canon = gpr64[i];
			*width = 8;
			return 0;
		}
	}
	/* r8..r15 with an optional d/w/b suffix. */
	for (i = 7; i < ARRAY_SIZE(gpr64); i++) {
		n = strlen(gpr64[i]);
		if (strncmp(s, gpr64[i], n) != 0)
			continue;
		if (s[n] == '\0')
			*width = 64;
		else if (strcmp(s + n, "d") == 0)
			*width = 32;
		else if (strcmp(s + n, "w") == 0)
			*width = 16;
		else if (strcmp(s + n, "b") == 0)
			*width = 8;
		else
			continue;
		*canon = gpr64[i];
		return 0;
	}
	return -1;
}

static bool reg_forbidden(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(forbidden); i++)
		if (strcmp(s, forbidden[i]) == 0)
			return true;
	return false;
}

static int x86_reg_canon(const char *name, char *out, size_t len,
			 unsigned *width)
{
	char low[16];
	const char *canon;

	if (reg_lower(name, strlen(name), low, sizeof(low)) < 0 ||
	    reg_lookup(low, &canon, width) < 0 || strlen(canon) >= len)
		return -1;
	strcpy(out, canon);
	return 0;
}

/*
 * herd lists a thread's registers in the order of its X86_64 register
 * type, which gpr64 follows: rax, rbx, rcx, rdx, rsi, rdi, rbp, r8...r15.
 */
static int x86_reg_rank(const char *canon)
{
	for (size_t i = 0; i < ARRAY_SIZE(gpr64); i++)
		if (strcmp(canon, gpr64[i]) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* Mnemonics                                                          */
/* ------------------------------------------------------------------ */

/* Operand shapes, AT&T order. */
enum form {
	F_NONE,		/* mfence */
	F_BIN,		/* imm|reg|mem, reg|mem */
	F_SHIFT,	/* imm|%cl, reg|mem */
	F_UNARY,	/* reg|mem */
	F_XCHG,		/* reg|mem, reg|mem */
	F_CMPXCHG,	/* herd: reg|mem, reg; AT&T: reg, mem */
	F_XADD,		/* reg, reg|mem */
	F_MOVNTI,	/* reg, mem */
	F_SETCC,	/* reg|mem, byte */
	F_JUMP,		/* label */
};

#define SFX_B	0x1
#define SFX_W	0x2
#define SFX_L	0x4
#define SFX_Q	0x8
#define SFX_ALL	(SFX_B | SFX_W | SFX_L | SFX_Q)

static const struct mnemonic {
	const char *name;
	enum lt_x86_op op;
	enum form form;
	unsigned sfx;		/* size suffixes accepted */
	bool lockable;		/* the lock prefix is legal (Intel SDM, LOCK) */
} mnemonics[] = {
	{ "mov",     LT_X86_MOV,     F_BIN,     SFX_ALL, false },
	{ "add",     LT_X86_ADD,     F_BIN,     SFX_ALL, true },
	{ "sub",     LT_X86_SUB,     F_BIN,     SFX_ALL, true },
	{ "xor",     LT_X86_XOR,     F_BIN,     SFX_ALL, true },
	{ "or",      LT_X86_OR,      F_BIN,     SFX_ALL, true },
	{ "and",     LT_X86_AND,     F_BIN,     SFX_ALL, true },
	{ "cmp",     LT_X86_CMP,     F_BIN,     SFX_ALL, false },
	{ "shl",     LT_X86_SHL,     F_SHIFT,   SFX_ALL, false },
	{ "inc",     LT_X86_INC,     F_UNARY,   SFX_ALL, true },
	{ "dec",     LT_X86_DEC,     F_UNARY,   SFX_ALL, true },
	{ "xchg",    LT_X86_XCHG,    F_XCHG,    SFX_ALL, true },
	{ "cmpxchg", LT_X86_CMPXCHG, F_CMPXCHG, SFX_ALL, true },
	{ "xadd",    LT_X86_XADD,    F_XADD,    SFX_ALL, true },
	{ "movnti",  LT_X86_MOVNTI,  F_MOVNTI,  SFX_L | SFX_Q, false },
	{ "setnb",   LT_X86_SETNB,   F_SETCC,   0, false },
	{ "mfence",  LT_X86_MFENCE,  F_NONE,    0, false },
	{ "lfence",  LT_X86_LFENCE,  F_NONE,    0, false },
	{ "sfence",  LT_X86_SFENCE,  F_NONE,    0, false },
	{ "nop",     LT_X86_NOP,     F_NONE,    0, false },
	{ "jmp",     LT_X86_JMP,     F_JUMP,    0, false },
	{ "je",      LT_X86_JE,      F_JUMP,    0, false },
	{ "jne",     LT_X86_JNE,     F_JUMP,    0, false },
	{ "jle",     LT_X86_JLE,     F_JUMP,    0, false },
	{ "jl",      LT_X86_JL,      F_JUMP,    0, false },
	{ "jlt",     LT_X86_JL,      F_JUMP,    0, false },	/* herd's spelling */
	{ "jge",     LT_X86_JGE,     F_JUMP,    0, false },
	{ "jg",      LT_X86_JG,      F_JUMP,    0, false },
	{ "jgt",     LT_X86_JG,      F_JUMP,    0, false },	/* herd's spelling */
	{ "js",      LT_X86_JS,      F_JUMP,    0, false },
	{ "jns",     LT_X86_JNS,     F_JUMP,    0, false },
};

/* What the assembler is given for each opcode (before the size suffix). */
static const char *const op_asm[LT_X86_NR_OPS] = {
	[LT_X86_MOV] = "mov", [LT_X86_ADD] = "add", [LT_X86_SUB] = "sub",
	[LT_X86_XOR] = "xor", [LT_X86_OR] = "or", [LT_X86_AND] = "and",
	[LT_X86_CMP] = "cmp", [LT_X86_SHL] = "shl", [LT_X86_INC] = "inc",
	[LT_X86_DEC] = "dec", [LT_X86_XCHG] = "xchg",
	[LT_X86_CMPXCHG] = "cmpxchg", [LT_X86_XADD] = "xadd",
	[LT_X86_MOVNTI] = "movnti", [LT_X86_SETNB] = "setnb",
	[LT_X86_MFENCE] = "mfence", [LT_X86_LFENCE] = "lfence",
	[LT_X86_SFENCE] = "sfence", [LT_X86_NOP] = "nop",
	[LT_X86_JMP] = "jmp", [LT_X86_JE] = "je", [LT_X86_JNE] = "jne",
	[LT_X86_JLE] = "jle", [LT_X86_JL] = "jl", [LT_X86_JGE] = "jge",
	[LT_X86_JG] = "jg", [LT_X86_JS] = "js", [LT_X86_JNS] = "jns",
};

static unsigned sfx_width(char c)
{
	switch (c) {
	case 'b': return 8;
	case 'w': return 16;
	case 'l': return 32;
	case 'q': return 64;
	}
	return 0;
}

static unsigned sfx_bit(unsigned width)
{
	switch (width) {
	case 8: return SFX_B;
	case 16: return SFX_W;
	case 32: return SFX_L;
	case 64: return SFX_Q;
	}
	return 0;
}

/* Find a lower-case mnemonic, possibly carrying a size suffix. */
static const struct mnemonic *mnemonic_find(const char *s, unsigned *width)
{
	const struct mnemonic *m = LT_NAME_FIND(mnemonics, s);
	size_t i, n = strlen(s);

	*width = 0;
	if (m)
		return m;
	if (n < 2 || !sfx_width(s[n - 1]))
		return NULL;
	for (i = 0; i < ARRAY_SIZE(mnemonics); i++) {
		m = &mnemonics[i];
		if (strlen(m->name) == n - 1 && strncmp(s, m->name, n - 1) == 0 &&
		    (m->sfx & sfx_bit(sfx_width(s[n - 1])))) {
			*width = sfx_width(s[n - 1]);
			return m;
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Instruction parsing                                                */
/* ------------------------------------------------------------------ */

struct ip {
	LT_CELL_INSN_FIELDS
	/* Per operand: width of the register spelling, 0 when not a register. */
	unsigned regw[LT_MAX_OPERANDS];
};

#define fail lt_insn_fail

/*
 * An integer: decimal or 0x hex, optional '-'.  Values above INT64_MAX are
 * kept as their two's complement bit pattern (0xffffffffffffffff == -1).
 */
static int parse_int(struct ip *p, size_t start, size_t end, int64_t *out)
{
	return lt_cell_int(p->ctx, p->s, start, end, LT_INT_WRAP, out);
}

/* A register spelling (with or without '%') at s[start, end); -1 if none. */
static int reg_at(struct ip *p, size_t start, size_t end, int *reg,
		  unsigned *width)
{
	char low[16], q[48];
	const char *canon;
	bool pct = p->s[start] == '%';

	if (reg_lower(p->s + start, end - start, low, sizeof(low)) < 0 ||
	    reg_lookup(low, &canon, width) < 0) {
		if (reg_lower(p->s + start, end - start, low, sizeof(low)) == 0 &&
		    reg_forbidden(low))
			return fail(p, start,
				    "register '%%%s' cannot be used in a test: %s",
				    low, low[1] == 'h' ?
				    "high-byte registers are not supported" :
				    "it is not allocatable (stack pointer or rip)");
		if (pct)
			return fail(p, start, "unknown X86_64 register '%s'",
				    lt_quote(p->s + start, end - start, q, sizeof(q)));
		return 1;	/* not a register: the caller decides */
	}
	*reg = lt_test_add_reg(p->ctx->test, p->ctx->thread, canon);
	return 0;
}

static int name_check(struct ip *p, size_t start, size_t end, const char *what)
{
	char q[48];
	size_t i;

	if (end == start || !lt_is_ident_start(p->s[start]))
		goto bad;
	for (i = start; i < end; i++)
		if (!lt_is_ident(p->s[i]))
			goto bad;
	if (end - start > MAX_NAME)
		return fail(p, start, "%s name too long (over %d characters)",
			    what, MAX_NAME);
	return 0;
bad:
	return fail(p, start, "invalid %s name '%s'", what,
		    lt_quote(p->s + start, end - start, q, sizeof(q)));
}

/* A memory operand's inside: "x", "%rax", "%rax,%rbx,4", "%rax,%rbx". */
static int parse_mem_inner(struct ip *p, size_t start, size_t end,
			   struct lt_operand *op, bool has_disp)
{
	size_t part[3][2];
	int n;
	unsigned w;
	int rc;

	n = lt_cell_split_mem(p->ctx, p->s, start, end, part);
	if (n < 0)
		return -1;

	rc = reg_at(p, part[0][0], part[0][1], &op->reg, &w);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		/* Not a register: the name of a location (herd: Rm64_abs). */
		if (n > 1)
			return fail(p, part[0][0],
				    "the base of an indexed memory operand must be a register");
		if (isdigit((unsigned char)p->s[part[0][0]]) ||
		    p->s[part[0][0]] == '-')
			return fail(p, part[0][0],
				    "absolute numeric addresses are not supported");
		if (has_disp)
			return fail(p, part[0][0],
				    "a displacement on a location name is not supported");
		if (name_check(p, part[0][0], part[0][1], "location") < 0)
			return -1;
		{
			size_t len = part[0][1] - part[0][0];
			char name[MAX_NAME + 1];

			memcpy(name, p->s + part[0][0], len);
			name[len] = '\0';
			op->reg = -1;
			op->loc = lt_test_add_loc(p->ctx->test, name);
		}
		return 0;
	}
	if (n >= 2) {
		rc = reg_at(p, part[1][0], part[1][1], &op->index, &w);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return fail(p, part[1][0],
				    "the index of a memory operand must be a register");
	}
	if (n == 3) {
		int64_t sc;

		if (parse_int(p, part[2][0], part[2][1], &sc) < 0)
			return -1;
		if (sc != 1 && sc != 2 && sc != 4 && sc != 8)
			return fail(p, part[2][0], "scale must be 1, 2, 4 or 8");
		op->scale = (int)sc;
	}
	return 0;
}

static int parse_operand(struct ip *p, int k, size_t start, size_t end,
			 bool jump)
{
	struct lt_operand *op = &p->insn->ops[k];
	const char *s = p->s;
	size_t i = start;
	char q[48];
	int rc;

	op->reg = op->loc = op->index = -1;
	op->scale = 1;
	p->regw[k] = 0;

	if (jump) {
		if (name_check(p, start, end, "label") < 0)
			return -1;
		op->kind = LT_OP_LABEL;
		op->name = lt_xstrndup(s + start, end - start);
		return 0;
	}
	if (s[i] == '$') {
		op->kind = LT_OP_IMM;
		i = lt_skip_space(s, i + 1, end);
		if (i < end && lt_is_ident_start(s[i]))
			return fail(p, start,
				    "immediate addresses ('%s') are not supported",
				    lt_quote(s + start, end - start, q, sizeof(q)));
		return parse_int(p, i, end, &op->imm);
	}
	if (s[i] == '%' || lt_is_ident_start(s[i])) {
		rc = reg_at(p, start, end, &op->reg, &p->regw[k]);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			lt_quote(s + start, end - start, q, sizeof(q));
			return fail(p, start,
				    "'%s' is not a register; write (%s) for the memory location",
				    q, q);
		}
		op->kind = LT_OP_REG;
		return 0;
	}
	/* A displacement or a bare immediate (herd accepts "shl 2,%eax"). */
	while (i < end && s[i] != '(' && s[i] != '[')
		i++;
	if (i > start) {
		if (parse_int(p, start, lt_trim_end(s, start, i), &op->imm) < 0)
			return -1;
		if (i == end) {
			op->kind = LT_OP_IMM;
			return 0;
		}
	}
	if (i < end && (s[i] == '(' || s[i] == '[')) {
		char close = s[i] == '(' ? ')' : ']';

		if (s[end - 1] != close)
			return fail(p, end - 1, "expected '%c' to close the memory operand",
				    close);
		op->kind = LT_OP_MEM;
		return parse_mem_inner(p, i + 1, end - 1, op, i > start);
	}
	return fail(p, start, "invalid operand '%s'",
		    lt_quote(s + start, end - start, q, sizeof(q)));
}

static const char *kind_name(enum lt_opkind k)
{
	switch (k) {
	case LT_OP_REG: return "a register";
	case LT_OP_IMM: return "an immediate";
	case LT_OP_MEM: return "a memory operand";
	default: return "a label";
	}
}

/* Operand k must be one of the kinds in mask (bit per enum lt_opkind). */
static int want(struct ip *p, int k, unsigned mask, const char *role,
		size_t off)
{
	enum lt_opkind kind = p->insn->ops[k].kind;

	if (mask & (1u << kind))
		return 0;
	return fail(p, off, "'%s': %s cannot be %s", p->mn, role,
		    kind_name(kind));
}

#define K_REG (1u << LT_OP_REG)
#define K_IMM (1u << LT_OP_IMM)
#define K_MEM (1u << LT_OP_MEM)

static int x86_parse_insn(struct lt_parse_ctx *ctx, const char *text,
			  struct lt_insn *insn)
{
	struct ip p = { .ctx = ctx, .s = text, .insn = insn };
	const struct mnemonic *m;
	struct lt_cell_mn cm;
	size_t i = 0, n = strlen(text), mstart, opoff[LT_MAX_OPERANDS];
	size_t off[3][2];
	const char *mn = cm.text;
	unsigned sfx, width = 0;
	int nops = 0, nsplit, k;
	const char *src_role = "the source", *dst_role = "the destination";

	insn->op = -1;
	for (;;) {
		if (lt_cell_mnemonic(ctx, text, i, n, "", &cm) < 0)
			return -1;
		i = cm.end;
		mstart = cm.start;
		if (strcmp(cm.low, "lock") != 0)
			break;
		if (insn->flags & LT_X86_LOCK)
			return fail(&p, mstart, "duplicate 'lock' prefix");
		insn->flags |= LT_X86_LOCK;
		if (lt_skip_space(text, i, n) == n)
			return fail(&p, mstart,
				    "'lock' must be followed by an instruction in the same cell");
	}
	p.mn = mn;
	m = mnemonic_find(cm.low, &sfx);
	if (lt_cell_mnemonic_known(ctx, text, n, &cm, m) < 0)
		return -1;
	if ((insn->flags & LT_X86_LOCK) && !m->lockable)
		return fail(&p, mstart, "the lock prefix cannot be used with '%s'", mn);

	/* The operands, split at the commas outside parentheses. */
	nsplit = lt_cell_split(ctx, text, i, n, mn, true, off, 3);
	if (nsplit < 0)
		return -1;
	for (nops = 0; nops < nsplit; ) {
		opoff[nops] = off[nops][0];
		if (parse_operand(&p, nops, off[nops][0], off[nops][1],
				  m->form == F_JUMP) < 0)
			return -1;
		insn->nops = ++nops;
	}

	/* Operand count and kinds, per form. */
	{
		static const int count[] = {
			[F_NONE] = 0, [F_BIN] = 2, [F_SHIFT] = 2, [F_UNARY] = 1,
			[F_XCHG] = 2, [F_CMPXCHG] = 2, [F_XADD] = 2,
			[F_MOVNTI] = 2, [F_SETCC] = 1, [F_JUMP] = 1,
		};

		if (nops != count[m->form])
			return fail(&p, mstart, "'%s' takes %d operand%s, not %d",
				    mn, count[m->form],
				    count[m->form] == 1 ? "" : "s", nops);
	}
	switch (m->form) {
	case F_NONE:
	case F_JUMP:
		break;
	case F_BIN:
		if (m->op == LT_X86_CMP)
			dst_role = "the second operand";
		if (want(&p, 1, K_REG | K_MEM, dst_role, opoff[1]) < 0)
			return -1;
		if (insn->ops[0].kind == LT_OP_MEM && insn->ops[1].kind == LT_OP_MEM)
			return fail(&p, opoff[1],
				    "'%s': at most one operand can be in memory", mn);
		break;
	case F_SHIFT:
		if (want(&p, 1, K_REG | K_MEM, dst_role, opoff[1]) < 0 ||
		    want(&p, 0, K_REG | K_IMM, "the count", opoff[0]) < 0)
			return -1;
		if (insn->ops[0].kind == LT_OP_REG &&
		    (strcmp(ctx->test->regs[insn->ops[0].reg].name, "rcx") != 0 ||
		     p.regw[0] != 8))
			return fail(&p, opoff[0], "'%s': a count register must be %%cl", mn);
		break;
	case F_UNARY:
	case F_SETCC:
		if (want(&p, 0, K_REG | K_MEM, "the operand", opoff[0]) < 0)
			return -1;
		break;
	case F_XCHG:
		if (want(&p, 0, K_REG | K_MEM, "the first operand", opoff[0]) < 0 ||
		    want(&p, 1, K_REG | K_MEM, "the second operand", opoff[1]) < 0)
			return -1;
		if (insn->ops[0].kind == LT_OP_MEM && insn->ops[1].kind == LT_OP_MEM)
			return fail(&p, opoff[1],
				    "'%s': at most one operand can be in memory", mn);
		break;
	case F_CMPXCHG:
		/*
		 * herd writes "cmpxchg ea,reg" (destination first) and litmus7
		 * swaps it for the assembler; "cmpxchg %reg,mem" is the AT&T
		 * order.  Keep AT&T order in the IR.
		 */
		if (!(insn->ops[0].kind == LT_OP_REG && insn->ops[1].kind == LT_OP_MEM)) {
			struct lt_operand tmp;
			unsigned tw;
			size_t to;

			if (want(&p, 1, K_REG, "the value operand", opoff[1]) < 0 ||
			    want(&p, 0, K_REG | K_MEM, "the destination", opoff[0]) < 0)
				return -1;
			tmp = insn->ops[0];
			insn->ops[0] = insn->ops[1];
			insn->ops[1] = tmp;
			tw = p.regw[0];
			p.regw[0] = p.regw[1];
			p.regw[1] = tw;
			to = opoff[0];
			opoff[0] = opoff[1];
			opoff[1] = to;
		}
		break;
	case F_XADD:
		if (want(&p, 0, K_REG, src_role, opoff[0]) < 0 ||
		    want(&p, 1, K_REG | K_MEM, dst_role, opoff[1]) < 0)
			return -1;
		break;
	case F_MOVNTI:
		if (want(&p, 0, K_REG, src_role, opoff[0]) < 0 ||
		    want(&p, 1, K_MEM, dst_role, opoff[1]) < 0)
			return -1;
		break;
	}
	if ((insn->flags & LT_X86_LOCK) &&
	    insn->ops[nops - 1].kind != LT_OP_MEM &&
	    !(m->form == F_XCHG && insn->ops[0].kind == LT_OP_MEM))
		return fail(&p, mstart,
			    "the lock prefix needs a memory destination ('%s')", mn);

	/*
	 * The operation width: the suffix, else the register operands, which
	 * must agree with it.  Without either the assembler would have to
	 * guess, and a kernel must run exactly the access the test names.
	 */
	width = sfx;
	if (m->form == F_SETCC)
		width = 8;
	for (k = 0; k < nops; k++) {
		unsigned w = p.regw[k];

		if (!w || (m->form == F_SHIFT && k == 0))
			continue;
		if (width && w != width)
			return fail(&p, opoff[k],
				    "'%s': operand size mismatch (%u-bit register, %u-bit operation)",
				    mn, w, width);
		width = w;
	}
	if (m->form != F_NONE && m->form != F_JUMP && !width)
		return fail(&p, mstart,
			    "'%s' needs a size suffix (b, w, l or q): no register operand gives the width",
			    mn);
	if (m->form == F_MOVNTI && width != 32 && width != 64)
		return fail(&p, mstart, "'%s' needs a 32 or 64-bit register", mn);

	/*
	 * Immediates: the encodings take at most 32 bits sign-extended to 64;
	 * only mov to a register has a full 64-bit form (movabs).
	 */
	for (k = 0; k < nops; k++) {
		struct lt_operand *op = &insn->ops[k];
		int64_t lo, hi;

		if (op->kind != LT_OP_IMM)
			continue;
		if (m->form == F_SHIFT) {
			lo = 0;
			hi = 255;
		} else if (width == 64) {
			lo = INT32_MIN;
			hi = m->op == LT_X86_MOV && insn->ops[1].kind == LT_OP_REG ?
				INT64_MAX : INT32_MAX;
			if (hi == INT64_MAX)
				lo = INT64_MIN;
		} else {
			lo = -((int64_t)1 << (width - 1));
			hi = ((int64_t)1 << width) - 1;
		}
		if (op->imm < lo || op->imm > hi)
			return fail(&p, opoff[k],
				    "immediate %" PRId64 " out of range for '%s'",
				    op->imm, mn);
	}

	/* Record widths: data registers by the access, addresses are 64-bit. */
	insn->op = m->op;
	insn->width = (m->form == F_NONE || m->form == F_JUMP) ? 0 : width;
	for (k = 0; k < nops; k++) {
		struct lt_operand *op = &insn->ops[k];

		if (op->kind == LT_OP_REG) {
			op->width = p.regw[k];
			lt_test_widen_reg(ctx->test, op->reg, p.regw[k]);
		} else if (op->kind == LT_OP_MEM) {
			op->width = width;
			lt_test_widen_reg(ctx->test, op->reg, 64);
			lt_test_widen_reg(ctx->test, op->index, 64);
		}
	}
	if (m->op == LT_X86_CMPXCHG) {
		/* cmpxchg compares with and loads into the accumulator. */
		struct lt_operand *acc = &insn->ops[2];

		memset(acc, 0, sizeof(*acc));
		acc->kind = LT_OP_REG;
		acc->reg = lt_test_add_reg(ctx->test, ctx->thread, "rax");
		acc->loc = acc->index = -1;
		acc->scale = 1;
		acc->width = width;
		lt_test_widen_reg(ctx->test, acc->reg, width);
		insn->nops = 3;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Emission                                                           */
/* ------------------------------------------------------------------ */

static char width_mod(unsigned width)
{
	switch (width) {
	case 8: return 'b';
	case 16: return 'w';
	case 32: return 'k';
	default: return 'q';
	}
}

static char width_sfx(unsigned width)
{
	switch (width) {
	case 8: return 'b';
	case 16: return 'w';
	case 32: return 'l';
	default: return 'q';
	}
}

/* Registers, immediates and memory (emit.h: labels and symbols are shared). */
static bool emit_operand(const struct lt_insn *insn, const struct lt_operand *op,
			 struct lt_buf *out)
{
	(void)insn;
	if (op->kind == LT_OP_REG) {
		lt_buf_printf(out, "%%%c[r%d]", width_mod(op->width), op->reg);
	} else if (op->kind == LT_OP_IMM) {
		lt_buf_printf(out, "$%" PRId64, op->imm);
	} else if (op->kind == LT_OP_MEM) {
		if (op->imm)
			lt_buf_printf(out, "%" PRId64, op->imm);
		if (op->loc >= 0)
			lt_buf_printf(out, "(%%[a%d])", op->loc);
		else if (op->index >= 0)
			lt_buf_printf(out, "(%%q[r%d],%%q[r%d],%d)", op->reg,
				      op->index, op->scale);
		else
			lt_buf_printf(out, "(%%q[r%d])", op->reg);
	} else {
		return false;
	}
	return true;
}

static int x86_emit_insn(const struct lt_test *t, int thread,
			 const struct lt_insn *insn, struct lt_buf *out,
			 struct lt_error *err)
{
	int nops = insn->nops;

	if (lt_emit_check_op(t, insn, LT_X86_NR_OPS, "X86_64", err) < 0)
		return -1;
	if (insn->flags & LT_X86_LOCK)
		lt_buf_puts(out, "lock ");
	lt_buf_puts(out, op_asm[insn->op]);
	/* Always an explicit suffix: the assembler must not pick the size. */
	if (insn->width && insn->op != LT_X86_SETNB)
		lt_buf_putc(out, width_sfx(insn->width));
	if (insn->op == LT_X86_CMPXCHG)
		nops = 2;	/* the accumulator is implicit */
	lt_emit_operands(insn, nops, emit_operand, out);
	return 0;
}

static const char *x86_reg_constraint(const struct lt_test *t, int reg)
{
	const struct lt_reg *r = &t->regs[reg];
	const struct lt_thread *th = NULL;
	int i;

	for (i = 0; i < t->nthreads; i++)
		if (t->threads[i].id == r->thread)
			th = &t->threads[i];
	if (!th)
		return "r";
	for (i = 0; i < th->ninsns; i++) {
		const struct lt_insn *in = &th->insns[i];

		/* Implicit operands are fixed registers (Intel SDM vol. 2). */
		if (in->op == LT_X86_CMPXCHG && strcmp(r->name, "rax") == 0)
			return "a";
		if (in->op == LT_X86_SHL && in->ops[0].kind == LT_OP_REG &&
		    in->ops[0].reg == reg)
			return "c";
	}
	return "r";
}

/* name, herd word, aliases, model, compilers: arch/arches.def */
#define LT_ARCH_SELF_x86_64 1
#include "../arch-self.h"

const struct lt_arch_ops lt_arch_x86_64 = {
	LT_ARCH_SELF_OPS
	LT_ARCH_ISA_HOOKS(x86)
	.reg_rank = x86_reg_rank,
	/* Flags: add/cmp/xadd... write them; memory: the test's cells. */
	.clobbers = "\"memory\", \"cc\"",
	.fences = &fx_arch_x86_64,
};
