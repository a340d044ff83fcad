/* SPDX-License-Identifier: MIT */
/*
 * Lifting compiled C threads back into an asm litmus test: the part every
 * arch shares (src/fences/lift.h; each arch's own part is arch/<isa>/lift.c,
 * reached through lt_arch_ops.fences).
 *
 * Input is the compiler's assembly (-S), not objdump: it keeps the
 * compiler's labels and mnemonics, needs no relocation or symbol work, and
 * is one process instead of two.  Each thread function is read line by line,
 * its labels made herd labels and its comments dropped, and each
 * instruction is handed to the arch's lifter, which rewrites it in the
 * project's herd syntax:
 *  - the pointer arguments become registers initialised to the locations;
 *  - stack slots (the frame of -O0 code, spills, saved registers) are
 *    promoted to registers of their own: the stack is private to the
 *    thread, so a slot behaves as a register that costs a move;
 *  - the observed locals leave through asm markers ("LT_OBS r0 <reg>",
 *    src/fences/fences.c) and are copied into registers of their own, which
 *    the lifted condition observes.
 * Anything else the project's parser would not take, or that the lifter
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
#include "fences/lift.h"
#include "litmus/arch-ops.h"

const struct fx_arch *fx_arch_of(const char *arch)
{
	const struct lt_arch_ops *o = lt_arch_by_name(arch);

	return o ? o->fences : NULL;
}

bool fx_fail(struct fx_lstate *s, const char *fmt, const char *arg)
{
	if (!s->why[0])
		snprintf(s->why, 256, fmt, arg);
	return false;
}

/* Registers a promoted slot or an observed local may take. */
static int pool_take(struct fx_lstate *s)
{
	for (int k = 0; k < s->a->npool; k++)
		if (!s->used[s->a->pool[k]])
			return s->used[s->a->pool[k]] = true, s->a->pool[k];
	return -1;
}

const char *fx_ret_label(struct fx_lstate *s)
{
	s->ret_used = true;
	return "LRET";
}

void fx_return(struct fx_lstate *s)
{
	s->ret_pending = true;
}

void fx_new_label(struct fx_lstate *s, char *buf, size_t len)
{
	snprintf(buf, len, "LN%d", s->nlabels++);
}

/* ---- output ---- */

void fx_line(struct fx_lstate *s, const char *fmt, ...)
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

