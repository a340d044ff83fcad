/* SPDX-License-Identifier: MIT */
/*
 * The build cache.  A test executable is keyed by the hash of its generated
 * source, the runtime sources, the compiler's identity and every flag, so a
 * second run of an unchanged suite compiles nothing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "litmus/arch-ops.h"
#include "run/build.h"
#include "run/exec.h"
#include "run/runtime-files.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * The runtime sources: $LITMUS_RUN_DATADIR, else the source tree when this
 * binary is the one in the build tree (uninstalled use, make check), else
 * the installed data directory.
 */
static int find_datadir(char *out, size_t len, char *why, size_t wlen)
{
	const char *cands[3] = { getenv("LITMUS_RUN_DATADIR"), NULL, LT_PKGDATADIR };
	char self[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		if (realpath(LT_BUILDDIR, build) && !strcmp(self, build))
			cands[1] = LT_SRCDIR;
	}
	for (int k = 0; k < 3; k++) {
		char probe[PATH_MAX];

		if (!cands[k])
			continue;
		snprintf(probe, sizeof(probe), "%s/src/runtime/lt-runtime.h", cands[k]);
		if (is_file(probe)) {
			snprintf(out, len, "%s", cands[k]);
			return 0;
		}
		if (k == 0) {
			snprintf(why, wlen, "LITMUS_RUN_DATADIR=%s holds no src/runtime/lt-runtime.h",
				 cands[0]);
			return -1;
		}
	}
	snprintf(why, wlen, "runtime sources not found (looked in %s)", LT_PKGDATADIR);
	return -1;
}

int build_find_datadir(char *out, size_t len, char *why, size_t wlen)
{
	return find_datadir(out, len, why, wlen);
}

static void find_cache_dir(char *out, size_t len)
{
	const char *env = getenv("LITMUS_RUN_CACHE");

	if (env && *env)
		snprintf(out, len, "%s", env);
	else if ((env = getenv("XDG_CACHE_HOME")) && *env)
		snprintf(out, len, "%s/litmus-run", env);
	else if ((env = getenv("HOME")) && *env)
		snprintf(out, len, "%s/.cache/litmus-run", env);
	else
		snprintf(out, len, "/tmp/litmus-run-cache-%ld", (long)getuid());
}

/* "gcc 12.2.0" from "gcc (Debian 12.2.0-14) 12.2.0", "clang 14.0.6" from clang's. */
static void short_ident(const char *line, char *out, size_t len)
{
	const char *v = strstr(line, "clang version ");
	const char *last;
	size_t n;

	if (v) {
		v += strlen("clang version ");
		snprintf(out, len, "clang %.*s", (int)strcspn(v, " "), v);
		return;
	}
	n = strcspn(line, " (");
	last = strrchr(line, ' ');
	snprintf(out, len, "%.*s %s", (int)n, line, last ? last + 1 : "");
}

static int compiler_ident(struct lt_build_env *env, char *why, size_t len)
{
	struct lt_buf cmd = LT_BUF_INIT;
	struct lt_exec_result res;
	char **argv;
	int n, rc = -1;

	for (n = 0; env->cc[n]; n++)
		lt_buf_printf(&cmd, "%s ", env->cc[n]);
	lt_buf_puts(&cmd, "--version");
	argv = exec_split(cmd.s, NULL);
	if (exec_capture(argv, 30, NULL, &res, why, len) < 0)
		goto out;
	if (res.exit_code != 0 || res.signal || !res.out[0]) {
		snprintf(why, len, "compiler '%s' not usable (%s --version failed%s%.200s)",
			 env->cc[0], env->cc[0], res.err[0] ? ": " : "", res.err);
		exec_result_free(&res);
		goto out;
	}
	snprintf(env->cc_ident, sizeof(env->cc_ident), "%.*s",
		 (int)strcspn(res.out, "\n"), res.out);
	short_ident(env->cc_ident, env->cc_short, sizeof(env->cc_short));
	exec_result_free(&res);
	rc = 0;
out:
	exec_argv_free(argv);
	lt_buf_free(&cmd);
	return rc;
}

static int hash_file(struct lt_hash *h, const char *path)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	lt_hash_str(h, path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_hash_update(h, chunk, n);
	fclose(f);
	return 0;
}

