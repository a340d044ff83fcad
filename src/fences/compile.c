/* SPDX-License-Identifier: MIT */
/*
 * litmus-run fences: compiling the cells (doc/fences.md, "Compile").
 *
 * Each cell's thread functions are written as a run writes them and
 * compiled with -S; the cells that share a compiler, flags and arch are
 * compiled together, up to UNIT_MAX tests per translation unit, and each
 * test's functions cut out of the unit's assembly.  The assembly is cached
 * by the cell's key.
 */
#include "config.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "litmus/arch-ops.h"
#include "fences/driver.h"
#include "fences/lift.h"
#include "run/build.h"
#include "run/exec.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/macros.h"

const char *fx_triplet_of(const char *arch)
{
	const struct fx_arch *a = fx_arch_of(arch);

	return a ? a->triplet : NULL;
}

struct ccinfo {
	char cmd[512];
	char version[256];
};

static struct ccinfo ccs[64];
static int nccs;

/* The compiler command for (cc, arch): cross gcc by name, clang by --target. */
void fx_compiler_cmd(const char *cc, const char *arch, char *out, size_t len)
{
	const char *tr = fx_triplet_of(arch);
	const struct lt_arch_ops *native = lt_arch_native();
	bool cross = !native || strcmp(native->name, arch);
	const char *base = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;

	if (strstr(base, "clang"))
		snprintf(out, len, "%s --target=%s", cc, tr);
	else if (cross && (!strcmp(cc, "gcc") || !strcmp(cc, "cc")))
		snprintf(out, len, "%s-gcc", tr);
	else
		snprintf(out, len, "%s", cc);
}

/* First line of `cmd --version`, remembered per command. */
const char *fx_cc_version(const char *cmd)
{
	struct lt_exec_result res;
	struct lt_buf b = LT_BUF_INIT;
	char **argv, why[256];

	for (int k = 0; k < nccs; k++)
		if (!strcmp(ccs[k].cmd, cmd))
			return ccs[k].version;
	if (nccs == 64)
		return "unknown";
	snprintf(ccs[nccs].cmd, sizeof(ccs[0].cmd), "%s", cmd);
	lt_buf_printf(&b, "%s --version", cmd);
	argv = exec_split(b.s, NULL);
	if (exec_capture(argv, 30, NULL, &res, why, sizeof(why)) == 0 && res.exit_code == 0 &&
	    res.out && res.out[0])
		snprintf(ccs[nccs].version, sizeof(ccs[0].version), "%.*s",
			 (int)strcspn(res.out, "\n"), res.out);
	else
		snprintf(ccs[nccs].version, sizeof(ccs[0].version), "unavailable");
	if (argv)
		exec_result_free(&res);
	exec_argv_free(argv);
	lt_buf_free(&b);
	return ccs[nccs++].version;
}

/* Whether a language other than lang's claims cc as its own compiler. */
bool fx_cc_of_other_lang(const struct fx_lang *lang, const char *cc)
{
	for (int k = 0; lt_langs[k]; k++) {
		const struct fx_lang *l = lt_langs[k]->fences_lang;

		if (l && l != lang && l->claims && l->claims(cc))
			return true;
	}
	return false;
}

const struct fx_lang *fx_lang_of(const struct lt_test *t)
{
	return t->arch->fences_lang;
}

void fx_thread_source(const struct lt_test *t, const char *arch, const char *prefix,
		      bool header, struct lt_buf *out)
{
	const struct fx_lang *l = fx_lang_of(t);

	if (header)
		l->preamble(arch, out);
	l->threads(t, arch, prefix, out);
}

/*
 * Start `cmd cflags -S` of dir/SRC into OUT.tmp for arch, its messages in
 * dir/cc.log.  The wrapper compilers of the seeded-bug tests read the
 * arch's triplet from LT_FENCES_TRIPLET.
 */
