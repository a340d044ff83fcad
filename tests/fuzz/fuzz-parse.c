/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the .litmus parser (every arch it knows) and, for the
 * inputs it accepts, the code generator, barrier and perpetual kernels.  Any crash, leak, sanitizer report
 * or hang is a bug.  Built and run by scripts/fuzz.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "gen/gen.h"
#include "litmus/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lt_test *t = NULL;
	struct lt_error err;

	if (litmus_parse_string((const char *)data, size, "fuzz.litmus", &t, &err) == 0) {
		struct lt_buf src = LT_BUF_INIT;

		/* Accepted tests must also generate (or fail cleanly). */
		(void)gen_kernel(t, &src, &err);
		lt_buf_free(&src);
		src = (struct lt_buf)LT_BUF_INIT;
		(void)gen_kernel_perpetual(t, &src, &err);
		lt_buf_free(&src);
		lt_test_free(t);
	}
	return 0;
}
