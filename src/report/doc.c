/* SPDX-License-Identifier: MIT */
/* Loading stored runs (run directories or run.json files) and shared accessors. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/doc.h"
#include "report/json.h"
#include "util/sha256.h"
#include "util/fs.h"

const char *doc_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

uint64_t doc_u64(json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));

	return v < 0 ? 0 : (uint64_t)v;
}

double doc_real(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/*
 * A run that was killed before run.json exists still has its manifest and
 * its finished tests: put them together in manifest order, so a partial
 * night can still be compared and reported.
 */
static json_t *doc_assemble(const char *dir, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	json_t *m, *doc, *tests, *host, *cfg, *tool, *opts;
	size_t n;

	lt_buf_printf(&p, "%s/manifest.json", dir);
	m = json_load_file(p.s, 0, &jerr);
	if (!m) {
		snprintf(why, len, "%s: no run.json, and %s", dir, jerr.text);
		lt_buf_free(&p);
		return NULL;
	}
	n = json_array_size(json_object_get(m, "files"));
	tests = json_array();
	for (size_t k = 0; k < n; k++) {
		json_t *t;

		lt_buf_reset(&p);
		lt_buf_printf(&p, "%s/tests/%05zu.json", dir, k);
		t = json_load_file(p.s, 0, &jerr);
		if (t && json_is_object(t)) {
			/* The run a stored test belongs to is the document's. */
			json_object_del(t, "run_id");
			json_array_append_new(tests, t);
		} else {
			json_decref(t);
		}
	}
	lt_buf_free(&p);
	opts = json_object_get(m, "options");
	doc = json_object();
	tool = json_object();
	host = json_object();
	cfg = json_object();
	json_object_set_new(doc, "schema", json_string(LT_JSON_SCHEMA));
	if (json_is_string(json_object_get(m, "run_id")))
		json_object_set(doc, "run_id", json_object_get(m, "run_id"));
	json_object_set_new(tool, "name", json_string("litmus-run"));
	json_object_set(tool, "version", json_object_get(m, "tool_version"));
	json_object_set(tool, "git", json_object_get(m, "git"));
	json_object_set_new(doc, "tool", tool);
	json_object_set(host, "name", json_object_get(m, "host"));
	json_object_set(host, "topology", json_object_get(m, "topology"));
	json_object_set_new(doc, "host", host);
	json_object_set(cfg, "iterations", json_object_get(opts, "iterations"));
	json_object_set(cfg, "timeout_s", json_object_get(opts, "timeout_s"));
	json_object_set(cfg, "cflags", json_object_get(opts, "cflags"));
	json_object_set(cfg, "exec", json_object_get(opts, "exec"));
	json_object_set_new(doc, "config", cfg);
	json_object_set(doc, "started", json_object_get(m, "started"));
	json_object_set_new(doc, "finished", json_null());
	if (json_object_get(m, "shard"))
		json_object_set(doc, "shard", json_object_get(m, "shard"));
	json_object_set_new(doc, "partial", json_true());
	json_object_set_new(doc, "tests", tests);
	json_decref(m);
	return doc;
}

json_t *doc_check(json_t *doc, const char *what, char *why, size_t len)
{
	const char *schema = doc_str(doc, "schema");
	char sub[512];

	if (!json_is_object(doc) || !schema || strcmp(schema, LT_JSON_SCHEMA) ||
	    !json_is_array(json_object_get(doc, "tests"))) {
		snprintf(why, len, "%s: not a %s document", what, LT_JSON_SCHEMA);
		json_decref(doc);
		return NULL;
	}
	if (doc_check_counts(doc, sub, sizeof(sub)) < 0) {
		snprintf(why, len, "%s: %s", what, sub);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

json_t *doc_load(const char *path, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	struct stat st;
	json_t *doc;

	if (stat(path, &st) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		lt_buf_printf(&p, "%s/run.json", path);
		if (access(p.s, F_OK) < 0) {
			lt_buf_free(&p);
			doc = doc_assemble(path, why, len);
			return doc ? doc_check(doc, path, why, len) : NULL;
		}
	} else {
		lt_buf_puts(&p, path);
	}
	doc = json_load_file(p.s, 0, &jerr);
	if (!doc) {
		snprintf(why, len, "%s:%d: %s", p.s, jerr.line, jerr.text);
		lt_buf_free(&p);
		return NULL;
	}
	doc = doc_check(doc, p.s, why, len);
	lt_buf_free(&p);
	return doc;
}

void doc_outcome_str(json_t *outcome, struct lt_buf *b)
{
	const char *k;
	json_t *v;
	bool first = true;

	json_object_foreach(outcome, k, v) {
		size_t n = strlen(k);

		if (!first)
			lt_buf_putc(b, ' ');
		first = false;
		/* herd writes memory as "[x]"; litmus7 and the JSON write "x". */
		if (n > 2 && k[0] == '[' && k[n - 1] == ']')
			lt_buf_putn(b, k + 1, n - 2);
		else
			lt_buf_puts(b, k);
		if (json_is_integer(v))
			lt_buf_printf(b, "=%lld;", (long long)json_integer_value(v));
		else if (json_is_string(v))
			lt_buf_printf(b, "=%s;", json_string_value(v));
		else
			lt_buf_puts(b, "=?;");
	}
}

const char *doc_test_name(json_t *test)
{
	const char *n = doc_str(test, "name");

	return n ? n : "?";
}

/* Fields joined by a byte no arch, file or hash holds in practice. */
#define KEY_SEP "\x1f"

json_t *doc_test_keys(json_t *doc)
{
	json_t *keys = json_array(), *seen = json_object(), *t;
	struct lt_buf b = LT_BUF_INIT;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		const char *file = doc_str(t, "file_hex"), *how = "hex";
		json_int_t times;

		if (!file)
			file = doc_str(t, "file"), how = "file";
		if (!file)
			file = doc_test_name(t), how = "name";
		lt_buf_reset(&b);
		lt_buf_printf(&b, "%s" KEY_SEP "%s" KEY_SEP "%s", doc_str(t, "arch") ?: "",
			      how, file);
		times = json_integer_value(json_object_get(seen, b.s)) + 1;
		json_object_set_new_nocheck(seen, b.s, json_integer(times));
		if (times > 1)
			lt_buf_printf(&b, KEY_SEP "#%lld", (long long)times);
		json_array_append_new(keys, json_stringn_nocheck(b.s, b.len));
	}
	json_decref(seen);
	lt_buf_free(&b);
	return keys;
}

json_t *doc_test_index(json_t *doc, json_t *keys)
{
	json_t *ix = json_object(), *t;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t)
		json_object_set_nocheck(ix, json_string_value(json_array_get(keys, i)), t);
	return ix;
}

