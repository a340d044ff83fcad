/* SPDX-License-Identifier: MIT */
/*
 * The HTML report: a banner (arches, emulated or native, host), the status
 * counts, the problems first (forbidden states, new outcomes, timeouts and
 * crashes, known deviations), compare's findings against the night before,
 * a summary table, then per test its histogram as an SVG bar chart
 * (forbidden, known and witness states marked), the same test's histogram
 * of the night before beside this one's (A vs B), condition, verdict,
 * placement, and the witness rate across earlier nights.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "report/doc.h"
#include "report/html.h"
#include "report/json.h"

#define C_FORBIDDEN "#c62828"
#define C_KNOWN "#ef6c00"
#define C_WITNESS "#1565c0"
#define C_OTHER "#9e9e9e"

const char lt_html_css[] =
	"body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}"
	"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-top:1px solid #ccc;"
	"padding-top:.8em}table{border-collapse:collapse}td,th{padding:.2em .6em;"
	"border-bottom:1px solid #eee;text-align:left}td.n{text-align:right;"
	"font-variant-numeric:tabular-nums}.bad{color:" C_FORBIDDEN ";font-weight:bold}"
	".ok{color:#2e7d32}.warn{color:#ef6c00}code{background:#f4f4f4;padding:0 .2em}"
	"dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
	"dt{color:#555}dd{margin:0}svg{display:block;margin:.5em 0}"
	".legend span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
	"vertical-align:middle}.banner{padding:.5em 1em;background:#e3f2fd;"
	"border-left:.4em solid " C_WITNESS "}.banner.emu{background:#fff3e0;"
	"border-left-color:" C_KNOWN "}ul.counts{list-style:none;padding:0;display:flex;"
	"gap:1.5em;flex-wrap:wrap}ul.counts b{font-size:1.3em}.known{color:" C_KNOWN "}"
	"table.ab td{vertical-align:middle}.bar{display:inline-block;height:.8em;"
	"margin-right:.4em;vertical-align:middle}";

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
			      PRIu64 "</td><td class=\"n%s\">%" PRIu64, doc_witnesses(t),
			      doc_u64(t, "iterations"), forb ? " bad" : "", forb);
		if (doc_u64(t, "known_observed"))
			lt_buf_printf(b, " <span class=\"known\">+%" PRIu64 " known</span>",
				      doc_u64(t, "known_observed"));
		lt_buf_puts(b, "</td><td>");
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
		json_t *known = json_object_get(h, "known");
		bool forb = json_is_false(json_object_get(h, "allowed")) && !known;
		bool wit = json_is_true(json_object_get(h, "satisfies"));
		double frac = log10((double)c + 1) / log10((double)max + 1);
		int y = (int)i * row + 5, w = (int)(frac * bar_w);
		const char *col = forb ? C_FORBIDDEN : known ? C_KNOWN : NULL;
		struct lt_buf s = LT_BUF_INIT;

		doc_outcome_str(json_object_get(h, "outcome"), &s);
		lt_buf_printf(b, "<g><title>%s%s", forb ? "FORBIDDEN; " : "",
			      known ? "forbidden, a known deviation: " : "");
		if (known) {
			esc(b, doc_str(known, "reason"));
			lt_buf_puts(b, "; ");
		}
		lt_buf_printf(b, "%s%" PRIu64 " times</title>", wit ? "witness; " : "", c);
		lt_buf_printf(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\"", label_w - 8,
			      y + 13);
		if (col)
			lt_buf_printf(b, " fill=\"%s\"", col);
		lt_buf_puts(b, ">");
		esc(b, s.s);
		lt_buf_printf(b, "%s</text>", wit ? " *" : "");
		lt_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			      "fill=\"%s\"/>", label_w, y + 2, w > 1 ? w : 1, row - 5,
			      col ? col : wit ? C_WITNESS : C_OTHER);
		lt_buf_printf(b, "<text x=\"%d\" y=\"%d\"", label_w + (w > 1 ? w : 1) + 6,
			      y + 13);
		if (col)
			lt_buf_printf(b, " fill=\"%s\" font-weight=\"bold\"", col);
		lt_buf_printf(b, ">%" PRIu64 "%s</text></g>\n", c,
			      forb ? " FORBIDDEN" : known ? " KNOWN" : "");
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

/* A link to the test of doc whose key is key, or its name alone. */
static void test_link(struct lt_buf *b, const char *key, const char *name)
{
	if (key) {
		lt_buf_puts(b, "<a href=\"#");
		anchor(b, key);
		lt_buf_puts(b, "\">");
	}
	esc(b, name);
	if (key)
		lt_buf_puts(b, "</a>");
}

