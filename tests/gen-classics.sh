#!/bin/sh
# SPDX-License-Identifier: MIT
# The generator reproduces the classics: litmus-gen's SB, MP, LB, 2+2W, S and
# R for aarch64 have the threads, instructions, initial state and condition of
# the same-named tests of herd's catalogue, up to a consistent renaming of
# each thread's registers, whitespace, [x] vs x, and the order of the
# conjuncts of the condition (a /\ b is b /\ a).
. "$(dirname "$0")/lib.sh"
cat="$LT_SRCDIR/../shared/herd-catalogue/aarch64"
[ -d "$cat" ] || skip "$cat absent: no catalogue to compare with"
gen="$LT_BUILDDIR/litmus-gen"
[ -x "$gen" ] || fail "$gen not built"

# A test in a canonical form: the arch, each thread's instructions (one per
# line, "P<t>: ..."), the initial state and the condition.  Registers Wn/Xn
# are renamed per thread in their order of first use in the thread's code
# (Wn and Xn are one register); the same renaming applies to the thread's
# registers in the initial state and the condition.
canon() {
	awk '
	function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
	# Rename the registers of thread t in s (creating names when fresh).
	function ren(t, s,    out, r, n) {
		out = ""
		while (match(s, /[WX][0-9]+/)) {
			r = substr(s, RSTART + 1, RLENGTH - 1) + 0
			if (!((t, r) in map))
				map[t, r] = "r" (cnt[t]++)
			out = out substr(s, 1, RSTART) map[t, r]
			s = substr(s, RSTART + RLENGTH)
		}
		return out s
	}
	NR == 1 { print "arch " $1; next }
	!phase && /^[ \t]*\{/ { phase = 1; sub(/^[ \t]*\{/, "") }
	phase == 1 {
		end = sub(/\}.*/, "")
		init = init $0 " "
		if (end) phase = 2
		next
	}
	phase == 2 && NF { phase = 3; nth = split($0, h, "|"); next }
	phase == 3 && /^[ \t]*(~?exists|forall|locations|filter)/ { phase = 4 }
	phase == 3 && NF {
		sub(/;[ \t]*$/, "")
		n = split($0, c, "|")
		for (i = 1; i <= n; i++)
			if (trim(c[i]) != "") code[i - 1] = code[i - 1] "\n" trim(c[i])
		next
	}
	phase == 4 { cond = cond " " $0 }
	END {
		for (t = 0; t < nth; t++) {
			k = split(code[t], ins, "\n")
			for (i = 2; i <= k; i++) {
				x = ins[i]; gsub(/[ \t]+/, " ", x)
				print "P" t ": " ren(t, x)
			}
		}
		n = split(init, it, ";")
		for (i = 1; i <= n; i++) {
			x = it[i]; gsub(/[ \t]/, "", x)
			if (x == "") continue
			if (match(x, /^[0-9]+:/))
				x = substr(x, 1, RLENGTH) ren(substr(x, 1, RLENGTH - 1) + 0, substr(x, RLENGTH + 1))
			print "init " x | "sort"
		}
		close("sort")
		gsub(/[ \t\[\]]/, "", cond)
		q = cond; sub(/\(.*/, "", q)
		sub(/^[^(]*\(/, "", cond); sub(/\)$/, "", cond)
		n = split(cond, cj, "/\\\\")
		for (i = 1; i <= n; i++) {
			x = cj[i]
			if (match(x, /^[0-9]+:/))
				x = substr(x, 1, RLENGTH) ren(substr(x, 1, RLENGTH - 1) + 0, substr(x, RLENGTH + 1))
			print "cond " q " " x | "sort"
		}
		close("sort")
	}' "$1"
}

ok=0
for t in SB MP LB 2+2W S R; do
	[ -f "$cat/$t.litmus" ] || fail "$cat/$t.litmus missing"
	"$gen" --arch=aarch64 "$t" >"$LT_TMP/$t.litmus" || fail "litmus-gen --arch=aarch64 $t failed"
	canon "$cat/$t.litmus" >"$LT_TMP/$t.want"
	canon "$LT_TMP/$t.litmus" >"$LT_TMP/$t.have"
	# A canonical form without code or condition would compare nothing.
	grep -q '^P1: ' "$LT_TMP/$t.want" && grep -q '^cond ' "$LT_TMP/$t.want" ||
		fail "$t: could not read the catalogue's test"
	diff -u "$LT_TMP/$t.want" "$LT_TMP/$t.have" >"$LT_TMP/$t.diff" ||
		fail "litmus-gen's $t differs from the catalogue's (- catalogue, + generated):
$(cat "$LT_TMP/$t.diff")"
	ok=$((ok + 1))
done
echo "ok: litmus-gen's $ok classics (SB MP LB 2+2W S R) are the catalogue's, up to register names"
