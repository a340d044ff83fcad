/* SPDX-License-Identifier: MIT */
/*
 * AArch64: registers and instructions as herd writes them (their emission
 * into a kernel's asm template is emit.c's).
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fences/lift.h"
#include "litmus/arch-ops.h"
#include "litmus/cell-lex.h"
#include "util/macros.h"
#include "isa.h"

#define MAX_NAME 64		/* longest label name accepted */

/* ------------------------------------------------------------------ */
/* Registers                                                          */
/* ------------------------------------------------------------------ */

enum reg_kind {
	R_NONE,		/* not a register spelling */
	R_GPR,		/* W0..W30, X0..X30 */
	R_ZR,		/* WZR, XZR */
	R_SP,		/* SP, WSP: never usable */
};

/*
 * Classify a register spelling, case-insensitively as herd does
 * (AArch64Base.parse_some upper-cases both sides): number and width.
 * herd's register list has no X31 and no leading zeros ("X01").
 */
static enum reg_kind reg_lookup(const char *s, size_t n, int *num,
				unsigned *width)
{
	char c = (char)tolower((unsigned char)s[0]);
	size_t i;
	int v = 0;

	if (n == 0)
		return R_NONE;
	if ((n == 2 && strncasecmp(s, "sp", 2) == 0) ||
	    (n == 3 && strncasecmp(s, "wsp", 3) == 0))
		return R_SP;
	if (c != 'w' && c != 'x')
		return R_NONE;
	*width = c == 'w' ? 32 : 64;
	if (n == 3 && strncasecmp(s + 1, "zr", 2) == 0)
		return R_ZR;
	if (n < 2 || n > 3 || (n == 3 && s[1] == '0'))
		return R_NONE;
	for (i = 1; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return R_NONE;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 30)
		return R_NONE;
	*num = v;
	return R_GPR;
}

static int a64_reg_canon(const char *name, char *out, size_t len,
			 unsigned *width)
{
	int num;

	/*
	 * Only general-purpose registers are test registers: herd writes
	 * them as X<n> in conditions whatever view the code uses.
	 */
	if (reg_lookup(name, strlen(name), &num, width) != R_GPR)
		return -1;
	if ((size_t)snprintf(out, len, "X%d", num) >= len)
		return -1;
	return 0;
}

/*
 * herd's aarch64fences.cat flags a test whose executions hold a DMB or DSB
 * of the inner or outer shareable domain (ISH, OSH and their LD/ST forms):
 * its model assumes every thread is in one inner domain.  Read from the
 * code, not the executions: a barrier that no execution reaches would be
 * flagged here and not by herd (litmus tests branch over their barriers
 * one way in some executions and the other way in others, if at all).
 */
static const char *a64_herd_flag(const struct lt_test *t)
{
	for (int th = 0; th < t->nthreads; th++)
		for (int i = 0; i < t->threads[th].ninsns; i++) {
			const struct lt_insn *in = &t->threads[th].insns[i];

			if ((in->op == LT_A64_DMB || in->op == LT_A64_DSB) &&
			    in->ops[0].kind == LT_OP_SYM &&
			    (!strncmp(in->ops[0].name, "ish", 3) ||
			     !strncmp(in->ops[0].name, "osh", 3)))
				return "Assuming-common-inner-shareable-domain";
		}
	return NULL;
}

/* herd lists a thread's registers by number (AArch64Base's register order). */
static int a64_reg_rank(const char *canon)
{
	unsigned width;
	int num;

	return reg_lookup(canon, strlen(canon), &num, &width) == R_GPR ? num : -1;
}

/* ------------------------------------------------------------------ */
/* Mnemonics                                                          */
/* ------------------------------------------------------------------ */

/* Operand shapes (isa.h's LT_A64_OPS names them without the F_). */
enum form {
	F_LDST,		/* Rt, [Xn{, #imm | Rm{, extend}}] */
	F_LDBASE,	/* Rt, [Xn] */
	F_STX,		/* Ws, Rt, [Xn] */
	F_RMW,		/* Rs, Rt, [Xn] */
	F_STOP,		/* Rs, [Xn] */
	F_BARRIER,	/* option */
	F_NONE,		/* no operand */
	F_MOV,		/* Rd, Rn | #imm */
	F_ADDSUB,	/* Rd, Rn, Rm{, shift | extend} | #imm{, LSL #12} */
	F_LOGIC,	/* Rd, Rn, Rm{, shift} | #bitmask */
	F_CMP,		/* Rn, Rm{, shift} | #imm{, LSL #12} */
	F_CSEL,		/* Rd, Rn, Rm, cond */
	F_B,		/* label */
	F_BCOND,	/* label, condition in the mnemonic */
	F_CBZ,		/* Rt, label */
};