/* Where the run ran: its arches, emulated or native, and the host. */
static void banner(json_t *doc, struct lt_buf *b)
{
	json_t *host = json_object_get(doc, "host"), *t;
	char *arches = compare_run_arches(doc);
	size_t i, emu = 0, n = json_array_size(json_object_get(doc, "tests"));

	json_array_foreach(json_object_get(doc, "tests"), i, t)
		emu += json_is_true(json_object_get(t, "emulated"));
	lt_buf_printf(b, "<p class=\"banner%s\" id=\"banner\"><b>", emu ? " emu" : "");
	esc(b, arches);
	lt_buf_puts(b, "</b> &#8212; ");
	if (emu) {
		lt_buf_printf(b, "<b>EMULATED</b> (%zu of %zu tests, through <code>", emu, n);
		esc(b, doc_str(json_object_get(doc, "config"), "exec") ?: "?");
		lt_buf_puts(b, "</code>): the host's reorderings, not the target's");
	} else {
		lt_buf_puts(b, "native");
	}
	lt_buf_puts(b, " &#8212; host ");
	esc(b, doc_str(host, "name") ?: "?");
	lt_buf_puts(b, " (");
	esc(b, doc_str(host, "arch") ?: "?");
	lt_buf_puts(b, ", ");
	esc(b, doc_str(host, "cpu") ?: "?");
	lt_buf_puts(b, ")</p>\n");
	free(arches);
}

/* The status counts: the run's summary (or, for an older run, counted here). */
static void counts(json_t *doc, struct lt_buf *b)
{
	static const char *const classes[] = { "ok", "forbidden", "known", "timeout",
					       "crashed", "skipped", "error" };
	json_t *s = json_object_get(doc, "summary");

	s = json_is_object(s) ? json_incref(s) :
	    lt_json_summary(json_object_get(doc, "tests"));
	lt_buf_puts(b, "<ul class=\"counts\" id=\"counts\">");
	for (size_t k = 0; k < sizeof(classes) / sizeof(classes[0]); k++) {
		uint64_t n = doc_u64(s, classes[k]);
		bool bad = n && k != 0 && k != 2 && k != 5;

		lt_buf_printf(b, "<li class=\"%s\" data-class=\"%s\">%s <b>%" PRIu64
			      "</b></li>", bad ? "bad" : k == 2 && n ? "known" : "",
			      classes[k], classes[k], n);
	}
	lt_buf_printf(b, "<li data-class=\"tests\">tests <b>%zu</b></li></ul>\n",
		      json_array_size(json_object_get(doc, "tests")));
	json_decref(s);
}

/* arch and file of each test -> its key, to link compare's findings. */
static json_t *key_index(json_t *doc, json_t *keys)
{
	json_t *ix = json_object(), *t;
	struct lt_buf k = LT_BUF_INIT;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		lt_buf_reset(&k);
		lt_buf_printf(&k, "%s\n%s", doc_str(t, "arch") ?: "", doc_str(t, "file") ?: "");
		if (!json_object_get(ix, k.s))
			json_object_set(ix, k.s, json_array_get(keys, i));
	}
	lt_buf_free(&k);
	return ix;
}

static const char *finding_key(json_t *f, json_t *kix)
{
	struct lt_buf k = LT_BUF_INIT;
	const char *key;

	if (!doc_str(f, "file"))
		return NULL;
	lt_buf_printf(&k, "%s\n%s", doc_str(f, "arch") ?: "", doc_str(f, "file"));
	key = json_string_value(json_object_get(kix, k.s));
	lt_buf_free(&k);
	return key;
}

