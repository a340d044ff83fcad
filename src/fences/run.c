/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences --run: run the compiled tests and judge what they show.
 *
 * What runs is each cell's lifted test: the instructions the compiler
 * emitted, as the cell's model check read them (stack slots as registers,
 * the observed locals' markers as register moves; src/fences/lift.c).  A
 * group's lifted tests are run by litmus-run itself (this executable, as a
 * child: the same kernels, cache and watchdog as any asm run), natively or
 * under qemu-user.  Running the C test again through a compiler would run
 * another compile, whose schedule of racy plain accesses may differ from
 * the one checked; the lifted test is the checked code by construction.
 * Each outcome observed, renamed to the source test's observables through
 * the cell's observed_as, is then looked up in the cell's compiled_allowed
 * (the arch model on the lifted code) and source_allowed (the source model
 * on the C test): an outcome outside the first means the model check of the
 * compiled code missed something the machine does (or an emulator
 * deviates); one outside the second is a compilation bug shown on the
 * machine.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fences/fences.h"
#include "run/exec.h"
#include "util/buf.h"
#include "util/fs.h"

/* Whether state (an object) is one of the objects of array set. */
static bool state_in(json_t *state, json_t *set)
{
	size_t i;
	json_t *s;

	json_array_foreach(set, i, s)
		if (json_equal(s, state))
			return true;
	return false;
}

static json_t *find_test(json_t *tests, const char *path)
{
	size_t i;
	json_t *t;

	json_array_foreach(tests, i, t) {
		const char *f = json_string_value(json_object_get(t, "file"));

		if (f && !strcmp(f, path))
			return t;
	}
	return NULL;
}

/*
 * An outcome of the lifted test (its observables' names) in the source
 * test's names, through observed_as ({source name: lifted name}): the names
 * compiled_allowed and source_allowed use.  An observable observed_as does
 * not name keeps its name, so that it can only fail to match.
 */
static json_t *source_state(json_t *outcome, json_t *observed_as)
{
	json_t *st = json_object(), *v;
	const char *lk;

	json_object_foreach(outcome, lk, v) {
		const char *name = lk, *sk;
		json_t *as;

		json_object_foreach(observed_as, sk, as)
			if (json_is_string(as) && !strcasecmp(json_string_value(as), lk))
				name = sk;
		json_object_set(st, name, v);
	}
	return st;
}

/* Judge one test's histogram against its cell; the cell gets "run". */
static void judge(json_t *t, json_t *cell, struct fx_run_counts *c)
{
	json_t *run = json_object(), *outside = json_array(), *forb = json_array(), *h;
	json_t *ca = json_object_get(cell, "compiled_allowed");
	json_t *sa = json_object_get(cell, "source_allowed");
	const char *status = json_string_value(json_object_get(t, "status"));
	bool emulated = json_is_true(json_object_get(t, "emulated"));
	size_t i;

	json_object_set_new(run, "status", json_string(status ? status : "?"));
	json_object_set_new(run, "emulated", json_boolean(emulated));
	json_object_set(run, "iterations", json_object_get(t, "iterations"));
	json_object_set_new(run, "outcomes",
			    json_integer((json_int_t)json_array_size(json_object_get(t, "histogram"))));
	c->tests++;
	c->emulated |= emulated;
	if (!status || strcmp(status, "ok"))
		c->failed++;
	json_array_foreach(json_object_get(t, "histogram"), i, h) {
		json_t *o = source_state(json_object_get(h, "outcome"),
					 json_object_get(cell, "observed_as"));
		json_t *e = json_pack("{s:O, s:O}", "state", o, "count", json_object_get(h, "count"));

		c->outcomes++;
		/* A cell the lift could not check has no compiled_allowed to hold it to. */
		if (json_is_array(ca) && !state_in(o, ca)) {
			json_array_append(outside, e);
			c->outside++;
		}
		if (json_is_array(sa) && !state_in(o, sa)) {
			json_array_append(forb, e);
			c->forbidden++;
		}
		json_decref(e);
		json_decref(o);
	}
	json_object_set_new(run, "outside_compiled", outside);
	json_object_set_new(run, "forbidden_at_source", forb);
	json_object_set_new(cell, "run", run);
}

static void free_paths(char **p, int n)
{
	for (int k = 0; k < n; k++)
		free(p[k]);
	free(p);
}

void fx_file_name(const char *name, char *out, size_t len)
{
	size_t i;

	for (i = 0; name && name[i] && i + 1 < len; i++) {
		unsigned char ch = (unsigned char)name[i];

		/* A leading '.' would make "..", "." or a hidden file. */
		out[i] = isalnum(ch) || strchr("+-_", ch) || (ch == '.' && i) ? name[i] : '_';
	}
	if (!i && len > 1)
		out[i++] = '_';
	if (len)
		out[i] = '\0';
}

/* A file name for cell k's lifted test: its index, then its name made a file name. */
static void lifted_path(const char *dir, int k, const char *name, char *out, size_t len)
{
	char safe[96];

	fx_file_name(name, safe, sizeof(safe));
	lt_snprintf_cut(out, len, "%s/%04d-%s.litmus", dir, k, safe);
}

/*
 * The end of a group's run: without -o, its directory goes after a clean
 * run (every lifted test run and ok); after a failure it stays for its log
 * and lifted tests, and stderr says where.  rc: the run's.
 */
/* "--OPT=N", or "--OPT=none" for 0. */
static void limit_arg(char *out, size_t len, const char *opt, unsigned n)
{
	if (n)
		snprintf(out, len, "%s=%u", opt, n);
	else
		snprintf(out, len, "%s=none", opt);
}

