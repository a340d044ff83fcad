#!/bin/sh
# SPDX-License-Identifier: MIT
# --model=FILE.cat: a cat model of one's own, judged through herd7.  SC
# written as a cat file must give what the built-in sc gives, and a model
# that allows nothing must make a run's outcomes forbidden (exit 1).
# Without herd7 (HERD7, or herd7 on PATH) only the refusal is checked.
. "$(dirname "$0")/lib.sh"
cat >"$LT_TMP/sc.cat" <<'CAT'
"sequential consistency, as a cat file"
include "cos.cat"
let com = rf | co | fr
acyclic po | com as sc
CAT
sb="$LT_SRCDIR/tests-litmus/x86_64/SB.litmus"

# No herd7: a usage error saying so, before anything runs.
code=0
HERD7="$LT_TMP/no-herd7" "$LT_TOOL" --model="$LT_TMP/sc.cat" --check-only "$sb" \
	>/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] || fail "no herd7: exit $code, expected 2"
grep -q "is not found (set HERD7" "$LT_TMP/err" || fail "no herd7: $(cat "$LT_TMP/err")"
code=0
"$LT_TOOL" --model="$LT_TMP/none.cat" --check-only "$sb" >/dev/null 2>"$LT_TMP/err" || code=$?
[ "$code" = 2 ] && grep -q "none.cat: No such file" "$LT_TMP/err" ||
	fail "a missing cat file: exit $code: $(cat "$LT_TMP/err")"

herd=${HERD7:-herd7}
command -v "$herd" >/dev/null 2>&1 || skip "herd7 not found (put it on PATH or set HERD7)"
export HERD7="$herd"

# The same states, counts and verdicts as the built-in sc, on each arch.
n=0
for f in x86_64/SB x86_64/MP ppc64le/IRIW aarch64/LB riscv64/2+2W c/MP+rel+acq; do
	t="$LT_SRCDIR/tests-litmus/$f.litmus"
	[ -f "$t" ] || continue
	"$LT_TOOL" --model="$LT_TMP/sc.cat" --check-only "$t" >"$LT_TMP/cat.out" 2>"$LT_TMP/err" ||
		fail "$f: --model=sc.cat failed: $(cat "$LT_TMP/err")"
	"$LT_TOOL" --model=sc --check-only "$t" >"$LT_TMP/sc.out" || fail "$f: --model=sc failed"
	cmp -s "$LT_TMP/cat.out" "$LT_TMP/sc.out" ||
		fail "$f: herd7 with sc.cat and the built-in sc differ: $(diff "$LT_TMP/cat.out" "$LT_TMP/sc.out")"
	n=$((n + 1))
done
[ "$n" -ge 4 ] || fail "only $n tests compared"

# A model that allows no execution: a run's only outcome is forbidden.
cat >"$LT_TMP/none.cat" <<'CAT'
"no execution allowed"
empty po as no-po
CAT
cat >"$LT_TMP/One.litmus" <<'LIT'
X86_64 One
{ x=0; }
 P0            ;
 movq $1,(x)   ;
 movq (x),%rax ;
exists (0:rax=1)
LIT
if [ "$(lt_arch_field x86_64 native)" = yes ]; then
	code=0
	"$LT_TOOL" --model="$LT_TMP/none.cat" -n 50 --force -o "$LT_TMP/run" "$LT_TMP/One.litmus" \
		>"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?
	[ "$code" = 1 ] || fail "nothing allowed: exit $code, expected 1: $(cat "$LT_TMP/err")"
	grep -q "FORBIDDEN outcome observed in One" "$LT_TMP/err" || fail "no FORBIDDEN alert: $(cat "$LT_TMP/err")"
	grep -q "\"name\": \"$LT_TMP/none.cat\"" "$LT_TMP/run/run.json" ||
		fail "run.json does not name the cat model"
fi

# herd7's own complaint about a broken cat file is the model error.
printf '"broken"\nacyclic po |\n' >"$LT_TMP/broken.cat"
"$LT_TOOL" --model="$LT_TMP/broken.cat" --check-only "$sb" >"$LT_TMP/out" 2>"$LT_TMP/err" || true
grep -q "herd7 -model $LT_TMP/broken.cat failed" "$LT_TMP/out" "$LT_TMP/err" ||
	fail "a broken cat: $(cat "$LT_TMP/out" "$LT_TMP/err")"
echo "model-cat: $n tests agree with the built-in sc"
