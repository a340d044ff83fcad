#!/bin/sh
# SPDX-License-Identifier: MIT
# --layout, --instances and --placement: every layout and instance count
# keeps the counts adding up and shows only x86-TSO-allowed states on SB
# and MP; scan reports exactly the classes that run on their own here.
# Outcome sets and invariants only, never counts.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "the layout tests run x86_64 kernels natively"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
suite="$LT_SRCDIR/tests-litmus/x86_64"

n=0
for layout in fresh reuse packed stride=5 shuffle reuse,packed \
	packed,shuffle,stride=3; do
	for sync in spin flags; do
		n=$((n + 1))
		code=0
		"$LT_TOOL" -q -n 20000 --sync=$sync --layout=$layout -o "$LT_TMP/l$n" \
			"$suite/SB.litmus" "$suite/MP.litmus" || code=$?
		[ "$code" = 0 ] || fail "--layout=$layout --sync=$sync exited $code"
		jq -e '[.tests[] | .status == "ok" and .instances == 1 and
			.iterations == ([.histogram[].count] | add) and
			.forbidden_observed == 0 and (.layout | has("cells"))] |
			all and length == 2' "$LT_TMP/l$n/run.json" >/dev/null ||
			fail "--layout=$layout --sync=$sync: not ok, counts off or layout missing"
	done
	echo "ok: --layout=$layout"
done
# The recorded layout is the one asked for.
jq -e '.tests[0].layout == {"cells": "reuse", "locs": "packed",
	"stride_lines": 0, "order": "seq"}' "$LT_TMP/l11/run.json" >/dev/null ||
	fail "reuse,packed not recorded as such"
jq -e '.tests[0].layout | .stride_lines == 3 and .order == "shuffle"' \
	"$LT_TMP/l13/run.json" >/dev/null || fail "stride=3,shuffle not recorded"
# Perpetual runs on one set of cells; reuse needs a handshake.
"$LT_TOOL" -q -n 20000 --sync=perpetual --layout=packed -o "$LT_TMP/perp" \
	"$suite/SB.litmus" || fail "perpetual with --layout=packed failed"
jq -e '.tests[0] | .layout.cells == "reuse" and .layout.locs == "packed" and
	.iterations == ([.histogram[].count] | add)' "$LT_TMP/perp/run.json" >/dev/null ||
	fail "perpetual: layout or counts wrong"
code=0
"$LT_TOOL" -q -n 100 --sync=timebase --layout=reuse -o "$LT_TMP/tb" \
	"$suite/SB.litmus" 2>/dev/null || code=$?
[ "$code" != 0 ] || fail "--layout=reuse with --sync=timebase accepted"
code=0
"$LT_TOOL" -q --layout=sideways "$suite/SB.litmus" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--layout=sideways: exit $code, expected 2"
echo "ok: layout errors"

# Instances: iterations = per-instance x N, every instance's threads placed.
# Two instances need 4 PUs; instances that would share PUs are refused.
npus=$(getconf _NPROCESSORS_ONLN)
insts=fill
[ "$npus" -ge 4 ] && insts="2 fill"
for inst in $insts; do
	code=0
	"$LT_TOOL" -q -n 10000 --instances=$inst -o "$LT_TMP/i$inst" \
		"$suite/SB.litmus" "$suite/MP.litmus" || code=$?
	[ "$code" = 0 ] || fail "--instances=$inst exited $code"
	jq -e --arg i $inst --argjson p "$npus" '[.tests[] | .status == "ok" and
		.iterations == 10000 * .instances and
		.iterations == ([.histogram[].count] | add) and
		(.placement | length) == 2 * .instances and
		([.placement[].pu] | unique | length) == 2 * .instances and
		.forbidden_observed == 0 and
		(if $i == "fill" then .instances == ([1, ($p / 2 | floor)] | max)
		 else .instances == ($i | tonumber) end)] | all' \
		"$LT_TMP/i$inst/run.json" >/dev/null ||
		fail "--instances=$inst: iterations, placement or counts wrong"
	echo "ok: --instances=$inst"
done
code=0
"$LT_TOOL" -q -n 100 --instances="$npus" -o "$LT_TMP/over" "$suite/SB.litmus" \
	2>/dev/null || code=$?
[ "$code" != 0 ] || fail "--instances=$npus (2 x $npus threads on $npus PUs) accepted"
jq -e '.tests[0].reason | test("distinct PUs")' "$LT_TMP/over/run.json" >/dev/null ||
	fail "oversubscribed instances: no reason given"
echo "ok: oversubscribed instances refused"

# Without hwloc, --placement has no topology: a clear refusal, and the
# rest (classes, hwloc's default order) does not apply.
if ! have_hwloc; then
	code=0
	"$LT_TOOL" -q -n 100 --placement=scan -o "$LT_TMP/scan" "$suite/SB.litmus" || code=$?
	[ "$code" = 2 ] || fail "--placement=scan without hwloc exited $code, expected 2"
	jq -e '.tests[0].reason | test("without hwloc")' "$LT_TMP/scan/run.json" >/dev/null ||
		fail "--placement=scan without hwloc: no clear reason"
	echo "ok: --placement refused without hwloc"
	exit 0
fi

# Scan: one entry per class that also runs on its own, and only those.
code=0
"$LT_TOOL" -q -n 10000 --placement=scan -o "$LT_TMP/scan" "$suite/SB.litmus" || code=$?
[ "$code" = 0 ] || fail "--placement=scan exited $code"
j="$LT_TMP/scan/run.json"
jq -e '.tests[0] | .placement_class == "scan" and (.scan | length) >= 1 and
	.iterations == ([.scan[].iterations] | add) and
	.iterations == ([.histogram[].count] | add) and .forbidden_observed == 0' \
	"$j" >/dev/null || fail "scan: entries, iterations or counts wrong"
want=
for c in smt core l3 die package numa; do
	code=0
	"$LT_TOOL" -q -n 1000 --placement=$c -o "$LT_TMP/c-$c" "$suite/SB.litmus" \
		2>"$LT_TMP/c-$c.err" || code=$?
	if [ "$code" = 0 ]; then
		want="$want $c"
	else
		[ "$code" = 2 ] || fail "--placement=$c: exit $code, expected 0 or 2"
		grep -q "placement=$c" "$LT_TMP/c-$c.err" || fail "--placement=$c: no clear error"
	fi
done
got=$(jq -r '[.tests[0].scan[].class] | join(" ")' "$j")
[ "$got" = "${want# }" ] || fail "scan classes '$got', classes that run alone '${want# }'"
echo "ok: --placement=scan ($got)"

# Default placement: one PU per core before any SMT sibling.  A synthetic
# hwloc machine whose siblings Linux-style numbers apart (0 and 2 share a
# core): a 2-thread test goes on PUs 0 and 1, two cores.
if [ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ]; then
	HWLOC_SYNTHETIC="pack:1 core:2 pu:2(indexes=0,2,1,3)" \
		"$LT_TOOL" -q -n 100 -o "$LT_TMP/smt" "$suite/SB.litmus" ||
		fail "run on a synthetic SMT topology failed"
	jq -e '[.tests[0].placement[].pu] == [0, 1]' "$LT_TMP/smt/run.json" >/dev/null ||
		fail "default placement put SB on SMT siblings: $(jq -c '.tests[0].placement' "$LT_TMP/smt/run.json")"
	echo "ok: default placement, cores before SMT siblings"
fi
