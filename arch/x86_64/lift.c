/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences on x86-64: GCC's and clang's AT&T assembly lifted into
 * the project's X86_64 herd syntax, and the C11 mapping it is classified
 * against (src/fences/lift.h).
 *
 * Mapping: loads MOV; stores MOV, seq_cst XCHG or MOV;MFENCE; RMWs LOCK'd
 * (or XCHG); fences nothing but seq_cst MFENCE.  A locked RMW on the stack
 * (lock orq $0,(%rsp)) is MFENCE: the same in x86-TSO.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"

static const char *const x86_r64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const x86_r32[16] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const x86_r16[16] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const x86_r8[16] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};

/* rsp is 4, rbp 5; "%eax" is rax at width 32. */
static int x86_regno(const char *s, int *width)
{
	int w;

	if (!width)
		width = &w;
	if (*s == '%')
		s++;
	for (int k = 0; k < 16; k++) {
		if (fx_is(s, x86_r64[k]))
			return *width = 64, k;
		if (fx_is(s, x86_r32[k]))
			return *width = 32, k;
		if (fx_is(s, x86_r16[k]))
			return *width = 16, k;
		if (fx_is(s, x86_r8[k]))
			return *width = 8, k;
	}
	return -1;
}

static void x86_regname(int k, int width, char *buf, size_t len)
{
	snprintf(buf, len, "%%%s", (width == 64 ? x86_r64 : width == 32 ? x86_r32 :
				    width == 16 ? x86_r16 : x86_r8)[k]);
}

static void x86_obsname(int k, char *buf, size_t len)
{
	snprintf(buf, len, "%s", x86_r64[k]);
}

static char x86_sfx(int width)
{
	return width == 64 ? 'q' : width == 32 ? 'l' : width == 16 ? 'w' : 'b';
}

static void x86_store_private(struct fx_lstate *s, int r, int width, const char *loc)
{
	char a[16];

	x86_regname(r, width, a, sizeof(a));
	fx_line(s, "mov%c %s,(%s)", x86_sfx(width), a, loc);
}

static void x86_move(struct fx_lstate *s, int dst, int src, int width)
{
	char a[16], b[16];

	x86_regname(dst, width, a, sizeof(a));
	x86_regname(src, width, b, sizeof(b));
	fx_line(s, "mov%c %s,%s", x86_sfx(width), b, a);
}

/* "disp(%base)" or "(%base)": base register and displacement. */
static bool x86_mem(const char *op, int *base, long *disp)
{
	const char *p = strchr(op, '(');
	char r[16];
	size_t n;

	if (!p || op[0] == '%' || op[0] == '$')
		return false;
	*disp = p == op ? 0 : strtol(op, NULL, 0);
	n = strcspn(p + 1, ",)");
	if (n >= sizeof(r) || p[1 + n] != ')')
		return false;
	memcpy(r, p + 1, n);
	r[n] = '\0';
	*base = x86_regno(r, NULL);
	return *base >= 0;
}

static int x86_width(char c)
{
	return c == 'q' ? 64 : c == 'l' ? 32 : c == 'w' ? 16 : c == 'b' ? 8 : 0;
}

#define BOOL_REG xs[0]		/* 1 + a register sete/setne set, while it holds 0/1 */

