/* SPDX-License-Identifier: MIT */
/*
 * The interface between litmus-run fences and an architecture's lifter.
 *
 * Each arch that fences knows implements a struct fx_arch in
 * arch/<isa>/lift.c and points its lt_arch_ops.fences at it: the compiler's
 * register names, the C ABI's argument registers, the registers the lifter
 * may take for stack slots and observed locals, one function that rewrites
 * one compiled instruction into the project's herd syntax, and the standard
 * C11 mapping table the emitted code is classified against.  The driver
 * (src/fences/lift.c) reads the compiler's assembly, splits labels, operands
 * and comments, and hands each instruction to the arch; the helpers below
 * are what an arch's instruction function builds its output with.
 */
#ifndef LT_FENCES_LIFT_H
#define LT_FENCES_LIFT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "fences/fences.h"

#define FX_NREG 64
#define FX_MAX_SLOTS 48
#define FX_MAXOPS 6
/* Event mask bit: an exclusive (LL/SC) access; a store pairs with the load. */
#define FX_EXCL 0x100u

/* What a register holds, as far as addresses go. */
enum fx_av { FX_AV_NONE, FX_AV_LOC, FX_AV_SLOTADDR };

/* Source memory orders, as the mapping tables index them. */
enum fx_order { FX_O_NA, FX_O_RLX, FX_O_ACQ, FX_O_REL, FX_O_AR, FX_O_SC, FX_NORD };

/* One accepted emitted sequence: fence pairs before and after, the access's bits. */
struct fx_alt {
	unsigned pre, bits, post;
	const char *text;
};
#define FX_MAX_ALTS 3

struct fx_arch;

/* The lifter's state for one thread. */
struct fx_lstate {
	const struct lt_test *src;
	const struct fx_arch *a;
	struct fx_lthread *t;
	char *why;
	int thread;
	enum fx_av av[FX_NREG];
	int avval[FX_NREG];
	bool used[FX_NREG];
	int sp_off, fp_off;
	bool fp_set;
	int slot_key[FX_MAX_SLOTS], slot_reg[FX_MAX_SLOTS], nslots;
	int nlabels;
	char pending_label[32];	/* a label for the next emitted line */
	int last_excl;		/* event index of an open exclusive load, or -1 */
	bool ret_used;		/* a branch to the function's end was lifted */
	bool ret_pending;	/* a return was read: the next instruction branches to the end first */
	int xs[4];		/* the arch lifter's own state, zero at the start */
};

struct fx_arch {
	const char *triplet;	/* GNU triplet: <triplet>-gcc, clang --target= */
	const char *comment;	/* the assembler's comment leader: "#", "//" */
	/* Lines whose first character is '#' are no code (AArch64: #APP). */
	bool hash_lines;
	const char *nop;	/* an instruction that does nothing, for a final label */
	const char *jump;	/* the unconditional branch mnemonic */
	const int *args;	/* C ABI argument registers, in order */
	int nargs;
	const int *pool;	/* registers for slots and observed locals, preferred first */
	int npool;
	const int *reserved;	/* registers never taken (stack, frame, zero...) */
	int nreserved;
	/* An RCsc access orders as a full fence (x86's locked instructions). */
	bool sc_access_is_fence;
	/* Register number and width of a name as the compiler writes it; -1 if none. */
	int (*regno)(const char *s, int *width);
	/* The herd spelling of register k at width. */
	void (*regname)(int k, int width, char *buf, size_t len);
	/* The name of register k in the lifted condition ("rax", "X9"). */
	void (*obsname)(int k, char *buf, size_t len);
	int obs_width;		/* width of the copy of an observed local; 0: as marked */
	/*
	 * Optional: store register r (at width) to the location named loc
	 * (one only this thread uses), for an observed local when no register
	 * is left (x86-64 at -O0).
	 */
	void (*store_private)(struct fx_lstate *s, int r, int width, const char *loc);
	/* Emit a register-to-register move (src 32 on AArch64: the zero register). */
	void (*move)(struct fx_lstate *s, int dst, int src, int width);
	/* Lift one instruction; false with s->why set if it cannot be. */
	bool (*insn)(struct fx_lstate *s, char *mn, char **ops, int n, const char *orig);
	/* The accepted sequences for (kind, order); returns how many (1..FX_MAX_ALTS). */
	int (*table)(enum fx_kind k, enum fx_order o, struct fx_alt *out);
};

