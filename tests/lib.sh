# SPDX-License-Identifier: MIT
# Helpers for the shell tests (sourced).  Exit 77 marks a skip for automake.
set -u
: "${LT_SRCDIR:?run through make check}"
: "${LT_TOOL:?run through make check}"
LT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lt-test.XXXXXX")
trap 'rm -rf "$LT_TMP"' EXIT
# Kernels built by tests go to a private cache, never the user's.
export LITMUS_RUN_CACHE="${LITMUS_RUN_CACHE:-$LT_BUILDDIR/tests/.cache}"
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# LT_HWLOC=no: built --without-hwloc, so litmus-run reads no topology.
have_hwloc() { [ "${LT_HWLOC:-yes}" = yes ]; }

# --enable-valgrind: the tool runs under memcheck (its children do not).
if [ -n "${LT_VALGRIND:-}" ]; then
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions="%s" "%s" "$@"\n' \
		"$LT_SRCDIR/tests/valgrind.supp" "$LT_TOOL" >"$LT_TMP/litmus-run"
	chmod +x "$LT_TMP/litmus-run"
	LT_TOOL="$LT_TMP/litmus-run"
fi