static bool x86_insn(struct fx_lstate *s, char *mn, char **ops, int n, const char *orig)
{
	bool lock = false;
	char m[32], a[64];
	int base, key, loc, w, r;
	long disp;

	if (fx_is(mn, "lock")) {
		char *sp = ops[0];

		/* "lock cmpxchgl %r8d, (%rdi)": the prefix was split off as the mnemonic. */
		lock = true;
		mn = sp;
		sp += strcspn(sp, " \t");
		if (*sp)
			*sp++ = '\0';
		while (isspace((unsigned char)*sp))
			sp++;
		ops[0] = sp;
		n = fx_split_ops(ops[0], ops);
	}
	snprintf(m, sizeof(m), "%s", mn);
	/* A register set by sete/setne holds 0 or 1 until written again. */
	if (n >= 1 && s->BOOL_REG && x86_regno(ops[n - 1], NULL) == s->BOOL_REG - 1 &&
	    strncmp(m, "test", 4) && strncmp(m, "cmp", 3))
		s->BOOL_REG = 0;
	if (!strncmp(m, "test", 4) && n == 2 && fx_is(ops[0], "$1") && s->BOOL_REG &&
	    (r = x86_regno(ops[1], &w)) == s->BOOL_REG - 1) {
		/* The low bit of a 0/1 register: zero exactly when the register is. */
		fx_line(s, "cmp%c $0,%s", x86_sfx(w), ops[1]);
		return true;
	}
	if (fx_is(m, "ret") || fx_is(m, "retq") || fx_is(m, "nop") || fx_is(m, "endbr64") ||
	    strncmp(m, "nop", 3) == 0 || fx_is(m, "cltq") || fx_is(m, "cdqe"))
		return true;
	if (fx_is(m, "pushq") || fx_is(m, "popq")) {
		s->sp_off += fx_is(m, "pushq") ? -8 : 8;
		return true;
	}
	if (fx_is(m, "leave") || fx_is(m, "leaveq"))
		return true;
	if ((fx_is(m, "movq") || fx_is(m, "mov")) && n == 2 && x86_regno(ops[0], NULL) == 4 &&
	    x86_regno(ops[1], NULL) == 5) {
		s->fp_set = true;
		s->fp_off = s->sp_off;
		return true;
	}
	if ((fx_is(m, "subq") || fx_is(m, "addq")) && n == 2 && x86_regno(ops[1], NULL) == 4) {
		s->sp_off += (fx_is(m, "subq") ? -1 : 1) * (int)fx_imm(ops[0]);
		return true;
	}
	if (fx_is(m, "mfence")) {
		fx_line(s, "mfence");
		fx_event(s, FX_F, -1, FX_FULL, orig);
		return true;
	}
	if ((fx_is(m, "leaq") || fx_is(m, "lea") || fx_is(m, "leal")) && n == 2 &&
	    x86_mem(ops[0], &base, &disp)) {
		char b[16];

		r = x86_regno(ops[1], &w);
		if (r < 0)
			return fx_fail(s, "%s", orig);
		if (fx_frame_key(s, base, disp, 4, 5, &key)) {
			s->av[r] = FX_AV_SLOTADDR;
			s->avval[r] = key;
			return true;
		}
		if (fx_loc_of(s, base) >= 0)
			return fx_fail(s, "address arithmetic on a location: %s", orig);
		/* Arithmetic on a value (leal 1(%rax),%edx): a move and an add. */
		x86_regname(r, w, a, sizeof(a));
		x86_regname(base, w, b, sizeof(b));
		if (r != base)
			fx_line(s, "mov%c %s,%s", x86_sfx(w), b, a);
		if (disp)
			fx_line(s, "add%c $%ld,%s", x86_sfx(w), disp, a);
		fx_av_clear(s, r);
		return true;
	}
	/* test %r,%r sets ZF and SF as cmp $0,%r does (CF and OF are cleared by both). */
	if (!strncmp(m, "test", 4) && n == 2 && fx_is(ops[0], ops[1]) &&
	    (r = x86_regno(ops[0], &w)) >= 0) {
		fx_line(s, "cmp%c $0,%s", x86_sfx(w), ops[0]);
		return true;
	}
	/* sete/setne: a byte from the flags, with branches (the parser has setnb only). */
	if ((fx_is(m, "sete") || fx_is(m, "setne")) && n == 1 && (r = x86_regno(ops[0], &w)) >= 0 &&
	    w == 8) {
		char no[16], end[16];

		fx_new_label(s, no, sizeof(no));
		fx_new_label(s, end, sizeof(end));
		fx_line(s, "%s %s", fx_is(m, "sete") ? "jne" : "je", no);
		fx_line(s, "movb $1,%s", ops[0]);
		fx_line(s, "jmp %s", end);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", no);
		fx_line(s, "movb $0,%s", ops[0]);
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", end);
		fx_av_clear(s, r);
		s->BOOL_REG = r + 1;
		return true;
	}
	/* Sign and zero extensions of small non-negative values: moves. */
	if ((fx_is(m, "movslq") || fx_is(m, "movzbl") || fx_is(m, "movsbl") || fx_is(m, "movzwl") ||
	     fx_is(m, "movswl")) && n == 2 && ops[0][0] == '%') {
		int w2, r2 = x86_regno(ops[1], &w2);
		char b[16];

		r = x86_regno(ops[0], &w);
		if (r < 0 || r2 < 0)
			return fx_fail(s, "%s", orig);
		x86_regname(r2, w, b, sizeof(b));
		x86_regname(r, w, a, sizeof(a));
		fx_line(s, "mov%c %s,%s", w == 64 ? 'q' : w == 32 ? 'l' : w == 16 ? 'w' : 'b', a, b);
		fx_av_clear(s, r2);
		return true;
	}
	/* A locked RMW on the stack (lock orq $0,(%rsp)): a full fence in x86-TSO. */
	if (lock && n == 2 && x86_mem(ops[1], &base, &disp) &&
	    fx_frame_key(s, base, disp, 4, 5, &key)) {
		fx_line(s, "mfence");
		fx_event(s, FX_F, -1, FX_FULL, orig);
		return true;
	}
	{
		static const char *const known[] = {
			"mov", "xchg", "cmpxchg", "xadd", "add", "sub", "xor", "or", "and", "cmp",
			"inc", "dec", NULL,
		};
		size_t len = strlen(m);
		int k, mi = -1, other;
		char b[64];

		for (k = 0; known[k]; k++)
			if (!strncmp(m, known[k], strlen(known[k])) &&
			    (len == strlen(known[k]) || (len == strlen(known[k]) + 1 && x86_width(m[len - 1]))))
				break;
		if (known[k] && n >= 1 && n <= 2) {
			w = len > strlen(known[k]) ? x86_width(m[len - 1]) : 0;
			for (int o = 0; o < n; o++)
				if (x86_mem(ops[o], &base, &disp))
					mi = o;
			if (mi < 0) {
				/* Registers and immediates only. */
				fx_line(s, "%s%s%s%s%s", m, n ? " " : "", n ? ops[0] : "",
				     n == 2 ? "," : "", n == 2 ? ops[1] : "");
				if ((r = x86_regno(ops[n - 1], NULL)) >= 0) {
					if (fx_is(known[k], "mov") && n == 2)
						fx_av_copy(s, r, x86_regno(ops[0], NULL));
					else if (!fx_is(known[k], "cmp"))
						fx_av_clear(s, r);
				}
				if (fx_is(known[k], "xchg") && n == 2)
					fx_av_clear(s, x86_regno(ops[0], NULL));
				return true;
			}
			x86_mem(ops[mi], &base, &disp);
			other = n == 2 ? 1 - mi : -1;
			if (fx_frame_key(s, base, disp, 4, 5, &key)) {
				int sr;

				if (lock || fx_is(known[k], "xchg") || fx_is(known[k], "cmpxchg") ||
				    fx_is(known[k], "xadd"))
					return fx_fail(s, "atomic on a stack slot: %s", orig);
				if (!w)
					w = other >= 0 ? (x86_regno(ops[other], &w), w) : 32;
				if ((sr = fx_slot(s, key)) < 0)
					return fx_fail(s, "%s", "too many stack slots to promote to registers");
				x86_regname(sr, w, a, sizeof(a));
				snprintf(b, sizeof(b), "%s", other >= 0 ? ops[other] : "");
				if (fx_is(known[k], "mov")) {
					if (mi == 1) {
						fx_line(s, "%s %s,%s", m, b, a);
						fx_av_copy(s, sr, x86_regno(b, NULL));
					} else {
						fx_line(s, "%s %s,%s", m, a, b);
						fx_av_copy(s, x86_regno(b, NULL), sr);
					}
				} else if (n == 1) {
					fx_line(s, "%s %s", m, a);
					fx_av_clear(s, sr);
				} else {
					fx_line(s, "%s %s,%s", m, mi == 0 ? a : b, mi == 0 ? b : a);
					fx_av_clear(s, mi == 1 ? sr : x86_regno(b, NULL));
				}
				return true;
			}
			if ((loc = fx_loc_of(s, base)) < 0)
				return fx_fail(s, "access through a register that holds no location: %s", orig);
			if (disp)
				return fx_fail(s, "offset access to a location: %s", orig);
			fx_line(s, "%s%s %s%s%s", lock ? "lock " : "", m, ops[0], n == 2 ? "," : "",
			     n == 2 ? ops[1] : "");
			if (lock || fx_is(known[k], "xchg"))
				fx_event(s, FX_RMW, loc, FX_ACQ | FX_REL | FX_SC, orig);
			else if (fx_is(known[k], "mov"))
				fx_event(s, mi == 0 ? FX_R : FX_W, loc, 0, orig);
			else
				return fx_fail(s, "non-atomic read-modify-write of a location: %s", orig);
			if (other >= 0 && (mi == 0 || !fx_is(known[k], "mov")))
				fx_av_clear(s, x86_regno(ops[other], NULL));
			if (fx_is(known[k], "cmpxchg"))
				fx_av_clear(s, 0);
			return true;
		}
	}
	if (m[0] == 'j') {
		fx_line(s, "%s %s", m, ops[0]);
		return true;
	}
	return fx_fail(s, "instruction '%s' not lifted", orig);
}
static int x86_table(enum fx_kind k, enum fx_order o, struct fx_alt *out)
{
	int n = 0;

	if (k == FX_R)
		out[n++] = (struct fx_alt){ 0, 0, 0, "mov" };
	else if (k == FX_W && o == FX_O_SC)
		out[n++] = (struct fx_alt){ 0, FX_ACQ | FX_REL | FX_SC, 0, "xchg" },
		out[n++] = (struct fx_alt){ 0, 0, FX_FULL, "mov; mfence" };
	else if (k == FX_W)
		out[n++] = (struct fx_alt){ 0, 0, 0, "mov" };
	else if (k == FX_RMW)
		out[n++] = (struct fx_alt){ 0, FX_ACQ | FX_REL | FX_SC, 0, "lock-prefixed RMW" };
	else if (o == FX_O_SC)
		out[n++] = (struct fx_alt){ FX_FULL, 0, 0, "mfence" };
	else
		out[n++] = (struct fx_alt){ 0, 0, 0, "(nothing)" };
	return n;
}

/* Slots and observed locals: callee-saved first, then caller-saved. */
static const int x86_pool[] = { 15, 14, 13, 12, 3, 11, 10, 9, 8 };
static const int x86_args[] = { 7, 6, 2, 1, 8, 9 };
static const int x86_reserved[] = { 4, 5 };

/* triplet: arch/arches.def */
#define LT_ARCH_SELF_x86_64 1
#include "../arch-self.h"

const struct fx_arch fx_arch_x86_64 = {
	LT_ARCH_SELF_FX
	LT_ARCH_FX_HOOKS(x86)
	.comment = "#",
	.nop = "nop",
	.jump = "jmp",
	.sc_access_is_fence = true,
	.obs_width = 64,
	.store_private = x86_store_private,
};
