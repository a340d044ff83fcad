#!/bin/sh
# SPDX-License-Identifier: MIT
# LOG_COMPILER for unit tests under --enable-valgrind: memcheck errors and
# definite or indirect leaks fail the test.  The runtime test is not run under
# valgrind: its kernels race on purpose and spin on each other (STYLE.md 7);
# nor the probe's, whose two threads spin on each other too (valgrind runs one
# thread at a time, so a ping-pong only times out).
case "$1" in
*test-runtime|*test-runtime-perpetual|*test-probe) exec "$@" ;;
esac
CK_FORK=no exec valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--suppressions="$(dirname "$0")/valgrind.supp" "$@"
