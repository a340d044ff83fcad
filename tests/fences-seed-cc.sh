#!/bin/sh
# SPDX-License-Identifier: MIT
# A broken compiler for litmus-run fences' seeded-bug tests: compiles to
# assembly with the real compiler for $LT_FENCES_TRIPLET (set by fences),
# then deletes or weakens one kind of instruction, chosen by $LT_SEED:
#   mfence  dmb-ish  sync  lwsync  fence-rw-rw  ldar  stlr
# (ldar becomes ldr, stlr becomes str; the others are deleted).
# For the batching tests: $LT_SEED_LOG, when set, gets one line per
# compile; $LT_SEED_FAIL_ON, when set, makes a compile whose source holds
# that text fail as a compile error does.
set -eu
real=${LT_SEED_CC:-gcc}
case ${LT_FENCES_TRIPLET:-} in
''|x86_64-linux-gnu) ;;
*) [ "$real" = gcc ] && real=$LT_FENCES_TRIPLET-gcc ;;
esac
[ "${1:-}" = --version ] && { $real --version | sed '1s/$/ (seeded: '"${LT_SEED:-none}"')/'; exit 0; }
out=
prev=
asm=
for a in "$@"; do
	[ "$prev" = -o ] && out=$a
	[ "$a" = -S ] && asm=1
	prev=$a
done
[ -n "$out" ] || { echo "fences-seed-cc: no -o" >&2; exit 2; }
[ -n "${LT_SEED_LOG:-}" ] && echo "compile $out" >>"$LT_SEED_LOG"
if [ -n "${LT_SEED_FAIL_ON:-}" ]; then
	for a in "$@"; do
		case $a in
		*.c) if grep -qF -- "$LT_SEED_FAIL_ON" "$a"; then
			echo "$a: error: seeded compile error" >&2; exit 1; fi ;;
		esac
	done
fi
$real "$@"
# Only assembly is rewritten (an object or a program is left as built).
[ -n "$asm" ] || exit 0
case ${LT_SEED:-} in
mfence) sed -i -E '/^[[:space:]]*(mfence|lock[[:space:]]+or[lq][[:space:]]+\$0, ?\(%rsp\))/d' "$out" ;;
dmb-ish) sed -i '/^[[:space:]]*dmb[[:space:]]*ish[[:space:]]*$/d' "$out" ;;
sync) sed -i '/^[[:space:]]*sync[[:space:]]*$/d' "$out" ;;
lwsync) sed -i '/^[[:space:]]*lwsync[[:space:]]*$/d' "$out" ;;
fence-rw-rw) sed -i -E '/^[[:space:]]*fence[[:space:]]+(io)?rw,[[:space:]]*(io)?rw[[:space:]]*$/d' "$out" ;;
ldar) sed -i -E 's/^([[:space:]]*)ldar([bh]?)[[:space:]]/\1ldr\2\t/' "$out" ;;
stlr) sed -i -E 's/^([[:space:]]*)stlr([bh]?)[[:space:]]/\1str\2\t/' "$out" ;;
'') ;;
*) echo "fences-seed-cc: unknown LT_SEED=$LT_SEED" >&2; exit 2 ;;
esac
