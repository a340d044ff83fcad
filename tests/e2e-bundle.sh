#!/bin/sh
# SPDX-License-Identifier: MIT
# Bundles end to end, as on a lab board: --emit a suite, build it with plain
# make, run ./run.sh, then --collect.  x86_64: herd's catalogue (every state
# must be one herd.log allows) or, without it, tests-litmus/x86_64, built
# with cc and run here.  aarch64: tests-litmus/aarch64 and the C tests, built
# with `make CC=aarch64-linux-gnu-gcc LDFLAGS=-static` and run through
# qemu-aarch64 (skipped when absent).
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
command -v make >/dev/null 2>&1 || skip "make not installed"
[ "$(uname -m)" = x86_64 ] || skip "the native bundle is an x86_64 suite"

# Counts add up, every test ran, nothing its expectation or model forbids.
check_json() {
	jq -e --argjson n "$2" --arg emu "$3" '(.tests | length) == $n and
		([.tests[] | .status == "ok" and (.emulated | tostring) == $emu and
		  .iterations == ([.histogram[].count] | add) and
		  .forbidden_observed == 0] | all) and
		.host.pus > 0 and (.host.cpu | length) > 0 and
		(.config.cc_version | length) > 0' "$1" >/dev/null ||
		fail "$1: a test did not run, counts do not add up, or provenance is missing"
}

# 1. x86_64, built and run here.
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
if [ -f "$cat/herd.log" ]; then
	suite="$cat"
else
	suite="$LT_SRCDIR/tests-litmus/x86_64"
fi
# --emit recurses (tests-litmus/x86_64/rmw/), so count the same way.
n=$(find "$suite" -name "*.litmus" | wc -l)
b="$LT_TMP/x86"
"$LT_TOOL" -q --arch=x86_64 --emit="$b" --cflags="-O2 -g" "$suite" "$LT_SRCDIR/tests-litmus/c" ||
	fail "--emit x86_64 failed"
