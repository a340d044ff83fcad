#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/bench runs the committed kernels bench/*.c (so that it needs only
# cc): they must be exactly what litmus-run generates now, barrier and
# perpetual, and a perpetual kernel exists iff the test is eligible.  Fix a
# failure with `scripts/bench --regen build/litmus-run -r 1 -n 1000`.
. "$(dirname "$0")/lib.sh"
suite="$LT_SRCDIR/tests-litmus/x86_64"
for t in SB MP LB R 2+2W SB+mfences; do
	"$LT_TOOL" --print-kernel "$suite/$t.litmus" | sed 1d >"$LT_TMP/k.c" ||
		fail "$t: --print-kernel failed"
	cmp -s "$LT_TMP/k.c" "$LT_SRCDIR/bench/$t.c" ||
		fail "bench/$t.c is stale: run scripts/bench --regen"
	if "$LT_TOOL" --sync=perpetual --print-kernel "$suite/$t.litmus" \
		>"$LT_TMP/p.c" 2>/dev/null; then
		sed 1d "$LT_TMP/p.c" >"$LT_TMP/k.c"
		cmp -s "$LT_TMP/k.c" "$LT_SRCDIR/bench/$t-perpetual.c" ||
			fail "bench/$t-perpetual.c is stale or missing: run scripts/bench --regen"
	else
		[ ! -e "$LT_SRCDIR/bench/$t-perpetual.c" ] ||
			fail "bench/$t-perpetual.c exists but $t is not eligible for perpetual"
	fi
done
echo "ok: bench/*.c are what litmus-run generates"

# scripts/bench itself runs (a tiny smoke run, never a timing check): its
# JSON holds one entry per configuration kept by -t/-m, R is not eligible
# for perpetual, fractions and ratios follow from the rates.
if [ "$(uname -m)" = x86_64 ] && command -v jq >/dev/null 2>&1; then
	sh "$LT_SRCDIR/scripts/bench" -r 1 -n 2000 -t SB,R -m spin,perpetual \
		-o "$LT_TMP/bench.json" >"$LT_TMP/bench.out" 2>&1 ||
		fail "scripts/bench failed: $(cat "$LT_TMP/bench.out")"
	jq -e '.schema == "litmus-run-bench/1" and (.results | length) == 4 and
		.probe.limit_iterations_per_s > 0 and (.probe.rtt_ns_medians | length) == 2 and
		([.results[] | select(.test == "R" and .config == "perpetual") | .eligible] == [false]) and
		([.results[] | select(.eligible) | .iterations_per_s > 0 and
			.witnesses_per_s <= .iterations_per_s and
			.witness_fraction >= 0 and .witness_fraction <= 1] | all)' \
		"$LT_TMP/bench.json" >/dev/null ||
		fail "scripts/bench JSON malformed: $(cat "$LT_TMP/bench.json")"
	grep -q "not eligible" "$LT_TMP/bench.out" || fail "scripts/bench: R perpetual not marked"
	sh "$LT_SRCDIR/scripts/bench" -t NOPE >/dev/null 2>&1 && fail "scripts/bench -t NOPE accepted"
	echo "ok: scripts/bench runs and writes its JSON"
fi
