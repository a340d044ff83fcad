#!/bin/sh
# SPDX-License-Identifier: MIT
# A broken Go compiler for litmus-run fences' seeded-bug tests (the Go
# counterpart of fences-seed-cc.sh): compiles a unit with the real
# compiler through arch/go/lt-gofx ($LT_SEED_GO: gc, the default, or
# gccgo), then weakens every sync/atomic store of the assembly into a
# plain store, for the target in $LT_FENCES_TRIPLET (set by fences):
#   x86_64   xchg REG, MEM (either order)     -> mov REG, MEM
#   aarch64  stlr                             -> str
#   ppc64le  sync/hwsync; st[wd] (the store's leading fence) -> st[wd]
#   riscv64  [fence ...;] amoswap.{w,d}[.aq|.rl|.aqrl] zero,R,(A) -> s{w,d} R,0(A)
# Run by fences as a compiler: WRAPPER FLAGS -S -I... -o OUT SRC.
set -eu
gofx=$(dirname "$0")/../arch/go/lt-gofx
comp=${LT_SEED_GO:-gc}
if [ "${1:-}" = --version ]; then
	sh "$gofx" "$comp" --version | sed '1s/$/ (seeded: atomic stores weakened)/'
	exit 0
fi
out=
prev=
for a; do
	[ "$prev" = -o ] && out=$a
	prev=$a
done
[ -n "$out" ] || { echo "fences-go-seed: no -o" >&2; exit 2; }
sh "$gofx" "$comp" "$@"
case ${LT_FENCES_TRIPLET:-x86_64-linux-gnu} in
x86_64-*)
	sed -i -E -e 's/^([[:space:]]*)xchg[lq]?([[:space:]]+)(%[a-z0-9]+),[[:space:]]*(\([^)]*\))[[:space:]]*$/\1mov\2\3,\4/' \
		-e 's/^([[:space:]]*)xchg[lq]?([[:space:]]+)(\([^)]*\)),[[:space:]]*(%[a-z0-9]+)[[:space:]]*$/\1mov\2\4,\3/' "$out" ;;
aarch64-*)
	sed -i -E 's/^([[:space:]]*)stlr([bh]?)([[:space:]])/\1str\2\3/' "$out" ;;
powerpc64le-*)
	awk '{ l[NR] = $0 } END {
		for (k = 1; k <= NR; k++)
			if (!(l[k] ~ /^[ \t]*(hw)?sync[ \t]*$/ && l[k + 1] ~ /^[ \t]*st[wd][ \t]/))
				print l[k]
	}' "$out" >"$out.seed" && mv "$out.seed" "$out" ;;
riscv64-*)
	sed -i -E -e 's/(fence[^;]*;[[:space:]]*)?amoswap\.w(\.aqrl|\.aq|\.rl)?[[:space:]]+zero,[[:space:]]*([a-z0-9]+),[[:space:]]*0?\(([a-z0-9]+)\)/sw\t\3,0(\4)/' \
		-e 's/(fence[^;]*;[[:space:]]*)?amoswap\.d(\.aqrl|\.aq|\.rl)?[[:space:]]+zero,[[:space:]]*([a-z0-9]+),[[:space:]]*0?\(([a-z0-9]+)\)/sd\t\3,0(\4)/' "$out" ;;
*) echo "fences-go-seed: no seed for $LT_FENCES_TRIPLET" >&2; exit 2 ;;
esac
