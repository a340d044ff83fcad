#!/bin/sh
# SPDX-License-Identifier: MIT
# litmus-run fences against the machine (x86_64 host, not in make check):
# every outcome a native run of the C tests observes must be one that
# fences' model check allows for the same compiler's code
# (compiled_allowed of gcc -O2 on x86_64).
#   tests/fences-run.sh [LITMUS_RUN [OUTDIR [ITERATIONS [PATH...]]]]
# Prints the tests run, the outcomes seen and any outcome outside
# compiled_allowed; exit 1 if there is one.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-$top/build/litmus-run}
out=${2:-${TMPDIR:-/tmp}/fences-run}
n=${3:-5000}
[ $# -gt 3 ] && shift 3 || set -- "$top/tests-litmus/c11" "$top/tests-litmus/c"
[ "$(uname -m)" = x86_64 ] || { echo "fences-run: an x86_64 host runs this"; exit 77; }
mkdir -p "$out"
"$tool" fences -j"$(nproc)" --arch=x86_64 --cc=gcc --cflags=-O2 --json="$out/fences.json" "$@" \
	>"$out/fences.txt" 2>&1
[ $? -le 1 ] || { tail -n 5 "$out/fences.txt"; exit 2; }
"$tool" --cc=gcc --cflags=-O2 -n "$n" --timeout=30 --no-progress -q -o "$out/run" \
	--json="$out/run.json" "$@" >"$out/run.txt" 2>&1
# Outcomes (sorted key=value strings) seen but not in compiled_allowed.
jq -r --slurpfile f "$out/fences.json" '
	def key: to_entries | sort_by(.key) | map("\(.key)=\(.value)") | join(" ");
	($f[0].results | map({key: .test, value: ((.compiled_allowed // []) | map(key))}) | from_entries) as $allowed
	| .tests[] | select(.histogram != null) | .name as $t
	| .histogram[] | .outcome | key as $o
	| if ($allowed[$t] == null) then "\($t): no fences result"
	  elif ($allowed[$t] | index($o)) then empty
	  else "\($t): observed \($o), not in compiled_allowed" end' "$out/run.json" >"$out/outside"
tests=$(jq '[.tests[] | select(.histogram != null)] | length' "$out/run.json")
seen=$(jq '[.tests[] | .histogram // [] | length] | add' "$out/run.json")
bad=$(wc -l <"$out/outside")
echo "fences-run: $tests tests run ($n iterations each), $seen outcomes observed, $bad outside compiled_allowed"
cat "$out/outside"
[ "$bad" -eq 0 ]
