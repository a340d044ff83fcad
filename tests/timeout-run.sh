#!/bin/sh
# SPDX-License-Identifier: MIT
# Real kernels past --timeout: the runtime stops on the watchdog's SIGTERM
# after the batch under way and prints the histogram of the iterations it
# ran, so the test is a timeout that keeps its partial result.  -n is far
# beyond what any machine runs in 3 s (perpetual: its most, 2e9, too); a
# batch takes milliseconds, well inside the 5 s between SIGTERM and
# SIGKILL however loaded the machine.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
command -v jq >/dev/null || skip "jq needed"
src="$LT_SRCDIR/tests-litmus/x86_64"

check() {	# DIR WHAT
	t=$(jq -c '.tests[0] | [.status, .iterations > 0,
		([.histogram[].count] | add) == .iterations]' "$1/run.json")
	[ "$t" = '["timeout",true,true]' ] ||
		fail "$2: $(jq -c '.tests[0] | [.status, .reason, .iterations]' "$1/run.json")"
	jq -r '.tests[0].reason' "$1/run.json" | grep -q "^stopped by the 3 s timeout after" ||
		fail "$2: reason $(jq -r '.tests[0].reason' "$1/run.json")"
}
rc=0
"$LT_TOOL" -q -n 1000000000000 --timeout 3 -o "$LT_TMP/a" "$src/SB.litmus" || rc=$?
[ "$rc" = 4 ] || fail "SB past its timeout exits $rc, not 4"
check "$LT_TMP/a" "SB"
# Two instances (4 PUs needed): their iterations add up; perpetual:
# stopped after a batch.
if [ "$(nproc)" -ge 4 ]; then
	rc=0
	"$LT_TOOL" -q -n 1000000000000 --timeout 3 --instances 2 -o "$LT_TMP/b" \
		"$src/MP.litmus" || rc=$?
	[ "$rc" = 4 ] || fail "MP -I 2 past its timeout exits $rc, not 4"
	check "$LT_TMP/b" "MP --instances 2"
fi
rc=0
"$LT_TOOL" -q -n 2000000000 --timeout 3 --sync=perpetual --delay 0 -o "$LT_TMP/c" "$src/SB.litmus" || rc=$?
[ "$rc" = 4 ] || fail "perpetual SB past its timeout exits $rc, not 4"
check "$LT_TMP/c" "SB --sync=perpetual"
exit 0
