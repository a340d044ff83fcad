#!/bin/sh
# SPDX-License-Identifier: MIT
# Values in their observable's form, on the hardware: each test of
# tests/forms/ for this machine's arch and in C runs 2000 iterations and
# exits 0, no state judged forbidden (the kernel prints what the model
# computes).  AArch64 and RISC-V tests run under qemu-user when their
# cross compiler and qemu are installed.
. "$(dirname "$0")/lib.sh"
native=$(lt_arches native=yes | head -n 1)
ran=0
for dir in "$LT_SRCDIR"/tests/forms/*/; do
	arch=$(basename "$dir")
	opt=
	case $arch in
	c|"$native") ;;
	*)
		cc=$(lt_arch_field "$arch" cc) q=$(lt_arch_field "$arch" qemu)
		if [ -z "$cc" ] || ! command -v "$cc" >/dev/null 2>&1 ||
		   ! command -v "$q" >/dev/null 2>&1; then
			echo "note: no cross compiler or qemu for $arch: not run"
			continue
		fi
		opt="--arch=$arch"
		;;
	esac
	code=0
	"$LT_TOOL" -q $opt -n 2000 --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/$arch" "$dir" \
		>"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 0 ] || fail "tests/forms/$arch exited $code: $(cat "$LT_TMP/err")"
	! grep -q FORBIDDEN "$LT_TMP/err" || fail "tests/forms/$arch: $(cat "$LT_TMP/err")"
	echo "ok: tests/forms/$arch${opt:+ under qemu}"
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || skip "no arch of tests/forms runs here"
