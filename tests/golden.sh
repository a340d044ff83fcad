#!/bin/sh
# SPDX-License-Identifier: MIT
# Code generation golden tests: tests/golden/NAME.litmus -> NAME.c, exactly.
# tests/golden/ARCH/ holds another arch's pairs, generated with --arch=ARCH
# and compiled with that arch's cross compiler when it is installed.
# tests/golden/c/ holds C litmus tests: target-neutral, generated without
# --arch and compiled with cc and with every cross compiler installed.
# LT_REGEN=1 rewrites the expected files (review the diff before committing).
. "$(dirname "$0")/lib.sh"

# The compiler that checks ARCH's kernels: cc for the host's own arch.
arch_cc() {
	if [ -z "$1" ]; then echo cc; else lt_arch_cc "$1"; fi
}

# A C test's kernel: the same source for every target, so it must compile
# with each compiler at hand.
golden_c() {
	want="${1%.litmus}.c"
	(cd "$(dirname "$1")" && "$LT_TOOL" --print-kernel "$(basename "$1")") \
		>"$LT_TMP/got.c" 2>"$LT_TMP/err" || fail "$2: $(cat "$LT_TMP/err")"
	if [ "${LT_REGEN:-0}" = 1 ]; then
		cp "$LT_TMP/got.c" "$want"
	elif ! diff -u "$want" "$LT_TMP/got.c"; then
		fail "$2: generated kernel differs from $(basename "$want")"
	fi
	for cc in cc $(for a in $(lt_arches native=no); do lt_arch_field "$a" cc; done); do
		command -v "$cc" >/dev/null 2>&1 || continue
		"$cc" -std=gnu11 -O2 -c -o "$LT_TMP/got.o" -Wall -Werror -I"$LT_SRCDIR/src/runtime" \
			-I"$LT_SRCDIR/arch" -x c "$LT_TMP/got.c" 2>"$LT_TMP/cc" ||
			fail "$2: does not compile with $cc: $(cat "$LT_TMP/cc")"
	done
}

n=0
nocc=
for t in "$LT_SRCDIR"/tests/golden/*.litmus "$LT_SRCDIR"/tests/golden/*/*.litmus; do
	[ -e "$t" ] || continue
	dir=$(dirname "$t")
	arch=
	[ "$dir" = "$LT_SRCDIR/tests/golden" ] || arch=$(basename "$dir")
	name=${arch:+$arch/}$(basename "$t")
	if [ "$arch" = c ]; then
		golden_c "$t" "$name"
		n=$((n + 1))
		continue
	fi
	want="${t%.litmus}.c"
	(cd "$dir" && "$LT_TOOL" ${arch:+--arch="$arch"} --print-kernel "$(basename "$t")") \
		>"$LT_TMP/got.c" 2>"$LT_TMP/err" || fail "$name: $(cat "$LT_TMP/err")"
	if [ "${LT_REGEN:-0}" = 1 ]; then
		cp "$LT_TMP/got.c" "$want"
	elif ! diff -u "$want" "$LT_TMP/got.c"; then
		fail "$name: generated kernel differs from $(basename "$want")"
	fi
	n=$((n + 1))
	# The golden source must also compile and assemble (no link, no run):
	# the assembler is what checks every emitted instruction.
	cc=$(arch_cc "$arch")
	if ! command -v "$cc" >/dev/null 2>&1; then
		case " $nocc " in *" $cc "*) ;; *) nocc="$nocc $cc" ;; esac
		continue
	fi
	"$cc" -std=gnu11 -c -o "$LT_TMP/got.o" -Wall -Werror -I"$LT_SRCDIR/src/runtime" \
		-I"$LT_SRCDIR/arch" -x c "$LT_TMP/got.c" 2>"$LT_TMP/cc" || fail "$name: does not compile: $(cat "$LT_TMP/cc")"
done
[ "$n" -gt 0 ] || skip "no golden tests"
[ -z "$nocc" ] || echo "note: not installed, syntax check skipped:$nocc"
echo "ok: $n golden kernels"
