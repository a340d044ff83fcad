/* SPDX-License-Identifier: MIT */
/*
 * The build cache.  A test executable is keyed by the hash of its generated
 * source, the runtime sources, the compiler's identity and every flag, so a
 * second run of an unchanged suite compiles nothing.  The runtime itself is
 * compiled once per compiler, flags and runtime sources into objects of
 * its own cache entry (rt-<key>/), which every kernel then links: a kernel
 * build compiles only its generated test.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "litmus/arch-ops.h"
#include "run/build.h"
#include "run/exec.h"
#include "run/runtime-files.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
	if (build_cache_dir(env->cache_dir, sizeof(env->cache_dir), why, len) < 0)
		return -1;
	env->limits.cpu_s = o->cc_timeout_s;
	env->limits.as_bytes = (uint64_t)o->cc_memory_mib << 20;
	env->cc_timeout_s = o->cc_timeout_s;
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
	exec_argv_free(env->rt_objs);
	free(env->runtime_digest);
	env->cc = env->cflags = env->rt_objs = NULL;
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
/*
 * liburcu for kernel tests' RCU (lt-c11.h): native kernels get
 * LT_HAVE_URCU and link it as needed; any other kernel that calls RCU
 * fails to compile with lt-c11.h's message.
 */
#ifdef HAVE_URCU
#define LT_KERNEL_URCU_CFLAGS "-DLT_HAVE_URCU=1"
#else
#define LT_KERNEL_URCU_CFLAGS ""
#endif

/* The compiler and the flags every compile shares: kernels and runtime objects. */
static void common_argv(const struct lt_build_env *env, char ***argv, int *n)
{
	char path[PATH_MAX + 64];

	for (char **p = env->cc; *p; p++)
		push(argv, n, *p);
	for (char **p = env->cflags; *p; p++)
		push(argv, n, *p);
	push(argv, n, "-std=gnu11");
	push(argv, n, "-pthread");
	snprintf(path, sizeof(path), "-I%s/src/runtime", env->datadir);
	push(argv, n, path);
	snprintf(path, sizeof(path), "-I%s/arch", env->datadir);
	push(argv, n, path);
	if (env->native) {
		push_split(argv, n, LT_KERNEL_HWLOC_CFLAGS);
		push_split(argv, n, LT_KERNEL_URCU_CFLAGS);
	}
}

/* Whether runtime file f is compiled into this env's kernels. */
static bool runtime_c_file(const struct lt_build_env *env, const struct lt_runtime_file *f)
{
	return lt_runtime_file_is_c(f) &&
	       lt_runtime_file_in(f, env->native && have_hwloc, env->native && have_papi);
}

/* The compiler command for one job (everything that shapes the binary). */
static char **compile_argv(const struct lt_build_env *env,
			   const struct lt_build_job *job, const char *tmp_exe)
{
	char **argv = NULL, path[PATH_MAX + 64];
	int n = 0;

	if (job->driver) {
		push(&argv, &n, "sh");
		snprintf(path, sizeof(path), "%s/%s", env->datadir, job->driver);
		push(&argv, &n, path);
	}
	common_argv(env, &argv, &n);
	/*
	 * Kernels for elsewhere (qemu-user, a lab board reached by --exec) are
	 * linked statically: the target need not have our libc or loader.
	 */
	if (!env->native)
		push(&argv, &n, "-static");
	push(&argv, &n, "-o");
	push(&argv, &n, tmp_exe);
	snprintf(path, sizeof(path), "%s/test.c", job->dir);
	push(&argv, &n, path);
	if (env->rt_objs) {
		for (char **p = env->rt_objs; *p; p++)
			push(&argv, &n, *p);
	} else {
		for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
			if (!runtime_c_file(env, f))
				continue;
			snprintf(path, sizeof(path), "%s/%s", env->datadir, f->path);
			push(&argv, &n, path);
		}
	}
	if (env->native) {
		push_split(&argv, &n, LT_KERNEL_HWLOC_LIBS);
		push_split(&argv, &n, LT_KERNEL_PAPI_LIBS);
		push_split(&argv, &n, LT_KERNEL_URCU_LIBS);
	}
	return argv;
}

