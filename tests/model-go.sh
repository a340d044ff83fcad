#!/bin/sh
# SPDX-License-Identifier: MIT
# Go tests without hardware.  The Go memory model (--model=go, the default
# of a Go test) against hand-written kinds.txt: tests-litmus/go (the Go
# suite; its c/ folder, the same examples in C, is model-c11.sh's) and
# tests/model/go (the model's reference tests); litmus-run --check-only
# must give every test its listed verdict.  Then the generator: each Go
# test's kernel carries its Go program, one exported function per
# goroutine that the kernel's thread calls, and the program is valid Go
# (gofmt -e, when the Go toolchain is installed).
. "$(dirname "$0")/lib.sh"
total=0
for dir in tests-litmus/go tests/model/go; do
	d="$LT_SRCDIR/$dir"
	[ -f "$d/kinds.txt" ] || fail "$dir/kinds.txt is missing"
	ls "$d"/*.litmus >"$LT_TMP/list"
	[ "$(wc -l <"$LT_TMP/list")" = "$(wc -l <"$d/kinds.txt")" ] ||
		fail "$dir/kinds.txt does not list every test"
	j="$LT_TMP/$(echo "$dir" | tr / _).json"
	code=0
	"$LT_TOOL" --check-only --json="$j" "@$LT_TMP/list" >"$LT_TMP/out.log" 2>"$LT_TMP/err.log" || code=$?
	[ "$code" = 0 ] || { cat "$LT_TMP/err.log" >&2; fail "litmus-run --check-only $dir exited $code"; }
	"$LT_BUILDDIR/tests/kinds-check" "$d/kinds.txt" "$j" >"$LT_TMP/check.log" ||
		{ cat "$LT_TMP/check.log"; fail "$dir: the go model disagrees with kinds.txt"; }
	echo "$dir: $(tail -n 1 "$LT_TMP/check.log")"
	total=$((total + $(grep -c '^ok: ' "$LT_TMP/check.log")))
done
echo "ok: $total verdicts of the go model as kinds.txt"

n=0
for t in "$LT_SRCDIR"/tests-litmus/go/*.litmus; do
	name=$(basename "$t" .litmus)
	"$LT_TOOL" --print-kernel "$t" >"$LT_TMP/k.c" 2>"$LT_TMP/err" || fail "$name: $(cat "$LT_TMP/err")"
	sed -n '/^\/\* LT-GO-SOURCE-BEGIN$/,/^LT-GO-SOURCE-END \*\/$/p' "$LT_TMP/k.c" |
		sed '1d;$d' >"$LT_TMP/k.go"
	threads=$(grep -c '^P[0-9]*()' "$t")
	[ "$(grep -c '^func LtThread[0-9]*(' "$LT_TMP/k.go")" = "$threads" ] ||
		fail "$name: the Go program does not export one function per goroutine"
	[ "$(grep -c '^	LtThread[0-9]*(run, thread);$' "$LT_TMP/k.c")" = "$threads" ] ||
		fail "$name: the kernel's threads do not call the goroutines"
	if command -v gofmt >/dev/null 2>&1; then
		gofmt -e -l "$LT_TMP/k.go" >/dev/null 2>"$LT_TMP/err" ||
			fail "$name: the generated Go does not parse: $(cat "$LT_TMP/err")"
	fi
	n=$((n + 1))
done
command -v gofmt >/dev/null 2>&1 || echo "note: gofmt not installed: the generated Go not parsed"
echo "ok: $n Go kernels carry their Go program"
