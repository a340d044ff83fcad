#!/bin/sh
# SPDX-License-Identifier: MIT
# litmus-run fences over the Go tests (doc/fences.md, "Go tests"): gc on
# the four arches (those whose objdump is here) and gccgo (natively, and
# cross where its compiler is here).  Every access of every cell gets a
# verdict; the atomic and racy tests are sound; the only BUG of the real
# compilers is gc's riscv64 store (amoswap.w.aq, no release: Go-MP+atomic,
# see the doc); and the seeded compiler (tests/fences-go-seed.sh: every
# sync/atomic store made a plain one) is caught exactly where that store is
# what forbids the source-forbidden state, with the witness.
. "$(dirname "$0")/lib.sh"
command -v go >/dev/null || skip "no go"
[ "$(uname -m)" = x86_64 ] || skip "the expectations are written for an x86_64 host"
g="$LT_SRCDIR/tests-litmus/go"
seed="$LT_SRCDIR/tests/fences-go-seed.sh"
# The other arches fences lifts, where their binutils are installed.
foreign() {
	for a in $(lt_arches 'native=no.*fences=yes'); do
		command -v "$(lt_arch_field "$a" triplet)-$1" >/dev/null && printf ' --arch=%s' "$a"
	done
}
arches="--arch=x86_64$(foreign objdump)"
# The tests of sync/atomic and racy plain accesses: sound on every arch
# where the lifter takes them (x86_64: all but counter+racy's incq (mem)).
x86_sound="Go-CoRR+atomic Go-CoRR+racy Go-LB+data+ctrl Go-LB+racy Go-MP+atomic Go-MP+racy
Go-SB+atomic Go-SB+racy Go-counter+atomic"
sound_on_x86() {
	for t in $x86_sound; do
		jq -e --arg t "$t" 'any(.results[]; .test == $t and .arch == "x86_64" and .verdict == "sound")' \
			"$1" >/dev/null || fail "$2: $t on x86_64 is not sound"
	done
}
# Every access classified: a verdict on each, "not lifted" only where the
# lift stopped (an unsupported cell, with its reason).
classified() {
	jq -e 'all(.results[]; (.threads | length) > 0 and
		all(.threads[].accesses[]; .verdict | IN("as-mapped", "stronger", "weaker", "not lifted")) and
		(.verdict | IN("sound", "BUG") or test("^unsupported: .+")) and
		((.verdict | IN("sound", "BUG") | not) or all(.threads[].accesses[]; .verdict != "not lifted")))' \
		"$1" >/dev/null || fail "$2: an access without a verdict"
}
# gc, on every arch.
code=0
# shellcheck disable=SC2086
"$LT_TOOL" fences $arches --cc=go --json="$LT_TMP/gc.json" "$g"/*.litmus >"$LT_TMP/gc.out" 2>&1 || code=$?
[ "$code" = 0 ] || [ "$code" = 1 ] || { cat "$LT_TMP/gc.out"; fail "fences --cc=go: exit $code"; }
classified "$LT_TMP/gc.json" gc
sound_on_x86 "$LT_TMP/gc.json" gc
# gc (go1.19) on riscv64 stores with amoswap.w.aq: no release, so the plain
# store before Go-MP+atomic's flag may pass it under RVWMO.  A BUG anywhere
# else, or one not from that lowering, fails.
jq -e '[.results[] | select(.verdict == "BUG")] | all(.arch == "riscv64" and
	.test == "Go-MP+atomic" and any(.threads[].accesses[]; .emitted | test("amoswap[.]w[.]aq ")))' \
	"$LT_TMP/gc.json" >/dev/null || { grep -A1 'BUG$' "$LT_TMP/gc.out"; fail "gc: a BUG other than riscv64's release"; }
# gccgo: native, and cross where the compiler is installed.
garches="--arch=x86_64$(foreign gccgo)"
if command -v gccgo >/dev/null; then
	code=0
	# shellcheck disable=SC2086
	"$LT_TOOL" fences $garches --cc=gccgo --json="$LT_TMP/gccgo.json" "$g"/*.litmus \
		>"$LT_TMP/gccgo.out" 2>&1 || code=$?
	[ "$code" = 0 ] || { grep -A1 'BUG$' "$LT_TMP/gccgo.out"; fail "fences --cc=gccgo: exit $code"; }
	classified "$LT_TMP/gccgo.json" gccgo
	sound_on_x86 "$LT_TMP/gccgo.json" gccgo
fi
# The seeded compiler: COMPILER ARCH BUG-TESTS (the others must not be BUG).
seeded() {
	code=0
	LT_SEED_GO=$1 "$LT_TOOL" fences --arch="$2" --cc="$seed" --json="$LT_TMP/s.json" "$g"/*.litmus \
		>"$LT_TMP/s.out" 2>&1 || code=$?
	[ "$code" = 1 ] || { cat "$LT_TMP/s.out"; fail "seeded $1 $2: exit $code, want 1"; }
	got=$(jq -r '[.results[] | select(.verdict == "BUG") | .test] | sort | join(" ")' "$LT_TMP/s.json")
	[ "$got" = "$3" ] || fail "seeded $1 $2: BUG on '$got', want '$3'"
	# SB's witness is both loads missing both stores, and a store is weaker.
	case " $3 " in
	*" Go-SB+atomic "*)
		jq -e '.results[] | select(.test == "Go-SB+atomic") | (.extra_states | index({"0:r0": 0, "1:r0": 0})) != null and
			any(.threads[].accesses[]; .kind == "store" and .verdict == "weaker")' "$LT_TMP/s.json" >/dev/null ||
			fail "seeded $1 $2: Go-SB+atomic without its witness or weaker store" ;;
	esac
}
seeded gc x86_64 "Go-SB+atomic"
case $arches in *aarch64*) seeded gc aarch64 "Go-MP+atomic Go-SB+atomic" ;; esac
case $arches in *ppc64le*) seeded gc ppc64le "Go-MP+atomic" ;; esac
case $arches in *riscv64*) seeded gc riscv64 "Go-MP+atomic Go-SB+atomic" ;; esac
command -v gccgo >/dev/null && seeded gccgo x86_64 "Go-SB+atomic"
# A compiler of another language makes no cell: a matrix of C and Go tests
# with gcc and go gets C x gcc and Go x go, the rest left out and counted;
# a matrix with no cell at all is a usage error.
code=0
"$LT_TOOL" fences --arch=x86_64 --cc=gcc "$g/Go-SB+atomic.litmus" >/dev/null 2>"$LT_TMP/c.err" ||
	code=$?
[ "$code" = 2 ] || fail "--cc=gcc on a Go test alone: exit $code, expected 2"
grep -q "gcc compiles no Go" "$LT_TMP/c.err" || fail "--cc=gcc on a Go test: $(cat "$LT_TMP/c.err")"
"$LT_TOOL" fences --arch=x86_64 --cc=gcc --cc=go --json="$LT_TMP/c.json" "$g/Go-SB+atomic.litmus" \
	"$g/c/Go-SB+atomic.litmus" >/dev/null 2>"$LT_TMP/c.err" || fail "a C and a Go test with gcc and go"
jq -e '[.results[] | "\(.test) \(.cc)"] | length == 2' "$LT_TMP/c.json" >/dev/null ||
	fail "a C and a Go test with gcc and go: not two cells"
grep -q "2 test and compiler pairs left out" "$LT_TMP/c.err" ||
	fail "the pairs left out are not counted: $(cat "$LT_TMP/c.err")"
echo "fences-go: gc ($arches) and gccgo ($garches) classified, no BUG but riscv64's release, seeded stores caught"
