/* SPDX-License-Identifier: MIT */
/*
 * Lifting compiled C threads back into an asm litmus test.
 *
 * Input is the compiler's assembly (-S), not objdump: it keeps the
 * compiler's labels and mnemonics, needs no relocation or symbol work, and
 * is one process instead of two.  Each thread function is read line by line
 * and rewritten in the project's herd syntax for the arch:
 *  - the pointer arguments become registers initialised to the locations;
 *  - stack slots (the frame of -O0 code, spills, saved registers) are
 *    promoted to registers of their own: the stack is private to the
 *    thread, so a slot behaves as a register that costs a move;
 *  - GCC's out-of-line atomics on AArch64 (bl __aarch64_swp4_acq_rel...) are
 *    the LSE instruction their name describes;
 *  - the observed locals leave through asm markers ("LT_OBS r0 <reg>",
 *    src/fences/fences.c) and are copied into registers of their own, which
 *    the lifted condition observes.
 * Anything else the project's parser would not take, or that this lifter
 * does not know, makes the test "unsupported" with the instruction named.
 * Alongside, the memory accesses and fences on shared locations are
 * recorded as events (fx_ev) for the classification of src/fences/map.c.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fences/fences.h"
#include "../arch/c/lang.h"

#define NREG 64
#define MAX_SLOTS 48

/* What a register holds, as far as addresses go. */
enum av { AV_NONE, AV_LOC, AV_SLOTADDR };

struct lstate {
	const struct lt_test *src;
	const char *arch;
	struct fx_lthread *t;
	char *why;
	int thread;
	int av[NREG], avval[NREG];
	bool used[NREG];
	int sp_off, fp_off;
	bool fp_set;
	int slot_key[MAX_SLOTS], slot_reg[MAX_SLOTS], nslots;
	int nlabels;
	char pending_label[32];	/* a label for the next emitted line */
	int last_excl;		/* event index of an open exclusive load, or -1 */
};

static bool fail(struct lstate *s, const char *fmt, const char *arg)
{
	if (!s->why[0])
		snprintf(s->why, 256, fmt, arg);
	return false;
}

/* ---- registers ---- */

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
static const char *const rv_abi[32] = {
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
	"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
	"s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
	"t3", "t4", "t5", "t6",
};

static bool is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/*
 * The number of a register as the compiler writes it, and its width in
 * bits; -1 if s is no general register.  AArch64's sp is 31, x86's rsp 4.
 */
static int regno(const char *arch, const char *s, int *width)
{
	int w = 64;

	if (!width)
		width = &w;
	*width = 64;
	if (is(arch, "x86_64")) {
		if (*s == '%')
			s++;
		for (int k = 0; k < 16; k++) {
			if (is(s, x86_r64[k]))
				return *width = 64, k;
			if (is(s, x86_r32[k]))
				return *width = 32, k;
			if (is(s, x86_r16[k]))
				return *width = 16, k;
			if (is(s, x86_r8[k]))
				return *width = 8, k;
		}
		return -1;
	}
	if (is(arch, "aarch64")) {
		char *end;
		long n;

		if (is(s, "sp") || is(s, "wsp"))
			return 31;
		if (is(s, "xzr") || is(s, "wzr"))
			return *width = s[0] == 'w' ? 32 : 64, 32;
		if ((s[0] != 'w' && s[0] != 'x') || !isdigit((unsigned char)s[1]))
			return -1;
		n = strtol(s + 1, &end, 10);
		if (*end || n > 30)
			return -1;
		*width = s[0] == 'w' ? 32 : 64;
		return (int)n;
	}
	if (is(arch, "riscv64")) {
		char *end;
		long n;

		for (int k = 0; k < 32; k++)
			if (is(s, rv_abi[k]))
				return k;
		if (is(s, "fp"))
			return 8;
		if (s[0] == 'x' && isdigit((unsigned char)s[1])) {
			n = strtol(s + 1, &end, 10);
			return *end || n > 31 ? -1 : (int)n;
		}
		return -1;
	}
	/* ppc64le: bare numbers (the caller knows which operands are registers). */
	{
		char *end;
		long n;

		if (s[0] == 'r' && isdigit((unsigned char)s[1]))
			s++;
		if (!isdigit((unsigned char)s[0]))
			return -1;
		n = strtol(s, &end, 10);
		return *end || n > 31 ? -1 : (int)n;
	}
}

/* The herd spelling of register k at width. */
static void regname(const char *arch, int k, int width, char *buf, size_t len)
{
	if (is(arch, "x86_64"))
		snprintf(buf, len, "%%%s", (width == 64 ? x86_r64 : width == 32 ? x86_r32 :
					    width == 16 ? x86_r16 : x86_r8)[k]);
	else if (is(arch, "aarch64"))
		snprintf(buf, len, k == 32 ? "%cZR" : "%c%d", width == 64 ? 'X' : 'W', k);
	else if (is(arch, "riscv64"))
		snprintf(buf, len, "%s", rv_abi[k]);
	else
		snprintf(buf, len, "r%d", k);
}

/* Registers a promoted slot or an observed local may take. */
static int pool_take(struct lstate *s)
{
	static const int x86[] = { 15, 14, 13, 12, 3, 11, 10, 9, 8 };
	static const int rv[] = { 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 9, 31, 30, 29, 28, 7, 6, 5 };
	const int *p;
	int n;

	if (is(s->arch, "x86_64"))
		p = x86, n = sizeof(x86) / sizeof(x86[0]);
	else if (is(s->arch, "riscv64"))
		p = rv, n = sizeof(rv) / sizeof(rv[0]);
	else
		p = NULL, n = 0;
	if (p) {
		for (int k = 0; k < n; k++)
			if (!s->used[p[k]])
				return s->used[p[k]] = true, p[k];
		return -1;
	}
	/* AArch64 x9..x28 (x18 is the platform register); POWER r14..r31. */
	for (int k = is(s->arch, "aarch64") ? 28 : 31; k >= (is(s->arch, "aarch64") ? 9 : 14); k--)
		if (!s->used[k] && k != 18)
			return s->used[k] = true, k;
	return -1;
}

/* ---- output ---- */

