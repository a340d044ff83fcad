/* SPDX-License-Identifier: MIT */
/*
 * AArch64 instruction semantics for the model checker: each parsed
 * instruction lowered to the micro-ops of src/model/sem.h, after the Arm
 * ARM (DDI 0487, C6.2) and herd7's AArch64 semantics (herd/AArch64Sem.ml),
 * whose event structure the armv8 model's dependencies are read from.
 */
#include "config.h"

#include <string.h>

#include "isa.h"
#include "model/sem-build.h"

/* A source register: the zero register reads as 0. */
static struct lt_sem_arg src(const struct lt_operand *op)
{
	if (op->kind == LT_OP_IMM)
		return lt_arg_imm(op->imm);
	if (op->kind != LT_OP_REG)
		return lt_arg_none();
	if (op->reg == LT_A64_ZR)
		return lt_arg_imm(0);
	return (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->reg };
}

/* A destination register: writes to the zero register are dropped. */
static struct lt_sem_arg dst(const struct lt_operand *op)
{
	if (op->kind != LT_OP_REG || op->reg == LT_A64_ZR)
		return lt_arg_none();
	return (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->reg };
}

/*
 * [Xn{, #imm | Rm{, extend}}].  The index's extend is not applied: an
 * address the checker accepts is exactly a location, so the index is 0
 * (the false-dependency idiom), which every extend leaves 0.
 */
static struct lt_sem_addr addr_of(const struct lt_insn *in,
				  const struct lt_operand *op)
{
	struct lt_sem_addr a = {
		.loc = -1, .index = lt_arg_none(),
		.scale = op->scale ? op->scale : 1, .disp = op->imm,
	};

	a.base = (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->reg };
	if (op->index >= 0)
		a.index = (struct lt_sem_arg){ .kind = LT_SA_REG, .idx = op->index };
	(void)in;
	return a;
}

/*
 * A loaded value into a register: loads narrower than the register
 * zero-extend (Arm ARM C6.2, LDRB, LDRH), unlike x86's partial writes.
 */
static void load(struct lt_sem *s, const struct lt_insn *in,
		 struct lt_sem_arg d, unsigned regw,
		 const struct lt_operand *mem, unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_LOAD, in->width);

	u->addr = addr_of(in, mem);
	u->ann = ann;
	if (in->width >= 32 || d.kind != LT_SA_REG) {
		u->dst = d;
		return;
	}
	u->dst = lt_arg_tmp(3);
	lt_sem_alu(s, regw, LT_ALU_AND, d, lt_arg_tmp(3),
	    lt_arg_imm((int64_t)((UINT64_C(1) << in->width) - 1)));
}

static struct lt_uop *store(struct lt_sem *s, const struct lt_insn *in,
			    const struct lt_operand *mem, struct lt_sem_arg val,
			    unsigned ann)
{
	struct lt_uop *u = lt_sem_add(s, LT_UOP_STORE, in->width);

	u->a = val;
	u->addr = addr_of(in, mem);
	u->ann = ann;
	return u;
}

/* Conditions (Arm ARM C1.2.4) on the flags of CMP, with their negation. */
static const struct {
	const char *name;
	enum lt_cc cc, inv;
} conds[] = {
	{ "eq", LT_CC_EQ, LT_CC_NE }, { "ne", LT_CC_NE, LT_CC_EQ },
	/* C is NOT borrow after a subtraction: CS is unsigned >=. */
	{ "cs", LT_CC_AE, LT_CC_B }, { "hs", LT_CC_AE, LT_CC_B },
	{ "cc", LT_CC_B, LT_CC_AE }, { "lo", LT_CC_B, LT_CC_AE },
	{ "mi", LT_CC_S, LT_CC_NS }, { "pl", LT_CC_NS, LT_CC_S },
	{ "vs", LT_CC_O, LT_CC_NO }, { "vc", LT_CC_NO, LT_CC_O },
	{ "hi", LT_CC_A, LT_CC_BE }, { "ls", LT_CC_BE, LT_CC_A },
	{ "ge", LT_CC_GE, LT_CC_LT }, { "lt", LT_CC_LT, LT_CC_GE },
	{ "gt", LT_CC_GT, LT_CC_LE }, { "le", LT_CC_LE, LT_CC_GT },
};

