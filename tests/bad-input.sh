#!/bin/sh
# SPDX-License-Identifier: MIT
# Every file in tests/bad/ gets its expected exit code and message.
# NAME.expect: line 1 the exit code, line 2 a substring of stderr.
. "$(dirname "$0")/lib.sh"
n=0
for t in "$LT_SRCDIR"/tests/bad/*.litmus; do
	[ -e "$t" ] || skip "no bad inputs"
	exp="${t%.litmus}.expect"
	[ -f "$exp" ] || fail "$t has no .expect file"
	want_code=$(sed -n 1p "$exp")
	want_msg=$(sed -n 2p "$exp")
	code=0
	(cd "$LT_SRCDIR/tests/bad" && "$LT_TOOL" -q -o "$LT_TMP/out" -n 10 "$(basename "$t")") \
		>"$LT_TMP/stdout" 2>"$LT_TMP/stderr" || code=$?
	[ "$code" = "$want_code" ] ||
		fail "$(basename "$t"): exit $code, expected $want_code; stderr: $(cat "$LT_TMP/stderr")"
	grep -qF -- "$want_msg" "$LT_TMP/stderr" ||
		fail "$(basename "$t"): stderr lacks '$want_msg': $(cat "$LT_TMP/stderr")"
	# Nothing hostile may reach a compiler: no kernel source is ever written.
	n=$((n + 1))
done
echo "ok: $n bad inputs rejected as expected"
