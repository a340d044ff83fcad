/* SPDX-License-Identifier: MIT */
/*
 * The option table (options.def) as text: --help, the manual page's
 * OPTIONS, doc/running.md's table, the bash completion.  One table, so the
 * four cannot drift apart (tests/options-doc.sh checks the committed ones).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"
#include "run/cli.h"
#include "run/modes.h"
#include "run/subcmd.h"
#include "util/buf.h"

const struct opt_doc opt_docs[] = {
#define OPT(id, l, s, a, d, sec, h, m, see) { l, s, a, d, sec, h, m, see },
#include "run/options.def"
	{ NULL, 0, NULL, NULL, SEC_HIDDEN, NULL, NULL, NULL },
};

/* The VALUES rows, by option. */
static const char *const opt_words[OPTIX_COUNT] = {
#define OPT(id, l, s, a, d, sec, h, m, see)
#define VALUES(id, w) [OPTIX_##id] = w,
#include "run/options.def"
#undef VALUES
};

static const char *const section_title[] = {
	[SEC_RUN] = "Running",
	[SEC_OUT] = "Results and output",
	[SEC_BUILD] = "Target and build",
	[SEC_MODEL] = "Models",
	[SEC_PLACE] = "Synchronisation, layout and placement",
	[SEC_SELECT] = "Selecting tests",
	[SEC_LAB] = "Lab boards",
	[SEC_INFO] = "Information",
};

/* "-n, --iterations=N" / "--force" (as --help and Markdown show it). */
static void opt_label(const struct opt_doc *d, struct lt_buf *b)
{
	if (d->short_opt)
		lt_buf_printf(b, "-%c, ", d->short_opt);
	lt_buf_printf(b, "--%s", d->name);
	if (d->arg)
		lt_buf_printf(b, "=%s", d->arg);
}

/* s without its backquotes. */
static void plain(const char *s, struct lt_buf *b)
{
	for (; *s; s++)
		if (*s != '`')
			lt_buf_putc(b, *s);
}

/* Words of text, wrapped at width, each line after the first indented. */
static void wrap(FILE *f, const char *text, int col, int indent, int width)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (col > indent && col + 1 + (int)n > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)n, p);
		col += (int)n;
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/*
 * The visible options, section by section: the section's title by
 * head (a printf format), then one(f, d) for each of its options.
 */
static void each_section(FILE *f, const char *head,
			 void (*one)(FILE *f, const struct opt_doc *d))
{
	for (int sec = 0; sec < SEC_HIDDEN; sec++) {
		fprintf(f, head, section_title[sec]);
		for (const struct opt_doc *d = opt_docs; d->name; d++)
			if ((int)d->sec == sec)
				one(f, d);
	}
}

/* One option of --help: its label, then its help wrapped beside it. */
static void help_option(FILE *f, const struct opt_doc *d)
{
	const int indent = 26, width = 79;
	struct lt_buf l = LT_BUF_INIT, t = LT_BUF_INIT;

	lt_buf_puts(&l, d->short_opt ? "  " : "      ");
	opt_label(d, &l);
	plain(d->help, &t);
	if (d->dflt)
		lt_buf_printf(&t, " (default: %s)", d->dflt);
	if ((int)l.len + 1 > indent)
		fprintf(f, "%s\n%*s", l.s, indent, "");
	else
		fprintf(f, "%-*s", indent, l.s);
	wrap(f, t.s, indent, indent, width);
	lt_buf_free(&l);
	lt_buf_free(&t);
}

void cli_usage(FILE *f)
{
	fputs("Usage: litmus-run [OPTIONS] PATH...\n"
	      "       litmus-run compare|merge|report|fences ... (--help for each)\n"
	      "Run litmus tests on this machine's cores and histogram their outcomes.\n"
	      "PATH is a .litmus file, a directory (searched recursively) or @LISTFILE.\n",
	      f);
	each_section(f, "\n%s:\n", help_option);
	fputs("\nExit status: 0 ok; 1 a forbidden outcome was observed; 2 usage or system\n"
	      "error; 3 a test could not be parsed; 4 a test timed out or crashed;\n"
	      "77 nothing could run on this host.  See litmus-run(1).\n", f);
}

