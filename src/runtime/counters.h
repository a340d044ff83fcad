/* SPDX-License-Identifier: MIT */
/*
 * Hardware counters around the kernel of thread 0.  Exactly one backend is
 * linked into a test executable: counters-papi.c or counters-none.c.
 */
#ifndef LT_COUNTERS_H
#define LT_COUNTERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The events counted when none are asked for (litmus-run --counters, -C). */
#define LT_COUNTERS_DEFAULT	"PAPI_TOT_CYC,PAPI_TOT_INS"
/* What the list may hold: 16 events fit every PMU's multiplexing budget. */
#define LT_COUNTERS_MAX		16
/* PAPI_MAX_STR_LEN: the longest event name PAPI's own tables hold. */
#define LT_COUNTERS_NAME_MAX	128

/* The events asked for; n == 0 means counting is off ("none"). */
struct lt_counter_list {
	int n;
	char name[LT_COUNTERS_MAX][LT_COUNTERS_NAME_MAX];
};

/*
 * Read LIST: "none", or 1 to LT_COUNTERS_MAX comma-separated event names
 * made of the characters PAPI's preset and native names use (letters,
 * digits, _ : . = -; e.g. PAPI_TOT_CYC, perf::CYCLES, skx::L2_RQSTS:ALL).
 * Returns the number of events (0 for "none"), or -1 with why.  Shared by
 * the runtime (-C) and litmus-run (--counters), so both refuse the same.
 */
static inline int lt_counters_parse(const char *list, struct lt_counter_list *l,
				    char *why, size_t len)
{
	const char *p = list;

	l->n = 0;
	if (!strcmp(list, "none"))
		return 0;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (n == 0) {
			snprintf(why, len, "empty event name in '%s'", list);
			return -1;
		}
		if (n >= LT_COUNTERS_NAME_MAX) {
			snprintf(why, len, "event name of %zu characters (at most %d)",
				 n, LT_COUNTERS_NAME_MAX - 1);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			char ch = p[k];

			if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
			    (ch >= '0' && ch <= '9') || (ch && strchr("_:.=-", ch)))
				continue;
			if (ch >= ' ' && ch <= '~')
				snprintf(why, len, "'%c' in event name '%.*s' (expected "
					 "letters, digits, _ : . = -)", ch, (int)n, p);
			else
				snprintf(why, len, "byte 0x%02x in an event name (expected "
					 "letters, digits, _ : . = -)", (unsigned char)ch);
			return -1;
		}
		if (l->n == LT_COUNTERS_MAX) {
			snprintf(why, len, "more than %d events", LT_COUNTERS_MAX);
			return -1;
		}
		memcpy(l->name[l->n], p, n);
		l->name[l->n][n] = '\0';
		/* Each name is a key of the JSON's counter_values. */
		for (int k = 0; k < l->n; k++) {
			if (!strcmp(l->name[k], l->name[l->n])) {
				snprintf(why, len, "event '%s' listed twice", l->name[k]);
				return -1;
			}
		}
		l->n++;
		if (!p[n])
			return l->n;
		p += n + 1;
	}
}

struct lt_counters {
	const struct lt_counter_list *events;
	int handle;		/* backend's event set; -1 when closed */
	int ok;			/* 1 while every call so far succeeded */
	uint64_t value[LT_COUNTERS_MAX];	/* totals, in events' order */
	char why[320];		/* why counters are unavailable, when !ok */
};

/*
 * Open and start the events (at least one) for the calling thread.  0 on
 * success; -1 with c->why set (and c->ok = 0) when they cannot be counted
 * here, which is not an error for the run.
 */
int lt_counters_start(struct lt_counters *c, const struct lt_counter_list *events);

/* Begin a counted section on the calling thread (after lt_counters_start). */
void lt_counters_mark(struct lt_counters *c);

/* End the section begun by lt_counters_mark, adding it to the totals. */
void lt_counters_accum(struct lt_counters *c);

/* Stop and release the counters; the totals stay readable. */
void lt_counters_stop(struct lt_counters *c);

#endif /* LT_COUNTERS_H */
