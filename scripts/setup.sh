# SPDX-License-Identifier: MIT
# Shared set-up for scripts/quickstart and scripts/check (sourced, not run):
# install missing Debian packages, bootstrap, configure into build/, make.
# Every step is skipped when its output is already up to date.

LT_TOP=$(cd "$(dirname "$0")/.." && pwd)
LT_BUILD=${LT_BUILD:-$LT_TOP/build}
LT_PACKAGES="gcc make autoconf automake pkg-config libhwloc-dev libjansson-dev check libpapi-dev liburcu-dev"
# The test suite also cross-compiles kernels for the other arches of
# arch/arches.def (every row but this host's) and runs them under qemu-user.
LT_CROSS_PACKAGES=$(sh "$LT_TOP/scripts/arches" "$LT_TOP/arch/arches.def" rows |
	awk -F'|' -v host="$(uname -m)" '$1 != host { print $6 }')
LT_CHECK_PACKAGES="$LT_CROSS_PACKAGES clang qemu-user jq libxml2-utils chromium slurm-wlm munge golang-go gccgo"
# litmus-run fences checks gccgo's lowering on the other arches too (tests/fences-go.sh):
# Debian's cross gccgo of each of them, gccgo-<triplet>, built for x86_64 hosts.
[ "$(uname -m)" = x86_64 ] &&
	LT_CHECK_PACKAGES="$LT_CHECK_PACKAGES $(sh "$LT_TOP/scripts/arches" "$LT_TOP/arch/arches.def" rows |
		awk -F'|' -v host="$(uname -m)" '$1 != host { printf " gccgo-%s", $4 }')"
# (clang: litmus-run fences compiles with it too; libxml2-utils: xmllint checks JUnit XML; chromium renders the HTML report;
# slurm-wlm and munge run the Slurm job-array test on a one-node cluster; golang-go builds the Go tests'
# kernels, natively and cross, and gccgo is the second Go compiler they are built with.)

lt_say() { printf '%s\n' "== $*" >&2; }

lt_install_packages() {
	missing=
	for p in $LT_PACKAGES $*; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		lt_say "missing packages:$missing (and no apt-get: install them by hand)"
		return 1
	fi
	SUDO=
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	lt_say "installing:$missing"
	$SUDO apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# lt_build [EXTRA-PACKAGES...]
lt_build() {
	lt_install_packages "$@" || return 1
	cd "$LT_TOP" || return 1
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
		lt_say "bootstrap"
		./bootstrap >/dev/null 2>&1 || { ./bootstrap; return 1; }
	fi
	mkdir -p "$LT_BUILD" && cd "$LT_BUILD" || return 1
	if [ ! -f Makefile ] || [ "$LT_TOP/configure" -nt config.status ]; then
		lt_say "configure"
		"$LT_TOP/configure" ${LT_CONFIGURE_FLAGS:-} >/dev/null || return 1
	fi
	lt_say "make"
	make -s -j"$(nproc)" >/dev/null || make
}