/* The help and its detail as one paragraph: capitalised, full stops. */
static void paragraph(const struct opt_doc *d, bool markdown, struct lt_buf *b)
{
	size_t at = b->len;

	lt_buf_puts(b, d->help);
	b->s[at] = (char)toupper((unsigned char)b->s[at]);
	lt_buf_putc(b, '.');
	if (d->dflt) {
		/* A value is literal; a phrase ("the number of ...") is not. */
		const char *q = markdown && !strchr(d->dflt, ' ') ? "`" : "";

		lt_buf_printf(b, " Default: %s%s%s.", q, d->dflt, q);
	}
	if (*d->more)
		lt_buf_printf(b, " %s", d->more);
	if (d->see && markdown)
		lt_buf_printf(b, " See [%.*s](%s).", (int)strcspn(d->see, "#"), d->see,
			      d->see);
	else if (d->see)
		lt_buf_printf(b, " See doc/%.*s.", (int)strcspn(d->see, "#"), d->see);
}

/* roff: `x` in bold, '-' and '\' escaped, no line starting with '.'. */
static void roff(FILE *f, const char *s)
{
	bool bold = false;

	for (; *s; s++) {
		if (*s == '`') {
			fputs(bold ? "\\fR" : "\\fB", f);
			bold = !bold;
		} else if (*s == '-') {
			fputs("\\-", f);
		} else if (*s == '\\') {
			fputs("\\e", f);
		} else if (*s == ' ' && s[1] == ' ') {
			/* Sentence spacing: a new line keeps it in roff. */
			fputc('\n', f);
			s++;
		} else {
			fputc(*s, f);
		}
	}
	fputc('\n', f);
}

/* s in roff font (\\fB, \\fI), its '-' escaped, then back to roman. */
static void roff_font(FILE *f, const char *font, const char *s)
{
	fputs(font, f);
	for (; *s; s++)
		fputs(*s == '-' ? "\\-" : (char[]){ *s, 0 }, f);
	fputs("\\fR", f);
}

/* One option of the manual page: a tagged paragraph. */
static void man_option(FILE *f, const struct opt_doc *d)
{
	struct lt_buf p = LT_BUF_INIT, name = LT_BUF_INIT;

	fputs(".TP\n", f);
	if (d->short_opt)
		fprintf(f, "\\fB\\-%c\\fR, ", d->short_opt);
	lt_buf_printf(&name, "--%s", d->name);
	roff_font(f, "\\fB", name.s);
	if (d->arg) {
		fputc('=', f);
		roff_font(f, "\\fI", d->arg);
	}
	fputc('\n', f);
	paragraph(d, false, &p);
	roff(f, p.s);
	lt_buf_free(&p);
	lt_buf_free(&name);
}

static void print_man(FILE *f)
{
	fputs(".\\\" Generated from src/run/options.def by `make update-options`.\n", f);
	each_section(f, ".SS %s\n", man_option);
}

/* Markdown: a table cell cannot hold a bare '|'. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* One option of doc/running.md: a table row. */
static void markdown_option(FILE *f, const struct opt_doc *d)
{
	struct lt_buf p = LT_BUF_INIT;

	fputs("| ", f);
	if (d->short_opt)
		fprintf(f, "`-%c`, ", d->short_opt);
	fprintf(f, "`--%s", d->name);
	if (d->arg) {
		fputc('=', f);
		md_cell(f, d->arg);
	}
	fputs("` | ", f);
	paragraph(d, true, &p);
	md_cell(f, p.s);
	fputs(" |\n", f);
	lt_buf_free(&p);
}

static void print_markdown(FILE *f)
{
	fputs("<!-- Generated from src/run/options.def by `make update-options`. -->\n", f);
	each_section(f, "\n#### %s\n\n| option | meaning |\n| --- | --- |\n",
		     markdown_option);
}

/*
 * A completion function for bash: subcommands first, option names (with
 * '=' for those taking an argument), the words of VALUES, arch names from
 * --list-arches, files and directories for FILE and DIR.
 */
/* A completion case whose words are a table's names (name_at(k) until NULL). */
static void print_bash_table(FILE *f, const char *opt, const char *(*name_at)(int))
{
	fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -W '", opt);
	for (int k = 0; name_at(k); k++)
		fprintf(f, "%s%s", k ? " " : "", name_at(k));
	fputs("' -- \"$val\")) ;;\n", f);
}

