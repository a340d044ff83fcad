/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences on AArch64: GCC's and clang's assembly lifted into the
 * project's AArch64 herd syntax, and the C11 mapping it is classified
 * against (src/fences/lift.h).
 *
 * Mapping: LDR / LDAR (acquire also LDAPR) / STR / STLR; RMWs LDXR/STXR
 * loops with A/L per order, or LSE CAS/SWP/LD<op> with the same suffixes;
 * fences DMB ISHLD for acquire, DMB ISH otherwise.  GCC's out-of-line
 * atomics (bl __aarch64_swp4_acq_rel) are the LSE instruction their name
 * describes.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/lift.h"

/* x0..x30; sp is 31 and the zero register 32. */
static int a64_regno(const char *s, int *width)
{
	int w;
	char *end;
	long n;

	if (!width)
		width = &w;
	*width = 64;
	if (fx_is(s, "sp") || fx_is(s, "wsp"))
		return 31;
	if (fx_is(s, "xzr") || fx_is(s, "wzr"))
		return *width = s[0] == 'w' ? 32 : 64, 32;
	if ((s[0] != 'w' && s[0] != 'x') || !isdigit((unsigned char)s[1]))
		return -1;
	n = strtol(s + 1, &end, 10);
	if (*end || n > 30)
		return -1;
	*width = s[0] == 'w' ? 32 : 64;
	return (int)n;
}

static void a64_regname(int k, int width, char *buf, size_t len)
{
	snprintf(buf, len, k == 32 ? "%cZR" : "%c%d", width == 64 ? 'X' : 'W', k);
}

static void a64_obsname(int k, char *buf, size_t len)
{
	snprintf(buf, len, "X%d", k);
}

static void a64_move(struct fx_lstate *s, int dst, int src, int width)
{
	char a[16], b[16];

	a64_regname(dst, width, a, sizeof(a));
	a64_regname(src, width, b, sizeof(b));
	if (src == 32)
		fx_line(s, "MOV %s,#0", a);
	else
		fx_line(s, "MOV %s,%s", a, b);
}

static void upper(const char *in, char *out, size_t len)
{
	size_t k;

	for (k = 0; in[k] && k + 1 < len; k++)
		out[k] = (char)toupper((unsigned char)in[k]);
	out[k] = '\0';
}

/* "[x1, 8]" / "[sp, -64]!" / "[sp]" into base and displacement; post-index separately. */
static bool a64_mem(const char *op, int *base, long *disp, bool *wb)
{
	char tmp[64], *c;

	*wb = false;
	*disp = 0;
	if (op[0] != '[')
		return false;
	snprintf(tmp, sizeof(tmp), "%s", op + 1);
	if ((c = strchr(tmp, ']')) == NULL)
		return false;
	*wb = c[1] == '!';
	*c = '\0';
	if ((c = strchr(tmp, ',')) != NULL) {
		*c = '\0';
		*disp = fx_imm(c + 1 + strspn(c + 1, " "));
	}
	*base = a64_regno(tmp, NULL);
	return *base >= 0;
}

static unsigned a64_bits(const char *sfx)
{
	unsigned b = 0;

	if (strchr(sfx, 'a'))
		b |= FX_ACQ;
	if (strchr(sfx, 'l'))
		b |= FX_REL;
	/* AArch64's acquire and release accesses are RCsc. */
	if (b)
		b |= FX_SC;
	return b;
}

static unsigned a64_dmb(const char *opt)
{
	if (fx_is(opt, "ishld") || fx_is(opt, "ld") || fx_is(opt, "oshld"))
		return FX_RR | FX_RW;
	if (fx_is(opt, "ishst") || fx_is(opt, "st") || fx_is(opt, "oshst"))
		return FX_WW;
	return FX_FULL;
}

static const char *const a64_rmw_ops[] = {
	"cas", "swp", "ldadd", "ldclr", "ldeor", "ldset", "stadd", "stclr", "steor", "stset", NULL,
};

/* "swpal" -> op index and order suffix (size suffix b/h dropped into *sz). */
static int a64_rmw(const char *mn, char *sfx, char *sz)
{
	for (int k = 0; a64_rmw_ops[k]; k++) {
		size_t n = strlen(a64_rmw_ops[k]);
		const char *r = mn + n;

		if (strncmp(mn, a64_rmw_ops[k], n))
			continue;
		*sz = '\0';
		if (fx_is(r, "") || fx_is(r, "a") || fx_is(r, "l") || fx_is(r, "al") ||
		    fx_is(r, "b") || fx_is(r, "h") || fx_is(r, "ab") || fx_is(r, "lb") || fx_is(r, "alb") ||
		    fx_is(r, "ah") || fx_is(r, "lh") || fx_is(r, "alh")) {
			size_t m = strlen(r);

			if (m && (r[m - 1] == 'b' || r[m - 1] == 'h')) {
				*sz = r[m - 1];
				m--;
			}
			memcpy(sfx, r, m);
			sfx[m] = '\0';
			return k;
		}
	}
	return -1;
}

