#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/nightly as cron runs it: three nights of a small catalogue subset.
# The second is compared with the first (no alert, exit 0); the third has a
# forbidden outcome injected into its stored run (alert, exit 1).
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
[ -d "$cat" ] || skip "$cat absent"
command -v jq >/dev/null || skip "jq needed to doctor a run"

# A tool that, for ordinary runs with DOCTOR set, plants a forbidden
# SB+mfences outcome in the stored run, as broken hardware would.
cat >"$LT_TMP/tool" <<TOOL
#!/bin/sh
case "\$1" in compare|merge|report) exec "$LT_TOOL" "\$@" ;; esac
"$LT_TOOL" "\$@"; code=\$?
[ -n "\${DOCTOR:-}" ] || exit \$code
dir=; for a in "\$@"; do [ "\$prev" = -o ] && dir=\$a; prev=\$a; done
jq '(.tests[] | select(.name == "SB+mfences")) |= (.histogram += [{"outcome":
	{"0:rax": 0, "1:rax": 0}, "count": 1, "satisfies": true, "allowed": false}]
	| .forbidden_observed = 1)' "\$dir/run.json" >"\$dir/run.json.new" &&
	mv "\$dir/run.json.new" "\$dir/run.json"
exit 1
TOOL
chmod +x "$LT_TMP/tool"
cat >"$LT_TMP/nightly.conf" <<CONF
SUITES="$cat/SB.litmus $cat/SB+mfences.litmus $cat/MP.litmus"
ITERATIONS=1000
TIMEOUT=120
RESULTS=$LT_TMP/results
TOOL=$LT_TMP/tool
CONF
export NIGHTLY_HOST=lab1
h="$LT_TMP/results/lab1"

code=0
NIGHTLY_STAMP=20260101T020000Z sh "$LT_SRCDIR/scripts/nightly" "$LT_TMP/nightly.conf" || code=$?
[ "$code" = 0 ] || fail "first night exited $code"
grep -q 'against its model verdicts' "$h/20260101T020000Z/compare.txt" ||
	fail "a first night is not compared with the model"
code=0
NIGHTLY_STAMP=20260102T020000Z sh "$LT_SRCDIR/scripts/nightly" "$LT_TMP/nightly.conf" || code=$?
[ "$code" = 0 ] || fail "second night exited $code"
n2="$h/20260102T020000Z"
for f in run.json run.log junit.xml report.html compare.txt compare.json; do
	[ -s "$n2/$f" ] || fail "second night: no $f"
done
[ "$(jq -r .a "$n2/compare.json")" = "$h/20260101T020000Z" ] ||
	fail "second night not compared with the first"
grep -q 'Witness rate over 2 nights' "$n2/report.html" || fail "no trend over 2 nights"
code=0
DOCTOR=1 NIGHTLY_STAMP=20260103T020000Z sh "$LT_SRCDIR/scripts/nightly" \
	"$LT_TMP/nightly.conf" >"$LT_TMP/out" || code=$?
cat "$LT_TMP/out"
[ "$code" = 1 ] || fail "a night with a new forbidden outcome exited $code, not 1"
grep -q '^ALERT  forbidden .*SB+mfences' "$LT_TMP/out" || fail "no alert for SB+mfences"
echo ok
