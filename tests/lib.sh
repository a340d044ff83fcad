# SPDX-License-Identifier: MIT
# Helpers for the shell tests (sourced).  Exit 77 marks a skip for automake.
set -u
: "${LT_SRCDIR:?run through make check}"
: "${LT_TOOL:?run through make check}"
LT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lt-test.XXXXXX")
trap 'rm -rf "$LT_TMP"' EXIT
# Kernels built by tests go to a private cache, never the user's.
export LITMUS_RUN_CACHE="${LITMUS_RUN_CACHE:-$LT_BUILDDIR/tests/.cache}"
# make regtest's real runs: a per-test budget that a heavily loaded machine
# (load average far above the PU count) still meets; the tests assert on
# outcome sets, never on speed.
LT_RUN_TIMEOUT=${LT_RUN_TIMEOUT:-900}
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# LT_HWLOC=no: built --without-hwloc, so litmus-run reads no topology.
have_hwloc() { [ "${LT_HWLOC:-yes}" = yes ]; }

# The arches and their fields, as `litmus-run --list-arches` gives them
# (arch/arches.def): tests name no arch list of their own.
LT_ARCH_LIST=$("$LT_TOOL" --list-arches) || fail "litmus-run --list-arches failed"
# lt_arches [native=no]: the arch names (only the foreign ones, say).
lt_arches() {
	printf '%s\n' "$LT_ARCH_LIST" | grep -e "${1:-.}" | sed 's/^name=\([^ ]*\).*/\1/'
}
# lt_arch_field ARCH FIELD: ARCH (its name or herd word) -> its FIELD.
lt_arch_field() {
	printf '%s\n' "$LT_ARCH_LIST" | awk -v a="$1" -v f="$2" '{
		for (i = 1; i <= NF; i++) {
			k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); x[k] = v
		}
		if (x["name"] == a || x["herd"] == a) { print x[f]; exit }
	}'
}
# lt_arch_cc ARCH: the compiler of ARCH's kernels here (cc on the host's own).
lt_arch_cc() {
	if [ "$(lt_arch_field "$1" native)" = yes ]; then echo cc; else lt_arch_field "$1" cc; fi
}

# --enable-valgrind: the tool runs under memcheck (its children do not).
if [ -n "${LT_VALGRIND:-}" ]; then
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions="%s" "%s" "$@"\n' \
		"$LT_SRCDIR/tests/valgrind.supp" "$LT_TOOL" >"$LT_TMP/litmus-run"
	chmod +x "$LT_TMP/litmus-run"
	LT_TOOL="$LT_TMP/litmus-run"
fi

# lt_fake_kernels: kernels without a compiler or a machine, for checking
# what litmus-run makes of chosen histograms with no timing involved.  In
# $LT_TMP: fakecc, a compiler whose "kernel" is an ELF magic and the test's
# name (the build takes any executable ELF file), and qemu-aarch64, whose
# name marks a run emulated, which prints that test's histogram as
# lt_fake_hist wrote it.  Run with --arch=aarch64 --cc="$LT_TMP/fakecc"
# --exec="$LT_TMP/qemu-aarch64".
lt_fake_kernels() {
	mkdir -p "$LT_TMP/raw"
	cat >"$LT_TMP/fakecc" <<'CC'
#!/bin/sh
[ "$1" = --version ] && { echo "fakecc (tests/lib.sh) 1.0"; exit 0; }
out= src= prev=
for a; do
	[ "$prev" = -o ] && out=$a
	case $a in */test.c) [ -n "$src" ] || src=$a ;; esac
	prev=$a
done
printf '\177ELF%s\n' "$(sed -n 's/^	\.name = "\(.*\)",$/\1/p' "$src" | head -n 1)" >"$out"
chmod 755 "$out"
CC
	printf '#!/bin/sh\nname=$(tail -c +5 "$1")\ncat "%s/$name.raw"\n' "$LT_TMP/raw" \
		>"$LT_TMP/qemu-aarch64"
	chmod +x "$LT_TMP/fakecc" "$LT_TMP/qemu-aarch64"
}
# lt_fake_hist NAME "COUNT STATE" ...: the histogram the fake kernel of test
# NAME prints (its iterations: the sum of the counts).
lt_fake_hist() {
	name=$1; shift
	{
		echo "litmus-raw 1"
		n=0
		for s; do n=$((n + ${s%% *})); done
		echo "iterations $n"
		for s; do echo "state $s"; done
		echo end
	} >"$LT_TMP/raw/$name.raw"
}