static pid_t cc_start(const char *cmd, const char *cflags, const char *arch, const char *dir,
		      const char *src, const char *out, const char *datadir,
		      const struct lt_exec_limits *lim)
{
	struct lt_buf b = LT_BUF_INIT;
	char **argv, log[4200];
	pid_t pid;
	int fd, n;

	/*
	 * The command and flags are the user's words, split at blanks; each
	 * path is one word whatever it holds (a cache under a home directory
	 * whose name has a space).
	 */
	lt_buf_printf(&b, "%s %s -S", cmd, cflags);
	argv = exec_split(b.s, &n);
	argv = lt_xrealloc(argv, (size_t)(n + 5) * sizeof(*argv));
	lt_buf_reset(&b);
	lt_buf_printf(&b, "-I%s/src/runtime", datadir);
	argv[n++] = lt_buf_steal(&b);
	argv[n++] = lt_xstrdup("-o");
	lt_buf_printf(&b, "%s.tmp", out);
	argv[n++] = lt_buf_steal(&b);
	lt_buf_printf(&b, "%s/%s", dir, src);
	argv[n++] = lt_buf_steal(&b);
	argv[n] = NULL;
	fd = lt_snprintf_ok(log, sizeof(log), "%s/cc.log", dir) ?
		open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644) : -1;
	setenv("LT_FENCES_TRIPLET", fx_triplet_of(arch), 1);
	pid = fd < 0 ? -1 : exec_spawn_limited(argv, fd, fd, lim);
	if (fd >= 0)
		close(fd);
	exec_argv_free(argv);
	lt_buf_free(&b);
	return pid;
}

/* Start the compile of job j alone (its source already in dir/test.c). */
static pid_t job_start(struct job *j, const char *dir, const char *datadir,
		       const struct lt_exec_limits *lim)
{
	return cc_start(j->cmd, j->cflags, j->arch, dir, "test.c", j->asm_path, datadir, lim);
}

static void job_done(struct job *j, const char *dir, int status)
{
	char tmp[4200], log[4200];

	if (!lt_snprintf_ok(tmp, sizeof(tmp), "%s.tmp", j->asm_path))
		lt_die("asm_path is shorter than tmp");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && rename(tmp, j->asm_path) == 0) {
		j->ok = true;
		return;
	}
	unlink(tmp);
	{
		/* A cut path would name another file: then no log line. */
		char *l = lt_snprintf_ok(log, sizeof(log), "%s/cc.log", dir) ? lt_read_file(log) : NULL;

		snprintf(j->why, sizeof(j->why), "compilation failed: %.*s",
			 l ? (int)strcspn(l, "\n") : 0, l ? l : "");
		free(l);
	}
}

/*
 * Compiling: most of a compile's time is the compiler's start and
 * lt-c11.h, not the test, so the cells that share a compiler, flags and
 * arch are compiled up to UNIT_MAX tests per translation unit.  The thread
 * functions are out of line and opaque to interprocedural optimisation
 * (LT_C_THREAD), so a function's code does not depend on its neighbours;
 * each test's functions are cut out of the unit's assembly under the names
 * a compile of the test alone would give them.  A unit that fails to
 * compile is compiled again one test at a time, so that one bad test
 * reports its own error and holds no other back.
 */
#define UNIT_MAX 48

struct unit {
	int first, n;		/* members: order[first .. first + n) */
	char dir[4200];		/* "" for a single test: its job's own directory */
	pid_t pid;
	double deadline;	/* --cc-timeout's (build_watch); 0: none */
	bool timed_out;		/* killed at it */
};

struct units {
	struct unit *u;
	int n, cap;
	int *order;		/* job indices, grouped by unit */
	int norder;
	const struct lt_exec_limits *lim;	/* of every compiler */
};

/* The compilers past their deadline: their process groups go (build_wait). */
static void units_overdue(void *arg)
{
	struct units *U = arg;

	for (int q = 0; q < U->n; q++)
		if (!U->u[q].timed_out && build_kill_overdue(U->u[q].pid, U->u[q].deadline))
			U->u[q].timed_out = true;
}

static int unit_add(struct units *U, int first, int n)
{
	if (U->n == U->cap) {
		U->cap = U->cap ? 2 * U->cap : 64;
		U->u = lt_xrealloc(U->u, (size_t)U->cap * sizeof(*U->u));
	}
	memset(&U->u[U->n], 0, sizeof(U->u[0]));
	U->u[U->n].first = first;
	U->u[U->n].n = n;
	return U->n++;
}

static void job_dir(const struct job *j, const char *cache, char *dir, size_t len)
{
	snprintf(dir, len, "%s/fences/%s", cache, j->key);
}

static void unit_files_remove(const char *dir)
{
	static const char *const files[] = { "unit.c", "unit.s", "unit.s.tmp", "cc.log" };
	char p[4300];

	for (size_t k = 0; k < ARRAY_SIZE(files); k++)
		if (lt_snprintf_ok(p, sizeof(p), "%s/%s", dir, files[k]))
			unlink(p);
	rmdir(dir);
}

