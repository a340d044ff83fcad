#!/bin/sh
# SPDX-License-Identifier: MIT
# A test that runs past --timeout keeps what it measured.  Fake kernels
# (--exec) stand for the runtime, so nothing here depends on timing: one
# waits for the watchdog's SIGTERM and then prints a partial histogram
# ("stopped" line) with a forbidden state in it; one ignores SIGTERM and is
# killed with nothing; one finishes.  The partial result is status
# "timeout" with its histogram, judged (FORBIDDEN alerts, exit 1), in the
# table, run.json and JUnit; merge adds it up; --resume keeps it.  Then a
# model check past --model-timeout: "model: timeout" in the table row, and
# the budgets recorded in the manifest and held by --resume.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 kernels are built for the fake runs"
command -v jq >/dev/null || skip "jq needed"
sb="$LT_SRCDIR/tests-litmus/x86_64/SB+mfences.litmus"
code() { c=0; "$@" >"$LT_TMP/out" 2>"$LT_TMP/err" || c=$?; echo $c; }

# The runtime's output after a SIGTERM at 600 of 1000000 iterations; the
# last state (both loads 0) is forbidden by TSO and by the Result comment.
cat >"$LT_TMP/partial.raw" <<'RAW'
litmus-raw 1
test SB+mfences
threads 2
pus 2
pinning sched
placement 0:0 1:1
oversubscribed 0
counters off
iterations 600
stopped SIGTERM asked=1000000
elapsed 0.500000
instances 1
layout cells=fresh locs=line stride_lines=2 order=seq
sync spin
state 300 0:rax=0 1:rax=1
state 297 0:rax=1 1:rax=0
state 3 0:rax=0 1:rax=0
end
RAW
sed -e 's/^iterations 600/iterations 1000000/' -e '/^stopped/d' \
	-e 's/^state 300 /state 999700 /' "$LT_TMP/partial.raw" >"$LT_TMP/full.raw"
# Waits for SIGTERM (the whole process group gets it, sleep included).
cat >"$LT_TMP/stops" <<SH
#!/bin/sh
echo run >>"$LT_TMP/stops.count"
trap 'cat "$LT_TMP/partial.raw"; exit 143' TERM
while :; do sleep 10 & wait \$!; done
SH
# Ignores SIGTERM: only the SIGKILL after the grace period ends it.
cat >"$LT_TMP/deaf" <<SH
#!/bin/sh
trap '' TERM
exec sleep 300
SH
cat >"$LT_TMP/finishes" <<SH
#!/bin/sh
exec cat "$LT_TMP/full.raw"
SH
chmod +x "$LT_TMP/stops" "$LT_TMP/deaf" "$LT_TMP/finishes"

# 1. The partial result: status timeout, its histogram, judged.
A="$LT_TMP/a"
rc=$(code "$LT_TOOL" --no-progress -n 1000000 --timeout 1 --exec="$LT_TMP/stops" \
	--junit="$LT_TMP/a.xml" -o "$A" "$sb")
[ "$rc" = 1 ] || fail "a partial result with a forbidden state exits $rc, not 1: $(cat "$LT_TMP/err")"
grep -q "FORBIDDEN outcome observed in SB+mfences" "$LT_TMP/err" ||
	fail "no FORBIDDEN alert for the partial result: $(cat "$LT_TMP/err")"
t=$(jq -c '.tests[0] | [.status, .iterations, (.histogram | length), .forbidden_observed, .positive, .exit_code]' "$A/run.json")
[ "$t" = '["timeout",600,3,3,3,1]' ] || fail "run.json: $t"
jq -r '.tests[0].reason' "$A/run.json" | grep -q "after 600 of 1000000 iterations" ||
	fail "reason: $(jq -r '.tests[0].reason' "$A/run.json")"
grep -q 'SB+mfences *3 *3 Sometimes *3 .*timeout: stopped by the 1 s timeout' "$LT_TMP/out" ||
	fail "table row: $(cat "$LT_TMP/out")"
grep -q '<failure type="forbidden"' "$LT_TMP/a.xml" || fail "JUnit: $(cat "$LT_TMP/a.xml")"
[ "$(jq '[.tests[0].histogram[].count] | add' "$A/run.json")" = 600 ] ||
	fail "the histogram does not add up to the iterations done"

# 2. --resume keeps a stored timeout: the fake is not started again.
rm -f "$A/run.json"
rc=$(code "$LT_TOOL" --no-progress --resume "$A" --exec="$LT_TMP/stops")
[ "$rc" = 1 ] || fail "--resume of the timeout exits $rc: $(cat "$LT_TMP/err")"
[ "$(wc -l <"$LT_TMP/stops.count")" = 1 ] || fail "--resume ran the timed-out test again"
[ "$(jq -c '.tests[0] | [.status, .iterations]' "$A/run.json")" = '["timeout",600]' ] ||
	fail "--resume lost the partial result"
