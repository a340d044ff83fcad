#!/bin/sh
# SPDX-License-Identifier: MIT
# The nightly tools on real (short) runs: two stored runs of the x86_64
# catalogue compared (no alert), a doctored copy with an injected forbidden
# outcome (alert, exit 1), --model, merge, run.log, JUnit, --shard.  Asserts
# on alerts and sums, never on counts the hardware chooses.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
[ -d "$cat" ] || skip "$cat absent"
command -v jq >/dev/null || skip "jq needed to doctor a run"
h="$LT_TMP/results/lab1"
A="$h/20260101T000000Z" B="$h/20260102T000000Z" C="$h/20260103T000000Z"

for d in "$A" "$B"; do
	code=0
	"$LT_TOOL" -q -n 2000 --timeout "$LT_RUN_TIMEOUT" -o "$d" "$cat" || code=$?
	[ "$code" = 0 ] || fail "catalogue run exited $code"
done

# Same configuration, same machine: notes perhaps, never an alert.
code=0
"$LT_TOOL" compare "$A" "$B" >"$LT_TMP/ab.txt" || code=$?
cat "$LT_TMP/ab.txt"
[ "$code" = 0 ] || fail "compare of two clean runs exited $code"
grep -q '^0 alerts' "$LT_TMP/ab.txt" || fail "no '0 alerts' line"
code=0
"$LT_TOOL" compare --model "$B" >/dev/null || code=$?
[ "$code" = 0 ] || fail "compare --model of a clean run exited $code"

# A doctored copy: SB+mfences shows its x86-TSO-forbidden state 5 times.
mkdir -p "$C"
jq '(.tests[] | select(.name == "SB+mfences")) |= (.histogram += [{"outcome":
	{"0:rax": 0, "1:rax": 0}, "count": 5, "satisfies": true, "allowed": false}]
	| .forbidden_observed = 5 | .positive += 5 | .iterations += 5)' \
	"$B/run.json" >"$C/run.json" || fail "jq"
code=0
"$LT_TOOL" compare --json="$LT_TMP/bc.json" "$B" "$C" >"$LT_TMP/bc.txt" || code=$?
cat "$LT_TMP/bc.txt"
[ "$code" = 1 ] || fail "compare with an injected forbidden outcome exited $code, not 1"
grep -q '^ALERT  forbidden .*SB+mfences: FORBIDDEN outcome observed 5 times' "$LT_TMP/bc.txt" ||
	fail "the alert does not name SB+mfences"
[ "$(jq '.alerts' "$LT_TMP/bc.json")" = 1 ] || fail "--json: alerts is not 1"
[ "$(jq -r '[.findings[] | select(.alert)][0].test' "$LT_TMP/bc.json")" = SB+mfences ] ||
	fail "--json: the alert is not SB+mfences"
code=0
"$LT_TOOL" compare --model "$C" >/dev/null || code=$?
[ "$code" = 1 ] || fail "compare --model of the doctored run exited $code, not 1"
# Bad input: exit 2.
code=0
"$LT_TOOL" compare "$A" "$LT_TMP/nonexistent" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "compare with a missing run exited $code, not 2"
echo '{"schema": "other"}' >"$LT_TMP/other.json"
code=0
"$LT_TOOL" compare "$A" "$LT_TMP/other.json" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "compare with a foreign document exited $code, not 2"

# run.log: litmus7's layout, one block per test, counts as in run.json.
log="$A/run.log"
[ "$(grep -c '^Test ' "$log")" = 28 ] || fail "run.log does not hold 28 tests"
[ "$(grep -c '^Histogram ([0-9]* states)$' "$log")" = 28 ] || fail "run.log: Histogram lines"
grep -q '^Test SB Allowed$' "$log" || fail "run.log: no 'Test SB Allowed'"
grep -q '^Test SB+mfences Allowed$' "$log" || fail "run.log: SB+mfences header"
sbpos=$(jq '.tests[] | select(.name == "SB") | .positive' "$A/run.json")
sbneg=$(jq '.tests[] | select(.name == "SB") | .negative' "$A/run.json")
grep -q "^Observation SB [A-Za-z]* $sbpos $sbneg\$" "$log" || fail "run.log: SB Observation"
grep -q "^Positive: $sbpos, Negative: $sbneg\$" "$log" || fail "run.log: SB Witnesses"
grep -Eq '^[0-9]+ *\*>0:rax=0; 1:rax=0;$' "$log" || fail "run.log: no starred SB witness line"
# If herdtools' mcompare7 is installed, it must read the log.
if command -v mcompare7 >/dev/null; then
	mcompare7 "$log" "$B/run.log" >/dev/null || fail "mcompare7 cannot read run.log"
