#!/bin/sh
# SPDX-License-Identifier: MIT
# --sync modes: SB, MP and LB run in each mode with every outcome allowed by
# x86-TSO and the counts adding up; perpetual runs record their delay (and
# the calibration table unless --delay fixes it); ineligible shapes are
# skipped with the reason.  Outcome sets and invariants only, never counts.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "the sync tests run x86_64 kernels natively"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
suite="$LT_SRCDIR/tests-litmus/x86_64"

for mode in auto spin flags timebase perpetual; do
	code=0
	"$LT_TOOL" -q -n 20000 --sync=$mode -o "$LT_TMP/$mode" \
		"$suite/SB.litmus" "$suite/MP.litmus" "$suite/LB.litmus" || code=$?
	[ "$code" = 0 ] || fail "--sync=$mode exited $code (1: a forbidden outcome)"
	j="$LT_TMP/$mode/run.json"
	jq -e --arg m $mode '[.tests[] | .status == "ok" and
		(.sync.mode == $m or ($m == "auto" and .sync.auto != null)) and
		.iterations == ([.histogram[].count] | add) and
		.forbidden_observed == 0] | all and length == 3' "$j" >/dev/null ||
		fail "--sync=$mode: a test not ok, wrong sync.mode or counts off"
	echo "ok: --sync=$mode"
done
j="$LT_TMP/perpetual/run.json"
jq -e '[.tests[].sync | .calibrated == true and (.calibration | length) > 1 and
	(.delay as $d | [.calibration[].delay] | index($d)) != null] | all' "$j" >/dev/null ||
	fail "perpetual: calibration missing or the chosen delay is not one tried"
jq -e '.tests[] | select(.name == "SB") | .sync | .delay >= 0' "$j" >/dev/null ||
	fail "perpetual: no delay recorded"
# Each thread's pauses, as tuned (refined before the run, probed during it).
jq -e '[.tests[].sync | has("pause_min_P0") and has("pause_span_P0") and
	has("pause_min_P1") and has("pause_span_P1") and (has("pause_min_P2") | not) and
	.refined >= 1 and .probes >= 0 and .moves <= .refined + .probes] | all' "$j" >/dev/null ||
	fail "perpetual: per-thread pauses or their tuning not recorded"

# --sync=auto, the default: one chosen candidate, the run in its mode, the
# calibration's iterations not in the histogram; witnesses rank SB and R
# (allowed), outcomes rank MP (x86-TSO forbids its condition); R has no
# perpetual candidates (two writers to y).
code=0
"$LT_TOOL" -q -n 20000 -o "$LT_TMP/dflt" "$suite/SB.litmus" "$suite/MP.litmus" \
	"$suite/R.litmus" || code=$?
[ "$code" = 0 ] || fail "default (auto) run exited $code"
j="$LT_TMP/dflt/run.json"
jq -e '[.tests[] | .status == "ok" and .iterations == ([.histogram[].count] | add) and
	(.sync.auto.tries | length) >= 5 and ([.sync.auto.tries[] | select(.chosen)] | length) == 1 and
	(.sync as $s | [$s.auto.tries[] | select(.chosen)][0] | .mode == $s.mode and
	 (if .mode == "timebase" then .setting == $s.period_ns
	  elif .mode == "perpetual" then .setting == $s.delay else true end))] |
	all and length == 3' "$j" >/dev/null ||
	fail "auto: a test not ok, counts off, or the chosen candidate is not the mode run"
jq -e '[.tests[] | {(.name): [.sync.auto.rank, .sync.auto.forbidden,
	([.sync.auto.tries[].mode] | index("perpetual") != null)]}] | add |
	.SB == ["witnesses", false, true] and .MP == ["outcomes", true, true] and
	.R == ["witnesses", false, false]' "$j" >/dev/null ||
	fail "auto: wrong ranking or candidates: $(jq -c '[.tests[] | [.name, .sync.auto.rank, .sync.auto.forbidden]]' "$j")"
echo "ok: --sync=auto is the default"

# The choice, with the figures injected (LT_RT_TEST_AUTO_FIGURES: iterations/s,
# witnesses/s, outcomes/s per candidate, zeros for the others), so that it
# does not depend on this machine's speed.
auto_pick() { # FIGURES TEST OPTIONS... -> "mode setting" of the run
	f=$1 t=$2
	shift 2
	rm -rf "$LT_TMP/pick"
	LT_RT_TEST_AUTO_FIGURES=$f "$LT_TOOL" -q -n 2000 "$@" -o "$LT_TMP/pick" \
		"$suite/$t.litmus" || fail "auto with $f on $t failed"
	jq -r '.tests[0] | .sync as $s | [$s.auto.tries[] | select(.chosen)][0] |
		"\(.mode) \(.setting) \($s.auto.injected)"' "$LT_TMP/pick/run.json"
}
[ "$(auto_pick 'flags=1000:500:3,spin=2000:400:3' SB)" = "flags 0 true" ] ||
	fail "auto: witnesses/s did not decide"
