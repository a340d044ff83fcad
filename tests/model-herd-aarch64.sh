#!/bin/sh
# SPDX-License-Identifier: MIT
# The armv8 model against herd7 7.58 (aarch64.cat): litmus-run --check-only
# over herd's AArch64 catalogue must allow exactly the states herd.log lists
# for each of the 70 tests, agree with herd's Ok/No, and give the verdict
# kinds.txt lists (Allowed/Forbidden/Required).  No exclusions.  The
# Positive/Negative counts are not compared: herd counts more executions
# of a CAS than the checker does (doc/models.md, "Models").
. "$(dirname "$0")/lib.sh"
cat="$LT_SRCDIR/../shared/herd-catalogue/aarch64"
[ -d "$cat" ] || skip "$cat absent: no herd catalogue to compare with"
code=0
"$LT_TOOL" --check-only --json="$LT_TMP/model.json" "$cat" >"$LT_TMP/model.log" || code=$?
[ "$code" = 0 ] || fail "litmus-run --check-only exited $code"
"$LT_BUILDDIR/tests/herdlog-check" --model "$cat/herd.log" "$LT_TMP/model.json" 70 \
	"$cat/kinds.txt" >"$LT_TMP/check.log" ||
	{ cat "$LT_TMP/check.log"; fail "the armv8 model disagrees with herd.log or kinds.txt"; }
n=$(grep -c ' as herd)$' "$LT_TMP/check.log")
k=$(grep -c 'as kinds.txt)$' "$LT_TMP/check.log")
[ "$n" = 70 ] || fail "$n of 70 tests agree with herd.log"
echo "ok: $n/70 tests allow herd's states; $k verdicts as kinds.txt"
