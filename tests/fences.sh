#!/bin/sh
# SPDX-License-Identifier: MIT
# litmus-run fences on a small slice (the full matrix is tests/fences-matrix.sh):
# a handful of C11 tests with the host's gcc for x86_64 and the AArch64
# cross gcc, every cell sound and every access classified; the JSON's
# schema; usage and parse errors; then the seeded-bug compiler
# (tests/fences-seed-cc.sh) must be caught exactly where its deleted or
# weakened instruction is what forbids the source-forbidden state.
. "$(dirname "$0")/lib.sh"
command -v gcc >/dev/null || skip "no gcc"
[ "$(uname -m)" = x86_64 ] || skip "the slice is written for an x86_64 host"
c="$LT_SRCDIR/tests-litmus/c11"
slice="$c/SB+sc.sc+sc.sc.litmus $c/MP+rlx.rel+acq.rlx.litmus $c/SB+rlx.Fsc.rlx+rlx.Fsc.rlx.litmus
$c/LB+rlx.rlx+rlx.rlx.litmus $c/S+xchgsc.xchgsc+rlx.xchgsc.litmus $c/MP+casar.casar+rlx.rlx.litmus"
arches=--arch=x86_64
command -v aarch64-linux-gnu-gcc >/dev/null && arches="$arches --arch=aarch64"
# shellcheck disable=SC2086
"$LT_TOOL" fences $arches --cc=gcc --json="$LT_TMP/f.json" $slice >"$LT_TMP/out" 2>&1 ||
	{ cat "$LT_TMP/out"; fail "fences on real gcc exited $?"; }
grep -q ' sound$' "$LT_TMP/out" || fail "no sound cell"
if grep -E '  (BUG$|unsupported:)' "$LT_TMP/out"; then fail "a cell is not sound"; fi
jq -e '.schema == "litmus-run-fences/1" and (.results | length) > 0 and
	all(.results[]; .verdict == "sound" and (.lifted | length) > 0 and
	    (.threads | length) > 0 and all(.threads[].accesses[];
	        (.verdict | IN("as-mapped", "stronger", "weaker")) and (.emitted | length) > 0)
	    and (.extra_states | length) == 0)' "$LT_TMP/f.json" >/dev/null ||
	fail "JSON does not have the litmus-run-fences/1 shape"
# Usage and parse errors.
code=0; "$LT_TOOL" fences --arch=vax "$c/MP+rlx.rel+acq.rlx.litmus" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--arch=vax: exit $code, want 2"
printf 'C bad\n{ x = 0; }\nP0(atomic_int *x) {\n' >"$LT_TMP/bad.litmus"
code=0; "$LT_TOOL" fences "$LT_TMP/bad.litmus" 2>"$LT_TMP/err" || code=$?
[ "$code" = 3 ] || fail "a broken test: exit $code, want 3"
grep -q "bad.litmus:[0-9]*:[0-9]*:" "$LT_TMP/err" || fail "no file:line:col for a broken test"
# --cc-timeout: a compiler that hangs is killed with its process group at
# the deadline (the same watchdog as a run's builds); its cells, a unit's
# two, are unsupported, saying so, and not compiled again one by one.
printf '#!/bin/sh\ncase "$*" in *--version*) exec gcc --version ;; esac\nsleep 300\n' >"$LT_TMP/slowcc"
chmod +x "$LT_TMP/slowcc"
t0=$(date +%s)
code=0
LITMUS_RUN_CACHE="$LT_TMP/cache-slow" timeout -s KILL 120 "$LT_TOOL" fences --arch=x86_64 \
	--cc="$LT_TMP/slowcc" --cc-timeout=2 --json="$LT_TMP/slow.json" \
	"$c/MP+rlx.rel+acq.rlx.litmus" "$c/SB+sc.sc+sc.sc.litmus" >"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/out"; fail "fences --cc-timeout=2 with a hung compiler: exit $code"; }
[ $(($(date +%s) - t0)) -le 60 ] || fail "--cc-timeout=2 took $(($(date +%s) - t0)) s"
jq -e '(.results | length) == 2 and all(.results[];
	.verdict == "unsupported: compilation killed after the 2 s --cc-timeout")' \
	"$LT_TMP/slow.json" >/dev/null || { cat "$LT_TMP/out"; fail "--cc-timeout: cells not unsupported by the timeout"; }
code=0; "$LT_TOOL" fences --cc-timeout=0 "$c/MP+rlx.rel+acq.rlx.litmus" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--cc-timeout=0: exit $code, want 2"
# --cc-memory: a compiler that grows without end fails at the limit, as in
# a run's builds; its cells are unsupported and the JSON records the limits.
printf '#!/bin/sh\ncase "$*" in *--version*) exec gcc --version ;; esac\nexec awk %s\n' \
	"'BEGIN { s = \"0123456789abcdef\"; while (1) s = s s }'" >"$LT_TMP/hogcc"
