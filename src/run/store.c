/* SPDX-License-Identifier: MIT */
/* The results directory: manifest, per-test files, run.json, resume. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "report/doc.h"
#include "report/textlog.h"
#include "run/store.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/sha256.h"

int store_create(struct lt_store *st, const char *dir, char *why, size_t len)
{
	char tests[PATH_MAX + 8];

	snprintf(st->dir, sizeof(st->dir), "%s", dir);
	st->lock_fd = -1;
	snprintf(tests, sizeof(tests), "%s/tests", dir);
	if (lt_mkdirs(tests) < 0) {
		snprintf(why, len, "cannot create %s: %s", tests, strerror(errno));
		return -1;
	}
	return 0;
}

int store_lock(struct lt_store *st, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	char pid[32] = "";
	int fd;

	lt_buf_printf(&p, "%s/.lock", st->dir);
	/* Close-on-exec: a test executable must not keep the lock alive. */
	fd = open(p.s, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(why, len, "%s: %s", p.s, strerror(errno));
		lt_buf_free(&p);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno;
		ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);

		pid[n > 0 ? n : 0] = '\0';
		pid[strcspn(pid, "\n")] = '\0';
		if (err == EWOULDBLOCK)
			snprintf(why, len, "%s is in use by another litmus-run (pid %s); two "
				 "runs into one directory would mix their results", st->dir,
				 *pid ? pid : "?");
		else
			snprintf(why, len, "%s: cannot lock: %s", p.s, strerror(err));
		close(fd);
		lt_buf_free(&p);
		return -1;
	}
	/* Who holds it, for the message a second run gets. */
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	/* On failure only the message would lack the pid. */
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, strlen(pid), 0) < 0)
		pid[0] = '\0';
	st->lock_fd = fd;
	lt_buf_free(&p);
	return 0;
}

/* Whether name is a stored test's file: NNNNN.json. */
static bool is_test_file(const char *name)
{
	size_t n = strspn(name, "0123456789");

	return n > 0 && !strcmp(name + n, ".json");
}

const char *store_holds_run(const struct lt_store *st)
{
	static const char *const files[] = { "manifest.json", "run.json" };
	struct lt_buf p = LT_BUF_INIT;
	const char *what = NULL;
	struct dirent *de;
	DIR *d;

	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]) && !what; k++) {
		lt_buf_reset(&p);
		lt_buf_printf(&p, "%s/%s", st->dir, files[k]);
		if (access(p.s, F_OK) == 0)
			what = files[k];
	}
	lt_buf_reset(&p);
	lt_buf_printf(&p, "%s/tests", st->dir);
	d = what ? NULL : opendir(p.s);
	while (d && (de = readdir(d)) && !what)
		if (is_test_file(de->d_name))
			what = "stored tests";
	if (d)
		closedir(d);
	lt_buf_free(&p);
	return what;
}

int store_clear(const struct lt_store *st, char *why, size_t len)
{
	static const char *const files[] = { "manifest.json", "run.json", "run.log" };
	struct lt_buf p = LT_BUF_INIT;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	for (size_t k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
		lt_buf_reset(&p);
		lt_buf_printf(&p, "%s/%s", st->dir, files[k]);
		if (unlink(p.s) < 0 && errno != ENOENT) {
			snprintf(why, len, "%s: %s", p.s, strerror(errno));
			rc = -1;
		}
	}
	lt_buf_reset(&p);
	lt_buf_printf(&p, "%s/tests", st->dir);
	d = opendir(p.s);
	while (d && (de = readdir(d))) {
		struct lt_buf f = LT_BUF_INIT;

		if (!is_test_file(de->d_name))
			continue;
		lt_buf_printf(&f, "%s/%s", p.s, de->d_name);
		if (unlink(f.s) < 0 && errno != ENOENT) {
			snprintf(why, len, "%s: %s", f.s, strerror(errno));
			rc = -1;
		}
		lt_buf_free(&f);
	}
	if (d)
		closedir(d);
	lt_buf_free(&p);
	return rc;
}

