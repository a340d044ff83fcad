/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences on POWER (ppc64le): GCC's and clang's assembly lifted
 * into the project's PPC herd syntax, and the C11 mapping it is classified
 * against (src/fences/lift.h).
 *
 * Mapping (leading sync): seq_cst accesses after SYNC; acquire loads
 * followed by a compare-branch-ISYNC (or LWSYNC); release after LWSYNC;
 * RMWs larx/stcx loops between the same fences; fences LWSYNC, seq_cst
 * SYNC.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"
#include "util/macros.h"

/* Operands are bare numbers ("3"), or "r3" with -mregnames. */
static int ppc_regno(const char *s, int *width)
{
	char *end;
	long n;

	if (width)
		*width = 64;
	if (s[0] == 'r' && isdigit((unsigned char)s[1]))
		s++;
	if (!isdigit((unsigned char)s[0]))
		return -1;
	n = strtol(s, &end, 10);
	return *end || n > 31 ? -1 : (int)n;
}

static void ppc_regname(int k, int width, char *buf, size_t len)
{
	(void)width;
	snprintf(buf, len, "r%d", k);
}

static void ppc_move(struct fx_lstate *s, int dst, int src, int width)
{
	(void)width;
	fx_line(s, "mr r%d,r%d", dst, src);
}

static void ppc_obsname(int k, char *buf, size_t len)
{
	snprintf(buf, len, "r%d", k);
}

/* "d(rA)" */
static bool ppc_mem(const char *op, long *disp, int *base)
{
	const char *p = strchr(op, '(');

	if (!p)
		return false;
	*disp = strtol(op, NULL, 0);
	*base = atoi(p + 1);
	return true;
}

/* The barriers, lifted as themselves. */
static const char *const ppc_fences[] = { "sync", "hwsync", "lwsync", "isync" };

static unsigned ppc_fence(const char *mn)
{
	/* isync after the compare-branch of a load: that load before all later accesses. */
	return fx_is(mn, "lwsync") ? FX_RR | FX_RW | FX_WW : fx_is(mn, "isync") ? FX_RR | FX_RW : FX_FULL;
}

/* s->xs[]: what the last instructions were, for an RMW loop's isync. */
#define LARX_REG xs[0]		/* 1 + the register the last lwarx loaded */
#define LOOP xs[1]		/* 1: a stcx. just now; 2: then a branch on its result */
#define CRBIT xs[2]		/* 1 + the register mfcr just set to cr0's EQ bit */