fi

# Merge: iterations add up, provenance names both runs.
"$LT_TOOL" merge "$LT_TMP/merged" "$A" "$B" >/dev/null || fail "merge failed"
[ "$(jq '[.tests[] | select(.iterations != 4000)] | length' "$LT_TMP/merged/run.json")" = 0 ] ||
	fail "merge: some test does not have 2 x 2000 iterations"
[ "$(jq '[.tests[] | .histogram | map(.count) | add] | unique' -c "$LT_TMP/merged/run.json")" = '[4000]' ] ||
	fail "merge: histograms do not add up to 4000"
[ "$(jq -r '.tests[0].provenance | map(.run) | join(" ")' "$LT_TMP/merged/run.json")" = "$A $B" ] ||
	fail "merge: provenance"
[ -s "$LT_TMP/merged/run.log" ] || fail "merge: no run.log"
code=0
"$LT_TOOL" compare "$A" "$LT_TMP/merged" >/dev/null || code=$?
[ "$code" = 0 ] || fail "compare with the merged run exited $code"

# JUnit from a normal run and from report.
if command -v xmllint >/dev/null; then xml() { xmllint --noout "$1"; }
elif command -v python3 >/dev/null; then xml() { python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$1"; }
else xml() { echo "note: no XML checker; $1 not validated"; }
fi
"$LT_TOOL" -q -n 1000 --junit="$LT_TMP/run.xml" -o "$LT_TMP/j" "$cat/SB.litmus" "$cat/MP.litmus" ||
	fail "run with --junit failed"
xml "$LT_TMP/run.xml" || fail "--junit output is not well-formed XML"
grep -q 'tests="2" failures="0" errors="0" skipped="0"' "$LT_TMP/run.xml" || fail "--junit counts"
code=0
"$LT_TOOL" report -o "$LT_TMP/c.html" --junit="$LT_TMP/c.xml" "$C" "$A" "$B" >/dev/null || code=$?
[ "$code" = 1 ] || fail "report of a run with a forbidden outcome exited $code, not 1"
xml "$LT_TMP/c.xml" || fail "report --junit output is not well-formed XML"
grep -q 'tests="28" failures="1" errors="0" skipped="0"' "$LT_TMP/c.xml" || fail "JUnit counts"
grep -q '<testcase classname="[^"]*" name="SB+mfences"[^>]*>' "$LT_TMP/c.xml" || fail "JUnit testcase"

# Shards: disjoint, covering, recorded in the manifest.
for k in 1 2 3; do
	"$LT_TOOL" --check-only --shard=$k/3 --json="$LT_TMP/s$k.json" "$cat" >/dev/null ||
		fail "--check-only --shard=$k/3"
done
jq -r '.tests[].name' "$LT_TMP"/s[123].json | sort >"$LT_TMP/shards"
"$LT_TOOL" --check-only --json=- "$cat" 2>/dev/null | jq -r '.tests[].name' | sort >"$LT_TMP/all"
cmp -s "$LT_TMP/shards" "$LT_TMP/all" || fail "the 3 shards are not a partition of the suite"
[ "$(jq '.tests | length' "$LT_TMP/s1.json")" = 10 ] || fail "shard 1/3 of 28 does not hold 10"
"$LT_TOOL" -q -n 500 --shard=9/10 -o "$LT_TMP/sh" "$cat" || fail "run with --shard=9/10"
[ "$(jq -c '.shard | [.k, .n, .suite_size]' "$LT_TMP/sh/manifest.json")" = '[9,10,28]' ] ||
	fail "the manifest does not record the shard"
[ "$(jq '.tests | length' "$LT_TMP/sh/run.json")" = 2 ] || fail "shard 9/10 of 28 does not hold 2"
code=0
"$LT_TOOL" --shard=3/2 "$cat" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--shard=3/2 exited $code, not 2"
echo ok