/* One list of problems: tests of one kind, linked, with what is wrong. */
static void problem_list(struct lt_buf *b, const char *title, struct lt_buf *items, int n)
{
	if (!n)
		return;
	lt_buf_printf(b, "<h3>%s (%d)</h3><ul>%s</ul>\n", title, n, items->s);
}

/*
 * "<li>TEST: <span class=CLS>N WHAT</span></li>" for test t (its page key)
 * when its member count is N > 0: 1, else 0 and nothing.
 */
static int count_item(struct lt_buf *b, json_t *t, const char *key, const char *count,
		      const char *cls, const char *what)
{
	uint64_t n = doc_u64(t, count);

	if (!n)
		return 0;
	lt_buf_puts(b, "<li>");
	test_link(b, key, doc_test_name(t));
	lt_buf_printf(b, ": <span class=\"%s\">%" PRIu64 " %s</span></li>", cls, n, what);
	return 1;
}

/*
 * The problems first: forbidden states, outcomes not seen the night before
 * (compare's outcome-new findings), tests that did not finish, and the
 * known deviations (expected, but never hidden).
 */
static void problems(json_t *doc, json_t *keys, json_t *kix, json_t *cmp, struct lt_buf *b)
{
	struct lt_buf forb = LT_BUF_INIT, fresh = LT_BUF_INIT, stop = LT_BUF_INIT,
		      known = LT_BUF_INIT;
	int nf = 0, nn = 0, ns = 0, nk = 0;
	json_t *t, *f;
	size_t i;

	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		const char *key = json_string_value(json_array_get(keys, i));
		const char *st = doc_str(t, "status") ?: "?";

		nf += count_item(&forb, t, key, "forbidden_observed", "bad", "forbidden");
		nk += count_item(&known, t, key, "known_observed", "known", "known");
		if (strcmp(st, "ok") && strcmp(st, "skipped")) {
			lt_buf_puts(&stop, "<li>");
			test_link(&stop, key, doc_test_name(t));
			lt_buf_puts(&stop, ": <span class=\"warn\">");
			esc(&stop, st);
			lt_buf_puts(&stop, "</span> ");
			esc(&stop, doc_str(t, "reason"));
			lt_buf_puts(&stop, "</li>");
			ns++;
		}
	}
	json_array_foreach(json_object_get(cmp, "findings"), i, f) {
		if (strcmp(doc_str(f, "kind") ?: "", "outcome-new"))
			continue;
		lt_buf_puts(&fresh, "<li>");
		test_link(&fresh, finding_key(f, kix), doc_str(f, "label") ?: doc_str(f, "test"));
		lt_buf_puts(&fresh, ": ");
		esc(&fresh, doc_str(f, "message"));
		lt_buf_puts(&fresh, "</li>");
		nn++;
	}
	lt_buf_puts(b, "<section id=\"problems\"><h2>Problems</h2>\n");
	if (!nf && !nn && !ns)
		lt_buf_puts(b, "<p class=\"ok\">None: no forbidden state, no new outcome, "
			    "every test finished.</p>\n");
	problem_list(b, "Forbidden states observed", &forb, nf);
	problem_list(b, "New outcomes", &fresh, nn);
	problem_list(b, "Timeouts, crashes and errors", &stop, ns);
	problem_list(b, "Known deviations (expected failures)", &known, nk);
	lt_buf_puts(b, "</section>\n");
	lt_buf_free(&forb);
	lt_buf_free(&fresh);
	lt_buf_free(&stop);
	lt_buf_free(&known);
}

/* Where a finding goes: the page, and the test keys its link needs. */
struct finding_page {
	struct lt_buf *b;
	json_t *kix;
};