static bool ppc_insn(struct fx_lstate *s, char *mn, char **ops, int n, const char *orig)
{
	int r, base, key, loc, loop = s->LOOP, crbit = s->CRBIT;
	long disp;
	size_t len = strlen(mn);

	s->LOOP = 0;
	s->CRBIT = 0;
	if (mn[len - 1] == '-' || mn[len - 1] == '+')
		mn[--len] = '\0';
	if (fx_is(mn, "nop"))
		return true;
	if (fx_is(mn, "blr")) {
		fx_return(s);
		return true;
	}
	/* Conditional returns: a branch to the function's end. */
	if ((fx_is(mn, "bnelr") || fx_is(mn, "beqlr")) && (n == 0 || atoi(ops[0]) == 0)) {
		fx_line(s, "%.3s %s", mn, fx_ret_label(s));
		return true;
	}
	if (fx_is(mn, "isync") && loop == 2 && s->LARX_REG) {
		char lab[16];

		/*
		 * An acquire RMW: larx; stcx.; bne loop; isync.  The stcx.
		 * cannot succeed, and the branch on its result cannot resolve,
		 * before the larx has read (Power ISA Book II's import
		 * barrier), so the isync orders the larx before what follows.
		 * herd's ppc.cat derives ctrl from register dataflow only and
		 * sees no dependency from the larx to that branch; the
		 * compare of the loaded register with itself spells out the
		 * one the architecture gives.
		 */
		fx_new_label(s, lab, sizeof(lab));
		fx_line(s, "cmpw r%d,r%d", s->LARX_REG - 1, s->LARX_REG - 1);
		fx_line(s, "bne %s", lab);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", lab);
	}
	/*
	 * -O0's compare-exchange result: mfcr r,128 (cr0 into r) then
	 * rlwinm r,r,3,1 (its EQ bit).  Lifted as the EQ bit by a branch: the
	 * parser has neither instruction.
	 */
	if (fx_is(mn, "mfcr") && n == 2 && atoi(ops[1]) == 128) {
		char eq[16];

		r = atoi(ops[0]);
		fx_new_label(s, eq, sizeof(eq));
		fx_line(s, "li r%d,1", r);
		fx_line(s, "beq %s", eq);
		fx_line(s, "li r%d,0", r);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", eq);
		fx_av_clear(s, r);
		s->CRBIT = r + 1;
		return true;
	}
	if (fx_is(mn, "rlwinm") && n == 4 && crbit && atoi(ops[0]) == crbit - 1 &&
	    atoi(ops[1]) == crbit - 1 && atoi(ops[2]) == 3 && atoi(ops[3]) == 1)
		return true;	/* already the bit */
	for (size_t f = 0; f < ARRAY_SIZE(ppc_fences); f++)
		if (fx_is(mn, ppc_fences[f])) {
			fx_line(s, "%s", ppc_fences[f]);
			fx_event(s, FX_F, -1, ppc_fence(mn), orig);
			return true;
		}
	if (fx_is(mn, "stdu") && n == 2 && ppc_mem(ops[1], &disp, &base) && base == 1) {
		s->sp_off += (int)disp;
		return true;
	}
	if (fx_is(mn, "addi") && n == 3 && atoi(ops[1]) == 1) {
		r = atoi(ops[0]);
		if (r == 1) {
			s->sp_off += (int)fx_imm(ops[2]);
			return true;
		}
		s->av[r] = FX_AV_SLOTADDR;
		s->avval[r] = s->sp_off + (int)fx_imm(ops[2]);
		return true;
	}
	/* The address of a frame slot from the frame pointer r31 (-O0's &expected). */
	if (fx_is(mn, "addi") && n == 3 && fx_frame_key(s, atoi(ops[1]), fx_imm(ops[2]), 1, 31, &key)) {
		r = atoi(ops[0]);
		s->av[r] = FX_AV_SLOTADDR;
		s->avval[r] = key;
		return true;
	}
	if (fx_is(mn, "mr") && n == 2 && atoi(ops[1]) == 1) {
		if (atoi(ops[0]) == 31) {
			s->fp_set = true;
			s->fp_off = s->sp_off;
			return true;
		}
		return fx_fail(s, "%s", orig);
	}
	if (fx_is(mn, "lwz") || fx_is(mn, "lbz") || fx_is(mn, "lhz") || fx_is(mn, "ld") || fx_is(mn, "lwa") ||
	    fx_is(mn, "stw") || fx_is(mn, "stb") || fx_is(mn, "sth") || fx_is(mn, "std")) {
		bool store = mn[0] == 's';
		int w = mn[1] == 'd' || mn[2] == 'd' ? 64 : 32;

		r = atoi(ops[0]);
		if (n != 2 || !ppc_mem(ops[1], &disp, &base))
			return fx_fail(s, "%s", orig);
		if (fx_frame_key(s, base, disp, 1, 31, &key))
			return fx_slot_move(s, key, r, w, store);
		if ((loc = fx_loc_of(s, base)) < 0)
			return fx_fail(s, "access through a register that holds no location: %s", orig);
		if (disp)
			return fx_fail(s, "offset access to a location: %s", orig);
		fx_line(s, "%s r%d,0(r%d)", fx_is(mn, "lwa") ? "lwz" : mn, r, base);
		fx_event(s, store ? FX_W : FX_R, loc, 0, orig);
		if (!store)
			fx_av_clear(s, r);
		return true;
	}
	if (fx_is(mn, "lwarx") || fx_is(mn, "ldarx") || fx_is(mn, "stwcx.") || fx_is(mn, "stdcx.")) {
		int ra = atoi(ops[1]), rb = atoi(ops[2]);

		if (n < 3 || ra != 0 || (loc = fx_loc_of(s, rb)) < 0)
			return fx_fail(s, "%s", orig);
		r = atoi(ops[0]);
		/* herd reads rA = r0 of an indexed form as 0, and wants it as a register. */
		fx_line(s, "%s r%d,r0,r%d", mn, r, rb);
		fx_event(s, mn[0] == 'l' ? FX_R : FX_W, loc, FX_EXCL, orig);
		if (mn[0] == 'l') {
			fx_av_clear(s, r);
			s->LARX_REG = r + 1;
		} else {
			s->LOOP = 1;
		}
		return true;
	}
	if (fx_is(mn, "li") && n == 2) {
		r = atoi(ops[0]);
		fx_line(s, "li r%d,%ld", r, fx_imm(ops[1]));
		fx_av_clear(s, r);
		return true;
	}
	if ((fx_is(mn, "mr") || fx_is(mn, "extsw") || fx_is(mn, "extsb") || fx_is(mn, "extsh")) && n == 2) {
		r = atoi(ops[0]);
		fx_line(s, "mr r%d,r%d", r, atoi(ops[1]));
		fx_av_copy(s, r, atoi(ops[1]));
		return true;
	}
	if ((fx_is(mn, "cmpw") || fx_is(mn, "cmpd") || fx_is(mn, "cmpwi") || fx_is(mn, "cmpdi") ||
	     fx_is(mn, "cmplw") || fx_is(mn, "cmpld")) && (n == 2 || n == 3)) {
		char **o = n == 3 ? ops + 1 : ops;

		/*
		 * Unsigned compares as signed ones: the same for the small
		 * non-negative values of litmus tests (the parser has no cmpl).
		 */
		if (mn[3] == 'l')
			memmove(mn + 3, mn + 4, strlen(mn + 4) + 1), len--;
		if (mn[len - 1] == 'i')
			fx_line(s, "%s r%d,%ld", mn, atoi(o[0]), fx_imm(o[1]));
		else
			fx_line(s, "%s r%d,r%d", mn, atoi(o[0]), atoi(o[1]));
		return true;
	}
	if (mn[0] == 'b' && (fx_is(mn, "b") || fx_is(mn, "beq") || fx_is(mn, "bne") || fx_is(mn, "blt") ||
			     fx_is(mn, "bgt") || fx_is(mn, "ble") || fx_is(mn, "bge"))) {
		const char *t = ops[n - 1];

		if (fx_is(t, "$+4") || fx_is(t, ".+4")) {
			/* The branch to the next instruction of an acquire (ctrl + isync). */
			int k = s->nlabels++;

			fx_line(s, "%s LN%d", mn, k);
			snprintf(s->pending_label, sizeof(s->pending_label), "LN%d", k);
			return true;
		}
		fx_line(s, "%s %s", mn, t);
		if (loop == 1 && fx_is(mn, "bne"))
			s->LOOP = 2;
		return true;
	}
	if ((fx_is(mn, "add") || fx_is(mn, "subf") || fx_is(mn, "xor") || fx_is(mn, "or") || fx_is(mn, "and") ||
	     fx_is(mn, "sub")) && n == 3) {
		r = atoi(ops[0]);
		fx_line(s, "%s r%d,r%d,r%d", mn, r, atoi(ops[1]), atoi(ops[2]));
		fx_av_clear(s, r);
		return true;
	}
	if ((fx_is(mn, "addi") || fx_is(mn, "xori") || fx_is(mn, "ori") || fx_is(mn, "andi.")) && n == 3) {
		r = atoi(ops[0]);
		fx_line(s, "%s r%d,r%d,%ld", mn, r, atoi(ops[1]), fx_imm(ops[2]));
		fx_av_clear(s, r);
		return true;
	}
	return fx_fail(s, "instruction '%s' not lifted", orig);
}
static int ppc_table(enum fx_kind k, enum fx_order o, struct fx_alt *out)
{
	int n = 0;
	const unsigned ld = FX_RR | FX_RW, lw = FX_RR | FX_RW | FX_WW;

#define A(pre_, bits_, post_, text_) (out[n++] = (struct fx_alt){ pre_, bits_, post_, text_ })
	if (k == FX_R)
		o == FX_O_SC ? A(FX_FULL, 0, ld, "sync; ld; cmp; bc; isync") :
		o == FX_O_ACQ ? (A(0, 0, ld, "ld; cmp; bc; isync"), A(0, 0, lw, "ld; lwsync")) :
		A(0, 0, 0, "ld");
	else if (k == FX_W)
		o == FX_O_SC ? A(FX_FULL, 0, 0, "sync; st") : o == FX_O_REL ? A(lw, 0, 0, "lwsync; st") :
		A(0, 0, 0, "st");
	else if (k == FX_RMW)
		o == FX_O_SC ? A(FX_FULL, 0, ld, "sync; larx/stcx loop; isync") :
		o == FX_O_AR ? A(lw, 0, ld, "lwsync; larx/stcx loop; isync") :
		o == FX_O_ACQ ? A(0, 0, ld, "larx/stcx loop; isync") :
		o == FX_O_REL ? A(lw, 0, 0, "lwsync; larx/stcx loop") :
		A(0, 0, 0, "larx/stcx loop");
	else
		o == FX_O_SC ? A(FX_FULL, 0, 0, "sync") :
		o == FX_O_RLX || o == FX_O_NA ? A(0, 0, 0, "(nothing)") : A(lw, 0, 0, "lwsync");
#undef A
	return n;
}

/* r14..r31 from the top; r0..r13 are volatile, the stack, the TOC and TLS. */
static const int ppc_pool[] = {
	31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14,
};
static const int ppc_args[] = { 3, 4, 5, 6, 7, 8 };
static const int ppc_reserved[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };

/* triplet: arch/arches.def */
#define LT_ARCH_SELF_ppc64le 1
#include "../arch-self.h"

const struct fx_arch fx_arch_ppc64le = {
	LT_ARCH_SELF_FX
	LT_ARCH_FX_HOOKS(ppc)
	.comment = "#",
	.nop = "nop",
	.jump = "b",
};
