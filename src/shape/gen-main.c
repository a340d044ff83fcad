/* SPDX-License-Identifier: MIT */
/*
 * litmus-gen: compile shapes (diy-style cycles or named families) into herd
 * .litmus tests for one architecture, or write the project's standard suite.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "litmus/arch-ops.h"
#include "litmus/parse.h"
#include "shape/shape.h"
#include "shape/shape-c11.h"
#include "util/buf.h"

#define EXIT_USAGE 2
#define EXIT_SHAPE 3

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: litmus-gen --arch=NAME [OPTIONS] SHAPE...\n"
		"       litmus-gen --arch=NAME --suite=DIR\n"
		"Compile shapes into herd .litmus tests for one architecture.\n"
		"  SHAPE: a cycle of edges (\"PodWR Fre PodWR Fre\") or a named shape\n"
		"         (SB, MP+fences, MP+lwsync+addr, IRIW+syncs, ...); see doc/shapes.md.\n"
		"  --arch=NAME    an arch of --list-arches: its name, an alias or herd's word;\n"
		"                 C for C11 atomics tests\n"
		"  --list-arches  print the known arches and their fields, one per line\n"
		"  --kind         print \"NAME Allowed|Forbidden\" instead of the test\n"
		"  --list-suite   print the names of the standard suite's tests\n"
		"  --suite=DIR    write the standard suite (NAME.litmus, kinds.txt) into DIR\n"
		"  -h, --help     this text\n"
		"Exit: 0 ok, 2 usage or I/O error, 3 a shape is malformed or not expressible.\n");
}

/* Compile one shape; the text must also be accepted by litmus-run's parser. */
static int gen_one(const char *spec, const struct lt_shape_arch *a,
		   struct lt_buf *text, char *name, size_t nlen, enum lt_expect *kind)
{
	struct lt_shape s;
	struct lt_error err;
	struct lt_test *t = NULL;
	char why[256];

	if (shape_parse(spec, a, &s, &err) < 0 ||
	    shape_compile(&s, a, text, kind, why, sizeof(why), &err) < 0) {
		fprintf(stderr, "litmus-gen: %s: %s\n", spec, err.msg);
		return EXIT_SHAPE;
	}
	if (litmus_parse_string(text->s, text->len, s.name, &t, &err) < 0) {
		fprintf(stderr, "litmus-gen: %s: generated test does not parse: %d:%d: %s\n",
			spec, err.pos.line, err.pos.col, err.msg);
		return EXIT_SHAPE;
	}
	lt_test_free(t);
	snprintf(name, nlen, "%s", s.name[0] ? s.name : "Shape");
	return 0;
}

struct suite_out {
	const struct lt_shape_arch *a;
	const char *dir;
	struct lt_buf kinds;
	int rc;
	int mode;	/* 0 write, 1 list */
};

static void suite_one(const char *spec, void *arg)
{
	struct suite_out *o = arg;
	struct lt_buf text = LT_BUF_INIT, path = LT_BUF_INIT;
	enum lt_expect kind;
	char name[160];
	int rc;

	if (o->mode == 1) {
		printf("%s\n", spec);
		return;
	}
	if ((rc = gen_one(spec, o->a, &text, name, sizeof(name), &kind)) != 0) {
		o->rc = rc;
		goto out;
	}
	lt_buf_printf(&path, "%s.litmus", name);
	if (shape_write(o->dir, path.s, text.s)) {
		o->rc = EXIT_USAGE;
		goto out;
	}
	lt_buf_printf(&o->kinds, "%s %s\n", name,
		      kind == LT_EXPECT_FORBIDDEN ? "Forbidden" : "Allowed");
out:
	lt_buf_free(&text);
	lt_buf_free(&path);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "kind", no_argument, NULL, 'k' },
		{ "list-suite", no_argument, NULL, 'l' },
		{ "list-arches", no_argument, NULL, 'L' },
		{ "suite", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct lt_shape_arch *a = NULL;
	const char *suite = NULL;
	bool kind_only = false, list = false, c11 = false;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if ((c11 = shape_c11_arch(optarg)))
				break;
			if (!(a = shape_arch_by_name(optarg))) {
				fprintf(stderr, "litmus-gen: --arch: unknown architecture '%s' "
					"(supported:", optarg);
				for (int k = 0; lt_arches[k]; k++)
					fprintf(stderr, " %s", lt_arches[k]->name);
				fprintf(stderr, " C)\n");
				return EXIT_USAGE;
			}
			break;
		case 'L':
			lt_arch_list(stdout);
			return 0;
		case 'k':
			kind_only = true;
			break;
		case 'l':
			list = true;
			break;
		case 's':
			suite = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (c11 && (suite || list || optind < argc)) {
		if (suite && mkdir(suite, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "litmus-gen: %s: %s\n", suite, strerror(errno));
			return EXIT_USAGE;
		}
		return shape_c11_main(suite, list, kind_only, argc - optind, argv + optind);
	}
	if (!a || (!suite && !list && optind == argc)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (suite || list) {
		struct suite_out o = { a, suite, LT_BUF_INIT, 0, list };

		if (suite && mkdir(suite, 0777) < 0 && errno != EEXIST) {
			fprintf(stderr, "litmus-gen: %s: %s\n", suite, strerror(errno));
			return EXIT_USAGE;
		}
		shape_suite(a, suite_one, &o);
		if (list || o.rc) {
			lt_buf_free(&o.kinds);
			return o.rc;
		}
		rc = shape_write(suite, "kinds.txt", o.kinds.s);
		lt_buf_free(&o.kinds);
		return rc;
	}
	for (int i = optind; i < argc; i++) {
		struct lt_buf text = LT_BUF_INIT;
		enum lt_expect kind;
		char name[160];
		int r = gen_one(argv[i], a, &text, name, sizeof(name), &kind);

		if (r == 0) {
			if (kind_only)
				printf("%s %s\n", name,
				       kind == LT_EXPECT_FORBIDDEN ? "Forbidden" : "Allowed");
			else
				fputs(text.s, stdout);
		} else if (!rc) {
			rc = r;
		}
		lt_buf_free(&text);
	}
	return rc;
}
