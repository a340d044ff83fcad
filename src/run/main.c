/* SPDX-License-Identifier: MIT */
/*
 * litmus-run: parse litmus tests, generate and build pinned-thread kernels,
 * run each under a watchdog, and report histograms as a table and as JSON.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "litmus/arch-ops.h"
#include "run/board.h"
#include "run/build.h"
#include "run/cli.h"
#include "run/exec.h"
#include "run/host.h"
#include "run/judge.h"
#include "run/loop.h"
#include "run/probe-cmd.h"
#include "run/state.h"
#include "run/store.h"
#include "run/subcmd.h"
#include "run/suite.h"

int main(int argc, char **argv)
{
	struct run_state s;
	struct lt_filelist files = { 0 };
	char why[1024];
	int code = LT_EXIT_USAGE;

	if (subcmd_dispatch(argc, argv, &code))
		return code;
	memset(&s, 0, sizeof(s));
	if (cli_parse_options(argc, argv, &s.opt) < 0)
		return LT_EXIT_USAGE;
	if (s.opt.probe) {
		code = probe_machine(&s);
		goto out;
	}
	if (s.opt.collect_dir) {
		code = collect_bundle(&s);
		goto out;
	}
	if (s.opt.resume) {
		if (resume_setup(&s, &files) < 0)
			goto out;
	} else {
		if (!getcwd(s.cwd, sizeof(s.cwd))) {
			fprintf(stderr, "litmus-run: getcwd: %s\n", strerror(errno));
			goto out;
		}
		for (int k = optind; k < argc; k++) {
			if (suite_expand(argv[k], &files, why, sizeof(why)) < 0) {
				fprintf(stderr, "litmus-run: %s\n", why);
				goto out;
			}
		}
	}
	/* Select by name first, then shard what is selected. */
	if (!s.opt.resume && (s.opt.ninclude || s.opt.nexclude) &&
	    suite_filter(&files, s.opt.include, s.opt.ninclude, s.opt.exclude,
			 s.opt.nexclude) > 0 && files.n == 0) {
		fprintf(stderr, "litmus-run: no test name matches --include/--exclude\n");
		goto out;
	}
	if (s.opt.shard_n && !s.opt.resume) {
		shard_filter(&s.opt, &files);
		if (files.n == 0) {
			fprintf(stderr, "litmus-run: shard %d/%d of %d tests is empty\n",
				s.opt.shard_k, s.opt.shard_n, s.opt.shard_total);
			goto out;
		}
	}
	if (files.n == 0) {
		fprintf(stderr, "litmus-run: no .litmus files found\n");
		goto out;
	}

	if (s.opt.emit_dir) {
		code = emit_bundle(&s, &files);
		goto out;
	}
	if (s.opt.print_kernel) {
		parse_all(&s, &files);
		code = print_kernels(&s);
		goto out;
	}
	if (s.opt.check_only) {
		code = check_only(&s, &files);
		goto out;
	}
	if (!s.opt.arch_native && !s.opt.exec) {
		/* A foreign arch runs under its qemu-user when that is installed. */
		if (!cli_in_path(s.opt.arch->qemu)) {
			fprintf(stderr, "litmus-run: cannot run %s code on this %s host: %s not "
				"found; install qemu-user or give --exec\n", s.opt.arch->name,
				lt_arch_native() ? lt_arch_native()->name : "unknown",
				s.opt.arch->qemu);
			code = LT_EXIT_NOTHING;
			goto out;
		}
		s.opt.exec = s.opt.arch->qemu;
	}
	if (s.opt.exec) {
		char **ex = exec_split(s.opt.exec, NULL);
		const char *base = ex[0] ? strrchr(ex[0], '/') : NULL;

		/* Not a crash of every test: a usage error, said once. */
		if (!cli_in_path(ex[0])) {
			fprintf(stderr, "litmus-run: --exec: '%s' is not an executable "
				"program (nor found on $PATH)\n", ex[0] ? ex[0] : "");
			exec_argv_free(ex);
			goto out;
		}

		base = base ? base + 1 : ex[0] ? ex[0] : "";
		s.emulated = !strncmp(base, "qemu-", 5);
		exec_argv_free(ex);
		/* Even with -q: an emulated result must never pass for a native one. */
		if (s.emulated)
			fprintf(stderr, "litmus-run: warning: results come from emulation (%s): "
				"they show the host's reorderings, not the target's\n",
				s.opt.exec);
	}

	code = run_tests(&s, &files);
out:
	suite_free(&files);
	free_state(&s);
	return code;
}
