#!/bin/sh
# SPDX-License-Identifier: MIT
# Known deviations (--known) without hardware: a fake compiler and a fake
# qemu-aarch64 (--exec; its name marks the run emulated) play back
# histograms written here, so the judging, the exit status and every report
# are checked on states chosen by the test.  The built-in list covers
# qemu's STLR/LDAR deviation (SB+sc, Go-SB+atomic): exit 0, the state
# reported as known; a forbidden state outside the list still exits 1; a
# bad --known line is FILE:LINE:COL and exit 2.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || skip "jq needed to read the run documents"
c="$LT_SRCDIR/tests-litmus/c"
go="$LT_SRCDIR/tests-litmus/go/c"
lt_fake_kernels
hist() { lt_fake_hist "$@"; }
hist SB+sc "40 0:r0=0 1:r0=1" "30 0:r0=1 1:r0=0" "20 0:r0=1 1:r0=1" "7 0:r0=0 1:r0=0"
hist Go-SB+atomic "50 0:r0=0 1:r0=1" "45 0:r0=1 1:r0=0" "5 0:r0=0 1:r0=0"
hist MP+rel+acq "50 1:r0=0 1:r1=0" "50 1:r0=1 1:r1=1"
run() {
	"$LT_TOOL" --arch=aarch64 --cc="$LT_TMP/fakecc" --exec="$LT_TMP/qemu-aarch64" \
		-q -n 100 "$@"
}
set -- "$c/SB+sc.litmus" "$go/Go-SB+atomic.litmus" "$c/MP+rel+acq.litmus"

# 1. The built-in list: qemu's deviation is known, the run is green.
code=0
run -o "$LT_TMP/r1" --junit="$LT_TMP/r1.xml" "$@" >"$LT_TMP/out1" 2>"$LT_TMP/err1" || code=$?
[ "$code" = 0 ] || fail "an emulated run with only known deviations exited $code: $(cat "$LT_TMP/err1")"
d="$LT_TMP/r1/run.json"
jq -e '[.tests[] | select(.name == "SB+sc")][0] | .forbidden_observed == 0 and
	.known_observed == 7 and .exit_code == 0 and
	([.histogram[] | select(.known)] | length == 1 and
	 (.[0] | .allowed == false and .count == 7 and .outcome == {"0:r0": 0, "1:r0": 0} and
	  (.known.reason | test("STLR")) and (.known.source | test("^qemu.known:[0-9]+$"))))' \
	"$d" >/dev/null || fail "SB+sc's state is not recorded as a known deviation"
jq -e '.exit_code == 0 and .summary == {"ok": 1, "forbidden": 0, "known": 2, "timeout": 0,
	"crashed": 0, "skipped": 0, "error": 0, "tests": 3} and
	(.config.known | length >= 3) and (.argv | index("--junit='"$LT_TMP/r1.xml"'") != null) and
	.cwd == "'"$(pwd)"'" and ([.tests[].language] == ["C", "C", "C"])' "$d" >/dev/null ||
	fail "the run document's exit_code, summary, config.known, argv or cwd is wrong"
grep -q 'known deviation in SB+sc .*0:r0=0; 1:r0=0; seen 7 times; expected: ' "$LT_TMP/err1" ||
	fail "the known state is not said on stderr"
grep -q 'FORBIDDEN' "$LT_TMP/err1" && fail "a known state is reported as FORBIDDEN"
# JUnit: an expected failure is a skip that says xfail, not a failure.
grep -q 'failures="0" errors="0" skipped="2"' "$LT_TMP/r1.xml" || fail "JUnit counts: $(grep -m1 testsuites "$LT_TMP/r1.xml")"
grep -q '<skipped type="xfail" message="xfail: 7 known deviation(s) observed">0:r0=0; 1:r0=0; x7: ' \
	"$LT_TMP/r1.xml" || fail "JUnit: SB+sc is not an xfail with its state"