static int cond_find(const char *name, enum lt_cc *cc, enum lt_cc *inv)
{
	for (size_t k = 0; k < sizeof(conds) / sizeof(conds[0]); k++)
		if (strcmp(conds[k].name, name) == 0) {
			*cc = conds[k].cc;
			*inv = conds[k].inv;
			return 0;
		}
	return -1;		/* "al": always */
}

/*
 * The second source of ADD/SUB/EOR/AND/ORR/CMP with its shift or extend,
 * into temporary 2.  Returns the argument to use, or an LT_SA_NONE
 * argument for a modifier the model does not evaluate.
 */
static struct lt_sem_arg operand2(struct lt_sem *s, const struct lt_insn *in,
				  int k, unsigned w)
{
	const struct lt_operand *m = k + 1 < in->nops ? &in->ops[k + 1] : NULL;
	struct lt_sem_arg b = src(&in->ops[k]);

	if (!m || m->kind != LT_OP_SYM)
		return b;
	if (strcmp(m->name, "lsl") == 0) {
		lt_sem_alu(s, w, LT_ALU_SHL, lt_arg_tmp(2), b, lt_arg_imm(m->imm));
		return lt_arg_tmp(2);
	}
	/* A 32-bit view of an X register, zero- or sign-extended. */
	if (strcmp(m->name, "uxtw") == 0 || strcmp(m->name, "uxtx") == 0 ||
	    strcmp(m->name, "sxtx") == 0 || strcmp(m->name, "sxtw") == 0) {
		struct lt_sem_arg v = b;

		if (strcmp(m->name, "uxtw") == 0) {
			lt_sem_alu(s, 64, LT_ALU_AND, lt_arg_tmp(2), b, lt_arg_imm(0xffffffff));
			v = lt_arg_tmp(2);
		} else if (strcmp(m->name, "sxtw") == 0) {
			/* (v & 0xffffffff ^ 1 << 31) - (1 << 31) */
			lt_sem_alu(s, 64, LT_ALU_AND, lt_arg_tmp(2), b, lt_arg_imm(0xffffffff));
			lt_sem_alu(s, 64, LT_ALU_XOR, lt_arg_tmp(2), lt_arg_tmp(2),
			    lt_arg_imm(INT64_C(0x80000000)));
			lt_sem_alu(s, 64, LT_ALU_SUB, lt_arg_tmp(2), lt_arg_tmp(2),
			    lt_arg_imm(INT64_C(0x80000000)));
			v = lt_arg_tmp(2);
		}
		if (m->imm > 0) {
			lt_sem_alu(s, w, LT_ALU_SHL, lt_arg_tmp(2), v, lt_arg_imm(m->imm));
			v = lt_arg_tmp(2);
		}
		return v;
	}
	return lt_arg_none();
}

/* Acquire / release of an atomic's order suffix: A, L, AL or none. */
#define ORD_A 1u
#define ORD_L 2u

