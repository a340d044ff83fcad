#!/bin/sh
# SPDX-License-Identifier: MIT
# --probe: the JSON document's structure and the invariants between its
# numbers (min > 0, median >= min, p90 >= median, limit = 1e9 / median,
# distinct PUs); --placement=scan lists a class; --probe with a test path
# or with a foreign --arch is a usage error.  Never a timing threshold.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq not installed"

# Usage errors come first: they need no second PU.
code=0
"$LT_TOOL" --probe some.litmus 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] || fail "--probe some.litmus exited $code, expected 2"
grep -q "give no PATH" "$LT_TMP/err" || fail "--probe with a PATH: no clear message"
code=0
"$LT_TOOL" --probe-rounds=10 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--probe-rounds without --probe exited $code, expected 2"
code=0
"$LT_TOOL" --probe --probe-rounds=0 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--probe-rounds=0 exited $code, expected 2"
echo "ok: usage errors"

# Without hwloc there is no topology to take a pair from: a clear refusal.
if ! have_hwloc; then
	code=0
	"$LT_TOOL" --probe 2>"$LT_TMP/err" || code=$?
	[ "$code" = 2 ] && grep -q "without hwloc" "$LT_TMP/err" ||
		fail "--probe without hwloc: exit $code, $(cat "$LT_TMP/err")"
	skip "--probe needs hwloc's topology (built --without-hwloc)"
fi

code=0
"$LT_TOOL" --probe --probe-rounds=100 --json=- >"$LT_TMP/probe.json" 2>"$LT_TMP/err" || code=$?
[ "$code" = 77 ] && skip "a single PU: $(cat "$LT_TMP/err")"
if [ -n "${LT_VALGRIND:-}" ]; then
	# Valgrind runs one thread at a time, so a ping-pong crawls: the probe
	# may give up (exit 4), but must say so in a well-formed document.
	[ "$code" = 0 ] || [ "$code" = 4 ] || fail "--probe under valgrind exited $code"
	jq -e '.schema == "litmus-run-probe/1" and (.probes | length == 1) and
		(.probes[0] | .status == "ok" or (.status == "timeout" and
		 (.reason | contains("budget"))))' "$LT_TMP/probe.json" >/dev/null ||
		fail "--probe under valgrind: bad document"
	echo "ok: --probe under valgrind (exit $code; numbers not checked)"
	exit 0
fi
[ "$code" = 0 ] || fail "--probe exited $code: $(cat "$LT_TMP/err")"
# The table goes to stderr when stdout carries the document.
grep -q "M it/s" "$LT_TMP/err" || fail "--probe --json=-: no table on stderr"

# The invariants of one probe entry, shared by every check below.
sane='.status == "ok" and (.pus | length == 2 and .[0] != .[1] and all(. >= 0)) and
	.rtt_ns.min > 0 and .rtt_ns.median >= .rtt_ns.min and
	.rtt_ns.p90 >= .rtt_ns.median and
	(.one_way_ns - .rtt_ns.median / 2 | fabs) <= 0.05 + 1e-9 and
	(.limit_iterations_per_s - 1e9 / .rtt_ns.median | fabs) <= 0.5 + 1e-6 and
	.samples == 200 and .rounds == 100'
jq -e ".schema == \"litmus-run-probe/1\" and
	(.host | has(\"name\") and has(\"arch\") and has(\"cpu\") and .pus >= 2 and
	 has(\"topology\")) and .tool.name == \"litmus-run\" and
	.config.placement == \"default\" and (.probes | length == 1) and
	(.probes | all($sane))" "$LT_TMP/probe.json" >/dev/null ||
	fail "--probe --json=-: bad document: $(cat "$LT_TMP/probe.json")"
echo "ok: --probe document"

# scan: at least one class, each named, none twice.
code=0
"$LT_TOOL" --placement=scan --probe --probe-rounds=100 --json="$LT_TMP/scan.json" \
	>"$LT_TMP/table" 2>"$LT_TMP/err" || code=$?
[ "$code" = 0 ] || fail "--placement=scan --probe exited $code: $(cat "$LT_TMP/err")"
jq -e "(.probes | length >= 1) and .config.placement == \"scan\" and
	(.probes | all(.class | IN(\"smt\", \"core\", \"l3\", \"die\", \"package\", \"numa\"))) and
	([.probes[].class] | length == (unique | length)) and (.probes | all($sane))" \
	"$LT_TMP/scan.json" >/dev/null || fail "--placement=scan --probe: bad document"
# The human table has a row per class.
rows=$(grep -c "M it/s" "$LT_TMP/table")
[ "$rows" = "$(jq '.probes | length' "$LT_TMP/scan.json")" ] ||
	fail "--placement=scan --probe: $rows table rows for $(jq '.probes | length' "$LT_TMP/scan.json") probes"
echo "ok: --placement=scan --probe ($(jq -r '[.probes[].class] | join(" ")' "$LT_TMP/scan.json"))"

# A named class: that class's pair, or a usage error where the machine lacks it.
class=$(jq -r '.probes[0].class' "$LT_TMP/scan.json")
"$LT_TOOL" -q --placement="$class" --probe --probe-rounds=100 --json=- >"$LT_TMP/one.json" ||
	fail "--placement=$class --probe failed"
jq -e --arg c "$class" '.probes | length == 1 and .[0].class == $c' "$LT_TMP/one.json" >/dev/null ||
	fail "--placement=$class --probe: not that class's pair"
for c in smt core l3 die package numa; do
	jq -e --arg c $c '[.probes[].class] | index($c)' "$LT_TMP/scan.json" >/dev/null && continue
	code=0
	"$LT_TOOL" --placement=$c --probe 2>/dev/null >/dev/null || code=$?
	[ "$code" = 2 ] || fail "--placement=$c --probe on a machine without $c exited $code, expected 2"
	echo "ok: --placement=$c --probe: no such class here, exit 2"
	break
done