chmod +x "$LT_TMP/hogcc"
t0=$(date +%s)
code=0
LITMUS_RUN_CACHE="$LT_TMP/cache-hog" timeout -s KILL 120 "$LT_TOOL" fences --arch=x86_64 \
	--cc="$LT_TMP/hogcc" --cc-memory=256 --cc-timeout=100 --json="$LT_TMP/hog.json" \
	"$c/MP+rlx.rel+acq.rlx.litmus" >"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/out"; fail "fences --cc-memory=256 with a hog compiler: exit $code"; }
[ $(($(date +%s) - t0)) -le 60 ] || fail "--cc-memory=256 took $(($(date +%s) - t0)) s"
jq -e '.cc_memory_mib == 256 and .cc_timeout_s == 100 and (.results | length) == 1 and
	all(.results[]; .verdict | startswith("unsupported: compilation failed"))' \
	"$LT_TMP/hog.json" >/dev/null || { cat "$LT_TMP/out"; fail "--cc-memory: cell not unsupported by the limit"; }
for bad in --cc-memory=1 --cc-memory=64k -j0 -j3x --iterations=-5 --iterations=1e6; do
	code=0; "$LT_TOOL" fences "$bad" "$c/MP+rlx.rel+acq.rlx.litmus" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 2 ] && grep -q "fences: .*is not" "$LT_TMP/err" ||
		fail "fences $bad: exit $code, want 2 with a message: $(cat "$LT_TMP/err")"
done
# -o DIR: a test's name is one file name in DIR, whatever it holds ('/', "..").
mkdir -p "$LT_TMP/o"
sed '1s|.*|C ../../fx-escape|' "$c/MP+rlx.rel+acq.rlx.litmus" >"$LT_TMP/o/esc.litmus"
code=0
"$LT_TOOL" fences --arch=x86_64 --cc=gcc -o "$LT_TMP/o/a/b" "$LT_TMP/o/esc.litmus" \
	>"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/out"; fail "fences -o with a test named ../../fx-escape: exit $code"; }
[ -z "$(find "$LT_TMP" -name 'fx-escape*')" ] || fail "-o: a test's name wrote outside DIR"
[ "$(ls "$LT_TMP/o/a/b")" = "_._.._fx-escape.x86_64.0.litmus" ] ||
	fail "-o: DIR holds '$(ls "$LT_TMP/o/a/b")', expected _._.._fx-escape.x86_64.0.litmus"
# --run without -o: a run that fails keeps its directory under TMPDIR and
# says where (here the run's kernels get a cc that fails; fences' own
# compile is gcc's).  tests/fences-run.sh checks that a clean run leaves none.
mkdir -p "$LT_TMP/tmp" "$LT_TMP/bin"
printf '#!/bin/sh\nexit 1\n' >"$LT_TMP/bin/cc"
chmod +x "$LT_TMP/bin/cc"
code=0
TMPDIR="$LT_TMP/tmp" PATH="$LT_TMP/bin:$PATH" "$LT_TOOL" fences --arch=x86_64 --cc=gcc --run -n 100 \
	"$c/MP+rlx.rel+acq.rlx.litmus" >"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?
[ "$code" = 1 ] || { cat "$LT_TMP/out" "$LT_TMP/err"; fail "fences --run with a failing cc: exit $code, want 1"; }
kept=$(sed -n "s/^litmus-run: fences: the run's files are kept in //p" "$LT_TMP/err")
case $kept in "$LT_TMP/tmp/litmus-run-fences."*) ;; *) fail "a failed run: no kept directory named: $(cat "$LT_TMP/err")" ;; esac
[ -s "$kept/run.log" ] && [ -d "$kept/lifted" ] || fail "a failed run: $kept lacks its log or lifted tests"
# A test whose model checks would run for hours: --model-timeout ends each
# (the cell is unsupported, saying why; the JSON records the budget).
{
	echo "C explode"; echo "{ x = 0; y = 0; z = 0; }"
	for p in 0 1 2 3 4 5; do
		echo "P$p(atomic_int *x, atomic_int *y, atomic_int *z) {"
		for k in 0 1 2 3 4; do
			set -- x y z x y
			i=$(((p + k) % 3 + 1)); j=$(((p + k + 1) % 3 + 1))
			eval "w=\${$i} r=\${$j}"
			echo "	atomic_store_explicit($w, 1, memory_order_relaxed);"
			echo "	int r$k = atomic_load_explicit($r, memory_order_relaxed);"
		done
		echo "}"
	done
	echo 'exists (0:r0=0 /\ 1:r0=0 /\ 2:r0=0)'
} >"$LT_TMP/explode.litmus"
code=0
timeout -s KILL 120 "$LT_TOOL" fences --arch=x86_64 --model-timeout=1 --json="$LT_TMP/x.json" \
	"$LT_TMP/explode.litmus" >"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/out"; fail "fences --model-timeout=1: exit $code"; }
jq -e '.model_timeout_s == 1 and (.results[0].verdict | test("^unsupported: .*timeout"))' \
	"$LT_TMP/x.json" >/dev/null || fail "fences --model-timeout: $(cat "$LT_TMP/out")"