void store_new_run_id(char id[33])
{
	unsigned char r[16];
	size_t got = 0;

	while (got < sizeof(r)) {
		ssize_t n = getrandom(r + got, sizeof(r) - got, 0);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	/* No entropy source: time and pid still tell runs apart. */
	if (got < sizeof(r)) {
		struct timespec ts;
		uint64_t a, b;

		clock_gettime(CLOCK_REALTIME, &ts);
		a = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		b = (uint64_t)getpid();
		memcpy(r, &a, 8);
		memcpy(r + 8, &b, 8);
	}
	for (size_t k = 0; k < sizeof(r); k++)
		snprintf(id + 2 * k, 3, "%02x", r[k]);
}

/* A file's name as the manifest records it (store.h). */
static json_t *manifest_file_entry(const char *path)
{
	json_t *hex = lt_json_raw_hex(path), *o;

	if (!hex)
		return json_string(path);
	o = json_object();
	json_object_set_new(o, "path", lt_json_str_or_null(path));
	json_object_set_new(o, "hex", hex);
	return o;
}

/* The file's name back from a manifest entry: malloc'd, or NULL. */
static char *manifest_file_path(json_t *v)
{
	if (json_is_string(v))
		return lt_xstrdup(json_string_value(v));
	return lt_json_unhex(json_string_value(json_object_get(v, "hex")));
}

json_t *store_shard(const struct lt_options *o)
{
	json_t *sh = json_object();

	json_object_set_new(sh, "k", json_integer(o->shard_k));
	json_object_set_new(sh, "n", json_integer(o->shard_n));
	json_object_set_new(sh, "method", json_string("round-robin"));
	json_object_set_new(sh, "suite_size", json_integer(o->shard_total));
	return sh;
}

/* A budget for the manifest: the number, or null for none (budget_option reads it). */
static json_t *budget_json(unsigned v)
{
	return v ? json_integer(v) : json_null();
}

json_t *store_manifest(const struct lt_run_info *info, const struct lt_options *o,
		       const char *cwd, char *const *files, int n)
{
	json_t *m = json_object(), *opts = json_object(), *list = json_array();
	json_t *sources = json_array(), *v;

	json_object_set_new(m, "schema", json_string(LT_MANIFEST_SCHEMA));
	json_object_set_new(m, "run_id", lt_json_str_or_null(info->run_id));
	json_object_set_new(m, "tool_version", json_string(info->version));
	json_object_set_new(m, "git", lt_json_str_or_null(info->git));
	json_object_set_new(m, "host", lt_json_str_or_null(info->host_name));
	json_object_set_new(m, "topology", lt_json_str_or_null(info->topology));
	json_object_set_new(m, "started", lt_json_str_or_null(info->started));
	json_object_set_new(m, "cwd", lt_json_str_or_null(cwd));
	if ((v = lt_json_raw_hex(cwd)))
		json_object_set_new(m, "cwd_hex", v);
	/* Each option under its field's name, by the JSON constructor for its type. */
#define OPT(field, to_json) json_object_set_new(opts, #field, to_json(o->field))
	OPT(iterations, json_integer);
	OPT(batch, json_integer);
	OPT(timeout_s, json_integer);
	json_object_set_new(opts, "arch", json_string(o->arch->name));
	OPT(exec, lt_json_str_or_null);
	OPT(cc, lt_json_str_or_null);
	OPT(cflags, lt_json_str_or_null);
	/* What shapes the runs, so that --resume continues alike. */
	OPT(model, lt_json_str_or_null);
	OPT(sync, lt_json_str_or_null);
	OPT(delay, json_integer);
	OPT(layout, lt_json_str_or_null);
	OPT(instances, json_integer);
	OPT(placement, lt_json_str_or_null);
	OPT(counters, lt_json_str_or_null);
	/* Budgets: what a build or a model check may spend (null: none). */
	OPT(cc_timeout_s, budget_json);
	OPT(cc_memory_mib, budget_json);
	OPT(model_timeout_s, budget_json);
#undef OPT
	json_object_set_new(m, "options", opts);
	if (o->config) {
		/* A lab's settings: which file, and what it held then. */
		json_t *c = json_object();
		char sha[65];

		json_object_set_new(c, "path", json_string(o->config));
		json_object_set_new(c, "sha256", lt_sha256_file(o->config, sha) < 0 ?
				    json_null() : json_string(sha));
		json_object_set_new(m, "config", c);
	}
	if (o->shard_n)
		json_object_set_new(m, "shard", store_shard(o));
	for (int k = 0; k < n; k++) {
		char sha[65];

		json_array_append_new(list, manifest_file_entry(files[k]));
		json_array_append_new(sources, lt_sha256_file(files[k], sha) < 0 ?
				      json_null() : json_string(sha));
	}
	json_object_set_new(m, "files", list);
	/* What each test held: --resume reads a file only while it still does. */
	json_object_set_new(m, "sources", sources);
	return m;
}

static void path_in(const struct lt_store *st, const char *name, struct lt_buf *b)
{
	lt_buf_printf(b, "%s/%s", st->dir, name);
}

/* Write doc as the file name of the run's directory. */
static int write_json_in(const struct lt_store *st, const char *name, json_t *doc,
			 char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	int rc;

	path_in(st, name, &p);
	rc = lt_json_write_file(doc, p.s, why, len);
	lt_buf_free(&p);
	return rc;
}

int store_write_manifest(const struct lt_store *st, json_t *manifest, char *why,
			 size_t len)
{
	return write_json_in(st, "manifest.json", manifest, why, len);
}

static const char *opt_str(json_t *opts, const char *key)
{
	return json_string_value(json_object_get(opts, key));
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The run recorded opt=recorded; this command line says given (NULL: not
 * given, so dflt).  Given, it stands (a difference is noted); not given, a
 * recorded value other than the default stops the resume (-1 with why).
 */
static int resume_command(const char *opt, const char *recorded, const char *given,
			  const char *dflt, char *why, size_t len)
{
	const char *now = given ? given : dflt;

	if (same_str(recorded, now))
		return 0;
	if (given) {
		fprintf(stderr, "litmus-run: --resume: note: the run used %s=%s; "
			"continuing with %s=%s\n", opt, recorded ? recorded : "(default)",
			opt, given);
		return 0;
	}
	snprintf(why, len, "the run used %s=%s; commands are never taken from a "
		 "manifest: give %s explicitly to continue", opt,
		 recorded, opt);
	return -1;
}

json_t *store_resume(const char *dir, struct lt_options *o, char ***files, int *n,
		     char **cwd, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	json_t *m;

	lt_buf_printf(&p, "%s/manifest.json", dir);
	m = json_load_file(p.s, 0, &jerr);
	if (!m)
		snprintf(why, len, "%s:%d: %s", p.s, jerr.line, jerr.text);
	else
		m = store_read_manifest(m, p.s, o, files, n, cwd, why, len);
	lt_buf_free(&p);
	return m;
}

/*
 * A budget from the manifest: a number, or null for none.  Absent (a
 * manifest written before budgets were recorded): *v stays the default.
 */
static void budget_option(json_t *opts, const char *key, unsigned *v)
{
	json_t *j = json_object_get(opts, key);

	if (json_is_null(j))
		*v = 0;
	else if (json_is_integer(j) && json_integer_value(j) > 0 &&
		 json_integer_value(j) <= UINT_MAX)
		*v = (unsigned)json_integer_value(j);
}

json_t *store_read_manifest(json_t *m, const char *what, struct lt_options *o,
			    char ***files, int *n, char **cwd, char *why, size_t len)
{
	json_t *opts, *list, *v;
	const char *arch;
	size_t i;

	opts = json_object_get(m, "options");
	list = json_object_get(m, "files");
	arch = opt_str(opts, "arch");
	if (!json_is_string(json_object_get(m, "schema")) ||
	    strcmp(json_string_value(json_object_get(m, "schema")), LT_MANIFEST_SCHEMA) ||
	    !json_is_object(opts) || !json_is_array(list) || !arch ||
	    !json_is_string(json_object_get(m, "cwd")) ||
	    json_integer_value(json_object_get(opts, "iterations")) <= 0) {
		snprintf(why, len, "%s: not a litmus-run manifest", what);
		goto bad;
	}
	o->arch = lt_arch_by_name(arch);
	if (!o->arch) {
		snprintf(why, len, "%s: unknown arch '%s'", what, arch);
		goto bad;
	}
	o->arch_native = o->arch == lt_arch_native();
	o->iterations = (uint64_t)json_integer_value(json_object_get(opts, "iterations"));
	o->batch = (uint64_t)json_integer_value(json_object_get(opts, "batch"));
	o->timeout_s = (unsigned)json_integer_value(json_object_get(opts, "timeout_s"));
	if (o->timeout_s == 0)
		o->timeout_s = 60;
	/*
	 * Never a command from the manifest: a results directory may come
	 * from anyone.  The compiler, its flags and --exec are this command
	 * line's; the manifest's are only compared with them.
	 */
	if (resume_command("--exec", opt_str(opts, "exec"), o->exec,
			   o->arch_native ? NULL : o->arch->qemu, why, len) < 0 ||
	    resume_command("--cc", opt_str(opts, "cc"), o->cc, NULL, why, len) < 0 ||
	    resume_command("--cflags", opt_str(opts, "cflags"), o->cflags, NULL,
			   why, len) < 0)
		goto bad;
	o->model = opt_str(opts, "model");
	o->sync = opt_str(opts, "sync");
	o->layout = opt_str(opts, "layout");
	o->placement = opt_str(opts, "placement");
	/* Manifests written before these were recorded: the defaults. */
	v = json_object_get(opts, "delay");
	o->delay = json_is_integer(v) ? (int)json_integer_value(v) : -1;
	v = json_object_get(opts, "instances");
	o->instances = json_is_integer(v) ? (int)json_integer_value(v) : 1;
	o->counters = opt_str(opts, "counters");
	budget_option(opts, "cc_timeout_s", &o->cc_timeout_s);
	budget_option(opts, "cc_memory_mib", &o->cc_memory_mib);
	budget_option(opts, "model_timeout_s", &o->model_timeout_s);
	/* A resumed shard is still that shard: its file list is already cut. */
	v = json_object_get(m, "shard");
	if (json_is_object(v)) {
		o->shard_k = (int)json_integer_value(json_object_get(v, "k"));
		o->shard_n = (int)json_integer_value(json_object_get(v, "n"));
		o->shard_total = (int)json_integer_value(json_object_get(v, "suite_size"));
	}
	v = json_object_get(m, "cwd_hex");
	*cwd = v ? lt_json_unhex(json_string_value(v)) :
	       lt_xstrdup(json_string_value(json_object_get(m, "cwd")));
	if (!*cwd) {
		snprintf(why, len, "%s: cwd_hex is not a hex string", what);
		goto bad;
	}
	*n = (int)json_array_size(list);
	*files = lt_xcalloc((size_t)*n + 1, sizeof(char *));
	json_array_foreach(list, i, v) {
		if (!((*files)[i] = manifest_file_path(v))) {
			snprintf(why, len, "%s: file %zu is neither a name nor "
				 "{\"path\", \"hex\"}", what, i + 1);
			for (size_t k = 0; k < i; k++)
				free((*files)[k]);
			free(*files);
			*files = NULL;
			free(*cwd);
			*cwd = NULL;
			goto bad;
		}
	}
	return m;
bad:
	json_decref(m);
	return NULL;
}

/* Test index's file in the run's directory. */
static void test_name(int index, char *name, size_t len)
{
	snprintf(name, len, "tests/%05d.json", index);
}

int store_write_test(const struct lt_store *st, int index, json_t *entry,
		     char *why, size_t len)
{
	char name[32];

	test_name(index, name, sizeof(name));
	return write_json_in(st, name, entry, why, len);
}

/* Whether the two values are the same string, or both absent or null. */
static bool same_json_str(json_t *a, json_t *b)
{
	if (!a || json_is_null(a))
		return !b || json_is_null(b);
	return b && json_equal(a, b);
}

/*
 * Whether stored entry e is this run's result for test index (store.h):
 * NULL, or what is wrong with it.
 */
static const char *foreign_test(const struct lt_store *st, int index, json_t *e)
{
	json_t *m = st->manifest, *id = json_object_get(m, "run_id");
	json_t *sources = json_object_get(m, "sources"), *want, *hex;
	char *path = manifest_file_path(json_array_get(json_object_get(m, "files"),
						       (size_t)index));
	const char *bad = NULL;
	char sha[65];

	if (json_is_string(id) && !same_json_str(id, json_object_get(e, "run_id"))) {
		bad = "it was written by another run";
		goto out;
	}
	want = lt_json_str_or_null(path);
	hex = lt_json_raw_hex(path);
	if (!path || !same_json_str(want, json_object_get(e, "file")) ||
	    !same_json_str(hex, json_object_get(e, "file_hex")))
		bad = "it is the result of another file";
	json_decref(want);
	json_decref(hex);
	if (bad)
		goto out;
	if (!same_json_str(json_object_get(json_object_get(m, "options"), "arch"),
		      json_object_get(e, "arch"))) {
		bad = "it ran for another arch";
		goto out;
	}
	if (json_is_array(sources) &&
	    !same_json_str(json_array_get(sources, (size_t)index), json_object_get(e, "source_sha256"))) {
		bad = "its source is not the one the run began with";
		goto out;
	}
	if (json_is_string(json_object_get(e, "source_sha256")) &&
	    (lt_sha256_file(path, sha) < 0 ||
	     strcmp(sha, json_string_value(json_object_get(e, "source_sha256")))))
		bad = "the test's source has changed since";
out:
	free(path);
	return bad;
}

json_t *store_read_test(const struct lt_store *st, int index)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	const char *bad;
	char name[32];
	json_t *e;

	test_name(index, name, sizeof(name));
	path_in(st, name, &p);
	e = json_load_file(p.s, 0, &jerr);
	/* A file that does not parse cannot be a finished, atomically written one. */
	if (e && !json_is_object(e)) {
		json_decref(e);
		e = NULL;
	}
	if (e && st->manifest && (bad = foreign_test(st, index, e))) {
		fprintf(stderr, "litmus-run: --resume: %s is not this run's result for "
			"test %d (%s): running the test again\n", p.s, index + 1, bad);
		json_decref(e);
		e = NULL;
	}
	/* The run it belongs to is the document's, not each test's. */
	if (e)
		json_object_del(e, "run_id");
	lt_buf_free(&p);
	return e;
}

int store_write_run(const struct lt_store *st, json_t *doc, char *why, size_t len)
{
	return write_json_in(st, "run.json", doc, why, len);
}

int store_write_log(const struct lt_store *st, json_t *doc, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT, text = LT_BUF_INIT;
	int rc;

	path_in(st, "run.log", &p);
	textlog_format(doc, &text);
	rc = doc_write_text(text.s, p.s, why, len);
	lt_buf_free(&text);
	lt_buf_free(&p);
	return rc;
}
