#!/bin/sh
# SPDX-License-Identifier: MIT
# The Linux-kernel memory model against tests-litmus/kernel, one test per
# kernel primitive: every test is recognised as a kernel test (its default
# model is lkmm), gets its kinds.txt verdict, and --check-only prints the
# report herd7 printed for it with the kernel's linux-kernel.cfg (kept in
# tests/lkmm/NAME.herd, its Time and Hash lines dropped): the same states,
# Ok/No, witnesses and observation.  No hardware, no herd7 needed.
. "$(dirname "$0")/lib.sh"
d="$LT_SRCDIR/tests-litmus/kernel"
[ -f "$d/kinds.txt" ] || fail "tests-litmus/kernel/kinds.txt is missing"
j="$LT_TMP/kernel.json"
code=0
"$LT_TOOL" --check-only --json="$j" "$d" >"$LT_TMP/out.log" 2>"$LT_TMP/err.log" || code=$?
[ "$code" = 0 ] || { cat "$LT_TMP/err.log" >&2; fail "litmus-run --check-only exited $code"; }
"$LT_BUILDDIR/tests/kinds-check" "$d/kinds.txt" "$j" >"$LT_TMP/check.log" ||
	{ cat "$LT_TMP/check.log"; fail "the lkmm model disagrees with kinds.txt"; }
echo "tests-litmus/kernel: $(tail -n 1 "$LT_TMP/check.log")"
n=0
for f in "$d"/*.litmus; do
	name=$(basename "$f" .litmus)
	want="$LT_SRCDIR/tests/lkmm/$name.herd"
	[ -f "$want" ] || fail "tests/lkmm/$name.herd is missing"
	"$LT_TOOL" --check-only "$f" 2>"$LT_TMP/err.log" |
		grep -v '^Hash=\|^Time ' | sed '/^$/d' >"$LT_TMP/got" ||
		{ cat "$LT_TMP/err.log" >&2; fail "$name: --check-only failed"; }
	# herd7 names its model's report by the test; litmus-run by its own
	grep -q "^Test $name " "$LT_TMP/got" || fail "$name: no report"
	diff -u "$want" "$LT_TMP/got" >"$LT_TMP/diff" ||
		{ cat "$LT_TMP/diff"; fail "$name: not herd7's LKMM report"; }
	"$LT_TOOL" --check-only --json="$LT_TMP/one.json" "$f" >/dev/null 2>&1
	grep -q '"name": *"lkmm"' "$LT_TMP/one.json" ||
		fail "$name: not judged by lkmm by default"
	n=$((n + 1))
done
echo "tests-litmus/kernel: $n reports identical to herd7's with LKMM"
