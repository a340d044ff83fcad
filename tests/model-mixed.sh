#!/bin/sh
# SPDX-License-Identifier: MIT
# Mixed-size tests (accesses to part of a location, or of several widths):
# litmus-run --check-only over tests/model/mixed must print, for each test
# with a .expect, that report line for line (herd7 -variant mixed -endian
# little's with its default model per arch, less its Time and Hash lines:
# RISC-V, AArch64, POWER and x86-64 tests); must refuse the unaligned access as herd does;
# and the JSON must say mixed_size for these tests and not for a
# single-size one.  No hardware involved.
. "$(dirname "$0")/lib.sh"
d="$LT_SRCDIR/tests/model/mixed"
n=0
for e in "$d"/*.expect; do
	t=${e%.expect}.litmus
	code=0
	"$LT_TOOL" --check-only -q --json="$LT_TMP/j" "$t" >"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?
	grep -v -e '^Time ' -e '^Hash=' "$LT_TMP/out" >"$LT_TMP/report"
	diff -u "$e" "$LT_TMP/report" || { cat "$LT_TMP/err" >&2; fail "$(basename "$t"): report differs (exit $code)"; }
	jq -e '.tests[0].model.mixed_size == true' "$LT_TMP/j" >/dev/null ||
		fail "$(basename "$t"): the JSON does not say mixed_size"
	n=$((n + 1))
done
[ "$n" -ge 4 ] || fail "only $n mixed-size tests found in $d"
code=0
"$LT_TOOL" --check-only -q "$d/MS+unaligned.litmus" >/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" != 0 ] || fail "MS+unaligned: an unaligned access was judged"
grep -q 'MS+unaligned.litmus.*8:2: unaligned or out-of-bound access: 2 bytes at offset 1' "$LT_TMP/err" ||
	{ cat "$LT_TMP/err" >&2; fail "MS+unaligned: not the unaligned-access message"; }
"$LT_TOOL" --check-only -q --json="$LT_TMP/j" "$LT_SRCDIR/tests/model/riscv64/LB.litmus" >/dev/null ||
	fail "LB: --check-only failed"
jq -e '.tests[0].model | has("mixed_size") | not' "$LT_TMP/j" >/dev/null ||
	fail "LB: a single-size test reported mixed_size"
echo "ok: $n mixed-size reports as herd7 -variant mixed's"