static const struct mnemonic {
	const char *name;	/* lower case, as GNU as takes it */
	enum lt_a64_op op;
	enum form form;
	unsigned bytes;		/* access size; 0: the data register's */
} mnemonics[] = {
#define LT_A64_MNEMONIC(ID, MN, FORM, BYTES) { MN, LT_A64_##ID, F_##FORM, BYTES },
	LT_A64_OPS(LT_A64_MNEMONIC)
#undef LT_A64_MNEMONIC
};

/*
 * Condition codes (Arm ARM C1.2.4, "Condition code"), as herd's lexer
 * spells them, plus GNU as's HS/LO synonyms of CS/CC.
 */
static const char *const conds[] = {
	"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
	"hi", "ls", "ge", "lt", "gt", "le", "al",
};

/*
 * DMB/DSB options (Arm ARM C6.2, DMB): shareability domain (full system,
 * outer, inner, non-shareable) x access types (all, loads, stores).
 * herd accepts the same twelve.
 */
static const char *const barrier_opts[] = {
	"sy", "ld", "st", "osh", "oshld", "oshst", "ish", "ishld", "ishst",
	"nsh", "nshld", "nshst",
};

static bool in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

const char *a64_mnemonic_name(int op)
{
	return mnemonics[op].name;
}

static const struct mnemonic *mnemonic_find(const char *low)
{
	if (strncmp(low, "b.", 2) == 0)
		return in_list(low + 2, conds, ARRAY_SIZE(conds)) ?
			&mnemonics[LT_A64_BCOND] : NULL;
	return LT_NAME_FIND(mnemonics, low);
}

/* ------------------------------------------------------------------ */
/* Instruction parsing                                                */
/* ------------------------------------------------------------------ */

struct ip {
	LT_CELL_INSN_FIELDS
	const struct mnemonic *m;
	int nops;
	size_t opoff[LT_MAX_OPERANDS];
	/* Per operand: width of the register spelling, 0 when not a register. */
	unsigned regw[LT_MAX_OPERANDS];
	size_t ext_off;		/* where a memory operand's extend starts */
};

#define fail lt_insn_fail

/*
 * An immediate: decimal or 0x hex, optional sign, after an optional '#'
 * (herd's lexer takes "#1" and "1" alike).  Values above INT64_MAX are kept
 * as their two's complement bit pattern (0xffffffffffffffff == -1).
 */
static int parse_imm(struct ip *p, size_t start, size_t end, int64_t *out)
{
	return lt_cell_int(p->ctx, p->s, start, end, LT_INT_HASH | LT_INT_PLUS | LT_INT_WRAP, out);
}

/*
 * A register spelling at s[start, end): 0 with *reg (LT_A64_ZR for the zero
 * register) and *width; 1 when it is no register spelling at all.
 */
static int reg_at(struct ip *p, size_t start, size_t end, int *reg,
		  unsigned *width)
{
	char q[48];
	int num;

	switch (reg_lookup(p->s + start, end - start, &num, width)) {
	case R_SP:
		return fail(p, start,
			    "register '%s' cannot be used in a test: the stack pointer is not allocatable",
			    lt_quote(p->s + start, end - start, q, sizeof(q)));
	case R_ZR:
		*reg = LT_A64_ZR;
		return 0;
	case R_GPR: {
		char canon[8];

		snprintf(canon, sizeof(canon), "X%d", num);
		*reg = lt_test_add_reg(p->ctx->test, p->ctx->thread, canon);
		return 0;
	}
	default:
		return 1;
	}
}

