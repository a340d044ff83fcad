#!/bin/sh
# SPDX-License-Identifier: MIT
# Code generation golden tests: tests/golden/[ARCH/]NAME.litmus -> NAME.c,
# exactly.  Files in a subdirectory are generated with --arch=ARCH and
# compiled with that arch's cross compiler (skipped when it is absent).
# LT_REGEN=1 rewrites the expected files (review the diff before committing).
. "$(dirname "$0")/lib.sh"
n=0
find "$LT_SRCDIR/tests/golden" -name '*.litmus' | sort >"$LT_TMP/list"
[ -s "$LT_TMP/list" ] || skip "no golden tests"
while read -r t; do
	dir=$(dirname "$t")
	arch=${dir#"$LT_SRCDIR/tests/golden"}
	arch=${arch#/}
	want="${t%.litmus}.c"
	name="${arch:+$arch/}$(basename "$t")"
	(cd "$dir" && "$LT_TOOL" ${arch:+"--arch=$arch"} --print-kernel "$(basename "$t")") \
		>"$LT_TMP/got.c" 2>"$LT_TMP/err" || fail "$name: $(cat "$LT_TMP/err")"
	if [ "${LT_REGEN:-0}" = 1 ]; then
		cp "$LT_TMP/got.c" "$want"
	elif ! diff -u "$want" "$LT_TMP/got.c"; then
		fail "$name: generated kernel differs from $(basename "$want")"
	fi
	case "$arch" in
	"") cc=cc ;;
	ppc64le) cc=powerpc64le-linux-gnu-gcc ;;
	riscv64) cc=riscv64-linux-gnu-gcc ;;
	aarch64) cc=aarch64-linux-gnu-gcc ;;
	*) cc=$arch-linux-gnu-gcc ;;
	esac
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "note: $cc absent; $name not compiled"
	else
		# The golden source must also compile (syntax only: no link, no run).
		"$cc" -std=gnu11 -fsyntax-only -Wall -Werror -I"$LT_SRCDIR/src/runtime" \
			-I"$LT_SRCDIR/arch" -x c "$LT_TMP/got.c" 2>"$LT_TMP/cc" ||
			fail "$name: does not compile with $cc: $(cat "$LT_TMP/cc")"
	fi
	n=$((n + 1))
done <"$LT_TMP/list"
echo "ok: $n golden kernels"