# The table, from the stored run (report reads it back).
"$LT_TOOL" report -o "$LT_TMP/r1.html" "$LT_TMP/r1" >/dev/null || fail "report of a known-only run failed"
grep -q 'known deviation' "$LT_TMP/r1.html" || fail "the HTML report does not show the known state"

# 2. A forbidden state outside the list is still a failure (exit 1).
hist MP+rel+acq "50 1:r0=0 1:r1=0" "45 1:r0=1 1:r1=1" "5 1:r0=1 1:r1=0"
code=0
run -o "$LT_TMP/r2" --junit="$LT_TMP/r2.xml" "$@" >"$LT_TMP/out2" 2>"$LT_TMP/err2" || code=$?
[ "$code" = 1 ] || fail "a doctored forbidden state exited $code, not 1"
grep -q 'FORBIDDEN outcome observed in MP+rel+acq' "$LT_TMP/err2" || fail "no FORBIDDEN line for MP+rel+acq"
jq -e '.exit_code == 1 and .summary.forbidden == 1 and .summary.known == 2' "$LT_TMP/r2/run.json" \
	>/dev/null || fail "the summary of a run with a forbidden state is wrong"
grep -q 'failures="1"' "$LT_TMP/r2.xml" || fail "JUnit: the forbidden state is not a failure"
# The table: the count of forbidden outcomes in its column (known states
# are not counted there), and a line under the row for each known state.
"$LT_TOOL" --arch=aarch64 --cc="$LT_TMP/fakecc" --exec="$LT_TMP/qemu-aarch64" -n 100 \
	-o "$LT_TMP/r2v" "$@" >"$LT_TMP/table" 2>/dev/null
grep -Eq '^MP\+rel\+acq +[0-9]+ +[0-9]+ +[A-Za-z]+ +[1-9][0-9]* ' "$LT_TMP/table" ||
	fail "the table does not count MP+rel+acq's forbidden outcomes"
grep -Eq '^SB\+sc +[0-9]+ +[0-9]+ +[A-Za-z]+ +0 ' "$LT_TMP/table" ||
	fail "the table counts SB+sc's known state as forbidden"
grep -q '^ *\^ known: 0:r0=0; 1:r0=0; seen 7 times: ' "$LT_TMP/table" ||
	fail "the table does not list SB+sc's known state"

# 3. --known=none: the deviation is a failure again; the same state
#    listed "always" in a file is known when the run is not emulated.
code=0
run --known=none -o "$LT_TMP/r3" "$c/SB+sc.litmus" 2>/dev/null || code=$?
[ "$code" = 1 ] || fail "--known=none: qemu's deviation exited $code, not 1"
cp "$LT_TMP/qemu-aarch64" "$LT_TMP/board"
cat >"$LT_TMP/lab.known" <<'K'
# a lab's own list
*:*/c/MP+rel+acq.litmus  1:r0=1;1:r1=0   always  the board's errata 123
K
code=0
"$LT_TOOL" --arch=aarch64 --cc="$LT_TMP/fakecc" --exec="$LT_TMP/board" -q -n 100 \
	--known="$LT_TMP/lab.known" -o "$LT_TMP/r4" "$@" 2>"$LT_TMP/err4" || code=$?
[ "$code" = 1 ] || fail "a native run applied the emulated-only list (exit $code)"
jq -e '[.tests[] | {(.name): [.forbidden_observed, .known_observed]}] | add ==
	{"SB+sc": [7, 0], "Go-SB+atomic": [5, 0], "MP+rel+acq": [0, 5]}' "$LT_TMP/r4/run.json" \
	>/dev/null || fail "--known FILE with an always entry: wrong counts"