/* bl __aarch64_swp4_acq_rel: the LSE instruction the helper stands for. */
static bool a64_outline(struct fx_lstate *s, const char *fn)
{
	static const char *const ords[][2] = {
		{ "_relax", "" }, { "_acq_rel", "al" }, { "_acq", "a" }, { "_rel", "l" },
	};
	char op[16], text[96];
	const char *p = fn + strlen("__aarch64_"), *o = NULL;
	int size, n = 0, loc;
	char w;

	while (isalpha((unsigned char)p[n]) && n < 15)
		n++;
	memcpy(op, p, (size_t)n);
	op[n] = '\0';
	size = atoi(p + n);
	for (size_t k = 0; k < 4 && !o; k++) {
		const char *q = strchr(p, '_');

		if (q && fx_is(q, ords[k][0]))
			o = ords[k][1];
	}
	if (!o || (size != 1 && size != 2 && size != 4 && size != 8) ||
	    (!fx_is(op, "cas") && !fx_is(op, "swp") && !fx_is(op, "ldadd") && !fx_is(op, "ldclr") &&
	     !fx_is(op, "ldeor") && !fx_is(op, "ldset")))
		return fx_fail(s, "out-of-line atomic %s", fn);
	w = size == 8 ? 'X' : 'W';
	{
		const char *szs = size == 1 ? "B" : size == 2 ? "H" : "";
		char uo[8];

		upper(o, uo, sizeof(uo));
		upper(op, op, sizeof(op));
		if (fx_is(op, "CAS")) {
			loc = fx_loc_of(s, 2);
			fx_line(s, "%s%s%s %c0,%c1,[X2]", op, uo, szs, w, w);
		} else {
			loc = fx_loc_of(s, 1);
			fx_line(s, "%s%s%s %c0,%c0,[X1]", op, uo, szs, w, w);
		}
	}
	if (loc < 0)
		return fx_fail(s, "%s: pointer argument not a location", fn);
	snprintf(text, sizeof(text), "bl %s", fn);
	fx_event(s, FX_RMW, loc, a64_bits(o), text);
	fx_av_clear(s, 0);
	return true;
}

static bool a64_cond(const char *c)
{
	static const char *const conds[] = {
		"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc",
		"hi", "ls", "ge", "lt", "gt", "le", NULL,
	};

	for (int k = 0; conds[k]; k++)
		if (fx_is(c, conds[k]))
			return true;
	return false;
}

