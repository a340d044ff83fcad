/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: a summary table, then per test its histogram as an SVG
 * bar chart (forbidden and witness states marked), condition, verdict,
 * placement, and the witness rate across earlier nights.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/doc.h"
#include "report/html.h"

#define C_FORBIDDEN "#c62828"
#define C_WITNESS "#1565c0"
#define C_OTHER "#9e9e9e"

static const char css[] =
	"body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-top:1px solid #ccc;"
	"padding-top:.8em}table{border-collapse:collapse}td,th{padding:.2em .6em;"
	"border-bottom:1px solid #eee;text-align:left}td.n{text-align:right;"
	"font-variant-numeric:tabular-nums}.bad{color:" C_FORBIDDEN ";font-weight:bold}"
	".ok{color:#2e7d32}.warn{color:#ef6c00}code{background:#f4f4f4;padding:0 .2em}"
	"dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
	"dt{color:#555}dd{margin:0}svg{display:block;margin:.5em 0}"
	".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
	"vertical-align:middle}";

static void esc(struct lt_buf *b, const char *s)
{
	doc_xml_escape(b, s ? s : "");
}

/* "model: verdict" of a test's model object; false (nothing) without one. */
static bool put_model(struct lt_buf *b, json_t *m)
{
	if (!json_is_object(m))
		return false;
	esc(b, doc_str(m, "name"));
	lt_buf_puts(b, ": ");
	esc(b, doc_str(m, "verdict"));
	return true;
}

static bool is_ok(json_t *t)
{
	const char *s = doc_str(t, "status");

	return s && !strcmp(s, "ok");
}

/*
 * A stable HTML id for a test's identity key (doc.h: names are not unique;
 * keys hold '+', '.', '/', ...).
 */
static void anchor(struct lt_buf *b, const char *name)
{
	lt_buf_puts(b, "t-");
	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_')
			lt_buf_putc(b, (char)c);
		else
			lt_buf_printf(b, "_%02x", c);
	}
}

static void summary_table(json_t *doc, json_t *keys, struct lt_buf *b)
{
	json_t *t;
	size_t i;

	lt_buf_puts(b, "<table><thead><tr><th>Test</th><th>Status</th><th>Observed</th>"
		    "<th>Witnesses</th><th>Iterations</th><th>Forbidden</th>"
		    "<th>Model</th></tr></thead><tbody>\n");
	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		uint64_t forb = doc_u64(t, "forbidden_observed");
		json_t *m = json_object_get(t, "model");

		lt_buf_puts(b, "<tr><td><a href=\"#");
		anchor(b, json_string_value(json_array_get(keys, i)));
		lt_buf_puts(b, "\">");
		esc(b, doc_test_name(t));
		lt_buf_printf(b, "</a></td><td class=\"%s\">", is_ok(t) ? "ok" : "warn");
		esc(b, doc_str(t, "status"));
		lt_buf_puts(b, "</td><td>");
		esc(b, doc_str(t, "observation") ?: "-");
		lt_buf_printf(b, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">%"
			      PRIu64 "</td><td class=\"n%s\">%" PRIu64 "</td><td>",
			      doc_witnesses(t), doc_u64(t, "iterations"), forb ? " bad" : "",
			      forb);
		if (!put_model(b, m))
			lt_buf_puts(b, "-");
		lt_buf_puts(b, "</td></tr>\n");
	}
	lt_buf_puts(b, "</tbody></table>\n");
}

/*
 * Horizontal bars on a log scale: witness states are often a few in a
 * million, and a linear bar would not show them at all.
 */
