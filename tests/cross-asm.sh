#!/bin/sh
# SPDX-License-Identifier: MIT
# Asm-shape test for the foreign arches: every kernel of tests-litmus/ppc64le
# and tests-litmus/riscv64 is generated, assembled with the arch's cross
# compiler, and its object must hold each barrier/atomic the test names.
# An arch whose cross compiler is absent is skipped.
. "$(dirname "$0")/lib.sh"
n=0
for arch in ppc64le riscv64; do
	case $arch in
	ppc64le) cc=powerpc64le-linux-gnu-gcc
		 words='sync lwsync hwsync isync eieio lwarx ldarx stwcx. stdcx.' ;;
	riscv64) cc=riscv64-linux-gnu-gcc
		 words='fence fence.tso fence.i lr.w lr.d sc.w sc.d amoswap amoadd amoand amoor amoxor' ;;
	esac
	objdump=${cc%gcc}objdump
	if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$objdump" >/dev/null 2>&1; then
		echo "note: $cc absent; $arch kernels not assembled"
		continue
	fi
	for t in "$LT_SRCDIR/tests-litmus/$arch"/*.litmus; do
		name="$arch/$(basename "$t")"
		"$LT_TOOL" --arch="$arch" --print-kernel "$t" >"$LT_TMP/k.c" 2>"$LT_TMP/err" ||
			fail "$name: $(cat "$LT_TMP/err")"
		"$cc" -std=gnu11 -O2 -c -I"$LT_SRCDIR/src/runtime" -I"$LT_SRCDIR/arch" \
			-o "$LT_TMP/k.o" "$LT_TMP/k.c" 2>"$LT_TMP/cc" ||
			fail "$name: does not assemble with $cc: $(cat "$LT_TMP/cc")"
		"$objdump" -d "$LT_TMP/k.o" | awk -F'\t' 'NF >= 3 { print $3 }' |
			awk '{ print $1 }' >"$LT_TMP/mn"
		# Instructions of the test's thread table (after the thread header).
		sed -n '/^ *P0/,/^\(exists\|~exists\|forall\|locations\|filter\)/p' "$t" |
			tr '|;' '\n\n' | sed 's/^ *[A-Za-z0-9_]*: *//' | awk '{ print $1 }' |
			tr 'A-Z' 'a-z' >"$LT_TMP/used"
		for w in $words; do
			grep -qx -- "$w\(\.[a-z.]*\)\{0,1\}" "$LT_TMP/used" || continue
			# objdump shows sync under its Power ISA 2.x name, hwsync.
			case $w in
			sync|hwsync) pat='^\(hw\)\{0,1\}sync$' ;;
			*) pat="^$w" ;;
			esac
			grep -q -- "$pat" "$LT_TMP/mn" ||
				fail "$name: '$w' is in the test but not in the assembled kernel"
		done
		n=$((n + 1))
	done
done
[ "$n" -gt 0 ] || skip "no cross compiler found"
echo "ok: $n foreign kernels assembled"
