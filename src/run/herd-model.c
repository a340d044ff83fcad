/* SPDX-License-Identifier: MIT */
/*
 * --model=FILE.cat: a cat model of the user's own, which only herd7 can
 * read.  herd7 runs once per test with that model; its allowed states,
 * Ok/No and Positive/Negative counts become a model result like a built-in
 * model's, so the run judges its outcomes the same way.  One process per
 * test: the slow path (doc/models.md).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run/cli.h"
#include "run/exec.h"
#include "run/herd-model.h"
#include "util/buf.h"

bool herd_model_is_cat(const char *model)
{
	size_t n = model ? strlen(model) : 0;

	return n > 4 && !strcmp(model + n - 4, ".cat");
}

const char *herd_model_program(void)
{
	const char *h = getenv("HERD7");

	return h && *h ? h : "herd7";
}

int herd_model_check(const char *cat)
{
	if (access(cat, R_OK) < 0) {
		fprintf(stderr, "litmus-run: --model: %s: %s\n", cat, strerror(errno));
		return -1;
	}
	if (!cli_in_path(herd_model_program())) {
		fprintf(stderr, "litmus-run: --model=%s: a cat model is run by herd7, "
			"and '%s' is not found (set HERD7, or put herd7 on PATH)\n", cat,
			herd_model_program());
		return -1;
	}
	return 0;
}

/* "[x]" and "x" name the same location. */
static bool same_name(const char *a, size_t alen, const char *b)
{
	if (alen >= 2 && a[0] == '[' && a[alen - 1] == ']') {
		a++;
		alen -= 2;
	}
	return strlen(b) == alen && !strncmp(a, b, alen);
}

/* One value as herd prints it: an integer, or a location's name. */
static int parse_value(const struct lt_test *t, const char *s, size_t n,
		       struct lt_value *v)
{
	char buf[128], *end;

	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v->is_sym = false;
	v->i = strtoll(buf, &end, 0);
	if (!errno && !*end)
		return 0;
	for (int k = 0; k < t->nlocs; k++)
		if (same_name(buf, n, t->locs[k].name)) {
			v->is_sym = true;
			v->loc = k;
			v->i = 0;
			return 0;
		}
	return -1;
}

/*
 * One line of herd's States ("0:r3=0; [x]=1;"): the values of t's
 * observed variables, in their order.  -1 when one is missing or unreadable.
 */
static int parse_state(const struct lt_test *t, const char *line, size_t len,
		       struct lt_value *row)
{
	for (int k = 0; k < t->nobserved; k++) {
		char name[160];
		const char *p = line, *end = line + len;
		bool found = false;

		lt_var_name(t, t->observed[k], name, sizeof(name));
		while (p < end && !found) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			const char *eq, *q = semi ? semi : end;

			while (p < q && *p == ' ')
				p++;
			eq = memchr(p, '=', (size_t)(q - p));
			if (eq && same_name(p, (size_t)(eq - p), name)) {
				const char *vend = q;

				while (vend > eq + 1 && vend[-1] == ' ')
					vend--;
				if (parse_value(t, eq + 1, (size_t)(vend - eq - 1), &row[k]) < 0)
					return -1;
				found = true;
			}
			p = q + (q < end);
		}
		if (!found)
			return -1;
	}
	return 0;
}

/* herd7's report of one test, into m; -1 with why set. */
static int parse_herd(const struct lt_test *t, const char *out, struct lt_model_result *m,
		      char *why, size_t len)
{
	const char *p = strstr(out, "\nStates ");
	unsigned long long pos, neg;
	char word[16];
	int n;

	p = !strncmp(out, "States ", 7) ? out : p ? p + 1 : NULL;
	if (!p || sscanf(p, "States %d", &n) != 1 || n < 0 || n > 1 << 20) {
		snprintf(why, len, "herd7 printed no States");
		return -1;
	}
	m->states = lt_xcalloc((size_t)n * (size_t)t->nobserved + 1, sizeof(*m->states));
	p = strchr(p, '\n');
	for (int k = 0; k < n; k++) {
		const char *line = p ? p + 1 : NULL, *e = line ? strchr(line, '\n') : NULL;

		if (!e || parse_state(t, line, (size_t)(e - line),
				      &m->states[(size_t)k * (size_t)t->nobserved]) < 0) {
			snprintf(why, len, "herd7's state %d does not name the test's "
				 "observed variables", k + 1);
			return -1;
		}
		p = e;
	}
	m->nstates = n;
	m->ok = p && !strncmp(p + 1, "Ok\n", 3);
	if (!p || !(p = strstr(p, "\nPositive: ")) ||
	    sscanf(p + 1, "Positive: %llu Negative: %llu", &pos, &neg) != 2 ||
	    !(p = strstr(p, "\nObservation ")) ||
	    sscanf(p + 1, "Observation %*s %15s", word) != 1) {
		snprintf(why, len, "herd7's report has no Positive/Negative or Observation line");
		return -1;
	}
	m->pos = pos;
	m->neg = neg;
	m->verdict = !strcmp(word, "Never") ? LT_VERDICT_FORBIDDEN :
		     !strcmp(word, "Always") ? LT_VERDICT_REQUIRED : LT_VERDICT_ALLOWED;
	return 0;
}

int herd_model_states(const char *file, const struct lt_test *t, const char *cat,
		      const struct lt_model_budget *b, struct lt_model_result *m,
		      struct lt_error *err)
{
	char *argv[] = { (char *)herd_model_program(), "-model", (char *)cat,
			 (char *)file, NULL };
	struct lt_exec_result res;
	char why[256];	/* fits err->msg with its prefix */
	int rc = 0;

	memset(m, 0, sizeof(*m));
	m->model = cat;
	if (exec_capture(argv, b ? (unsigned)b->timeout_s : 0, b ? b->stop : NULL, &res,
			 why, sizeof(why)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "herd7: %s", why);
		return LT_EMODEL_UNSUPPORTED;
	}
	if (res.timed_out || res.interrupted) {
		snprintf(err->msg, sizeof(err->msg), "%s: herd7 -model %s",
			 res.timed_out ? "timeout" : "stopped", cat);
		rc = res.timed_out ? LT_EMODEL_TIMEOUT : LT_EMODEL_STOPPED;
	} else if (res.signal || res.exit_code) {
		/* herd7's own message says what it could not do (the cat, the test). */
		snprintf(err->msg, sizeof(err->msg), "herd7 -model %s failed: %.*s", cat,
			 (int)strcspn(res.err[0] ? res.err : res.out, "\n"),
			 res.err[0] ? res.err : res.out);
		rc = LT_EMODEL_UNSUPPORTED;
	} else if (parse_herd(t, res.out, m, why, sizeof(why)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "%s", why);
		rc = LT_EMODEL_UNSUPPORTED;
	}
	if (rc) {
		free(m->states);
		m->states = NULL;
		m->nstates = 0;
	}
	exec_result_free(&res);
	return rc;
}