static void line(struct lstate *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void line(struct lstate *s, const char *fmt, ...)
{
	va_list ap;

	if (s->pending_label[0]) {
		lt_buf_printf(&s->t->code, "%s: ", s->pending_label);
		s->pending_label[0] = '\0';
	}
	va_start(ap, fmt);
	lt_buf_vprintf(&s->t->code, fmt, ap);
	va_end(ap);
	lt_buf_putc(&s->t->code, '\n');
	s->t->nlines++;
}

static void event(struct lstate *s, enum fx_kind kind, int loc, unsigned mask,
		  const char *text)
{
	struct fx_ev *e;

	/* A store-exclusive completes the exclusive load before it: one RMW. */
	if (kind == FX_W && s->last_excl >= 0 && mask & 0x100u) {
		e = &s->t->ev[s->last_excl];
		e->kind = FX_RMW;
		e->mask |= mask & 0xffu;
		snprintf(e->text + strlen(e->text), sizeof(e->text) - strlen(e->text),
			 "; %s", text);
		s->last_excl = -1;
		return;
	}
	if (s->t->nev == FX_MAX_EV)
		return;
	e = &s->t->ev[s->t->nev++];
	e->kind = kind;
	e->loc = loc;
	e->mask = mask & 0xffu;
	snprintf(e->text, sizeof(e->text), "%s", text);
	if (kind == FX_R && mask & 0x100u)
		s->last_excl = s->t->nev - 1;
}
#define EXCL 0x100u

/* The slot register of frame offset key (created on first use). */
static int slot(struct lstate *s, int key)
{
	for (int k = 0; k < s->nslots; k++)
		if (s->slot_key[k] == key)
			return s->slot_reg[k];
	if (s->nslots == MAX_SLOTS)
		return -1;
	s->slot_key[s->nslots] = key;
	s->slot_reg[s->nslots] = pool_take(s);
	return s->slot_reg[s->nslots++];
}

/* ---- operand splitting ---- */

#define MAXOPS 6
static int split_ops(char *s, char *ops[MAXOPS])
{
	int n = 0, depth = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return 0;
	ops[n++] = s;
	for (; *s; s++) {
		if (*s == '(' || *s == '[')
			depth++;
		else if (*s == ')' || *s == ']')
			depth--;
		else if (*s == ',' && depth == 0 && n < MAXOPS) {
			*s = '\0';
			ops[n++] = s + 1;
		}
	}
	for (int k = 0; k < n; k++) {
		char *e;

		while (isspace((unsigned char)*ops[k]))
			ops[k]++;
		e = ops[k] + strlen(ops[k]);
		while (e > ops[k] && isspace((unsigned char)e[-1]))
			*--e = '\0';
	}
	return n;
}

static long imm(const char *s)
{
	while (*s == '#' || *s == '$')
		s++;
	return strtol(s, NULL, 0);
}

/* The location a pointer register holds, or -1. */
static int loc_of(struct lstate *s, int r)
{
	return r >= 0 && r < NREG && s->av[r] == AV_LOC ? s->avval[r] : -1;
}

static void av_copy(struct lstate *s, int dst, int src)
{
	if (dst < 0 || dst >= NREG)
		return;
	s->av[dst] = src >= 0 && src < NREG ? s->av[src] : AV_NONE;
	s->avval[dst] = src >= 0 && src < NREG ? s->avval[src] : 0;
}

static void av_clear(struct lstate *s, int dst)
{
	if (dst >= 0 && dst < NREG)
		s->av[dst] = AV_NONE;
}

/* Frame key of [base + disp] if base is the stack or frame pointer; else -1 reg. */
static bool frame_key(struct lstate *s, int base, long disp, int spreg, int fpreg, int *key)
{
	if (base == spreg) {
		*key = s->sp_off + (int)disp;
		return true;
	}
	if (fpreg >= 0 && base == fpreg && s->fp_set) {
		*key = s->fp_off + (int)disp;
		return true;
	}
	if (base >= 0 && base < NREG && s->av[base] == AV_SLOTADDR) {
		*key = s->avval[base] + (int)disp;
		return true;
	}
	return false;
}

/* A move between a register and a promoted slot, in the arch's syntax. */
static bool slot_move(struct lstate *s, int key, int r, int width, bool store)
{
	char a[16], b[16];
	int sr = slot(s, key);

	if (sr < 0)
		return fail(s, "%s", "too many stack slots to promote to registers");
	if (r == 32 && is(s->arch, "aarch64") && store) {
		regname(s->arch, sr, width, a, sizeof(a));
		line(s, "MOV %s,#0", a);
		av_clear(s, sr);
		return true;
	}
	regname(s->arch, store ? sr : r, width, a, sizeof(a));
	regname(s->arch, store ? r : sr, width, b, sizeof(b));
	if (is(s->arch, "x86_64"))
		line(s, "mov%c %s,%s", width == 64 ? 'q' : width == 32 ? 'l' : width == 16 ? 'w' : 'b', b, a);
	else if (is(s->arch, "aarch64"))
		line(s, "MOV %s,%s", a, b);
	else if (is(s->arch, "riscv64"))
		line(s, "mv %s,%s", a, b);
	else
		line(s, "mr %s,%s", a, b);
	if (store)
		av_copy(s, sr, r);
	else
		av_copy(s, r, sr);
	return true;
}

/* ---- AArch64 ---- */

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
		*disp = imm(c + 1 + strspn(c + 1, " "));
	}
	*base = regno("aarch64", tmp, NULL);
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
	if (is(opt, "ishld") || is(opt, "ld") || is(opt, "oshld"))
		return FX_RR | FX_RW;
	if (is(opt, "ishst") || is(opt, "st") || is(opt, "oshst"))
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
		if (is(r, "") || is(r, "a") || is(r, "l") || is(r, "al") ||
		    is(r, "b") || is(r, "h") || is(r, "ab") || is(r, "lb") || is(r, "alb") ||
		    is(r, "ah") || is(r, "lh") || is(r, "alh")) {
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
static bool a64_outline(struct lstate *s, const char *fn)
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

		if (q && is(q, ords[k][0]))
			o = ords[k][1];
	}
	if (!o || (size != 1 && size != 2 && size != 4 && size != 8) ||
	    (!is(op, "cas") && !is(op, "swp") && !is(op, "ldadd") && !is(op, "ldclr") &&
	     !is(op, "ldeor") && !is(op, "ldset")))
		return fail(s, "out-of-line atomic %s", fn);
	w = size == 8 ? 'X' : 'W';
	{
		const char *szs = size == 1 ? "B" : size == 2 ? "H" : "";
		char uo[8];

		upper(o, uo, sizeof(uo));
		upper(op, op, sizeof(op));
		if (is(op, "CAS")) {
			loc = loc_of(s, 2);
			line(s, "%s%s%s %c0,%c1,[X2]", op, uo, szs, w, w);
		} else {
			loc = loc_of(s, 1);
			line(s, "%s%s%s %c0,%c0,[X1]", op, uo, szs, w, w);
		}
	}
	if (loc < 0)
		return fail(s, "%s: pointer argument not a location", fn);
	snprintf(text, sizeof(text), "bl %s", fn);
	event(s, FX_RMW, loc, a64_bits(o), text);
	av_clear(s, 0);
	return true;
}

