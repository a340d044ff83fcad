#!/bin/sh
# SPDX-License-Identifier: MIT
# Perpetual batches whose threads never ran at once are detected, run
# again (at most 8 times a run) and, past that, kept with a warning and
# counted in the JSON's sync object.  The runtime's test hook
# LT_RT_TEST_NO_OVERLAP=N runs the first N batches with the threads one
# after the other, so what is asserted does not depend on timing.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
command -v jq >/dev/null || skip "jq needed"
sb="$LT_SRCDIR/tests-litmus/x86_64/SB.litmus"
run() {	# HOOK DIR
	LT_RT_TEST_NO_OVERLAP=$1 "$LT_TOOL" --no-progress -n 300000 --sync=perpetual \
		--timeout "$LT_RUN_TIMEOUT" -o "$2" "$sb" >"$LT_TMP/out" 2>"$LT_TMP/err" ||
		fail "perpetual SB (hook $1) failed: $(cat "$LT_TMP/err")"
}
# The first batch does not overlap: it is run again, and its iterations
# are not in the histogram (which adds up to the 300000 asked).  A loaded
# machine can leave other batches without overlap too: one is kept (and
# counted) only once the 8 retries are spent.
run 1 "$LT_TMP/a"
t=$(jq -c '.tests[0] | [.status, .iterations, ([.histogram[].count] | add),
	.sync.retried >= 1, (.sync.unoverlapped == 0 or .sync.retried == 8)]' "$LT_TMP/a/run.json")
[ "$t" = '["ok",300000,300000,true,true]' ] || fail "one serial batch: $t"
# No batch overlaps: 8 retries, then the 3 batches kept and said so.
run 1000 "$LT_TMP/b"
t=$(jq -c '.tests[0] | [.status, .iterations, .sync.overlap, .sync.retried,
	.sync.unoverlapped]' "$LT_TMP/b/run.json")
[ "$t" = '["ok",300000,0,8,3]' ] || fail "no overlap at all: $t"
grep -q "SB: warning: perpetual: in 3 batch(es) the threads never ran at once" "$LT_TMP/err" ||
	fail "no warning: $(cat "$LT_TMP/err")"
exit 0