static int run_dir_done(const struct fx_run_opts *o, const char *dir, int rc,
			const struct fx_run_counts *c)
{
	if (o->outdir)
		return rc;
	if (rc == 0 && !c->failed) {
		if (lt_remove_tree(dir) < 0)
			fprintf(stderr, "litmus-run: fences: cannot remove %s: %s\n", dir,
				strerror(errno));
	} else {
		fprintf(stderr, "litmus-run: fences: the run's files are kept in %s\n", dir);
	}
	return rc;
}

int fx_run_group(const char *arch, const char *cc, const char *cflags, json_t *const *cells,
		 int n, const struct fx_run_opts *o, int serial, struct fx_run_counts *c,
		 char *why, size_t len)
{
	char dir[4096], ldir[4200], list[4200], json[4200], log[4200], self[4096], res[4200];
	char a1[256], a4[64], a5[64], a6[64], a7[64], a8[64], **paths;
	struct lt_buf text = LT_BUF_INIT;
	json_error_t err;
	json_t *doc;
	ssize_t sl;
	pid_t pid, w = -1;
	int fd, status = 0, nrun = 0, rc = -1;

	memset(c, 0, sizeof(*c));
	sl = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (sl <= 0) {
		snprintf(why, len, "cannot find litmus-run itself: %s", strerror(errno));
		return -1;
	}
	self[sl] = '\0';
	if (o->outdir)
		snprintf(dir, sizeof(dir), "%s/run-%d-%s", o->outdir, serial, arch);
	else
		snprintf(dir, sizeof(dir), "%s/litmus-run-fences.XXXXXX",
			 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if ((o->outdir ? lt_mkdirs(dir) : (mkdtemp(dir) ? 0 : -1)) < 0) {
		snprintf(why, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(ldir, sizeof(ldir), "%s/lifted", dir);
	snprintf(list, sizeof(list), "%s/tests.list", dir);
	snprintf(json, sizeof(json), "%s/run.json", dir);
	snprintf(log, sizeof(log), "%s/run.log", dir);
	snprintf(res, sizeof(res), "%s/results", dir);
	/* The lifted tests, by absolute path (a list's relative paths are read from its own directory). */
	paths = lt_xcalloc((size_t)n + 1, sizeof(*paths));
	if (lt_mkdirs(ldir) < 0) {
		snprintf(why, len, "%s: %s", ldir, strerror(errno));
		goto out;
	}
	for (int k = 0; k < n; k++) {
		const char *lifted = json_string_value(json_object_get(cells[k], "lifted"));
		char p[4400];

		if (!lifted) {
			/* Unsupported: nothing was lifted, so nothing of this cell's can run. */
			c->unlifted++;
			continue;
		}
		lifted_path(ldir, k, json_string_value(json_object_get(cells[k], "test")), p,
			    sizeof(p));
		if (lt_write_file(p, lifted, strlen(lifted), 0644, why, len) < 0)
			goto out;
		paths[k] = realpath(p, NULL);
		if (!paths[k]) {
			snprintf(why, len, "%s: %s", p, strerror(errno));
			goto out;
		}
		lt_buf_printf(&text, "%s\n", paths[k]);
		nrun++;
	}
	if (!nrun) {
		rc = 0;
		goto out;
	}
	if (lt_write_file(list, text.s, text.len, 0644, why, len) < 0)
		goto out;
	snprintf(a1, sizeof(a1), "--arch=%s", arch);
	snprintf(a4, sizeof(a4), "--iterations=%lu", o->iterations);
	snprintf(a5, sizeof(a5), "--timeout=%u", o->timeout_s);
	limit_arg(a6, sizeof(a6), "--cc-timeout", o->cc_timeout_s);
	limit_arg(a7, sizeof(a7), "--cc-memory", o->cc_memory_mib);
	limit_arg(a8, sizeof(a8), "--model-timeout", o->model_timeout_s);
	{
		char at[4300], jarg[4300];
		char *argv[] = { self, a1, a4, a5, a6, a7, a8, "--no-progress", "-q", "--force",
				 "-o", res, jarg, at, NULL };

		snprintf(at, sizeof(at), "@%s", list);
		snprintf(jarg, sizeof(jarg), "--json=%s", json);
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
		pid = fd < 0 ? -1 : exec_spawn(argv, fd, fd);
		if (fd >= 0)
			close(fd);
	}
	/* A signal caught meanwhile (EINTR) does not end the wait: the child still runs. */
	if (pid > 0)
		while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
			;
	if (pid < 0 || w != pid) {
		snprintf(why, len, "cannot run %s", self);
		goto out;
	}
	/* Exit 1 (a forbidden state by the arch model) and 4 (a test failed) still report. */
	doc = json_load_file(json, 0, &err);
	if (!doc) {
		snprintf(why, len, "the run of %s %s %s left no JSON (exit %d; see %s)", arch, cc,
			 cflags, WIFEXITED(status) ? WEXITSTATUS(status) : -1, log);
		goto out;
	}
	for (int k = 0; k < n; k++) {
		json_t *t = paths[k] ? find_test(json_object_get(doc, "tests"), paths[k]) : NULL;

		if (t)
			judge(t, cells[k], c);
		else if (paths[k])
			c->failed++;	/* lifted, listed, and absent from the run's JSON */
	}
	json_decref(doc);
	rc = 0;
out:
	lt_buf_free(&text);
	free_paths(paths, n);
	return run_dir_done(o, dir, rc, c);
}