/* Does s[start, end) look like a register that does not exist ("X31")? */
static bool looks_like_reg(const char *s, size_t start, size_t end)
{
	size_t i;

	if (end - start < 2 || !strchr("wWxX", s[start]))
		return false;
	for (i = start + 1; i < end; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A required register at s[start, end). */
static int reg_need(struct ip *p, size_t start, size_t end, int *reg,
		    unsigned *width, const char *role)
{
	char q[48];
	int rc = reg_at(p, start, end, reg, width);

	if (rc <= 0)
		return rc;
	lt_quote(p->s + start, end - start, q, sizeof(q));
	if (looks_like_reg(p->s, start, end))
		return fail(p, start, "unknown AArch64 register '%s'", q);
	return fail(p, start, "'%s': %s must be a register, not '%s'", p->mn,
		    role, q);
}

/* Lower-case copy of s[start, end) into a fresh string. */
static char *lower_dup(const char *s, size_t start, size_t end)
{
	char *r = lt_xstrndup(s + start, end - start);
	char *c;

	for (c = r; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return r;
}

/* Shifts and extends: "LSL #2", "SXTW", "UXTW #1". */
static const struct modifier {
	const char *name;
	unsigned ext;		/* LT_A64_EXT_* for memory operands, 0: none */
	bool shift;		/* a shift (amount required) rather than an extend */
	unsigned rmw;		/* extend: width of the register it takes */
} modifiers[] = {
	{ "lsl", LT_A64_EXT_LSL, true, 64 },
	{ "lsr", 0, true, 0 },
	{ "asr", 0, true, 0 },
	{ "ror", 0, true, 0 },
	{ "uxtb", 0, false, 32 },
	{ "uxth", 0, false, 32 },
	{ "uxtw", LT_A64_EXT_UXTW, false, 32 },
	{ "uxtx", 0, false, 64 },
	{ "sxtb", 0, false, 32 },
	{ "sxth", 0, false, 32 },
	{ "sxtw", LT_A64_EXT_SXTW, false, 32 },
	{ "sxtx", LT_A64_EXT_SXTX, false, 64 },
};

static const struct modifier *modifier_find(const char *low)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modifiers); i++)
		if (strcmp(low, modifiers[i].name) == 0)
			return &modifiers[i];
	return NULL;
}

bool a64_is_modifier(const char *name)
{
	return modifier_find(name) != NULL;
}

/*
 * A shift or extend at s[start, end): its name (lower case, fresh) and
 * amount (-1 when not written); 1 when s does not start with a name.
 */
static int parse_modifier(struct ip *p, size_t start, size_t end,
			  char **name, int64_t *amount)
{
	size_t i = start;

	*amount = -1;
	if (!lt_is_ident_start(p->s[i]))
		return 1;
	while (i < end && lt_is_ident(p->s[i]))
		i++;
	*name = lower_dup(p->s, start, i);
	i = lt_skip_space(p->s, i, end);
	if (i < end) {
		if (parse_imm(p, i, end, amount) < 0) {
			free(*name);
			*name = NULL;
			return -1;
		}
	}
	return 0;
}

/* A memory operand's inside: "Xn", "Xn,#imm", "Xn,Rm", "Xn,Rm,extend". */
static int parse_mem_inner(struct ip *p, size_t start, size_t end,
			   struct lt_operand *op)
{
	size_t part[3][2];
	int n;
	unsigned w, iw = 0;
	char q[48];
	int rc;

	n = lt_cell_split_mem(p->ctx, p->s, start, end, part);
	if (n < 0)
		return -1;

	rc = reg_at(p, part[0][0], part[0][1], &op->reg, &w);
	if (rc < 0)
		return -1;
	if (rc > 0 && looks_like_reg(p->s, part[0][0], part[0][1]))
		return fail(p, part[0][0], "unknown AArch64 register '%s'",
			    lt_quote(p->s + part[0][0], part[0][1] - part[0][0],
				     q, sizeof(q)));
	if (rc > 0)
		return fail(p, part[0][0],
			    "memory is addressed through a register: write [Xn] with Xn initialised to the location");
	if (op->reg == LT_A64_ZR || w != 64)
		return fail(p, part[0][0],
			    "the base of a memory operand must be an X register");
	if (n == 1)
		return 0;