static bool a64_insn(struct lstate *s, char *mn, char **ops, int n, const char *orig)
{
	char u[32], a[64], b[64], sfx[8], sz;
	int r, base, w, k;
	long disp;
	bool wb;

	upper(mn, u, sizeof(u));
	if (is(mn, "ret") || is(mn, "nop") || strncmp(mn, "hint", 4) == 0 ||
	    is(mn, "paciasp") || is(mn, "autiasp") || is(mn, "bti"))
		return true;
	if (is(mn, "bl"))
		return strncmp(ops[0], "__aarch64_", 10) == 0 ? a64_outline(s, ops[0]) :
		       fail(s, "call to %s", ops[0]);
	if (is(mn, "dmb") || is(mn, "dsb")) {
		line(s, "%s %s", u, ops[0]);
		event(s, FX_F, -1, a64_dmb(ops[0]), orig);
		return true;
	}
	if (is(mn, "isb")) {
		line(s, "ISB");
		event(s, FX_F, -1, 0, orig);
		return true;
	}
	/* Stack pointer arithmetic and frame set-up. */
	if ((is(mn, "sub") || is(mn, "add")) && n == 3 && regno("aarch64", ops[1], NULL) == 31) {
		r = regno("aarch64", ops[0], NULL);
		if (r == 31) {
			s->sp_off += (is(mn, "sub") ? -1 : 1) * (int)imm(ops[2]);
			return true;
		}
		s->av[r] = AV_SLOTADDR;
		s->avval[r] = s->sp_off + (is(mn, "sub") ? -1 : 1) * (int)imm(ops[2]);
		return true;
	}
	if (is(mn, "mov") && n == 2 && regno("aarch64", ops[1], NULL) == 31) {
		r = regno("aarch64", ops[0], NULL);
		if (r == 29) {
			s->fp_set = true;
			s->fp_off = s->sp_off;
		} else if (r >= 0) {
			s->av[r] = AV_SLOTADDR;
			s->avval[r] = s->sp_off;
		}
		return true;
	}
	if (is(mn, "stp") || is(mn, "ldp")) {
		int r1 = regno("aarch64", ops[0], &w), r2 = regno("aarch64", ops[1], NULL);
		int key;

		if (!a64_mem(ops[2], &base, &disp, &wb) || r1 < 0 || r2 < 0)
			return fail(s, "%s", orig);
		if (base == 31 && wb)
			s->sp_off += (int)disp, disp = 0;
		if (!frame_key(s, base, disp, 31, 29, &key))
			return fail(s, "paired access to shared memory: %s", orig);
		if (!slot_move(s, key, r1, w, is(mn, "stp")) ||
		    !slot_move(s, key + w / 8, r2, w, is(mn, "stp")))
			return false;
		if (n == 4 && base == 31)
			s->sp_off += (int)imm(ops[3]);
		return true;
	}
	/* Unscaled offsets (stur, ldur): the same access for this purpose. */
	if (!strncmp(mn, "stur", 4) || !strncmp(mn, "ldur", 4)) {
		memmove(mn + 2, mn + 3, strlen(mn + 3) + 1);
		upper(mn, u, sizeof(u));
	}
	if (is(mn, "ldr") || is(mn, "ldrb") || is(mn, "ldrh") || is(mn, "ldrsw") ||
	    is(mn, "str") || is(mn, "strb") || is(mn, "strh") || is(mn, "ldar") ||
	    is(mn, "ldarb") || is(mn, "ldarh") || is(mn, "ldapr") || is(mn, "stlr") ||
	    is(mn, "stlrb") || is(mn, "stlrh") || is(mn, "ldxr") || is(mn, "ldaxr")) {
		bool store = mn[0] == 's';
		int key, loc;
		unsigned bits;

		r = regno("aarch64", ops[0], &w);
		if (r < 0 || !a64_mem(ops[1], &base, &disp, &wb))
			return fail(s, "%s", orig);
		if (base == 31 && wb)
			s->sp_off += (int)disp, disp = 0;
		if (frame_key(s, base, disp, 31, 29, &key)) {
			if (!slot_move(s, key, r, w, store))
				return false;
			if (n == 3 && base == 31)
				s->sp_off += (int)imm(ops[2]);
			return true;
		}
		if ((loc = loc_of(s, base)) < 0)
			return fail(s, "access through a register that holds no location: %s", orig);
		if (disp || wb || n > 2)
			return fail(s, "offset access to a location: %s", orig);
		regname("aarch64", r, w, a, sizeof(a));
		regname("aarch64", base, 64, b, sizeof(b));
		if (is(mn, "ldrsw"))
			snprintf(u, sizeof(u), "LDR"), regname("aarch64", r, 32, a, sizeof(a));
		line(s, "%s %s,[%s]", u, a, b);
		bits = strncmp(mn, "ldar", 4) == 0 || strncmp(mn, "stlr", 4) == 0 ||
		       is(mn, "ldaxr") ? a64_bits(mn[1] == 'd' ? "a" : "l") : 0;
		if (strncmp(mn, "ldapr", 5) == 0)
			bits = FX_ACQ;
		event(s, store ? FX_W : FX_R, loc, bits | (mn[2] == 'x' || mn[3] == 'x' ? EXCL : 0), orig);
		if (!store)
			av_clear(s, r);
		return true;
	}
	if (is(mn, "stxr") || is(mn, "stlxr") || is(mn, "stxrb") || is(mn, "stlxrb") ||
	    is(mn, "stxrh") || is(mn, "stlxrh")) {
		int st = regno("aarch64", ops[0], NULL), loc;

		r = regno("aarch64", ops[1], &w);
		if (st < 0 || r < 0 || !a64_mem(ops[2], &base, &disp, &wb) || disp || wb ||
		    (loc = loc_of(s, base)) < 0)
			return fail(s, "%s", orig);
		regname("aarch64", st, 32, a, sizeof(a));
		regname("aarch64", r, w, b, sizeof(b));
		line(s, "%s %s,%s,[X%d]", u, a, b, base);
		event(s, FX_W, loc, (mn[2] == 'l' ? FX_REL | FX_SC : 0) | EXCL, orig);
		av_clear(s, st);
		return true;
	}
	if ((k = a64_rmw(mn, sfx, &sz)) >= 0) {
		int loc, rs = regno("aarch64", ops[0], &w);
		bool noret = mn[0] == 's';
		int rt = noret ? -1 : regno("aarch64", ops[1], NULL);

		if (!a64_mem(ops[noret ? 1 : 2], &base, &disp, &wb) || disp || wb ||
		    (loc = loc_of(s, base)) < 0 || rs < 0)
			return fail(s, "%s", orig);
		regname("aarch64", rs, w, a, sizeof(a));
		if (noret) {
			line(s, "%s %s,[X%d]", u, a, base);
		} else {
			regname("aarch64", rt, w, b, sizeof(b));
			line(s, "%s %s,%s,[X%d]", u, a, b, base);
			av_clear(s, is(a64_rmw_ops[k], "cas") ? rs : rt);
		}
		event(s, FX_RMW, loc, a64_bits(sfx), orig);
		return true;
	}
	if (is(mn, "fmov") && n == 2) {
		/* A value parked in a SIMD register across a call: a slot of its own. */
		bool to_fp = !(regno("aarch64", ops[1], &w) < 0);
		int key = 100000 + atoi((to_fp ? ops[0] : ops[1]) + 1);

		r = regno("aarch64", to_fp ? ops[1] : ops[0], &w);
		if (r < 0)
			return fail(s, "%s", orig);
		return slot_move(s, key, r, w, to_fp);
	}
	if (is(mn, "mov") || is(mn, "sxtw") || is(mn, "uxtw") || is(mn, "movz")) {
		r = regno("aarch64", ops[0], &w);
		if (r < 0 || n != 2)
			return fail(s, "%s", orig);
		regname("aarch64", r, w, a, sizeof(a));
		k = regno("aarch64", ops[1], &w);
		if (k >= 0) {
			regname("aarch64", k, is(mn, "mov") ? w : 32, b, sizeof(b));
			if (!is(mn, "mov"))
				regname("aarch64", r, 32, a, sizeof(a));
			line(s, "MOV %s,%s", a, b);
			av_copy(s, r, k);
		} else {
			line(s, "MOV %s,#%ld", a, imm(ops[1]));
			av_clear(s, r);
		}
		return true;
	}
	if (is(mn, "cset") && n == 2) {
		/* cset Rd, cc is csinc Rd, zr, zr, !cc */
		static const char *const inv[][2] = {
			{ "eq", "ne" }, { "ne", "eq" }, { "lt", "ge" }, { "ge", "lt" },
			{ "gt", "le" }, { "le", "gt" }, { "hi", "ls" }, { "ls", "hi" },
			{ "cs", "cc" }, { "cc", "cs" }, { "hs", "lo" }, { "lo", "hs" },
		};
		r = regno("aarch64", ops[0], &w);
		for (k = 0; k < 12; k++)
			if (is(ops[1], inv[k][0]))
				break;
		if (r < 0 || k == 12)
			return fail(s, "%s", orig);
		regname("aarch64", r, w, a, sizeof(a));
		upper(inv[k][1], b, sizeof(b));
		line(s, "CSINC %s,%cZR,%cZR,%s", a, a[0], a[0], b);
		av_clear(s, r);
		return true;
	}
	if (is(mn, "add") || is(mn, "sub") || is(mn, "eor") || is(mn, "and") ||
	    is(mn, "orr") || is(mn, "cmp") || is(mn, "csel") || is(mn, "csinc") ||
	    is(mn, "b") || strncmp(mn, "b.", 2) == 0 || is(mn, "cbz") || is(mn, "cbnz") ||
	    is(mn, "subs") || is(mn, "adds") || is(mn, "cmn")) {
		struct lt_buf l = LT_BUF_INIT;

		if (is(mn, "cmn") || is(mn, "subs") || is(mn, "adds"))
			return fail(s, "%s", orig);
		lt_buf_puts(&l, u);
		for (k = 0; k < n; k++) {
			int rr = regno("aarch64", ops[k], &w);

			lt_buf_puts(&l, k ? "," : " ");
			if (rr >= 0) {
				regname("aarch64", rr, w, a, sizeof(a));
				lt_buf_puts(&l, a);
			} else if (isdigit((unsigned char)ops[k][0]) || ops[k][0] == '-') {
				lt_buf_printf(&l, "#%s", ops[k]);
			} else if (ops[k][0] == '#') {
				lt_buf_puts(&l, ops[k]);
			} else if (is(mn, "csel") || is(mn, "csinc")) {
				upper(ops[k], a, sizeof(a));
				lt_buf_puts(&l, a);
			} else {
				lt_buf_puts(&l, ops[k]);	/* a label */
			}
		}
		line(s, "%s", l.s);
		lt_buf_free(&l);
		if (n && (r = regno("aarch64", ops[0], NULL)) >= 0 && !is(mn, "cmp") &&
		    !is(mn, "cbz") && !is(mn, "cbnz"))
			av_clear(s, r);
		return true;
	}
	return fail(s, "instruction '%s' not lifted", orig);
}