/* What shapes any object of env's: the runtime, the compiler, its flags, the kind of kernel. */
static void hash_toolchain(const struct lt_build_env *env, struct lt_hash *h)
{
	lt_hash_str(h, env->runtime_digest);
	lt_hash_str(h, env->cc_ident);
	for (char **p = env->cc; *p; p++)
		lt_hash_str(h, *p);
	for (char **p = env->cflags; *p; p++)
		lt_hash_str(h, *p);
	lt_hash_str(h, env->native ? "native" : "plain");
	lt_hash_str(h, LT_KERNEL_HWLOC_CFLAGS LT_KERNEL_URCU_CFLAGS);
}

static void job_key(const struct lt_build_env *env, struct lt_build_job *job)
{
	struct lt_hash h;

	lt_hash_init(&h);
	lt_hash_str(&h, job->source);
	lt_hash_str(&h, job->driver ? job->driver : "");
	for (const char *v = job->driver_env; v && *v; ) {
		size_t n = strcspn(v, " ");
		char name[64];
		const char *val;

		snprintf(name, sizeof(name), "%.*s", (int)n, v);
		val = getenv(name);
		lt_hash_str(&h, name);
		lt_hash_str(&h, val ? val : "");
		v += n + strspn(v + n, " ");
	}
	hash_toolchain(env, &h);
	lt_hash_str(&h, LT_KERNEL_HWLOC_LIBS LT_KERNEL_PAPI_LIBS LT_KERNEL_URCU_LIBS);
	lt_hash_hex(&h, job->key);
	if (!lt_snprintf_ok(job->dir, sizeof(job->dir), "%s/%s", env->cache_dir, job->key) ||
	    !lt_snprintf_ok(job->exe, sizeof(job->exe), "%s/test", job->dir)) {
		lt_snprintf_cut(job->why, sizeof(job->why), "cache path too long: %s/%s",
				env->cache_dir, job->key);
		job->dir[0] = job->exe[0] = '\0';	/* job_start fails on it */
	}
}

static pid_t job_start(const struct lt_build_env *env, struct lt_build_job *job)
{
	char src[PATH_MAX + 16], log[PATH_MAX + 16], tmp[PATH_MAX + 32];
	char **argv;
	pid_t pid;
	int fd;

	if (!job->dir[0])
		return -1;	/* job_key's path did not fit: why says so */
	if (lt_private_dir(job->dir, true, job->why, sizeof(job->why)) < 0)
		return -1;
	if (!lt_snprintf_ok(src, sizeof(src), "%s/test.c", job->dir) ||
	    !lt_snprintf_ok(log, sizeof(log), "%s/cc.log", job->dir))
		lt_die("job paths are sized for job->dir");
	if (lt_write_file(src, job->source, strlen(job->source), 0644, job->why,
			  sizeof(job->why)) < 0)
		return -1;
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		lt_snprintf_cut(job->why, sizeof(job->why), "cannot write %s: %s", log,
			 strerror(errno));
		return -1;
	}
	if (!lt_snprintf_ok(tmp, sizeof(tmp), "%s.tmp.%ld", job->exe, (long)getpid()))
		lt_die("job paths are sized for job->dir");
	argv = compile_argv(env, job, tmp);
	if (env->verbosity > 0) {
		fprintf(stderr, "litmus-run: build:");
		for (char **p = argv; *p; p++)
			fprintf(stderr, " %s", *p);
		fputc('\n', stderr);
	}
	pid = exec_spawn_limited(argv, fd, fd, &env->limits);
	close(fd);
	exec_argv_free(argv);
	if (pid < 0)
		snprintf(job->why, sizeof(job->why), "fork: %s", strerror(errno));
	job->limit_s = env->cc_timeout_s;
	job->deadline = pid > 0 ? build_watch(pid, job->limit_s) : 0;
	return pid;
}

