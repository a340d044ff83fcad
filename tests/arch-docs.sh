#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation keeps no partial list of the arches: wherever README.md,
# HACKING.md, doc/*.md or litmus-run.1 lists arches of `litmus-run
# --list-arches` (a table row with a column per arch, or three names or
# more joined by commas, "and" or "or": "{aarch64,ppc64le,riscv64}"), it
# lists every one of them.  A page that only gives an example names one arch, or points at
# --list-arches, and needs no change when an arch is added.
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
for f in "$LT_SRCDIR"/README.md "$LT_SRCDIR"/HACKING.md "$LT_SRCDIR"/doc/*.md \
	"$LT_SRCDIR"/litmus-run.1; do
	[ -f "$f" ] || continue
	# One "LINE<TAB>row|run<TAB>word word ..." per list found: the arch words of a
	# table row's cells (first word of each), or of a comma-joined run.
	lists=$(sed -e 's/`//g; s/\*\*//g; s/\\f[BRIP]//g' "$f" | awk -v alt="$alt" '
	BEGIN { re = "(" alt ")" }
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
			m = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			gsub(/ (and|or) /, ",", m); gsub(/[^a-z0-9_,-]/, "", m); gsub(/,/, " ", m)
			print NR "\trun\t" m
		}
	}')
	[ -n "$lists" ] || continue
	while IFS='	' read -r line kind list; do
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
[ "$bad" = 0 ] || fail "$bad partial arch list(s): list every arch of --list-arches or name one as an example"
echo "ok: $checked arch list(s) in the docs, each complete ($total arches)"
