#!/bin/sh
# SPDX-License-Identifier: MIT
# `make install DESTDIR=...` installs the programs, the runtime, the
# documentation, the lab's scripts, the suites, the manual pages and the
# bash completion; `make uninstall` removes them again.
. "$(dirname "$0")/lib.sh"
: "${LT_BUILDDIR:?run through make check}"
command -v make >/dev/null 2>&1 || skip "no make"
d="$LT_TMP/root"
# A private prefix: the build's own may be anything.
make -s -C "$LT_BUILDDIR" install DESTDIR="$d" prefix=/opt/lr >"$LT_TMP/log" 2>&1 ||
	fail "make install failed: $(tail -n 20 "$LT_TMP/log")"
r="$d/opt/lr"
for f in bin/litmus-run bin/litmus-gen \
	share/man/man1/litmus-run.1 share/man/man1/litmus-gen.1 \
	share/man/man1/litmus-run-compare.1 share/man/man1/litmus-run-merge.1 \
	share/man/man1/litmus-run-report.1 share/man/man1/litmus-run-fences.1 \
	share/doc/litmus-run/README.md share/doc/litmus-run/doc/running.md \
	share/doc/litmus-run/doc/litmus7.md share/doc/litmus-run/results/README.md \
	share/litmus-run/scripts/nightly share/litmus-run/scripts/herd-compare \
	share/litmus-run/scripts/slurm-nightly.sbatch share/litmus-run/scripts/nightly.conf \
	share/litmus-run/tests-litmus/x86_64/SB.litmus share/litmus-run/tests-litmus/x86_64/kinds.txt \
	share/litmus-run/src/runtime/runtime.c \
	share/bash-completion/completions/litmus-run; do
	[ -f "$r/$f" ] || fail "make install did not install $f"
done
for f in bin/litmus-run share/litmus-run/scripts/nightly share/litmus-run/scripts/herd-compare; do
	[ -x "$r/$f" ] || fail "$f is not executable"
done
# Every doc/ page README.md links is installed where the link points.
for p in $(grep -o '(doc/[a-z0-9-]*\.md' "$LT_SRCDIR/README.md" | tr -d '(' | sort -u); do
	[ -f "$r/share/doc/litmus-run/$p" ] || fail "README.md links $p, not installed"
done
# The installed suites are the source's, file for file.
n1=$(find "$LT_SRCDIR/tests-litmus" -type f | wc -l)
n2=$(find "$r/share/litmus-run/tests-litmus" -type f | wc -l)
[ "$n1" = "$n2" ] || fail "tests-litmus: $n1 files in the source, $n2 installed"
"$r/bin/litmus-run" --help >/dev/null || fail "the installed litmus-run does not run"
bash -n "$r/share/bash-completion/completions/litmus-run" || fail "the installed completion does not parse"
make -s -C "$LT_BUILDDIR" uninstall DESTDIR="$d" prefix=/opt/lr >"$LT_TMP/log" 2>&1 ||
	fail "make uninstall failed: $(tail -n 20 "$LT_TMP/log")"
left=$(find "$r" -type f | head -n 5)
[ -z "$left" ] || fail "make uninstall left: $left"
echo "install: ok"
