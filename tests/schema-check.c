/* SPDX-License-Identifier: MIT */
/*
 * schema-check SCHEMA DOC...: validate JSON documents against a JSON
 * Schema (doc/schema/), with jansson only, so that make check needs
 * nothing a fresh Debian lacks.  The subset the shipped schemas use:
 * type (a name or a list), properties, required, additionalProperties
 * (false or a schema), items, minItems, maxItems, enum, const, minimum,
 * maximum, pattern (POSIX extended), $ref to "#/$defs/NAME" or to
 * "FILE.json#/$defs/NAME" (a schema beside this one: the documents share
 * their host and tool objects), anyOf, oneOf, and the schema false (no
 * value passes).  A keyword outside the subset is an error, so a schema
 * cannot silently check less than it says.  Exit 0 valid, 1 invalid (each
 * fault as DOC: /json/pointer: message), 2 bad usage or unreadable input.
 */
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static json_t *root;	/* the schema whose $defs a "#/$defs/NAME" names */
static json_t *schemas;	/* every schema loaded, by file name */
static char schema_dir[4096];	/* where the schema named on the command line is */
static const char *doc_name;
static int faults;

static void fault(const char *path, const char *fmt, const char *a, const char *b)
{
	/* One fault a place is enough; the first few places are plenty. */
	if (++faults <= 20) {
		printf("%s: %s: ", doc_name, *path ? path : "/");
		printf(fmt, a, b);
		putchar('\n');
	}
}

static bool is_type(json_t *v, const char *t)
{
	if (!strcmp(t, "object"))
		return json_is_object(v);
	if (!strcmp(t, "array"))
		return json_is_array(v);
	if (!strcmp(t, "string"))
		return json_is_string(v);
	if (!strcmp(t, "integer"))
		return json_is_integer(v);
	if (!strcmp(t, "number"))
		return json_is_number(v);
	if (!strcmp(t, "boolean"))
		return json_is_boolean(v);
	if (!strcmp(t, "null"))
		return json_is_null(v);
	return false;
}

static bool check(json_t *s, json_t *v, const char *path);

/* The schema FILE beside the first one, loaded once; NULL if unreadable. */
static json_t *schema_file(const char *file, size_t len)
{
	char name[256], path[4096 + 256];
	json_t *s;
	json_error_t err;

	if (len >= sizeof(name) || memchr(file, '/', len))
		return NULL;
	memcpy(name, file, len);
	name[len] = '\0';
	if ((s = json_object_get(schemas, name)))
		return s;
	snprintf(path, sizeof(path), "%s%s", schema_dir, name);
	if (!(s = json_load_file(path, 0, &err))) {
		fprintf(stderr, "%s:%d:%d: %s\n", path, err.line, err.column, err.text);
		return NULL;
	}
	json_object_set_new(schemas, name, s);
	return s;
}

/*
 * v against the definition a $ref names: in this schema, or in another
 * one, whose own "#/$defs/" references are then to its definitions.
 * Returns -1 when the reference names nothing (a fault of the schema).
 */
static int check_ref(const char *ref, json_t *v, const char *path)
{
	const char *hash = ref ? strchr(ref, '#') : NULL;
	json_t *in = root, *saved = root, *sub;

	if (hash && hash != ref)
		in = schema_file(ref, (size_t)(hash - ref));
	if (!hash || strncmp(hash, "#/$defs/", 8) || !in ||
	    !(sub = json_object_get(json_object_get(in, "$defs"), hash + 8))) {
		fault(path, "bad $ref %s%s", ref ? ref : "?", "");
		return -1;
	}
	root = in;
	check(sub, v, path);
	root = saved;
	return 0;
}

/* Whether v passes s without reporting (for anyOf and oneOf). */
static bool passes(json_t *s, json_t *v, const char *path)
{
	int saved = faults;
	bool ok;

	faults = 1000;	/* above the print limit: silent */
	ok = check(s, v, path);
	faults = saved;
	return ok;
}

