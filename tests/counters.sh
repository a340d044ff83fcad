#!/bin/sh
# SPDX-License-Identifier: MIT
# --counters end to end on SB: the default events are either counted
# (positive integers, per iteration too) or "unavailable: REASON" with a
# single note on stderr (this VM has no PMU), and the run succeeds either
# way; none is "off" without a note; an unknown event is named in the
# reason; a malformed list is a usage error.  Never asserts a count.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "the counters tests run an x86_64 kernel natively"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
sb="$LT_SRCDIR/tests-litmus/x86_64/SB.litmus"

# run NAME [OPTION...]: SB (twice, for the once-per-run note) into $LT_TMP/NAME;
# the exit status must be 0.
run() {
	name=$1
	shift
	code=0
	"$LT_TOOL" -n 2000 --no-progress -o "$LT_TMP/$name" "$@" "$sb" "$sb" \
		>"$LT_TMP/$name.out" 2>"$LT_TMP/$name.err" || code=$?
	[ "$code" = 0 ] || fail "$name: exit $code: $(cat "$LT_TMP/$name.err")"
	j="$LT_TMP/$name/run.json"
}

# 1. The default: counted, or unavailable with one note for the run.
run default
jq -e '.config.counters == ["PAPI_TOT_CYC", "PAPI_TOT_INS"]' "$j" >/dev/null ||
	fail "default: config.counters is not the default list"
if jq -e '.tests[0].counter_values != null' "$j" >/dev/null; then
	jq -e '[.tests[] | .status == "ok" and
		(.counter_values | keys == ["PAPI_TOT_CYC", "PAPI_TOT_INS"] and
		 ([.[] | type == "number" and . > 0 and . == floor] | all)) and
		(.counters_per_iteration | keys == ["PAPI_TOT_CYC", "PAPI_TOT_INS"] and
		 ([.[] | type == "number" and . > 0] | all)) and
		(.counters | startswith("PAPI_TOT_CYC="))] | all' "$j" >/dev/null ||
		fail "default: counted, but values are not positive integers: $(jq -c '.tests[0]' "$j")"
	! grep -q 'counters unavailable' "$LT_TMP/default.err" ||
		fail "default: counted, yet a note says unavailable"
	echo "ok: default counters counted"
else
	jq -e '[.tests[] | .status == "ok" and (.counters | startswith("unavailable: ")) and
		(.counters | length) > 13 and .counter_values == null and
		.counters_per_iteration == null] | all' "$j" >/dev/null ||
		fail "default: neither counted nor 'unavailable: REASON' with null values: $(jq -c '.tests[0].counters' "$j")"
	reason=$(jq -r '.tests[0].counters' "$j")
	[ "$(grep -c 'note: counters unavailable: ' "$LT_TMP/default.err")" = 1 ] ||
		fail "default: expected one note for the run, got: $(cat "$LT_TMP/default.err")"
	grep -qxF "litmus-run: note: counters $reason" "$LT_TMP/default.err" ||
		fail "default: the note does not give the JSON's reason"
	! grep -q 'counters' "$LT_TMP/default.out" || fail "default: the note went to stdout"
	echo "ok: default counters unavailable here ($reason)"
fi
# -q: not even the note.
code=0
"$LT_TOOL" -q -n 2000 -o "$LT_TMP/quiet" "$sb" >/dev/null 2>"$LT_TMP/quiet.err" || code=$?
[ "$code" = 0 ] || fail "-q: exit $code"
! grep -q 'counters' "$LT_TMP/quiet.err" || fail "-q: a counters note was printed"

# 2. none: off, no values, no note, an empty list in config.
run none --counters=none
jq -e '.config.counters == [] and ([.tests[] | .status == "ok" and .counters == "off" and
	.counter_values == null and .counters_per_iteration == null] | all)' "$j" >/dev/null ||
	fail "--counters=none: not recorded as off: $(jq -c '.tests[0].counters' "$j")"
! grep -q 'counters' "$LT_TMP/none.err" || fail "--counters=none: a counters note was printed"
echo "ok: --counters=none"

# 3. An event this machine does not know: unavailable, naming it; exit 0.
run unknown --counters=PAPI_TOT_CYC,PAPI_NOT_AN_EVENT
jq -e '.config.counters == ["PAPI_TOT_CYC", "PAPI_NOT_AN_EVENT"] and
	([.tests[] | .status == "ok" and (.counters | startswith("unavailable: ") and
	 contains("PAPI_NOT_AN_EVENT")) and .counter_values == null] | all)' "$j" >/dev/null ||
	fail "unknown event: not 'unavailable: ...' naming it: $(jq -c '.tests[0].counters' "$j")"
echo "ok: unknown event named: $(jq -r '.tests[0].counters' "$j")"

# 4. Malformed lists: usage errors (exit 2) that name the option; nothing runs.
for bad in 'bad name!' '' 'PAPI_TOT_CYC,' 'A,B,A' 'E0,E1,E2,E3,E4,E5,E6,E7,E8,E9,E10,E11,E12,E13,E14,E15,E16' \
	'PAPI_TOT_CYC;touch x'; do
	code=0
	"$LT_TOOL" -q -n 100 -o "$LT_TMP/bad" --counters="$bad" "$sb" >"$LT_TMP/bad.out" \
		2>"$LT_TMP/bad.err" || code=$?
	[ "$code" = 2 ] || fail "--counters='$bad': exit $code, expected 2"
	grep -q '^litmus-run: --counters: ' "$LT_TMP/bad.err" ||
		fail "--counters='$bad': the message does not name the option: $(cat "$LT_TMP/bad.err")"
	[ ! -e "$LT_TMP/bad" ] || fail "--counters='$bad': a run was started"
done
echo "ok: malformed --counters lists refused"

# 5. --resume runs the unfinished test with the run's own --counters.
rm "$LT_TMP/none/tests/00001.json" || fail "no stored result for the second test"
code=0
"$LT_TOOL" -q --resume="$LT_TMP/none" 2>"$LT_TMP/resume.err" || code=$?
[ "$code" = 0 ] || fail "--resume: exit $code: $(cat "$LT_TMP/resume.err")"
jq -e '.config.counters == [] and ([.tests[].counters == "off"] | all)' \
	"$LT_TMP/none/run.json" >/dev/null || fail "--resume did not keep --counters=none"
echo "ok: --resume keeps --counters"
