/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the raw-output reader (hist_parse_raw), then what the
 * run does with what it accepts: classify, sort, add to itself
 * (--placement=scan) and write the JSON entry.  The first byte picks the
 * test the output is read for (registers only, or with a location-valued
 * observable).  Any crash, leak or sanitizer report is a bug; an accepted
 * histogram whose counts do not add up to its iterations is one too.
 * Built and run by scripts/fuzz.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "report/hist.h"
#include "report/json.h"
#include "run/entry.h"

static const char *const sources[] = {
	"X86_64 SB\n{\n}\n P0 | P1 ;\n movl $1,(x) | movl $1,(y) ;\n"
	" movl (y),%eax | movl (x),%eax ;\nexists (0:rax=0 /\\ 1:rax=0)\n",
	"X86_64 PTR\n{ x=0; y=0; 0:rbx=x; }\n P0 | P1 ;\n MOV [y],rbx | MOV rax,[y] ;\n"
	"locations [y;]\n~exists (1:rax=x)\n",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lt_test *tests[2];
	struct lt_entry e = { 0 };
	struct lt_result again = { 0 };
	char why[512], *text;
	struct lt_error err;
	int which;

	if (size < 1)
		return 0;
	which = data[0] & 1;
	if (!tests[which] &&
	    litmus_parse_string(sources[which], strlen(sources[which]), "fuzz.litmus",
				&tests[which], &err) < 0)
		abort();
	text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	if (hist_parse_raw(tests[which], text, &e.result, why, sizeof(why)) == 0) {
		uint64_t sum = 0;
		json_t *o;

		for (int k = 0; k < e.result.nouts; k++)
			sum += e.result.outs[k].count;
		if (sum != e.result.iterations)
			abort();
		hist_classify(tests[which], &e.result, LT_EXPECT_NONE, NULL);
		hist_sort(tests[which], &e.result);
		if (hist_parse_raw(tests[which], text, &again, why, sizeof(why)) == 0)
			(void)hist_merge(tests[which], &e.result, &again);
		e.file = "fuzz.litmus";
		e.arch = "x86_64";
		e.test = tests[which];
		o = lt_json_entry(&e);
		json_decref(o);
	}
	lt_result_free(&again);
	lt_result_free(&e.result);
	free(text);
	return 0;
}