/* Write the unit's source and start its compiler; -1 when it cannot start. */
static pid_t unit_start(struct units *U, struct unit *u, struct test *tests, struct job *jobs,
			const char *cache, const char *datadir)
{
	const struct job *j0 = &jobs[U->order[u->first]];
	struct lt_buf src = LT_BUF_INIT;
	struct lt_hash h;
	char key[33], p[4300], why[256];
	pid_t pid = -1;

	lt_hash_init(&h);
	for (int k = 0; k < u->n; k++)
		lt_hash_str(&h, jobs[U->order[u->first + k]].key);
	lt_hash_hex(&h, key);
	snprintf(u->dir, sizeof(u->dir), "%s/fences/unit-%s-%ld", cache, key, (long)getpid());
	/* One compiler per unit: its tests are of one language. */
	fx_lang_of(tests[j0->test].t)->preamble(j0->arch, &src);
	for (int k = 0; k < u->n; k++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "lt_fx%d_", k);
		fx_thread_source(tests[jobs[U->order[u->first + k]].test].t, j0->arch, prefix, false, &src);
	}
	if (lt_mkdirs(u->dir) == 0 && lt_snprintf_ok(p, sizeof(p), "%s/unit.c", u->dir) &&
	    lt_write_file(p, src.s, src.len, 0644 | LT_WRITE_NOSYNC, why, sizeof(why)) == 0 &&
	    lt_snprintf_ok(p, sizeof(p), "%s/unit.s", u->dir))
		pid = cc_start(j0->cmd, j0->cflags, j0->arch, u->dir, "unit.c", p, datadir, U->lim);
	lt_buf_free(&src);
	return pid;
}

/*
 * Local labels (".L24", ".LFB20") numbered in order of first use: the
 * numbers a unit's compile gives depend on the tests before this one; these
 * do not, so a test's lifted text is the same whichever unit compiled it.
 */
static void renumber_labels(const char *in, struct lt_buf *out)
{
	char (*seen)[48] = NULL;
	int nseen = 0, cap = 0;

	while (*in) {
		size_t pre, dig;

		if (in[0] != '.' || in[1] != 'L') {
			lt_buf_putn(out, in++, 1);
			continue;
		}
		pre = 2 + strspn(in + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
		dig = strspn(in + pre, "0123456789");
		if (!dig || pre + dig >= sizeof(seen[0]) || isalnum((unsigned char)in[pre + dig])) {
			lt_buf_putn(out, in, pre);
			in += pre;
			continue;
		}
		{
			int k;

			for (k = 0; k < nseen; k++)
				if (!strncmp(seen[k], in, pre + dig) && !seen[k][pre + dig])
					break;
			if (k == nseen) {
				if (nseen == cap) {
					cap = cap ? 2 * cap : 32;
					seen = lt_xrealloc(seen, (size_t)cap * sizeof(*seen));
				}
				memcpy(seen[nseen], in, pre + dig);
				seen[nseen++][pre + dig] = '\0';
			}
			lt_buf_printf(out, "%.*s%d", (int)pre, in, k);
		}
		in += pre + dig;
	}
	free(seen);
}

/*
 * Cut each member's functions out of the unit's assembly into its job's
 * cache file; false when the unit did not compile or a function is missing
 * (then the members are compiled alone).
 */
static bool unit_done(struct units *U, struct unit *u, struct test *tests, struct job *jobs,
		      int status)
{
	char p[4300], *text;
	bool ok = true;

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    !lt_snprintf_ok(p, sizeof(p), "%s/unit.s.tmp", u->dir) || !(text = lt_read_file(p)))
		return false;
	for (int k = 0; k < u->n && ok; k++) {
		struct job *j = &jobs[U->order[u->first + k]];
		struct lt_buf out = LT_BUF_INIT;

		for (int th = 0; th < tests[j->test].t->nthreads && ok; th++) {
			char name[64], *body;

			snprintf(name, sizeof(name), "lt_fx%d_thread_%d", k, th);
			body = fx_function_body(text, name);
			ok = body != NULL;
			if (ok)
				lt_buf_printf(&out, "lt_c_thread_%d:%s\t.size lt_c_thread_%d, .-lt_c_thread_%d\n",
					      th, body, th, th);
			free(body);
		}
		if (ok) {
			struct lt_buf num = LT_BUF_INIT;

			renumber_labels(out.s, &num);
			ok = lt_write_file(j->asm_path, num.s, num.len, 0644 | LT_WRITE_NOSYNC,
					   j->why, sizeof(j->why)) == 0;
			lt_buf_free(&num);
		}
		lt_buf_free(&out);
	}
	free(text);
	for (int k = 0; k < u->n && ok; k++)
		jobs[U->order[u->first + k]].ok = true;
	return ok;
}

