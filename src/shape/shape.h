/* SPDX-License-Identifier: MIT */
/*
 * Shapes: arch-neutral litmus tests written as diy-style cycles of edges
 * ("PodWR Fre PodWR Fre") or as named families with modifiers ("SB+fences"),
 * compiled into herd text for one architecture, with a derived expectation.
 */
#ifndef LT_SHAPE_H
#define LT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "litmus/ir.h"
#include "util/buf.h"

#define LT_SH_MAX_EDGES 16

/* Access directions (bit values so that masks can be built from them). */
#define LT_SH_R 0
#define LT_SH_W 1

enum lt_sh_kind {
	LT_SH_RF,	/* Rfe / Rfi */
	LT_SH_FR,	/* Fre / Fri */
	LT_SH_CO,	/* Coe / Coi (diy's Wse / Wsi) */
	LT_SH_PO,	/* Pod / Pos */
	LT_SH_FENCE,	/* Fenced.<strength>.dXY / Fences... */
	LT_SH_DP,	/* DpAddrdR, DpDatadW, DpCtrldW, DpCtrlIsyncdR ... */
};

/* Arch-neutral fence strengths. */
enum lt_sh_fence {
	LT_SH_FULL,	/* orders every pair, W->R included */
	LT_SH_LIGHT,	/* every pair but W->R (lwsync, fence.tso) */
	LT_SH_STORE,	/* W->W */
	LT_SH_LOAD,	/* R->R and R->W */
	LT_SH_NFENCES
};

enum lt_sh_dep {
	LT_SH_ADDR,
	LT_SH_DATA,
	LT_SH_CTRL,
	LT_SH_CTRLISYNC,	/* control dependency + isync / ISB */
	LT_SH_NDEPS
};

/* Access annotations, diy's letters: P plain, A acquire, L release, X RMW. */
enum lt_sh_ann {
	LT_SH_P,
	LT_SH_A,
	LT_SH_L,
	LT_SH_X,
};

struct lt_sh_edge {
	enum lt_sh_kind kind;
	bool ext;		/* RF/FR/CO: between threads */
	bool diff;		/* PO/FENCE/DP: to another location ('d') */
	int src, dst;		/* LT_SH_R / LT_SH_W */
	int fence;		/* FENCE: enum lt_sh_fence */
	int dep;		/* DP: enum lt_sh_dep */
	int src_ann, dst_ann;	/* enum lt_sh_ann of the two accesses */
};

/* A cycle: edge i goes from access i to access i+1 (mod n). */
struct lt_shape {
	struct lt_sh_edge e[LT_SH_MAX_EDGES];
	int n;
	char name[160];		/* the test name ("MP+dmb.ish+addr"), or "" */
};

struct lt_shape_arch;

/* The per-arch tables (arch/<isa>/shape.c), by --arch name or alias. */
const struct lt_shape_arch *shape_arch_by_name(const char *name);
/* The canonical arch name of a table ("aarch64"). */
const char *shape_arch_name(const struct lt_shape_arch *a);

/*
 * Parse a cycle ("PodWR Fre PodWR Fre") or a named shape ("SB+mfences",
 * "MP+fence+addr").  Arch-specific words (mfence, dmb.ish, lwsync, ctrlisb,
 * and diy's fence edges such as MFencedWR) need `a`; NULL accepts only the
 * neutral notation.  Returns 0, or -1 with err->msg set (err->pos.col is
 * the 1-based column of the offending word).
 */
int shape_parse(const char *text, const struct lt_shape_arch *a,
		struct lt_shape *out, struct lt_error *err);

/* Append the canonical spelling of a cycle ("Fenced.Full.dWR Fre ..."). */
void shape_print(const struct lt_shape *s, struct lt_buf *out);

/*
 * Compile a shape into a herd .litmus test for arch `a` (appended to out)
 * and derive its expectation (LT_EXPECT_ALLOWED / _FORBIDDEN) with a
 * one-line reason.  Returns 0, or -1 with err->msg set (an edge the arch
 * cannot express, a malformed cycle).
 */
int shape_compile(const struct lt_shape *s, const struct lt_shape_arch *a,
		  struct lt_buf *out, enum lt_expect *kind, char *reason,
		  size_t reason_len, struct lt_error *err);

/*
 * The project's standard suite for arch a: calls fn once per test name, in
 * a fixed order, each one a named shape that shape_parse accepts for a.
 */
void shape_suite(const struct lt_shape_arch *a,
		 void (*fn)(const char *name, void *arg), void *arg);

/*
 * litmus-gen's output: text as dir/file, replaced atomically as litmus-run
 * writes its files (lt_write_file).  0, or 2 (usage/I/O) after a message.
 */
int shape_write(const char *dir, const char *file, const char *text);

#endif /* LT_SHAPE_H */