static unsigned order_of(enum lt_a64_op op)
{
	switch (op) {
#define LT_A64_ORD(ID)							\
	case LT_A64_##ID##A: case LT_A64_##ID##AB: case LT_A64_##ID##AH:	\
		return ORD_A;						\
	case LT_A64_##ID##L: case LT_A64_##ID##LB: case LT_A64_##ID##LH:	\
		return ORD_L;						\
	case LT_A64_##ID##AL: case LT_A64_##ID##ALB: case LT_A64_##ID##ALH: \
		return ORD_A | ORD_L;
	LT_A64_ORD(CAS)
	LT_A64_ORD(SWP)
	LT_A64_ORD(LDADD)
	LT_A64_ORD(LDCLR)
	LT_A64_ORD(LDEOR)
	LT_A64_ORD(LDSET)
#undef LT_A64_ORD
	case LT_A64_STADDL: case LT_A64_STADDLB: case LT_A64_STADDLH:
	case LT_A64_STCLRL: case LT_A64_STCLRLB: case LT_A64_STCLRLH:
	case LT_A64_STEORL: case LT_A64_STEORLB: case LT_A64_STEORLH:
	case LT_A64_STSETL: case LT_A64_STSETLB: case LT_A64_STSETLH:
		return ORD_L;
	default:
		return 0;
	}
}

/* isa.h lists each atomic family's variants in one run of ids. */
#define IN_FAMILY(op, ID) ((op) >= LT_A64_##ID && (op) <= LT_A64_##ID##ALH)
#define IN_STFAMILY(op, ID) ((op) >= LT_A64_##ID && (op) <= LT_A64_##ID##LH)

/*
 * The read of an atomic: acquire with an A suffix, except that herd (and
 * the Arm ARM, e.g. LDADDA: "if the destination register is not WZR/XZR")
 * gives a read whose value is discarded no acquire: it is NoRet.
 */
static unsigned read_ann(unsigned ord, bool noret)
{
	unsigned ann = LT_ANN_RMW | LT_ANN_ATOMIC;

	if (noret)
		return ann | LT_ANN_NORET;
	return ann | ((ord & ORD_A) ? LT_ANN_ACQUIRE : 0);
}

static unsigned write_ann(unsigned ord)
{
	return LT_ANN_RMW | LT_ANN_ATOMIC | ((ord & ORD_L) ? LT_ANN_RELEASE : 0);
}

/*
 * CAS Rs, Rt, [Xn] (Arm ARM C6.2, CAS): herd enumerates its outcomes as
 * alternatives (AArch64Sem.ml, cas; eventsMonad.ml, aarch64_cas_ok/no):
 *  - success, the old value equal to Rs: the write of Rt, paired with the
 *    read; Rs then gets the old value either from the register Rs (its
 *    comparison being a pick input) or from the read;
 *  - failure with a write-back of the value read (a write), or without.
 * The comparison is an iico_ctrl input of the write: a pick dependency.
 */
/*
 * An atomic's old value into its register: narrower than 32 bits, it
 * zero-extends, as the load() of LDRB and LDRH does (SWPH, CASB...).
 */
static void old_value(struct lt_sem *s, unsigned w, unsigned regw,
		      struct lt_sem_arg d)
{
	struct lt_uop *u = lt_sem_mov(s, regw, d, lt_arg_tmp(0));

	if (w < 32)
		u->conv = (struct lt_form){ .bits = w, .is_signed = false };
}

