#!/bin/sh
# SPDX-License-Identifier: MIT
# Asm-shape tests: each thread's kernel, compiled with -O2 by the arch's
# compiler (cross compilers for foreign arches), must contain exactly the
# test's instructions in order.  Compared: the mnemonic sequence of each
# thread in the .litmus table and of its asm block between #APP/#NO_APP.
. "$(dirname "$0")/lib.sh"

# Mnemonics of every thread of a .litmus file: "P<n> m1 m2 ...", one line each.
litmus_mnemonics() {
	awk '
	function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
	/^[ \t]*(exists|~exists|forall|locations|filter|~)/ { intable = 0 }
	intable {
		line = $0; sub(/;[ \t]*$/, "", line)
		n = split(line, cells, "|")
		for (i = 1; i <= n; i++) {
			c = trim(cells[i])
			while (c ~ /^[A-Za-z_][A-Za-z0-9_]*:/) { sub(/^[A-Za-z_][A-Za-z0-9_]*:/, "", c); c = trim(c) }
			if (c == "") continue
			split(c, w, /[ \t]+/)
			m[i - 1] = m[i - 1] " " tolower(w[1])
		}
	}
	/^[ \t]*P0[ \t]*(\||;)/ { intable = 1; nthreads = split($0, h, "|") }
	END { for (t = 0; t < nthreads; t++) printf "P%d%s\n", t, m[t] }
	' "$1"
}

# Mnemonics of each lt_thread_N asm block in a compiler's -S output.
asm_mnemonics() {
	awk '
	/^lt_thread_[0-9]+[.:]/ { t = $0; sub(/^lt_thread_/, "", t); sub(/[.:].*/, "", t); cur = t }
	/^#APP/ { inapp = 1; kernel = 0; next }
	/^#NO_APP/ { inapp = 0; next }
	inapp {
		line = $0
		sub(/^[ \t]+/, "", line)
		if (line ~ /^(#|\/\/)/ || line == "") next
		# Only the block opened by the kernel mark is the test; the rest
		# is the harness (barrier spins).
		if (line ~ /^\.Llt_kernel_[0-9]+:/) { kernel = 1; if (!(cur in m)) m[cur] = "" }
		if (!kernel) next
		while (line ~ /^\.?[A-Za-z_][A-Za-z0-9_.$]*:/) { sub(/^[^:]*:[ \t]*/, "", line) }
		if (line == "") next
		split(line, w, /[ \t]+/)
		m[cur] = m[cur] " " tolower(w[1])
		if (cur + 1 > n) n = cur + 1
	}
	END { for (t = 0; t < n; t++) printf "P%d%s\n", t, m[t] }
	' "$1"
}

checked=0
for dir in "$LT_SRCDIR"/tests-litmus/*/ "$LT_SRCDIR"/tests-litmus/*/*/ "$LT_SRCDIR"/tests/golden/ "$LT_SRCDIR"/tests/golden/*/; do
	for t in "$dir"*.litmus; do
		[ -e "$t" ] || continue
		# The kernel source, for the test's own arch.
		"$LT_TOOL" --print-kernel "$t" >"$LT_TMP/k.c" 2>"$LT_TMP/err" ||
			fail "$t: $(cat "$LT_TMP/err")"
		arch=$(sed -n '1s/^\([A-Za-z0-9_]*\).*/\1/p' "$t")
		# The herd word names the arch (C tests have none: skipped).
		cc=$(lt_arch_cc "$arch")
		[ -n "$cc" ] || continue
		if ! command -v "$cc" >/dev/null 2>&1; then
			echo "note: $cc not installed: $t not checked"
			continue
		fi
		"$cc" -O2 -S -std=gnu11 -I"$LT_SRCDIR/src/runtime" -I"$LT_SRCDIR/arch" \
			-o "$LT_TMP/k.s" "$LT_TMP/k.c" 2>"$LT_TMP/err" ||
			fail "$t: $cc -S failed: $(cat "$LT_TMP/err")"
		# The assembler must accept it too (-S stops before assembling).
		"$cc" -O2 -c -std=gnu11 -I"$LT_SRCDIR/src/runtime" -I"$LT_SRCDIR/arch" \
			-o "$LT_TMP/k.o" "$LT_TMP/k.c" 2>"$LT_TMP/err" ||
			fail "$t: does not assemble with $cc: $(cat "$LT_TMP/err")"
		litmus_mnemonics "$t" >"$LT_TMP/want"
		asm_mnemonics "$LT_TMP/k.s" >"$LT_TMP/got"
		diff -u "$LT_TMP/want" "$LT_TMP/got" >"$LT_TMP/diff" ||
			fail "$t: kernel instructions differ from the test's ($cc -O2):
$(cat "$LT_TMP/diff")"
		checked=$((checked + 1))
	done
done
[ "$checked" -gt 0 ] || skip "no compiler for any test"
echo "ok: $checked kernels have exactly their tests' instructions"
