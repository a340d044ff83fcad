/* SPDX-License-Identifier: MIT */
/*
 * The HTML page of a litmus-run fences document: what a compiler engineer
 * looks at first (BUG cells, with the witness, the accesses whose code is
 * weaker than the mapping and the lifted code), then the counts per arch,
 * compiler and flags, the unsupported cells and their reasons, and every
 * cell in one table.  `litmus-run report FENCES.json` writes it.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "report/doc.h"
#include "report/html.h"

static void esc(struct lt_buf *b, const char *s)
{
	doc_xml_escape(b, s ? s : "");
}

/* html as is, then text escaped: the pages alternate the two. */
static void put(struct lt_buf *b, const char *html, const char *text)
{
	lt_buf_puts(b, html);
	esc(b, text);
}

static bool is(json_t *cell, const char *verdict)
{
	const char *v = doc_str(cell, "verdict");

	return v && !strncmp(v, verdict, strlen(verdict));
}

/* A run's problems: outcomes outside compiled_allowed or source_allowed. */
static size_t run_problems(json_t *cell)
{
	json_t *r = json_object_get(cell, "run");

	return json_array_size(json_object_get(r, "outside_compiled")) +
	       json_array_size(json_object_get(r, "forbidden_at_source"));
}

static void states(struct lt_buf *b, json_t *arr)
{
	size_t i;
	json_t *s;

	json_array_foreach(arr, i, s) {
		char *t = json_dumps(json_object_get(s, "state") ? json_object_get(s, "state") : s,
				     JSON_COMPACT | JSON_SORT_KEYS);

		put(b, "<code>", t);
		lt_buf_puts(b, "</code>");
		if (json_object_get(s, "count"))
			lt_buf_printf(b, " &times;%" PRIu64, doc_u64(s, "count"));
		lt_buf_puts(b, "<br>");
		free(t);
	}
}

static void cell_title(struct lt_buf *b, json_t *c)
{
	esc(b, doc_str(c, "test"));
	put(b, " &mdash; ", doc_str(c, "arch"));
	put(b, ", <code>", doc_str(c, "cc"));
	put(b, " ", doc_str(c, "cflags"));
	lt_buf_puts(b, "</code>");
}

/* One cell in full: accesses, witnesses, run, lifted code. */
static void cell_detail(struct lt_buf *b, json_t *c, int k)
{
	json_t *th, *a, *run = json_object_get(c, "run");
	size_t i, j;

	lt_buf_printf(b, "<h3 id=\"c%d\">", k);
	cell_title(b, c);
	lt_buf_puts(b, ": <span class=\"");
	lt_buf_puts(b, is(c, "BUG") ? "bad" : is(c, "sound") ? "ok" : "warn");
	lt_buf_puts(b, "\">");
	esc(b, doc_str(c, "verdict"));
	put(b, "</span></h3>\n<p>", doc_str(c, "cc_version"));
	put(b, " &middot; ", doc_str(c, "file"));
	lt_buf_puts(b, "</p>\n");
	if (json_array_size(json_object_get(c, "extra_states"))) {
		lt_buf_puts(b, "<p class=\"bad\">Allowed after compilation, forbidden at source:</p><p>");
		states(b, json_object_get(c, "extra_states"));
		lt_buf_puts(b, "</p>\n");
	}
	lt_buf_puts(b, "<table><tr><th>thread</th><th>source</th><th>order</th><th>emitted</th>"
		       "<th>expected</th><th>verdict</th></tr>\n");
	json_array_foreach(json_object_get(c, "threads"), i, th) {
		json_array_foreach(json_object_get(th, "accesses"), j, a) {
			const char *v = doc_str(a, "verdict");

			lt_buf_printf(b, "<tr><td>P%" PRIu64 "</td><td><code>", doc_u64(th, "thread"));
			esc(b, doc_str(a, "source"));
			put(b, "</code></td><td>", doc_str(a, "order"));
			put(b, "</td><td><code>", doc_str(a, "emitted"));
			put(b, "</code></td><td><code>", doc_str(a, "expected"));
			lt_buf_printf(b, "</code></td><td class=\"%s\">",
				      v && !strcmp(v, "weaker") ? "bad" : "");
			esc(b, v);
			lt_buf_puts(b, "</td></tr>\n");
		}
	}
	lt_buf_puts(b, "</table>\n");
	if (json_is_object(run)) {
		lt_buf_printf(b, "<p>Run: %s, %" PRIu64 " iterations%s, %" PRIu64 " outcomes.</p>\n",
			      doc_str(run, "status") ? doc_str(run, "status") : "?",
			      doc_u64(run, "iterations"),
			      json_is_true(json_object_get(run, "emulated")) ? " (emulated)" : "",
			      doc_u64(run, "outcomes"));
		if (json_array_size(json_object_get(run, "forbidden_at_source"))) {
			lt_buf_puts(b, "<p class=\"bad\">Observed, forbidden at source:</p><p>");
			states(b, json_object_get(run, "forbidden_at_source"));
			lt_buf_puts(b, "</p>\n");
		}
		if (json_array_size(json_object_get(run, "outside_compiled"))) {
			lt_buf_puts(b, "<p class=\"bad\">Observed, outside compiled_allowed:</p><p>");
			states(b, json_object_get(run, "outside_compiled"));
			lt_buf_puts(b, "</p>\n");
		}
	}
	if (doc_str(c, "lifted")) {
		put(b, "<details><summary>lifted test</summary><pre>", doc_str(c, "lifted"));
		lt_buf_puts(b, "</pre></details>\n");
	}
}