/* Cells that one translation unit can hold: the same compiler, flags and arch. */
int fx_group_cmp(const struct job *a, const struct job *b)
{
	/* One language per unit (a wrapper given by --cc may compile two). */
	int c = a->lang != b->lang ? (a->lang < b->lang ? -1 : 1) : strcmp(a->cmd, b->cmd);

	if (!c)
		c = strcmp(a->cflags, b->cflags);
	return c ? c : strcmp(a->arch, b->arch);
}

static const struct job *sort_jobs;

/* By group, then in the matrix's order. */
static int job_group_cmp(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y, c = fx_group_cmp(&sort_jobs[a], &sort_jobs[b]);

	return c ? c : (a > b) - (a < b);
}

void fx_compile_jobs(struct test *tests, struct job *jobs, int njobs, int par,
		     const struct lt_exec_limits *lim, const char *cache, const char *datadir)
{
	struct units U = { .lim = lim };
	int next = 0, running = 0;

	U.order = lt_xcalloc((size_t)njobs + 1, sizeof(int));
	/* The same source and compiler as an earlier cell: that cell's file. */
	for (int k = 0; k < njobs; k++)
		for (int q = 0; q < k && !jobs[k].ok && jobs[k].pid == 0; q++)
			if (!strcmp(jobs[q].key, jobs[k].key))
				jobs[k].pid = -2;
	/* Units of the cells to compile, grouped by compiler, flags and arch. */
	for (int k = 0; k < njobs; k++)
		if (!jobs[k].ok && jobs[k].pid >= 0)
			U.order[U.norder++] = k;
	sort_jobs = jobs;
	qsort(U.order, (size_t)U.norder, sizeof(int), job_group_cmp);
	for (int k = 0; k < U.norder; k++) {
		struct unit *last = U.n ? &U.u[U.n - 1] : NULL;

		if (last && last->n < UNIT_MAX &&
		    !fx_group_cmp(&jobs[U.order[last->first]], &jobs[U.order[k]]))
			last->n++;
		else
			unit_add(&U, k, 1);
	}
	while (next < U.n || running) {
		int status;
		pid_t pid;

		while (running < par && next < U.n) {
			struct unit *u = &U.u[next++];
			struct job *j = &jobs[U.order[u->first]];

			if (u->n == 1) {
				job_dir(j, cache, u->dir, sizeof(u->dir));
				u->pid = job_start(j, u->dir, datadir, lim);
			} else {
				u->pid = unit_start(&U, u, tests, jobs, cache, datadir);
			}
			if (u->pid > 0) {
				u->deadline = build_watch(u->pid, lim->cpu_s);
				running++;
			} else if (u->n == 1) {
				lt_snprintf_cut(j->why, sizeof(j->why), "cannot start %s", j->cmd);
			} else {
				int first = u->first, n = u->n;

				unit_files_remove(u->dir);
				/* u may move: unit_add grows the array. */
				for (int k = 0; k < n; k++)
					unit_add(&U, first + k, 1);
			}
		}
		if (!running)
			break;
		pid = build_wait(&status, units_overdue, &U);
		if (pid < 0)
			break;
		for (int q = 0; q < U.n; q++) {
			struct unit *u = &U.u[q];
			int first = u->first, n = u->n;
			bool late = u->timed_out;

			if (u->pid != pid)
				continue;
			u->pid = 0;
			running--;
			if (n == 1) {
				job_done(&jobs[U.order[first]], u->dir, status);
			} else {
				bool ok = unit_done(&U, u, tests, jobs, status);

				unit_files_remove(u->dir);
				/*
				 * u may move: unit_add grows the array.  A unit past
				 * the timeout is not compiled again test by test,
				 * which could take its members' count times as long.
				 */
				for (int k = 0; !ok && !late && k < n; k++)
					unit_add(&U, first + k, 1);
			}
			for (int k = 0; late && k < n; k++)
				lt_snprintf_cut(jobs[U.order[first + k]].why, sizeof(jobs[0].why),
						"compilation killed after the %u s --cc-timeout",
						lim->cpu_s);
			break;
		}
	}
	for (int k = 0; k < njobs; k++)
		if (jobs[k].pid == -2)
			jobs[k].ok = access(jobs[k].asm_path, R_OK) == 0;
	free(U.u);
	free(U.order);
}

