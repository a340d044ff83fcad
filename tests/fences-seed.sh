#!/bin/sh
# SPDX-License-Identifier: MIT
# Seeded-bug detection rate of litmus-run fences over tests-litmus/c11 (not
# in make check; tests/fences.sh checks a few cells).  For each seed of
# tests/fences-seed-cc.sh and its arch: the tests forbidden at source whose
# real gcc -O2 code holds the instruction are the candidates; a candidate
# reported BUG is detected; a BUG anywhere else is a false alarm.
#   tests/fences-seed.sh [LITMUS_RUN [OUTDIR]]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-$top/build/litmus-run}
out=${2:-${TMPDIR:-/tmp}/fences-seed}
mkdir -p "$out"
suite=$top/tests-litmus/c11
for pair in mfence:x86_64:mfence dmb-ish:aarch64:dmb ldar:aarch64:ldar stlr:aarch64:stlr \
	sync:ppc64le:sync lwsync:ppc64le:lwsync fence-rw-rw:riscv64:fence; do
	seed=${pair%%:*}; rest=${pair#*:}; arch=${rest%%:*}; insn=${rest#*:}
	"$tool" fences -j"$(nproc)" --arch="$arch" --cc=gcc --json="$out/real-$arch.json" "$suite" >/dev/null 2>&1
	LT_SEED=$seed "$tool" fences -j"$(nproc)" --arch="$arch" --cc="$top/tests/fences-seed-cc.sh" \
		--json="$out/$seed.json" "$suite" >/dev/null 2>&1
	jq -r --arg insn "$insn" --arg seed "$seed" --slurpfile k /dev/null '.results[] |
		select(.lifted != null and (.lifted | ascii_downcase | test("(^|[ |])" + $insn + "([ ,]|$)"; "m"))) | .test' \
		"$out/real-$arch.json" | sort >"$out/$seed.has"
	awk '$2 == "Forbidden" { print $1 }' "$suite/kinds.txt" | sort >"$out/forbidden"
	comm -12 "$out/$seed.has" "$out/forbidden" >"$out/$seed.cand"
	jq -r '.results[] | select(.verdict == "BUG") | .test' "$out/$seed.json" | sort >"$out/$seed.bug"
	cand=$(wc -l <"$out/$seed.cand"); hit=$(comm -12 "$out/$seed.cand" "$out/$seed.bug" | wc -l)
	false=$(comm -13 "$out/$seed.cand" "$out/$seed.bug" | wc -l)
	echo "$seed ($arch): $hit of $cand candidates reported BUG, $false BUG elsewhere"
done
