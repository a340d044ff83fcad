/* SPDX-License-Identifier: MIT */
/*
 * Test helper: check a litmus-run JSON document against a herd7 log.  Every
 * test must have run, its counts must add up to its iterations, and every
 * observed state must be one herd lists as allowed for that test.
 * With --model (a --check-only document), each test's model must instead
 * allow exactly herd's set of states and agree with herd's Ok/No; with a
 * KINDS file (herd's kinds.txt: "NAME Allowed|Forbidden|Required"), its
 * verdict must also be the one listed there for the tests it lists.
 * Usage: herdlog-check [--model] HERD.LOG RUN.JSON [EXPECTED-TEST-COUNT [KINDS]]
 */
#include "config.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct herd_test {
	char name[256];
	char **states;
	int n;
	int ok;			/* herd's Ok (1) / No (0), -1 until seen */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "0:rax=0; [y]=1;" -> "0:rax=0;y=1;" with the bindings sorted. */
static char *normalise(const char *line)
{
	char *copy = strdup(line), *save = NULL, *tok, *parts[64];
	size_t n = 0, len = 1;
	char *out;

	for (tok = strtok_r(copy, ";", &save); tok && n < 64;
	     tok = strtok_r(NULL, ";", &save)) {
		char buf[256], *d = buf;

		for (const char *s = tok; *s && d < buf + sizeof(buf) - 1; s++)
			if (*s != ' ' && *s != '[' && *s != ']' && *s != '\n')
				*d++ = *s;
		*d = '\0';
		if (buf[0]) {
			parts[n] = strdup(buf);
			len += strlen(buf) + 1;
			n++;
		}
	}
	qsort(parts, n, sizeof(char *), cmp_str);
	out = calloc(1, len);
	for (size_t k = 0; k < n; k++) {
		strcat(out, parts[k]);
		strcat(out, ";");
		free(parts[k]);
	}
	free(copy);
	return out;
}

static struct herd_test *read_log(const char *path, int *ntests)
{
	FILE *f = fopen(path, "r");
	struct herd_test *t = NULL;
	char line[4096];
	int n = 0, pending = 0;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		char name[256], kind[64];

		if (pending > 0) {
			struct herd_test *cur = &t[n - 1];

			cur->states = realloc(cur->states, (size_t)(cur->n + 1) * sizeof(char *));
			cur->states[cur->n++] = normalise(line);
			pending--;
		} else if (n > 0 && t[n - 1].ok < 0 &&
			   (!strcmp(line, "Ok\n") || !strcmp(line, "No\n"))) {
			t[n - 1].ok = line[0] == 'O';
		} else if (sscanf(line, "Test %255s %63s", name, kind) == 2) {
			t = realloc(t, (size_t)(n + 1) * sizeof(*t));
			memset(&t[n], 0, sizeof(*t));
			t[n].ok = -1;
			snprintf(t[n].name, sizeof(t[n].name), "%s", name);
			n++;
		} else if (n > 0 && sscanf(line, "States %d", &pending) == 1) {
			continue;
		}
	}
	fclose(f);
	*ntests = n;
	return t;
}

static char *outcome_key(json_t *outcome)
{
	const char *k;
	json_t *v;
	char *parts[64], *out;
	size_t n = 0, len = 1;

	json_object_foreach(outcome, k, v) {
		char buf[256];

		if (n >= 64)
			break;
		if (json_is_integer(v))
			snprintf(buf, sizeof(buf), "%s=%lld", k, (long long)json_integer_value(v));
		else
			snprintf(buf, sizeof(buf), "%s=%s", k, json_string_value(v));
		parts[n++] = strdup(buf);
		len += strlen(buf) + 1;
	}
	qsort(parts, n, sizeof(char *), cmp_str);
	out = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		strcat(out, parts[i]);
		strcat(out, ";");
		free(parts[i]);
	}
	return out;
}

static bool in_set(char *const *set, int n, const char *key)
{
	for (int k = 0; k < n; k++)
		if (!strcmp(set[k], key))
			return true;
	return false;
}

static void print_set(const char *who, char *const *set, int n)
{
	fprintf(stderr, "  %s (%d):\n", who, n);
	for (int k = 0; k < n; k++)
		fprintf(stderr, "    %s\n", set[k]);
}

/* The kind kinds.txt gives test `name`, or NULL (kinds.txt: "NAME KIND"). */
static const char *kind_of(const char *path, const char *name, char *buf,
			   size_t len)
{
	FILE *f = fopen(path, "r");
	char line[512], n[256], k[64];
	const char *found = NULL;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (!found && fgets(line, sizeof(line), f))
		if (line[0] != '#' && sscanf(line, "%255s %63s", n, k) == 2 &&
		    !strcmp(n, name)) {
			snprintf(buf, len, "%s", k);
			found = buf;
		}
	fclose(f);
	return found;
}

