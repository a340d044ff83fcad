/* SPDX-License-Identifier: MIT */
/*
 * The order in which threads take PUs by default: one PU of each core (in
 * hwloc's logical order) before any SMT sibling, so that a test's threads
 * talk between cores while there are enough.  Header-only, because both
 * the kernels' hwloc placement backend (place-hwloc.c) and litmus-run
 * (src/run/place.c, for --probe and the tests) need it and kernels link
 * nothing of litmus-run.
 */
#ifndef LT_PUS_H
#define LT_PUS_H

#include <hwloc.h>

/* Of the PUs of pu's core in set, how many come before it (0 without cores). */
static inline int lt_pus_smt_rank(hwloc_topology_t topo, hwloc_const_bitmap_t set,
				  hwloc_obj_t pu)
{
	hwloc_obj_t core = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
	int rank = 0, n;

	if (!core)
		return 0;
	n = hwloc_get_nbobjs_inside_cpuset_by_type(topo, core->cpuset, HWLOC_OBJ_PU);
	for (int k = 0; k < n; k++) {
		hwloc_obj_t o = hwloc_get_obj_inside_cpuset_by_type(topo, core->cpuset,
								    HWLOC_OBJ_PU,
								    (unsigned)k);

		if (!o || o == pu)
			break;
		rank += hwloc_bitmap_isset(set, o->os_index);
	}
	return rank;
}

/* At most max OS indices of the PUs in set, in that order; how many. */
static inline int lt_pus_order(hwloc_topology_t topo, hwloc_const_bitmap_t set,
			       int *pus, int max)
{
	int npu = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU), got = 0;

	for (int rank = 0, more = 1; more && got < max; rank++) {
		more = 0;
		for (int i = 0; i < npu && got < max; i++) {
			hwloc_obj_t pu = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU,
							       (unsigned)i);
			int r;

			if (!pu || !hwloc_bitmap_isset(set, pu->os_index))
				continue;
			r = lt_pus_smt_rank(topo, set, pu);
			more |= r > rank;
			if (r == rank)
				pus[got++] = (int)pu->os_index;
		}
	}
	return got;
}

/*
 * At most max PUs a run without --placement uses, in that order: those
 * this process may use, narrowed by the binding it was started with
 * (taskset, numactl).  How many, or -1 when out of memory.
 */
static inline int lt_pus_default(hwloc_topology_t topo, int *pus, int max)
{
	hwloc_bitmap_t set = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(topo));
	hwloc_bitmap_t bound = hwloc_bitmap_alloc();
	int got = -1;

	if (set && bound) {
		if (hwloc_get_cpubind(topo, bound, HWLOC_CPUBIND_PROCESS) == 0 &&
		    hwloc_bitmap_intersects(set, bound))
			hwloc_bitmap_and(set, set, bound);
		got = lt_pus_order(topo, set, pus, max);
	}
	hwloc_bitmap_free(set);
	hwloc_bitmap_free(bound);
	return got;
}

#endif /* LT_PUS_H */
