#!/bin/sh
# SPDX-License-Identifier: MIT
# A written result is never lost, mixed up or forged: results directories
# that hold a run are refused (--force replaces), locked while a run lasts,
# --resume takes only its own stored tests and refuses conflicting options,
# two suites' tests of one name stay apart in compare and merge, merge never
# overwrites an input or counts a run twice, a file name that is not UTF-8
# survives, and report skips an unreadable earlier run.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
command -v jq >/dev/null || skip "jq needed"
src="$LT_SRCDIR/tests-litmus/x86_64"
run() { "$LT_TOOL" -q -n 1000 --timeout 60 "$@"; }
code() { c=0; "$@" >"$LT_TMP/out" 2>&1 || c=$?; echo $c; }

# Two suites that both have an "SB": the real one and a variant elsewhere.
mkdir -p "$LT_TMP/other"
sed "s/^exists (0:rax=0/exists (0:rax=1/" "$src/SB.litmus" \
	>"$LT_TMP/other/SB.litmus"
cmp -s "$src/SB.litmus" "$LT_TMP/other/SB.litmus" && fail "the variant is not another test"
A="$LT_TMP/a" B="$LT_TMP/b"
run -o "$A" "$src/SB.litmus" "$LT_TMP/other/SB.litmus" "$src/MP.litmus" ||
	fail "run A failed"
run -o "$B" "$src/SB.litmus" "$LT_TMP/other/SB.litmus" "$src/MP.litmus" ||
	fail "run B failed"
[ "$(jq '[.tests[] | select(.source_sha256 | test("^[0-9a-f]{64}$"))] | length' "$A/run.json")" = 3 ] ||
	fail "run.json lacks source_sha256"

# 1. compare of a run with itself: no finding; merge: 3 tests, each 2 x 1000.
[ "$(code "$LT_TOOL" compare --json="$LT_TMP/aa.json" "$A" "$A")" = 0 ] || fail "compare A A"
[ "$(jq '.findings | length' "$LT_TMP/aa.json")" = 0 ] ||
	fail "compare of a run with itself found: $(cat "$LT_TMP/out")"
"$LT_TOOL" merge "$LT_TMP/m" "$A" "$B" >/dev/null || fail "merge A B"
[ "$(jq '.tests | length' "$LT_TMP/m/run.json")" = 3 ] || fail "merge lost a same-name test"
[ "$(jq -c '[.tests[].iterations] | unique' "$LT_TMP/m/run.json")" = '[2000]' ] ||
	fail "merge mixed up the two SBs' iterations"

# 3. merge: OUT among the inputs, a run twice, a merge that holds it.
cp "$A/run.json" "$LT_TMP/a-before.json"
[ "$(code "$LT_TOOL" merge "$A" "$A" "$B")" = 2 ] || fail "merge into an input"
grep -q "is the input" "$LT_TMP/out" || fail "merge into an input: $(cat "$LT_TMP/out")"
[ "$(code "$LT_TOOL" merge "$A/run.json" "$A" "$B")" = 2 ] || fail "merge into an input's run.json"
cmp -s "$A/run.json" "$LT_TMP/a-before.json" || fail "merge destroyed its input"
[ "$(code "$LT_TOOL" merge "$LT_TMP/m2" "$A" "$A")" = 2 ] || fail "merge of a run with itself"
[ "$(code "$LT_TOOL" merge "$LT_TMP/m3" "$LT_TMP/m" "$B")" = 2 ] || fail "merge counting B twice"
grep -q "would count twice" "$LT_TMP/out" || fail "merge twice: $(cat "$LT_TMP/out")"