/* --model: the model's allowed set must be herd's, exactly. */
static int check_model(const struct herd_test *h, json_t *test)
{
	const char *name = h->name;
	json_t *model = json_object_get(test, "model"), *allowed, *o;
	char **mine;
	int n, bad = 0;
	size_t j;

	if (!json_is_object(model)) {
		const char *why = json_string_value(json_object_get(test, "model_error"));

		fprintf(stderr, "FAIL: %s: no model result (%s)\n", name, why ? why : "null");
		return 1;
	}
	allowed = json_object_get(model, "allowed");
	n = (int)json_array_size(allowed);
	mine = calloc((size_t)n + 1, sizeof(char *));
	json_array_foreach(allowed, j, o)
		mine[j] = outcome_key(o);
	for (int k = 0; k < n; k++)
		bad |= !in_set(h->states, h->n, mine[k]);
	for (int k = 0; k < h->n; k++)
		bad |= !in_set(mine, n, h->states[k]);
	if (bad || n != h->n) {
		fprintf(stderr, "FAIL: %s: allowed states differ from herd's\n", name);
		print_set("litmus-run model", mine, n);
		print_set("herd7", h->states, h->n);
		bad = 1;
	}
	if (h->ok >= 0 && json_is_true(json_object_get(model, "validated")) != h->ok) {
		fprintf(stderr, "FAIL: %s: model says %s, herd says %s\n", name,
			h->ok ? "No" : "Ok", h->ok ? "Ok" : "No");
		bad = 1;
	}
	if (!bad)
		printf("ok: %s (%d states allowed, as herd)\n", name, n);
	for (int k = 0; k < n; k++)
		free(mine[k]);
	free(mine);
	return bad;
}

int main(int argc, char **argv)
{
	bool model_mode = argc > 1 && !strcmp(argv[1], "--model");

	json_error_t jerr;
	json_t *doc, *tests, *test;
	struct herd_test *herd;
	int nherd, failures = 0;
	size_t i;

	if (model_mode) {
		argv++;
		argc--;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: herdlog-check [--model] HERD.LOG RUN.JSON [COUNT]\n");
		return 2;
	}
	herd = read_log(argv[1], &nherd);
	doc = json_load_file(argv[2], 0, &jerr);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], jerr.line, jerr.text);
		return 1;
	}
	if (strcmp(json_string_value(json_object_get(doc, "schema")), "litmus-run/1")) {
		fprintf(stderr, "FAIL: schema is not litmus-run/1\n");
		return 1;
	}
	tests = json_object_get(doc, "tests");
	if (argc > 3 && json_array_size(tests) != (size_t)atoi(argv[3])) {
		fprintf(stderr, "FAIL: %zu tests in the JSON, expected %s\n",
			json_array_size(tests), argv[3]);
		failures++;
	}
	json_array_foreach(tests, i, test) {
		const char *name = json_string_value(json_object_get(test, "name"));
		const char *status = json_string_value(json_object_get(test, "status"));
		struct herd_test *h = NULL;
		json_int_t sum = 0, iters;
		json_t *hist, *e;
		size_t j;

		for (int k = 0; k < nherd; k++)
			if (!strcmp(herd[k].name, name))
				h = &herd[k];
		if (!h) {
			fprintf(stderr, "FAIL: %s: not in %s\n", name, argv[1]);
			failures++;
			continue;
		}
		if (model_mode) {
			char buf[64];
			const char *kind = argc > 4 ? kind_of(argv[4], name, buf, sizeof(buf)) : NULL;
			const char *verdict = json_string_value(
				json_object_get(json_object_get(test, "model"), "verdict"));

			failures += check_model(h, test);
			if (kind && (!verdict || strcmp(kind, verdict))) {
				fprintf(stderr, "FAIL: %s: model verdict %s, kinds.txt says %s\n",
					name, verdict ? verdict : "none", kind);
				failures++;
			} else if (kind) {
				printf("ok: %s (%s, as kinds.txt)\n", name, kind);
			}
			continue;
		}
		if (strcmp(status, "ok")) {
			fprintf(stderr, "FAIL: %s: status %s\n", name, status);
			failures++;
			continue;
		}
		iters = json_integer_value(json_object_get(test, "iterations"));
		hist = json_object_get(test, "histogram");
		json_array_foreach(hist, j, e) {
			char *key = outcome_key(json_object_get(e, "outcome"));
			bool found = false;

			sum += json_integer_value(json_object_get(e, "count"));
			for (int k = 0; k < h->n; k++)
				found |= !strcmp(h->states[k], key);
			if (!found) {
				fprintf(stderr, "FAIL: %s: state %s is not allowed by herd\n",
					name, key);
				failures++;
			}
			free(key);
		}
		if (sum != iters) {
			fprintf(stderr, "FAIL: %s: counts add up to %lld, not %lld\n", name,
				(long long)sum, (long long)iters);
			failures++;
		}
		printf("ok: %s (%zu states observed, %d allowed by herd)\n", name,
		       json_array_size(hist), h->n);
	}
	json_decref(doc);
	for (int k = 0; k < nherd; k++) {
		for (int j = 0; j < herd[k].n; j++)
			free(herd[k].states[j]);
		free(herd[k].states);
	}
	free(herd);
	return failures ? 1 : 0;
}