	if (p->s[part[1][0]] == '#' || isdigit((unsigned char)p->s[part[1][0]]) ||
	    p->s[part[1][0]] == '-' || p->s[part[1][0]] == '+') {
		if (n > 2)
			return fail(p, part[2][0],
				    "an immediate offset takes no extend");
		return parse_imm(p, part[1][0], part[1][1], &op->imm);
	}
	if (reg_need(p, part[1][0], part[1][1], &op->index, &iw,
		     "the index") < 0)
		return -1;
	if (op->index == LT_A64_ZR)
		return fail(p, part[1][0],
			    "the index of a memory operand cannot be the zero register");
	if (n == 3) {
		const struct modifier *md;
		char *name = NULL;
		int64_t amount;

		p->ext_off = part[2][0];
		rc = parse_modifier(p, part[2][0], part[2][1], &name, &amount);
		if (rc < 0)
			return -1;
		md = rc == 0 ? modifier_find(name) : NULL;
		free(name);
		if (!md || !md->ext)
			return fail(p, part[2][0],
				    "invalid extend '%s' in a memory operand (LSL, UXTW, SXTW or SXTX)",
				    lt_quote(p->s + part[2][0],
					     part[2][1] - part[2][0], q, sizeof(q)));
		if (md->shift && amount < 0)
			return fail(p, part[2][0], "LSL needs an amount ('LSL #3')");
		if (iw != md->rmw)
			return fail(p, part[1][0],
				    "the index must be %s register with %s",
				    md->rmw == 32 ? "a W" : "an X", md->name);
		p->insn->flags |= md->ext;
		if (amount >= 0) {
			if (amount > 3)
				return fail(p, part[2][0],
					    "invalid amount %" PRId64 " in a memory operand",
					    amount);
			p->insn->flags |= LT_A64_EXT_AMOUNT;
			op->scale = 1 << amount;
		}
	} else if (iw != 64) {
		return fail(p, part[1][0],
			    "a W index register needs an extend (UXTW or SXTW)");
	}
	return 0;
}

static int parse_operand(struct ip *p, int k, size_t start, size_t end)
{
	struct lt_operand *op = &p->insn->ops[k];
	const char *s = p->s;
	int rc;

	op->reg = op->loc = op->index = -1;
	op->scale = 1;
	p->regw[k] = 0;

	if (s[start] == '[') {
		if (s[end - 1] != ']')
			return fail(p, end - 1, "expected ']' to close the memory operand");
		op->kind = LT_OP_MEM;
		return parse_mem_inner(p, start + 1, end - 1, op);
	}
	if (s[start] == '#' || s[start] == '-' || s[start] == '+' ||
	    isdigit((unsigned char)s[start])) {
		op->kind = LT_OP_IMM;
		return parse_imm(p, start, end, &op->imm);
	}
	if (!lt_is_ident_start(s[start])) {
		char q[48];

		return fail(p, start, "invalid operand '%s'",
			    lt_quote(s + start, end - start, q, sizeof(q)));
	}
	rc = reg_at(p, start, end, &op->reg, &p->regw[k]);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		op->kind = LT_OP_REG;
		op->width = p->regw[k];
		return 0;
	}
	/*
	 * A word: a label, a condition, a barrier option or a shift.  The
	 * form decides; keep it as written for now (labels are
	 * case-sensitive, the others are lowered when checked).
	 */
	op->kind = LT_OP_SYM;
	op->reg = -1;
	op->name = lt_xstrndup(s + start, end - start);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Operand checks                                                     */
/* ------------------------------------------------------------------ */

#define W_32 0x1u
#define W_64 0x2u
#define W_ANY (W_32 | W_64)

/* Operand k must be a register of one of the widths in `widths`. */
static int want_reg(struct ip *p, int k, const char *role, unsigned widths,
		    bool zr_ok)
{
	const struct lt_operand *op = &p->insn->ops[k];
	size_t off = p->opoff[k];
	char q[48];

	if (op->kind != LT_OP_REG) {
		if (op->kind == LT_OP_SYM &&
		    looks_like_reg(op->name, 0, strlen(op->name)))
			return fail(p, off, "unknown AArch64 register '%s'",
				    lt_quote(op->name, strlen(op->name), q, sizeof(q)));
		return fail(p, off, "'%s': %s must be a register", p->mn, role);
	}
	if (!(widths & (op->width == 32 ? W_32 : W_64)))
		return fail(p, off, "'%s': %s must be %s register", p->mn, role,
			    widths == W_32 ? "a W" : "an X");
	if (!zr_ok && op->reg == LT_A64_ZR)
		return fail(p, off, "'%s': %s cannot be the zero register here",
			    p->mn, role);
	return 0;
}

/* Operands k and l are registers of the same width. */
static int same_width(struct ip *p, int k, int l)
{
	if (p->insn->ops[k].width == p->insn->ops[l].width)
		return 0;
	return fail(p, p->opoff[l],
		    "'%s': operand size mismatch (%u-bit and %u-bit registers)",
		    p->mn, p->insn->ops[k].width, p->insn->ops[l].width);
}