static bool a64_insn(struct fx_lstate *s, char *mn, char **ops, int n, const char *orig)
{
	char u[32], a[64], b[64], sfx[8], sz;
	int r, base, w, k;
	long disp;
	bool wb;

	/* "bne" is the assembler's alias of "b.ne". */
	if (mn[0] == 'b' && strlen(mn) == 3 && a64_cond(mn + 1)) {
		memmove(mn + 2, mn + 1, 3);
		mn[1] = '.';
	}
	upper(mn, u, sizeof(u));
	if (fx_is(mn, "ret") || fx_is(mn, "nop") || strncmp(mn, "hint", 4) == 0 ||
	    fx_is(mn, "paciasp") || fx_is(mn, "autiasp") || fx_is(mn, "bti"))
		return true;
	if (fx_is(mn, "bl"))
		return strncmp(ops[0], "__aarch64_", 10) == 0 ? a64_outline(s, ops[0]) :
		       fx_fail(s, "call to %s", ops[0]);
	if (fx_is(mn, "dmb") || fx_is(mn, "dsb")) {
		fx_line(s, "%s %s", u, ops[0]);
		fx_event(s, FX_F, -1, a64_dmb(ops[0]), orig);
		return true;
	}
	if (fx_is(mn, "isb")) {
		fx_line(s, "ISB");
		fx_event(s, FX_F, -1, 0, orig);
		return true;
	}
	/* Stack pointer arithmetic and frame set-up. */
	if ((fx_is(mn, "sub") || fx_is(mn, "add")) && n == 3 && a64_regno(ops[1], NULL) == 31) {
		r = a64_regno(ops[0], NULL);
		if (r == 31) {
			s->sp_off += (fx_is(mn, "sub") ? -1 : 1) * (int)fx_imm(ops[2]);
			return true;
		}
		s->av[r] = FX_AV_SLOTADDR;
		s->avval[r] = s->sp_off + (fx_is(mn, "sub") ? -1 : 1) * (int)fx_imm(ops[2]);
		return true;
	}
	if (fx_is(mn, "mov") && n == 2 && a64_regno(ops[1], NULL) == 31) {
		r = a64_regno(ops[0], NULL);
		if (r == 29) {
			s->fp_set = true;
			s->fp_off = s->sp_off;
		} else if (r >= 0) {
			s->av[r] = FX_AV_SLOTADDR;
			s->avval[r] = s->sp_off;
		}
		return true;
	}
	if (fx_is(mn, "stp") || fx_is(mn, "ldp")) {
		int r1 = a64_regno(ops[0], &w), r2 = a64_regno(ops[1], NULL);
		int key;

		if (!a64_mem(ops[2], &base, &disp, &wb) || r1 < 0 || r2 < 0)
			return fx_fail(s, "%s", orig);
		if (base == 31 && wb)
			s->sp_off += (int)disp, disp = 0;
		if (!fx_frame_key(s, base, disp, 31, 29, &key))
			return fx_fail(s, "paired access to shared memory: %s", orig);
		if (!fx_slot_move(s, key, r1, w, fx_is(mn, "stp")) ||
		    !fx_slot_move(s, key + w / 8, r2, w, fx_is(mn, "stp")))
			return false;
		if (n == 4 && base == 31)
			s->sp_off += (int)fx_imm(ops[3]);
		return true;
	}
	/* Unscaled offsets (stur, ldur): the same access for this purpose. */
	if (!strncmp(mn, "stur", 4) || !strncmp(mn, "ldur", 4)) {
		memmove(mn + 2, mn + 3, strlen(mn + 3) + 1);
		upper(mn, u, sizeof(u));
	}
	if (fx_is(mn, "ldr") || fx_is(mn, "ldrb") || fx_is(mn, "ldrh") || fx_is(mn, "ldrsw") ||
	    fx_is(mn, "str") || fx_is(mn, "strb") || fx_is(mn, "strh") || fx_is(mn, "ldar") ||
	    fx_is(mn, "ldarb") || fx_is(mn, "ldarh") || fx_is(mn, "ldapr") || fx_is(mn, "stlr") ||
	    fx_is(mn, "stlrb") || fx_is(mn, "stlrh") || fx_is(mn, "ldxr") || fx_is(mn, "ldaxr")) {
		bool store = mn[0] == 's';
		int key, loc;
		unsigned bits;

		r = a64_regno(ops[0], &w);
		if (r < 0 || !a64_mem(ops[1], &base, &disp, &wb))
			return fx_fail(s, "%s", orig);
		if (base == 31 && wb)
			s->sp_off += (int)disp, disp = 0;
		if (fx_frame_key(s, base, disp, 31, 29, &key)) {
			if (!fx_slot_move(s, key, r, w, store))
				return false;
			if (n == 3 && base == 31)
				s->sp_off += (int)fx_imm(ops[2]);
			return true;
		}
		if ((loc = fx_loc_of(s, base)) < 0)
			return fx_fail(s, "access through a register that holds no location: %s", orig);
		if (disp || wb || n > 2)
			return fx_fail(s, "offset access to a location: %s", orig);
		a64_regname(r, w, a, sizeof(a));
		a64_regname(base, 64, b, sizeof(b));
		if (fx_is(mn, "ldrsw"))
			snprintf(u, sizeof(u), "LDR"), a64_regname(r, 32, a, sizeof(a));
		fx_line(s, "%s %s,[%s]", u, a, b);
		bits = strncmp(mn, "ldar", 4) == 0 || strncmp(mn, "stlr", 4) == 0 ||
		       fx_is(mn, "ldaxr") ? a64_bits(mn[1] == 'd' ? "a" : "l") : 0;
		if (strncmp(mn, "ldapr", 5) == 0)
			bits = FX_ACQ;
		fx_event(s, store ? FX_W : FX_R, loc, bits | (mn[2] == 'x' || mn[3] == 'x' ? FX_EXCL : 0), orig);
		if (!store)
			fx_av_clear(s, r);
		return true;
	}
	if (fx_is(mn, "stxr") || fx_is(mn, "stlxr") || fx_is(mn, "stxrb") || fx_is(mn, "stlxrb") ||
	    fx_is(mn, "stxrh") || fx_is(mn, "stlxrh")) {
		int st = a64_regno(ops[0], NULL), loc;

		r = a64_regno(ops[1], &w);
		if (st < 0 || r < 0 || !a64_mem(ops[2], &base, &disp, &wb) || disp || wb ||
		    (loc = fx_loc_of(s, base)) < 0)
			return fx_fail(s, "%s", orig);
		a64_regname(st, 32, a, sizeof(a));
		a64_regname(r, w, b, sizeof(b));
		fx_line(s, "%s %s,%s,[X%d]", u, a, b, base);
		fx_event(s, FX_W, loc, (mn[2] == 'l' ? FX_REL | FX_SC : 0) | FX_EXCL, orig);
		fx_av_clear(s, st);
		return true;
	}
	if ((k = a64_rmw(mn, sfx, &sz)) >= 0) {
		int loc, rs = a64_regno(ops[0], &w);
		bool noret = mn[0] == 's' && mn[1] == 't';	/* st<op>, not swp */
		int rt = noret ? -1 : a64_regno(ops[1], NULL);

		if (!a64_mem(ops[noret ? 1 : 2], &base, &disp, &wb) || disp || wb ||
		    (loc = fx_loc_of(s, base)) < 0 || rs < 0)
			return fx_fail(s, "%s", orig);
		a64_regname(rs, w, a, sizeof(a));
		if (noret) {
			fx_line(s, "%s %s,[X%d]", u, a, base);
		} else {
			a64_regname(rt, w, b, sizeof(b));
			fx_line(s, "%s %s,%s,[X%d]", u, a, b, base);
			fx_av_clear(s, fx_is(a64_rmw_ops[k], "cas") ? rs : rt);
		}
		fx_event(s, FX_RMW, loc, a64_bits(sfx), orig);
		return true;
	}
	if (fx_is(mn, "fmov") && n == 2) {
		/* A value parked in a SIMD register across a call: a slot of its own. */
		bool to_fp = !(a64_regno(ops[1], &w) < 0);
		int key = 100000 + atoi((to_fp ? ops[0] : ops[1]) + 1);

		r = a64_regno(to_fp ? ops[1] : ops[0], &w);
		if (r < 0)
			return fx_fail(s, "%s", orig);
		return fx_slot_move(s, key, r, w, to_fp);
	}
	if (fx_is(mn, "mov") || fx_is(mn, "sxtw") || fx_is(mn, "uxtw") || fx_is(mn, "movz")) {
		r = a64_regno(ops[0], &w);
		if (r < 0 || n != 2)
			return fx_fail(s, "%s", orig);
		a64_regname(r, w, a, sizeof(a));
		k = a64_regno(ops[1], &w);
		if (k >= 0) {
			a64_regname(k, fx_is(mn, "mov") ? w : 32, b, sizeof(b));
			if (!fx_is(mn, "mov"))
				a64_regname(r, 32, a, sizeof(a));
			fx_line(s, "MOV %s,%s", a, b);
			fx_av_copy(s, r, k);
		} else {
			fx_line(s, "MOV %s,#%ld", a, fx_imm(ops[1]));
			fx_av_clear(s, r);
		}
		return true;
	}
	if (fx_is(mn, "cset") && n == 2) {
		/* cset Rd, cc is csinc Rd, zr, zr, !cc */
		static const char *const inv[][2] = {
			{ "eq", "ne" }, { "ne", "eq" }, { "lt", "ge" }, { "ge", "lt" },
			{ "gt", "le" }, { "le", "gt" }, { "hi", "ls" }, { "ls", "hi" },
			{ "cs", "cc" }, { "cc", "cs" }, { "hs", "lo" }, { "lo", "hs" },
		};
		r = a64_regno(ops[0], &w);
		for (k = 0; k < 12; k++)
			if (fx_is(ops[1], inv[k][0]))
				break;
		if (r < 0 || k == 12)
			return fx_fail(s, "%s", orig);
		a64_regname(r, w, a, sizeof(a));
		upper(inv[k][1], b, sizeof(b));
		fx_line(s, "CSINC %s,%cZR,%cZR,%s", a, a[0], a[0], b);
		fx_av_clear(s, r);
		return true;
	}
	if (fx_is(mn, "subs") && n == 3) {
		/*
		 * The flags of cmp n,m, then the difference (the parser has no
		 * subs; cmp writes no register and sub no flag, so d may be n).
		 */
		char cmp[] = "cmp", sub[] = "sub";
		char *cops[2] = { ops[1], ops[2] };

		return a64_insn(s, cmp, cops, 2, orig) && a64_insn(s, sub, ops, 3, orig);
	}
	if (fx_is(mn, "add") || fx_is(mn, "sub") || fx_is(mn, "eor") || fx_is(mn, "and") ||
	    fx_is(mn, "orr") || fx_is(mn, "cmp") || fx_is(mn, "csel") || fx_is(mn, "csinc") ||
	    fx_is(mn, "b") || strncmp(mn, "b.", 2) == 0 || fx_is(mn, "cbz") || fx_is(mn, "cbnz") ||
	    fx_is(mn, "subs") || fx_is(mn, "adds") || fx_is(mn, "cmn")) {
		struct lt_buf l = LT_BUF_INIT;

		if (fx_is(mn, "cmn") || fx_is(mn, "subs") || fx_is(mn, "adds"))
			return fx_fail(s, "%s", orig);
		lt_buf_puts(&l, u);
		for (k = 0; k < n; k++) {
			int rr = a64_regno(ops[k], &w);

			lt_buf_puts(&l, k ? "," : " ");
			if (rr >= 0) {
				a64_regname(rr, w, a, sizeof(a));
				lt_buf_puts(&l, a);
			} else if (isdigit((unsigned char)ops[k][0]) || ops[k][0] == '-') {
				lt_buf_printf(&l, "#%s", ops[k]);
			} else if (ops[k][0] == '#') {
				lt_buf_puts(&l, ops[k]);
			} else if (fx_is(mn, "csel") || fx_is(mn, "csinc")) {
				upper(ops[k], a, sizeof(a));
				lt_buf_puts(&l, a);
			} else {
				lt_buf_puts(&l, ops[k]);	/* a label */
			}
		}
		fx_line(s, "%s", l.s);
		lt_buf_free(&l);
		if (n && (r = a64_regno(ops[0], NULL)) >= 0 && !fx_is(mn, "cmp") &&
		    !fx_is(mn, "cbz") && !fx_is(mn, "cbnz"))
			fx_av_clear(s, r);
		return true;
	}
	return fx_fail(s, "instruction '%s' not lifted", orig);
}
static int a64_table(enum fx_kind k, enum fx_order o, struct fx_alt *out)
{
	int n = 0;

#define A(pre_, bits_, post_, text_) (out[n++] = (struct fx_alt){ pre_, bits_, post_, text_ })
	if (k == FX_R)
		o == FX_O_SC ? A(0, FX_ACQ | FX_SC, 0, "ldar") :
		o == FX_O_ACQ ? (A(0, FX_ACQ | FX_SC, 0, "ldar"), A(0, FX_ACQ, 0, "ldapr")) :
		A(0, 0, 0, "ldr");
	else if (k == FX_W)
		o == FX_O_SC || o == FX_O_REL ? A(0, FX_REL | FX_SC, 0, "stlr") : A(0, 0, 0, "str");
	else if (k == FX_RMW)
		o == FX_O_SC || o == FX_O_AR ? A(0, FX_ACQ | FX_REL | FX_SC, 0, "ldaxr;stlxr | <op>al") :
		o == FX_O_ACQ ? A(0, FX_ACQ | FX_SC, 0, "ldaxr;stxr | <op>a") :
		o == FX_O_REL ? A(0, FX_REL | FX_SC, 0, "ldxr;stlxr | <op>l") :
		A(0, 0, 0, "ldxr;stxr | <op>");
	else
		o == FX_O_ACQ ? A(FX_RR | FX_RW, 0, 0, "dmb ishld") :
		o == FX_O_RLX || o == FX_O_NA ? A(0, 0, 0, "(nothing)") : A(FX_FULL, 0, 0, "dmb ish");
#undef A
	return n;
}

/* x9..x28 from the top (x18 is the platform register). */
static const int a64_pool[] = {
	28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 17, 16, 15, 14, 13, 12, 11, 10, 9,
};
static const int a64_args[] = { 0, 1, 2, 3, 4, 5 };
static const int a64_reserved[] = { 29, 30, 31 };

/* triplet: arch/arches.def */
#define LT_ARCH_SELF_aarch64 1
#include "../arch-self.h"

const struct fx_arch fx_arch_aarch64 = {
	LT_ARCH_SELF_FX
	LT_ARCH_FX_HOOKS(a64)
	.comment = "//",
	.hash_lines = true,
	.nop = "NOP",
	.jump = "B",
};
