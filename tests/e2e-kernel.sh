#!/bin/sh
# SPDX-License-Identifier: MIT
# Kernel C tests end to end (tests-litmus/kernel), natively: every test,
# locks and RCU included, built with lt-c11.h's userspace mapping and run,
# and no state LKMM forbids may show; then the grace-period tests
# (RCU+sync+read, SRCU+sync+read, SB+rcu+sync) over 10^6 iterations each,
# still nothing forbidden.  Bodies whose RCU a run cannot do as written
# are refused at their position (exit 3).  Without liburcu in this build,
# the RCU tests must be refused with the message, never run.  Outcome sets
# and counts of forbidden states only: no timing.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
suite="$LT_SRCDIR/tests-litmus/kernel"
rcu_tests=$(grep -l 'rcu_read_lock\|synchronize_s*rcu\|srcu_read_lock' "$suite"/*.litmus)
[ -n "$rcu_tests" ] || fail "tests-litmus/kernel has no RCU test"

if ! grep -q '^#define HAVE_URCU 1' "$LT_BUILDDIR/config.h"; then
	for f in $rcu_tests; do
		code=0
		"$LT_TOOL" -q -n 10 -o "$LT_TMP/no-urcu" --force "$f" 2>"$LT_TMP/err" || code=$?
		[ "$code" = 3 ] || fail "$(basename "$f"): RCU without liburcu exited $code, expected 3"
		grep -q "built without it (install liburcu-dev" "$LT_TMP/err" ||
			fail "$(basename "$f"): no liburcu message: $(cat "$LT_TMP/err")"
	done
	skip "built without liburcu: RCU tests refused as documented; configure with liburcu-dev to run them"
fi

n=$(ls "$suite"/*.litmus | wc -l)
code=0
"$LT_TOOL" -q -n 20000 --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/all" "$suite" \
	2>"$LT_TMP/err" || code=$?
[ "$code" = 0 ] || fail "tests-litmus/kernel exited $code: $(cat "$LT_TMP/err")"
jq -e --argjson n "$n" '(.tests | length) == $n and
	([.tests[] | .status == "ok" and .model.name == "lkmm" and
	  .forbidden_observed == 0 and .iterations == 20000] | all)' \
	"$LT_TMP/all/run.json" >/dev/null || fail "tests-litmus/kernel: bad JSON or a forbidden state"
echo "ok: $n kernel tests natively, none showed a state LKMM forbids"

for t in RCU+sync+read SRCU+sync+read SB+rcu+sync; do
	code=0
	"$LT_TOOL" -q -n 1000000 --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/$t" \
		"$suite/$t.litmus" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 0 ] || fail "$t over 10^6 iterations exited $code: $(cat "$LT_TMP/err")"
	jq -e '.tests[0] | .status == "ok" and .iterations == 1000000 and
		.forbidden_observed == 0 and .model.verdict == "Forbidden"' \
		"$LT_TMP/$t/run.json" >/dev/null || fail "$t: the grace-period guarantee failed"
	echo "ok: $t, 10^6 iterations, the grace-period guarantee held"
done

# RCU a run cannot do as written: refused at the call (file:line:col, exit 3).
refuse() {
	name=$1 want=$2
	code=0
	"$LT_TOOL" -q -n 10 -o "$LT_TMP/r-$name" "$LT_TMP/$name.litmus" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 3 ] || fail "$name exited $code, expected 3"
	grep -q "$name.litmus:$want" "$LT_TMP/err" || fail "$name: not '$want': $(cat "$LT_TMP/err")"
}
cat >"$LT_TMP/SelfWait.litmus" <<'T'
C SelfWait
{ }
P0(int *x)
{
	rcu_read_lock();
	synchronize_rcu();
	rcu_read_unlock();
}
exists (x=0)
T
refuse SelfWait "6:2: synchronize_rcu inside the read-side critical section opened at line 5"
cat >"$LT_TMP/Unclosed.litmus" <<'T'
C Unclosed
{ }
P0(int *x, struct srcu_struct *s)
{
	int i = srcu_read_lock(s);
	WRITE_ONCE(*x, i);
}
exists (x=0)
T
refuse Unclosed "5:10: P0's read-side critical section is not closed"
echo "ok: RCU a run cannot do as written is refused at its position"
