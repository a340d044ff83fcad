/* SPDX-License-Identifier: MIT */
/* Facts about the machine a run happens on, for provenance and placement. */
#ifndef LT_HOST_H
#define LT_HOST_H

struct lt_host {
	char name[256];		/* hostname */
	char arch[65];		/* uname machine (its field is 65 bytes on Linux) */
	char cpu[256];		/* model name */
	int pus;		/* PUs this process may use */
	char topology[256];	/* "Package:1 Core:2 PU:2" */
};

/* Fill h; never fails (unknown facts become "unknown"). */
void host_probe(struct lt_host *h);

#endif /* LT_HOST_H */
