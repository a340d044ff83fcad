/* SPDX-License-Identifier: MIT */
/*
 * The fuzz targets without libFuzzer: each FILE argument is one input,
 * given to the target's LLVMFuzzerTestOneInput.  make check builds every
 * target this way and replays its seed corpus (tests/fuzz-replay.sh), so
 * that a harness that no longer compiles, or a seed that crashes, fails
 * there and not only when someone fuzzes.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	for (int k = 1; k < argc; k++) {
		FILE *f = fopen(argv[k], "rb");
		uint8_t *buf = NULL;
		size_t n = 0, cap = 0, got;

		if (!f) {
			perror(argv[k]);
			return 2;
		}
		do {
			if (n == cap) {
				cap = cap ? 2 * cap : 4096;
				buf = realloc(buf, cap);
				if (!buf)
					return 2;
			}
			got = fread(buf + n, 1, cap - n, f);
			n += got;
		} while (got > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
	}
	printf("%d inputs replayed\n", argc - 1);
	return 0;
}
