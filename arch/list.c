/* SPDX-License-Identifier: MIT */
/*
 * --list-arches (litmus-run and litmus-gen): arch/arches.def as text for
 * scripts, one line per arch, fields as key=value separated by one space,
 * lists comma-separated, always in this order:
 *
 *   name=ppc64le herd=PPC aliases=ppc64,ppc,power,powerpc
 *   triplet=powerpc64le-linux-gnu cc=powerpc64le-linux-gnu-gcc
 *   qemu=qemu-ppc64le debs=gcc-powerpc64le-linux-gnu,libc6-dev-ppc64el-cross
 *   model=power native=no fences=yes go=ppc64le
 *
 * (all on one line).  native=yes marks the arch this program runs on;
 * fences=yes an arch `litmus-run fences` can lift compiled code of (its
 * isa has a lifter: arch/<id>/lift.c); go= Go's name for it (GOARCH),
 * empty when Go has no port.  New fields are added at the end.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "arches.def"

/* A space-separated list of arches.def as a comma-separated value. */
static void put_list(FILE *out, const char *key, const char *words)
{
	fprintf(out, " %s=", key);
	for (const char *p = words; *p; p++)
		fputc(*p == ' ' ? ',' : *p, out);
}

void lt_arch_list(FILE *out)
{
	const struct lt_arch_ops *native = lt_arch_native();

#define LT__LINE(id, herd, aliases, triplet, qemu, debs, model, go)	\
	fprintf(out, "name=%s herd=%s", #id, herd);			\
	put_list(out, "aliases", aliases);				\
	fprintf(out, " triplet=%s cc=%s-gcc qemu=%s", triplet, triplet, qemu); \
	put_list(out, "debs", debs);					\
	fprintf(out, " model=%s native=%s fences=%s go=%s\n", model,	\
		native && strcmp(native->name, #id) == 0 ? "yes" : "no",	\
		lt_arch_by_name(#id)->fences ? "yes" : "no", go);
	LT_ARCH_LIST(LT__LINE)
#undef LT__LINE
}
