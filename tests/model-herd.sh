#!/bin/sh
# SPDX-License-Identifier: MIT
# The model against herd7: litmus-run --check-only over herd's x86_64
# catalogue must allow exactly the states herd.log lists for each of the 28
# tests, and print herd's own report for them line for line (herd.log less
# its Time and Hash lines).  No hardware is involved.
. "$(dirname "$0")/lib.sh"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
[ -d "$cat" ] || skip "$cat absent: no herd catalogue to compare with"
code=0
"$LT_TOOL" --check-only --json="$LT_TMP/model.json" "$cat" >"$LT_TMP/model.log" || code=$?
[ "$code" = 0 ] || fail "litmus-run --check-only exited $code"
"$LT_BUILDDIR/tests/herdlog-check" --model "$cat/herd.log" "$LT_TMP/model.json" 28 ||
	fail "the model's allowed states differ from herd.log"
grep -v -e '^Time ' -e '^Hash=' "$cat/herd.log" >"$LT_TMP/herd.log"
diff -u "$LT_TMP/herd.log" "$LT_TMP/model.log" ||
	fail "the --check-only report differs from herd.log"
echo "ok"