/*
 * Operand k is a memory operand; `base_only` for the instructions that
 * take no offset (Arm ARM: LDAR, STLR, LDXR, CAS... have only [Xn|SP{,#0}]).
 */
static int want_mem(struct ip *p, int k, bool base_only)
{
	const struct lt_operand *op = &p->insn->ops[k];

	if (op->kind != LT_OP_MEM)
		return fail(p, p->opoff[k],
			    "'%s': the last operand must be a memory operand ([Xn])",
			    p->mn);
	if (base_only && (op->index >= 0 || op->imm != 0))
		return fail(p, p->opoff[k],
			    "'%s' only takes a base register address ([Xn])", p->mn);
	return 0;
}

/* Operand k is a label: becomes LT_OP_LABEL. */
static int want_label(struct ip *p, int k)
{
	struct lt_operand *op = &p->insn->ops[k];
	char q[48];
	size_t i, n;

	if (op->kind != LT_OP_SYM)
		return fail(p, p->opoff[k], "'%s' needs a label", p->mn);
	n = strlen(op->name);
	for (i = 0; i < n; i++)
		if (!lt_is_ident(op->name[i]))
			return fail(p, p->opoff[k], "invalid label name '%s'",
				    lt_quote(op->name, n, q, sizeof(q)));
	if (n > MAX_NAME)
		return fail(p, p->opoff[k], "label name too long (over %d characters)",
			    MAX_NAME);
	op->kind = LT_OP_LABEL;
	return 0;
}

