#!/bin/sh
# SPDX-License-Identifier: MIT
# Every JSON document litmus-run writes validates against its schema in
# doc/schema/, each made here as cheaply as its kind allows: litmus-run/1
# from runs of fake kernels (tests/lib.sh) and their merge, compare's
# litmus-run-compare/1 of two of those runs (each kind of finding it can
# give without hardware), against their models and across arches; fences
# on two C11 tests with the host's compiler; --probe (its numbers are not
# checked, only their form); the synthetic run of bench/gen-results.py.
# scripts/bench needs real cores and seconds: a sample of its
# litmus-run-bench/1 is validated here, its own output in make regtest
# (tests/bench-smoke.sh).  Then each schema must refuse a document with a
# member missing, mistyped or unknown.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || skip "jq needed to doctor documents"
sc="$LT_BUILDDIR/tests/schema-check"
schema_dir="$LT_SRCDIR/doc/schema"
c="$LT_SRCDIR/tests-litmus/c"
go="$LT_SRCDIR/tests-litmus/go/c"
# valid SCHEMA DOC...: each document passes.
valid() {
	schema=$1; shift
	"$sc" "$schema_dir/$schema" "$@" >"$LT_TMP/sc.out" 2>&1 ||
		fail "does not validate against $schema: $(head -n 5 "$LT_TMP/sc.out")"
}
# refused SCHEMA DOC JQ MESSAGE: DOC doctored by JQ fails with MESSAGE.
refused() {
	jq "$3" "$2" >"$LT_TMP/bad.json" || fail "jq $3"
	code=0
	"$sc" "$schema_dir/$1" "$LT_TMP/bad.json" >"$LT_TMP/sc.out" 2>&1 || code=$?
	[ "$code" = 1 ] || fail "$1 passes $3 (exit $code)"
	grep -qF "$4" "$LT_TMP/sc.out" || fail "$1, $3: $(head -n 3 "$LT_TMP/sc.out")"
}

# 1. Runs of fake kernels, two nights apart: A, then B where MP+rel+acq
#    shows a forbidden state, SB+sc's witness rate moved and one of its
#    outcomes is gone, Go-SB+atomic's
#    kernel crashes, MP+wmb+rmb is new and SB+relaxed is gone.
lt_fake_kernels
run() {
	"$LT_TOOL" --arch=aarch64 --cc="$LT_TMP/fakecc" --exec="$LT_TMP/qemu-aarch64" -q "$@"
}
lt_fake_hist SB+sc "4000 0:r0=0 1:r0=1" "3000 0:r0=1 1:r0=0" "2990 0:r0=1 1:r0=1" "10 0:r0=0 1:r0=0"
lt_fake_hist Go-SB+atomic "50 0:r0=0 1:r0=1" "50 0:r0=1 1:r0=0"
lt_fake_hist MP+rel+acq "50 1:r0=0 1:r1=0" "50 1:r0=1 1:r1=1"
lt_fake_hist SB+relaxed "40 0:r0=0 1:r0=0" "60 0:r0=1 1:r0=1"
lt_fake_hist MP+wmb+rmb "50 1:r0=0 1:r1=0" "50 1:r0=1 1:r1=1"
run -n 100 -o "$LT_TMP/A" "$c/SB+sc.litmus" "$go/Go-SB+atomic.litmus" "$c/MP+rel+acq.litmus" \
	"$c/SB+relaxed.litmus" >/dev/null 2>&1 || fail "run A exited $?"
lt_fake_hist SB+sc "3000 0:r0=0 1:r0=1" "2000 0:r0=1 1:r0=0" "5000 0:r0=0 1:r0=0"
lt_fake_hist MP+rel+acq "45 1:r0=0 1:r1=0" "50 1:r0=1 1:r1=1" "5 1:r0=1 1:r1=0"
rm "$LT_TMP/raw/Go-SB+atomic.raw"
code=0
run -n 200 -o "$LT_TMP/B" "$c/SB+sc.litmus" "$go/Go-SB+atomic.litmus" "$c/MP+rel+acq.litmus" \
	"$c/MP+wmb+rmb.litmus" >/dev/null 2>&1 || code=$?