/* The lifter of an arch by name, or NULL (through lt_arch_ops.fences). */
const struct fx_arch *fx_arch_of(const char *arch);

/*
 * A test language's side of fences (lt_arch_ops.fences_lang): the driver
 * compiles, cuts and lifts every language alike, from assembly in which
 * thread th of a test is the function PREFIXthread_<th> (lt_c_thread_<th>
 * once cut), its arguments the shared locations params() lists, in the
 * C ABI's argument registers, and each observed local named by an
 * "LT_OBS <local> <register>" comment where the function leaves it.
 */
struct fx_lang {
	/* The source model of its tests; NULL: --model's (c11 or rc11). */
	const char *model;
	/* A script of the data directory the compile runs (part of the cache key); NULL: none. */
	const char *driver;
	/* A header of the data directory every unit includes (part of the cache key); NULL: none. */
	const char *header;
	/* What one compile unit starts with, once. */
	void (*preamble)(const char *arch, struct lt_buf *out);
	/* Thread th of t as the function PREFIXthread_<th>, for every thread. */
	void (*threads)(const struct lt_test *t, const char *arch, const char *prefix,
			struct lt_buf *out);
	/*
	 * The command compiling for arch with --cc=cc: it is run as
	 * "CMD FLAGS -S -I<runtime> -o OUT SRC" and writes the assembly to
	 * OUT.  Empty with why when cc compiles no test of the language.
	 */
	void (*compiler_cmd)(const char *cc, const char *arch, const char *datadir, char *out,
			     size_t len, char *why, size_t wlen);
	/*
	 * The location each argument of thread th's function points to, in
	 * order (at most max); -1 with why (the parameter) when one does not
	 * point to a shared location.
	 */
	int (*params)(const struct lt_test *t, int th, int *locs, int max, char *why, size_t len);
	/*
	 * Whether cc names this language's own compiler (go, gccgo), which
	 * the other languages then leave alone: no cell.  NULL: none.
	 */
	bool (*claims)(const char *cc);
};

/* The fences side of the language of test t, or NULL (its arch's fences_lang). */
const struct fx_lang *fx_lang_of(const struct lt_test *t);
/* Whether a language other than lang claims cc as its compiler. */
bool fx_cc_of_other_lang(const struct fx_lang *lang, const char *cc);
/* The compiler command for (cc, arch): cross gcc by name, clang by --target. */
void fx_compiler_cmd(const char *cc, const char *arch, char *out, size_t len);

/* ---- helpers for arch lifters (src/fences/lift.c) ---- */

static inline bool fx_is(const char *a, const char *b)
{
	return !strcmp(a, b);
}

/* Record why the thread cannot be lifted (the first reason wins); false. */
bool fx_fail(struct fx_lstate *s, const char *fmt, const char *arg);
/* Append one lifted line (with the pending label, if any). */
void fx_line(struct fx_lstate *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Record an access or fence on a shared location (mask | FX_EXCL for LL/SC). */
void fx_event(struct fx_lstate *s, enum fx_kind kind, int loc, unsigned mask, const char *text);
/* The register a stack slot is promoted to (created on first use); -1 if none left. */
int fx_slot(struct fx_lstate *s, int key);
/* A move between register r and the slot at frame key. */
bool fx_slot_move(struct fx_lstate *s, int key, int r, int width, bool store);
/* Frame key of [base + disp] when base is spreg, fpreg (once set) or a slot address. */
bool fx_frame_key(struct fx_lstate *s, int base, long disp, int spreg, int fpreg, int *key);
int fx_split_ops(char *s, char *ops[FX_MAXOPS]);
long fx_imm(const char *s);
int fx_loc_of(const struct fx_lstate *s, int r);
void fx_av_copy(struct fx_lstate *s, int dst, int src);
void fx_av_clear(struct fx_lstate *s, int dst);
/*
 * The label of the function's end, for a conditional return (POWER's
 * bnelr).  A plain return mid-function is fx_return: if more code follows,
 * it is a branch to this label.
 */
const char *fx_ret_label(struct fx_lstate *s);
void fx_return(struct fx_lstate *s);
/* A fresh label name "LN<k>" into buf. */
void fx_new_label(struct fx_lstate *s, char *buf, size_t len);

#endif /* LT_FENCES_LIFT_H */