/* One finding of compare_section, linked to its test. */
static void finding_item(json_t *f, bool alert, const char *name, void *arg)
{
	struct finding_page *p = arg;

	lt_buf_printf(p->b, "<li class=\"finding\"><span class=\"%s\">%s</span> "
		      "<code>", alert ? "bad" : "", alert ? "ALERT" : "note");
	esc(p->b, doc_str(f, "kind"));
	lt_buf_puts(p->b, "</code> ");
	if (name) {
		test_link(p->b, finding_key(f, p->kix), name);
		lt_buf_puts(p->b, ": ");
	}
	esc(p->b, doc_str(f, "message"));
	lt_buf_puts(p->b, "</li>\n");
}

/* compare's findings (alerts first), each linked to its test. */
static void compare_section(json_t *cmp, json_t *kix, struct lt_buf *b)
{
	json_t *arches = json_object_get(cmp, "arches");

	if (!cmp)
		return;
	lt_buf_puts(b, "<section id=\"compare\"><h2>");
	if (!strcmp(doc_str(cmp, "mode") ?: "", "model")) {
		lt_buf_puts(b, "Compared with the model verdicts it carries");
	} else {
		lt_buf_puts(b, "Compared with ");
		esc(b, doc_str(cmp, "a"));
	}
	lt_buf_printf(b, ": %" PRIu64 " alert%s</h2>\n", doc_u64(cmp, "alerts"),
		      doc_u64(cmp, "alerts") == 1 ? "" : "s");
	if (json_is_object(arches)) {
		lt_buf_puts(b, "<p class=\"bad\">Runs of different arches (");
		esc(b, doc_str(arches, "a"));
		lt_buf_puts(b, " &#8594; ");
		esc(b, doc_str(arches, "b"));
		lt_buf_puts(b, "): tests match by arch, so nothing below compares like "
			    "with like.</p>\n");
	}
	lt_buf_puts(b, "<ul>");
	compare_each_finding(cmp, finding_item, &(struct finding_page){ b, kix });
	lt_buf_puts(b, "</ul></section>\n");
}

/* One cell of the A vs B table: a bar (log scale, as the charts) and the count. */
static void ab_cell(struct lt_buf *b, json_t *h, uint64_t max)
{
	uint64_t c = h ? doc_u64(h, "count") : 0;
	json_t *known = h ? json_object_get(h, "known") : NULL;
	bool forb = h && json_is_false(json_object_get(h, "allowed")) && !known;
	bool wit = h && json_is_true(json_object_get(h, "satisfies"));
	int w = c ? (int)(1 + 200 * log10((double)c + 1) / log10((double)max + 1)) : 0;

	lt_buf_printf(b, "<td class=\"n\"><span class=\"bar\" style=\"width:%dpx;"
		      "background:%s\"></span>", w, forb ? C_FORBIDDEN : known ? C_KNOWN :
		      wit ? C_WITNESS : C_OTHER);
	if (h)
		lt_buf_printf(b, "%" PRIu64 "%s", c, forb ? " FORBIDDEN" :
			      known ? " KNOWN" : "");
	else
		lt_buf_puts(b, "-");
	lt_buf_puts(b, "</td>");
}

/*
 * Night A's and night B's histograms of one test side by side, one row per
 * state either night saw (B's states first), on one scale.
 */
static void ab_view(json_t *ta, const char *la, json_t *tb, const char *lb,
		    struct lt_buf *b)
{
	json_t *ia = doc_outcome_index(ta), *ib = doc_outcome_index(tb), *h;
	json_t *tests[2] = { tb, ta };
	struct lt_buf s = LT_BUF_INIT;
	uint64_t max = 1;
	size_t i;

