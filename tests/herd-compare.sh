#!/bin/sh
# SPDX-License-Identifier: MIT
# litmus-run's models and every kinds.txt against herd7 (scripts/herd-compare)
# over the standard suites (tests-litmus/*/, rmw/ and c/ included) and the
# reference tests (tests/model/*/).  herd7 is not packaged in Debian: the
# test is skipped, saying so, unless herd7 is on PATH or HERD7 names it
# (doc/models.md, "Checking against herd7", says how to build one).
. "$(dirname "$0")/lib.sh"
herd=${HERD7:-herd7}
command -v "$herd" >/dev/null 2>&1 ||
	skip "herd7 not found (put it on PATH or set HERD7=path to compare with it)"
# The generated C11 suite is compared as RC11 on both sides (--model=rc11,
# herd's rc11.cat, kinds-rc11.txt): herd's default C model
# (c11_partialSC.cat) is neither litmus-run's c11 nor its rc11, and they
# differ on SC fences (IRIW and RWC with Fsc: doc/models.md).
dirs=
for d in "$LT_SRCDIR"/tests-litmus/*/ "$LT_SRCDIR"/tests/model/*/; do
	[ "${d%/}" = "$LT_SRCDIR/tests-litmus/c11" ] && continue
	[ -d "$d" ] && dirs="$dirs ${d%/}"
done
code=0
# shellcheck disable=SC2086
LITMUS_RUN="$LT_TOOL" sh "$LT_SRCDIR/scripts/herd-compare" $dirs >"$LT_TMP/cmp.log" 2>&1 || code=$?
HERD_ARGS_C='-model rc11.cat' LITMUS_RUN="$LT_TOOL" sh "$LT_SRCDIR/scripts/herd-compare" \
	--model=rc11 "$LT_SRCDIR/tests-litmus/c11" >"$LT_TMP/cmp-rc11.log" 2>&1 || code=$?
cat "$LT_TMP/cmp.log" "$LT_TMP/cmp-rc11.log"
[ "$code" = 77 ] && skip "herd-compare could not run herd7"
[ "$code" = 0 ] || fail "litmus-run or a kinds.txt disagrees with herd7 (exit $code)"
for l in cmp cmp-rc11; do
	grep -q '^total: .*: [1-9][0-9]* agree, 0 disagree' "$LT_TMP/$l.log" ||
		fail "no test was compared ($l)"
done
