#!/bin/sh
# SPDX-License-Identifier: MIT
# Short real runs asserting on outcome sets, never on counts: the herd
# catalogue's x86_64 tests (every observed state must be one herd7 allows,
# by default (--sync=auto) and in every fixed --sync mode: a wrong perpetual
# reconstruction or a barrier that lets iterations overlap would show as a
# state herd forbids) and the
# project's own x86_64 suite (nothing its kinds.txt forbids).
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
if [ -d "$cat" ]; then
	code=0
	"$LT_TOOL" -q -n 5000 --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/cat" "$cat" || code=$?
	[ "$code" = 0 ] || fail "catalogue run exited $code"
	"$LT_BUILDDIR/tests/herdlog-check" "$cat/herd.log" "$LT_TMP/cat/run.json" 28 ||
		fail "catalogue results disagree with herd.log"
	for mode in spin flags timebase perpetual; do
		code=0
		"$LT_TOOL" -q -n 5000 --timeout "$LT_RUN_TIMEOUT" --sync=$mode -o "$LT_TMP/cat-$mode" \
			"$cat" || code=$?
		[ "$code" = 0 ] || fail "catalogue run with --sync=$mode exited $code"
		# Perpetual mode skips the shapes it cannot rebuild, saying why.
		jq -e '[.tests[] | select(.status != "ok") | .status == "skipped" and
			(.reason | startswith("not eligible for --sync=perpetual: "))] | all' \
			"$LT_TMP/cat-$mode/run.json" >/dev/null ||
			fail "--sync=$mode: a test neither ok nor skipped as ineligible"
		jq '.tests |= map(select(.status == "ok"))' "$LT_TMP/cat-$mode/run.json" \
			>"$LT_TMP/cat-$mode/ok.json"
		nok=$(jq '.tests | length' "$LT_TMP/cat-$mode/ok.json")
		[ "$mode" != perpetual ] || [ "$nok" -ge 16 ] ||
			fail "--sync=perpetual ran only $nok catalogue tests (16 are eligible)"
		[ "$mode" = perpetual ] || [ "$nok" = 28 ] ||
			fail "--sync=$mode ran only $nok of 28 catalogue tests"
		"$LT_BUILDDIR/tests/herdlog-check" "$cat/herd.log" "$LT_TMP/cat-$mode/ok.json" "$nok" ||
			fail "--sync=$mode: catalogue results disagree with herd.log"
		echo "ok: --sync=$mode, $nok catalogue tests within herd.log"
	done
else
	echo "note: $cat absent; catalogue comparison not run"
fi
code=0
"$LT_TOOL" -q -n 5000 --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/own" "$LT_SRCDIR/tests-litmus/x86_64" || code=$?
[ "$code" = 0 ] || fail "tests-litmus/x86_64 run exited $code"
echo "ok"
