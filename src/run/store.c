/* SPDX-License-Identifier: MIT */
/* The results directory: manifest, per-test files, run.json, resume. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "report/textlog.h"
#include "run/store.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"

int store_create(struct lt_store *st, const char *dir, char *why, size_t len)
{
	char tests[PATH_MAX + 8];

	snprintf(st->dir, sizeof(st->dir), "%s", dir);
	snprintf(tests, sizeof(tests), "%s/tests", dir);
	if (lt_mkdirs(tests) < 0) {
		snprintf(why, len, "cannot create %s: %s", tests, strerror(errno));
		return -1;
	}
	return 0;
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

int store_file_digest(const char *path, char hex[33])
{
	char chunk[8192];
	struct lt_hash h;
	FILE *f = fopen(path, "rb");
	size_t n;
	bool bad;

	if (!f)
		return -1;
	lt_hash_init(&h);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lt_hash_update(&h, chunk, n);
	bad = ferror(f);
	fclose(f);
	if (bad)
		return -1;
	lt_hash_hex(&h, hex);
	return 0;
}

json_t *store_manifest(const struct lt_run_info *info, const struct lt_options *o,
		       const char *cwd, char *const *files, int n)
{
	json_t *m = json_object(), *opts = json_object(), *list = json_array();

	json_object_set_new(m, "schema", json_string(LT_MANIFEST_SCHEMA));
	json_object_set_new(m, "tool_version", json_string(info->version));
	json_object_set_new(m, "git", lt_json_str_or_null(info->git));
	json_object_set_new(m, "host", lt_json_str_or_null(info->host_name));
	json_object_set_new(m, "topology", lt_json_str_or_null(info->topology));
	json_object_set_new(m, "started", lt_json_str_or_null(info->started));
	json_object_set_new(m, "cwd", json_string(cwd));
	json_object_set_new(opts, "iterations", json_integer((json_int_t)o->iterations));
	json_object_set_new(opts, "batch", json_integer((json_int_t)o->batch));
	json_object_set_new(opts, "timeout_s", json_integer(o->timeout_s));
	json_object_set_new(opts, "arch", json_string(o->arch->name));
	json_object_set_new(opts, "exec", lt_json_str_or_null(o->exec));
	json_object_set_new(opts, "cc", lt_json_str_or_null(o->cc));
	json_object_set_new(opts, "cflags", lt_json_str_or_null(o->cflags));
	/* What shapes the runs, so that --resume continues alike. */
	json_object_set_new(opts, "model", lt_json_str_or_null(o->model));
	json_object_set_new(opts, "sync", lt_json_str_or_null(o->sync));
	json_object_set_new(opts, "delay", json_integer(o->delay));
	json_object_set_new(opts, "layout", lt_json_str_or_null(o->layout));
	json_object_set_new(opts, "instances", json_integer(o->instances));
	json_object_set_new(opts, "placement", lt_json_str_or_null(o->placement));
	json_object_set_new(opts, "counters", lt_json_str_or_null(o->counters));
	json_object_set_new(m, "options", opts);
	if (o->shard_n)
		json_object_set_new(m, "shard", store_shard(o));
	for (int k = 0; k < n; k++)
		json_array_append_new(list, json_string(files[k]));
	json_object_set_new(m, "files", list);
	/* What each test held: --resume reads a file only if it still does. */
	list = json_array();
	for (int k = 0; k < n; k++) {
		char hex[33];

		json_array_append_new(list, store_file_digest(files[k], hex) == 0 ?
				      json_string(hex) : json_null());
	}
	json_object_set_new(m, "digests", list);
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
		     const char **cwd, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	json_t *m, *opts, *list, *v;
	const char *arch;
	size_t i;

	lt_buf_printf(&p, "%s/manifest.json", dir);
	m = json_load_file(p.s, 0, &jerr);
	if (!m) {
		snprintf(why, len, "%s: %s", p.s, jerr.text);
		lt_buf_free(&p);
		return NULL;
	}
	opts = json_object_get(m, "options");
	list = json_object_get(m, "files");
	arch = opt_str(opts, "arch");
	if (!json_is_string(json_object_get(m, "schema")) ||
	    strcmp(json_string_value(json_object_get(m, "schema")), LT_MANIFEST_SCHEMA) ||
	    !json_is_object(opts) || !json_is_array(list) || !arch ||
	    !json_is_string(json_object_get(m, "cwd")) ||
	    json_integer_value(json_object_get(opts, "iterations")) <= 0) {
		snprintf(why, len, "%s: not a litmus-run manifest", p.s);
		goto bad;
	}
	o->arch = lt_arch_by_name(arch);
	if (!o->arch) {
		snprintf(why, len, "%s: unknown arch '%s'", p.s, arch);
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
	/* A resumed shard is still that shard: its file list is already cut. */
	v = json_object_get(m, "shard");
	if (json_is_object(v)) {
		o->shard_k = (int)json_integer_value(json_object_get(v, "k"));
		o->shard_n = (int)json_integer_value(json_object_get(v, "n"));
		o->shard_total = (int)json_integer_value(json_object_get(v, "suite_size"));
	}
	*cwd = json_string_value(json_object_get(m, "cwd"));
	*n = (int)json_array_size(list);
	*files = lt_xcalloc((size_t)*n + 1, sizeof(char *));
	json_array_foreach(list, i, v) {
		if (!json_is_string(v)) {
			snprintf(why, len, "%s: file %zu is not a string", p.s, i);
			free(*files);
			*files = NULL;
			goto bad;
		}
		(*files)[i] = (char *)json_string_value(v);
	}
	lt_buf_free(&p);
	return m;
bad:
	json_decref(m);
	lt_buf_free(&p);
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

json_t *store_read_test(const struct lt_store *st, int index)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	char name[32];
	json_t *e;

	test_name(index, name, sizeof(name));
	path_in(st, name, &p);
	e = json_load_file(p.s, 0, &jerr);
	lt_buf_free(&p);
	/* A file that does not parse cannot be a finished, atomically written one. */
	if (e && !json_is_object(e)) {
		json_decref(e);
		e = NULL;
	}
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
