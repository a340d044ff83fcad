/* SPDX-License-Identifier: MIT */
/*
 * X86_64 for the shape generator: how a neutral access, fence or RMW is
 * written in herd's x86 syntax, and what x86-TSO keeps in program order.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "shape/shape-arch.h"

/* Data registers in the order handed out; conditions use the 64-bit name. */
static const char *const r32[] = {
	"eax", "ebx", "ecx", "edx", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"
};
static const char *const r64[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"
};

static void x86_reg_name(int k, bool addr, char *buf, size_t len)
{
	snprintf(buf, len, "%%%s", addr ? r64[k] : r32[k]);
}

static void x86_reg_cond(int k, char *buf, size_t len)
{
	snprintf(buf, len, "%s", r64[k]);
}

static int x86_emit_access(struct lt_sh_emit *e, const struct lt_sh_access *a,
			   char *why, size_t len)
{
	const char *x = sh_loc_name(e, a->loc);

	(void)why;
	(void)len;
	if (a->dir == LT_SH_R) {
		sh_line(e, "movl (%s),%%%s", x, r32[a->reg]);
		return 0;
	}
	if (a->ann == LT_SH_X) {
		/* xchg with memory is implicitly locked (Intel SDM vol. 3A 8.2.2). */
		int r = sh_new_reg(e);

		sh_line(e, "movl $%" PRId64 ",%%%s", a->value, r32[r]);
		sh_line(e, "xchgl %%%s,(%s)", r32[r], x);
		return 0;
	}
	sh_line(e, "movl $%" PRId64 ",(%s)", a->value, x);
	return 0;
}

/* name and herd word: arch/arches.def */
#define LT_ARCH_SELF_x86_64 1
#include "../arch-self.h"

const struct lt_shape_arch lt_shape_x86_64 = {
	LT_ARCH_SELF_SHAPE
	LT_ARCH_SHAPE_HOOKS(x86)
	.reg_first = 0,
	.reg_last = 13,
	/* x86-TSO: only a store followed by a load may be reordered (SDM 8.2.3.4). */
	.po_orders = LT_SH_RR | LT_SH_RW | LT_SH_WW,
	.mca = true,
	.fences = {
		/* mfence orders everything, W->R included (SDM 8.2.2). */
		[LT_SH_FULL] = { "mfence", "MFence", "mfence", LT_SH_ALL },
		/* No lightweight fence: every x86 fence but mfence is weaker than TSO's own order. */
		[LT_SH_LIGHT] = { NULL, NULL, NULL, 0 },
		/* sfence orders stores (TSO already does for ordinary stores). */
		[LT_SH_STORE] = { "sfence", "SFence", "sfence", LT_SH_WW },
		/* lfence orders loads against loads (and later stores). */
		[LT_SH_LOAD] = { "lfence", "LFence", "lfence", LT_SH_RR | LT_SH_RW },
	},
	/* No dependencies: x86-TSO already keeps every order they would give. */
	.dep_word = { NULL, NULL, NULL, NULL },
	.ann_r = 1u << LT_SH_P,
	.ann_w = 1u << LT_SH_P | 1u << LT_SH_X,
	/* A locked instruction is a full barrier (SDM 8.2.2: "locked instructions have a total order"). */
	.rmw_full = true,
	.rmw_word = "xchg",
};
