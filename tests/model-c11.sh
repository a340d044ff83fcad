#!/bin/sh
# SPDX-License-Identifier: MIT
# The C11 (RC11) model against the C suites' hand-written kinds.txt:
# litmus-run --check-only over tests-litmus/c must give every listed test
# the listed verdict, and every C test there must be in the model's subset.
# tests-litmus/go/c (Go memory-model tests written in C), when present, is
# compared the same way, except that a test outside the subset is counted
# and left to its kinds.txt rather than failed.  No hardware involved.
. "$(dirname "$0")/lib.sh"
for dir in tests-litmus/c tests-litmus/go/c; do
	d="$LT_SRCDIR/$dir"
	if [ ! -d "$d" ]; then
		[ "$dir" = tests-litmus/c ] && fail "$dir is missing"
		continue
	fi
	[ -f "$d/kinds.txt" ] || fail "$dir/kinds.txt is missing"
	j="$LT_TMP/$(echo "$dir" | tr / _).json"
	k="$d/kinds.txt"
	code=0
	"$LT_TOOL" --check-only --model=c11 --json="$j" "$d" >"$LT_TMP/out.log" \
		2>"$LT_TMP/err.log" || code=$?
	if [ "$dir" = tests-litmus/c ]; then
		[ "$code" = 0 ] || { cat "$LT_TMP/err.log" >&2; fail "litmus-run --check-only $dir exited $code"; }
	else
		# Exit 3: some tests are outside the subset; drop them from the comparison.
		[ "$code" = 0 ] || [ "$code" = 3 ] ||
			{ cat "$LT_TMP/err.log" >&2; fail "litmus-run --check-only $dir exited $code"; }
		out=$(grep -c 'no model verdict' "$LT_TMP/err.log" || true)
		echo "$dir: $out tests outside the model's C subset (kinds.txt judges them)"
		sed -n 's/^litmus-run: .*\/\([^/]*\)\.litmus: no model verdict.*/\1/p' \
			"$LT_TMP/err.log" >"$LT_TMP/unsupported"
		awk 'NR==FNR { skip[$1] = 1; next } !($1 in skip)' "$LT_TMP/unsupported" "$k" >"$LT_TMP/kinds"
		k="$LT_TMP/kinds"
	fi
	"$LT_BUILDDIR/tests/kinds-check" "$k" "$j" >"$LT_TMP/check.log" ||
		{ cat "$LT_TMP/check.log"; fail "$dir: the c11 model disagrees with kinds.txt"; }
	echo "$dir: $(tail -n 1 "$LT_TMP/check.log")"
done