/* The first lines of the compiler's log, for the report. */
static void job_failed(struct lt_build_job *job, int status)
{
	char log[PATH_MAX + 16], line[512];
	size_t off;
	FILE *f;

	if (job->timed_out || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU))
		off = (size_t)snprintf(job->why, sizeof(job->why),
				       "kernel compilation killed after the %u s "
				       "--cc-timeout (log %s/cc.log)", job->limit_s,
				       job->dir);
	else
		off = (size_t)snprintf(job->why, sizeof(job->why),
				       "kernel compilation failed (%s %d; log %s/cc.log)",
				       WIFEXITED(status) ? "exit" : "signal",
				       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				       job->dir);
	f = lt_snprintf_ok(log, sizeof(log), "%s/cc.log", job->dir) ? fopen(log, "r") : NULL;
	for (int k = 0; f && k < 6 && fgets(line, sizeof(line), f); k++) {
		line[strcspn(line, "\n")] = '\0';
		if (off < sizeof(job->why))
			off += (size_t)snprintf(job->why + off, sizeof(job->why) - off,
						": %s", line);
	}
	if (f)
		fclose(f);
}

/*
 * Size and digest of the ELF file at path (an executable when exec), if it
 * can be one of ours: a regular file (not a link), this user's, writable by
 * no one else, an ELF file (a truncated one, or a script, would otherwise
 * be run by the shell).
 */
static int elf_digest(const char *path, bool exec, char hex[33], long long *size)
{
	char chunk[65536];
	struct lt_hash h;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	bool elf = false;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) || (exec && !(st.st_mode & S_IXUSR))) {
		close(fd);
		return -1;
	}
	lt_hash_init(&h);
	*size = 0;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0) {
		if (*size == 0)
			elf = n >= 4 && !memcmp(chunk, "\177ELF", 4);
		lt_hash_update(&h, chunk, (size_t)n);
		*size += n;
	}
	close(fd);
	if (n < 0 || !elf || *size != (long long)st.st_size)
		return -1;
	lt_hash_hex(&h, hex);
	return 0;
}

/* The record of a finished build, written after the executable is in place. */
static void sum_path(const struct lt_build_job *job, char *out, size_t len)
{
	snprintf(out, len, "%s/test.sum", job->dir);
}

/* Whether the record at path (not a link) says exactly got. */
static bool sum_matches(const char *path, const char *got)
{
	char want[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, want, sizeof(want) - 1);
	close(fd);
	if (n <= 0)
		return false;
	want[n] = '\0';
	return !strcmp(want, got);
}

/*
 * A cached executable is run only if it is the one a build finished: its
 * size and digest match test.sum (so a truncated or replaced file is
 * rebuilt, never run) and neither it nor its entry is writable by others.
 */
static bool entry_ok(struct lt_build_job *job)
{
	char path[PATH_MAX + 16], hex[33], got[128], why[256];
	long long size;

	if (lt_private_dir(job->dir, false, why, sizeof(why)) < 0 ||
	    elf_digest(job->exe, true, hex, &size) < 0)
		return false;
	sum_path(job, path, sizeof(path));
	snprintf(got, sizeof(got), "%lld %s\n", size, hex);
	return sum_matches(path, got);
}

static void job_finish(struct lt_build_job *job, int status)
{
	char tmp[PATH_MAX + 32], sum[PATH_MAX + 16], line[128], hex[33];
	long long size;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", job->exe, (long)getpid());
	if (!job->timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	    is_file(tmp) && rename(tmp, job->exe) == 0) {
		sum_path(job, sum, sizeof(sum));
		if (elf_digest(job->exe, true, hex, &size) < 0) {
			lt_snprintf_cut(job->why, sizeof(job->why),
				 "the compiler left no usable executable at %s", job->exe);
			return;
		}
		snprintf(line, sizeof(line), "%lld %s\n", size, hex);
		job->ok = lt_write_file(sum, line, strlen(line), 0644, job->why,
					sizeof(job->why)) == 0;
		return;
	}
	unlink(tmp);
	job_failed(job, status);
}

double build_watch(pid_t pid, unsigned timeout_s)
{
	/* Also from here, so that the watchdog's kill(-pid) cannot miss. */
	setpgid(pid, pid);
	return timeout_s ? now_s() + timeout_s : 0;
}

