/* SPDX-License-Identifier: MIT */
/*
 * POWER for the shape generator: accesses, sync/lwsync/eieio and
 * dependencies in herd's PPC syntax, and what POWER keeps in order.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "shape/shape-arch.h"

static void ppc_reg_name(int k, bool addr, char *buf, size_t len)
{
	(void)addr;
	snprintf(buf, len, "r%d", k);
}

static void ppc_reg_cond(int k, char *buf, size_t len)
{
	snprintf(buf, len, "r%d", k);
}

static int ppc_emit_access(struct lt_sh_emit *e, const struct lt_sh_access *a,
			   char *why, size_t len)
{
	int ra = sh_addr_reg(e, a->loc), t = -1, v;
	char lab[16];

	(void)why;
	(void)len;
	switch (a->dep) {
	case LT_SH_ADDR:
	case LT_SH_DATA:
		/* xor of a register with itself: 0, yet dependent on the load. */
		t = sh_new_reg(e);
		sh_line(e, "xor r%d,r%d,r%d", t, a->dep_reg, a->dep_reg);
		break;
	case LT_SH_CTRL:
	case LT_SH_CTRLISYNC:
		sh_new_label(e, lab, sizeof(lab));
		sh_line(e, "cmpw r%d,r%d", a->dep_reg, a->dep_reg);
		sh_line(e, "beq %s", lab);
		sh_line(e, "%s:", lab);
		/* isync after the branch keeps later loads after it (Book II 1.7.1). */
		if (a->dep == LT_SH_CTRLISYNC)
			sh_line(e, "isync");
		break;
	default:
		break;
	}
	if (a->dir == LT_SH_R) {
		if (a->dep == LT_SH_ADDR)
			sh_line(e, "lwzx r%d,r%d,r%d", a->reg, t, ra);
		else
			sh_line(e, "lwz r%d,0(r%d)", a->reg, ra);
		return 0;
	}
	if (a->dep == LT_SH_DATA) {
		sh_line(e, "addi r%d,r%d,%" PRId64, t, t, a->value);
		sh_line(e, "stw r%d,0(r%d)", t, ra);
		return 0;
	}
	v = sh_new_reg(e);
	sh_line(e, "li r%d,%" PRId64, v, a->value);
	if (a->dep == LT_SH_ADDR)
		sh_line(e, "stwx r%d,r%d,r%d", v, t, ra);
	else
		sh_line(e, "stw r%d,0(r%d)", v, ra);
	return 0;
}

/* name and herd word: arch/arches.def */
#define LT_ARCH_SELF_ppc64le 1
#include "../arch-self.h"

const struct lt_shape_arch lt_shape_ppc64le = {
	LT_ARCH_SELF_SHAPE
	LT_ARCH_SHAPE_HOOKS(ppc)
	.reg_first = 1,
	.reg_last = 31,
	.po_orders = 0,
	/* POWER is not multicopy atomic: a write may reach one thread before another. */
	.mca = false,
	.fences = {
		/* sync (hwsync): every pair, cumulative (Book II 1.7.1). */
		[LT_SH_FULL] = { "sync", "Sync", "sync", LT_SH_ALL },
		/* lwsync: all but store->load, cumulative. */
		[LT_SH_LIGHT] = { "lwsync", "LwSync", "lwsync", LT_SH_RR | LT_SH_RW | LT_SH_WW },
		/* eieio: stores to ordinary memory against stores. */
		[LT_SH_STORE] = { "eieio", "Eieio", "eieio", LT_SH_WW },
		/* No load-only barrier on POWER (lwsync is the light one). */
		[LT_SH_LOAD] = { NULL, NULL, NULL, 0 },
	},
	.dep_word = { "addr", "data", "ctrl", "ctrlisync" },
	.dep_orders = { 3, 2, 2, 3 },
	.addr_po_w = true,
	/* herd's PPC has no acquire/release accesses; an RMW needs a lwarx/stwcx. loop. */
	.ann_r = 1u << LT_SH_P,
	.ann_w = 1u << LT_SH_P,
	.rmw_word = NULL,
};
