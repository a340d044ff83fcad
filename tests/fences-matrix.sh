#!/bin/sh
# SPDX-License-Identifier: MIT
# The full compiler-fence matrix (not part of make check: minutes, not
# seconds): tests-litmus/c11 and tests-litmus/c, gcc -O0/-O2/-O3 and clang
# -O0/-O2 for every arch fences lifts (`--list-arches`: fences=yes), and AArch64 with LSE
# (-march=armv8.1-a).  Prints each run's summary line and the time taken.
#   tests/fences-matrix.sh [LITMUS_RUN [OUTDIR]]
# Exit 1 if any cell is a BUG.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
tool=${1:-$top/build/litmus-run}
out=${2:-${TMPDIR:-/tmp}/fences-matrix}
mkdir -p "$out"
rc=0
start=$(date +%s)
run() {
	name=$1; shift
	"$tool" fences -j"$(nproc)" --json="$out/$name.json" "$@" \
		"$top/tests-litmus/c11" "$top/tests-litmus/c" >"$out/$name.txt" 2>&1
	code=$?
	[ $code -eq 1 ] && rc=1
	[ $code -gt 1 ] && { echo "$name: exit $code"; tail -n 5 "$out/$name.txt"; rc=2; }
	echo "$name: $(tail -n 1 "$out/$name.txt")"
}
arches=$("$tool" --list-arches | sed -n 's/^name=\([^ ]*\) .* fences=yes.*/--arch=\1/p')
run gcc $arches --cc=gcc --cflags=-O0 --cflags=-O2 --cflags=-O3
run clang $arches --cc=clang --cflags=-O0 --cflags=-O2
run lse --arch=aarch64 --cc=gcc --cc=clang "--cflags=-O2 -march=armv8.1-a" "--cflags=-O0 -march=armv8.1-a"
echo "matrix: $(( $(date +%s) - start )) s"
exit $rc