bool doc_same_source(json_t *a, json_t *b)
{
	const char *ha = doc_str(a, "source_sha256"), *hb = doc_str(b, "source_sha256");

	return !ha || !hb || !strcmp(ha, hb);
}

json_t *doc_find_test(json_t *doc, const char *name)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t)
		if (!strcmp(doc_test_name(t), name))
			return t;
	return NULL;
}

json_t *doc_outcome_index(json_t *test)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *ix = json_object(), *h;
	size_t i;

	json_array_foreach(json_object_get(test, "histogram"), i, h) {
		lt_buf_reset(&b);
		doc_outcome_str(json_object_get(h, "outcome"), &b);
		/* The first entry of an outcome stands, as doc_find_outcome finds it. */
		if (!json_object_get(ix, b.s ? b.s : ""))
			json_object_set_nocheck(ix, b.s ? b.s : "", h);
	}
	lt_buf_free(&b);
	return ix;
}

/* json_dump_callback's sink: the text goes straight into the hash. */
static int hash_text(const char *text, size_t n, void *c)
{
	lt_sha256_update(c, text, n);
	return 0;
}

json_t *doc_run_ids(json_t *doc)
{
	json_t *ids = json_array(), *m = json_object_get(doc, "merged_runs"), *v;
	struct lt_sha256 c;
	char hex[65];
	size_t i;

	if (json_is_array(m)) {
		json_array_foreach(m, i, v)
			if (json_is_string(v))
				json_array_append(ids, v);
		return ids;
	}
	if (json_is_string(json_object_get(doc, "run_id"))) {
		json_array_append(ids, json_object_get(doc, "run_id"));
		return ids;
	}
	/*
	 * The hash of the compact text, streamed: no copy of a large
	 * document, and nothing allocated that the caller would free (merge
	 * runs jansson on an arena, util/arena.h).
	 */
	lt_sha256_init(&c);
	json_dump_callback(doc, hash_text, &c, JSON_COMPACT | JSON_SORT_KEYS);
	lt_sha256_hex(&c, hex);
	json_array_append_new(ids, json_sprintf("sha256:%s", hex));
	return ids;
}

/* v, if present, as a count: 0, or -1 when it is not a non-negative integer. */
static int check_count(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return !v || json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0) ?
	       0 : -1;
}

int doc_check_counts(json_t *doc, char *why, size_t len)
{
	static const char *const keys[] = { "iterations", "positive", "negative",
					    "forbidden_observed" };
	json_t *t, *h;
	size_t i, j;

	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		uint64_t sum = 0;

		if (!json_is_object(t)) {
			snprintf(why, len, "test %zu is not an object", i + 1);
			return -1;
		}
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (check_count(t, keys[k]) < 0) {
				snprintf(why, len, "test %zu (%s): %s is not a count (a "
					 "non-negative integer below 2^63)", i + 1,
					 doc_test_name(t), keys[k]);
				return -1;
			}
		json_array_foreach(json_object_get(t, "histogram"), j, h) {
			if (!json_is_object(h) || check_count(h, "count") < 0) {
				snprintf(why, len, "test %zu (%s): histogram entry %zu: count "
					 "is not a non-negative integer below 2^63", i + 1,
					 doc_test_name(t), j + 1);
				return -1;
			}
			if (doc_add_count(sum, doc_u64(h, "count"), &sum) < 0) {
				snprintf(why, len, "test %zu (%s): histogram counts add up "
					 "past 2^63 - 1", i + 1, doc_test_name(t));
				return -1;
			}
		}
	}
	return 0;
}

json_t *doc_find_outcome(json_t *test, const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *h, *found = NULL;
	size_t i;

	json_array_foreach(json_object_get(test, "histogram"), i, h) {
		lt_buf_reset(&b);
		doc_outcome_str(json_object_get(h, "outcome"), &b);
		if (!strcmp(b.s ? b.s : "", s)) {
			found = h;
			break;
		}
	}
	lt_buf_free(&b);
	return found;
}

void doc_xml_escape(struct lt_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '<': lt_buf_puts(b, "&lt;"); break;
		case '>': lt_buf_puts(b, "&gt;"); break;
		case '&': lt_buf_puts(b, "&amp;"); break;
		case '"': lt_buf_puts(b, "&quot;"); break;
		case '\'': lt_buf_puts(b, "&#39;"); break;
		default:
			/* XML 1.0 has no place for other control characters. */
			if (c < 0x20 && c != '\n' && c != '\t')
				lt_buf_putc(b, '?');
			else
				lt_buf_putc(b, (char)c);
		}
	}
}

int doc_write_text(const char *text, const char *path, char *why, size_t len)
{
	return lt_write_file(path, text, strlen(text), 0644, why, len);
}
