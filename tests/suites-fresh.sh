#!/bin/sh
# SPDX-License-Identifier: MIT
# The committed standard suites (tests-litmus/<arch>/*.litmus, kinds.txt)
# must be exactly what scripts/gen-suites produces now: regenerate into a
# temporary directory and compare.  Fix a failure with scripts/gen-suites.
. "$(dirname "$0")/lib.sh"
gen="$LT_BUILDDIR/litmus-gen"
[ -x "$gen" ] || fail "$gen not built"
sh "$LT_SRCDIR/scripts/gen-suites" "$gen" "$LT_TMP/suites" >/dev/null ||
	fail "scripts/gen-suites failed"
for arch in $(lt_arches); do
	ls "$LT_SRCDIR/tests-litmus/$arch" | grep -E '\.litmus$|^kinds\.txt$' >"$LT_TMP/have"
	ls "$LT_TMP/suites/$arch" >"$LT_TMP/want"
	diff -u "$LT_TMP/want" "$LT_TMP/have" >"$LT_TMP/d" ||
		fail "tests-litmus/$arch: files differ from scripts/gen-suites (run it):
$(cat "$LT_TMP/d")"
	while read -r f; do
		cmp -s "$LT_TMP/suites/$arch/$f" "$LT_SRCDIR/tests-litmus/$arch/$f" ||
			fail "tests-litmus/$arch/$f is stale: run scripts/gen-suites"
	done <"$LT_TMP/want"
	# At least 50 tests per arch (a TSO arch with one fence and no
	# dependencies gets about 52), each with an expectation.
	n=$(grep -c '\.litmus$' "$LT_TMP/want")
	[ "$n" -ge 50 ] || fail "$arch: only $n generated tests"
	k=$(wc -l <"$LT_TMP/suites/$arch/kinds.txt")
	[ "$k" -eq "$n" ] || fail "$arch: $n tests but $k expectations"
done
echo "ok: the standard suites ($(lt_arches | tr '\n' ' ' | sed 's/ $//')) are what litmus-gen generates"

# The layout through an @list (a file, a subfolder; paths relative to the
# list), filtered by --include/--exclude on test names.
printf '%s\n' "$LT_SRCDIR/tests-litmus/x86_64/SB.litmus" "# a comment" \
	"$LT_SRCDIR/tests-litmus/x86_64/rmw" >"$LT_TMP/l.list"
"$LT_TOOL" --check-only "@$LT_TMP/l.list" "$LT_SRCDIR/tests-litmus/x86_64" \
	--include='SB*' --include='MP+*' --exclude='*+po*' --exclude='*fence*' \
	>"$LT_TMP/out" 2>"$LT_TMP/err" || fail "check-only over the list: $(cat "$LT_TMP/err")"
grep '^Test ' "$LT_TMP/out" | cut -d' ' -f2 | sort >"$LT_TMP/names"
# The directory is recursive: rmw/ comes twice, once through the list.
printf '%s\n' MP+xadd MP+xadd SB SB SB+lock-adds SB+lock-adds SB+xchgs | sort >"$LT_TMP/want"
diff -u "$LT_TMP/want" "$LT_TMP/names" || fail "--include/--exclude selected the wrong tests"
code=0
"$LT_TOOL" --check-only --include='NoSuchTest*' "$LT_SRCDIR/tests-litmus/x86_64" \
	>/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] && grep -q "no test name matches" "$LT_TMP/err" ||
	fail "an empty selection must exit 2 (got $code: $(cat "$LT_TMP/err"))"
echo "ok: @lists, subfolders and --include/--exclude select by test name"
