#!/bin/sh
# SPDX-License-Identifier: MIT
# Faults never cost a result: a suite with a hanging and a crashing test is
# killed with SIGKILL mid-run, resumed, and ends with every test's result
# present exactly once (hang: timeout, crash: crashed, exit 4).  Then SIGINT:
# the run stops cleanly, says so, and --resume finishes it.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "the fault tests are x86_64 kernels"
list="$LT_SRCDIR/tests/faults/suite.list"
# Its own cache: any kernel found running from it afterwards is an orphan of
# this test's runs, not of a test running beside it.
LITMUS_RUN_CACHE="$LT_TMP/cache"
export LITMUS_RUN_CACHE
run="$LT_TMP/run"
# Healthy tests run 2,000 iterations (milliseconds on a quiet machine, a
# few seconds at a load average of 20 on 2 PUs) so that only the hanging
# kernel meets the 40 s timeout, however loaded the machine.

# Wait (at most ~300 s) until the run directory holds $2 finished tests.
wait_for() {
	i=0
	while [ "$(ls "$1/tests" 2>/dev/null | grep -c '^[0-9]*\.json$')" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -lt 3000 ] || fail "no $2 finished tests in $1 after 300 s"
		sleep 0.1
	done
}

check_complete() {
	names=$(jq -r '.tests[].name' "$1/run.json" | sort | tr '\n' ' ')
	[ "$names" = "2+2W Crash Hang LB MP SB " ] || fail "tests in run.json: $names"
	[ "$(jq -r '.tests[] | select(.name=="Hang") | .status' "$1/run.json")" = timeout ] ||
		fail "Hang is not reported as timeout"
	[ "$(jq -r '.tests[] | select(.name=="Crash") | .status' "$1/run.json")" = crashed ] ||
		fail "Crash is not reported as crashed"
	bad=$(jq -r '.tests[] | select(.name!="Hang" and .name!="Crash" and .status!="ok") | .name' "$1/run.json")
	[ -z "$bad" ] || fail "not ok: $bad"
	jq -e '[.tests[] | select(.status=="ok") | (.iterations == ([.histogram[].count] | add))] | all' \
		"$1/run.json" >/dev/null || fail "counts do not add up"
}

command -v jq >/dev/null 2>&1 || skip "jq not installed"

# 1. SIGKILL mid-run, then --resume.
"$LT_TOOL" -q -n 2000 --timeout 40 -o "$run" "@$list" &
pid=$!
# SB is done; Hang (second in the list) then holds the run for its 40 s
# timeout: the kill lands mid-run however fast the healthy tests are.
wait_for "$run" 1
kill -9 $pid
wait $pid 2>/dev/null || true
[ ! -f "$run/run.json" ] || fail "run.json exists although the run was killed"
# No kernel outlives a killed litmus-run.
sleep 0.5
if pgrep -af "$LITMUS_RUN_CACHE/[0-9a-f]*/test( |$)" >"$LT_TMP/orphans"; then
	fail "a kernel outlived litmus-run: $(cat "$LT_TMP/orphans")"
fi
before=$(ls "$run/tests" | wc -l)
code=0
"$LT_TOOL" -q --resume "$run" || code=$?
[ "$code" = 4 ] || fail "resumed run exited $code, expected 4"
check_complete "$run"
echo "ok: killed after $before tests, resumed, all 6 present once"

# 2. SIGINT: a clean stop, the in-flight test reported, then --resume.
run2="$LT_TMP/run2"
"$LT_TOOL" -q -n 2000 --timeout 40 -o "$run2" "@$list" 2>"$LT_TMP/err" &
pid=$!
wait_for "$run2" 1
kill -INT $pid
code=0
wait $pid || code=$?
[ "$code" = 130 ] || fail "SIGINT: exit $code, expected 130"
grep -q "interrupted" "$LT_TMP/err" || fail "SIGINT: no message: $(cat "$LT_TMP/err")"
[ -f "$run2/run.json" ] || fail "SIGINT: no run.json"
code=0
"$LT_TOOL" -q --resume "$run2" || code=$?
[ "$code" = 4 ] || fail "resume after SIGINT exited $code, expected 4"
check_complete "$run2"
echo "ok: SIGINT stopped the run cleanly, --resume completed it"
