/* SPDX-License-Identifier: MIT */
/*
 * The counters backend for builds without PAPI (cross builds, lab boards):
 * always reports counters as unavailable.
 */
#include <stdio.h>
#include <string.h>

#include "counters.h"

int lt_counters_start(struct lt_counters *c, const struct lt_counter_list *events)
{
	c->events = events;
	c->handle = -1;
	c->ok = 0;
	memset(c->value, 0, sizeof(c->value));
	snprintf(c->why, sizeof(c->why), "built without PAPI");
	return -1;
}

void lt_counters_mark(struct lt_counters *c)
{
	(void)c;
}

void lt_counters_accum(struct lt_counters *c)
{
	(void)c;
}

void lt_counters_stop(struct lt_counters *c)
{
	(void)c;
}