# 4. A bad line: FILE:LINE:COL, exit 2, nothing run.
bad() {
	printf '%s\n' "# comment" "$1" >"$LT_TMP/bad.known"
	code=0
	run --known="$LT_TMP/bad.known" -o "$LT_TMP/rb" "$c/SB+sc.litmus" 2>"$LT_TMP/errb" || code=$?
	[ "$code" = 2 ] || fail "bad line '$1' exited $code, not 2"
	grep -qxF "litmus-run: $LT_TMP/bad.known:2:$2: $3" "$LT_TMP/errb" ||
		fail "bad line '$1': $(cat "$LT_TMP/errb")"
	[ ! -e "$LT_TMP/rb" ] || fail "bad line '$1': the run went ahead"
}
bad 'SB+sc 0:r0=0; always why' 1 'expected a test as ARCH:PATTERN (ARCH may be *; PATTERN a glob on the test'"'"'s file or name)'
bad 'aarch64:SB+sc always why' 15 'expected a state (NAME=VALUE; ...) or *'
bad 'aarch64:SB+sc 0:r0=0; 1:r0=1; sometimes why' 31 'expected emulated-only or always'
bad 'aarch64:SB+sc  0:r0=; emulated-only why' 16 'a state item needs a value after '"'"'='"'"''
bad 'aarch64:SB+sc * always' 23 'expected a reason after the scope'
bad 'aarch64:SB+sc 0:r0=0;0:r0=1 always x' 22 'this name is given twice in the state'
# 5. The documents validate against the shipped schema (doc/schema/), and
#    the schema catches a missing or mistyped member.
sc="$LT_BUILDDIR/tests/schema-check"
schema="$LT_SRCDIR/doc/schema/litmus-run-1.json"
"$LT_TOOL" merge "$LT_TMP/merged" "$LT_TMP/r1" "$LT_TMP/r4" >/dev/null || fail "merge failed"
run --check-only --json="$LT_TMP/check.json" "$@" >/dev/null 2>&1
"$sc" "$schema" "$LT_TMP/r1/run.json" "$LT_TMP/r2/run.json" "$LT_TMP/r4/run.json" \
	"$LT_TMP/merged/run.json" "$LT_TMP/check.json" || fail "a run document does not validate"
# Known only where every run knew it: SB+sc and Go-SB+atomic were not known
# to the native run r4, MP+rel+acq's state was.
jq -e '[.tests[] | [.forbidden_observed, .known_observed]] == [[14, 0], [10, 0], [0, 5]] and
	.summary.known == 1 and .summary.forbidden == 2' "$LT_TMP/merged/run.json" \
	>/dev/null || fail "merge: wrong known counts"
jq 'del(.summary.known)' "$LT_TMP/r1/run.json" >"$LT_TMP/bad1.json"
jq '.tests[0].histogram[0].count = "7"' "$LT_TMP/r1/run.json" >"$LT_TMP/bad2.json"
jq '.tests[0].histogram[0].known = {"reason": 1, "source": "x:1"}' "$LT_TMP/r1/run.json" >"$LT_TMP/bad3.json"
for b in bad1 bad2 bad3; do
	code=0
	"$sc" "$schema" "$LT_TMP/$b.json" >"$LT_TMP/$b.out" || code=$?
	[ "$code" = 1 ] || fail "the schema passes a document with a fault ($b, exit $code)"
done
grep -q '/summary: required member "known" is missing' "$LT_TMP/bad1.out" || fail "bad1: $(cat "$LT_TMP/bad1.out")"
grep -q '/tests/0/histogram/0/count: expected type "integer"' "$LT_TMP/bad2.out" || fail "bad2: $(cat "$LT_TMP/bad2.out")"
grep -q '/known/reason: expected type "string"' "$LT_TMP/bad3.out" || fail "bad3: $(cat "$LT_TMP/bad3.out")"

code=0
run --known="$LT_TMP/absent.known" "$c/SB+sc.litmus" 2>"$LT_TMP/erra" || code=$?
[ "$code" = 2 ] && grep -q 'absent.known: No such file' "$LT_TMP/erra" || fail "an absent --known file"
echo ok