bool build_kill_overdue(pid_t pid, double deadline)
{
	if (pid <= 0 || !deadline || now_s() < deadline)
		return false;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	return true;
}

pid_t build_wait(int *status, void (*overdue)(void *arg), void *arg)
{
	for (;;) {
		pid_t pid = waitpid(-1, status, WNOHANG);

		if (pid > 0) {
			/* Its group may hold the killed driver's cc1. */
			kill(-pid, SIGKILL);
			return pid;
		}
		if (pid < 0 && errno != EINTR)
			return -1;
		if (pid == 0) {
			overdue(arg);
			poll(NULL, 0, 50);
		}
	}
}

struct build_jobs {
	struct lt_build_job *jobs;
	int n;
};

/* Compilers past their --cc-timeout: the whole group (cc1, as, ld) goes. */
static void kill_overdue(void *arg)
{
	const struct build_jobs *b = arg;

	for (int k = 0; k < b->n; k++)
		if (!b->jobs[k].timed_out && build_kill_overdue(b->jobs[k].pid, b->jobs[k].deadline))
			b->jobs[k].timed_out = true;
}

/*
 * The runtime's objects: compiled once per runtime sources, compiler,
 * flags and kind of kernel (native or not) into rt-<key>/ of the cache,
 * with objects.sum recording each object's size and digest.  An entry is
 * used only if every object matches its line (a truncated or replaced
 * object is rebuilt, never linked) and no one else may write it.  A new
 * entry is compiled in a private temporary directory and renamed into
 * place, so concurrent runs never see half of one; when the runtime cannot
 * be compiled on its own, kernels are built from its sources as before
 * (their own build then reports why).
 */
static void rt_key(const struct lt_build_env *env, char hex[33])
{
	struct lt_hash h;

	lt_hash_init(&h);
	lt_hash_str(&h, "runtime objects");
	hash_toolchain(env, &h);
	/*
	 * Which files an entry holds (PAPI's backend or its stand-in): two
	 * builds of litmus-run, with and without PAPI, would otherwise share
	 * a key and each remove the other's entry as broken.
	 */
	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++)
		if (runtime_c_file(env, f))
			lt_hash_str(&h, f->path);
	lt_hash_hex(&h, hex);
}

/* Runtime file f's object name: its base name with .o for .c. */
static void rt_obj_name(const struct lt_runtime_file *f, char *out, size_t len)
{
	const char *b = strrchr(f->path, '/');

	b = b ? b + 1 : f->path;
	snprintf(out, len, "%.*s.o", (int)strlen(b) - 2, b);
}

/* objects.sum's text for dir's objects ("name size digest" lines); -1 if one is unusable. */
static int rt_sum(const struct lt_build_env *env, const char *dir, struct lt_buf *out)
{
	char name[256], path[PATH_MAX + 300], hex[33];
	long long size;

	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
		if (!runtime_c_file(env, f))
			continue;
		rt_obj_name(f, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (elf_digest(path, false, hex, &size) < 0)
			return -1;
		lt_buf_printf(out, "%s %lld %s\n", name, size, hex);
	}
	return 0;
}

/* Whether dir is a private entry whose objects are those objects.sum records. */
static bool rt_dir_ok(const struct lt_build_env *env, const char *dir)
{
	char path[PATH_MAX + 16], why[256];
	struct lt_buf got = LT_BUF_INIT;
	bool ok;

	if (lt_private_dir(dir, false, why, sizeof(why)) < 0)
		return false;
	snprintf(path, sizeof(path), "%s/objects.sum", dir);
	ok = rt_sum(env, dir, &got) == 0 && got.s && sum_matches(path, got.s);
	lt_buf_free(&got);
	return ok;
}

