/* SPDX-License-Identifier: MIT */
/* Host facts through uname, /proc and the topology (run/place.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "run/host.h"
#include "run/place.h"

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
	struct utsname u;
	place_topo_t topo;
	char why[256];

	memset(h, 0, sizeof(*h));
	if (gethostname(h->name, sizeof(h->name) - 1) < 0)
		snprintf(h->name, sizeof(h->name), "unknown");
	snprintf(h->arch, sizeof(h->arch), "%s",
		 uname(&u) == 0 ? u.machine : "unknown");
	cpu_model(h->cpu, sizeof(h->cpu));
	h->pus = (int)sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(h->topology, sizeof(h->topology), "unknown");
	topo = place_topology(why, sizeof(why));
	if (topo)
		place_describe(topo, h->topology, sizeof(h->topology), &h->pus);
}
