#!/bin/sh
# SPDX-License-Identifier: MIT
# Every fuzz target, built without libFuzzer (tests/fuzz/replay.c), on its
# seed corpus: the harnesses compile against today's interfaces, and no
# seed (every input that once found a bug is kept as one) crashes.
. "$(dirname "$0")/lib.sh"
f="$LT_SRCDIR/tests/fuzz"
run() {
	target=$1; shift
	"$LT_BUILDDIR/tests/fuzz/replay-$target" "$@" >"$LT_TMP/$target.out" 2>&1 ||
		{ cat "$LT_TMP/$target.out"; fail "replay-$target failed"; }
	echo "$target: $(cat "$LT_TMP/$target.out")"
}
run parse "$f"/corpus/* "$LT_SRCDIR"/tests/bad/*.litmus "$LT_SRCDIR"/tests-litmus/c11/SB*.litmus
run shape "$f"/shape-corpus/*
run hist "$f"/hist-corpus/*
run json "$f"/json-corpus/*
