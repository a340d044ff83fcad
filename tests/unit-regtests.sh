#!/bin/sh
# SPDX-License-Identifier: MIT
# make regtest: the unit tests that run real threads on real PUs (the
# runtime with hand-written kernels, the core-to-core probe).  They are
# check programs built by `make check`; run here, in the second tier.
. "$(dirname "$0")/lib.sh"
for t in test-runtime test-runtime-perpetual test-probe; do
	bin="$LT_BUILDDIR/tests/unit/$t"
	[ -x "$bin" ] || skip "$t not built (configure found no check library)"
	"$bin" || fail "$t"
done
echo "ok: test-runtime, test-runtime-perpetual and test-probe"