/* ---- x86-64 ---- */

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
	*base = regno("x86_64", r, NULL);
	return *base >= 0;
}

static int x86_width(char c)
{
	return c == 'q' ? 64 : c == 'l' ? 32 : c == 'w' ? 16 : c == 'b' ? 8 : 0;
}

static bool x86_insn(struct lstate *s, char *mn, char **ops, int n, const char *orig)
{
	bool lock = false;
	char m[32], a[64];
	int base, key, loc, w, r;
	long disp;

	if (is(mn, "lock")) {
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
		n = split_ops(ops[0], ops);
	}
	snprintf(m, sizeof(m), "%s", mn);
	if (is(m, "ret") || is(m, "retq") || is(m, "nop") || is(m, "endbr64") ||
	    strncmp(m, "nop", 3) == 0 || is(m, "cltq") || is(m, "cdqe"))
		return true;
	if (is(m, "pushq") || is(m, "popq")) {
		s->sp_off += is(m, "pushq") ? -8 : 8;
		return true;
	}
	if (is(m, "leave") || is(m, "leaveq"))
		return true;
	if ((is(m, "movq") || is(m, "mov")) && n == 2 && regno("x86_64", ops[0], NULL) == 4 &&
	    regno("x86_64", ops[1], NULL) == 5) {
		s->fp_set = true;
		s->fp_off = s->sp_off;
		return true;
	}
	if ((is(m, "subq") || is(m, "addq")) && n == 2 && regno("x86_64", ops[1], NULL) == 4) {
		s->sp_off += (is(m, "subq") ? -1 : 1) * (int)imm(ops[0]);
		return true;
	}
	if (is(m, "mfence")) {
		line(s, "mfence");
		event(s, FX_F, -1, FX_FULL, orig);
		return true;
	}
	if ((is(m, "leaq") || is(m, "lea")) && n == 2 && x86_mem(ops[0], &base, &disp)) {
		r = regno("x86_64", ops[1], NULL);
		if (r < 0 || !frame_key(s, base, disp, 4, 5, &key))
			return fail(s, "%s", orig);
		s->av[r] = AV_SLOTADDR;
		s->avval[r] = key;
		return true;
	}
	/* Sign and zero extensions of small non-negative values: moves. */
	if ((is(m, "movslq") || is(m, "movzbl") || is(m, "movsbl") || is(m, "movzwl") ||
	     is(m, "movswl")) && n == 2 && ops[0][0] == '%') {
		int w2, r2 = regno("x86_64", ops[1], &w2);
		char b[16];

		r = regno("x86_64", ops[0], &w);
		if (r < 0 || r2 < 0)
			return fail(s, "%s", orig);
		regname("x86_64", r2, w, b, sizeof(b));
		regname("x86_64", r, w, a, sizeof(a));
		line(s, "mov%c %s,%s", w == 64 ? 'q' : w == 32 ? 'l' : w == 16 ? 'w' : 'b', a, b);
		av_clear(s, r2);
		return true;
	}
	/* A locked RMW on the stack (lock orq $0,(%rsp)): a full fence in x86-TSO. */
	if (lock && n == 2 && x86_mem(ops[1], &base, &disp) &&
	    frame_key(s, base, disp, 4, 5, &key)) {
		line(s, "mfence");
		event(s, FX_F, -1, FX_FULL, orig);
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
				line(s, "%s%s%s%s%s", m, n ? " " : "", n ? ops[0] : "",
				     n == 2 ? "," : "", n == 2 ? ops[1] : "");
				if ((r = regno("x86_64", ops[n - 1], NULL)) >= 0) {
					if (is(known[k], "mov") && n == 2)
						av_copy(s, r, regno("x86_64", ops[0], NULL));
					else if (!is(known[k], "cmp"))
						av_clear(s, r);
				}
				if (is(known[k], "xchg") && n == 2)
					av_clear(s, regno("x86_64", ops[0], NULL));
				return true;
			}
			x86_mem(ops[mi], &base, &disp);
			other = n == 2 ? 1 - mi : -1;
			if (frame_key(s, base, disp, 4, 5, &key)) {
				int sr;

				if (lock || is(known[k], "xchg") || is(known[k], "cmpxchg") ||
				    is(known[k], "xadd"))
					return fail(s, "atomic on a stack slot: %s", orig);
				if (!w)
					w = other >= 0 ? (regno("x86_64", ops[other], &w), w) : 32;
				if ((sr = slot(s, key)) < 0)
					return fail(s, "%s", "too many stack slots to promote to registers");
				regname("x86_64", sr, w, a, sizeof(a));
				snprintf(b, sizeof(b), "%s", other >= 0 ? ops[other] : "");
				if (is(known[k], "mov")) {
					if (mi == 1) {
						line(s, "%s %s,%s", m, b, a);
						av_copy(s, sr, regno("x86_64", b, NULL));
					} else {
						line(s, "%s %s,%s", m, a, b);
						av_copy(s, regno("x86_64", b, NULL), sr);
					}
				} else if (n == 1) {
					line(s, "%s %s", m, a);
					av_clear(s, sr);
				} else {
					line(s, "%s %s,%s", m, mi == 0 ? a : b, mi == 0 ? b : a);
					av_clear(s, mi == 1 ? sr : regno("x86_64", b, NULL));
				}
				return true;
			}
			if ((loc = loc_of(s, base)) < 0)
				return fail(s, "access through a register that holds no location: %s", orig);
			if (disp)
				return fail(s, "offset access to a location: %s", orig);
			line(s, "%s%s %s%s%s", lock ? "lock " : "", m, ops[0], n == 2 ? "," : "",
			     n == 2 ? ops[1] : "");
			if (lock || is(known[k], "xchg"))
				event(s, FX_RMW, loc, FX_ACQ | FX_REL | FX_SC, orig);
			else if (is(known[k], "mov"))
				event(s, mi == 0 ? FX_R : FX_W, loc, 0, orig);
			else
				return fail(s, "non-atomic read-modify-write of a location: %s", orig);
			if (other >= 0 && (mi == 0 || !is(known[k], "mov")))
				av_clear(s, regno("x86_64", ops[other], NULL));
			if (is(known[k], "cmpxchg"))
				av_clear(s, 0);
			return true;
		}
	}
	if (m[0] == 'j') {
		line(s, "%s %s", m, ops[0]);
		return true;
	}
	return fail(s, "instruction '%s' not lifted", orig);
}

