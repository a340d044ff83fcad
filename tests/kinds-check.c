/* SPDX-License-Identifier: MIT */
/*
 * Test helper: the model verdicts of a --check-only JSON document against a
 * suite's kinds.txt ("NAME Allowed|Forbidden|Required", '#' comments).
 * Every listed test found in the document must have a model verdict equal
 * to its kind; listed tests absent from the document are reported, not
 * failed (suites are regenerated while their kinds.txt keeps older names),
 * but at least one listed test must be compared.
 * Usage: kinds-check KINDS RUN.JSON
 */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static json_t *find(json_t *tests, const char *name)
{
	json_t *t;
	size_t i;

	json_array_foreach(tests, i, t) {
		const char *n = json_string_value(json_object_get(t, "name"));

		if (n && !strcmp(n, name))
			return t;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char line[512], name[256], kind[64];
	int agree = 0, bad = 0, absent = 0;
	json_error_t jerr;
	json_t *doc, *tests;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: kinds-check KINDS RUN.JSON\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	doc = json_load_file(argv[2], 0, &jerr);
	if (!doc) {
		fprintf(stderr, "%s:%d: %s\n", argv[2], jerr.line, jerr.text);
		fclose(f);
		return 1;
	}
	tests = json_object_get(doc, "tests");
	while (fgets(line, sizeof(line), f)) {
		const char *verdict, *why;
		json_t *t;

		if (line[0] == '#' || sscanf(line, "%255s %63s", name, kind) != 2)
			continue;
		t = find(tests, name);
		if (!t) {
			printf("absent: %s (listed %s)\n", name, kind);
			absent++;
			continue;
		}
		verdict = json_string_value(json_object_get(json_object_get(t, "model"),
							    "verdict"));
		why = json_string_value(json_object_get(t, "model_error"));
		if (!verdict || strcmp(verdict, kind)) {
			fprintf(stderr, "FAIL: %s: model verdict %s, kinds.txt says %s%s%s\n",
				name, verdict ? verdict : "none", kind,
				why ? ": " : "", why ? why : "");
			bad++;
		} else {
			printf("ok: %s %s\n", name, kind);
			agree++;
		}
	}
	fclose(f);
	json_decref(doc);
	printf("%d agree, %d disagree, %d absent\n", agree, bad, absent);
	if (agree + bad == 0) {
		fprintf(stderr, "FAIL: no test of %s is in %s\n", argv[1], argv[2]);
		return 1;
	}
	return bad ? 1 : 0;
}