static void histogram_svg(json_t *t, struct lt_buf *b)
{
	json_t *hist = json_object_get(t, "histogram"), *h;
	size_t i, n = json_array_size(hist), maxlab = 8;
	uint64_t max = 1;
	int row = 20, bar_w = 360, label_w, width, height;

	json_array_foreach(hist, i, h) {
		struct lt_buf s = LT_BUF_INIT;

		doc_outcome_str(json_object_get(h, "outcome"), &s);
		if (s.len > maxlab)
			maxlab = s.len;
		if (doc_u64(h, "count") > max)
			max = doc_u64(h, "count");
		lt_buf_free(&s);
	}
	label_w = (int)maxlab * 7 + 30;
	width = label_w + bar_w + 170;
	height = (int)n * row + 10;
	lt_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		      "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
		      "font-family=\"monospace\" font-size=\"12\">\n", width, height,
		      width, height);
	lt_buf_puts(b, "<title>histogram</title>\n");
	json_array_foreach(hist, i, h) {
		uint64_t c = doc_u64(h, "count");
		bool forb = json_is_false(json_object_get(h, "allowed"));
		bool wit = json_is_true(json_object_get(h, "satisfies"));
		double frac = log10((double)c + 1) / log10((double)max + 1);
		int y = (int)i * row + 5, w = (int)(frac * bar_w);
		struct lt_buf s = LT_BUF_INIT;

		doc_outcome_str(json_object_get(h, "outcome"), &s);
		lt_buf_printf(b, "<g><title>%s%s%" PRIu64 " times</title>",
			      forb ? "FORBIDDEN; " : "", wit ? "witness; " : "", c);
		lt_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"%s>",
			      label_w - 8, y + 13, forb ? " fill=\"" C_FORBIDDEN "\"" : "");
		esc(b, s.s);
		lt_buf_printf(b, "%s</text>", wit ? " *" : "");
		lt_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			      "fill=\"%s\"/>", label_w, y + 2, w > 1 ? w : 1, row - 5,
			      forb ? C_FORBIDDEN : wit ? C_WITNESS : C_OTHER);
		lt_buf_printf(b, "<text x=\"%d\" y=\"%d\"%s>%" PRIu64 "%s</text></g>\n",
			      label_w + (w > 1 ? w : 1) + 6, y + 13,
			      forb ? " fill=\"" C_FORBIDDEN "\" font-weight=\"bold\"" : "",
			      c, forb ? " FORBIDDEN" : "");
		lt_buf_free(&s);
	}
	lt_buf_puts(b, "</svg>\n");
}

struct point {
	const char *label;
	double rate;
	bool forbidden;
};

/*
 * Witness rate per night; a night where the test did not run is a gap.
 * hix[k]: night k's tests by identity key (doc_test_index).
 */
static void trend_svg(const char *key, json_t *test, const char *label,
		      json_t *const *hix, const char *const *labels, int nhist,
		      struct lt_buf *b)
{
	struct point *p = lt_xcalloc((size_t)nhist + 1, sizeof(*p));
	int np = 0, w = 640, h = 150, l = 70, r = 20, top = 15, bot = 35;
	double max = 0;

	for (int k = 0; k <= nhist; k++) {
		json_t *t = k < nhist ? json_object_get(hix[k], key) : test;
		uint64_t n;

		/* Another source under the same path is another test. */
		if (!t || !is_ok(t) || !doc_same_source(t, test))
			continue;
		n = doc_u64(t, "positive") + doc_u64(t, "negative");
		if (!n)
			continue;
		p[np].label = k < nhist ? labels[k] : label;
		p[np].rate = 100.0 * (double)doc_witnesses(t) / (double)n;
		p[np].forbidden = doc_u64(t, "forbidden_observed") > 0;
		if (p[np].rate > max)
			max = p[np].rate;
		np++;
	}
	if (np < 2) {
		lt_buf_puts(b, "<p>Witness-rate trend: no earlier nights of this test.</p>\n");
		free(p);
		return;
	}
	if (max <= 0)
		max = 1;
	lt_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		      "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" font-size=\"11\" "
		      "font-family=\"sans-serif\">\n<title>witness rate per night</title>\n",
		      w, h, w, h);
	lt_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>"
		      "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>\n",
		      l, top, l, h - bot, l, h - bot, w - r, h - bot);
	lt_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%.3g%%</text>"
		      "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0%%</text>\n",
		      l - 4, top + 4, max, l - 4, h - bot);
	lt_buf_puts(b, "<polyline fill=\"none\" stroke=\"" C_WITNESS "\" stroke-width=\"2\" "
		    "points=\"");
	for (int k = 0; k < np; k++)
		lt_buf_printf(b, "%s%.1f,%.1f", k ? " " : "",
			      l + (double)k * (w - l - r) / (np - 1),
			      top + (1 - p[k].rate / max) * (h - top - bot));
	lt_buf_puts(b, "\"/>\n");
	for (int k = 0; k < np; k++) {
		double x = l + (double)k * (w - l - r) / (np - 1);
		double y = top + (1 - p[k].rate / max) * (h - top - bot);

		lt_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\">"
			      "<title>", x, y, p[k].forbidden ? C_FORBIDDEN : C_WITNESS);
		esc(b, p[k].label);
		lt_buf_printf(b, ": %.4g%%%s</title></circle>\n", p[k].rate,
			      p[k].forbidden ? ", forbidden outcome observed" : "");
	}
	lt_buf_printf(b, "<text x=\"%d\" y=\"%d\">", l, h - 10);
	esc(b, p[0].label);
	lt_buf_printf(b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", w - r, h - 10);
	esc(b, p[np - 1].label);
	lt_buf_printf(b, "</text>\n</svg>\n<p>Witness rate over %d nights.</p>\n", np);
	free(p);
}