[ "$(auto_pick 'spin=1000:500:3,timebase@100=900:500:4' SB)" = "timebase 100 true" ] ||
	fail "auto: equal witnesses/s, outcomes/s did not decide"
[ "$(auto_pick 'spin=1000:500:3,timebase@200=900:500:3' SB)" = "spin 0 true" ] ||
	fail "auto: equal witnesses/s and outcomes/s, iterations/s did not decide"
[ "$(auto_pick 'perpetual@4=10:9:2,spin=20:8:4' SB)" = "perpetual 4 true" ] ||
	fail "auto: perpetual at delay 4 not chosen"
jq -e '.tests[0].sync | .mode == "perpetual" and .delay == 4 and .calibrated' \
	"$LT_TMP/pick/run.json" >/dev/null || fail "auto: perpetual not run at delay 4"
[ "$(auto_pick 'spin=1000:900:1,timebase@200=10:0:4' MP)" = "timebase 200 true" ] ||
	fail "auto: a forbidden condition is not ranked by outcomes/s"
# Options narrow the candidates: -P, --delay, --layout=reuse.
[ "$(auto_pick 'perpetual@3=5:5:5' SB --delay=3)" = "perpetual 3 true" ] ||
	fail "auto --delay=3: perpetual not tried at delay 3 alone"
jq -e '[.tests[0].sync.auto.tries[] | select(.mode == "perpetual")] | length == 1' \
	"$LT_TMP/pick/run.json" >/dev/null || fail "auto --delay=3: other delays tried"
[ "$(auto_pick 'flags=5:5:5' SB --layout=reuse)" = "flags 0 true" ] ||
	fail "auto --layout=reuse: flags not chosen"
jq -e '[.tests[0].sync.auto.tries[].mode] | sort | unique == ["flags", "perpetual", "spin"]' \
	"$LT_TMP/pick/run.json" >/dev/null || fail "auto --layout=reuse: timebase tried (reused cells need a handshake)"
code=0
LT_RT_TEST_AUTO_FIGURES='perpetual@0=1:1:1' "$LT_TOOL" -q -n 100 -o "$LT_TMP/nopick" \
	"$suite/R.litmus" || code=$?
[ "$code" = 2 ] && jq -e '.tests[0].reason | contains("is not a candidate")' \
	"$LT_TMP/nopick/run.json" >/dev/null ||
	fail "auto: an injected figure for a mode R cannot run was accepted (exit $code)"
# Threads that share a PU: no handshake modes among the candidates.
if command -v taskset >/dev/null 2>&1; then
	taskset -c 0 "$LT_TOOL" -q -n 2000 -o "$LT_TMP/onepu" "$suite/SB.litmus" ||
		fail "auto on one PU failed"
	jq -e '[.tests[0].sync.auto.tries[].mode] | sort | unique == ["perpetual", "timebase"]' \
		"$LT_TMP/onepu/run.json" >/dev/null ||
		fail "auto on one PU: spin or flags tried, or timebase or perpetual not"
fi
echo "ok: --sync=auto picks by witnesses/s, then outcomes/s, then iterations/s"

# --print-kernel without --sync shows the barrier form; --sync=auto both.
"$LT_TOOL" --print-kernel "$suite/SB.litmus" | grep -q 'lt_rt_main(&lt_test' ||
	fail "--print-kernel: not the barrier form"
"$LT_TOOL" --sync=auto --print-kernel "$suite/SB.litmus" >"$LT_TMP/k.c" || fail "--sync=auto --print-kernel"
grep -q 'lt_rt_main_auto(&lt_test, &lt_auto' "$LT_TMP/k.c" && grep -q '\.perp = &lt_pf_test' "$LT_TMP/k.c" ||
	fail "--sync=auto kernel lacks its perpetual form"
"$LT_TOOL" --sync=auto --print-kernel "$suite/R.litmus" | grep -q '\.perp = NULL' ||
	fail "--sync=auto kernel of R has a perpetual form"
echo "ok: --sync=auto kernels"

# --delay fixes the setting: no calibration.
"$LT_TOOL" -q -n 20000 --sync=perpetual --delay=3 -o "$LT_TMP/fixed" \
	"$suite/SB.litmus" || fail "--delay=3 failed"
jq -e '.tests[0].sync | .delay == 3 and .calibrated == false and
	(has("calibration") | not) and .refined == 0 and .probes == 0 and
	.pause_min_P0 == 0 and .pause_span_P0 == 3 and
	.pause_min_P1 == 0 and .pause_span_P1 == 3' "$LT_TMP/fixed/run.json" >/dev/null ||
	fail "--delay=3 not recorded as a fixed delay, or its pauses tuned"