[ "$code" = 1 ] || fail "run B exited $code, not 1 (a forbidden state)"
"$LT_TOOL" merge "$LT_TMP/M" "$LT_TMP/A" "$LT_TMP/B" >/dev/null || fail "merge failed"
"$LT_TOOL" --check-only --json="$LT_TMP/x86.json" "$LT_SRCDIR/tests-litmus/x86_64/SB.litmus" \
	>/dev/null || fail "--check-only failed"
valid litmus-run-1.json "$LT_TMP/A/run.json" "$LT_TMP/B/run.json" "$LT_TMP/M/run.json" \
	"$LT_TMP/x86.json"
jq -e '[.tests[].status] | index("crashed") or index("error")' "$LT_TMP/B/run.json" >/dev/null ||
	fail "run B has no failed test: $(jq -c '[.tests[].status]' "$LT_TMP/B/run.json")"
echo "ok: litmus-run/1: two runs, their merge, a --check-only run"

# 2. compare: the runs (exit 1: alerts), A against its models, and runs of
#    two arches (--force).
code=0
"$LT_TOOL" compare -q --json="$LT_TMP/cmp.json" "$LT_TMP/A" "$LT_TMP/B" >/dev/null || code=$?
[ "$code" = 1 ] || fail "compare A B exited $code, not 1"
"$LT_TOOL" compare -q --model --json="$LT_TMP/model.json" "$LT_TMP/A" >/dev/null
"$LT_TOOL" compare -q --force --json="$LT_TMP/arches.json" "$LT_TMP/x86.json" "$LT_TMP/A" \
	>/dev/null
valid litmus-run-compare-1.json "$LT_TMP/cmp.json" "$LT_TMP/model.json" "$LT_TMP/arches.json"
kinds=$(jq -r '[.findings[].kind] | unique | join(" ")' "$LT_TMP/cmp.json" "$LT_TMP/model.json" \
	"$LT_TMP/arches.json" | tr ' ' '\n' | sort -u | paste -sd' ' -)
for k in config forbidden known outcome-new outcome-gone rate status test-added \
	test-removed arch allowed-unseen; do
	case " $kinds " in *" $k "*) ;; *) fail "compare gave no '$k' finding to validate ($kinds)" ;; esac
done
echo "ok: litmus-run-compare/1: $kinds"

# 3. fences on two C11 tests, with the host's compiler.
if command -v cc >/dev/null 2>&1; then
	"$LT_TOOL" fences --cc=cc --json="$LT_TMP/fences.json" \
		"$LT_SRCDIR/tests-litmus/c11/SB+sc.sc+sc.sc.litmus" \
		"$LT_SRCDIR/tests-litmus/c11/MP+rlx.rel+acq.rlx.litmus" >/dev/null ||
		fail "fences exited $?"
	valid litmus-run-fences-1.json "$LT_TMP/fences.json"
	# --run's object, as fences --run writes it (its real documents are
	# validated by tests/fences-run.sh, which runs kernels).
	jq '.results[0].run = {status: "ok", emulated: false, iterations: 1000, outcomes: 1,
		outside_compiled: [], forbidden_at_source: [{state: .results[0].compiled_allowed[0], count: 3}]}' \
		"$LT_TMP/fences.json" >"$LT_TMP/fences-run.json"
	valid litmus-run-fences-1.json "$LT_TMP/fences-run.json"
	refused litmus-run-fences-1.json "$LT_TMP/fences-run.json" 'del(.results[0].run.emulated)' emulated
	jq -e '.results | length == 2' "$LT_TMP/fences.json" >/dev/null || fail "fences: not 2 cells"
	# An unsupported cell (a compiler that does not exist) has its own form.
	"$LT_TOOL" fences --cc=no-such-cc --json="$LT_TMP/fences-u.json" \
		"$LT_SRCDIR/tests-litmus/c11/SB+sc.sc+sc.sc.litmus" >/dev/null 2>&1 || true
	valid litmus-run-fences-1.json "$LT_TMP/fences-u.json"
	jq -e '.results[0].verdict | startswith("unsupported: ")' "$LT_TMP/fences-u.json" \
		>/dev/null || fail "fences with no compiler: $(jq -c '.results[0].verdict' "$LT_TMP/fences-u.json")"
	echo "ok: litmus-run-fences/1: two sound cells, an unsupported one"
else
	echo "note: no cc: fences' document not made here"
fi