static void lower_cas(struct lt_sem *s, const struct lt_insn *in)
{
	const struct lt_operand *rs = &in->ops[0], *rt = &in->ops[1];
	const struct lt_operand *mem = &in->ops[2];
	unsigned ord = order_of((enum lt_a64_op)in->op);
	bool noret = rs->reg == LT_A64_ZR;
	unsigned w = in->width, regw = rs->width;
	struct lt_uop *u;

	/* 0 */ lt_sem_add(s, LT_UOP_LOAD, w)->dst = lt_arg_tmp(0);
	s->uops[0].addr = addr_of(in, mem);
	s->uops[0].ann = read_ann(ord, noret);
	/* 1: the comparison, herd's branch event: Rs and the read flow in */
	lt_sem_mov(s, w, lt_arg_tmp(1), lt_arg_tmp(0))->c = src(rs);
	/* 2 */ lt_sem_at(s, LT_UOP_CHOOSE, 10);
	/* success */
	/* 3 */ u = lt_sem_add(s, LT_UOP_ASSUME, w);
	u->cc = LT_CC_EQ;
	u->a = lt_arg_tmp(0);
	u->b = src(rs);
	/* 4 */ store(s, in, mem, src(rt), write_ann(ord))->c = lt_arg_tmp(1);
	/* 5 */ lt_sem_at(s, LT_UOP_CHOOSE, 8);
	/* 6: Rs from Rs (herd's DataFromRRs), controlled by the comparison */
	lt_sem_mov(s, regw, dst(rs), src(rs))->c = lt_arg_tmp(1);
	/* 7 */ lt_sem_at(s, LT_UOP_SKIP, 14);
	/* 8: Rs from the read (DataFromRx) */
	old_value(s, w, regw, dst(rs));
	/* 9 */ lt_sem_at(s, LT_UOP_SKIP, 14);
	/* 10: failure */
	u = lt_sem_add(s, LT_UOP_ASSUME, w);
	u->cc = LT_CC_NE;
	u->a = lt_arg_tmp(0);
	u->b = src(rs);
	/* 11 */ lt_sem_at(s, LT_UOP_CHOOSE, 13);
	/* 12: the write-back */
	store(s, in, mem, lt_arg_tmp(0), write_ann(ord))->c = lt_arg_tmp(1);
	/* 13 */ old_value(s, w, regw, dst(rs));
	/*
	 * Without a write-back the read is no RMW read and no exclusive:
	 * herd's plain read, annotated A or N.  Its RMW annotation is
	 * harmless: the rmw relation is what the models read.
	 */
}

int a64_sem_lower(const struct lt_test *t, int thread,
		  const struct lt_insn *in, struct lt_sem *s,
		  struct lt_error *err)
{
	const struct lt_operand *o0 = &in->ops[0], *o1 = &in->ops[1];
	enum lt_a64_op op = (enum lt_a64_op)in->op;
	unsigned w = in->width;
	struct lt_uop *u;

