/* SPDX-License-Identifier: MIT */
/*
 * The core-to-core round trip between two PUs as one machine-readable line
 * (src/runtime/probe.c); needs only cc, from the repository root:
 *   cc -O2 -pthread -Isrc/runtime -Iarch -o probe bench/probe.c src/runtime/probe.c
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "probe.h"

static int num(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || end == s || *end || *out < min || *out > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct lt_probe_cfg cfg = { 0 };
	struct lt_probe_result r;
	char why[512];
	long a, b, v;
	int c;

	while ((c = getopt(argc, argv, "r:s:2h")) != -1) {
		switch (c) {
		case 'r':
		case 's':
			if (num(optarg, 1, 1000000, &v) < 0)
				goto usage;
			*(c == 'r' ? &cfg.rounds : &cfg.samples) = (int)v;
			break;
		case '2':
			cfg.two_lines = 1;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2 || num(argv[optind], 0, 1 << 20, &a) < 0 ||
	    num(argv[optind + 1], 0, 1 << 20, &b) < 0)
		goto usage;
	cfg.pu_a = (int)a;
	cfg.pu_b = (int)b;
	if (lt_probe_run(&cfg, &r, why, sizeof(why)) < 0) {
		fprintf(stderr, "probe: %s\n", why);
		return 1;
	}
	printf("probe pu_a=%d pu_b=%d lines=%d samples=%d rounds=%d rtt_ns_median=%.1f "
	       "rtt_ns_min=%.1f rtt_ns_p90=%.1f one_way_ns=%.1f limit_it_per_s=%.0f\n",
	       r.pu_a, r.pu_b, cfg.two_lines ? 2 : 1, r.samples, r.rounds,
	       r.rtt_ns_median, r.rtt_ns_min, r.rtt_ns_p90, r.rtt_ns_median / 2,
	       r.limit_it_per_s);
	return 0;
usage:
	fprintf(stderr, "usage: %s [-r ROUNDS] [-s SAMPLES] [-2] PU_A PU_B\n"
		"  ping-pong a cache line between PU_A and PU_B (CPU numbers);\n"
		"  -r round trips per sample (default %d), -s samples (default %d),\n"
		"  -2 one line per direction instead of one shared line\n",
		argv[0], LT_PROBE_DEFAULT_ROUNDS, LT_PROBE_DEFAULT_SAMPLES);
	return 2;
}
