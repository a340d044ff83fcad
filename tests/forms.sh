#!/bin/sh
# SPDX-License-Identifier: MIT
# Values in their observable's form (doc/litmus-format.md, "Values"):
# litmus-run --check-only on each tests/forms/ARCH/NAME.litmus prints
# exactly NAME.expect (states, condition and verdict).  With herd7 on PATH
# or named by HERD7, the states of every test herd7 reads are also herd7's
# (herd7 reads neither C's unsigned int nor uint64_t constants past 2^63),
# save those tests/forms/herd-differs lists with the reason.
. "$(dirname "$0")/lib.sh"
herd=${HERD7:-herd7}
command -v "$herd" >/dev/null 2>&1 || herd=
n=0 nh=0
for t in "$LT_SRCDIR"/tests/forms/*/*.litmus; do
	name=$(basename "$(dirname "$t")")/$(basename "$t")
	(cd "$(dirname "$t")" && "$LT_TOOL" --check-only "$(basename "$t")") \
		>"$LT_TMP/got" 2>"$LT_TMP/err" || fail "$name: $(cat "$LT_TMP/err")"
	diff -u "${t%.litmus}.expect" "$LT_TMP/got" || fail "$name: --check-only output differs"
	n=$((n + 1))
	[ -n "$herd" ] || continue
	grep -q "^$name " "$LT_SRCDIR/tests/forms/herd-differs" && continue
	"$herd" "$t" >"$LT_TMP/herd" 2>&1 && grep -q '^States' "$LT_TMP/herd" || continue
	# herd writes a state's values in its own order of states: compare sets.
	sed -n '/^States/,/^\(Ok\|No\|Undef\)$/p' "$LT_TMP/herd" | sed '1d;$d' | sort >"$LT_TMP/h"
	sed -n '/^States/,/^\(Ok\|No\|Undef\)$/p' "$LT_TMP/got" | sed '1d;$d' | sort >"$LT_TMP/g"
	diff -u "$LT_TMP/h" "$LT_TMP/g" || fail "$name: states differ from herd7's"
	nh=$((nh + 1))
done
[ "$n" -gt 0 ] || fail "no test in tests/forms"
echo "ok: $n tests as expected, $nh of them as herd7 has them"