void fx_event(struct fx_lstate *s, enum fx_kind kind, int loc, unsigned mask,
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
	/*
	 * A second store-exclusive to the location of the RMW just closed:
	 * the failure path of a compare-exchange that stores the value back
	 * (clang on POWER).  Part of that RMW, not an access of its own.
	 */
	if (kind == FX_W && mask & 0x100u && s->t->nev &&
	    s->t->ev[s->t->nev - 1].kind == FX_RMW && s->t->ev[s->t->nev - 1].loc == loc)
		return;
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
#define FX_EXCL 0x100u

/* The slot register of frame offset key (created on first use). */
int fx_slot(struct fx_lstate *s, int key)
{
	for (int k = 0; k < s->nslots; k++)
		if (s->slot_key[k] == key)
			return s->slot_reg[k];
	if (s->nslots == FX_MAX_SLOTS)
		return -1;
	s->slot_key[s->nslots] = key;
	s->slot_reg[s->nslots] = pool_take(s);
	return s->slot_reg[s->nslots++];
}

/* ---- operand splitting ---- */

#define FX_MAXOPS 6
int fx_split_ops(char *s, char *ops[FX_MAXOPS])
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
		else if (*s == ',' && depth == 0 && n < FX_MAXOPS) {
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

long fx_imm(const char *s)
{
	while (*s == '#' || *s == '$')
		s++;
	return strtol(s, NULL, 0);
}

/* The location a pointer register holds, or -1. */
int fx_loc_of(const struct fx_lstate *s, int r)
{
	return r >= 0 && r < FX_NREG && s->av[r] == FX_AV_LOC ? s->avval[r] : -1;
}

void fx_av_copy(struct fx_lstate *s, int dst, int src)
{
	if (dst < 0 || dst >= FX_NREG)
		return;
	s->av[dst] = src >= 0 && src < FX_NREG ? s->av[src] : FX_AV_NONE;
	s->avval[dst] = src >= 0 && src < FX_NREG ? s->avval[src] : 0;
}

void fx_av_clear(struct fx_lstate *s, int dst)
{
	if (dst >= 0 && dst < FX_NREG)
		s->av[dst] = FX_AV_NONE;
}

/* Frame key of [base + disp] if base is the stack or frame pointer; else -1 reg. */
bool fx_frame_key(struct fx_lstate *s, int base, long disp, int spreg, int fpreg, int *key)
{
	if (base == spreg) {
		*key = s->sp_off + (int)disp;
		return true;
	}
	if (fpreg >= 0 && base == fpreg && s->fp_set) {
		*key = s->fp_off + (int)disp;
		return true;
	}
	if (base >= 0 && base < FX_NREG && s->av[base] == FX_AV_SLOTADDR) {
		*key = s->avval[base] + (int)disp;
		return true;
	}
	return false;
}

/* A move between a register and a promoted slot, in the arch's syntax. */
bool fx_slot_move(struct fx_lstate *s, int key, int r, int width, bool store)
{
	int sr = fx_slot(s, key);

	if (sr < 0)
		return fx_fail(s, "%s", "too many stack slots to promote to registers");
	if (store) {
		s->a->move(s, sr, r, width);
		fx_av_copy(s, sr, r);
	} else {
		s->a->move(s, r, sr, width);
		fx_av_copy(s, r, sr);
	}
	return true;
}
/* ---- driver ---- */

/* Mark every register the function names, so the pool avoids them. */
static void scan_used(struct fx_lstate *s, const char *body)
{
	const char *p = body;

	while (*p) {
		char tok[32];
		size_t n;

		/* A label (".L24", ".LFB3") is one token: its digits are no register. */
		while (*p && !isalnum((unsigned char)*p) && *p != '%' && *p != '.' && *p != '_') {
			/* Comments name no register (GCC's "# 31 file.c" line markers). */
			if (!strncmp(p, s->a->comment, strlen(s->a->comment)) ||
			    (*p == '#' && s->a->hash_lines && (p == body || p[-1] == '\n')))
				p += strcspn(p, "\n");
			else
				p++;
		}
		n = strspn(p, "%._abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n == 0) {
			if (*p)
				p++;
			continue;
		}
		if (n < sizeof(tok)) {
			int r;

			memcpy(tok, p, n);
			tok[n] = '\0';
			r = s->a->regno(tok, NULL);
			/* POWER operands are bare numbers: any small number may be one. */
			if (r >= 0 && r < FX_NREG)
				s->used[r] = true;
		}
		p += n;
	}
	for (int k = 0; k < s->a->nreserved; k++)
		s->used[s->a->reserved[k]] = true;
}

char *fx_function_body(const char *asmtext, const char *name)
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

static bool observe(struct fx_lstate *s, const char *name, const char *reg)
{
	int w, r = s->a->regno(reg, &w), o;

	if (r < 0 || s->t->nobs == FX_MAX_OBS)
		return fx_fail(s, "observed local in '%s'", reg);
	if ((o = pool_take(s)) < 0 && s->a->store_private) {
		/*
		 * Every register is taken: the local leaves through a location
		 * of its own, which the condition observes instead.  Private
		 * to the thread, it adds no ordering the model could see.
		 */
		char *loc = s->t->obsreg[s->t->nobs];

		if (!lt_snprintf_ok(loc, sizeof(s->t->obsreg[0]), "lt%d%s", s->thread, name) ||
		    !lt_snprintf_ok(s->t->obs[s->t->nobs], sizeof(s->t->obs[0]), "%s", name))
			return fx_fail(s, "observed local name too long: '%s'", name);
		if (lt_test_find_loc(s->src, loc) >= 0)
			return fx_fail(s, "observed local %s: its location is taken", name);
		s->t->obsmem[s->t->nobs++] = true;
		s->a->store_private(s, r, w, loc);
		return true;
	}
	if (o < 0)
		return fx_fail(s, "%s", "no free register for an observed local");
	if (!lt_snprintf_ok(s->t->obs[s->t->nobs], sizeof(s->t->obs[0]), "%s", name))
		return fx_fail(s, "observed local name too long: '%s'", name);
	/* The condition names the full register (herd's "rax", "X3"). */
	s->a->obsname(o, s->t->obsreg[s->t->nobs], sizeof(s->t->obsreg[0]));
	s->t->nobs++;
	s->a->move(s, o, r, s->a->obs_width ? s->a->obs_width : w);
	return true;
}

/*
 * Local numeric labels ("1:", "1b", "1f"): definitions by statement.  They
 * become LM<k>; the compiler's .L names become LL..., fresh ones LN<k>.
 */
struct llabels {
	int num[64], at[64], id[64];
	int n;
};

/* "1b" / "1f" used in statement i, as the herd label of its definition. */
static const char *local_label(const struct llabels *ll, const char *op, int i, char *buf,
			       size_t len)
{
	size_t n = strlen(op);
	int num, best = -1;

	if (n < 2 || (op[n - 1] != 'f' && op[n - 1] != 'b') || !isdigit((unsigned char)op[0]))
		return op;
	num = atoi(op);
	for (int k = 0; k < ll->n; k++) {
		if (ll->num[k] != num)
			continue;
		if (op[n - 1] == 'b' && ll->at[k] <= i)
			best = k;
		if (op[n - 1] == 'f' && ll->at[k] > i && best < 0)
			best = k;
	}
	if (best < 0)
		return op;
	snprintf(buf, len, "LM%d", ll->id[best]);
	return buf;
}

/* A label for the next lifted line; one already waiting gets a line of its own. */
static void set_label(struct fx_lstate *s, const char *name)
{
	if (s->pending_label[0])
		fx_line(s, "%s", s->a->nop);
	snprintf(s->pending_label, sizeof(s->pending_label), "%s", name);
}

/*
 * The function's statements: lines split at ';' (GCC's inline RISC-V
 * atomics put a loop on one line), comments dropped.  An observed-local
 * marker, itself a comment, is kept whole.  Edited in place.
 */
static int statements(const struct fx_arch *a, char *body, char ***out)
{
	int n = 0, cap = 64;
	char **st = lt_xcalloc((size_t)cap, sizeof(*st));

	for (char *ln = body, *next; ln; ln = next) {
		char *obs, *c;

		next = strchr(ln, '\n');
		if (next)
			*next++ = '\0';
		if ((obs = strstr(ln, "LT_OBS ")) != NULL) {
			c = obs;
		} else if (a->hash_lines && ln[strspn(ln, " \t")] == '#') {
			continue;	/* GCC's #APP / #NO_APP and line markers */
		} else {
			if ((c = strstr(ln, a->comment)) != NULL)
				*c = '\0';
			c = NULL;
		}
		for (char *p = c ? c : ln, *e; p; p = e) {
			e = c ? NULL : strchr(p, ';');
			if (e)
				*e++ = '\0';
			if (n + 1 >= cap)
				st = lt_xrealloc(st, (size_t)(cap *= 2) * sizeof(*st));
			st[n++] = p;
		}
	}
	*out = st;
	return n;
}

static bool lift_thread(struct fx_lstate *s, const char *body)
{
	char *copy = strdup(body), **st;
	int nst = statements(s->a, copy, &st);
	struct llabels ll = { .n = 0 };
	bool ok = true;

	/* First pass: numeric local labels with the statement they open. */
	for (int i = 0; i < nst; i++) {
		const char *p = st[i] + strspn(st[i], " \t");

		while (isdigit((unsigned char)*p)) {
			const char *e = p + strspn(p, "0123456789");

			if (*e != ':' || ll.n == 64)
				break;
			ll.num[ll.n] = atoi(p);
			ll.at[ll.n] = i;
			ll.id[ll.n++] = s->nlabels++;
			p = e + 1 + strspn(e + 1, " \t");
		}
	}
	for (int i = 0; i < nst && ok; i++) {
		char *p = st[i], *obs, *ops[FX_MAXOPS], mn[32], orig[128], lab[FX_MAXOPS][32];
		int n;
		size_t m;

		/* The observed-local markers: "LT_OBS r0 <reg>". */
		if (!strncmp(p, "LT_OBS ", 7)) {
			char name[64], reg[32];

			obs = p;
			if (sscanf(obs + 7, "%63s %31s", name, reg) == 2)
				ok = observe(s, name, reg[0] == '%' ? reg + 1 : reg);
			continue;
		}
		{
			while (isspace((unsigned char)*p))
				p++;
			/* Labels, possibly several, before an instruction. */
			for (;;) {
				size_t l = strcspn(p, ": \t");

				if (l && p[l] == ':') {
					p[l] = '\0';
					if (isdigit((unsigned char)p[0])) {
						for (int k = ll.n - 1; k >= 0; k--)
							if (ll.num[k] == atoi(p) && ll.at[k] == i) {
								char name[16];

								snprintf(name, sizeof(name), "LM%d", ll.id[k]);
								set_label(s, name);
								break;
							}
					} else {
						/* Herd labels: letters and digits only. */
						char hl[32];
						size_t o = 1;

						hl[0] = 'L';
						for (char *q = p; *q && o + 1 < sizeof(hl); q++)
							if (isalnum((unsigned char)*q))
								hl[o++] = *q;
						hl[o] = '\0';
						set_label(s, hl);
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
				ok = fx_fail(s, "instruction '%s' not lifted", p);
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
			n = fx_is(mn, "lock") ? (ops[0] = p + m + strspn(p + m, " \t"), 1) :
			    fx_split_ops(p + m, ops);
			/* Branch targets: the same label spelling as definitions. */
			if (!fx_is(mn, "lock") && n > 0) {
				const char *t = local_label(&ll, ops[n - 1], i, lab[n - 1], sizeof(lab[0]));

				ops[n - 1] = (char *)t;
				if (t[0] == '.' && t[1] == 'L') {
					size_t o = 1;

					lab[n - 1][0] = 'L';
					for (const char *q = t; *q && o + 1 < 32; q++)
						if (isalnum((unsigned char)*q))
							lab[n - 1][o++] = *q;
					lab[n - 1][o] = '\0';
					ops[n - 1] = lab[n - 1];
				}
			}
			if (s->ret_pending) {
				/* Code after a return: reached only by a branch. */
				s->ret_pending = false;
				fx_line(s, "%s %s", s->a->jump, fx_ret_label(s));
			}
			ok = s->a->insn(s, mn, ops, n, orig);
		}
	}
	/* A label on nothing (the function's last line): give it an instruction. */
	if (ok && s->pending_label[0])
		fx_line(s, "%s", s->a->nop);
	if (ok && s->ret_used) {
		snprintf(s->pending_label, sizeof(s->pending_label), "%s", fx_ret_label(s));
		fx_line(s, "%s", s->a->nop);
	}
	free(st);
	free(copy);
	return ok;
}

int fx_lift(const struct lt_test *src, const char *arch, const char *asmtext,
	    struct fx_lifted *out)
{
	const struct fx_arch *a = fx_arch_of(arch);

	memset(out, 0, sizeof(*out));
	out->nth = src->nthreads;
	if (!a) {
		snprintf(out->why, sizeof(out->why), "no lifter for %s", arch);
		for (int th = 0; th < src->nthreads; th++)
			out->th[th].code = out->th[th].init = (struct lt_buf)LT_BUF_INIT;
		return -1;
	}
	for (int th = 0; th < src->nthreads; th++) {
		struct fx_lthread *t = &out->th[th];
		struct fx_lstate s;
		char name[32], *body;
		int np, locs[FX_NREG];

		t->code = (struct lt_buf)LT_BUF_INIT;
		t->init = (struct lt_buf)LT_BUF_INIT;
		if (out->why[0])
			continue;
		memset(&s, 0, sizeof(s));
		/* Fresh labels (LN<k>, LM<k>) unique in the test: herd wants that. */
		s.nlabels = 1000 * th;
		s.src = src;
		s.a = a;
		s.t = t;
		s.why = out->why;
		s.thread = src->threads[th].id;
		s.last_excl = -1;
		snprintf(name, sizeof(name), "lt_c_thread_%d", th);
		if (!(body = fx_function_body(asmtext, name))) {
			snprintf(out->why, sizeof(out->why), "no function %s in the assembly", name);
			continue;
		}
		scan_used(&s, body);
		np = fx_lang_of(src)->params(src, th, locs, FX_NREG, out->why, sizeof(out->why));
		for (int k = 0; k < np; k++) {
			int r = k < a->nargs ? a->args[k] : -1, loc = locs[k];
			char rn[16];

			if (r < 0) {
				snprintf(out->why, sizeof(out->why), "parameter %s", src->locs[loc].name);
				break;
			}
			s.av[r] = FX_AV_LOC;
			s.avval[r] = loc;
			s.used[r] = true;
			a->regname(r, 64, rn, sizeof(rn));
			lt_buf_printf(&t->init, "%d:%s=%s; ", s.thread,
				      rn[0] == '%' ? rn + 1 : rn, src->locs[loc].name);
		}
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

struct lifted_names {
	const struct lt_test *src;
	const struct fx_lifted *l;
};

/* An observable of the source test, a local renamed to its lifted register. */
static void var_text(const struct lt_test *src, const struct fx_lifted *l,
		     struct lt_var var, struct lt_buf *out)
{
	if (var.is_loc) {
		lt_buf_puts(out, src->locs[var.idx].name);
	} else {
		const struct lt_reg *r = &src->regs[var.idx];
		const char *lr = "?";
		bool mem = false;

		for (int th = 0; th < src->nthreads; th++)
			if (src->threads[th].id == r->thread)
				for (int k = 0; k < l->th[th].nobs; k++)
					if (fx_is(l->th[th].obs[k], r->name))
						lr = l->th[th].obsreg[k], mem = l->th[th].obsmem[k];
		if (mem)
			lt_buf_puts(out, lr);
		else
			lt_buf_printf(out, "%d:%s", r->thread, lr);
	}
}

/* An atom of the source condition with its observed locals renamed to their lifted registers. */
static void lifted_atom(const struct lt_cond *c, void *ctx, struct lt_buf *out)
{
	const struct lifted_names *n = ctx;
	const struct lt_test *src = n->src;
	const struct fx_lifted *l = n->l;

	var_text(src, l, c->var, out);
	lt_buf_puts(out, c->neq ? "!=" : "=");
	if (c->rhs_var)
		var_text(src, l, c->var2, out);
	else if (c->val.is_sym)
		lt_buf_puts(out, src->locs[c->val.loc].name);
	else
		lt_buf_printf(out, "%lld", (long long)c->val.i);
}

void fx_lifted_text(const struct lt_test *src, const char *arch,
		    const struct fx_lifted *l, struct lt_buf *out)
{
	struct lifted_names names = { .src = src, .l = l };
	int maxl = 0;

	lt_buf_printf(out, "%s %s\n\"%s, as compiled\"\n{\n", lt_arch_by_name(arch)->herd, src->name, src->name);
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

			lifted_atom(&atom, &names, &v);
			lt_buf_printf(out, "%s%.*s", k ? "; " : "", (int)strcspn(v.s, "="), v.s);
			lt_buf_free(&v);
		}
		lt_buf_puts(out, "]\n");
	}
	lt_buf_puts(out, src->quant == LT_Q_FORALL ? "forall (" :
		    src->quant == LT_Q_NOT_EXISTS ? "~exists (" : "exists (");
	lt_cond_format(src->cond, lifted_atom, &names, out);
	lt_buf_puts(out, ")\n");
}
