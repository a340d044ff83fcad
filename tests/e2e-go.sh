#!/bin/sh
# SPDX-License-Identifier: MIT
# The Go memory model's examples end to end.  tests-litmus/go holds them as
# Go tests, built by the Go toolchain (arch/go/lt-gocc: go build
# -buildmode=c-archive) and driven by the C runtime; tests-litmus/go/c the
# same examples translated by hand into C11, for comparison.  Both run
# natively, then cross-built and run under each qemu-user found (marked
# emulated).  Every test must run, take its verdict from its suite's
# kinds.txt (for the Go tests, --model=go's: tests/model-go.sh) and show
# nothing kinds.txt forbids; the lock-protected and the atomic counters
# never lose an increment, and the racy counter's lost increments are
# counted and printed.  An arch whose cross compiler or qemu is missing is
# skipped with a note, and so are the Go tests without the go command.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
go_suite="$LT_SRCDIR/tests-litmus/go"
c_suite="$LT_SRCDIR/tests-litmus/go/c"
have_go=false
if command -v go >/dev/null 2>&1; then
	have_go=true
else
	echo "note: no go command: the Go tests are not run, only their C versions"
fi

# $1 label, $2 run directory, $3 number of tests, $4 emulated, $5 language.
check_run() {
	jq -e --argjson n "$3" --argjson emu "$4" --arg lang "$5" '(.tests | length) == $n and
		([.tests[] | .status == "ok" and .language == $lang and .emulated == $emu and
		  .expectation_source == "kinds.txt" and .forbidden_observed == 0 and
		  .iterations == ([.histogram[].count] | add)] | all)' \
		"$2/run.json" >/dev/null || fail "$1: a test did not run, was not judged by kinds.txt, or showed a forbidden state"
	jq -e '[.tests[] | select(.name == "Go-counter+mutex") | .histogram[].outcome.c == 2] | all' \
		"$2/run.json" >/dev/null || fail "$1: Go-counter+mutex lost an increment"
	# The racy counter's lost increments, counted (Allowed: any number).
	lost=$(jq -r '[.tests[] | select(.name == "Go-counter+racy") | .histogram[] |
		select(.outcome.c == 1) | .count] | add // 0' "$2/run.json")
	echo "$1: Go-counter+racy lost an increment in $lost of its iterations"
	echo "$1: witnesses of the Allowed tests: $(jq -r '[.tests[] |
		select(.expectation == "Allowed") | "\(.name) \(.positive)"] | join(", ")' "$2/run.json")"
}

# $1 label, $2 suite, $3 list of tests, $4 iterations, $5 emulated, $6 language, $7 --arch.
run_suite() {
	n=$(wc -l <"$3")
	code=0
	"$LT_TOOL" -q ${7:+--arch="$7"} -n "$4" --timeout "$LT_RUN_TIMEOUT" -o "$LT_TMP/$1" \
		"@$3" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 0 ] || fail "$1 exited $code: $(cat "$LT_TMP/err")"
	check_run "$1" "$LT_TMP/$1" "$n" "$5" "$6"
	if [ "$6" = Go ]; then
		jq -e '[.tests[] | select(.name == "Go-counter+atomic") | .histogram[] |
			(.outcome["0:r0"] + .outcome["1:r0"]) == 3] | all' "$LT_TMP/$1/run.json" >/dev/null ||
			fail "$1: Go-counter+atomic lost an increment"
	fi
	echo "ok: $n $6 tests of $2 ($1)"
}

for s in go c; do
	eval "d=\$${s}_suite"
	ls "$d"/*.litmus >"$LT_TMP/$s.list"
	[ "$(wc -l <"$d/kinds.txt")" = "$(wc -l <"$LT_TMP/$s.list")" ] ||
		fail "$d/kinds.txt does not list every test"
done

# Blocking channel operations park a goroutine, which makes those tests
# slower per iteration than the others: fewer iterations than e2e-c.sh's.
$have_go && run_suite native-go tests-litmus/go "$LT_TMP/go.list" 20000 false Go ""
run_suite native-c tests-litmus/go/c "$LT_TMP/c.list" 20000 false C ""

for arch in $(lt_arches native=no); do
	cc=$(lt_arch_field "$arch" cc) q=$(lt_arch_field "$arch" qemu)
	if ! command -v "$cc" >/dev/null 2>&1 || ! command -v "$q" >/dev/null 2>&1; then
		echo "note: $cc or $q missing: $arch not run"
		continue
	fi
	for s in go c; do
		[ "$s" = go ] && ! $have_go && continue
		cp "$LT_TMP/$s.list" "$LT_TMP/$arch-$s.list"
		# qemu-user (TCG on x86) does not keep an STLR before a later
		# LDAR; GCC and Go's gc both make SB+atomic's seq_cst stores
		# STLR and loads LDAR, so it shows its forbidden state under
		# qemu-aarch64 (tests/e2e-c.sh leaves out SB+sc for the same
		# reason).  The emulator, not the test.
		[ "$arch" = aarch64 ] &&
			grep -v '/Go-SB+atomic\.litmus$' "$LT_TMP/$arch-$s.list" >"$LT_TMP/l" &&
			mv "$LT_TMP/l" "$LT_TMP/$arch-$s.list"
		lang=Go
		[ "$s" = c ] && lang=C
		run_suite "$arch-$s" "$arch" "$LT_TMP/$arch-$s.list" 2000 true "$lang" "$arch"
		jq -e --arg a "$arch" '[.tests[] | .arch == $a] | all' "$LT_TMP/$arch-$s/run.json" >/dev/null ||
			fail "$arch: a test ran for another arch"
	done
done