struct group {
	const char *arch, *cc, *cflags;
	int sound, bug, unsup, run_bad;
};

void html_fences(json_t *doc, const char *label, struct lt_buf *b)
{
	json_t *results = json_object_get(doc, "results"), *c;
	struct group *g = NULL;
	int ng = 0, nbug = 0, nsound = 0, nunsup = 0, nrun = 0;
	size_t i;

	json_array_foreach(results, i, c) {
		int k;

		for (k = 0; k < ng; k++)
			if (!strcmp(g[k].arch, doc_str(c, "arch") ?: "") &&
			    !strcmp(g[k].cc, doc_str(c, "cc") ?: "") &&
			    !strcmp(g[k].cflags, doc_str(c, "cflags") ?: ""))
				break;
		if (k == ng) {
			g = lt_xrealloc(g, (size_t)(ng + 1) * sizeof(*g));
			memset(&g[ng], 0, sizeof(g[0]));
			g[ng].arch = doc_str(c, "arch") ?: "";
			g[ng].cc = doc_str(c, "cc") ?: "";
			g[ng].cflags = doc_str(c, "cflags") ?: "";
			ng++;
		}
		if (is(c, "BUG"))
			g[k].bug++, nbug++;
		else if (is(c, "sound"))
			g[k].sound++, nsound++;
		else
			g[k].unsup++, nunsup++;
		if (run_problems(c))
			g[k].run_bad++, nrun++;
	}
	lt_buf_puts(b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>litmus-run fences: ");
	esc(b, label);
	lt_buf_printf(b, "</title><style>%s</style></head><body>\n<h1>litmus-run fences: ",
		      lt_html_css);
	esc(b, label);
	lt_buf_puts(b, "</h1>\n<p class=\"banner\">Source model <code>");
	esc(b, doc_str(doc, "model"));
	lt_buf_printf(b, "</code>; %d compiler, flags and arch combinations.</p>\n", ng);
	lt_buf_printf(b, "<ul class=\"counts\" id=\"counts\"><li><b id=\"n-cells\">%zu</b> cells</li>"
		      "<li><b id=\"n-sound\" class=\"ok\">%d</b> sound</li>"
		      "<li><b id=\"n-bug\" class=\"%s\">%d</b> BUG</li>"
		      "<li><b id=\"n-unsupported\">%d</b> unsupported</li>"
		      "<li><b id=\"n-run\" class=\"%s\">%d</b> runs with outcomes outside a model</li>"
		      "</ul>\n", json_array_size(results), nsound, nbug ? "bad" : "ok", nbug, nunsup,
		      nrun ? "bad" : "ok", nrun);
	lt_buf_puts(b, "<h2>By arch, compiler and flags</h2>\n<table><tr><th>arch</th><th>compiler</th>"
		       "<th>flags</th><th>sound</th><th>BUG</th><th>unsupported</th>"
		       "<th>run problems</th></tr>\n");
	for (int k = 0; k < ng; k++) {
		put(b, "<tr><td>", g[k].arch);
		put(b, "</td><td><code>", g[k].cc);
		put(b, "</code></td><td><code>", g[k].cflags);
		lt_buf_printf(b, "</code></td><td class=\"n\">%d</td><td class=\"n %s\">%d</td>"
			      "<td class=\"n\">%d</td><td class=\"n %s\">%d</td></tr>\n", g[k].sound,
			      g[k].bug ? "bad" : "", g[k].bug, g[k].unsup, g[k].run_bad ? "bad" : "",
			      g[k].run_bad);
	}
	lt_buf_puts(b, "</table>\n");
	if (nbug || nrun) {
		lt_buf_puts(b, "<h2 id=\"problems\">Problems</h2>\n");
		json_array_foreach(results, i, c)
			if (is(c, "BUG") || run_problems(c))
				cell_detail(b, c, (int)i);
	}
	if (nunsup) {
		lt_buf_puts(b, "<h2 id=\"unsupported\">Unsupported</h2>\n<table>\n");
		json_array_foreach(results, i, c) {
			if (is(c, "BUG") || is(c, "sound"))
				continue;
			lt_buf_puts(b, "<tr><td>");
			cell_title(b, c);
			put(b, "</td><td>", doc_str(c, "verdict"));
			lt_buf_puts(b, "</td></tr>\n");
		}
		lt_buf_puts(b, "</table>\n");
	}
	lt_buf_puts(b, "<h2>Every cell</h2>\n<table id=\"cells\"><tr><th>test</th><th>arch</th>"
		       "<th>compiler</th><th>flags</th><th>as-mapped</th><th>stronger</th>"
		       "<th>weaker</th><th>verdict</th></tr>\n");
	json_array_foreach(results, i, c) {
		int n[3] = { 0, 0, 0 };
		size_t p, q;
		json_t *th, *a;

		json_array_foreach(json_object_get(c, "threads"), p, th)
			json_array_foreach(json_object_get(th, "accesses"), q, a) {
				const char *v = doc_str(a, "verdict") ?: "";

				n[0] += !strcmp(v, "as-mapped");
				n[1] += !strcmp(v, "stronger");
				n[2] += !strcmp(v, "weaker");
			}
		put(b, "<tr><td>", doc_str(c, "test"));
		put(b, "</td><td>", doc_str(c, "arch"));
		put(b, "</td><td><code>", doc_str(c, "cc"));
		put(b, "</code></td><td><code>", doc_str(c, "cflags"));
		lt_buf_printf(b, "</code></td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
			      "<td class=\"n\">%d</td><td class=\"%s\">", n[0], n[1], n[2],
			      is(c, "BUG") ? "bad" : is(c, "sound") ? "ok" : "warn");
		if (is(c, "BUG") || run_problems(c))
			lt_buf_printf(b, "<a href=\"#c%zu\">", i);
		esc(b, doc_str(c, "verdict"));
		lt_buf_puts(b, is(c, "BUG") || run_problems(c) ? "</a></td></tr>\n" : "</td></tr>\n");
	}
	lt_buf_puts(b, "</table>\n</body></html>\n");
	free(g);
}