static bool check(json_t *s, json_t *v, const char *path)
{
	static const char *const known[] = {
		"$schema", "$id", "$defs", "$ref", "title", "description", "type",
		"properties", "required", "additionalProperties", "items", "minItems",
		"maxItems", "enum", "const", "minimum", "maximum", "pattern", "anyOf",
		"oneOf", NULL,
	};
	const char *k;
	json_t *x, *sub;
	size_t i;
	int before = faults;
	char p[1024];

	if (json_is_true(s))
		return true;
	if (json_is_false(s)) {
		fault(path, "no value is allowed here%s%s", "", "");
		return false;
	}
	if (!json_is_object(s)) {
		fault(path, "the schema here is not an object%s%s", "", "");
		return false;
	}
	json_object_foreach(s, k, x) {
		int j = 0;

		while (known[j] && strcmp(known[j], k))
			j++;
		if (!known[j])
			fault(path, "schema keyword %s is not supported%s", k, "");
	}
	if ((x = json_object_get(s, "$ref")) && check_ref(json_string_value(x), v, path) < 0)
		return false;
	if ((x = json_object_get(s, "type"))) {
		bool ok = false;

		if (json_is_string(x))
			ok = is_type(v, json_string_value(x));
		json_array_foreach(x, i, sub)
			ok |= is_type(v, json_string_value(sub) ?: "");
		if (!ok) {
			char *t = json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);

			fault(path, "expected type %s%s", t ? t : "?", "");
			free(t);
			return false;
		}
	}
	if ((x = json_object_get(s, "const")) && !json_equal(x, v))
		fault(path, "not the constant the schema gives%s%s", "", "");
	if ((x = json_object_get(s, "enum"))) {
		bool ok = false;

		json_array_foreach(x, i, sub)
			ok |= json_equal(sub, v);
		if (!ok) {
			char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

			fault(path, "%s is not one of the allowed values%s", t ? t : "?", "");
			free(t);
		}
	}
	if ((x = json_object_get(s, "minimum")) && json_is_number(v) &&
	    json_number_value(v) < json_number_value(x))
		fault(path, "below the minimum%s%s", "", "");
	if ((x = json_object_get(s, "maximum")) && json_is_number(v) &&
	    json_number_value(v) > json_number_value(x))
		fault(path, "above the maximum%s%s", "", "");
	if ((x = json_object_get(s, "pattern")) && json_is_string(v)) {
		regex_t re;

		if (regcomp(&re, json_string_value(x), REG_EXTENDED | REG_NOSUB)) {
			fault(path, "bad pattern %s%s", json_string_value(x), "");
		} else {
			if (regexec(&re, json_string_value(v), 0, NULL, 0))
				fault(path, "\"%s\" does not match %s", json_string_value(v),
				      json_string_value(x));
			regfree(&re);
		}
	}
	if (json_is_object(v)) {
		json_t *props = json_object_get(s, "properties");
		json_t *extra = json_object_get(s, "additionalProperties");

		json_array_foreach(json_object_get(s, "required"), i, x)
			if (!json_object_get(v, json_string_value(x)))
				fault(path, "required member \"%s\" is missing%s",
				      json_string_value(x), "");
		json_object_foreach(v, k, x) {
			snprintf(p, sizeof(p), "%s/%s", path, k);
			if ((sub = json_object_get(props, k)))
				check(sub, x, p);
			else if (json_is_false(extra))
				fault(p, "member not allowed here%s%s", "", "");
			else if (extra)
				check(extra, x, p);
		}
	}
	if (json_is_array(v)) {
		if ((x = json_object_get(s, "minItems")) &&
		    json_array_size(v) < (size_t)json_integer_value(x))
			fault(path, "too few items%s%s", "", "");
		if ((x = json_object_get(s, "maxItems")) &&
		    json_array_size(v) > (size_t)json_integer_value(x))
			fault(path, "too many items%s%s", "", "");
		if ((sub = json_object_get(s, "items")))
			json_array_foreach(v, i, x) {
				snprintf(p, sizeof(p), "%s/%zu", path, i);
				check(sub, x, p);
			}
	}
	if ((x = json_object_get(s, "anyOf"))) {
		bool ok = false;

		json_array_foreach(x, i, sub)
			ok |= passes(sub, v, path);
		if (!ok)
			fault(path, "matches none of anyOf's schemas%s%s", "", "");
	}
	if ((x = json_object_get(s, "oneOf"))) {
		int n = 0;

		json_array_foreach(x, i, sub)
			n += passes(sub, v, path);
		if (n != 1)
			fault(path, "matches %s of oneOf's schemas, not one%s",
			      n ? "more" : "none", "");
	}
	return faults == before;
}

int main(int argc, char **argv)
{
	json_error_t err;
	int bad = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: schema-check SCHEMA DOC...\n");
		return 2;
	}
	if (!(root = json_load_file(argv[1], 0, &err))) {
		fprintf(stderr, "%s:%d:%d: %s\n", argv[1], err.line, err.column, err.text);
		return 2;
	}
	/* References to other schemas are to files beside this one. */
	if (strrchr(argv[1], '/'))
		snprintf(schema_dir, sizeof(schema_dir), "%.*s/",
			 (int)(strrchr(argv[1], '/') - argv[1]), argv[1]);
	schemas = json_object();
	for (int k = 2; k < argc; k++) {
		json_t *doc = json_load_file(argv[k], 0, &err);

		if (!doc) {
			fprintf(stderr, "%s:%d:%d: %s\n", argv[k], err.line, err.column,
				err.text);
			return 2;
		}
		doc_name = argv[k];
		faults = 0;
		check(root, doc, "");
		if (faults > 20)
			printf("%s: ... %d faults in all\n", doc_name, faults);
		bad |= faults > 0;
		json_decref(doc);
	}
	json_decref(root);
	json_decref(schemas);
	return bad;
}
