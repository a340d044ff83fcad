/* SPDX-License-Identifier: MIT */
/*
 * The plain placement backend (kernels built without hwloc: bundles,
 * cross-built kernels, a litmus-run configured --without-hwloc): the PUs
 * of the process's affinity mask, bound by sched_setaffinity.  Linux's
 * sysfs tells which PUs share a core, so the order is lt-pus.h's: one PU
 * of each core before any SMT sibling; without sysfs, CPU number order.
 */
#include "rt.h"

#include <stdlib.h>

/* The core of cpu as "package:core" from sysfs, or -1 when unreadable. */
static long lt_rt_sysfs_core(int cpu)
{
	static const char *const what[] = { "physical_package_id", "core_id" };
	long id[2];

	for (int k = 0; k < 2; k++) {
		char path[96];
		FILE *f;
		int ok;

		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/topology/%s", cpu, what[k]);
		f = fopen(path, "r");
		if (!f)
			return -1;
		ok = fscanf(f, "%ld", &id[k]) == 1 && id[k] >= 0 && id[k] < (1L << 20);
		fclose(f);
		if (!ok)
			return -1;
	}
	return id[0] << 20 | id[1];
}

int lt_rt_backend_find(struct lt_rt_place *pl)
{
	long *core;
	int *rank, *order, n, got = 0;

	if (lt_rt_affinity_pus(pl) < 0)
		return -1;
	pl->method = "sched";
	n = pl->npus;
	core = calloc((size_t)n, sizeof(*core));
	rank = calloc((size_t)n, sizeof(*rank));
	order = calloc((size_t)n, sizeof(*order));
	if (!core || !rank || !order)
		goto out;	/* CPU number order is still a valid order */
	/* A PU's rank: how many PUs of its core come before it in the mask. */
	for (int i = 0; i < n; i++) {
		core[i] = lt_rt_sysfs_core(pl->pus[i]);
		for (int j = 0; j < i; j++)
			rank[i] += core[i] >= 0 && core[j] == core[i];
	}
	for (int r = 0; got < n; r++)
		for (int i = 0; i < n; i++)
			if (rank[i] == r)
				order[got++] = pl->pus[i];
	memcpy(pl->pus, order, (size_t)n * sizeof(*order));
out:
	free(core);
	free(rank);
	free(order);
	return 0;
}

int lt_rt_backend_pin(struct lt_rt_place *pl, int pu)
{
	(void)pl;
	return lt_rt_affinity_pin(pu);
}

void lt_rt_backend_release(struct lt_rt_place *pl)
{
	(void)pl;
}
