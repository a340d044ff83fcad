/* SPDX-License-Identifier: MIT */
/*
 * The hwloc placement backend (kernels that litmus-run links with hwloc):
 * PUs in the order lt-pus.h gives, one of each core before any SMT
 * sibling, and binding by hwloc_set_cpubind.  When hwloc cannot load the
 * topology, the process's affinity mask in CPU order and
 * sched_setaffinity (place.c) stand in, as method "sched".
 */
#include "rt.h"

#include <errno.h>
#include <stdlib.h>

#include <hwloc.h>
#include "lt-pus.h"

/* The PUs hwloc says this process may use, in lt_pus_default's order. */
static int lt_rt_pus_hwloc(struct lt_rt_place *pl, hwloc_topology_t topo)
{
	int npu = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);

	if (npu <= 0)
		return -1;
	pl->pus = calloc((size_t)npu, sizeof(*pl->pus));
	if (!pl->pus)
		return -1;
	pl->npus = lt_pus_default(topo, pl->pus, npu);
	if (pl->npus > 0)
		return 0;
	free(pl->pus);
	pl->pus = NULL;
	pl->npus = 0;
	return -1;
}

int lt_rt_backend_find(struct lt_rt_place *pl)
{
	hwloc_topology_t topo;

	if (hwloc_topology_init(&topo) == 0) {
		if (hwloc_topology_load(topo) == 0 && lt_rt_pus_hwloc(pl, topo) == 0) {
			pl->backend = topo;
			pl->method = "hwloc";
			return 0;
		}
		hwloc_topology_destroy(topo);
	}
	if (lt_rt_affinity_pus(pl) < 0)
		return -1;
	pl->method = "sched";
	return 0;
}

int lt_rt_backend_pin(struct lt_rt_place *pl, int pu)
{
	hwloc_bitmap_t set;
	int rc;

	if (!pl->backend)
		return lt_rt_affinity_pin(pu);
	set = hwloc_bitmap_alloc();
	if (!set) {
		errno = ENOMEM;
		return -1;
	}
	hwloc_bitmap_only(set, (unsigned)pu);
	rc = hwloc_set_cpubind(pl->backend, set, HWLOC_CPUBIND_THREAD);
	hwloc_bitmap_free(set);
	return rc;
}

void lt_rt_backend_release(struct lt_rt_place *pl)
{
	if (pl->backend)
		hwloc_topology_destroy(pl->backend);
	pl->backend = NULL;
}
