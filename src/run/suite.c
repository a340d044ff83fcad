/* SPDX-License-Identifier: MIT */
/* Suite expansion (files, directories, @lists) and kinds.txt lookup. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run/suite.h"
#include "util/buf.h"

#define LT_MAX_LIST_DEPTH 16

static void add_file(struct lt_filelist *l, const char *path)
{
	l->files = lt_xrealloc(l->files, (size_t)(l->n + 1) * sizeof(char *));
	l->files[l->n++] = lt_xstrdup(path);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand(const char *arg, struct lt_filelist *out, int depth,
		  char *why, size_t len);

static int expand_dir(const char *dir, struct lt_filelist *out, int depth,
		      char *why, size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	int n = 0, rc = 0;

	if (!d) {
		snprintf(why, len, "%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = lt_xrealloc(names, (size_t)(n + 1) * sizeof(char *));
		names[n++] = lt_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(char *), cmp_str);
	for (int k = 0; k < n; k++) {
		struct lt_buf path = LT_BUF_INIT;
		struct stat st;

		lt_buf_printf(&path, "%s%s%s", dir,
			      has_suffix(dir, "/") ? "" : "/", names[k]);
		if (rc == 0 && stat(path.s, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				if (depth > 64) {
					snprintf(why, len, "%s: directories nested too deep", path.s);
					rc = -1;
				} else {
					rc = expand_dir(path.s, out, depth + 1, why, len);
				}
			} else if (S_ISREG(st.st_mode) && has_suffix(names[k], ".litmus")) {
				add_file(out, path.s);
			}
		}
		lt_buf_free(&path);
		free(names[k]);
	}
	free(names);
	return rc;
}

static int expand_list(const char *listfile, struct lt_filelist *out, int depth,
		       char *why, size_t len)
{
	FILE *f = fopen(listfile, "r");
	const char *slash = strrchr(listfile, '/');
	char *line = NULL;
	size_t cap = 0;
	int rc = 0, lineno = 0;

	if (!f) {
		snprintf(why, len, "%s: %s", listfile, strerror(errno));
		return -1;
	}
	if (depth > LT_MAX_LIST_DEPTH) {
		snprintf(why, len, "%s: @lists nested too deep (a cycle?)", listfile);
		fclose(f);
		return -1;
	}
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		char *s = line, *e;
		struct lt_buf path = LT_BUF_INIT;

		lineno++;
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strcspn(s, "#\r\n");
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (!*s)
			continue;
		if (*s == '/' || *s == '@' || !slash)
			lt_buf_puts(&path, s);
		else
			lt_buf_printf(&path, "%.*s/%s", (int)(slash - listfile),
				      listfile, s);
		rc = expand(path.s, out, depth + 1, why, len);
		if (rc < 0) {
			char inner[512];

			snprintf(inner, sizeof(inner), "%s", why);
			snprintf(why, len, "%s:%d: %s", listfile, lineno, inner);
		}
		lt_buf_free(&path);
	}
	free(line);
	fclose(f);
	return rc;
}

static int expand(const char *arg, struct lt_filelist *out, int depth,
		  char *why, size_t len)
{
	struct stat st;

	if (arg[0] == '@')
		return expand_list(arg + 1, out, depth, why, len);
	if (stat(arg, &st) < 0) {
		snprintf(why, len, "%s: %s", arg, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return expand_dir(arg, out, 0, why, len);
	add_file(out, arg);
	return 0;
}

int suite_expand(const char *arg, struct lt_filelist *out, char *why, size_t len)
{
	return expand(arg, out, 0, why, len);
}

void suite_free(struct lt_filelist *l)
{
	for (int k = 0; k < l->n; k++)
		free(l->files[k]);
	free(l->files);
	l->files = NULL;
	l->n = 0;
}

/*
 * The test's name as herd reads it: the header line's words after the
 * arch, less a trailing ".litmus"; the file name when the header is not
 * readable (the parser reports that later).
 */
static void test_name(const char *file, char *buf, size_t len)
{
	FILE *f = fopen(file, "r");
	const char *base = strrchr(file, '/');
	char line[512];
	char *s, *e;

	base = base ? base + 1 : file;
	snprintf(buf, len, "%s", base);
	if (f && fgets(line, sizeof(line), f)) {
		s = line + strspn(line, " \t");
		s += strcspn(s, " \t\r\n");
		s += strspn(s, " \t");
		e = s + strcspn(s, "\r\n");
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s)
			snprintf(buf, len, "%.*s", (int)(e - s), s);
	}
	if (f)
		fclose(f);
	if (has_suffix(buf, ".litmus"))
		buf[strlen(buf) - 7] = '\0';
}

static bool match_any(const char *name, const char *const *globs, int n)
{
	for (int k = 0; k < n; k++)
		if (fnmatch(globs[k], name, 0) == 0)
			return true;
	return false;
}

int suite_filter(struct lt_filelist *l, const char *const *include, int ninclude,
		 const char *const *exclude, int nexclude)
{
	int kept = 0, dropped = 0;

	for (int k = 0; k < l->n; k++) {
		char name[512];

		test_name(l->files[k], name, sizeof(name));
		if ((ninclude && !match_any(name, include, ninclude)) ||
		    match_any(name, exclude, nexclude)) {
			free(l->files[k]);
			dropped++;
			continue;
		}
		l->files[kept++] = l->files[k];
	}
	l->n = kept;
	return dropped;
}

enum lt_expect suite_expectation(const char *file, const char *test_name)
{
	const char *slash = strrchr(file, '/');
	enum lt_expect e = LT_EXPECT_NONE;
	struct lt_buf path = LT_BUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (slash)
		lt_buf_printf(&path, "%.*s/kinds.txt", (int)(slash - file), file);
	else
		lt_buf_puts(&path, "kinds.txt");
	f = fopen(path.s, "r");
	lt_buf_free(&path);
	if (!f)
		return e;
	while (getline(&line, &cap, f) >= 0) {
		char name[512], kind[64];

		if (sscanf(line, "%511s %63s", name, kind) != 2 ||
		    strcmp(name, test_name))
			continue;
		if (!strcmp(kind, "Allowed"))
			e = LT_EXPECT_ALLOWED;
		else if (!strcmp(kind, "Forbidden"))
			e = LT_EXPECT_FORBIDDEN;
		else if (!strcmp(kind, "Required"))
			e = LT_EXPECT_REQUIRED;
		break;
	}
	free(line);
	fclose(f);
	return e;
}
