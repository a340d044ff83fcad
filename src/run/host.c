/* SPDX-License-Identifier: MIT */
/* Host facts through hwloc and uname. */
#include "config.h"

#include <hwloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "run/host.h"

static void cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		/* x86 "model name", POWER "cpu", some ARM kernels "Model". */
		if (!strncmp(line, "model name", 10) || !strncmp(line, "cpu\t", 4) ||
		    !strncmp(line, "Model", 5)) {
			char *v = strchr(line, ':');

			if (!v)
				continue;
			v++;
			while (*v == ' ' || *v == '\t')
				v++;
			v[strcspn(v, "\n")] = '\0';
			snprintf(out, len, "%s", v);
			break;
		}
	}
	fclose(f);
}

void host_probe(struct lt_host *h)
{
	static const struct {
		hwloc_obj_type_t type;
		const char *name;
	} levels[] = {
		{ HWLOC_OBJ_PACKAGE, "Package" },
		{ HWLOC_OBJ_NUMANODE, "NUMANode" },
		{ HWLOC_OBJ_L3CACHE, "L3" },
		{ HWLOC_OBJ_CORE, "Core" },
		{ HWLOC_OBJ_PU, "PU" },
	};
	struct utsname u;
	hwloc_topology_t topo;
	size_t off = 0;

	memset(h, 0, sizeof(*h));
	if (gethostname(h->name, sizeof(h->name) - 1) < 0)
		snprintf(h->name, sizeof(h->name), "unknown");
	snprintf(h->arch, sizeof(h->arch), "%s",
		 uname(&u) == 0 ? u.machine : "unknown");
	cpu_model(h->cpu, sizeof(h->cpu));
	h->pus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(h->topology, sizeof(h->topology), "unknown");
	if (hwloc_topology_init(&topo) < 0)
		return;
	if (hwloc_topology_load(topo) == 0) {
		h->pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
		for (size_t k = 0; k < sizeof(levels) / sizeof(levels[0]); k++) {
			int n = hwloc_get_nbobjs_by_type(topo, levels[k].type);

			if (n <= 0 || off >= sizeof(h->topology))
				continue;
			off += (size_t)snprintf(h->topology + off,
						sizeof(h->topology) - off, "%s%s:%d",
						off ? " " : "", levels[k].name, n);
		}
	}
	hwloc_topology_destroy(topo);
}
