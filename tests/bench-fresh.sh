#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/bench runs the committed kernels bench/*.c (so that it needs only
# cc): they must be exactly what litmus-run generates now, barrier, auto and
# perpetual, and a perpetual kernel exists iff the test is eligible.  Fix a
# failure with `scripts/bench --regen build/litmus-run -r 1 -n 1000`.
. "$(dirname "$0")/lib.sh"
suite="$LT_SRCDIR/tests-litmus/x86_64"
for t in SB MP LB R 2+2W SB+mfences; do
	"$LT_TOOL" --print-kernel "$suite/$t.litmus" | sed 1d >"$LT_TMP/k.c" ||
		fail "$t: --print-kernel failed"
	cmp -s "$LT_TMP/k.c" "$LT_SRCDIR/bench/$t.c" ||
		fail "bench/$t.c is stale: run scripts/bench --regen"
	"$LT_TOOL" --sync=auto --print-kernel "$suite/$t.litmus" | sed 1d >"$LT_TMP/k.c" ||
		fail "$t: --sync=auto --print-kernel failed"
	cmp -s "$LT_TMP/k.c" "$LT_SRCDIR/bench/$t-auto.c" ||
		fail "bench/$t-auto.c is stale or missing: run scripts/bench --regen"
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
