#!/bin/sh
# SPDX-License-Identifier: MIT
# Corpora run for real, judged by herd7: for each arch, a sample of 40
# tests that litmus-run accepts (its model gives their states), spread
# evenly over the corpus, run with -n 2000 on this machine or under
# qemu-user.  Every state a run observes (and its filter keeps) must be one
# herd7 allows, bar a deviation of the emulator the run lists as known; a
# test whose kernel runs an instruction as another sequence lists it in the
# JSON ("substituted") and says so on its row of the table.
# The corpus of an arch is LT_CORPUS_<arch> (a folder searched recursively,
# e.g. LT_CORPUS_riscv64=.../litmus-tests-riscv/tests/non-mixed-size),
# else tests-litmus/<arch> with ../shared/herd-catalogue/<arch> when
# present.  herd7 is HERD7 or on PATH (skipped without it); HERD_TIMEOUT
# (default 60 s) bounds each herd7 run, and a test herd7 cannot answer in
# time leaves the sample (said).  LT_CORPUS_ARCHES limits the arches
# ("riscv64 aarch64"; default: all).  An arch without its cross compiler
# or qemu is skipped with a note.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null 2>&1 || skip "jq not installed"
herd=${HERD7:-herd7}
command -v "$herd" >/dev/null 2>&1 || skip "herd7 not found (HERD7=path or on PATH)"
hto=${HERD_TIMEOUT:-60}
N=40

# herd7's allowed states of $1, one per line: "name=value;" sorted, as
# scripts/herd-compare writes them ("[x]=1" is "x=1").
herd_states() {
	args=
	[ "$(awk 'NF {print $1; exit}' "$1")" = X86_64 ] && args="-archcheck false -model x86tso.cat"
	# shellcheck disable=SC2086
	timeout "$hto" "$herd" $args "$1" 2>/dev/null </dev/null | awk '/^States /{on=1; next}
	     on && /^(Loop )?(Ok|No|Undef)$/ {exit}
	     on {gsub(/[][ ]/, ""); n = split($0, b, ";"); m = 0
		 for (i = 1; i <= n; i++) if (b[i] != "") a[++m] = b[i]
		 for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) {
			 t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		 s = ""; for (i = 1; i <= m; i++) s = s a[i] ";"
		 print s; any = 1}
	     END {exit !any}'
}

ran=0
for arch in ${LT_CORPUS_ARCHES:-$(lt_arches)}; do
	cc=$(lt_arch_cc "$arch") q=$(lt_arch_field "$arch" qemu)
	native=$(lt_arch_field "$arch" native)
	if ! command -v "$cc" >/dev/null 2>&1 ||
		{ [ "$native" != yes ] && ! command -v "$q" >/dev/null 2>&1; }; then
		echo "note: $cc or $q missing: $arch not run"
		continue
	fi
	eval "dirs=\${LT_CORPUS_$arch-}"
	if [ -z "$dirs" ]; then
		dirs=$LT_SRCDIR/tests-litmus/$arch
		[ -d "$LT_SRCDIR/../shared/herd-catalogue/$arch" ] &&
			dirs="$dirs $LT_SRCDIR/../shared/herd-catalogue/$arch"
	fi
	w=$LT_TMP/$arch
	mkdir -p "$w"
	# shellcheck disable=SC2086 # dirs is a list
	find $dirs -name '*.litmus' -type f | LC_ALL=C sort >"$w/all"
	[ -s "$w/all" ] || fail "$arch: no .litmus file in $dirs"
	# The tests of this arch whose states the model gives: the accepted.
	"$LT_TOOL" --check-only -q --arch="$arch" --json="$w/check.json" "@$w/all" \
		>/dev/null 2>&1 || true
	jq -r --arg a "$arch" '.tests[] | select(.arch == $a and (.model.allowed | type) == "array") |
		.file' "$w/check.json" >"$w/ok"
	jq -r --arg a "$arch" '.tests[] | select(.arch == $a and (.model.allowed | type) == "array"
		and (.substituted | length) > 0) | .file' "$w/check.json" >"$w/subst"
	nok=$(wc -l <"$w/ok")
	[ "$nok" -gt 0 ] || fail "$arch: litmus-run accepts no test of $dirs"
	# N spread evenly, of which up to 5 that substitute an instruction.
	ns=$(wc -l <"$w/subst")
	[ "$ns" -gt 5 ] && ns=5
	awk -v n="$ns" -v t="$(wc -l <"$w/subst")" 'n && (NR - 1) % int(t / n) == 0 && c < n {print; c++}' \
		"$w/subst" >"$w/sample"
	grep -vxF -f "$w/sample" "$w/ok" >"$w/rest" || true
	awk -v n=$((N - $(wc -l <"$w/sample"))) -v t="$(wc -l <"$w/rest")" \
		't <= n || (NR - 1) % int(t / n) == 0 && c < n {print; c++}' "$w/rest" >>"$w/sample"
	# herd7's states of each; a test it cannot answer in time leaves.
	: >"$w/list"
	while read -r f; do
		k=$(wc -l <"$w/list")
		if herd_states "$f" >"$w/herd.$k"; then
			printf '%s\n' "$f" >>"$w/list"
		else
			echo "note: $arch: herd7 gave no states for $f within ${hto}s: left out"
		fi
	done <"$w/sample"
	n=$(wc -l <"$w/list")
	code=0
	"$LT_TOOL" --arch="$arch" -n 2000 --timeout "$LT_RUN_TIMEOUT" -o "$w/out" \
		"@$w/list" >"$w/table" 2>"$w/err" || code=$?
	[ "$code" = 0 ] || [ "$code" = 1 ] ||
		fail "$arch sample exited $code: $(head -n 5 "$w/err")"
	k=0 bad=0 known=0
	while read -r f; do
		jq -r --arg f "$f" '.tests[] | select(.file == $f) | .histogram // [] | .[] |
			select(.filtered != true) |
			(.outcome | to_entries | map("\(.key)=\(.value)") | sort | map(. + ";") | join(""))
			+ (if .known then "\tknown" else "" end)' \
			"$w/out/run.json" >"$w/seen"
		jq -e --arg f "$f" '.tests[] | select(.file == $f) | .status == "ok"' \
			"$w/out/run.json" >/dev/null || fail "$arch: $f did not run: $(grep -F "$f" "$w/err" | head -n 1)"
		while IFS="$(printf '\t')" read -r s kn; do
			grep -qxF "$s" "$w/herd.$k" && continue
			if [ -n "$kn" ]; then
				known=$((known + 1))
				echo "note: $arch: $f: $s, outside herd7's states, is a known deviation of the emulator"
			else
				bad=$((bad + 1))
				echo "$arch: $f: observed $s, which herd7 does not allow" >&2
			fi
		done <"$w/seen"
		k=$((k + 1))
	done <"$w/list"
	[ "$bad" = 0 ] || fail "$arch: $bad observed states outside herd7's"
	# Substitutions: in the JSON and on the table's row.
	nsub=$(jq '[.tests[] | select((.substituted | length) > 0)] | length' "$w/out/run.json")
	# (the table may cut a long name: its rows are counted)
	rows=$(grep -c "substituted)" "$w/table" || true)
	[ "$rows" = "$nsub" ] ||
		fail "$arch: $nsub tests substitute an instruction, $rows table rows say so"
	echo "ok: $arch: $n of $nok accepted tests of $dirs run with -n 2000 ($([ "$native" = yes ] && echo native || echo "under $q")): every observed state herd7's ($known known emulator deviations), $nsub with substitutions said"
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || skip "no arch could run"