	(void)thread;
	switch (op) {
	case LT_A64_LDR: case LT_A64_LDRB: case LT_A64_LDRH:
		load(s, in, dst(o0), o0->width, o1, 0);
		return 0;
	case LT_A64_STR: case LT_A64_STRB: case LT_A64_STRH:
		store(s, in, o1, src(o0), 0);
		return 0;
	case LT_A64_LDAR: case LT_A64_LDARB: case LT_A64_LDARH:
		load(s, in, dst(o0), o0->width, o1, LT_ANN_ACQUIRE);
		return 0;
	case LT_A64_LDAPR: case LT_A64_LDAPRB: case LT_A64_LDAPRH:
		load(s, in, dst(o0), o0->width, o1, LT_ANN_ACQPC);
		return 0;
	case LT_A64_STLR: case LT_A64_STLRB: case LT_A64_STLRH:
		store(s, in, o1, src(o0), LT_ANN_RELEASE);
		return 0;
	case LT_A64_LDXR: case LT_A64_LDXRB: case LT_A64_LDXRH:
		load(s, in, dst(o0), o0->width, o1, LT_ANN_EXCL);
		return 0;
	case LT_A64_LDAXR: case LT_A64_LDAXRB: case LT_A64_LDAXRH:
		load(s, in, dst(o0), o0->width, o1, LT_ANN_EXCL | LT_ANN_ACQUIRE);
		return 0;
	case LT_A64_STXR: case LT_A64_STXRB: case LT_A64_STXRH:
	case LT_A64_STLXR: case LT_A64_STLXRB: case LT_A64_STLXRH: {
		/*
		 * Success: the write, paired (rmw) with the thread's open
		 * load-exclusive, and status 0; failure: no write and status
		 * 1 (Arm ARM C6.2, STXR).  Without an open reservation only
		 * failure remains (the checker kills the other path).
		 */
		bool rel = op >= LT_A64_STLXR;

		lt_sem_at(s, LT_UOP_CHOOSE, 4);
		store(s, in, &in->ops[2], src(o1),
		      LT_ANN_EXCL | (rel ? LT_ANN_RELEASE : 0));
		lt_sem_mov(s, 32, dst(o0), lt_arg_imm(0));
		lt_sem_at(s, LT_UOP_SKIP, 6);
		/* 4 */ lt_sem_add(s, LT_UOP_CLREX, 0);
		lt_sem_mov(s, 32, dst(o0), lt_arg_imm(1));
		return 0;
	}
	case LT_A64_NOP:
		return 0;
	case LT_A64_DMB: case LT_A64_DSB: {
		const char *o = o0->name;
		size_t n = strlen(o);
		bool ld = n >= 2 && strcmp(o + n - 2, "ld") == 0;
		bool st = n >= 2 && strcmp(o + n - 2, "st") == 0;
		enum lt_fence f;

		/*
		 * herd's aarch64fences.cat: dmb.full/ld/st gather the SY,
		 * ISH and OSH options (and the DSBs); NSH is in none of them.
		 */
		if (strncmp(o, "nsh", 3) == 0)
			f = LT_FENCE_A64_NSH;
		else if (ld)
			f = LT_FENCE_DMB_LD;
		else if (st)
			f = op == LT_A64_DSB ? LT_FENCE_DSB_ST : LT_FENCE_DMB_ST;
		else
			f = LT_FENCE_DMB_FULL;
		lt_sem_fence(s, f);
		return 0;
	}
	case LT_A64_ISB:
		lt_sem_fence(s, LT_FENCE_ISB);
		return 0;
	case LT_A64_MOV:
		lt_sem_mov(s, o0->width, dst(o0), src(o1));
		return 0;
	case LT_A64_ADD: case LT_A64_SUB: case LT_A64_EOR:
	case LT_A64_AND: case LT_A64_ORR: {
		static const enum lt_alu ops[LT_A64_NR_OPS] = {
			[LT_A64_ADD] = LT_ALU_ADD, [LT_A64_SUB] = LT_ALU_SUB,
			[LT_A64_EOR] = LT_ALU_XOR, [LT_A64_AND] = LT_ALU_AND,
			[LT_A64_ORR] = LT_ALU_OR,
		};
		struct lt_sem_arg b = operand2(s, in, 2, o0->width);

		if (b.kind == LT_SA_NONE)
			return lt_sem_unsupported(t, in, err, "this shift or extend");
		/* Plain ADD/SUB/logical: NZCV untouched (no S suffix). */
		lt_sem_alu(s, o0->width, ops[op], dst(o0), src(o1), b);
		return 0;
	}
	case LT_A64_CMP: {
		struct lt_sem_arg b = operand2(s, in, 1, o0->width);

		if (b.kind == LT_SA_NONE)
			return lt_sem_unsupported(t, in, err, "this shift or extend");
		u = lt_sem_add(s, LT_UOP_CMP, o0->width);
		u->a = src(o0);
		u->b = b;
		return 0;
	}
	case LT_A64_CSEL: case LT_A64_CSINC: case LT_A64_CSINV:
	case LT_A64_CSNEG: {
		/*
		 * Rd = cond ? Rn : f(Rm).  herd's CSEL reads the flags into a
		 * choice whose outcome controls (iico_ctrl) the register
		 * read and write: the flags give a pick dependency only, the
		 * selected register a data dependency.
		 */
		unsigned rw = o0->width;
		enum lt_cc cc, inv;
		struct lt_sem_arg m = src(&in->ops[2]);

		if (cond_find(in->ops[3].name, &cc, &inv) < 0) {
			lt_sem_mov(s, rw, dst(o0), src(o1));
			return 0;
		}
		if (op == LT_A64_CSINC) {
			lt_sem_alu(s, rw, LT_ALU_ADD, lt_arg_tmp(1), m, lt_arg_imm(1));
			m = lt_arg_tmp(1);
		} else if (op == LT_A64_CSINV) {
			lt_sem_alu(s, rw, LT_ALU_XOR, lt_arg_tmp(1), m, lt_arg_imm(-1));
			m = lt_arg_tmp(1);
		} else if (op == LT_A64_CSNEG) {
			lt_sem_alu(s, rw, LT_ALU_SUB, lt_arg_tmp(1), lt_arg_imm(0), m);
			m = lt_arg_tmp(1);
		}
		u = lt_sem_mov(s, rw, lt_arg_tmp(0), src(o1));
		u->cc = cc;
		u->pick_cc = true;
		u = lt_sem_mov(s, rw, lt_arg_tmp(0), m);
		u->cc = inv;
		u->pick_cc = true;
		lt_sem_mov(s, rw, dst(o0), lt_arg_tmp(0));
		return 0;
	}
	case LT_A64_B:
		lt_sem_add(s, LT_UOP_BRANCH, 0)->label = o0->name;
		return 0;
	case LT_A64_BCOND: {
		enum lt_cc cc, inv;

		u = lt_sem_add(s, LT_UOP_BRANCH, 0);
		u->label = o0->name;
		if (cond_find(o1->name, &cc, &inv) == 0)
			u->cc = cc;
		return 0;
	}
	case LT_A64_CBZ: case LT_A64_CBNZ:
		u = lt_sem_add(s, LT_UOP_BRANCH, o0->width);
		u->label = o1->name;
		u->a = src(o0);
		u->cc = op == LT_A64_CBZ ? LT_CC_EQ : LT_CC_NE;
		return 0;
	default:
		break;
	}

