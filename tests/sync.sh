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

for mode in spin flags timebase perpetual; do
	code=0
	"$LT_TOOL" -q -n 20000 --sync=$mode -o "$LT_TMP/$mode" \
		"$suite/SB.litmus" "$suite/MP.litmus" "$suite/LB.litmus" || code=$?
	[ "$code" = 0 ] || fail "--sync=$mode exited $code (1: a forbidden outcome)"
	j="$LT_TMP/$mode/run.json"
	jq -e --arg m $mode '[.tests[] | .status == "ok" and .sync.mode == $m and
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

# --delay fixes the setting: no calibration.
"$LT_TOOL" -q -n 20000 --sync=perpetual --delay=3 -o "$LT_TMP/fixed" \
	"$suite/SB.litmus" || fail "--delay=3 failed"
jq -e '.tests[0].sync | .delay == 3 and .calibrated == false and
	(has("calibration") | not)' "$LT_TMP/fixed/run.json" >/dev/null ||
	fail "--delay=3 not recorded as a fixed delay"
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
