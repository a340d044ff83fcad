#!/bin/sh
# SPDX-License-Identifier: MIT
# litmus-run fences --run against the machine (real cores; make regtest):
# every outcome a native run of the lifted tests (the compiled code the
# cells checked) observes must be in the cell's compiled_allowed (the arch
# model on the lifted code) and in its source_allowed (c11); gcc -O2 on the
# x86_64 host.  Only inclusion is asserted, never that an outcome shows, so
# a loaded machine makes it slower, not red.
#   make check TESTS=tests/fences-run.sh  (2000 iterations, both C suites)
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "an x86_64 host runs this"
command -v gcc >/dev/null || skip "no gcc"
n=${1:-2000}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- "$LT_SRCDIR/tests-litmus/c11" "$LT_SRCDIR/tests-litmus/c"
code=0
"$LT_TOOL" fences --arch=x86_64 --cc=gcc --cflags=-O2 --run -n "$n" -o "$LT_TMP/f" \
	--json="$LT_TMP/f.json" "$@" >"$LT_TMP/out" 2>&1 || code=$?
grep '^run ' "$LT_TMP/out" || { tail -n 5 "$LT_TMP/out"; fail "no run line (exit $code)"; }
[ "$code" = 0 ] || { grep -A3 '^run ' "$LT_TMP/out"; fail "fences --run exited $code"; }
"$LT_BUILDDIR/tests/schema-check" "$LT_SRCDIR/doc/schema/litmus-run-fences-1.json" "$LT_TMP/f.json" \
	>"$LT_TMP/sc.out" 2>&1 || fail "the --run document does not validate: $(head -n 3 "$LT_TMP/sc.out")"
jq -e '[.results[] | select(.run == null)] | length == 0' "$LT_TMP/f.json" >/dev/null ||
	fail "a cell has no run result"
jq -e 'all(.results[].run; (.outside_compiled | length) == 0 and
	(.forbidden_at_source | length) == 0 and .emulated == false)' "$LT_TMP/f.json" >/dev/null ||
	fail "an observed outcome is outside compiled_allowed or source_allowed"
jq -r '"fences-run: \([.results[].run] | length) tests, \([.results[].run.outcomes] | add) outcomes observed, none outside compiled_allowed or source_allowed"' "$LT_TMP/f.json"
# Without -o, a clean run's directory under TMPDIR is removed.
mkdir "$LT_TMP/tmp"
code=0
TMPDIR="$LT_TMP/tmp" "$LT_TOOL" fences --arch=x86_64 --cc=gcc --run -n 200 \
	"$LT_SRCDIR/tests-litmus/c11/MP+rlx.rel+acq.rlx.litmus" >"$LT_TMP/out" 2>&1 || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/out"; fail "fences --run without -o exited $code"; }
left=$(find "$LT_TMP/tmp" -maxdepth 1 -name 'litmus-run-fences.*')
[ -z "$left" ] || fail "a clean run left $left"