/* ---- POWER ---- */

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

static unsigned ppc_fence(const char *mn)
{
	/* isync after the compare-branch of a load: that load before all later accesses. */
	return is(mn, "lwsync") ? FX_RR | FX_RW | FX_WW : is(mn, "isync") ? FX_RR | FX_RW : FX_FULL;
}

static bool ppc_insn(struct lstate *s, char *mn, char **ops, int n, const char *orig)
{
	int r, base, key, loc;
	long disp;
	size_t len = strlen(mn);

	if (mn[len - 1] == '-' || mn[len - 1] == '+')
		mn[--len] = '\0';
	if (is(mn, "blr") || is(mn, "nop"))
		return true;
	if (is(mn, "sync") || is(mn, "hwsync") || is(mn, "lwsync") || is(mn, "isync")) {
		line(s, "%s", mn);
		event(s, FX_F, -1, ppc_fence(mn), orig);
		return true;
	}
	if (is(mn, "stdu") && n == 2 && ppc_mem(ops[1], &disp, &base) && base == 1) {
		s->sp_off += (int)disp;
		return true;
	}
	if (is(mn, "addi") && n == 3 && atoi(ops[1]) == 1) {
		r = atoi(ops[0]);
		if (r == 1) {
			s->sp_off += (int)imm(ops[2]);
			return true;
		}
		s->av[r] = AV_SLOTADDR;
		s->avval[r] = s->sp_off + (int)imm(ops[2]);
		return true;
	}
	if (is(mn, "mr") && n == 2 && atoi(ops[1]) == 1) {
		if (atoi(ops[0]) == 31) {
			s->fp_set = true;
			s->fp_off = s->sp_off;
			return true;
		}
		return fail(s, "%s", orig);
	}
	if (is(mn, "lwz") || is(mn, "lbz") || is(mn, "lhz") || is(mn, "ld") || is(mn, "lwa") ||
	    is(mn, "stw") || is(mn, "stb") || is(mn, "sth") || is(mn, "std")) {
		bool store = mn[0] == 's';
		int w = mn[1] == 'd' || mn[2] == 'd' ? 64 : 32;

		r = atoi(ops[0]);
		if (n != 2 || !ppc_mem(ops[1], &disp, &base))
			return fail(s, "%s", orig);
		if (frame_key(s, base, disp, 1, 31, &key))
			return slot_move(s, key, r, w, store);
		if ((loc = loc_of(s, base)) < 0)
			return fail(s, "access through a register that holds no location: %s", orig);
		if (disp)
			return fail(s, "offset access to a location: %s", orig);
		line(s, "%s r%d,0(r%d)", is(mn, "lwa") ? "lwz" : mn, r, base);
		event(s, store ? FX_W : FX_R, loc, 0, orig);
		if (!store)
			av_clear(s, r);
		return true;
	}
	if (is(mn, "lwarx") || is(mn, "ldarx") || is(mn, "stwcx.") || is(mn, "stdcx.")) {
		int ra = atoi(ops[1]), rb = atoi(ops[2]);

		if (n < 3 || ra != 0 || (loc = loc_of(s, rb)) < 0)
			return fail(s, "%s", orig);
		r = atoi(ops[0]);
		line(s, "%s r%d,0,r%d", mn, r, rb);
		event(s, mn[0] == 'l' ? FX_R : FX_W, loc, EXCL, orig);
		if (mn[0] == 'l')
			av_clear(s, r);
		return true;
	}
	if (is(mn, "li") && n == 2) {
		r = atoi(ops[0]);
		line(s, "li r%d,%ld", r, imm(ops[1]));
		av_clear(s, r);
		return true;
	}
	if ((is(mn, "mr") || is(mn, "extsw") || is(mn, "extsb") || is(mn, "extsh")) && n == 2) {
		r = atoi(ops[0]);
		line(s, "mr r%d,r%d", r, atoi(ops[1]));
		av_copy(s, r, atoi(ops[1]));
		return true;
	}
	if ((is(mn, "cmpw") || is(mn, "cmpd") || is(mn, "cmpwi") || is(mn, "cmpdi") ||
	     is(mn, "cmplw") || is(mn, "cmpld")) && (n == 2 || n == 3)) {
		char **o = n == 3 ? ops + 1 : ops;

		if (mn[3] == 'l')
			return fail(s, "%s", orig);
		if (mn[len - 1] == 'i')
			line(s, "%s r%d,%ld", mn, atoi(o[0]), imm(o[1]));
		else
			line(s, "%s r%d,r%d", mn, atoi(o[0]), atoi(o[1]));
		return true;
	}
	if (mn[0] == 'b' && (is(mn, "b") || is(mn, "beq") || is(mn, "bne") || is(mn, "blt") ||
			     is(mn, "bgt") || is(mn, "ble") || is(mn, "bge"))) {
		const char *t = ops[n - 1];

		if (is(t, "$+4") || is(t, ".+4")) {
			/* The branch to the next instruction of an acquire (ctrl + isync). */
			int k = s->nlabels++;

			line(s, "%s LN%d", mn, k);
			snprintf(s->pending_label, sizeof(s->pending_label), "LN%d", k);
			return true;
		}
		line(s, "%s %s", mn, t);
		return true;
	}
	if ((is(mn, "add") || is(mn, "subf") || is(mn, "xor") || is(mn, "or") || is(mn, "and") ||
	     is(mn, "sub")) && n == 3) {
		r = atoi(ops[0]);
		line(s, "%s r%d,r%d,r%d", mn, r, atoi(ops[1]), atoi(ops[2]));
		av_clear(s, r);
		return true;
	}
	if ((is(mn, "addi") || is(mn, "xori") || is(mn, "ori") || is(mn, "andi.")) && n == 3) {
		r = atoi(ops[0]);
		line(s, "%s r%d,r%d,%ld", mn, r, atoi(ops[1]), imm(ops[2]));
		av_clear(s, r);
		return true;
	}
	return fail(s, "instruction '%s' not lifted", orig);
}

