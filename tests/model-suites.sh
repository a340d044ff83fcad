#!/bin/sh
# SPDX-License-Identifier: MIT
# The models against expectations: litmus-run --check-only over the
# project's suites (tests-litmus/<arch>, whose kinds.txt the shape generator
# derives independently of the models, and their rmw/ folders) and the model
# reference tests (tests/model/riscv64, tests/model/ppc64le) must give every
# test listed in a kinds.txt the verdict listed there.  No hardware involved.
. "$(dirname "$0")/lib.sh"
total=0
suites=
for a in $(lt_arches); do
	suites="$suites tests-litmus/$a tests-litmus/$a/rmw"
done
for dir in $suites tests/model/riscv64 tests/model/ppc64le; do
	d="$LT_SRCDIR/$dir"
	# Only the base suites must exist; an arch may have no rmw/ folder.
	case $dir in */rmw) [ -d "$d" ] || continue ;; esac
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
