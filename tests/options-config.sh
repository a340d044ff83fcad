#!/bin/sh
# SPDX-License-Identifier: MIT
# --config=FILE (positioned errors, the command line over the file, the
# manifest's record), litmus7's options (a hint, exit 2) and herd's arch
# words in every command that takes --arch.
. "$(dirname "$0")/lib.sh"
sb="$LT_SRCDIR/tests-litmus/ppc64le/SB.litmus"
[ -f "$sb" ] || skip "no tests-litmus/ppc64le/SB.litmus"

# expect CODE MESSAGE ARGS...: litmus-run ARGS exits CODE saying MESSAGE.
expect() {
	want=$1 msg=$2
	shift 2
	code=0
	"$LT_TOOL" "$@" >"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?
	[ "$code" = "$want" ] || fail "$*: exit $code, expected $want: $(cat "$LT_TMP/err")"
	grep -qF -- "$msg" "$LT_TMP/err" || fail "$*: stderr lacks '$msg': $(cat "$LT_TMP/err")"
}
# model_of ARGS...: the model that judged SB under ARGS (--check-only).
model_of() {
	"$LT_TOOL" "$@" --check-only --json="$LT_TMP/m.json" "$sb" >/dev/null ||
		fail "$*: --check-only failed"
	tr -d ' \n' <"$LT_TMP/m.json" | sed -n 's/.*"model":{"name":"\([^"]*\)".*/\1/p'
}

# litmus7's options name their equivalent.
expect 2 "-s is a litmus7 option; here: -n N" -s 1000 "$sb"
expect 2 "here: --sync=" -barrier userfence "$sb"
expect 2 "here: --placement=" -affinity incr "$sb"
expect 2 "here: --config=FILE" -mach x86 "$sb"
expect 2 "here: --timeout=SECS" -timelimit 10 "$sb"
expect 2 "here: --layout=stride=N" -st 4 "$sb"
expect 2 "here: --instances=fill" -a 4 "$sb"

# Config errors: FILE:LINE:COL, exit 2.
c="$LT_TMP/lab.conf"
printf '# a lab\n\niterations = abc\n' >"$c"
expect 2 "$c:3:14: bad value for iterations" --config="$c" "$sb"
expect 2 "expected an integer" --config="$c" "$sb"
printf 'iterations = 10\n  bogus = 1\n' >"$c"
expect 2 "$c:2:3: unknown option 'bogus'" --config="$c" "$sb"
printf 'force = yes\n' >"$c"
expect 2 "$c:1:9: force is a flag: true or false" --config="$c" "$sb"
printf 'iterations 10\n' >"$c"
expect 2 "$c:1:12: expected 'option = value'" --config="$c" "$sb"
printf 'config = other.conf\n' >"$c"
expect 2 "$c:1:1: a config file cannot hold the option 'config'" --config="$c" "$sb"
printf 'model =\n' >"$c"
expect 2 "$c:1:8: model needs a value" --config "$c" "$sb"
expect 2 "--config: $LT_TMP/none.conf: No such file" --config="$LT_TMP/none.conf" "$sb"

# The file applies; the command line overrides it, wherever it stands.
printf 'model = sc   # strongest\narch = PPC\ncheck-only = true\n' >"$c"
[ "$(model_of --config="$c")" = sc ] || fail "the config's model was not applied"
[ "$(model_of --config="$c" --model=power)" = power ] || fail "--model did not override the config"
[ "$(model_of --model=power --config="$c")" = power ] || fail "--model before --config did not override it"

# herd's arch words, in each command that takes --arch.
for w in PPC ppc X86_64 AArch64 RISCV; do
	"$LT_TOOL" --arch=$w --list-arches >/dev/null || fail "--arch=$w refused"
	"$LT_TOOL" --arch=$w --print-kernel "$LT_SRCDIR/tests-litmus/c/LB+relaxed.litmus" >/dev/null ||
		fail "--arch=$w --print-kernel refused"
	"$LT_BUILDDIR/litmus-gen" --arch=$w SB >/dev/null || fail "litmus-gen --arch=$w refused"
	code=0
	"$LT_TOOL" fences --arch=$w -j 0 >/dev/null 2>"$LT_TMP/err" || code=$?
	grep -q -- "--arch" "$LT_TMP/err" && fail "fences --arch=$w refused: $(cat "$LT_TMP/err")"
done
[ "$(model_of --arch=PPC)" = power ] || fail "--arch=PPC did not take PPC's model"

# The manifest records the config file (path and SHA-256).  One short run.
printf 'iterations = 20\ntimeout = 300\n' >"$c"
code=0
"$LT_TOOL" -q --config="$c" --arch=native --force -o "$LT_TMP/run" \
	"$LT_SRCDIR/tests-litmus/c/LB+relaxed.litmus" >/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 0 ] || [ "$code" = 77 ] || fail "a run with --config: exit $code: $(cat "$LT_TMP/err")"
if [ "$code" = 0 ]; then
	sha=$(sha256sum "$c" | cut -d' ' -f1)
	grep -q "\"sha256\": \"$sha\"" "$LT_TMP/run/manifest.json" ||
		fail "the manifest does not record the config: $(head -c 600 "$LT_TMP/run/manifest.json")"
	grep -q '"iterations": 20' "$LT_TMP/run/manifest.json" || fail "the config's iterations not applied"
fi
echo "options-config: ok"