# 2. A directory that holds a run: refused; --force replaces it; locked.
[ "$(code run -o "$A" "$src/MP.litmus")" = 2 ] || fail "a second run into -o DIR was not refused"
grep -q "already holds a run" "$LT_TMP/out" || fail "refusal: $(cat "$LT_TMP/out")"
cmp -s "$A/run.json" "$LT_TMP/a-before.json" || fail "the refused run touched the first"
C="$LT_TMP/c"
run -o "$C" "$src/SB.litmus" "$src/MP.litmus" || fail "run C"
run --force -o "$C" "$src/MP.litmus" || fail "--force"
[ "$(jq '.tests | length' "$C/run.json")" = 1 ] || fail "--force left the old run's tests"
[ ! -e "$C/tests/00001.json" ] || fail "--force left tests/00001.json"
# Another run holds the lock (here: this shell, through fd 9).
exec 9>"$C/.lock"
flock -x 9
[ "$(code run --force -o "$C" "$src/MP.litmus")" = 2 ] || fail "a locked directory was not refused"
grep -q "in use by another litmus-run" "$LT_TMP/out" || fail "lock: $(cat "$LT_TMP/out")"
[ "$(code "$LT_TOOL" -q --resume "$C")" = 2 ] || fail "--resume of a locked directory"
exec 9>&-

# 2. --resume takes only its own stored tests, and only its own options.
rm "$C/run.json"
cp "$A/tests/00000.json" "$C/tests/00000.json"
[ "$(code "$LT_TOOL" -q --resume "$C")" = 0 ] || fail "resume C: $(cat "$LT_TMP/out")"
grep -q "not this run's result" "$LT_TMP/out" || fail "resume adopted another run's result"
[ "$(jq -r '.tests[0].name' "$C/run.json")" = MP ] || fail "resume kept another run's test"
rm "$C/run.json"
[ "$(code "$LT_TOOL" -q --resume "$C" -n 5000)" = 2 ] || fail "--resume -n 5000 was accepted"
grep -q -- "--iterations differs" "$LT_TMP/out" || fail "resume -n: $(cat "$LT_TMP/out")"
[ "$(code "$LT_TOOL" -q --resume "$C" -n 1000)" = 0 ] || fail "--resume with the run's own -n"

# 4. A file name that is not UTF-8 keeps its place and its bytes.
mkdir -p "$LT_TMP/u"
cp "$src/SB.litmus" "$(printf '%s/u/S\377B.litmus' "$LT_TMP")"
cp "$src/MP.litmus" "$LT_TMP/u/Z.litmus"
U="$LT_TMP/ru"
run -o "$U" "$LT_TMP/u" || fail "run of a non-UTF-8 name"
[ "$(jq '.files | length' "$U/manifest.json")" = 2 ] || fail "the manifest dropped a file"
[ "$(jq '.tests | length' "$U/run.json")" = 2 ] || fail "run.json dropped a test"
[ "$(jq -r '.tests[0].file_hex' "$U/run.json" | tail -c 21)" = 53ff422e6c69746d7573 ] ||
	fail "file_hex: $(jq -r '.tests[0].file_hex' "$U/run.json")"
jq -r '.tests[0].file' "$U/run.json" | grep -q 'S\\xffB.litmus$' || fail "escaped file name"
[ "$(jq -r '.tests[1].name' "$U/run.json")" = MP ] || fail "results shifted"
rm "$U/run.json" "$U/tests/00001.json"
[ "$(code "$LT_TOOL" -q --resume "$U")" = 0 ] || fail "resume with a non-UTF-8 name"
! grep -q "not this run's result" "$LT_TMP/out" || fail "resume re-ran the \\xff test"
[ "$(jq '[.tests[].status] | unique' -c "$U/run.json")" = '["ok"]' ] || fail "resumed run"

# 5. report: an unreadable earlier run is skipped with a warning.
mkdir -p "$LT_TMP/h/1" "$LT_TMP/h/2"
echo '{"schema": "litmus-run/1", "tests": [' >"$LT_TMP/h/1/run.json"
cp -r "$A/." "$LT_TMP/h/2/"
[ "$(code "$LT_TOOL" report "$LT_TMP/h/2")" = 0 ] || fail "report with a broken earlier run"
grep -q "warning: skipping earlier run" "$LT_TMP/out" || fail "report: $(cat "$LT_TMP/out")"
echo ok