grep -q 'timeout: stopped .*(earlier run)' "$LT_TMP/out" || fail "resumed row: $(cat "$LT_TMP/out")"

# 3. A kernel that ignores SIGTERM is killed: timeout, no histogram, exit 4.
B="$LT_TMP/b"
rc=$(code "$LT_TOOL" -q -n 1000000 --timeout 1 --exec="$LT_TMP/deaf" -o "$B" "$sb")
[ "$rc" = 4 ] || fail "a killed kernel exits $rc, not 4"
[ "$(jq -c '.tests[0] | [.status, has("histogram")]' "$B/run.json")" = '["timeout",false]' ] ||
	fail "killed kernel: $(jq -c '.tests[0]' "$B/run.json")"
grep -q "killed after the 1 s timeout" "$B/run.json" || fail "killed kernel's reason"

# 4. merge adds the partial histogram to a finished run's; the sum is ok.
C="$LT_TMP/c"
"$LT_TOOL" -q -n 1000000 --exec="$LT_TMP/finishes" -o "$C" "$sb" >/dev/null 2>&1
[ "$(jq -r '.tests[0].status' "$C/run.json")" = ok ] || fail "the finished fake run"
"$LT_TOOL" merge "$LT_TMP/m" "$A" "$C" >/dev/null || fail "merge of a timeout and a finished run"
t=$(jq -c '.tests[0] | [.status, .iterations, .forbidden_observed, has("reason"), ([.provenance[].status] | join(","))]' "$LT_TMP/m/run.json")
[ "$t" = '["ok",1000600,6,false,"timeout,ok"]' ] || fail "merge: $t"
# Two partial runs: still a timeout, and still forbidden.
"$LT_TOOL" merge "$LT_TMP/m2" "$A" "$LT_TMP/m" >/dev/null 2>&1 &&
	fail "merge counted run A twice"
"$LT_TOOL" merge "$LT_TMP/m3" "$A" "$B" >/dev/null || fail "merge of two timeouts"
t=$(jq -c '.tests[0] | [.status, .iterations, .forbidden_observed, .exit_code]' "$LT_TMP/m3/run.json")
[ "$t" = '["timeout",600,3,1]' ] || fail "merge of two timeouts: $t"

# 5. The model out of time: the row says so; the budgets are the run's.
explode="$LT_SRCDIR/tests/bad/budget/explode.litmus"
printf 'litmus-raw 1\ntest explode\niterations 10\nstate 10 0:rax=0 1:rax=0 2:rax=1\nend\n' \
	>"$LT_TMP/explode.raw"
printf '#!/bin/sh\nexec cat "%s"\n' "$LT_TMP/explode.raw" >"$LT_TMP/explode"
chmod +x "$LT_TMP/explode"
D="$LT_TMP/d"
rc=$(code "$LT_TOOL" --no-progress -n 10 --model-timeout=1 --cc-timeout=200 \
	--exec="$LT_TMP/explode" -o "$D" "$explode")
[ "$rc" = 0 ] || fail "explode with a fake kernel exits $rc: $(cat "$LT_TMP/err")"
grep -q '^explode .* -  *0\.[0-9]*  model: timeout$' "$LT_TMP/out" ||
	fail "no 'model: timeout' in the row: $(cat "$LT_TMP/out")"
t=$(jq -c '.options | [.model_timeout_s, .cc_timeout_s, .cc_memory_mib]' "$D/manifest.json")
[ "$t" = '[1,200,4096]' ] || fail "manifest budgets: $t"
rm -f "$D/run.json"
rc=$(code "$LT_TOOL" --resume "$D" --exec="$LT_TMP/explode" --model-timeout=2)
[ "$rc" = 2 ] && grep -q -- "--model-timeout differs" "$LT_TMP/err" ||
	fail "--resume took another --model-timeout (exit $rc): $(cat "$LT_TMP/err")"
rc=$(code "$LT_TOOL" --resume "$D" --exec="$LT_TMP/explode" --cc-memory=none)
[ "$rc" = 2 ] || fail "--resume took another --cc-memory (exit $rc)"
rc=$(code "$LT_TOOL" --no-progress --resume "$D" --exec="$LT_TMP/explode" --model-timeout=1)
[ "$rc" = 0 ] || fail "--resume with the same --model-timeout exits $rc: $(cat "$LT_TMP/err")"
grep -q 'model: timeout  (earlier run)' "$LT_TMP/out" || fail "resumed row: $(cat "$LT_TMP/out")"
exit 0