/* Remove an entry's files (only the names an entry holds) and the entry. */
static void rt_remove(const struct lt_build_env *env, const char *dir)
{
	char name[256], path[PATH_MAX + 300];

	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
		if (!runtime_c_file(env, f))
			continue;
		rt_obj_name(f, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s.tmp", dir, name);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/objects.sum", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cc.log", dir);
	unlink(path);
	rmdir(dir);
}

/* Compile the runtime's files into dir, `parallel` compilers at a time: 0, or -1. */
static int rt_compile(const struct lt_build_env *env, const char *dir, int parallel)
{
	const struct lt_runtime_file *next = lt_runtime_files;
	char path[PATH_MAX + 64];
	pid_t pids[64];
	int running = 0, fd, rc = 0;
	double deadline = env->cc_timeout_s ? now_s() + env->cc_timeout_s : 0;

	if (parallel > 64)
		parallel = 64;
	if (!lt_snprintf_ok(path, sizeof(path), "%s/cc.log", dir))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	while (rc == 0 && (next->path || running > 0)) {
		int status;
		pid_t pid;

		while (running < parallel && next->path) {
			const struct lt_runtime_file *f = next++;
			char name[256], obj[PATH_MAX + 300], src[PATH_MAX + 64], **argv = NULL;
			int n = 0;

			if (!runtime_c_file(env, f))
				continue;
			rt_obj_name(f, name, sizeof(name));
			snprintf(obj, sizeof(obj), "%s/%s", dir, name);
			snprintf(src, sizeof(src), "%s/%s", env->datadir, f->path);
			common_argv(env, &argv, &n);
			push(&argv, &n, "-c");
			push(&argv, &n, "-o");
			push(&argv, &n, obj);
			push(&argv, &n, src);
			pid = exec_spawn_limited(argv, fd, fd, &env->limits);
			exec_argv_free(argv);
			if (pid < 0) {
				rc = -1;
				break;
			}
			setpgid(pid, pid);
			pids[running++] = pid;
		}
		if (rc || running == 0)
			break;
		pid = waitpid(-1, &status, WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {
			rc = -1;
		} else if (pid == 0) {
			if (deadline && now_s() > deadline)
				rc = -1;
			else
				poll(NULL, 0, 20);
		} else {
			for (int k = 0; k < running; k++)
				if (pids[k] == pid) {
					pids[k] = pids[--running];
					if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
						rc = -1;
					break;
				}
		}
	}
	/* On failure (or past the deadline), the compilers still running go with their groups. */
	for (int k = 0; k < running; k++) {
		kill(-pids[k], SIGKILL);
		kill(pids[k], SIGKILL);
		waitpid(pids[k], NULL, 0);
	}
	close(fd);
	return rc;
}

/* Compile a new entry at tmp, with its objects.sum: 0, or -1 (tmp removed). */
static int rt_make(const struct lt_build_env *env, const char *tmp, int parallel)
{
	char path[PATH_MAX + 48], why[256];
	struct lt_buf sum = LT_BUF_INIT;
	int rc = -1;

	rt_remove(env, tmp);
	if (lt_private_dir(tmp, true, why, sizeof(why)) == 0 &&
	    rt_compile(env, tmp, parallel) == 0 && rt_sum(env, tmp, &sum) == 0 && sum.s &&
	    lt_snprintf_ok(path, sizeof(path), "%s/objects.sum", tmp))
		rc = lt_write_file(path, sum.s, sum.len, 0644, why, sizeof(why));
	lt_buf_free(&sum);
	if (rc < 0)
		rt_remove(env, tmp);
	return rc;
}

/*
 * Make env->rt_objs the runtime's objects, compiled now if no valid entry
 * has them; left NULL (kernels compile the runtime's sources) when that
 * fails.
 */
static void build_runtime_objects(struct lt_build_env *env, int parallel)
{
	char key[33], dir[PATH_MAX + 8], tmp[PATH_MAX + 40], name[256], path[PATH_MAX + 300];
	int n = 0;

	rt_key(env, key);
	if (!lt_snprintf_ok(dir, sizeof(dir), "%s/rt-%s", env->cache_dir, key) ||
	    !lt_snprintf_ok(tmp, sizeof(tmp), "%s.tmp.%ld", dir, (long)getpid()))
		return;
	if (!rt_dir_ok(env, dir)) {
		if (rt_make(env, tmp, parallel) < 0)
			return;
		/*
		 * Another run may have put its entry in place meanwhile (then
		 * ours goes), or a broken one may be in the way (then it goes).
		 */
		if (rename(tmp, dir) < 0) {
			if (!rt_dir_ok(env, dir)) {
				rt_remove(env, dir);
				if (rename(tmp, dir) < 0) {
					rt_remove(env, tmp);
					return;
				}
			} else {
				rt_remove(env, tmp);
			}
		}
		if (!rt_dir_ok(env, dir))
			return;
	}
	for (const struct lt_runtime_file *f = lt_runtime_files; f->path; f++) {
		if (!runtime_c_file(env, f))
			continue;
		rt_obj_name(f, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		env->rt_objs = lt_xrealloc(env->rt_objs, (size_t)(n + 2) * sizeof(char *));
		env->rt_objs[n++] = lt_xstrdup(path);
		env->rt_objs[n] = NULL;
	}
	if (env->verbosity > 0)
		fprintf(stderr, "litmus-run: build: runtime objects in %s\n", dir);
}

void build_all(struct lt_build_env *env, struct lt_build_job *jobs, int n,
	       int parallel)
{
	int running = 0, next = 0, done = 0, total = 0;
	struct build_jobs running_jobs = { jobs, n };

	/*
	 * What the compilers write is checked to be writable by no one else:
	 * under a umask such as 002 they would make every entry unusable.
	 */
	mode_t mask = umask(022);

	umask(mask | 022);
	if (parallel < 1)
		parallel = 1;
	for (int k = 0; k < n; k++) {
		job_key(env, &jobs[k]);
		jobs[k].pid = 0;
		jobs[k].timed_out = false;
		jobs[k].cached = jobs[k].ok = entry_ok(&jobs[k]);
		total += !jobs[k].ok;
	}
	if (total > 0 && !env->rt_objs)
		build_runtime_objects(env, parallel);
	while (next < n || running > 0) {
		int status;
		pid_t pid;

		while (running < parallel && next < n) {
			struct lt_build_job *job = &jobs[next++];

			/* Two tests with identical kernels share one build. */
			bool dup = false;

			if (job->ok)
				continue;
			/* An earlier one built it, or builds it still (not only while running). */
			for (int k = 0; k < next - 1; k++)
				if (!jobs[k].cached && !strcmp(jobs[k].key, job->key))
					dup = true;
			if (dup) {
				job->pid = -2;	/* resolved after the loop */
				total--;	/* nothing of its own to build */
				continue;
			}
			job->pid = job_start(env, job);
			if (job->pid > 0)
				running++;
		}
		if (running == 0)
			break;
		pid = build_wait(&status, kill_overdue, &running_jobs);
		if (pid < 0)
			break;
		for (int k = 0; k < n; k++) {
			if (jobs[k].pid == pid) {
				job_finish(&jobs[k], status);
				jobs[k].pid = 0;
				running--;
				if (env->on_built)
					env->on_built(env->on_built_arg, ++done, total);
			}
		}
	}
	for (int k = 0, q; k < n; k++) {
		if (jobs[k].pid != -2)
			continue;
		jobs[k].ok = entry_ok(&jobs[k]);
		if (jobs[k].ok)
			continue;
		/* The reason of the build it shared (which may not have started at all). */
		for (q = 0; q < k; q++)
			if (!jobs[q].cached && jobs[q].pid != -2 && jobs[q].why[0] &&
			    !strcmp(jobs[q].key, jobs[k].key))
				break;
		if (q < k)
			memcpy(jobs[k].why, jobs[q].why, sizeof(jobs[k].why));
		/* A cache path too long to quote still leaves the reason. */
		else if (!lt_snprintf_ok(jobs[k].why, sizeof(jobs[k].why),
				    "kernel compilation failed (log %s/cc.log)", jobs[k].dir))
			snprintf(jobs[k].why, sizeof(jobs[k].why),
				 "kernel compilation failed (cc.log in the kernel cache)");
	}
	umask(mask);
}