/* Operand k is a word of `list`: lowered in place. */
static int want_word(struct ip *p, int k, const char *what,
		     const char *const *list, size_t n)
{
	struct lt_operand *op = &p->insn->ops[k];
	char q[48], *c;

	if (op->kind == LT_OP_SYM) {
		for (c = op->name; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (in_list(op->name, list, n))
			return 0;
		return fail(p, p->opoff[k], "'%s': invalid %s '%s'", p->mn, what,
			    lt_quote(p->s + p->opoff[k], strlen(op->name), q, sizeof(q)));
	}
	return fail(p, p->opoff[k], "'%s' needs %s", p->mn, what);
}

/*
 * A last operand that is a shift or extend ("LSL #2", "SXTW"): parsed from
 * the operand's text into name (lower case) and imm (-1: no amount).
 */
static int want_modifier(struct ip *p, int k, unsigned width, bool ext_ok,
			 const struct modifier **out)
{
	struct lt_operand *op = &p->insn->ops[k];
	const struct modifier *md = NULL;
	size_t off = p->opoff[k], end;
	char *name = NULL, q[48];
	int64_t amount;
	int rc;

	if (op->kind != LT_OP_SYM)
		return fail(p, off, "'%s': expected a shift or extend", p->mn);
	end = off + strlen(op->name);
	rc = parse_modifier(p, off, end, &name, &amount);
	if (rc < 0)
		return -1;
	if (rc == 0)
		md = modifier_find(name);
	if (!md || (!md->shift && !ext_ok)) {
		free(name);
		return fail(p, off, "'%s': invalid %s '%s'", p->mn,
			    ext_ok ? "shift or extend" : "shift",
			    lt_quote(p->s + off, end - off, q, sizeof(q)));
	}
	free(op->name);
	op->name = name;
	op->imm = amount;
	if (md->shift && amount < 0)
		return fail(p, off, "'%s': %s needs an amount ('%s #1')", p->mn,
			    md->name, md->name);
	if (md->shift && amount >= (int64_t)width)
		return fail(p, off, "'%s': shift amount %" PRId64 " out of range (0 to %u)",
			    p->mn, amount, width - 1);
	if (!md->shift && amount > 4)
		return fail(p, off, "'%s': extend amount %" PRId64 " out of range (0 to 4)",
			    p->mn, amount);
	*out = md;
	return 0;
}

/* A 32-bit view takes values from INT32_MIN to UINT32_MAX. */
static int imm_fits(struct ip *p, int k, unsigned width)
{
	int64_t v = p->insn->ops[k].imm;

	if (width == 32 && (v < INT32_MIN || v > (int64_t)UINT32_MAX))
		return fail(p, p->opoff[k],
			    "'%s': immediate %" PRId64 " does not fit a W register",
			    p->mn, v);
	return 0;
}

/* ADD/SUB/CMP immediates: 12 bits, optionally shifted by 12 (Arm ARM C6.2, ADD (immediate)). */
static int arith_imm(struct ip *p, int k, int shift_k)
{
	int64_t v = p->insn->ops[k].imm;

	if (v < 0 || v > 4095)
		return fail(p, p->opoff[k],
			    "'%s': immediate %" PRId64 " out of range (0 to 4095)",
			    p->mn, v);
	if (shift_k < p->nops) {
		const struct modifier *md;

		if (want_modifier(p, shift_k, 64, false, &md) < 0)
			return -1;
		if (md->ext != LT_A64_EXT_LSL ||
		    (p->insn->ops[shift_k].imm != 0 && p->insn->ops[shift_k].imm != 12))
			return fail(p, p->opoff[shift_k],
				    "'%s': an immediate takes only 'LSL #0' or 'LSL #12'",
				    p->mn);
	}
	return 0;
}

/*
 * The third operand and optional modifier of ADD/SUB/EOR/AND/ORR and the
 * second of CMP: register k (with modifier at k + 1) or immediate.
 */
static int alu_source(struct ip *p, int d, int n, int k)
{
	const struct lt_operand *src = &p->insn->ops[k];
	const struct modifier *md = NULL;
	bool logic = p->m->form == F_LOGIC;
	unsigned w = p->insn->ops[n].width;

	if (src->kind == LT_OP_IMM) {
		if (logic) {
			if (p->nops > k + 1)
				return fail(p, p->opoff[k + 1],
					    "'%s': an immediate takes no shift", p->mn);
			/* Register 31 is SP as the destination (Arm ARM C6.2, AND (immediate)). */
			if (want_reg(p, d, "the destination", W_ANY, false) < 0 ||
			    imm_fits(p, k, w) < 0)
				return -1;
			if (!a64_bitmask_imm((uint64_t)src->imm, w))
				return fail(p, p->opoff[k],
					    "'%s': immediate %" PRId64 " is not a logical (bitmask) immediate",
					    p->mn, src->imm);
			return 0;
		}
		/* ADD/SUB (immediate) and CMP read SP as register 31. */
		if ((d >= 0 && want_reg(p, d, "the destination", W_ANY, false) < 0) ||
		    want_reg(p, n, d >= 0 ? "the first source" : "the first operand",
			     W_ANY, false) < 0)
			return -1;
		return arith_imm(p, k, k + 1);
	}
	if (want_reg(p, k, "the second source", W_ANY, true) < 0)
		return -1;
	if (p->nops > k + 1 &&
	    want_modifier(p, k + 1, w, !logic, &md) < 0)
		return -1;
	if (md && !md->shift) {
		/*
		 * ADD/SUB (extended register): register 31 is SP for Rd and Rn
		 * (Arm ARM C6.2, ADD (extended register)); Rm is W for the
		 * byte, half and word extends, X for UXTX/SXTX.
		 */
		unsigned mw = w == 32 ? 32 : md->rmw;

		if ((d >= 0 && want_reg(p, d, "the destination", W_ANY, false) < 0) ||
		    want_reg(p, n, "the first source", W_ANY, false) < 0 ||
		    want_reg(p, k, "the extended register", mw == 32 ? W_32 : W_64,
			     true) < 0)
			return -1;
		return 0;
	}
	if (md && md->ext == 0 && strcmp(md->name, "ror") == 0 && !logic)
		return fail(p, p->opoff[k + 1], "'%s': ROR is not a valid shift here",
			    p->mn);
	return same_width(p, n, k);
}

/* Check operands per form; sets insn->width. */
static int check_form(struct ip *p)
{
	struct lt_insn *in = p->insn;
	const struct mnemonic *m = p->m;
	unsigned data = m->bytes ? W_32 : W_ANY;
	unsigned bytes;
	int nmin, nmax;

	static const int count[][2] = {
		[F_LDST] = { 2, 2 }, [F_LDBASE] = { 2, 2 }, [F_STX] = { 3, 3 },
		[F_RMW] = { 3, 3 }, [F_STOP] = { 2, 2 }, [F_BARRIER] = { 1, 1 },
		[F_NONE] = { 0, 0 }, [F_MOV] = { 2, 2 }, [F_ADDSUB] = { 3, 4 },
		[F_LOGIC] = { 3, 4 }, [F_CMP] = { 2, 3 }, [F_CSEL] = { 4, 4 },
		[F_B] = { 1, 1 }, [F_BCOND] = { 1, 1 }, [F_CBZ] = { 2, 2 },
	};

	nmin = count[m->form][0];
	nmax = count[m->form][1];
	if (p->nops < nmin || p->nops > nmax) {
		if (nmin == nmax)
			return fail(p, 0, "'%s' takes %d operand%s, not %d", p->mn,
				    nmin, nmin == 1 ? "" : "s", p->nops);
		return fail(p, 0, "'%s' takes %d or %d operands, not %d", p->mn,
			    nmin, nmax, p->nops);
	}

	switch (m->form) {
	case F_LDST:
	case F_LDBASE:
		if (want_reg(p, 0, "the data register", data, true) < 0 ||
		    want_mem(p, 1, m->form == F_LDBASE) < 0)
			return -1;
		break;
	case F_STX:
		if (want_reg(p, 0, "the status register", W_32, true) < 0 ||
		    want_reg(p, 1, "the data register", data, true) < 0 ||
		    want_mem(p, 2, true) < 0)
			return -1;
		/*
		 * Ws equal to Rt or Rn is CONSTRAINED UNPREDICTABLE (Arm ARM
		 * C6.2, STXR): the test would not say what it runs.
		 */
		if (in->ops[0].reg >= 0 && (in->ops[0].reg == in->ops[1].reg ||
					    in->ops[0].reg == in->ops[2].reg))
			return fail(p, p->opoff[0],
				    "'%s': the status register must differ from the data and address registers",
				    p->mn);
		break;
	case F_RMW:
		if (want_reg(p, 0, "the first register", data, true) < 0 ||
		    want_reg(p, 1, "the second register", data, true) < 0 ||
		    same_width(p, 0, 1) < 0 || want_mem(p, 2, true) < 0)
			return -1;
		break;
	case F_STOP:
		if (want_reg(p, 0, "the source register", data, true) < 0 ||
		    want_mem(p, 1, true) < 0)
			return -1;
		break;
	case F_BARRIER:
		if (in->ops[0].kind != LT_OP_SYM)
			return fail(p, p->opoff[0],
				    "'%s': invalid barrier option (SY, ISH, ISHLD, ISHST, LD, ST, OSH...)",
				    p->mn);
		if (want_word(p, 0, "barrier option", barrier_opts,
			      ARRAY_SIZE(barrier_opts)) < 0)
			return -1;
		break;
	case F_NONE:
		break;
	case F_MOV:
		if (in->ops[1].kind == LT_OP_IMM) {
			if (want_reg(p, 0, "the destination", W_ANY, false) < 0 ||
			    imm_fits(p, 1, in->ops[0].width) < 0)
				return -1;
			if (!a64_mov_imm(in->ops[1].imm, in->ops[0].width))
				return fail(p, p->opoff[1],
					    "'%s': immediate %" PRId64 " cannot be moved by one instruction (MOVZ, MOVN or ORR)",
					    p->mn, in->ops[1].imm);
			break;
		}
		if (want_reg(p, 0, "the destination", W_ANY, true) < 0 ||
		    want_reg(p, 1, "the source", W_ANY, true) < 0 ||
		    same_width(p, 0, 1) < 0)
			return -1;
		break;
	case F_ADDSUB:
	case F_LOGIC:
		if (want_reg(p, 0, "the destination", W_ANY, true) < 0 ||
		    want_reg(p, 1, "the first source", W_ANY, true) < 0 ||
		    same_width(p, 0, 1) < 0 || alu_source(p, 0, 1, 2) < 0)
			return -1;
		break;
	case F_CMP:
		if (want_reg(p, 0, "the first operand", W_ANY, true) < 0 ||
		    alu_source(p, -1, 0, 1) < 0)
			return -1;
		break;
	case F_CSEL:
		if (want_reg(p, 0, "the destination", W_ANY, true) < 0 ||
		    want_reg(p, 1, "the first source", W_ANY, true) < 0 ||
		    want_reg(p, 2, "the second source", W_ANY, true) < 0 ||
		    same_width(p, 0, 1) < 0 || same_width(p, 0, 2) < 0 ||
		    want_word(p, 3, "condition", conds, ARRAY_SIZE(conds)) < 0)
			return -1;
		break;
	case F_B:
	case F_BCOND:
		if (want_label(p, 0) < 0)
			return -1;
		break;
	case F_CBZ:
		if (want_reg(p, 0, "the tested register", W_ANY, true) < 0 ||
		    want_label(p, 1) < 0)
			return -1;
		break;
	}

	/* The access size of memory instructions, from the data register. */
	switch (m->form) {
	case F_LDST:
	case F_LDBASE:
	case F_STOP:
		bytes = m->bytes ? m->bytes : in->ops[0].width / 8;
		break;
	case F_STX:
	case F_RMW:
		bytes = m->bytes ? m->bytes : in->ops[1].width / 8;
		break;
	default:
		bytes = 0;
	}
	if (bytes) {
		struct lt_operand *mem = &in->ops[p->nops - 1];
		unsigned sh = bytes == 8 ? 3 : bytes == 4 ? 2 : bytes == 2 ? 1 : 0;

		/* LDR (immediate), unsigned offset: imm12 scaled by the size. */
		if (mem->imm < 0 || mem->imm > 4095 * (int64_t)bytes ||
		    mem->imm % (int64_t)bytes)
			return fail(p, p->opoff[p->nops - 1],
				    "'%s': offset %" PRId64 " cannot be encoded (a multiple of %u from 0 to %u)",
				    p->mn, mem->imm, bytes, 4095 * bytes);
		/* LDR (register): the index is shifted by 0 or log2(size). */
		if ((in->flags & LT_A64_EXT_AMOUNT) && mem->scale != 1 &&
		    mem->scale != (1 << sh))
			return fail(p, p->ext_off,
				    "'%s': the index can only be shifted by 0 or %u here",
				    p->mn, sh);
		in->width = bytes * 8;
		mem->width = bytes * 8;
	} else if (m->form != F_NONE && m->form != F_BARRIER &&
		   m->form != F_B && m->form != F_BCOND) {
		in->width = in->ops[0].width;
	}
	return 0;
}

static int a64_parse_insn(struct lt_parse_ctx *ctx, const char *text,
			  struct lt_insn *insn)
{
	struct ip p = { .ctx = ctx, .s = text, .insn = insn };
	struct lt_cell_mn cm;
	size_t n = strlen(text), off[LT_MAX_OPERANDS][2];
	int k, nops;

	insn->op = -1;
	if (lt_cell_mnemonic(ctx, text, 0, n, ".", &cm) < 0)
		return -1;
	p.m = mnemonic_find(cm.low);
	if (lt_cell_mnemonic_known(ctx, text, n, &cm, p.m) < 0)
		return -1;
	p.mn = cm.text;

	/* The operands, split at the commas outside brackets. */
	nops = lt_cell_split(ctx, text, cm.end, n, p.mn, true, off, LT_MAX_OPERANDS);
	if (nops < 0)
		return -1;
	while (p.nops < nops) {
		p.opoff[p.nops] = off[p.nops][0];
		if (parse_operand(&p, p.nops, off[p.nops][0], off[p.nops][1]) < 0)
			return -1;
		insn->nops = ++p.nops;
	}

	if (check_form(&p) < 0)
		return -1;
	insn->op = (int)p.m->op;
	if (p.m->form == F_BCOND) {
		/* The condition, kept as an operand like CSEL's. */
		struct lt_operand *c = &insn->ops[1];

		memset(c, 0, sizeof(*c));
		c->kind = LT_OP_SYM;
		c->reg = c->loc = c->index = -1;
		c->scale = 1;
		c->name = lt_xstrdup(cm.low + 2);
		insn->nops = 2;
	}

	/* Record widths: data registers by their view, addresses are 64-bit. */
	for (k = 0; k < insn->nops; k++) {
		struct lt_operand *op = &insn->ops[k];

		if (op->kind == LT_OP_REG) {
			lt_test_widen_reg(ctx->test, op->reg, op->width);
		} else if (op->kind == LT_OP_MEM) {
			lt_test_widen_reg(ctx->test, op->reg, 64);
			lt_test_widen_reg(ctx->test, op->index, a64_index_width(insn->flags));
		}
	}
	return 0;
}

/* name, herd word, aliases, model, compilers: arch/arches.def */
#define LT_ARCH_SELF_aarch64 1
#include "../arch-self.h"

const struct lt_arch_ops lt_arch_aarch64 = {
	LT_ARCH_SELF_OPS
	LT_ARCH_ISA_HOOKS(a64)
	.reg_rank = a64_reg_rank,
	.herd_flag = a64_herd_flag,
	/* Flags: CMP and the branches on them; memory: the test's cells. */
	.clobbers = "\"memory\", \"cc\"",
	.fences = &fx_arch_aarch64,
};
