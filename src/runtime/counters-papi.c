/* SPDX-License-Identifier: MIT */
/*
 * The counters backend using PAPI: cycles and instructions retired by
 * thread 0 while it runs its kernel.  Machines without a usable PMU (most
 * VMs) report counters as unavailable with PAPI's reason, never fail.
 */
#include <stdio.h>

#include <papi.h>

#include "counters.h"

static void lt_counters_fail(struct lt_counters *c, const char *what, int rc)
{
	c->ok = 0;
	snprintf(c->why, sizeof(c->why), "%s: %s", what, PAPI_strerror(rc));
}

int lt_counters_start(struct lt_counters *c)
{
	int rc;

	c->handle = PAPI_NULL;
	c->ok = 1;
	c->cycles = 0;
	c->instructions = 0;
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
			lt_counters_fail(c, "PAPI_library_init", rc);
		c->ok = 0;
		return -1;
	}
	/*
	 * PAPI counts the calling thread only (no inheritance), which is what
	 * we want: thread 0 runs on the calling thread and the other threads
	 * never touch PAPI, so PAPI_thread_init is not needed.
	 */
	rc = PAPI_create_eventset(&c->handle);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_create_eventset", rc);
		c->handle = PAPI_NULL;
		return -1;
	}
	rc = PAPI_add_event(c->handle, PAPI_TOT_CYC);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_add_event(PAPI_TOT_CYC)", rc);
		goto err;
	}
	rc = PAPI_add_event(c->handle, PAPI_TOT_INS);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_add_event(PAPI_TOT_INS)", rc);
		goto err;
	}
	rc = PAPI_start(c->handle);
	if (rc != PAPI_OK) {
		lt_counters_fail(c, "PAPI_start", rc);
		goto err;
	}
	return 0;
err:
	PAPI_cleanup_eventset(c->handle);
	PAPI_destroy_eventset(&c->handle);
	c->handle = PAPI_NULL;
	return -1;
}

void lt_counters_mark(struct lt_counters *c)
{
	int rc;

	if (!c->ok)
		return;
	rc = PAPI_reset(c->handle);
	if (rc != PAPI_OK)
		lt_counters_fail(c, "PAPI_reset", rc);
}

void lt_counters_accum(struct lt_counters *c)
{
	long long v[2] = { 0, 0 };
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
		lt_counters_fail(c, "PAPI_read", rc);
		return;
	}
	c->cycles += (uint64_t)v[0];
	c->instructions += (uint64_t)v[1];
}

void lt_counters_stop(struct lt_counters *c)
{
	long long v[2];
	int rc;

	if (c->handle == PAPI_NULL)
		return;
	rc = PAPI_stop(c->handle, v);
	if (rc != PAPI_OK && c->ok)
		lt_counters_fail(c, "PAPI_stop", rc);
	PAPI_cleanup_eventset(c->handle);
	PAPI_destroy_eventset(&c->handle);
	c->handle = PAPI_NULL;
	PAPI_shutdown();
}
