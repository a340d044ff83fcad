# SPDX-License-Identifier: MIT
# Helpers for the shell tests (sourced).  Exit 77 marks a skip for automake.
set -u
: "${LT_SRCDIR:?run through make check}"
: "${LT_TOOL:?run through make check}"
LT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lt-test.XXXXXX")
trap 'rm -rf "$LT_TMP"' EXIT
# Kernels built by tests go to a private cache, never the user's.
export LITMUS_RUN_CACHE="${LITMUS_RUN_CACHE:-$LT_BUILDDIR/tests/.cache}"
# make regtest's real runs: a per-test budget that a heavily loaded machine
# (load average far above the PU count) still meets; the tests assert on
# outcome sets, never on speed.
LT_RUN_TIMEOUT=${LT_RUN_TIMEOUT:-900}
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# LT_HWLOC=no: built --without-hwloc, so litmus-run reads no topology.
have_hwloc() { [ "${LT_HWLOC:-yes}" = yes ]; }

# The arches and their fields, as `litmus-run --list-arches` gives them
# (arch/arches.def): tests name no arch list of their own.
LT_ARCH_LIST=$("$LT_TOOL" --list-arches) || fail "litmus-run --list-arches failed"
# lt_arches [native=no]: the arch names (only the foreign ones, say).
lt_arches() {
	printf '%s\n' "$LT_ARCH_LIST" | grep -e "${1:-.}" | sed 's/^name=\([^ ]*\).*/\1/'
}
# lt_arch_field ARCH FIELD: ARCH (its name or herd word) -> its FIELD.
lt_arch_field() {
	printf '%s\n' "$LT_ARCH_LIST" | awk -v a="$1" -v f="$2" '{
		for (i = 1; i <= NF; i++) {
			k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); x[k] = v
		}
		if (x["name"] == a || x["herd"] == a) { print x[f]; exit }
	}'
}
# lt_arch_cc ARCH: the compiler of ARCH's kernels here (cc on the host's own).
lt_arch_cc() {
	if [ "$(lt_arch_field "$1" native)" = yes ]; then echo cc; else lt_arch_field "$1" cc; fi
}

# --enable-valgrind: the tool runs under memcheck (its children do not).
if [ -n "${LT_VALGRIND:-}" ]; then
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions="%s" "%s" "$@"\n' \
		"$LT_SRCDIR/tests/valgrind.supp" "$LT_TOOL" >"$LT_TMP/litmus-run"
	chmod +x "$LT_TMP/litmus-run"
	LT_TOOL="$LT_TMP/litmus-run"
fi
