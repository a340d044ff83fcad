/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the shape notation (cycles and named shapes) and, for
 * what it accepts, compilation for every arch and a parse of the result.
 * Any crash, leak, sanitizer report or hang is a bug.  Built by scripts/fuzz.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "litmus/parse.h"
#include "shape/shape-arch.h"
#include "shape/shape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* Every arch of arch/arches.def. */
	for (size_t i = 0; lt_shape_arches[i]; i++) {
		const struct lt_shape_arch *a = lt_shape_arches[i];
		struct lt_shape s;
		struct lt_error err;
		struct lt_buf out = LT_BUF_INIT;
		enum lt_expect kind;
		char why[256];

		if (shape_parse(text, a, &s, &err) == 0 &&
		    shape_compile(&s, a, &out, &kind, why, sizeof(why), &err) == 0) {
			struct lt_test *t = NULL;

			/* What the generator emits, our own parser must accept. */
			if (litmus_parse_string(out.s, out.len, "fuzz-shape", &t, &err) != 0)
				abort();
			lt_test_free(t);
		}
		lt_buf_free(&out);
	}
	free(text);
	return 0;
}