# 4. --probe: a pair's round trip; on a single PU or without hwloc there is
#    no document (exit 77, 2), and a pair that timed out has its own form.
code=0
"$LT_TOOL" --probe --probe-rounds=100 --json="$LT_TMP/probe.json" >/dev/null 2>&1 || code=$?
case $code in
0|4) valid litmus-run-probe-1.json "$LT_TMP/probe.json"
     echo "ok: litmus-run-probe/1 (exit $code)" ;;
*) echo "note: --probe exited $code (a single PU or no hwloc): its document not made here" ;;
esac

# 5. scripts/bench's document (a stored sample), bench/gen-results.py's run.
valid litmus-run-bench-1.json "$schema_dir/examples/litmus-run-bench-1.json"
if command -v python3 >/dev/null 2>&1; then
	python3 "$LT_SRCDIR/bench/gen-results.py" --tests 4 "$LT_TMP/gen.json" ||
		fail "gen-results.py failed"
	valid litmus-run-1.json "$LT_TMP/gen.json"
	"$LT_TOOL" compare -q "$LT_TMP/gen.json" "$LT_TMP/gen.json" >/dev/null ||
		fail "compare of gen-results.py's run failed"
	echo "ok: litmus-run-bench/1 sample; bench/gen-results.py writes litmus-run/1"
fi

# 6. Each schema catches a missing, a mistyped and an unknown member.
b="$LT_TMP/B/run.json"
refused litmus-run-1.json "$b" 'del(.tests[0].status)' 'required member "status" is missing'
refused litmus-run-1.json "$b" '.tests[0].iterations = 1.5' '/tests/0/iterations: expected type "integer"'
refused litmus-run-1.json "$b" '.tests[0].colour = 1' '/tests/0/colour: member not allowed here'
refused litmus-run-1.json "$LT_TMP/M/run.json" '.merged_runs = "A"' '/merged_runs: expected type "array"'
refused litmus-run-compare-1.json "$LT_TMP/cmp.json" 'del(.findings[0].kind)' 'required member "kind" is missing'
refused litmus-run-compare-1.json "$LT_TMP/cmp.json" '.findings[0].kind = "weather"' 'is not one of the allowed values'
refused litmus-run-compare-1.json "$LT_TMP/cmp.json" '.alerts = "3"' '/alerts: expected type "integer"'
refused litmus-run-compare-1.json "$LT_TMP/cmp.json" 'del(.b)' 'matches none of anyOf'
refused litmus-run-compare-1.json "$LT_TMP/model.json" '.b = "x"' 'matches none of anyOf'
refused litmus-run-bench-1.json "$schema_dir/examples/litmus-run-bench-1.json" \
	'del(.results[0].iterations_per_s)' 'matches none of anyOf'
refused litmus-run-bench-1.json "$schema_dir/examples/litmus-run-bench-1.json" \
	'.results[0].witness_fraction = 2' 'above the maximum'
refused litmus-run-bench-1.json "$schema_dir/examples/litmus-run-bench-1.json" \
	'.probe.pus = [0]' '/probe/pus: too few items'
if [ -f "$LT_TMP/fences.json" ]; then
	refused litmus-run-fences-1.json "$LT_TMP/fences.json" 'del(.results[0].threads)' \
		'required member "threads" is missing'
	refused litmus-run-fences-1.json "$LT_TMP/fences.json" \
		'.results[0].threads[0].accesses[0].order = "relaxed"' 'is not one of the allowed values'
	refused litmus-run-fences-1.json "$LT_TMP/fences.json" '.results[0].extra_states = [{"0:r0": 1}]' \
		'matches none of anyOf'
	refused litmus-run-fences-1.json "$LT_TMP/fences.json" '.results[0].verdict = "fine"' \
		'does not match'
fi
if [ -f "$LT_TMP/probe.json" ]; then
	refused litmus-run-probe-1.json "$LT_TMP/probe.json" 'del(.probes[0].status)' \
		'required member "status" is missing'
	refused litmus-run-probe-1.json "$LT_TMP/probe.json" '.probes[0].pus = [0, 1, 2]' \
		'/probes/0/pus: too many items'
	refused litmus-run-probe-1.json "$LT_TMP/probe.json" '.host.pus = "2"' \
		'/host/pus: expected type "integer"'
	refused litmus-run-probe-1.json "$LT_TMP/probe.json" \
		'.probes[0] |= (.status = "timeout" | .reason = "budget")' 'matches none of oneOf'
fi
echo "ok: each schema refuses a missing, mistyped or unknown member"
