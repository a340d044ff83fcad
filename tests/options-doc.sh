#!/bin/sh
# SPDX-License-Identifier: MIT
# One option table (src/run/options.def): --help, the manual's OPTIONS and
# doc/running.md's tables list the same options, and the two documents are
# what `make update-options` prints from the table now.
. "$(dirname "$0")/lib.sh"

"$LT_TOOL" --print-options=names | sort >"$LT_TMP/table"
[ "$(wc -l <"$LT_TMP/table")" -gt 30 ] || fail "the table lists too few options"

# --help: an option line starts with -x, --name or --name=ARG.
"$LT_TOOL" --help | sed -n 's/^  \(-[a-zA-Z], \|    \)--\([a-z0-9-]*\).*/\2/p' |
	sort >"$LT_TMP/help"
# The manual: the first \-\-name of each .TP's tag line in OPTIONS.
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$LT_SRCDIR/man/litmus-run.1" |
	awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' |
	sed -n 's/.*\\fB\\-\\-\([a-z0-9\\-]*\)\\fR.*/\1/p' | sed 's/\\-/-/g' | sort >"$LT_TMP/man"
# doc/running.md: the first `--name` of each table row.
sed -n 's/^| \(`-[a-zA-Z]`, \)\{0,1\}`--\([a-z0-9-]*\).*/\2/p' "$LT_SRCDIR/doc/running.md" |
	sort >"$LT_TMP/doc"
for w in help man doc; do
	cmp -s "$LT_TMP/table" "$LT_TMP/$w" ||
		fail "$w does not list the table's options: $(diff "$LT_TMP/table" "$LT_TMP/$w" | grep '^[<>]' | tr '\n' ' ')"
done

# The generated parts are current.
for f in man/litmus-run.1 doc/running.md; do
	sh "$LT_SRCDIR/scripts/options-doc" "$LT_TOOL" "$LT_SRCDIR/$f" >"$LT_TMP/gen" ||
		fail "scripts/options-doc $f failed"
	cmp -s "$LT_TMP/gen" "$LT_SRCDIR/$f" ||
		fail "$f is out of date with src/run/options.def: run make update-options"
done

# The manuals render without warnings, and every sub-command has one that
# its own --help agrees with on the long options.
if command -v groff >/dev/null 2>&1; then
	for m in "$LT_SRCDIR"/man/litmus-run.1 "$LT_SRCDIR"/man/litmus-run-*.1 "$LT_SRCDIR"/man/litmus-gen.1; do
		w=$(groff -man -Tutf8 -ww -z "$m" 2>&1) || fail "groff $m failed"
		[ -z "$w" ] || fail "groff warns on $m: $w"
	done
fi
for c in compare merge report fences; do
	m="$LT_SRCDIR/man/litmus-run-$c.1"
	[ -f "$m" ] || fail "no manual page for litmus-run $c"
	"$LT_TOOL" "$c" --help >"$LT_TMP/h" || fail "litmus-run $c --help failed"
	for o in $(grep -o -- '--[a-z][a-z0-9-]*' "$LT_TMP/h" | sort -u); do
		grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" "$m" ||
			fail "litmus-run-$c.1 does not describe $o"
	done
done

# The completion offers every option and the sub-commands (completed in
# an empty directory: no file name competes).
"$LT_TOOL" --print-options=bash >"$LT_TMP/comp"
bash -n "$LT_TMP/comp" || fail "the bash completion does not parse"
while read -r o; do
	grep -q -- "--$o" "$LT_TMP/comp" || fail "the completion lacks --$o"
done <"$LT_TMP/table"
out=$(cd "$LT_TMP" && mkdir -p empty && cd empty && bash -c '. "$1"; COMP_WORDS=(litmus-run --sy); COMP_CWORD=1; _litmus_run; echo "${COMPREPLY[*]}"' _ "$LT_TMP/comp")
[ "$out" = "--sync=" ] || fail "completing --sy gave '$out'"
# bash splits "--sync=t" at the '=' (COMP_WORDBREAKS), or keeps it whole.
out=$(cd "$LT_TMP" && mkdir -p empty && cd empty && bash -c '. "$1"; COMP_WORDS=(litmus-run --sync = t); COMP_CWORD=3; _litmus_run; echo "${COMPREPLY[*]}"' _ "$LT_TMP/comp")
[ "$out" = "timebase" ] || fail "completing --sync=t gave '$out'"
out=$(cd "$LT_TMP" && mkdir -p empty && cd empty && bash -c '. "$1"; COMP_WORDS=(litmus-run --sync=t); COMP_CWORD=1; _litmus_run; echo "${COMPREPLY[*]}"' _ "$LT_TMP/comp")
[ "$out" = "--sync=timebase" ] || fail "completing the word --sync=t gave '$out'"
out=$(cd "$LT_TMP" && mkdir -p empty && cd empty && bash -c '. "$1"; COMP_WORDS=(litmus-run comp); COMP_CWORD=1; _litmus_run; echo "${COMPREPLY[*]}"' _ "$LT_TMP/comp")
[ "$out" = "compare" ] || fail "completing comp gave '$out'"
# --sync's error names the modes the completion offers, in its order (both
# from one table: a mode added there is in both).
modes=$(sed -n "s/.*--sync) COMPREPLY=(\$(compgen -W '\([^']*\)'.*/\1/p" "$LT_TMP/comp")
[ -n "$modes" ] || fail "the completion has no --sync modes"
want=$(echo "$modes" | awk '{ s = $1; for (i = 2; i <= NF; i++) s = s (i < NF ? ", " : " or ") $i; print s }')
code=0
"$LT_TOOL" --sync=bogus "$LT_SRCDIR/tests-litmus/x86_64/SB.litmus" 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] || fail "--sync=bogus: exit $code, expected 2"
grep -qxF "litmus-run: --sync: expected $want, got 'bogus'" "$LT_TMP/err" ||
	fail "--sync=bogus: '$(cat "$LT_TMP/err")', expected the modes $want"
code=0
"$LT_TOOL" --print-options=nroff 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] || fail "--print-options=nroff: exit $code, expected 2"
echo "options-doc: $(wc -l <"$LT_TMP/table") options agree"
