/* SPDX-License-Identifier: MIT */
/*
 * A build --without-hwloc has no topology: place_topology() says so, so
 * --placement and --probe refuse with that message, and host facts keep
 * sysconf's PU count.  The rest of place.h takes a topology, which cannot
 * exist here: each answers as for a machine without the class.
 */
#include <config.h>

#include <stdio.h>

#include "run/place.h"

place_topo_t place_topology(char *why, size_t len)
{
	snprintf(why, len, "--placement: this litmus-run was built without hwloc "
		 "(configure --without-hwloc), so it cannot read the machine's topology");
	return NULL;
}

int place_npus(place_topo_t topo)
{
	return 0;
}

void place_describe(place_topo_t topo, char *out, size_t len, int *pus)
{
	snprintf(out, len, "unknown");
}

int place_plan(place_topo_t topo, place_cpuset_t allowed,
	       enum lt_place_class c, int nthreads, int ninst, int *pus,
	       char *why, size_t len)
{
	place_topology(why, len);
	return -1;
}

int place_max_instances(place_topo_t topo, place_cpuset_t allowed,
			enum lt_place_class c, int nthreads)
{
	return 0;
}

int place_pair_class(place_topo_t topo, int a, int b)
{
	return -1;
}

int place_default(place_topo_t topo, int n, int *pus)
{
	return -1;
}
