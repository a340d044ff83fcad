#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation keeps no partial list of the arches: wherever README.md,
# HACKING.md, doc/*.md or man/litmus-run.1 lists arches of `litmus-run
# --list-arches` (a table row with a column per arch, or three names or
# more joined by commas, "and" or "or": "{aarch64,ppc64le,riscv64}"), it
# lists every one of them.  A page that only gives an example names one arch, or points at
# --list-arches, and needs no change when an arch is added.  A run that
# follows another item of its list ("sc, x86-tso, armv8, riscv, power, c11":
# models, some named like arches) is not a list of arches.
#
# A table with a column per arch that is not a list, a measurement (the arches
# that were run) or what the arches it was written with do, carries the
# marker "<!-- per-arch, not a list: WHY -->" on the line before it (WHY
# said); its rows are not checked, and a new arch needs no column there.
. "$(dirname "$0")/lib.sh"

# "word id" lines: each arch's name and aliases, lower case.
words=$(printf '%s\n' "$LT_ARCH_LIST" | awk '{
	for (i = 1; i <= NF; i++) {
		k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v); x[k] = v
	}
	print tolower(x["name"]), x["name"]
	n = split(x["aliases"], a, ",")
	for (i = 1; i <= n; i++)
		print tolower(a[i]), x["name"]
}')
total=$(lt_arches | wc -l)
[ "$total" -ge 2 ] || fail "--list-arches lists $total arch(es)"
alt=$(printf '%s\n' "$words" | awk '{ print $1 }' | paste -sd'|' -)

bad=0
checked=0
marked=0
for f in "$LT_SRCDIR"/README.md "$LT_SRCDIR"/HACKING.md "$LT_SRCDIR"/doc/*.md \
	"$LT_SRCDIR"/man/litmus-run.1; do
	[ -f "$f" ] || continue
	# One "LINE<TAB>row|run<TAB>word word ..." per list found: the arch words of a
	# table row's cells (first word of each), or of a comma-joined run.
	lists=$(sed -e 's/`//g; s/\*\*//g; s/\\f[BRIP]//g' "$f" | awk -v alt="$alt" '
	BEGIN { re = "(" alt ")" }
	/^<!-- per-arch, not a list: [^ ].*-->$/ { marker = NR; next }
	/^\|/ && (marker == NR - 1 || intable) {
		if (!intable) print NR "\tmarked\t"
		intable = 1; next
	}
	# A marker stands right before its table.
	marker && marker == NR - 1 { print marker "\tstray\t" }
	{ intable = 0 }
	/^\|/ {
		n = split($0, c, "|"); out = ""
		for (i = 2; i < n; i++) {
			w = tolower(c[i]); sub(/^[ \t]+/, "", w); sub(/[ ,;:(].*$/, "", w)
			if (w ~ ("^" re "$")) out = out " " w
		}
		if (out != "") print NR "\trow\t" out
		next
	}
	{
		s = tolower($0)
		while (match(s, "(^|[^a-z0-9_-])" re "(([ ]*,[ ]*(and |or )?|[ ]+(and|or)[ ]+)" re ")+($|[^a-z0-9_-])")) {
			m = substr(s, RSTART, RLENGTH); pre = substr(s, 1, RSTART - 1)
			s = substr(s, RSTART + RLENGTH)
			# After another item of its list ("sc, x86-tso, armv8,
			# riscv, power"): a list of other things, not of arches.
			if (pre ~ /,[ ]*$/ || m ~ /^,/)
				continue
			gsub(/ (and|or) /, ",", m); gsub(/[^a-z0-9_,-]/, "", m); gsub(/,/, " ", m)
			print NR "\trun\t" m
		}
	}')
	[ -n "$lists" ] || continue
	while IFS='	' read -r line kind list; do
		case $kind in
		marked) marked=$((marked + 1)); continue ;;
		stray)
			echo "${f#"$LT_SRCDIR"/}:$line: a per-arch marker with no table after it" >&2
			bad=$((bad + 1)); continue ;;
		esac
		# Arch ids the list names, whatever word it uses for each.
		ids=$(for w in $list; do
			printf '%s\n' "$words" | awk -v w="$w" '$1 == w { print $2 }'
		done | sort -u)
		# A table row with two arch columns is a list; a run of
		# names is one from three on (two are an example).
		n=$(printf '%s\n' "$ids" | grep -c .)
		[ "$n" -ge 2 ] || continue
		[ "$n" -ge 3 ] || [ "$kind" = row ] || continue
		checked=$((checked + 1))
		if [ "$n" -ne "$total" ]; then
			missing=$(lt_arches | grep -vxF "$ids" | paste -sd' ' -)
			echo "${f#"$LT_SRCDIR"/}:$line: lists $n of the $total arches; missing: $missing" >&2
			bad=$((bad + 1))
		fi
	done <<EOF
$lists
EOF
done
[ "$bad" = 0 ] || fail "$bad fault(s): list every arch of --list-arches, name one as an example, or mark a per-arch table"
echo "ok: $checked arch list(s) in the docs, each complete ($total arches); $marked per-arch table(s) marked as not a list"