	/* The atomics: CAS, SWP, LD<op>, ST<op> and their variants. */
	if (IN_FAMILY(op, CAS)) {
		lower_cas(s, in);
		return 0;
	}
	{
		const struct lt_operand *rs = o0, *rt, *mem;
		unsigned ord = order_of(op);
		bool stop = in->nops == 2;
		enum lt_alu a = LT_ALU_ADD;
		bool swp = false, clr = false;
		bool noret;

		rt = stop ? NULL : o1;
		mem = &in->ops[in->nops - 1];
		noret = !rt || rt->reg == LT_A64_ZR;
		if (IN_FAMILY(op, SWP))
			swp = true;
		else if (IN_FAMILY(op, LDADD) || IN_STFAMILY(op, STADD))
			a = LT_ALU_ADD;
		else if (IN_FAMILY(op, LDEOR) || IN_STFAMILY(op, STEOR))
			a = LT_ALU_XOR;
		else if (IN_FAMILY(op, LDSET) || IN_STFAMILY(op, STSET))
			a = LT_ALU_OR;
		else if (IN_FAMILY(op, LDCLR) || IN_STFAMILY(op, STCLR))
			clr = true;
		else
			return lt_sem_unsupported(t, in, err, "unknown opcode");
		/*
		 * herd's swp_or_amo (event.ml): the read feeds the register
		 * (data) and, for LD<op>, the value written; Rs feeds the
		 * write (data).
		 */
		load(s, in, lt_arg_tmp(0), 64, mem, read_ann(ord, noret));
		if (swp) {
			store(s, in, mem, src(rs), write_ann(ord));
		} else {
			struct lt_sem_arg b = src(rs);

			if (clr) {
				/* LDCLR: old AND NOT Rs. */
				lt_sem_alu(s, w, LT_ALU_XOR, lt_arg_tmp(2), b, lt_arg_imm(-1));
				b = lt_arg_tmp(2);
				a = LT_ALU_AND;
			}
			lt_sem_alu(s, w, a, lt_arg_tmp(1), lt_arg_tmp(0), b);
			store(s, in, mem, lt_arg_tmp(1), write_ann(ord));
		}
		if (rt)
			old_value(s, w, rt->width, dst(rt));
		return 0;
	}
}