static void placement(json_t *t, struct lt_buf *b)
{
	json_t *pl = json_object_get(t, "placement"), *p, *prov;
	size_t i;

	if (json_array_size(pl)) {
		json_array_foreach(pl, i, p) {
			json_t *pu = json_object_get(p, "pu");

			lt_buf_printf(b, "%sP%lld&#8594;", i ? ", " : "",
				      (long long)json_integer_value(json_object_get(p, "thread")));
			if (json_is_integer(pu))
				lt_buf_printf(b, "PU %lld", (long long)json_integer_value(pu));
			else
				lt_buf_puts(b, "unpinned");
		}
		lt_buf_puts(b, " (");
		esc(b, doc_str(t, "pinning") ?: "?");
		lt_buf_puts(b, json_is_true(json_object_get(t, "oversubscribed")) ?
			    ", oversubscribed)" : ")");
	} else {
		lt_buf_puts(b, "-");
	}
	prov = json_object_get(t, "provenance");
	if (json_array_size(prov)) {
		lt_buf_puts(b, "<br>merged from: ");
		json_array_foreach(prov, i, p) {
			lt_buf_puts(b, i ? "; " : "");
			esc(b, doc_str(p, "host") ?: "?");
			lt_buf_printf(b, " %" PRIu64 " iterations (", doc_u64(p, "iterations"));
			esc(b, doc_str(p, "status"));
			lt_buf_puts(b, ")");
		}
	}
}

static void test_section(json_t *t, const char *key, const char *label,
			 json_t *const *hix, const char *const *labels, int nhist,
			 struct lt_buf *b)
{
	json_t *m = json_object_get(t, "model");
	uint64_t forb = doc_u64(t, "forbidden_observed");