int build_env_init(struct lt_build_env *env, const struct lt_options *o,
		   char *why, size_t len)
{
	struct lt_hash h;
	char path[PATH_MAX + 64], hex[33];

	memset(env, 0, sizeof(*env));
	env->verbosity = o->verbosity;
	env->native = o->arch_native && !o->exec;
	if (find_datadir(env->datadir, sizeof(env->datadir), why, len) < 0)
		return -1;
	find_cache_dir(env->cache_dir, sizeof(env->cache_dir));
	if (lt_mkdirs(env->cache_dir) < 0) {
		snprintf(why, len, "cannot create cache directory %s: %s",
			 env->cache_dir, strerror(errno));
		return -1;
	}
	env->cc = exec_split(o->cc ? o->cc :
			     o->arch_native ? "cc" : o->arch->cross_cc, NULL);
	env->cflags = exec_split(o->cflags ? o->cflags : "-O2", NULL);
	if (!env->cc[0]) {
		snprintf(why, len, "--cc is empty");
		return -1;
	}
	if (compiler_ident(env, why, len) < 0)
		return -1;

	lt_hash_init(&h);
	/* Every backend's files, whichever this build links. */
	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
		snprintf(path, sizeof(path), "%s/%s", env->datadir, f->path);
		if (hash_file(&h, path) < 0) {
			snprintf(why, len, "cannot read runtime file %s: %s", path,
				 strerror(errno));
			return -1;
		}
	}
	snprintf(path, sizeof(path), "%s/arch/%s/kernel.h", env->datadir,
		 o->arch->isa_dir);
	if (hash_file(&h, path) < 0) {
		snprintf(why, len, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	lt_hash_hex(&h, hex);
	env->runtime_digest = lt_xstrdup(hex);
	return 0;
}

void build_env_free(struct lt_build_env *env)
{
	exec_argv_free(env->cc);
	exec_argv_free(env->cflags);
	free(env->runtime_digest);
	env->cc = env->cflags = NULL;
	env->runtime_digest = NULL;
}

static void push(char ***argv, int *n, const char *s)
{
	*argv = lt_xrealloc(*argv, (size_t)(*n + 2) * sizeof(char *));
	(*argv)[(*n)++] = lt_xstrdup(s);
	(*argv)[*n] = NULL;
}

static void push_split(char ***argv, int *n, const char *s)
{
	char **parts = exec_split(s, NULL);

	for (char **p = parts; *p; p++)
		push(argv, n, *p);
	exec_argv_free(parts);
}

/* Whether native kernels link hwloc and PAPI (configure's findings). */
#ifdef HAVE_HWLOC
static const bool have_hwloc = true;
#else
static const bool have_hwloc = false;
#endif
#ifdef HAVE_PAPI
static const bool have_papi = true;
#else
static const bool have_papi = false;
#endif

/* The compiler command for one job (everything that shapes the binary). */
static char **compile_argv(const struct lt_build_env *env,
			   const struct lt_build_job *job, const char *tmp_exe)
{
	char **argv = NULL, path[PATH_MAX + 64];
	int n = 0;

	for (char **p = env->cc; *p; p++)
		push(&argv, &n, *p);
	for (char **p = env->cflags; *p; p++)
		push(&argv, &n, *p);
	push(&argv, &n, "-std=gnu11");
	push(&argv, &n, "-pthread");
	/*
	 * Kernels for elsewhere (qemu-user, a lab board reached by --exec) are
	 * linked statically: the target need not have our libc or loader.
	 */
	if (!env->native)
		push(&argv, &n, "-static");
	snprintf(path, sizeof(path), "-I%s/src/runtime", env->datadir);
	push(&argv, &n, path);
	snprintf(path, sizeof(path), "-I%s/arch", env->datadir);
	push(&argv, &n, path);
	if (env->native)
		push_split(&argv, &n, LT_KERNEL_HWLOC_CFLAGS);
	push(&argv, &n, "-o");
	push(&argv, &n, tmp_exe);
	snprintf(path, sizeof(path), "%s/test.c", job->dir);
	push(&argv, &n, path);
	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
		if (!lt_runtime_file_is_c(f) ||
		    !lt_runtime_file_in(f, env->native && have_hwloc, env->native && have_papi))
			continue;
		snprintf(path, sizeof(path), "%s/%s", env->datadir, f->path);
		push(&argv, &n, path);
	}
	if (env->native) {
		push_split(&argv, &n, LT_KERNEL_HWLOC_LIBS);
		push_split(&argv, &n, LT_KERNEL_PAPI_LIBS);
	}
	return argv;
}

static void job_key(const struct lt_build_env *env, struct lt_build_job *job)
{
	struct lt_hash h;

	lt_hash_init(&h);
	lt_hash_str(&h, job->source);
	lt_hash_str(&h, env->runtime_digest);
	lt_hash_str(&h, env->cc_ident);
	for (char **p = env->cc; *p; p++)
		lt_hash_str(&h, *p);
	for (char **p = env->cflags; *p; p++)
		lt_hash_str(&h, *p);
	lt_hash_str(&h, env->native ? "native" : "plain");
	lt_hash_str(&h, LT_KERNEL_HWLOC_CFLAGS LT_KERNEL_HWLOC_LIBS LT_KERNEL_PAPI_LIBS);
	lt_hash_hex(&h, job->key);
	snprintf(job->dir, sizeof(job->dir), "%s/%s", env->cache_dir, job->key);
	snprintf(job->exe, sizeof(job->exe), "%s/test", job->dir);
}