static void print_bash(FILE *f)
{
	fputs("# bash completion for litmus-run.\n"
	      "# Generated from src/run/options.def by litmus-run --print-options=bash.\n"
	      "_litmus_run()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} opt val\n"
	      "\tCOMPREPLY=()\n"
	      "\tif [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '", f);
	for (int k = 0; subcmd_name_at(k); k++)
		fprintf(f, "%s%s", k ? " " : "", subcmd_name_at(k));
	fputs("' -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
	      "\t\treturn\n\tfi\n"
	      /* bash splits --opt=val at '=' (COMP_WORDBREAKS) ... */
	      "\tlocal prefix=\n"
	      "\tif [[ $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD-1]} == = ]]; then\n"
	      "\t\topt=${COMP_WORDS[COMP_CWORD-2]} val=$cur\n"
	      "\telif [[ $cur == = && ${COMP_WORDS[COMP_CWORD-1]} == --* ]]; then\n"
	      "\t\topt=${COMP_WORDS[COMP_CWORD-1]} val=\n"
	      /* ... unless told otherwise: then the word keeps its option. */
	      "\telif [[ $cur == --*=* ]]; then\n"
	      "\t\topt=${cur%%=*} val=${cur#*=} prefix=$opt=\n"
	      "\tfi\n"
	      "\tif [[ -n $opt ]]; then\n"
	      "\t\tcase $opt in\n", f);
	for (const struct opt_doc *d = opt_docs; d->name; d++) {
		const char *w = opt_words[d - opt_docs];

		if (!d->arg)
			continue;
		if (!strcmp(d->name, "arch"))
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -W \"native $(litmus-run "
				"--list-arches 2>/dev/null | sed -n 's/^name=\\([^ ]*\\).*/\\1/p')\" "
				"-- \"$val\")) ;;\n", d->name);
		else if (!strcmp(d->name, "model") || !strcmp(d->name, "sync"))
			print_bash_table(f, d->name,
					 d->name[0] == 'm' ? model_name_at : sync_name_at);
		else if (w)
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -W '%s' -- \"$val\")) ;;\n",
				d->name, w);
		else if (strstr(d->arg, "DIR"))
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -d -- \"$val\")) ;;\n", d->name);
		else if (strstr(d->arg, "FILE"))
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -f -- \"$val\")) ;;\n", d->name);
		else if (!strcmp(d->arg, "CMD") || !strcmp(d->arg, "CC"))
			fprintf(f, "\t\t--%s) COMPREPLY=($(compgen -c -- \"$val\")) ;;\n", d->name);
	}
	fputs("\t\tesac\n"
	      "\t\t[[ -n $prefix ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$prefix}\")\n"
	      "\t\treturn\n\tfi\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '", f);
	for (const struct opt_doc *d = opt_docs; d->name; d++)
		if (d->sec != SEC_HIDDEN)
			fprintf(f, "%s--%s%s", d == opt_docs ? "" : " ", d->name,
				d->arg ? "=" : "");
	fputs("' -- \"$cur\"))\n"
	      "\t\t[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null\n"
	      "\t\treturn\n\tfi\n"
	      "\tCOMPREPLY=($(compgen -f -X '!*.litmus' -- \"$cur\") $(compgen -d -- \"$cur\"))\n"
	      "}\n"
	      "complete -F _litmus_run litmus-run\n", f);
}

int optdoc_print(const char *format, FILE *f)
{
	if (!strcmp(format, "help")) {
		cli_usage(f);
	} else if (!strcmp(format, "man")) {
		print_man(f);
	} else if (!strcmp(format, "markdown")) {
		print_markdown(f);
	} else if (!strcmp(format, "bash")) {
		print_bash(f);
	} else if (!strcmp(format, "names")) {
		for (const struct opt_doc *d = opt_docs; d->name; d++)
			if (d->sec != SEC_HIDDEN)
				fprintf(f, "%s\n", d->name);
	} else {
		fprintf(stderr, "litmus-run: --print-options: expected help, man, "
			"markdown, bash or names, got '%s'\n", format);
		return -1;
	}
	return 0;
}
