#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTML report in headless Chromium: the page loads with no console
# error, holds every test's charts, and renders to a non-trivial PNG.  The
# console check is first shown to catch an error on a page that has one.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
[ -d "$cat" ] || skip "$cat absent"
chrome=
for c in chromium chromium-browser google-chrome; do
	command -v $c >/dev/null && { chrome=$c; break; }
done
command -v jq >/dev/null || skip "jq needed to read the runs' summaries"
[ -n "$chrome" ] || skip "chromium is not installed (scripts/check installs it)"

# chrome URL OUTPUT-FLAG...: headless, offline, a fresh profile, console on stderr.
chrome() {
	url=$1; shift
	prof=$(mktemp -d "$LT_TMP/profile.XXXXXX")
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$prof" --enable-logging=stderr --v=0 \
		--window-size=1200,1600 "$@" "$url"
}
# Console messages come out as :CONSOLE:LINE] "text" (older Chromium: CONSOLE(LINE)].
console_errors() { grep -E ':CONSOLE[:(][0-9]+\)?\]|Uncaught|Failed to load resource' "$1"; }

printf '<!DOCTYPE html><html><body><p>x</p><script>console.error("planted error")</script></body></html>\n' \
	>"$LT_TMP/bad.html"
chrome "file://$LT_TMP/bad.html" --dump-dom >/dev/null 2>"$LT_TMP/bad.err" ||
	skip "$chrome does not start here: $(tail -n 1 "$LT_TMP/bad.err")"
console_errors "$LT_TMP/bad.err" | grep -q 'planted error' ||
	fail "the console check does not see a planted console.error"

h="$LT_TMP/results/lab1"
for night in 20260101T000000Z 20260102T000000Z 20260103T000000Z; do
	"$LT_TOOL" -q -n 1000 --timeout "$LT_RUN_TIMEOUT" -o "$h/$night" "$cat" ||
		fail "catalogue run for $night failed"
done
# No --history: the two earlier runs beside the newest are its history.
"$LT_TOOL" report "$h/20260103T000000Z" >"$LT_TMP/report.out" || fail "report failed"
grep -q '(2 earlier runs)' "$LT_TMP/report.out" || fail "sibling runs not used as history"
page="$h/20260103T000000Z/report.html"
# Self-contained: nothing fetched, no script.
grep -Eiq '<script|<link|src=|url\(|https?://[a-z]' "$page" &&
	grep -Eio '<script|<link|src=[^ ]*|url\([^)]*\)|https?://[a-z][^" ]*' "$page" |
	grep -v 'http://www.w3.org/2000/svg' && fail "the page refers to something outside it"

chrome "file://$page" --dump-dom >"$LT_TMP/dom.html" 2>"$LT_TMP/dom.err" ||
	fail "chromium could not load the report"
if console_errors "$LT_TMP/dom.err"; then
	fail "console errors while loading the report"
fi
[ "$(grep -o '<section>' "$LT_TMP/dom.html" | wc -l)" = 28 ] || fail "not 28 test sections"
[ "$(grep -o '<title>histogram</title>' "$LT_TMP/dom.html" | wc -l)" = 28 ] ||
	fail "not 28 histogram charts"
[ "$(grep -o '<title>witness rate per night</title>' "$LT_TMP/dom.html" | wc -l)" = 28 ] ||
	fail "not 28 trend charts"
# The header: the banner, then the status counts as the run's summary has them.
grep -q '<p class="banner" id="banner"><b>x86_64</b> — native — host ' "$LT_TMP/dom.html" ||
	fail "no native x86_64 banner"
for c in ok forbidden known timeout crashed skipped error; do
	want=$(jq -r ".summary.$c" "$h/20260103T000000Z/run.json")
	grep -q "data-class=\"$c\">$c <b>$want</b></li>" "$LT_TMP/dom.html" ||
		fail "header count $c is not $want"
done
grep -q 'data-class="tests">tests <b>28</b>' "$LT_TMP/dom.html" || fail "header: not 28 tests"
grep -q '<section id="problems"><h2>Problems</h2>' "$LT_TMP/dom.html" || fail "no problems section"
# compare's findings against the night before, and A vs B for every test.
grep -Eq "<h2>Compared with [^<]+: [0-9]+ alerts?</h2>" "$LT_TMP/dom.html" ||
	fail "compare's findings against the night before are not embedded"
[ "$(grep -o '<table class="ab"><caption>A vs B: ' "$LT_TMP/dom.html" | wc -l)" = 28 ] ||
	fail "not 28 A vs B views"
# Each A vs B view holds the two nights' counts of the same test: SB's,
# for an outcome night A saw (which ones it saw depends on the machine).
sb=$(jq -r '[.tests[] | select(.name == "SB")][0].histogram[0] |
	"\(.outcome | to_entries | sort_by(.key) | map("\(.key)=\(.value); ") | join(""))\t\(.count)"' \
	"$h/20260102T000000Z/run.json")
state=${sb%%	*} count=${sb#*	}
sed -n '/id="t-[^"]*SB_2elitmus"/,/<\/section>/p' "$LT_TMP/dom.html" |
	grep -F -A3 "<code>${state% }" | grep -q "></span>$count</td>" ||
	fail "SB's A vs B view does not show night A's count $count of $state"

chrome "file://$page" --screenshot="$LT_TMP/report.png" >/dev/null 2>"$LT_TMP/shot.err" ||
	fail "chromium could not take a screenshot"
console_errors "$LT_TMP/shot.err" && fail "console errors while rendering the report"
[ -f "$LT_TMP/report.png" ] || fail "no screenshot"
# A PNG of the window's size, and not a blank page (which compresses to a few KiB).
[ "$(head -c 8 "$LT_TMP/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
	fail "the screenshot is not a PNG"
[ "$(od -An -tu1 -j16 -N8 "$LT_TMP/report.png" | tr -s ' ' | sed 's/^ //')" = "0 0 4 176 0 0 6 64" ] ||
	fail "the screenshot is not 1200x1600"
size=$(wc -c <"$LT_TMP/report.png")
[ "$size" -gt 40000 ] || fail "the screenshot is nearly empty ($size bytes)"
echo "ok ($size-byte screenshot)"
