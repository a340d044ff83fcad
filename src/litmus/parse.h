/* SPDX-License-Identifier: MIT */
/*
 * The herd .litmus parser: builds the test IR from a file or a string.
 * Errors come back as values with a position and a message, never printed.
 */
#ifndef LT_PARSE_H
#define LT_PARSE_H

#include <stddef.h>

#include "litmus/ir.h"

#define LT_EIO    (-2)	/* file could not be read: CLI exit 2 */
#define LT_EPARSE (-3)	/* malformed or unsupported: CLI exit 3 */

/*
 * Parse a .litmus file.  Returns 0 with *out set (free it with
 * lt_test_free), or LT_EIO / LT_EPARSE with *out NULL and err filled:
 * err->file is the path, err->pos the 1-based line:col of the offending
 * token (0:0 for I/O errors), err->msg the message without that prefix.
 */
int litmus_parse_file(const char *path, struct lt_test **out,
		      struct lt_error *err);

/* The same on a buffer of len bytes; `file` names it in errors and the IR. */
int litmus_parse_string(const char *src, size_t len, const char *file,
			struct lt_test **out, struct lt_error *err);

#endif /* LT_PARSE_H */