echo "ok: --delay"

# Shapes perpetual mode cannot rebuild are skipped, and say why.
for t in R 2+2W S SB+xchgs rmw/CAS-counter; do
	code=0
	"$LT_TOOL" -q -n 1000 --sync=perpetual -o "$LT_TMP/no-${t#rmw/}" \
		"$suite/$t.litmus" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 77 ] || fail "$t: exit $code, expected 77 (skipped)"
	jq -e '.tests[0] | .status == "skipped" and
		(.reason | startswith("not eligible for --sync=perpetual: "))' \
		"$LT_TMP/no-${t#rmw/}/run.json" >/dev/null || fail "$t: not skipped as ineligible"
	grep -q "not eligible for --sync=perpetual" "$LT_TMP/err" ||
		fail "$t: no message on stderr"
done
echo "ok: ineligible shapes skipped"

# The perpetual kernel stores the iteration number, not the constant.
"$LT_TOOL" --sync=perpetual --print-kernel "$suite/SB.litmus" |
	grep -q 'lt_base + i + 1' || fail "perpetual kernel does not store iteration numbers"

# --resume continues with the interrupted run's --sync, --layout and --model.
"$LT_TOOL" -q -n 2000 --sync=timebase --layout=packed --model=x86-tso \
	-o "$LT_TMP/res" "$suite/SB.litmus" "$suite/MP.litmus" || fail "timebase run failed"
rm "$LT_TMP/res/tests/00001.json"
"$LT_TOOL" -q --resume "$LT_TMP/res" || fail "--resume failed"
jq -e '[.tests[] | .sync.mode == "timebase" and .layout.locs == "packed" and
	.model.name == "x86-tso"] | all and length == 2' "$LT_TMP/res/run.json" >/dev/null ||
	fail "--resume did not keep --sync, --layout or --model"
echo "ok: --resume keeps the run's options"

# --layout against --sync: refused at the command line, exit 2.
for bad in "--sync=timebase --layout=reuse" "--sync=perpetual --layout=fresh" \
	"--layout=reuse,shuffle" "--layout=stride=2,reuse"; do
	code=0
	# shellcheck disable=SC2086
	"$LT_TOOL" -q -n 10 $bad -o "$LT_TMP/bad" "$suite/SB.litmus" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 2 ] || fail "$bad: exit $code, expected 2"
	grep -q -- "--layout=" "$LT_TMP/err" || fail "$bad: no message naming --layout"
done
"$LT_TOOL" -q -n 10 --layout=shuffle,seq,reuse -o "$LT_TMP/okl" "$suite/SB.litmus" ||
	fail "--layout=shuffle,seq,reuse (later words win) refused"
echo "ok: --layout checked against --sync"

# Stores whose value comes from a register (AArch64, POWER, RISC-V): the
# constant move is dropped and the register starts each iteration holding
# the iteration number; a register that is also read elsewhere is refused.
cat >"$LT_TMP/mp-a64.litmus" <<'T'
AArch64 MP-reg
{
0:X0=x; 0:X2=y;
1:X1=y; 1:X3=x;
}
 P0          | P1          ;
 MOV W1,#1   | LDR W0,[X1] ;
 STR W1,[X0] | LDR W2,[X3] ;
 MOV W3,#1   |             ;
 STR W3,[X2] |             ;
exists (1:X0=1 /\ 1:X2=0)
T
"$LT_TOOL" --arch=aarch64 --sync=perpetual --print-kernel "$LT_TMP/mp-a64.litmus" \
	>"$LT_TMP/k.c" || fail "AArch64 MP not eligible for perpetual"
grep -q 'uint64_t r[0-9]* = lt_base + i + 1; /\* 0:X1, stored \*/' "$LT_TMP/k.c" ||
	fail "AArch64 MP: W1 does not carry the iteration number"
grep -qi 'mov' "$LT_TMP/k.c" && fail "AArch64 MP: the constant moves are still in the kernel"
grep -q 'str %w\[r[0-9]*\],\[%x\[r[0-9]*\]\]' "$LT_TMP/k.c" || fail "AArch64 MP: stores lost"
sed 's/ STR W3,\[X2\] |/ STR W1,[X2] |/' "$LT_TMP/mp-a64.litmus" >"$LT_TMP/mp-twice.litmus"
code=0
"$LT_TOOL" --arch=aarch64 --sync=perpetual --print-kernel "$LT_TMP/mp-twice.litmus" \
	>/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 77 ] || fail "W1 stored twice: exit $code, expected 77 (not eligible)"
grep -q "not eligible for --sync=perpetual: P0: 'STR W1,\[X0\]': the register it stores, X1, must be set by one move of a constant before it and read by this store alone" "$LT_TMP/err" ||
	fail "W1 stored twice: $(cat "$LT_TMP/err")"
echo "ok: register-valued stores in perpetual kernels"
