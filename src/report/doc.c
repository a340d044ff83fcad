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
		if (t && json_is_object(t))
			json_array_append_new(tests, t);
		else
			json_decref(t);
	}
	lt_buf_free(&p);
	opts = json_object_get(m, "options");
	doc = json_object();
	tool = json_object();
	host = json_object();
	cfg = json_object();
	json_object_set_new(doc, "schema", json_string(LT_JSON_SCHEMA));
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

json_t *doc_load(const char *path, char *why, size_t len)
{
	struct lt_buf p = LT_BUF_INIT;
	json_error_t jerr;
	struct stat st;
	json_t *doc;
	const char *schema;

	if (stat(path, &st) < 0) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		lt_buf_printf(&p, "%s/run.json", path);
		if (access(p.s, F_OK) < 0) {
			lt_buf_free(&p);
			return doc_assemble(path, why, len);
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
	schema = doc_str(doc, "schema");
	if (!json_is_object(doc) || !schema || strcmp(schema, LT_JSON_SCHEMA) ||
	    !json_is_array(json_object_get(doc, "tests"))) {
		snprintf(why, len, "%s: not a %s document", p.s, LT_JSON_SCHEMA);
		json_decref(doc);
		doc = NULL;
	}
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

const char *doc_test_key(json_t *test)
{
	const char *n = doc_str(test, "name");

	return n ? n : "?";
}

json_t *doc_find_test(json_t *doc, const char *key)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t)
		if (!strcmp(doc_test_key(t), key))
			return t;
	return NULL;
}

json_t *doc_find_outcome(json_t *test, const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *h, *found = NULL;
	size_t i;

	json_array_foreach(json_object_get(test, "histogram"), i, h) {
		lt_buf_reset(&b);
		doc_outcome_str(json_object_get(h, "outcome"), &b);
		if (b.s && !strcmp(b.s, s)) {
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
	size_t n = strlen(text);

	if (!strcmp(path, "-")) {
		if (fwrite(text, 1, n, stdout) != n || fflush(stdout)) {
			snprintf(why, len, "stdout: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	return lt_write_atomic(path, text, n, true, why, len);
}
