#!/bin/sh
# SPDX-License-Identifier: MIT
# Every file in tests/bad/ gets its expected exit code and message.
# NAME.expect: line 1 the exit code, line 2 a substring of stderr.
. "$(dirname "$0")/lib.sh"
# A private cache: afterwards it must hold no kernel source at all.
LITMUS_RUN_CACHE="$LT_TMP/cache"
export LITMUS_RUN_CACHE
n=0
for t in "$LT_SRCDIR"/tests/bad/*.litmus; do
	[ -e "$t" ] || skip "no bad inputs"
	exp="${t%.litmus}.expect"
	[ -f "$exp" ] || fail "$t has no .expect file"
	want_code=$(sed -n 1p "$exp")
	want_msg=$(sed -n 2p "$exp")
	code=0
	(cd "$LT_SRCDIR/tests/bad" && "$LT_TOOL" -q --force -o "$LT_TMP/out" -n 10 "$(basename "$t")") \
		>"$LT_TMP/stdout" 2>"$LT_TMP/stderr" || code=$?
	[ "$code" = "$want_code" ] ||
		fail "$(basename "$t"): exit $code, expected $want_code; stderr: $(cat "$LT_TMP/stderr")"
	grep -qF -- "$want_msg" "$LT_TMP/stderr" ||
		fail "$(basename "$t"): stderr lacks '$want_msg': $(cat "$LT_TMP/stderr")"
	n=$((n + 1))
done

# On a terminal, the model checks come first, with their progress: a test
# that would write outside its locations is refused before any kernel of
# the run is made, and the others still run.
if command -v script >/dev/null 2>&1; then
	code=0
	script -qec "LITMUS_RUN_CACHE='$LT_TMP/cache-tty' '$LT_TOOL' --force -o '$LT_TMP/tty' -n 10 \
		'$LT_SRCDIR/tests/bad/address-integer.litmus' '$LT_SRCDIR/tests/golden/SB.litmus'" \
		/dev/null >"$LT_TMP/tty.out" 2>&1 || code=$?
	[ "$code" = 3 ] || fail "on a terminal: exit $code, expected 3: $(cat "$LT_TMP/tty.out")"
	tr '\r' '\n' <"$LT_TMP/tty.out" >"$LT_TMP/tty.txt"
	grep -q "checking the models: 2/2" "$LT_TMP/tty.txt" &&
		grep -q "address-integer.litmus:6:2: .*; not run" "$LT_TMP/tty.txt" &&
		[ "$(jq -r '.tests[1].status' "$LT_TMP/tty/run.json")" = ok ] ||
		fail "on a terminal: no model progress, refusal or run of SB: $(cat "$LT_TMP/tty.txt")"
	n=$((n + 1))
fi

# Generated here rather than committed: a 10 MB line.
{
	printf 'X86_64 T\n{ }\n P0 ;\n movl $1,(x) ;\nexists ([x]=1 '
	head -c 10485760 /dev/zero | tr '\0' ' '
	printf 'junk)\n'
} >"$LT_TMP/long-line.litmus"
code=0
"$LT_TOOL" -q --force -o "$LT_TMP/out" "$LT_TMP/long-line.litmus" 2>"$LT_TMP/stderr" || code=$?
[ "$code" = 3 ] || fail "long-line: exit $code, expected 3"
grep -qF "long-line.litmus:5:10485775: " "$LT_TMP/stderr" ||
	fail "long-line: $(head -c 300 "$LT_TMP/stderr")"
n=$((n + 1))

# A test whose model check would run for hours: --model-timeout ends it
# (exit 4, "model: timeout" on stdout and in the JSON), and SIGTERM ends an
# unbounded one at once (exit 128+15).  Upper bounds only, with a margin.
explode="$LT_SRCDIR/tests/bad/budget/explode.litmus"
start=$(date +%s)
code=0
timeout -s KILL 120 "$LT_TOOL" --check-only --model-timeout=2 --json="$LT_TMP/budget.json" \
	"$explode" >"$LT_TMP/stdout" 2>"$LT_TMP/stderr" || code=$?
[ "$code" = 4 ] || fail "explode: exit $code, expected 4: $(cat "$LT_TMP/stderr")"
[ $(($(date +%s) - start)) -le 32 ] || fail "explode: --model-timeout=2 took over 32 s"
grep -q '^Model: timeout' "$LT_TMP/stdout" || fail "explode: $(cat "$LT_TMP/stdout")"
grep -q '"model_error": "timeout' "$LT_TMP/budget.json" ||
	fail "explode: no model timeout in the JSON"
timeout -s KILL 120 "$LT_TOOL" --check-only --model-timeout=none "$explode" \
	>/dev/null 2>"$LT_TMP/stderr" &
pid=$!
sleep 1
start=$(date +%s)
kill -TERM $pid
code=0
wait $pid || code=$?
[ "$code" = 143 ] || fail "explode: SIGTERM gave exit $code, expected 143"
[ $(($(date +%s) - start)) -le 30 ] || fail "explode: SIGTERM took over 30 s to stop it"
n=$((n + 1))

# Nothing hostile reached a compiler: no kernel source was ever written.
if [ -d "$LITMUS_RUN_CACHE" ] && [ -n "$(find "$LITMUS_RUN_CACHE" -name test.c)" ]; then
	fail "a bad input reached code generation"
fi
echo "ok: $n bad inputs rejected with their expected message and exit code"
