#!/bin/sh
# SPDX-License-Identifier: MIT
# Code generation golden tests: tests/golden/NAME.litmus -> NAME.c, exactly.
# LT_REGEN=1 rewrites the expected files (review the diff before committing).
. "$(dirname "$0")/lib.sh"
n=0
for t in "$LT_SRCDIR"/tests/golden/*.litmus; do
	[ -e "$t" ] || skip "no golden tests"
	want="${t%.litmus}.c"
	(cd "$LT_SRCDIR/tests/golden" && "$LT_TOOL" --print-kernel "$(basename "$t")") \
		>"$LT_TMP/got.c" 2>"$LT_TMP/err" || fail "$(basename "$t"): $(cat "$LT_TMP/err")"
	if [ "${LT_REGEN:-0}" = 1 ]; then
		cp "$LT_TMP/got.c" "$want"
	elif ! diff -u "$want" "$LT_TMP/got.c"; then
		fail "$(basename "$t"): generated kernel differs from $(basename "$want")"
	fi
	# The golden source must also compile (syntax only: no link, no run).
	cc -std=gnu11 -fsyntax-only -Wall -Werror -I"$LT_SRCDIR/src/runtime" -I"$LT_SRCDIR/arch" \
		-x c "$LT_TMP/got.c" 2>"$LT_TMP/cc" || fail "$(basename "$t"): does not compile: $(cat "$LT_TMP/cc")"
	n=$((n + 1))
done
echo "ok: $n golden kernels"
