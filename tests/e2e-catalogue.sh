#!/bin/sh
# SPDX-License-Identifier: MIT
# Short real runs asserting on outcome sets, never on counts: the herd
# catalogue's x86_64 tests (every observed state must be one herd7 allows)
# and the project's own x86_64 suite (nothing its kinds.txt forbids).
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
if [ -d "$cat" ]; then
	code=0
	"$LT_TOOL" -q -n 20000 --timeout 120 -o "$LT_TMP/cat" "$cat" || code=$?
	[ "$code" = 0 ] || fail "catalogue run exited $code"
	"$LT_BUILDDIR/tests/herdlog-check" "$cat/herd.log" "$LT_TMP/cat/run.json" 28 ||
		fail "catalogue results disagree with herd.log"
else
	echo "note: $cat absent; catalogue comparison not run"
fi
code=0
"$LT_TOOL" -q -n 20000 --timeout 120 -o "$LT_TMP/own" "$LT_SRCDIR/tests-litmus/x86_64" || code=$?
[ "$code" = 0 ] || fail "tests-litmus/x86_64 run exited $code"
echo "ok"