	lt_buf_puts(b, "<section><h2 id=\"");
	anchor(b, key);
	lt_buf_puts(b, "\">");
	esc(b, doc_test_name(t));
	if (forb)
		lt_buf_printf(b, " <span class=\"bad\">%" PRIu64 " FORBIDDEN</span>", forb);
	lt_buf_puts(b, "</h2>\n<dl><dt>file</dt><dd><code>");
	esc(b, doc_str(t, "file"));
	lt_buf_puts(b, "</code></dd><dt>condition</dt><dd><code>");
	esc(b, doc_str(t, "condition") ?: "-");
	lt_buf_puts(b, "</code></dd><dt>model verdict</dt><dd>");
	if (!put_model(b, m)) {
		lt_buf_puts(b, "none");
		if (doc_str(t, "model_error")) {
			lt_buf_puts(b, " (");
			esc(b, doc_str(t, "model_error"));
			lt_buf_puts(b, ")");
		}
		if (doc_str(t, "expectation")) {
			lt_buf_puts(b, "; expectation ");
			esc(b, doc_str(t, "expectation"));
		}
	}
	lt_buf_puts(b, "</dd><dt>status</dt><dd>");
	esc(b, doc_str(t, "status"));
	if (!is_ok(t)) {
		lt_buf_puts(b, ": ");
		esc(b, doc_str(t, "reason"));
		lt_buf_puts(b, "</dd></dl></section>\n");
		return;
	}
	lt_buf_printf(b, "</dd><dt>observed</dt><dd>");
	esc(b, doc_str(t, "observation"));
	lt_buf_printf(b, " %" PRIu64 " / %" PRIu64 " (%s)%s</dd><dt>placement</dt><dd>",
		      doc_witnesses(t), doc_u64(t, "iterations"),
		      json_is_true(json_object_get(t, "validated")) ? "Ok" : "No",
		      json_is_true(json_object_get(t, "emulated")) ? ", emulated" : "");
	placement(t, b);
	lt_buf_puts(b, "</dd></dl>\n");
	histogram_svg(t, b);
	trend_svg(key, t, label, hix, labels, nhist, b);
	lt_buf_puts(b, "</section>\n");
}

void html_report(json_t *doc, const char *label, json_t *const *hist,
		 const char *const *labels, int nhist, struct lt_buf *b)
{
	json_t *host = json_object_get(doc, "host"), *cfg = json_object_get(doc, "config");
	json_t *t, *keys = doc_test_keys(doc);
	json_t **hix = lt_xcalloc((size_t)nhist + 1, sizeof(*hix));
	size_t i;

	/* Each night indexed once: the trends are linear in tests x nights. */
	for (int k = 0; k < nhist; k++) {
		json_t *hk = doc_test_keys(hist[k]);

		hix[k] = doc_test_index(hist[k], hk);
		json_decref(hk);
	}

	lt_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width\">"
		    "<title>litmus-run: ");
	esc(b, doc_str(host, "name"));
	lt_buf_puts(b, " ");
	esc(b, doc_str(doc, "started"));
	lt_buf_printf(b, "</title><style>%s</style></head><body>\n<h1>litmus-run: ", css);
	esc(b, doc_str(host, "name"));
	lt_buf_puts(b, ", ");
	esc(b, doc_str(doc, "started"));
	lt_buf_puts(b, "</h1>\n<dl><dt>cpu</dt><dd>");
	esc(b, doc_str(host, "cpu") ?: "?");
	lt_buf_puts(b, "</dd><dt>topology</dt><dd>");
	esc(b, doc_str(host, "topology") ?: "?");
	lt_buf_printf(b, "</dd><dt>iterations</dt><dd>%" PRIu64 " per test</dd>"
		      "<dt>compiler</dt><dd>", doc_u64(cfg, "iterations"));
	esc(b, doc_str(cfg, "cc") ?: "?");
	lt_buf_puts(b, " ");
	esc(b, doc_str(cfg, "cflags") ?: "");
	lt_buf_puts(b, "</dd><dt>tool</dt><dd>litmus-run ");
	esc(b, doc_str(json_object_get(doc, "tool"), "version"));
	lt_buf_puts(b, " (git ");
	esc(b, doc_str(json_object_get(doc, "tool"), "git"));
	lt_buf_puts(b, ")</dd></dl>\n<p class=\"legend\">Histograms: bar length on a log "
		    "scale;<span style=\"background:" C_WITNESS "\"></span>witness "
		    "(satisfies the condition, *)<span style=\"background:" C_FORBIDDEN
		    "\"></span>forbidden by the model or expectation<span style=\"background:"
		    C_OTHER "\"></span>other</p>\n");
	summary_table(doc, keys, b);
	json_array_foreach(json_object_get(doc, "tests"), i, t)
		test_section(t, json_string_value(json_array_get(keys, i)), label, hix,
			     labels, nhist, b);
	lt_buf_puts(b, "</body></html>\n");
	for (int k = 0; k < nhist; k++)
		json_decref(hix[k]);
	free(hix);
	json_decref(keys);
}
