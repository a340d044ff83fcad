#!/bin/sh
# SPDX-License-Identifier: MIT
# An emulated nightly of the aarch64 catalogue (scripts/nightly under
# qemu-aarch64): qemu's STLR/LDAR deviation (SB+dmb.sy+rel-acq) is on the
# built-in known list, so the night exits 0 and reports it as known; a
# forbidden state outside the list, planted in the next night's run, is an
# alert and exit 1.
. "$(dirname "$0")/lib.sh"
cat="$LT_SRCDIR/../shared/herd-catalogue/aarch64"
[ -d "$cat" ] || skip "$cat absent"
command -v jq >/dev/null || skip "jq needed to doctor a run"
cc=$(lt_arch_cc aarch64)
command -v "$cc" >/dev/null || skip "$cc not installed"
command -v "$(lt_arch_field aarch64 qemu)" >/dev/null || skip "qemu-aarch64 not installed"

# With DOCTOR set, plant a forbidden MP+dmb.sys state, as broken hardware would.
cat >"$LT_TMP/tool" <<TOOL
#!/bin/sh
case "\$1" in compare|merge|report) exec "$LT_TOOL" "\$@" ;; esac
"$LT_TOOL" "\$@"; code=\$?
[ -n "\${DOCTOR:-}" ] || exit \$code
dir=; for a in "\$@"; do [ "\$prev" = -o ] && dir=\$a; prev=\$a; done
jq '(.tests[] | select(.name == "MP+dmb.sys")) |= (.histogram += [{"outcome":
	{"1:X0": 1, "1:X2": 0}, "count": 1, "satisfies": true, "allowed": false}]
	| .forbidden_observed = 1 | .exit_code = 1)' "\$dir/run.json" >"\$dir/run.json.new" &&
	mv "\$dir/run.json.new" "\$dir/run.json"
exit 1
TOOL
chmod +x "$LT_TMP/tool"
# Enough iterations for qemu's deviation to show in most nights; the test
# asserts on the exit status, which holds whether it shows or not.
cat >"$LT_TMP/nightly.conf" <<CONF
SUITES="$cat"
ITERATIONS=20000
TIMEOUT=$LT_RUN_TIMEOUT
RESULTS=$LT_TMP/results
TOOL=$LT_TMP/tool
OPTIONS=--arch=aarch64
CONF
export NIGHTLY_HOST=qemu1
h="$LT_TMP/results/qemu1"

code=0
NIGHTLY_STAMP=20260101T020000Z sh "$LT_SRCDIR/scripts/nightly" "$LT_TMP/nightly.conf" \
	>"$LT_TMP/out1" 2>&1 || code=$?
n1="$h/20260101T020000Z"
[ "$code" = 0 ] || fail "an emulated night exited $code: $(tail -n 20 "$LT_TMP/out1")"
jq -e '.summary.forbidden == 0 and .summary.ok + .summary.known == (.tests | length) and
	(.tests | length) == 70 and ([.tests[] | .emulated] | all) and
	([.config.known[] | .test] | index("aarch64:SB+dmb.sy+rel-acq") != null) and .exit_code == 0' \
	"$n1/run.json" >/dev/null || fail "the emulated night's summary is wrong"
# When qemu showed the deviation, it is known, never hidden.
if jq -e '.summary.known > 0' "$n1/run.json" >/dev/null; then
	jq -e '[.tests[] | select(.known_observed > 0) | .name] == ["SB+dmb.sy+rel-acq"]' \
		"$n1/run.json" >/dev/null || fail "a state other than qemu's deviation was taken as known"
	grep -q 'skipped type="xfail"' "$n1/junit.xml" || fail "JUnit: no xfail for the deviation"
	grep -q 'KNOWN' "$n1/report.html" || fail "the report does not show the known state"
	grep -q 'known deviation in SB+dmb.sy+rel-acq' "$LT_TMP/out1" || fail "not said on stderr"
fi
"$LT_BUILDDIR/tests/schema-check" "$LT_SRCDIR/doc/schema/litmus-run-1.json" "$n1/run.json" ||
	fail "the night's run.json does not validate"

code=0
DOCTOR=1 NIGHTLY_STAMP=20260102T020000Z sh "$LT_SRCDIR/scripts/nightly" \
	"$LT_TMP/nightly.conf" >"$LT_TMP/out2" 2>&1 || code=$?
[ "$code" = 1 ] || fail "a night with a forbidden state outside the known list exited $code, not 1"
grep -q '^ALERT  forbidden .*MP+dmb.sys' "$LT_TMP/out2" || fail "no alert for MP+dmb.sys"
grep -q '^ALERT  forbidden .*SB+dmb.sy+rel-acq' "$LT_TMP/out2" && fail "the known deviation raised an alert"
echo ok