code=0; "$LT_TOOL" fences --model-timeout=0 "$LT_TMP/explode.litmus" 2>/dev/null || code=$?
[ "$code" = 2 ] || fail "--model-timeout=0: exit $code, want 2"
# Names that headers define (NULL, true, bool): a thread's names are its
# own in the compiled unit, as in a run's kernel.
cat >"$LT_TMP/names.litmus" <<'LIT'
C names
{ *NULL = 0; *true = 0; }
P0(atomic_int *NULL, atomic_int *true)
{
	atomic_store_explicit(NULL, 1, memory_order_release);
	int r0 = atomic_load_explicit(true, memory_order_acquire);
}
P1(atomic_int *NULL, atomic_int *true)
{
	atomic_store_explicit(true, 1, memory_order_release);
	int bool = atomic_load_explicit(NULL, memory_order_acquire);
}
exists (0:r0=0 /\ 1:bool=0)
LIT
code=0
"$LT_TOOL" fences --arch=x86_64 --cc=gcc "$LT_TMP/names.litmus" >"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] && grep -q ' sound$' "$LT_TMP/out" ||
	{ cat "$LT_TMP/out"; fail "fences on locations named NULL and true: exit $code"; }
# Seeded bugs: SEED ARCH TEST WANT
seeded() {
	code=0
	LT_SEED=$1 "$LT_TOOL" fences --arch="$2" --cc="$LT_SRCDIR/tests/fences-seed-cc.sh" "$c/$3.litmus" \
		>"$LT_TMP/seed" 2>&1 || code=$?
	case $4 in
	BUG) [ "$code" = 1 ] && grep -q 'witness' "$LT_TMP/seed" ||
		{ cat "$LT_TMP/seed"; fail "$1 deleted on $2 $3: no BUG reported"; } ;;
	sound) [ "$code" = 0 ] || { cat "$LT_TMP/seed"; fail "$1 deleted on $2 $3: exit $code"; } ;;
	esac
}
seeded mfence x86_64 SB+rlx.Fsc.rlx+rlx.Fsc.rlx BUG
seeded mfence x86_64 MP+rlx.rel+acq.rlx sound
if command -v aarch64-linux-gnu-gcc >/dev/null; then
	seeded ldar aarch64 MP+rlx.rel+acq.rlx BUG
	seeded stlr aarch64 MP+rlx.rel+acq.rlx BUG
	seeded ldar aarch64 LB+rlx.rlx+rlx.rlx sound
fi
# The HTML page of a fences document: counts, the BUG cell first with its
# witness and its weakened access.
LT_SEED=mfence "$LT_TOOL" fences --arch=x86_64 --cc="$LT_SRCDIR/tests/fences-seed-cc.sh" \
	--json="$LT_TMP/seed.json" "$c/SB+rlx.Fsc.rlx+rlx.Fsc.rlx.litmus" \
	"$c/MP+rlx.rel+acq.rlx.litmus" >/dev/null 2>&1
code=0; "$LT_TOOL" report -o "$LT_TMP/seed.html" "$LT_TMP/seed.json" >/dev/null || code=$?
[ "$code" = 1 ] || fail "report of a fences document with a BUG: exit $code, want 1"
for want in 'id="n-cells">2<' 'id="n-bug" class="bad">1<' 'id="n-sound" class="ok">1<' \
	'id="problems"' 'forbidden at source:' 'SB+rlx.Fsc.rlx+rlx.Fsc.rlx &mdash; x86_64'; do
	grep -qF "$want" "$LT_TMP/seed.html" || fail "fences page: no '$want'"
done
# Compiling: the slice's cells share one compiler process (a unit), and a
# unit that fails is compiled again one test at a time, so that only the
# test that does not compile is unsupported.
unit() {
	: >"$LT_TMP/cc.log"
	code=0
	LITMUS_RUN_CACHE="$LT_TMP/cache-$1" LT_SEED_LOG="$LT_TMP/cc.log" LT_SEED_FAIL_ON="$2" \
		"$LT_TOOL" fences --arch=x86_64 --cc="$LT_SRCDIR/tests/fences-seed-cc.sh" \
		--json="$LT_TMP/u.json" $slice >"$LT_TMP/u.out" 2>&1 || code=$?
	[ "$code" = 0 ] || { cat "$LT_TMP/u.out"; fail "units ($1): exit $code"; }
	n=$(wc -l <"$LT_TMP/cc.log")
	[ "$n" = "$3" ] || { cat "$LT_TMP/cc.log"; fail "units ($1): $n compiles, want $3"; }
}
# shellcheck disable=SC2086
set -- $slice
unit whole "" 1
jq -e 'all(.results[]; .verdict == "sound")' "$LT_TMP/u.json" >/dev/null ||
	fail "units: a cell compiled in a unit is not sound"
unit fallback atomic_exchange_explicit $(($# + 1))
jq -e '[.results[] | select(.verdict != "sound")] | length == 1 and
	(.[0].test | startswith("S+xchgsc")) and (.[0].verdict | test("^unsupported: compilation failed: .*seeded compile error"))' \
	"$LT_TMP/u.json" >/dev/null || { cat "$LT_TMP/u.out"; fail "units: the failing test is not the only unsupported cell"; }
echo "fences: slice sound, seeded bugs caught, units and their fallback"
