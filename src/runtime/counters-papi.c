/* SPDX-License-Identifier: MIT */
/*
 * The counters backend using PAPI: the requested events (presets or native
 * names), counted on thread 0 while it runs its kernel.  Machines without a
 * usable PMU (most VMs) report counters as unavailable with PAPI's reason,
 * never fail.
 */
#include <stdio.h>
#include <string.h>

#include <papi.h>

#include "counters.h"

/* "WHAT(EVENT): PAPI's message", or "WHAT: PAPI's message" without an event. */
static void lt_counters_fail(struct lt_counters *c, const char *what,
			     const char *event, int rc)
{
	c->ok = 0;
	if (event)
		snprintf(c->why, sizeof(c->why), "%s(%s): %s", what, event,
			 PAPI_strerror(rc));
	else
		snprintf(c->why, sizeof(c->why), "%s: %s", what, PAPI_strerror(rc));
}

/*
 * A disabled component is the usual case on a VM ("Component containing
 * event is disabled"): add the component's own reason, which says what is
 * missing (e.g. "perf_event: Error libpfm4 no default PMU found").  Nothing
 * is added while the event's component is enabled.
 */
static void lt_counters_why_component(struct lt_counters *c, int code)
{
	const PAPI_component_info_t *ci;
	size_t used = strlen(c->why);
	int cidx = PAPI_get_event_component(code);

	ci = cidx >= 0 ? PAPI_get_component_info(cidx) : NULL;
	if (ci && ci->disabled && ci->disabled_reason[0])
		snprintf(c->why + used, sizeof(c->why) - used, " (%s: %s)", ci->name,
			 ci->disabled_reason);
}

int lt_counters_start(struct lt_counters *c, const struct lt_counter_list *events)
{
	int codes[LT_COUNTERS_MAX];
	int rc;

	c->events = events;
	c->handle = PAPI_NULL;
	c->ok = 1;
	memset(c->value, 0, sizeof(c->value));
	c->why[0] = '\0';

	rc = PAPI_library_init(PAPI_VER_CURRENT);
	if (rc != PAPI_VER_CURRENT) {
		if (rc > 0)
			snprintf(c->why, sizeof(c->why),
				 "PAPI_library_init: library version %d.%d differs from header %d.%d",
				 PAPI_VERSION_MAJOR(rc), PAPI_VERSION_MINOR(rc),
				 PAPI_VERSION_MAJOR(PAPI_VER_CURRENT),
				 PAPI_VERSION_MINOR(PAPI_VER_CURRENT));
		else
			lt_counters_fail(c, "PAPI_library_init", NULL, rc);
		c->ok = 0;
		return -1;
	}
	/* Every name first: an unknown event is reported as such, even here. */
	for (int k = 0; k < events->n; k++) {
		rc = PAPI_event_name_to_code(events->name[k], &codes[k]);
		if (rc != PAPI_OK) {
			lt_counters_fail(c, "PAPI_event_name_to_code", events->name[k], rc);
			goto shutdown;
		}
	}
	/*
	 * PAPI counts the calling thread only (no inheritance), which is what
	 * we want: thread 0 runs on the calling thread and the other threads
	 * never touch PAPI, so PAPI_thread_init is not needed.
	 */
	rc = PAPI_create_eventset(&c->handle);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_create_eventset", NULL, rc);
		c->handle = PAPI_NULL;
		goto shutdown;
	}
	for (int k = 0; k < events->n; k++) {
		rc = PAPI_add_event(c->handle, codes[k]);
		if (rc != PAPI_OK) {
			lt_counters_fail(c, "PAPI_add_event", events->name[k], rc);
			lt_counters_why_component(c, codes[k]);
			goto err;
		}
	}
	rc = PAPI_start(c->handle);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_start", NULL, rc);
		goto err;
	}
	return 0;
err:
	PAPI_cleanup_eventset(c->handle);
	PAPI_destroy_eventset(&c->handle);
	c->handle = PAPI_NULL;
shutdown:
	PAPI_shutdown();
	return -1;
}

void lt_counters_mark(struct lt_counters *c)
{
	int rc;

	if (!c->ok)
		return;
	rc = PAPI_reset(c->handle);
	if (rc != PAPI_OK)
		lt_counters_fail(c, "PAPI_reset", NULL, rc);
}

void lt_counters_accum(struct lt_counters *c)
{
	long long v[LT_COUNTERS_MAX] = { 0 };
	int rc;

	if (!c->ok)
		return;
	/*
	 * The section began with PAPI_reset, so a plain read is exactly the
	 * section; the collection work thread 0 does between batches is left
	 * out because the next lt_counters_mark resets again.
	 */
	rc = PAPI_read(c->handle, v);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_read", NULL, rc);
		return;
	}
	for (int k = 0; k < c->events->n; k++)
		c->value[k] += (uint64_t)v[k];
}

void lt_counters_stop(struct lt_counters *c)
{
	long long v[LT_COUNTERS_MAX];
	int rc;

	if (c->handle == PAPI_NULL)
		return;
	rc = PAPI_stop(c->handle, v);
	if (rc != PAPI_OK && c->ok)
		lt_counters_fail(c, "PAPI_stop", NULL, rc);
	PAPI_cleanup_eventset(c->handle);
	PAPI_destroy_eventset(&c->handle);
	c->handle = PAPI_NULL;
	PAPI_shutdown();
}
