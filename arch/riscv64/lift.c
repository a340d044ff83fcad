/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences on RISC-V (riscv64): GCC's and clang's assembly lifted
 * into the project's RISCV herd syntax, and the C11 mapping it is
 * classified against (src/fences/lift.h).
 *
 * Mapping (unprivileged ISA manual, Table A.6): acquire load l;fence r,rw,
 * seq_cst fence rw,rw;l;fence r,rw; release and seq_cst stores fence rw,w;s;
 * RMWs AMO/LR-SC with .aq/.rl/.aqrl, and GCC's fence rw,w before an .aq
 * AMO; fences fence r,rw (acq), fence rw,w (rel), fence.tso (acq_rel),
 * fence rw,rw (seq_cst).  I/O bits of fences are dropped.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"

static const char *const rv_abi[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
	"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
	"s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
	"t3", "t4", "t5", "t6",
};

static int rv_regno(const char *s, int *width)
{
	char *end;
	long n;

	if (width)
		*width = 64;
	for (int k = 0; k < 32; k++)
		if (fx_is(s, rv_abi[k]))
			return k;
	if (fx_is(s, "fp"))
		return 8;
	if (s[0] == 'x' && isdigit((unsigned char)s[1])) {
		n = strtol(s + 1, &end, 10);
		return *end || n > 31 ? -1 : (int)n;
	}
	return -1;
}

static void rv_regname(int k, int width, char *buf, size_t len)
{
	(void)width;
	snprintf(buf, len, "%s", rv_abi[k]);
}

static void rv_obsname(int k, char *buf, size_t len)
{
	snprintf(buf, len, "x%d", k);
}

static void rv_move(struct fx_lstate *s, int dst, int src, int width)
{
	(void)width;
	fx_line(s, "mv %s,%s", rv_abi[dst], rv_abi[src]);
}

/* "off(rs)" or "(rs)" */
static bool rv_mem(const char *op, long *disp, int *base)
{
	const char *p = strchr(op, '(');
	char r[16];
	size_t n;

	if (!p)
		return false;
	*disp = p == op ? 0 : strtol(op, NULL, 0);
	n = strcspn(p + 1, ")");
	if (n >= sizeof(r))
		return false;
	memcpy(r, p + 1, n);
	r[n] = '\0';
	*base = rv_regno(r, NULL);
	return *base >= 0;
}

/* Ordering suffix of an AMO or LR/SC: ".aq", ".rl", ".aqrl" */
static unsigned rv_bits(const char *mn)
{
	unsigned b = 0;

	if (strstr(mn, ".aq"))
		b |= FX_ACQ;
	if (strstr(mn, "rl"))
		b |= FX_REL;
	return b == (FX_ACQ | FX_REL) ? b | FX_SC : b;
}

/* The R/W sets of a fence; I and O (device) bits dropped. */
static unsigned rv_set(const char *s)
{
	return (strchr(s, 'r') ? 1u : 0) | (strchr(s, 'w') ? 2u : 0);
}