nc=$(ls "$LT_SRCDIR/tests-litmus/c"/*.litmus | wc -l)
[ -x "$b/run.sh" ] && [ -f "$b/Makefile" ] && [ -f "$b/src/runtime/runtime.c" ] &&
	[ -f "$b/arch/x86_64/kernel.h" ] || fail "the bundle lacks its run script, Makefile or runtime"
# Self-contained: nothing in it names the source tree.
! grep -rq "$LT_SRCDIR" "$b/Makefile" "$b/run.sh" "$b/kernels" || fail "the bundle refers to the source tree"
(cd "$b" && make -s -j2 >"$LT_TMP/make.log" 2>&1) || fail "make in the bundle failed: $(tail -5 "$LT_TMP/make.log")"
grep -q '^cflags -O2 -g$' "$b/build.txt" || fail "build.txt does not record the flags"
"$b/run.sh" -n 2000 || fail "run.sh failed"
[ "$(ls "$b/out"/*.raw | wc -l)" = $((n + nc)) ] || fail "run.sh left $(ls "$b/out"/*.raw | wc -l) raw outputs"
code=0
"$LT_TOOL" -q --collect "$b" -o "$LT_TMP/x86-res" --json="$LT_TMP/x86.json" || code=$?
[ "$code" = 0 ] || fail "--collect exited $code"
check_json "$LT_TMP/x86.json" $((n + nc)) false
jq -e --arg m "$(uname -m)" '.host.arch == $m and .config.cflags == "-O2 -g" and
	.config.iterations == 2000' "$LT_TMP/x86.json" >/dev/null ||
	fail "--collect: host or config not the bundle's"
cmp -s "$LT_TMP/x86.json" "$LT_TMP/x86-res/run.json" || fail "--json and run.json differ"
# A bundle's kernels have no PAPI: the default events are unavailable, and say why.
jq -e '.config.counters == ["PAPI_TOT_CYC", "PAPI_TOT_INS"] and
	([.tests[] | .counters == "unavailable: built without PAPI" and
	  .counter_values == null] | all)' "$LT_TMP/x86.json" >/dev/null ||
	fail "--collect: counters not recorded as the bundle's"
if [ "$suite" = "$cat" ]; then
	jq '.tests |= map(select(.language != "C"))' "$LT_TMP/x86.json" >"$LT_TMP/cat.json"
	"$LT_BUILDDIR/tests/herdlog-check" "$cat/herd.log" "$LT_TMP/cat.json" "$n" >/dev/null ||
		fail "collected catalogue results disagree with herd.log"
fi
echo "ok: x86_64 bundle of $((n + nc)) tests built with make, run, collected"

# --counters=none reaches the board's run.sh, and --collect reads "off".
"$LT_TOOL" -q --arch=x86_64 --counters=none --emit="$LT_TMP/off" "$LT_SRCDIR/tests-litmus/x86_64/SB.litmus" ||
	fail "--emit --counters=none failed"
(cd "$LT_TMP/off" && make -s >"$LT_TMP/make.log" 2>&1 && ./run.sh -n 100) ||
	fail "the --counters=none bundle did not build or run: $(tail -5 "$LT_TMP/make.log")"
"$LT_TOOL" -q --collect "$LT_TMP/off" -o "$LT_TMP/off-res" || fail "--collect of the --counters=none bundle failed"
jq -e '.config.counters == [] and .tests[0].counters == "off"' "$LT_TMP/off-res/run.json" >/dev/null ||
	fail "--counters=none bundle: counters not off"
echo "ok: --counters=none in a bundle"

# A test whose output is missing is reported, not invented.
rm "$b/out/$(ls "$b/out" | grep '\.raw$' | head -n 1)"
code=0
"$LT_TOOL" -q --collect "$b" -o "$LT_TMP/x86-missing" 2>/dev/null || code=$?
[ "$code" = 4 ] || fail "--collect with a missing output exited $code, expected 4"
jq -e '[.tests[] | select(.status == "error")] | length == 1' \
	"$LT_TMP/x86-missing/run.json" >/dev/null || fail "the missing output is not reported"

# 2. aarch64, cross-built, run under qemu-user.
if ! command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || ! command -v qemu-aarch64 >/dev/null 2>&1; then
	echo "note: aarch64-linux-gnu-gcc or qemu-aarch64 missing: aarch64 bundle not run"
	exit 0
fi
# SB+sc: qemu's STLR/LDAR deviation (see tests/e2e-c.sh).
ls "$LT_SRCDIR/tests-litmus/aarch64"/*.litmus "$LT_SRCDIR/tests-litmus/c"/*.litmus |
	grep -v '/c/SB+sc.litmus$' >"$LT_TMP/a64.list"
n=$(wc -l <"$LT_TMP/a64.list")
b="$LT_TMP/a64"
"$LT_TOOL" -q --arch=aarch64 --emit="$b" "@$LT_TMP/a64.list" || fail "--emit aarch64 failed"
(cd "$b" && make -s -j2 CC=aarch64-linux-gnu-gcc LDFLAGS=-static >"$LT_TMP/make.log" 2>&1) ||
	fail "cross make in the bundle failed: $(tail -5 "$LT_TMP/make.log")"
LT_EXEC=qemu-aarch64 "$b/run.sh" -n 1000 -t 120 || fail "run.sh under qemu-aarch64 failed"
code=0
"$LT_TOOL" -q --collect "$b" --json="$LT_TMP/a64.json" -o "$LT_TMP/a64-res" 2>"$LT_TMP/err" || code=$?
[ "$code" = 0 ] || fail "--collect aarch64 exited $code: $(cat "$LT_TMP/err")"
check_json "$LT_TMP/a64.json" "$n" true
grep -q emulation "$LT_TMP/err" || fail "no emulation warning for a bundle run under qemu"
jq -e '.config.cc_path == "aarch64-linux-gnu-gcc" and ([.tests[].arch == "aarch64"] | all)' \
	"$LT_TMP/a64.json" >/dev/null || fail "aarch64 bundle: compiler or arch not recorded"
echo "ok: aarch64 bundle of $n tests cross-built with make, run under qemu-aarch64, collected"

# A perpetual bundle for a board: the eligible tests only (the others said
# why), run.sh runs them in perpetual mode, --collect reads the pairing's
# outcomes (counts add up) and the calibration.
code=0
"$LT_TOOL" --arch=aarch64 --sync=perpetual --emit="$LT_TMP/a64p" \
	"$LT_SRCDIR/tests-litmus/aarch64/SB.litmus" "$LT_SRCDIR/tests-litmus/aarch64/MP.litmus" \
	"$LT_SRCDIR/tests-litmus/aarch64/IRIW.litmus" "$LT_SRCDIR/tests-litmus/aarch64/R.litmus" \
	>/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 0 ] || fail "--emit --sync=perpetual exited $code: $(cat "$LT_TMP/err")"
[ "$(grep -c 'R.litmus' "$LT_TMP/err")" = 1 ] ||
	fail "R's ineligibility not said exactly once: $(cat "$LT_TMP/err")"
(cd "$LT_TMP/a64p" && make -s CC=aarch64-linux-gnu-gcc LDFLAGS=-static >"$LT_TMP/make.log" 2>&1) ||
	fail "perpetual bundle: make failed: $(tail -5 "$LT_TMP/make.log")"
LT_EXEC=qemu-aarch64 "$LT_TMP/a64p/run.sh" -n 20000 -t 120 || fail "perpetual bundle: run.sh failed"
"$LT_TOOL" -q --collect "$LT_TMP/a64p" -o "$LT_TMP/a64p-res" 2>/dev/null ||
	fail "perpetual bundle: --collect failed"
jq -e '(.tests | length) == 3 and ([.tests[] | .status == "ok" and .sync.mode == "perpetual" and
	.iterations == ([.histogram[].count] | add) and .forbidden_observed == 0] | all)' \
	"$LT_TMP/a64p-res/run.json" >/dev/null || fail "perpetual bundle: results wrong"
echo "ok: perpetual aarch64 bundle (SB, MP, IRIW) run under qemu-aarch64 and collected"
