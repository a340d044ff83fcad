/* SPDX-License-Identifier: MIT */
/*
 * The test executable's options (-n, -b, -p, -s, -d, -P, -L, -I, -C and
 * the rest) and the settling of the synchronisation mode.
 */
#include "rt.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static int lt_rt_sync_parse(const char *s);

/* -L: comma-separated words; later words override earlier ones. */
static int lt_rt_parse_layout(const char *arg, struct lt_rt_layout *l)
{
	char buf[256], *save = NULL;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "fresh") || !strcmp(w, "reuse")) {
			l->reuse = w[0] == 'r';
		} else if (!strcmp(w, "line") || !strcmp(w, "packed")) {
			l->packed = w[0] == 'p';
		} else if (!strcmp(w, "seq") || !strcmp(w, "shuffle")) {
			l->shuffle = w[1] == 'h';
		} else if (!strncmp(w, "stride=", 7)) {
			char *end;
			unsigned long v;

			errno = 0;
			v = strtoul(w + 7, &end, 10);
			if (errno || *end || w[7] < '0' || w[7] > '9' ||
			    v > LT_RT_MAX_STRIDE)
				return -1;
			l->stride = (int)v;
		} else {
			return -1;
		}
	}
	return 0;
}

static void lt_rt_usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [-n ITERATIONS] [-s BATCH] [-p PU[,PU...]] [-S SYNC] [-d DELAY]\n"
		"          [-L LAYOUT] [-I INSTANCES] [-C EVENTS]\n"
		"       [-P NS] [-q] [-h]\n"
		"  -n N     outcomes to collect (default %d)\n"
		"  -s N     iterations per batch (default %d; perpetual %d)\n"
		"  -S SYNC  auto | spin | flags | timebase | perpetual (default:\n"
		"           the form the kernel was generated for; auto kernels\n"
		"           calibrate and run the best mode)\n"
		"  -d N     perpetual: at most N pauses between iterations (default:\n"
		"           calibrated)\n"
		"  -P NS    timebase: ns between iteration starts (default %d)\n"
		"  -p LIST  pin thread t to entry t of LIST (PU os indices,\n"
		"           reused round robin when LIST is shorter)\n"
		"  -L LIST  memory layout, comma-separated: fresh (cells per\n"
		"           iteration, default) | reuse (one set, re-initialised\n"
		"           before each iteration); line (a cache line per\n"
		"           location, default) | packed (locations share a line);\n"
		"           stride=N (cache lines between iterations); seq\n"
		"           (default) | shuffle (random order of cells per batch)\n"
		"  -I N     N instances of the test at once, each with its own\n"
		"           threads and cells (0: as many as the PUs hold);\n"
		"           -n counts per instance\n"
		"  -C LIST  hardware events counted on thread 0 while it runs its\n"
		"           kernel: up to %d comma-separated PAPI names, or none\n"
		"           (default %s)\n"
		"  -q       no warnings on stderr\n"
		"  -h       this help\n"
		"Prints the raw histogram (\"litmus-raw 1\") on stdout.\n",
		prog, LT_RT_DEFAULT_ITERS, LT_RT_DEFAULT_BATCH, LT_RT_PERP_BATCH,
		LT_RT_DEFAULT_TB_NS, LT_COUNTERS_MAX, LT_COUNTERS_DEFAULT);
}

static int lt_rt_parse_size(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0 || v > SIZE_MAX / 2)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int lt_rt_parse_pins(const char *s, struct lt_rt_opts *o)
{
	int n = 1;

	for (const char *p = s; *p; p++)
		n += *p == ',';
	if (n > LT_RT_MAX_PIN_LIST)
		return -1;
	free(o->pin);
	o->pin = calloc((size_t)n, sizeof(*o->pin));
	if (!o->pin)
		return -1;
	o->npin = 0;
	while (o->npin < n) {
		unsigned long v;
		char *end;

		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		v = strtoul(s, &end, 10);
		if (errno || v > INT_MAX || (*end && *end != ','))
			return -1;
		o->pin[o->npin++] = (int)v;
		s = *end ? end + 1 : end;
	}
	return 0;
}