/* ---- RISC-V ---- */

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
	*base = regno("riscv64", r, NULL);
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

static bool rv_insn(struct lstate *s, char *mn, char **ops, int n, const char *orig)
{
	int r, base, key, loc, w;
	long disp;
	char a[16], b[16];

	if (is(mn, "ret") || is(mn, "nop") || (is(mn, "jr") && n == 1 && is(ops[0], "ra")))
		return true;
	if (is(mn, "fence") && n == 2) {
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
		line(s, "fence %s,%s", ps, qs);
		event(s, FX_F, -1, mask, orig);
		return true;
	}
	if (is(mn, "fence.tso")) {
		line(s, "fence.tso");
		event(s, FX_F, -1, FX_RR | FX_RW | FX_WW, orig);
		return true;
	}
	if (is(mn, "addi") && n == 3 && regno("riscv64", ops[1], NULL) == 2) {
		r = regno("riscv64", ops[0], NULL);
		if (r == 2) {
			s->sp_off += (int)imm(ops[2]);
			return true;
		}
		if (r == 8) {
			s->fp_set = true;
			s->fp_off = s->sp_off + (int)imm(ops[2]);
			return true;
		}
		s->av[r] = AV_SLOTADDR;
		s->avval[r] = s->sp_off + (int)imm(ops[2]);
		return true;
	}
	if (strchr("ls", mn[0]) && n == 2 && strlen(mn) <= 3 && strchr("bhwd", mn[1]) &&
	    rv_mem(ops[1], &disp, &base)) {
		bool store = mn[0] == 's';

		w = mn[1] == 'd' ? 64 : 32;
		r = regno("riscv64", ops[0], NULL);
		if (r < 0)
			return fail(s, "%s", orig);
		if (frame_key(s, base, disp, 2, 8, &key))
			return slot_move(s, key, r, w, store);
		if ((loc = loc_of(s, base)) < 0)
			return fail(s, "access through a register that holds no location: %s", orig);
		if (disp)
			return fail(s, "offset access to a location: %s", orig);
		line(s, "%s %s,0(%s)", mn, rv_abi[r], rv_abi[base]);
		event(s, store ? FX_W : FX_R, loc, 0, orig);
		if (!store)
			av_clear(s, r);
		return true;
	}
	if ((!strncmp(mn, "lr.", 3) && n == 2) || (!strncmp(mn, "sc.", 3) && n == 3) ||
	    (!strncmp(mn, "amo", 3) && n == 3)) {
		if (!rv_mem(ops[n - 1], &disp, &base) || disp || (loc = loc_of(s, base)) < 0)
			return fail(s, "%s", orig);
		r = regno("riscv64", ops[0], NULL);
		if (n == 2)
			line(s, "%s %s,(%s)", mn, rv_abi[r], rv_abi[base]);
		else
			line(s, "%s %s,%s,(%s)", mn, rv_abi[r], ops[1], rv_abi[base]);
		event(s, mn[0] == 'a' ? FX_RMW : mn[0] == 'l' ? FX_R : FX_W, loc,
		      rv_bits(mn) | (mn[0] == 'a' ? 0 : EXCL), orig);
		av_clear(s, r);
		return true;
	}
	if ((is(mn, "mv") || is(mn, "sext.w")) && n == 2) {
		r = regno("riscv64", ops[0], NULL);
		line(s, "mv %s,%s", ops[0], ops[1]);
		av_copy(s, r, regno("riscv64", ops[1], NULL));
		return true;
	}
	if (is(mn, "li") && n == 2) {
		line(s, "li %s,%ld", ops[0], imm(ops[1]));
		av_clear(s, regno("riscv64", ops[0], NULL));
		return true;
	}
	if ((is(mn, "bnez") || is(mn, "beqz")) && n == 2) {
		line(s, "%s %s,zero,%s", is(mn, "bnez") ? "bne" : "beq", ops[0], ops[1]);
		return true;
	}
	if ((is(mn, "beq") || is(mn, "bne") || is(mn, "blt") || is(mn, "bge") ||
	     is(mn, "bltu") || is(mn, "bgeu")) && n == 3) {
		line(s, "%s %s,%s,%s", mn, ops[0], ops[1], ops[2]);
		return true;
	}
	if (is(mn, "j") && n == 1) {
		line(s, "j %s", ops[0]);
		return true;
	}
	if ((is(mn, "add") || is(mn, "sub") || is(mn, "xor") || is(mn, "and") || is(mn, "or") ||
	     is(mn, "addw") || is(mn, "subw")) && n == 3) {
		snprintf(a, sizeof(a), "%.*s", (int)strcspn(mn, "w"), mn);
		line(s, "%s %s,%s,%s", a, ops[0], ops[1], ops[2]);
		av_clear(s, regno("riscv64", ops[0], NULL));
		return true;
	}
	if ((is(mn, "addi") || is(mn, "addiw") || is(mn, "xori") || is(mn, "andi") ||
	     is(mn, "ori")) && n == 3) {
		snprintf(b, sizeof(b), "%s", is(mn, "addiw") ? "addi" : mn);
		line(s, "%s %s,%s,%ld", b, ops[0], ops[1], imm(ops[2]));
		av_clear(s, regno("riscv64", ops[0], NULL));
		return true;
	}
	return fail(s, "instruction '%s' not lifted", orig);
}

/* ---- driver ---- */

/* Mark every register the function names, so the pool avoids them. */
static void scan_used(struct lstate *s, const char *body)
{
	const char *p = body;

	while (*p) {
		char tok[32];
		size_t n;

		while (*p && !isalnum((unsigned char)*p) && *p != '%')
			p++;
		n = strspn(p, "%abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0) {
			if (*p)
				p++;
			continue;
		}
		if (n < sizeof(tok)) {
			int r;

			memcpy(tok, p, n);
			tok[n] = '\0';
			r = regno(s->arch, tok, NULL);
			/* POWER operands are bare numbers: any small number may be one. */
			if (r >= 0 && r < NREG)
				s->used[r] = true;
		}
		p += n;
	}
	if (is(s->arch, "riscv64"))
		for (int k = 0; k <= 4; k++)
			s->used[k] = true;
	if (is(s->arch, "ppc64le"))
		for (int k = 0; k <= 13; k++)
			s->used[k] = true;
	if (is(s->arch, "aarch64"))
		s->used[29] = s->used[30] = s->used[31] = true;
	if (is(s->arch, "x86_64"))
		s->used[4] = s->used[5] = true;
}

/* The first argument registers of the C ABI of each arch. */
static int arg_reg(const char *arch, int k)
{
	static const int x86[] = { 7, 6, 2, 1, 8, 9 };

	if (k >= 6)
		return -1;
	if (is(arch, "x86_64"))
		return x86[k];
	if (is(arch, "aarch64"))
		return k;
	if (is(arch, "riscv64"))
		return 10 + k;
	return 3 + k;
}