static bool rv_insn(struct fx_lstate *s, char *mn, char **ops, int n, const char *orig)
{
	int r, base, key, loc, w;
	long disp;
	char a[16], b[16];

	if (fx_is(mn, "ret") || fx_is(mn, "nop") || (fx_is(mn, "jr") && n == 1 && fx_is(ops[0], "ra")))
		return true;
	if (fx_is(mn, "fence") && n == 2) {
		unsigned p = rv_set(ops[0]), q = rv_set(ops[1]), mask = 0;
		char ps[3] = "", qs[3] = "";

		for (unsigned i = 0; i < 2; i++)
			for (unsigned j = 0; j < 2; j++)
				if (p & (1u << i) && q & (1u << j))
					mask |= 1u << (i << 1 | j);
		if (mask == 0xf)
			mask = FX_FULL;
		snprintf(ps, sizeof(ps), "%s%s", p & 1 ? "r" : "", p & 2 ? "w" : "");
		snprintf(qs, sizeof(qs), "%s%s", q & 1 ? "r" : "", q & 2 ? "w" : "");
		if (!p || !q)
			return true;	/* orders no memory access */
		fx_line(s, "fence %s,%s", ps, qs);
		fx_event(s, FX_F, -1, mask, orig);
		return true;
	}
	if (fx_is(mn, "fence.tso")) {
		fx_line(s, "fence.tso");
		fx_event(s, FX_F, -1, FX_RR | FX_RW | FX_WW, orig);
		return true;
	}
	if (fx_is(mn, "addi") && n == 3 && rv_regno(ops[1], NULL) == 2) {
		r = rv_regno(ops[0], NULL);
		if (r == 2) {
			s->sp_off += (int)fx_imm(ops[2]);
			return true;
		}
		if (r == 8) {
			s->fp_set = true;
			s->fp_off = s->sp_off + (int)fx_imm(ops[2]);
			return true;
		}
		s->av[r] = FX_AV_SLOTADDR;
		s->avval[r] = s->sp_off + (int)fx_imm(ops[2]);
		return true;
	}
	/* The address of a frame slot from the frame pointer (-O0's &expected). */
	if (fx_is(mn, "addi") && n == 3 && (r = rv_regno(ops[0], NULL)) >= 0 &&
	    fx_frame_key(s, rv_regno(ops[1], NULL), fx_imm(ops[2]), 2, 8, &key)) {
		s->av[r] = FX_AV_SLOTADDR;
		s->avval[r] = key;
		return true;
	}
	/* seqz: rd = (rs == 0), with branches (the parser has no set-on-compare). */
	if (fx_is(mn, "seqz") && n == 2 && (r = rv_regno(ops[0], NULL)) >= 0 &&
	    rv_regno(ops[1], NULL) >= 0) {
		char nz[16], end[16];

		fx_new_label(s, nz, sizeof(nz));
		fx_new_label(s, end, sizeof(end));
		fx_line(s, "bne %s,zero,%s", ops[1], nz);
		fx_line(s, "li %s,1", ops[0]);
		fx_line(s, "j %s", end);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", nz);
		fx_line(s, "li %s,0", ops[0]);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", end);
		fx_av_clear(s, r);
		return true;
	}
	if (strchr("ls", mn[0]) && n == 2 && strlen(mn) <= 3 && strchr("bhwd", mn[1]) &&
	    rv_mem(ops[1], &disp, &base)) {
		bool store = mn[0] == 's';

		w = mn[1] == 'd' ? 64 : 32;
		r = rv_regno(ops[0], NULL);
		if (r < 0)
			return fx_fail(s, "%s", orig);
		if (fx_frame_key(s, base, disp, 2, 8, &key))
			return fx_slot_move(s, key, r, w, store);
		if ((loc = fx_loc_of(s, base)) < 0)
			return fx_fail(s, "access through a register that holds no location: %s", orig);
		if (disp)
			return fx_fail(s, "offset access to a location: %s", orig);
		fx_line(s, "%s %s,0(%s)", mn, rv_abi[r], rv_abi[base]);
		fx_event(s, store ? FX_W : FX_R, loc, 0, orig);
		if (!store)
			fx_av_clear(s, r);
		return true;
	}
	if ((!strncmp(mn, "lr.", 3) && n == 2) || (!strncmp(mn, "sc.", 3) && n == 3) ||
	    (!strncmp(mn, "amo", 3) && n == 3)) {
		if (!rv_mem(ops[n - 1], &disp, &base) || disp || (loc = fx_loc_of(s, base)) < 0)
			return fx_fail(s, "%s", orig);
		r = rv_regno(ops[0], NULL);
		if (n == 2)
			fx_line(s, "%s %s,(%s)", mn, rv_abi[r], rv_abi[base]);
		else
			fx_line(s, "%s %s,%s,(%s)", mn, rv_abi[r], ops[1], rv_abi[base]);
		fx_event(s, mn[0] == 'a' ? FX_RMW : mn[0] == 'l' ? FX_R : FX_W, loc,
		      rv_bits(mn) | (mn[0] == 'a' ? 0 : FX_EXCL), orig);
		fx_av_clear(s, r);
		return true;
	}
	if ((fx_is(mn, "mv") || fx_is(mn, "sext.w")) && n == 2) {
		r = rv_regno(ops[0], NULL);
		fx_line(s, "mv %s,%s", ops[0], ops[1]);
		fx_av_copy(s, r, rv_regno(ops[1], NULL));
		return true;
	}
	if (fx_is(mn, "li") && n == 2) {
		fx_line(s, "li %s,%ld", ops[0], fx_imm(ops[1]));
		fx_av_clear(s, rv_regno(ops[0], NULL));
		return true;
	}
	if ((fx_is(mn, "bnez") || fx_is(mn, "beqz")) && n == 2) {
		fx_line(s, "%s %s,zero,%s", fx_is(mn, "bnez") ? "bne" : "beq", ops[0], ops[1]);
		return true;
	}
	if ((fx_is(mn, "beq") || fx_is(mn, "bne") || fx_is(mn, "blt") || fx_is(mn, "bge") ||
	     fx_is(mn, "bltu") || fx_is(mn, "bgeu")) && n == 3) {
		fx_line(s, "%s %s,%s,%s", mn, ops[0], ops[1], ops[2]);
		return true;
	}
	if (fx_is(mn, "j") && n == 1) {
		fx_line(s, "j %s", ops[0]);
		return true;
	}
	if ((fx_is(mn, "add") || fx_is(mn, "sub") || fx_is(mn, "xor") || fx_is(mn, "and") || fx_is(mn, "or") ||
	     fx_is(mn, "addw") || fx_is(mn, "subw")) && n == 3) {
		snprintf(a, sizeof(a), "%.*s", (int)strcspn(mn, "w"), mn);
		fx_line(s, "%s %s,%s,%s", a, ops[0], ops[1], ops[2]);
		fx_av_clear(s, rv_regno(ops[0], NULL));
		return true;
	}
	if ((fx_is(mn, "addi") || fx_is(mn, "addiw") || fx_is(mn, "xori") || fx_is(mn, "andi") ||
	     fx_is(mn, "ori")) && n == 3) {
		snprintf(b, sizeof(b), "%s", fx_is(mn, "addiw") ? "addi" : mn);
		fx_line(s, "%s %s,%s,%ld", b, ops[0], ops[1], fx_imm(ops[2]));
		fx_av_clear(s, rv_regno(ops[0], NULL));
		return true;
	}
	return fx_fail(s, "instruction '%s' not lifted", orig);
}
static int rv_table(enum fx_kind k, enum fx_order o, struct fx_alt *out)
{
	int n = 0;
	const unsigned ld = FX_RR | FX_RW, st = FX_RW | FX_WW, tso = FX_RR | FX_RW | FX_WW;

#define A(pre_, bits_, post_, text_) (out[n++] = (struct fx_alt){ pre_, bits_, post_, text_ })
	if (k == FX_R)
		o == FX_O_SC ? A(FX_FULL, 0, ld, "fence rw,rw; l; fence r,rw") :
		o == FX_O_ACQ ? A(0, 0, ld, "l; fence r,rw") : A(0, 0, 0, "l");
	else if (k == FX_W)
		o == FX_O_SC || o == FX_O_REL ? A(st, 0, 0, "fence rw,w; s") : A(0, 0, 0, "s");
	else if (k == FX_RMW)
		/* GCC's alternative: fence rw,w before an .aq AMO / LR-SC. */
		/* Table A.6's LR/SC loops: lr.aq; sc.rl (acq_rel), lr.aqrl; sc.rl (seq_cst). */
		o == FX_O_SC ? (A(0, FX_ACQ | FX_REL | FX_SC, 0, "amo<op>.aqrl | lr.aqrl; sc.rl"),
				A(st, FX_ACQ, 0, "fence rw,w; amo<op>.aq")) :
		o == FX_O_AR ? (A(0, FX_ACQ | FX_REL | FX_SC, 0, "amo<op>.aqrl"),
				A(st, FX_ACQ, 0, "fence rw,w; amo<op>.aq"),
				A(0, FX_ACQ | FX_REL, 0, "lr.aq; sc.rl")) :
		o == FX_O_ACQ ? A(0, FX_ACQ, 0, "amo<op>.aq") :
		o == FX_O_REL ? (A(0, FX_REL, 0, "amo<op>.rl"), A(st, 0, 0, "fence rw,w; amo<op>")) :
		A(0, 0, 0, "amo<op>");
	else
		o == FX_O_ACQ ? A(ld, 0, 0, "fence r,rw") : o == FX_O_REL ? A(st, 0, 0, "fence rw,w") :
		o == FX_O_AR ? A(tso, 0, 0, "fence.tso") : o == FX_O_SC ? A(FX_FULL, 0, 0, "fence rw,rw") :
		A(0, 0, 0, "(nothing)");
#undef A
	return n;
}

/* s11..s2, s1, then t6..t0: never the stack, zero, gp, tp, or ra. */
static const int rv_pool[] = { 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 9, 31, 30, 29, 28, 7, 6, 5 };
static const int rv_args[] = { 10, 11, 12, 13, 14, 15 };
static const int rv_reserved[] = { 0, 1, 2, 3, 4 };

/* triplet: arch/arches.def */
#define LT_ARCH_SELF_riscv64 1
#include "../arch-self.h"

const struct fx_arch fx_arch_riscv64 = {
	LT_ARCH_SELF_FX
	LT_ARCH_FX_HOOKS(rv)
	.comment = "#",
	.nop = "nop",
	.jump = "j",
};