	for (int k = 0; k < 2; k++)
		json_array_foreach(json_object_get(tests[k], "histogram"), i, h)
			if (doc_u64(h, "count") > max)
				max = doc_u64(h, "count");
	lt_buf_puts(b, "<table class=\"ab\"><caption>A vs B: ");
	esc(b, la);
	lt_buf_printf(b, " (A, %" PRIu64 " iterations) and ", doc_u64(ta, "iterations"));
	esc(b, lb);
	lt_buf_printf(b, " (B, %" PRIu64 " iterations)</caption>\n<thead><tr><th>state"
		      "</th><th>A</th><th>B</th></tr></thead><tbody>\n",
		      doc_u64(tb, "iterations"));
	for (int k = 0; k < 2; k++)
		json_array_foreach(json_object_get(tests[k], "histogram"), i, h) {
			lt_buf_reset(&s);
			doc_outcome_str(json_object_get(h, "outcome"), &s);
			/* A's states that B also saw are already in. */
			if (k == 1 && json_object_get(ib, s.s ? s.s : ""))
				continue;
			lt_buf_puts(b, "<tr><td><code>");
			esc(b, s.s);
			lt_buf_printf(b, "%s</code></td>",
				      json_is_true(json_object_get(h, "satisfies")) ? " *" : "");
			ab_cell(b, json_object_get(ia, s.s ? s.s : ""), max);
			ab_cell(b, json_object_get(ib, s.s ? s.s : ""), max);
			lt_buf_puts(b, "</tr>\n");
		}
	lt_buf_puts(b, "</tbody></table>\n");
	lt_buf_free(&s);
	json_decref(ia);
	json_decref(ib);
}

static void test_section(json_t *t, const char *key, const char *label,
			 json_t *const *hix, const char *const *labels, int nhist,
			 json_t *ta, const char *la, struct lt_buf *b)
{
	json_t *m = json_object_get(t, "model");
	uint64_t forb = doc_u64(t, "forbidden_observed");

	lt_buf_puts(b, "<section><h2 id=\"");
	anchor(b, key);
	lt_buf_puts(b, "\">");
	esc(b, doc_test_name(t));
	if (forb)
		lt_buf_printf(b, " <span class=\"bad\">%" PRIu64 " FORBIDDEN</span>", forb);
	if (doc_u64(t, "known_observed"))
		lt_buf_printf(b, " <span class=\"known\">%" PRIu64 " known deviation</span>",
			      doc_u64(t, "known_observed"));
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
	/* The same test (same source) the night before, beside this night's. */
	if (ta && is_ok(ta) && doc_same_source(ta, t))
		ab_view(ta, la, t, label, b);
	trend_svg(key, t, label, hix, labels, nhist, b);
	lt_buf_puts(b, "</section>\n");
}

void html_report(json_t *doc, const char *label, json_t *const *hist,
		 const char *const *labels, int nhist, const struct lt_html_against *ab,
		 struct lt_buf *b)
{
	json_t *host = json_object_get(doc, "host"), *cfg = json_object_get(doc, "config");
	json_t *t, *keys = doc_test_keys(doc), *kix = key_index(doc, keys), *aix = NULL;
	json_t **hix = lt_xcalloc((size_t)nhist + 1, sizeof(*hix));
	size_t i;

	if (ab && ab->doc) {
		json_t *ak = doc_test_keys(ab->doc);

		aix = doc_test_index(ab->doc, ak);
		json_decref(ak);
	}
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
	lt_buf_printf(b, "</title><style>%s</style></head><body>\n<h1>litmus-run: ", lt_html_css);
	esc(b, doc_str(host, "name"));
	lt_buf_puts(b, ", ");
	esc(b, doc_str(doc, "started"));
	lt_buf_puts(b, "</h1>\n");
	banner(doc, b);
	counts(doc, b);
	problems(doc, keys, kix, ab ? ab->compare : NULL, b);
	compare_section(ab ? ab->compare : NULL, kix, b);
	lt_buf_puts(b, "<h2>Run</h2>\n<dl><dt>cpu</dt><dd>");
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
		    C_KNOWN "\"></span>forbidden, a known deviation (--known)"
		    "<span style=\"background:" C_OTHER "\"></span>other</p>\n");
	summary_table(doc, keys, b);
	json_array_foreach(json_object_get(doc, "tests"), i, t) {
		const char *key = json_string_value(json_array_get(keys, i));

		test_section(t, key, label, hix, labels, nhist,
			     aix ? json_object_get(aix, key) : NULL, ab ? ab->label : NULL, b);
	}
	lt_buf_puts(b, "</body></html>\n");
	json_decref(kix);
	json_decref(aix);
	for (int k = 0; k < nhist; k++)
		json_decref(hix[k]);
	free(hix);
	json_decref(keys);
}