static pid_t job_start(const struct lt_build_env *env, struct lt_build_job *job)
{
	char src[PATH_MAX + 16], log[PATH_MAX + 16], tmp[PATH_MAX + 32];
	char **argv;
	pid_t pid;
	int fd;

	if (lt_mkdirs(job->dir) < 0) {
		snprintf(job->why, sizeof(job->why), "cannot create %s: %s",
			 job->dir, strerror(errno));
		return -1;
	}
	snprintf(src, sizeof(src), "%s/test.c", job->dir);
	/* Not durable: a cache rebuilds what a crash loses. */
	if (lt_write_atomic(src, job->source, strlen(job->source), false, job->why,
			    sizeof(job->why)) < 0)
		return -1;
	snprintf(log, sizeof(log), "%s/cc.log", job->dir);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(job->why, sizeof(job->why), "cannot write %s: %s", log,
			 strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", job->exe, (long)getpid());
	argv = compile_argv(env, job, tmp);
	if (env->verbosity > 0) {
		fprintf(stderr, "litmus-run: build:");
		for (char **p = argv; *p; p++)
			fprintf(stderr, " %s", *p);
		fputc('\n', stderr);
	}
	pid = exec_spawn(argv, fd, fd);
	close(fd);
	exec_argv_free(argv);
	if (pid < 0)
		snprintf(job->why, sizeof(job->why), "fork: %s", strerror(errno));
	return pid;
}

/* The first lines of the compiler's log, for the report. */
static void job_failed(struct lt_build_job *job, int status)
{
	char log[PATH_MAX + 16], line[512];
	size_t off;
	FILE *f;

	off = (size_t)snprintf(job->why, sizeof(job->why),
			       "kernel compilation failed (%s %d; log %s/cc.log)",
			       WIFEXITED(status) ? "exit" : "signal",
			       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
			       job->dir);
	snprintf(log, sizeof(log), "%s/cc.log", job->dir);
	f = fopen(log, "r");
	for (int k = 0; f && k < 6 && fgets(line, sizeof(line), f); k++) {
		line[strcspn(line, "\n")] = '\0';
		if (off < sizeof(job->why))
			off += (size_t)snprintf(job->why + off, sizeof(job->why) - off,
						": %s", line);
	}
	if (f)
		fclose(f);
}

static void job_finish(struct lt_build_job *job, int status)
{
	char tmp[PATH_MAX + 32];

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", job->exe, (long)getpid());
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && is_file(tmp) &&
	    rename(tmp, job->exe) == 0) {
		job->ok = true;
		return;
	}
	unlink(tmp);
	job_failed(job, status);
}

void build_all(struct lt_build_env *env, struct lt_build_job *jobs, int n,
	       int parallel)
{
	int running = 0, next = 0;

	if (parallel < 1)
		parallel = 1;
	for (int k = 0; k < n; k++) {
		job_key(env, &jobs[k]);
		jobs[k].pid = 0;
		jobs[k].cached = jobs[k].ok = access(jobs[k].exe, X_OK) == 0;
	}
	while (next < n || running > 0) {
		int status;
		pid_t pid;

		while (running < parallel && next < n) {
			struct lt_build_job *job = &jobs[next++];

			/* Two tests with identical kernels share one build. */
			bool dup = false;

			if (job->ok)
				continue;
			for (int k = 0; k < next - 1; k++)
				if (!strcmp(jobs[k].key, job->key) && jobs[k].pid > 0)
					dup = true;
			if (dup) {
				job->pid = -2;	/* resolved after the loop */
				continue;
			}
			job->pid = job_start(env, job);
			if (job->pid > 0)
				running++;
		}
		if (running == 0)
			break;
		pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < n; k++) {
			if (jobs[k].pid == pid) {
				job_finish(&jobs[k], status);
				running--;
			}
		}
	}
	for (int k = 0; k < n; k++) {
		if (jobs[k].pid != -2)
			continue;
		jobs[k].ok = access(jobs[k].exe, X_OK) == 0;
		if (!jobs[k].ok)
			snprintf(jobs[k].why, sizeof(jobs[k].why),
				 "kernel compilation failed (log %s/cc.log)", jobs[k].dir);
	}
}
