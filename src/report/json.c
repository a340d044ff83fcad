/* SPDX-License-Identifier: MIT */
/* Building and writing the litmus-run/1 JSON document with jansson. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/arch-ops.h"
#include "model/model.h"
#include "report/doc.h"
#include "report/json.h"
/* The one header of the run layer the report layer reads (see there). */
#include "run/entry.h"
#include "runtime/counters.h"
#include "util/buf.h"
#include "util/fs.h"

/* Length of the valid UTF-8 sequence at s, or 0 (RFC 3629: no overlong, surrogate or > U+10FFFF). */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0], n, min, cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	for (unsigned k = 1; k < n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

json_t *lt_json_str_or_null(const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	json_t *j;

	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	while (*p) {
		size_t n = utf8_seq(p);

		if (n) {
			lt_buf_putn(&b, (const char *)p, n);
			p += n;
		} else {
			lt_buf_printf(&b, "\\x%02x", *p++);
		}
	}
	j = json_string(b.s ? b.s : "");
	lt_buf_free(&b);
	return j;
}

json_t *lt_json_raw_hex(const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	json_t *j = s ? json_string(s) : NULL;

	if (!s || j) {
		json_decref(j);
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		lt_buf_printf(&b, "%02x", *p);
	j = json_string(b.s);
	lt_buf_free(&b);
	return j;
}

char *lt_json_unhex(const char *hex)
{
	size_t n = hex ? strlen(hex) : 1;
	char *out;

	if (n % 2 || strspn(hex, "0123456789abcdef") != n)
		return NULL;
	out = lt_xcalloc(n / 2 + 1, 1);
	for (size_t k = 0; k < n / 2; k++) {
		unsigned v;

		sscanf(hex + 2 * k, "%2x", &v);
		out[k] = (char)v;
	}
	/* An embedded NUL would name another file than the one recorded. */
	if (strlen(out) != n / 2) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * A value of observable var: a location's name, an integer, or, for a
 * 64-bit unsigned value past JSON's (and jansson's) int64 range, its
 * decimal digits as a string (doc/json.md).
 */
static json_t *lt_json_value(const struct lt_test *t, struct lt_var var,
			     const struct lt_value *v)
{
	char buf[32];

	if (v->is_sym)
		return json_string(t->locs[v->loc].name);
	if (!lt_var_form(t, var).is_signed && v->i < 0)
		return json_string(lt_var_value_str(t, var, v, buf, sizeof(buf)));
	return json_integer((json_int_t)v->i);
}

static json_t *lt_json_tristate(enum lt_tristate x)
{
	return x == LT_UNKNOWN ? json_null() : json_boolean(x == LT_YES);
}

static const char *quant_name(enum lt_quant q)
{
	return q == LT_Q_EXISTS ? "exists" : q == LT_Q_NOT_EXISTS ? "~exists" :
	       "forall";
}

static const char *expect_name(enum lt_expect e)
{
	return e == LT_EXPECT_ALLOWED ? "Allowed" :
	       e == LT_EXPECT_FORBIDDEN ? "Forbidden" :
	       e == LT_EXPECT_REQUIRED ? "Required" : NULL;
}

static json_t *lt_json_histogram(const struct lt_test *t, const struct lt_result *r)
{
	json_t *a = json_array();

	for (int k = 0; k < r->nouts; k++) {
		const struct lt_outcome *o = &r->outs[k];
		json_t *outcome = json_object(), *e = json_object();

		for (int v = 0; v < t->nobserved; v++) {
			char name[160];

			lt_var_name(t, t->observed[v], name, sizeof(name));
			json_object_set_new(outcome, name,
					    lt_json_value(t, t->observed[v], &o->vals[v]));
		}
		json_object_set_new(e, "outcome", outcome);
		json_object_set_new(e, "count", json_integer((json_int_t)o->count));
		json_object_set_new(e, "satisfies", json_boolean(o->satisfies));
		json_object_set_new(e, "allowed", lt_json_tristate(o->allowed));
		if (o->filtered)
			json_object_set_new(e, "filtered", json_true());
		/* A known deviation (--known): still forbidden, with its reason. */
		if (o->known)
			json_object_set_new(e, "known", json_pack("{s:s, s:s}",
				"reason", o->known, "source", o->known_where ?: ""));
		json_array_append_new(a, e);
	}
	return a;
}

/*
 * The model's judgement: name, verdict on the condition, herd's Ok/No, and
 * the allowed final states as outcome objects.  null when no model applies.
 */
static json_t *lt_json_model(const struct lt_entry *e)
{
	const struct lt_test *t = e->test;
	const struct lt_model_result *m = e->model;
	json_t *o, *states;

	if (!t || !m)
		return json_null();
	o = json_object();
	states = json_array();
	json_object_set_new(o, "name", json_string(m->model));
	json_object_set_new(o, "verdict", json_string(model_verdict_name(m->verdict)));
	json_object_set_new(o, "validated", json_boolean(m->ok));
	/* Models that define data races (c11) say whether one was found. */
	if (m->races_checked)
		json_object_set_new(o, "data_race", json_boolean(m->data_race));
	/* Mixed-size tests: herd7 judges them with -variant mixed. */
	if (m->mixed_size)
		json_object_set_new(o, "mixed_size", json_true());
	for (int s = 0; s < m->nstates; s++) {
		const struct lt_value *row = &m->states[(size_t)s * (size_t)t->nobserved];
		json_t *outcome = json_object();

		for (int v = 0; v < t->nobserved; v++) {
			char name[160];

			lt_var_name(t, t->observed[v], name, sizeof(name));
			json_object_set_new(outcome, name,
					    lt_json_value(t, t->observed[v], &row[v]));
		}
		json_array_append_new(states, outcome);
	}
	json_object_set_new(o, "allowed", states);
	return o;
}

static void lt_json_set_model(json_t *o, const struct lt_entry *e)
{
	json_object_set_new(o, "model", lt_json_model(e));
	if (!e->model && e->model_error)
		json_object_set_new(o, "model_error", json_string(e->model_error));
}

/* Each counted value over the iterations it covers; null when not counted. */
static json_t *lt_json_per_iteration(const struct lt_result *r)
{
	const char *name;
	json_t *o, *v;

	if (!r->counter_values || !r->counted_iterations)
		return json_null();
	o = json_object();
	json_object_foreach(r->counter_values, name, v)
		json_object_set_new(o, name, json_real((double)json_integer_value(v) /
						       (double)r->counted_iterations));
	return o;
}

json_t *lt_json_entry(const struct lt_entry *e)
{
	const struct lt_test *t = e->test;
	const struct lt_result *r = &e->result;
	json_t *o = json_object(), *v;

	json_object_set_new(o, "name", lt_json_str_or_null(t ? t->name : e->file));
	json_object_set_new(o, "file", lt_json_str_or_null(e->file));
	/* A name that is not UTF-8: its exact bytes, to open it again. */
	if ((v = lt_json_raw_hex(e->file)))
		json_object_set_new(o, "file_hex", v);
	/* The test's identity across runs (doc.h): arch, file, source. */
	json_object_set_new(o, "source_sha256", lt_json_str_or_null(
		e->source_sha256[0] ? e->source_sha256 : NULL));
	json_object_set_new(o, "arch", lt_json_str_or_null(e->arch));
	/*
	 * What the threads are written in: a language the compiler turns into
	 * the target arch's code ("C"), or "asm", the target's own instructions.
	 */
	if (t)
		json_object_set_new(o, "language", json_string(t->arch->language ?
							       t->arch->language : "asm"));
	json_object_set_new(o, "status", json_string(lt_status_name(r->status)));
	if (r->status != LT_ST_OK)
		json_object_set_new(o, "reason", lt_json_str_or_null(r->reason));
	if (t) {
		json_object_set_new(o, "condition", lt_json_str_or_null(t->cond_text));
		json_object_set_new(o, "kind", json_string(quant_name(t->quant)));
		/* Instructions the kernel runs as an equivalent sequence. */
		if (t->nsubst) {
			json_t *a = json_array();

			for (int k = 0; k < t->nsubst; k++)
				json_array_append_new(a, json_pack("{s:s, s:s}",
					"insn", t->subst[k].insn, "as", t->subst[k].as));
			json_object_set_new(o, "substituted", a);
		}
	}
	json_object_set_new(o, "emulated", json_boolean(e->emulated));
	/* What this test alone would make the run exit with (resume needs it). */
	json_object_set_new(o, "exit_code", json_integer(e->exit_class));
	/* A timeout's partial result is written as a finished one (doc/json.md). */
	if ((r->status != LT_ST_OK && !r->partial) || !t) {
		if (e->model || e->model_error)
			lt_json_set_model(o, e);
		return o;
	}

	json_object_set_new(o, "iterations", json_integer((json_int_t)r->iterations));
	json_object_set_new(o, "elapsed_s", json_real(r->elapsed_s));
	{
		json_t *pl = json_array();

		for (int k = 0; k < r->nplacement; k++) {
			json_t *p = json_object();

			if (r->instances > 1)
				json_object_set_new(p, "instance",
						    json_integer(r->placement[k].instance));
			json_object_set_new(p, "thread", json_integer(r->placement[k].thread));
			json_object_set_new(p, "pu", r->placement[k].pu < 0 ? json_null() :
					    json_integer(r->placement[k].pu));
			json_array_append_new(pl, p);
		}
		json_object_set_new(o, "placement", pl);
	}
	json_object_set_new(o, "pinning", lt_json_str_or_null(r->pinning));
	json_object_set_new(o, "oversubscribed", json_boolean(r->oversubscribed));
	json_object_set_new(o, "counters", lt_json_str_or_null(r->counters));
	json_object_set_new(o, "counter_values", r->counter_values ?
			    json_deep_copy(r->counter_values) : json_null());
	json_object_set_new(o, "counters_per_iteration", lt_json_per_iteration(r));
	if (r->sync)
		json_object_set(o, "sync", r->sync);
	/* Layout, instances, placement class: src/runtime, --placement. */
	if (r->layout)
		json_object_set(o, "layout", r->layout);
	json_object_set_new(o, "instances", json_integer(r->instances > 0 ?
							 r->instances : 1));
	if (r->placement_class)
		json_object_set_new(o, "placement_class", json_string(r->placement_class));
	if (r->scan)
		json_object_set(o, "scan", r->scan);
	json_object_set_new(o, "histogram", lt_json_histogram(t, r));
	json_object_set_new(o, "positive", json_integer((json_int_t)r->positive));
	json_object_set_new(o, "negative", json_integer((json_int_t)r->negative));
	json_object_set_new(o, "observation",
			    json_string(lt_observation_name(r->observation)));
	json_object_set_new(o, "validated", json_boolean(r->validated));
	lt_json_set_model(o, e);
	json_object_set_new(o, "expectation", lt_json_str_or_null(expect_name(r->expect)));
	json_object_set_new(o, "expectation_source", lt_json_str_or_null(r->expect_source));
	json_object_set_new(o, "forbidden_observed",
			    json_integer((json_int_t)r->forbidden_observed));
	json_object_set_new(o, "known_observed",
			    json_integer((json_int_t)r->known_observed));
	return o;
}

/* --counters as asked for: an array of event names, [] for none. */
static json_t *lt_json_counter_list(const char *list)
{
	struct lt_counter_list l;
	json_t *a;
	char why[200];

	if (!list || lt_counters_parse(list, &l, why, sizeof(why)) < 0)
		return json_null();
	a = json_array();
	for (int k = 0; k < l.n; k++)
		json_array_append_new(a, json_string(l.name[k]));
	return a;
}

/* The "tool" and "host" objects, shared by the run and probe documents. */
static void lt_json_set_provenance(json_t *doc, const struct lt_run_info *in)
{
	json_t *tool = json_object(), *host = json_object();

	json_object_set_new(tool, "name", json_string("litmus-run"));
	json_object_set_new(tool, "version", json_string(in->version));
	json_object_set_new(tool, "git", lt_json_str_or_null(in->git));
	json_object_set_new(doc, "tool", tool);
	json_object_set_new(host, "name", lt_json_str_or_null(in->host_name));
	json_object_set_new(host, "arch", lt_json_str_or_null(in->host_arch));
	json_object_set_new(host, "cpu", lt_json_str_or_null(in->cpu));
	json_object_set_new(host, "pus", json_integer(in->pus));
	json_object_set_new(host, "topology", lt_json_str_or_null(in->topology));
	json_object_set_new(doc, "host", host);
}

const char *lt_json_test_class(json_t *t)
{
	const char *st = json_string_value(json_object_get(t, "status"));

	if (!st)
		return "error";
	if (strcmp(st, "ok"))
		return st;
	if (json_integer_value(json_object_get(t, "forbidden_observed")) > 0)
		return "forbidden";
	if (json_integer_value(json_object_get(t, "known_observed")) > 0)
		return "known";
	return "ok";
}

json_t *lt_json_summary(json_t *tests)
{
	static const char *const classes[] = { "ok", "forbidden", "known", "timeout",
					       "crashed", "skipped", "error" };
	json_t *s = json_object(), *t;
	size_t i;

	for (size_t k = 0; k < sizeof(classes) / sizeof(classes[0]); k++)
		json_object_set_new(s, classes[k], json_integer(0));
	json_array_foreach(tests, i, t) {
		const char *c = lt_json_test_class(t);
		json_t *n = json_object_get(s, c);

		/* A status this version does not know counts as an error. */
		if (!n)
			n = json_object_get(s, "error");
		json_integer_set(n, json_integer_value(n) + 1);
	}
	json_object_set_new(s, "tests", json_integer((json_int_t)json_array_size(tests)));
	return s;
}

json_t *lt_json_document(const struct lt_run_info *in, json_t *tests)
{
	json_t *doc = json_object(), *cfg = json_object();

	json_object_set_new(doc, "schema", json_string(LT_JSON_SCHEMA));
	if (in->run_id)
		json_object_set_new(doc, "run_id", json_string(in->run_id));
	lt_json_set_provenance(doc, in);
	/* How the run was called: to run it again, or to see what it was. */
	if (in->argv) {
		json_t *a = json_array();

		for (int k = 0; k < in->argc; k++)
			json_array_append_new(a, lt_json_str_or_null(in->argv[k]));
		json_object_set_new(doc, "argv", a);
	} else {
		json_object_set_new(doc, "argv", json_null());
	}
	json_object_set_new(doc, "cwd", lt_json_str_or_null(in->cwd));
	json_object_set_new(doc, "exit_code", in->exit_code < 0 ? json_null() :
			    json_integer(in->exit_code));
	json_object_set_new(cfg, "iterations", json_integer((json_int_t)in->iterations));
	json_object_set_new(cfg, "timeout_s", json_integer(in->timeout_s));
	json_object_set_new(cfg, "cc", lt_json_str_or_null(in->cc));
	json_object_set_new(cfg, "cc_path", lt_json_str_or_null(in->cc_path));
	if (in->cc_version)
		json_object_set_new(cfg, "cc_version", json_string(in->cc_version));
	json_object_set_new(cfg, "cflags", lt_json_str_or_null(in->cflags));
	json_object_set_new(cfg, "exec", lt_json_str_or_null(in->exec));
	json_object_set_new(cfg, "counters", lt_json_counter_list(in->counters));
	json_object_set_new(doc, "config", cfg);
	json_object_set_new(doc, "started", lt_json_str_or_null(in->started));
	json_object_set_new(doc, "finished", lt_json_str_or_null(in->finished));
	json_object_set_new(doc, "summary", lt_json_summary(tests));
	json_object_set_new(doc, "tests", tests);
	return doc;
}

json_t *lt_json_probe_document(const struct lt_run_info *in, json_t *config,
			       json_t *probes)
{
	json_t *doc = json_object();

	json_object_set_new(doc, "schema", json_string(LT_JSON_PROBE_SCHEMA));
	lt_json_set_provenance(doc, in);
	json_object_set_new(doc, "config", config);
	json_object_set_new(doc, "started", lt_json_str_or_null(in->started));
	json_object_set_new(doc, "probes", probes);
	return doc;
}

int lt_json_write_file(json_t *doc, const char *path, char *why, size_t len)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	struct lt_buf b = LT_BUF_INIT;
	int rc;

	if (!text) {
		snprintf(why, len, "cannot serialise the JSON document");
		return -1;
	}
	/* A text file: the document ends with a newline. */
	lt_buf_puts(&b, text);
	lt_buf_putc(&b, '\n');
	free(text);
	rc = doc_write_text(b.s, path, why, len);
	lt_buf_free(&b);
	return rc;
}