/*
 * "PROG: -C: expected WHAT, got 'ARG'": the one message for a bad argument
 * of option -C (what: a printf format).  Returns -1.
 */
static int bad_arg(const char *prog, int opt, const char *arg, const char *what, ...)
	__attribute__((format(printf, 4, 5)));
static int bad_arg(const char *prog, int opt, const char *arg, const char *what, ...)
{
	va_list ap;

	fprintf(stderr, "%s: -%c: expected ", prog, opt);
	va_start(ap, what);
	vfprintf(stderr, what, ap);
	va_end(ap);
	fprintf(stderr, ", got '%s'\n", arg);
	return -1;
}

/*
 * -d and -I: "0", a setting of its own (no delay; fill the PUs), or a
 * count from 1 to max, of what.  0, or -1 after a message.
 */
static int zero_or_count(const char *prog, int opt, const char *arg, size_t max,
			 const char *what, int *out)
{
	size_t v;

	if (!strcmp(arg, "0")) {
		*out = 0;
		return 0;
	}
	if (lt_rt_parse_size(arg, &v) < 0 || v > max)
		return bad_arg(prog, opt, arg, "0 to %zu %s", max, what);
	*out = (int)v;
	return 0;
}

/* 0: run; 1: done (help printed); -1: usage error (reported). */
int lt_rt_parse_opts(int argc, char **argv, struct lt_rt_opts *o)
{
	const char *prog = argc > 0 && argv[0] ? argv[0] : "litmus-test";
	int c;

	o->iters = LT_RT_DEFAULT_ITERS;
	o->batch = LT_RT_DEFAULT_BATCH;
	o->pin = NULL;
	o->npin = 0;
	o->quiet = 0;
	o->sync = -1;
	o->delay = -1;
	o->delay_tuned = 0;
	o->period_ns = LT_RT_DEFAULT_TB_NS;
	o->period_given = 0;
	o->batch_given = 0;
	o->layout = (struct lt_rt_layout){ -1, -1, -1, -1 };
	o->instances = 1;
	lt_counters_parse(LT_COUNTERS_DEFAULT, &o->counters, NULL, 0);
	opterr = 0;
	optind = 1;
	while ((c = getopt(argc, argv, ":n:s:p:S:d:P:L:I:C:qh")) != -1) {
		size_t v;

		switch (c) {
		case 'S':
			o->sync = lt_rt_sync_parse(optarg);
			if (o->sync < 0)
				return bad_arg(prog, c, optarg,
					       "auto, spin, flags, timebase or perpetual");
			continue;
		case 'd':
			if (zero_or_count(prog, c, optarg, 1000000, "pauses", &o->delay) < 0)
				return -1;
			continue;
		case 'L':
			if (lt_rt_parse_layout(optarg, &o->layout) < 0)
				return bad_arg(prog, c, optarg, "fresh, reuse, line, packed, seq, "
					       "shuffle or stride=N (N <= %d)", LT_RT_MAX_STRIDE);
			continue;
		case 'I':
			if (zero_or_count(prog, c, optarg, 4096, "instances", &o->instances) < 0)
				return -1;
			continue;
		case 'C': {
			char why[200];

			if (lt_counters_parse(optarg, &o->counters, why, sizeof(why)) < 0) {
				fprintf(stderr, "%s: -C: %s\n", prog, why);
				return -1;
			}
			continue;
		}
		case 'P':
			if (lt_rt_parse_size(optarg, &v) < 0 || v > 1000000000)
				return bad_arg(prog, c, optarg, "a period in ns");
			o->period_ns = (unsigned)v;
			o->period_given = 1;
			continue;
		default:
			break;
		}
		switch (c) {
		case 'n':
			if (lt_rt_parse_size(optarg, &o->iters) < 0)
				return bad_arg(prog, c, optarg, "a positive count");
			break;
		case 's':
			if (lt_rt_parse_size(optarg, &o->batch) < 0)
				return bad_arg(prog, c, optarg, "a positive count");
			o->batch_given = 1;
			break;
		case 'p':
			if (lt_rt_parse_pins(optarg, o) < 0)
				return bad_arg(prog, c, optarg, "PU os indices separated by commas");
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			lt_rt_usage(stdout, prog);
			fflush(stdout);
			return 1;
		case ':':
			fprintf(stderr, "%s: option -%c needs an argument\n", prog, optopt);
			lt_rt_usage(stderr, prog);
			return -1;
		default:
			fprintf(stderr, "%s: unknown option -%c\n", prog, optopt);
			lt_rt_usage(stderr, prog);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		lt_rt_usage(stderr, prog);
		return -1;
	}
	return 0;
}

const char *const lt_rt_sync_names[5] = {
	[LT_RT_SYNC_SPIN] = "spin",
	[LT_RT_SYNC_FLAGS] = "flags",
	[LT_RT_SYNC_TIMEBASE] = "timebase",
	[LT_RT_SYNC_PERPETUAL] = "perpetual",
	[LT_RT_SYNC_AUTO] = "auto",
};

static int lt_rt_sync_parse(const char *s)
{
	for (int m = 0; m < 5; m++)
		if (!strcmp(s, lt_rt_sync_names[m]))
			return m;
	return -1;
}

/*
 * Settle the mode against the kernel: a perpetual kernel has no barrier
 * calls and a barrier kernel records no per-iteration values, so neither
 * can run the other's way.  Then the batch size, which depends on it.
 */
int lt_rt_sync_settle(struct lt_rt_ctx *ctx, struct lt_rt_opts *o)
{
	int perp = ctx->test->perpetual != NULL;

	if (o->sync < 0)
		o->sync = perp ? LT_RT_SYNC_PERPETUAL : LT_RT_SYNC_SPIN;
	if (o->sync == LT_RT_SYNC_AUTO) {
		lt_rt_seterr(ctx, "-S auto: this kernel was generated for %s",
			     perp ? "-S perpetual only" : "barrier modes only");
		return -1;
	}
	if (perp != (o->sync == LT_RT_SYNC_PERPETUAL)) {
		lt_rt_seterr(ctx, "-S %s: this kernel was generated for %s",
			     lt_rt_sync_names[o->sync],
			     perp ? "-S perpetual only" : "barrier modes only");
		return -1;
	}
	/*
	 * A perpetual kernel runs on one set of cells by construction, so
	 * only the location spacing applies; reused cells need the
	 * handshake of a barrier to re-initialise them in.
	 */
	if (perp && (o->layout.reuse == 0 || o->layout.shuffle > 0 ||
		     o->layout.stride > 0)) {
		lt_rt_seterr(ctx, "-S perpetual: one set of cells for the whole run; "
			     "-L fresh, shuffle and stride=N do not apply");
		return -1;
	}
	if (o->layout.reuse > 0 && o->sync == LT_RT_SYNC_TIMEBASE) {
		lt_rt_seterr(ctx, "-L reuse needs a handshake to re-initialise the "
			     "cells in: -S spin or flags, not timebase");
		return -1;
	}
	if (o->layout.reuse > 0 && (o->layout.shuffle > 0 || o->layout.stride > 0)) {
		lt_rt_seterr(ctx, "-L reuse: one set of cells, so shuffle and stride=N do not apply");
		return -1;
	}
	if (o->layout.reuse < 0)
		o->layout.reuse = perp;
	if (o->layout.packed < 0)
		o->layout.packed = 0;
	if (o->layout.shuffle < 0)
		o->layout.shuffle = 0;
	if (o->layout.stride < 0)
		o->layout.stride = 0;
	if (perp && !o->batch_given)
		o->batch = LT_RT_PERP_BATCH;
	if (o->batch > o->iters)
		o->batch = o->iters;
	/*
	 * Perpetual stores write the run's iteration number + 1 into
	 * locations of at least 4 bytes (src/gen/perpetual.c): keep it
	 * positive as a 32-bit value so that reads compare exactly.
	 */
	if (perp && o->iters >= ((size_t)1 << 31) - ((size_t)1 << 24)) {
		lt_rt_seterr(ctx, "-S perpetual: at most %zu iterations",
			     ((size_t)1 << 31) - ((size_t)1 << 24) - 1);
		return -1;
	}
	return 0;
}