/* Copy of the function's lines: from "NAME:" to its end. */
static char *function_body(const char *asmtext, const char *name)
{
	size_t n = strlen(name);
	const char *p = asmtext, *start = NULL, *end;

	while (p && *p) {
		if (!strncmp(p, name, n) && p[n] == ':') {
			start = p + n + 1;
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!start)
		return NULL;
	end = start;
	while (*end) {
		const char *l = end + strspn(end, " \t");

		if (!strncmp(l, ".cfi_endproc", 12) || !strncmp(l, ".size", 5) ||
		    !strncmp(l, ".Lfunc_end", 10))
			break;
		end = strchr(end, '\n');
		if (!end)
			end = start + strlen(start);
		else
			end++;
	}
	return strndup(start, (size_t)(end - start));
}

static bool observe(struct lstate *s, const char *name, const char *reg)
{
	int w, r = regno(s->arch, reg, &w), o;
	char a[16], b[16];

	if (is(s->arch, "ppc64le") && r < 0)
		r = atoi(reg);
	if (r < 0 || s->t->nobs == FX_MAX_OBS)
		return fail(s, "observed local in '%s'", reg);
	if ((o = pool_take(s)) < 0)
		return fail(s, "%s", "no free register for an observed local");
	if (!lt_snprintf_ok(s->t->obs[s->t->nobs], sizeof(s->t->obs[0]), "%s", name))
		return fail(s, "observed local name too long: '%s'", name);
	regname(s->arch, o, is(s->arch, "x86_64") ? 64 : w, a, sizeof(a));
	regname(s->arch, r, is(s->arch, "x86_64") ? 64 : w, b, sizeof(b));
	/* The condition names the full register (herd's "rax", "X3"). */
	if (is(s->arch, "x86_64"))
		snprintf(s->t->obsreg[s->t->nobs], 16, "%s", a + 1);
	else if (is(s->arch, "aarch64"))
		snprintf(s->t->obsreg[s->t->nobs], 16, "X%d", o);
	else if (is(s->arch, "riscv64"))
		snprintf(s->t->obsreg[s->t->nobs], 16, "x%d", o);
	else
		snprintf(s->t->obsreg[s->t->nobs], 16, "%s", a);
	s->t->nobs++;
	if (is(s->arch, "x86_64"))
		line(s, "movq %s,%s", b, a);
	else if (is(s->arch, "aarch64"))
		line(s, "MOV %s,%s", a, b);
	else if (is(s->arch, "riscv64"))
		line(s, "mv %s,%s", a, b);
	else
		line(s, "mr %s,%s", a, b);
	return true;
}

/* Local numeric labels ("1:", "1b", "1f") made unique. */
static void local_label(struct lstate *s, char *op, int lineno, int *defs, int ndefs,
			int *ids)
{
	size_t n = strlen(op);
	int num, best = -1;

	if (n < 2 || (op[n - 1] != 'f' && op[n - 1] != 'b') || !isdigit((unsigned char)op[0]))
		return;
	num = atoi(op);
	for (int k = 0; k < ndefs; k++) {
		if (defs[2 * k] != num)
			continue;
		if (op[n - 1] == 'b' && defs[2 * k + 1] <= lineno)
			best = k;
		if (op[n - 1] == 'f' && defs[2 * k + 1] > lineno && best < 0)
			best = k;
	}
	(void)s;
	if (best >= 0)
		sprintf(op, "LL%d", ids[best]);
}

static bool lift_thread(struct lstate *s, const char *body)
{
	char *copy = strdup(body), *save = NULL, *ln;
	int defs[64], ids[64], ndefs = 0, lineno = 0;
	bool ok = true;

	/* First pass: numeric local labels with the line they sit on. */
	for (char *p = copy; *p; p++) {
		if (*p == '\n')
			lineno++;
		if ((p == copy || p[-1] == '\n' || p[-1] == ';' || isspace((unsigned char)p[-1])) &&
		    isdigit((unsigned char)*p)) {
			char *e = p;

			while (isdigit((unsigned char)*e))
				e++;
			if (*e == ':' && ndefs < 32) {
				defs[2 * ndefs] = atoi(p);
				defs[2 * ndefs + 1] = lineno;
				ids[ndefs] = s->nlabels++;
				ndefs++;
			}
		}
	}
	free(copy);
	copy = strdup(body);
	lineno = -1;
	for (ln = strtok_r(copy, "\n", &save); ln && ok; ln = strtok_r(NULL, "\n", &save)) {
		char *stmt, *ssave = NULL, *obs;

		lineno++;
		/* The observed-local markers are comments: read them first. */
		if ((obs = strstr(ln, "LT_OBS ")) != NULL) {
			char name[64], reg[32];

			if (sscanf(obs + 7, "%63s %31s", name, reg) == 2) {
				ok = observe(s, name, reg[0] == '%' ? reg + 1 : reg);
				continue;
			}
		}
		/* Comments: "//" on AArch64, "#" elsewhere (AArch64 writes immediates with '#'). */
		if (is(s->arch, "aarch64") && ln[strspn(ln, " \t")] == '#')
			continue;	/* GCC's #APP / #NO_APP and line markers */
		{
			char *c = is(s->arch, "aarch64") ? strstr(ln, "//") : strchr(ln, '#');

			if (c)
				*c = '\0';
		}
		for (stmt = strtok_r(ln, ";", &ssave); stmt && ok; stmt = strtok_r(NULL, ";", &ssave)) {
			char *p = stmt, *ops[MAXOPS], mn[32], orig[128];
			int n;
			size_t m;

			while (isspace((unsigned char)*p))
				p++;
			/* Labels, possibly several, before an instruction. */
			for (;;) {
				size_t l = strcspn(p, ": \t");

				if (l && p[l] == ':') {
					p[l] = '\0';
					if (isdigit((unsigned char)p[0])) {
						for (int k = ndefs - 1; k >= 0; k--)
							if (defs[2 * k] == atoi(p) && defs[2 * k + 1] == lineno) {
								snprintf(s->pending_label, sizeof(s->pending_label),
									 "LL%d", ids[k]);
								break;
							}
					} else {
						/* Herd labels: letters and digits only. */
						char lab[sizeof(s->pending_label) - 1];	/* room for 'L' */
						size_t o = 0;

						for (char *q = p; *q && o + 1 < sizeof(lab); q++)
							if (isalnum((unsigned char)*q))
								lab[o++] = *q;
						lab[o] = '\0';
						snprintf(s->pending_label, sizeof(s->pending_label), "L%s", lab);
					}
					p += l + 1;
					while (isspace((unsigned char)*p))
						p++;
					continue;
				}
				break;
			}
			if (!*p || *p == '.')
				continue;	/* empty, or a directive */
			m = strcspn(p, " \t");
			if (m >= sizeof(mn)) {
				ok = fail(s, "instruction '%s' not lifted", p);
				break;
			}
			memcpy(mn, p, m);
			mn[m] = '\0';
			snprintf(orig, sizeof(orig), "%s", p);
			{
				char *e = orig + strlen(orig);

				while (e > orig && isspace((unsigned char)e[-1]))
					*--e = '\0';
				for (char *q = orig; *q; q++)
					if (*q == '\t')
						*q = ' ';
			}
			n = is(mn, "lock") ? (ops[0] = p + m + strspn(p + m, " \t"), 1) :
			    split_ops(p + m, ops);
			/* Branch targets: the same label spelling as definitions. */
			if (!is(mn, "lock") && n > 0) {
				char *t = ops[n - 1];

				local_label(s, t, lineno, defs, ndefs, ids);
				if (t[0] == '.' && t[1] == 'L') {
					static char lab[MAXOPS][32];
					size_t o = 1;

					lab[n - 1][0] = 'L';
					for (char *q = t; *q && o + 1 < 32; q++)
						if (isalnum((unsigned char)*q))
							lab[n - 1][o++] = *q;
					lab[n - 1][o] = '\0';
					ops[n - 1] = lab[n - 1];
				}
			}
			if (is(s->arch, "x86_64"))
				ok = x86_insn(s, mn, ops, n, orig);
			else if (is(s->arch, "aarch64"))
				ok = a64_insn(s, mn, ops, n, orig);
			else if (is(s->arch, "riscv64"))
				ok = rv_insn(s, mn, ops, n, orig);
			else
				ok = ppc_insn(s, mn, ops, n, orig);
		}
	}
	/* A label on nothing (the function's last line): give it an instruction. */
	if (ok && s->pending_label[0])
		line(s, "%s", is(s->arch, "x86_64") ? "nop" : is(s->arch, "aarch64") ? "NOP" : "nop");
	free(copy);
	return ok;
}

int fx_lift(const struct lt_test *src, const char *arch, const char *asmtext,
	    struct fx_lifted *out)
{
	memset(out, 0, sizeof(*out));
	out->nth = src->nthreads;
	for (int th = 0; th < src->nthreads; th++) {
		struct fx_lthread *t = &out->th[th];
		struct lstate s;
		struct lt_cparam *par;
		char name[32], *body;
		int np;

		t->code = (struct lt_buf)LT_BUF_INIT;
		t->init = (struct lt_buf)LT_BUF_INIT;
		if (out->why[0])
			continue;
		memset(&s, 0, sizeof(s));
		s.src = src;
		s.arch = arch;
		s.t = t;
		s.why = out->why;
		s.thread = src->threads[th].id;
		s.last_excl = -1;
		snprintf(name, sizeof(name), "lt_c_thread_%d", th);
		if (!(body = function_body(asmtext, name))) {
			snprintf(out->why, sizeof(out->why), "no function %s in the assembly", name);
			continue;
		}
		scan_used(&s, body);
		np = ctest_params_split(src->threads[th].params, &par);
		for (int k = 0; k < np; k++) {
			int r = arg_reg(arch, k), loc = lt_test_find_loc(src, par[k].name);
			char rn[16];

			if (r < 0 || loc < 0 || par[k].stars != 1) {
				snprintf(out->why, sizeof(out->why), "parameter %s", par[k].name);
				break;
			}
			s.av[r] = AV_LOC;
			s.avval[r] = loc;
			s.used[r] = true;
			regname(arch, r, 64, rn, sizeof(rn));
			lt_buf_printf(&t->init, "%d:%s=%s; ", s.thread,
				      rn[0] == '%' ? rn + 1 : rn, par[k].name);
		}
		ctest_params_free(par, np);
		if (!out->why[0])
			lift_thread(&s, body);
		free(body);
	}
	return out->why[0] ? -1 : 0;
}

void fx_lifted_free(struct fx_lifted *l)
{
	for (int k = 0; k < l->nth; k++) {
		lt_buf_free(&l->th[k].code);
		lt_buf_free(&l->th[k].init);
	}
}

static const char *herd_word(const char *arch)
{
	return is(arch, "x86_64") ? "X86_64" : is(arch, "aarch64") ? "AArch64" :
	       is(arch, "riscv64") ? "RISCV" : "PPC";
}

/* The source condition with each observed local renamed to its lifted register. */
static void cond_text(const struct lt_test *src, const struct fx_lifted *l,
		      const struct lt_cond *c, struct lt_buf *out)
{
	char v[64];

	switch (c->op) {
	case LT_C_TRUE:
		lt_buf_puts(out, "true");
		return;
	case LT_C_FALSE:
		lt_buf_puts(out, "false");
		return;
	case LT_C_NOT:
		lt_buf_puts(out, "~(");
		cond_text(src, l, c->l, out);
		lt_buf_putc(out, ')');
		return;
	case LT_C_AND:
	case LT_C_OR:
	case LT_C_IMPLIES:
		lt_buf_putc(out, '(');
		cond_text(src, l, c->l, out);
		lt_buf_puts(out, c->op == LT_C_AND ? " /\\ " : c->op == LT_C_OR ? " \\/ " : " => ");
		cond_text(src, l, c->r, out);
		lt_buf_putc(out, ')');
		return;
	case LT_C_ATOM:
		break;
	}
	if (c->var.is_loc) {
		lt_buf_puts(out, src->locs[c->var.idx].name);
	} else {
		const struct lt_reg *r = &src->regs[c->var.idx];
		const char *lr = "?";

		for (int th = 0; th < src->nthreads; th++)
			if (src->threads[th].id == r->thread)
				for (int k = 0; k < l->th[th].nobs; k++)
					if (is(l->th[th].obs[k], r->name))
						lr = l->th[th].obsreg[k];
		lt_buf_printf(out, "%d:%s", r->thread, lr);
	}
	lt_buf_puts(out, c->neq ? "!=" : "=");
	if (c->val.is_sym)
		lt_buf_puts(out, src->locs[c->val.loc].name);
	else
		lt_buf_printf(out, "%lld", (long long)c->val.i);
	(void)v;
}

void fx_lifted_text(const struct lt_test *src, const char *arch,
		    const struct fx_lifted *l, struct lt_buf *out)
{
	int maxl = 0;

	lt_buf_printf(out, "%s %s\n\"%s, as compiled\"\n{\n", herd_word(arch), src->name, src->name);
	for (int k = 0; k < src->nlocs; k++)
		if (src->locs[k].init.is_sym || src->locs[k].init.i)
			lt_buf_printf(out, "%s=%lld; ", src->locs[k].name,
				      (long long)src->locs[k].init.i);
	lt_buf_putc(out, '\n');
	for (int th = 0; th < l->nth; th++)
		lt_buf_printf(out, "%s\n", l->th[th].init.s ? l->th[th].init.s : "");
	lt_buf_puts(out, "}\n");
	for (int th = 0; th < l->nth; th++)
		if (l->th[th].nlines > maxl)
			maxl = l->th[th].nlines;
	for (int th = 0; th < l->nth; th++)
		lt_buf_printf(out, " P%d %s", src->threads[th].id, th + 1 < l->nth ? "|" : ";\n");
	{
		const char *cur[8];

		for (int th = 0; th < l->nth; th++)
			cur[th] = l->th[th].code.s ? l->th[th].code.s : "";
		for (int i = 0; i < maxl; i++) {
			for (int th = 0; th < l->nth; th++) {
				size_t n = strcspn(cur[th], "\n");

				lt_buf_printf(out, " %.*s %s", (int)n, cur[th], th + 1 < l->nth ? "|" : ";\n");
				cur[th] += n + (cur[th][n] ? 1 : 0);
			}
		}
	}
	/* Everything the source observes stays observed, under its lifted name. */
	if (src->nobserved) {
		lt_buf_puts(out, "locations [");
		for (int k = 0; k < src->nobserved; k++) {
			struct lt_cond atom = { .op = LT_C_ATOM, .var = src->observed[k] };
			struct lt_buf v = LT_BUF_INIT;

			cond_text(src, l, &atom, &v);
			lt_buf_printf(out, "%s%.*s", k ? "; " : "", (int)strcspn(v.s, "="), v.s);
			lt_buf_free(&v);
		}
		lt_buf_puts(out, "]\n");
	}
	lt_buf_puts(out, src->quant == LT_Q_FORALL ? "forall " :
		    src->quant == LT_Q_NOT_EXISTS ? "~exists " : "exists ");
	cond_text(src, l, src->cond, out);
	lt_buf_putc(out, '\n');
}
