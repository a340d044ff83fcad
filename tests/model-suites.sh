#!/bin/sh
# SPDX-License-Identifier: MIT
# The riscv and power models against expectations: litmus-run --check-only
# over the project's RISC-V and POWER suites (tests-litmus/riscv64,
# tests-litmus/ppc64le) and the model reference tests (tests/model/riscv64,
# tests/model/ppc64le) must give every test its suite's kinds.txt lists
# the verdict listed there.  No hardware is involved.
. "$(dirname "$0")/lib.sh"
total=0
for dir in tests-litmus/riscv64 tests-litmus/ppc64le tests/model/riscv64 tests/model/ppc64le; do
	d="$LT_SRCDIR/$dir"
	[ -f "$d/kinds.txt" ] || fail "$dir/kinds.txt is missing"
	j="$LT_TMP/$(echo "$dir" | tr / _).json"
	code=0
	"$LT_TOOL" --check-only --json="$j" "$d" >"$LT_TMP/out.log" 2>"$LT_TMP/err.log" || code=$?
	[ "$code" = 0 ] || { cat "$LT_TMP/err.log" >&2; fail "litmus-run --check-only $dir exited $code"; }
	"$LT_BUILDDIR/tests/kinds-check" "$d/kinds.txt" "$j" >"$LT_TMP/check.log" ||
		{ cat "$LT_TMP/check.log"; fail "$dir: the model disagrees with kinds.txt"; }
	n=$(grep -c '^ok: ' "$LT_TMP/check.log")
	echo "$dir: $(tail -n 1 "$LT_TMP/check.log")"
	total=$((total + n))
done
echo "ok: $total verdicts as kinds.txt"
