#!/bin/sh
# SPDX-License-Identifier: MIT
# Hostile inputs and environments: nothing litmus-run reads (a cache, a
# results directory, a test's names) makes it run someone else's code, and
# no test or compiler keeps it busy past its limits.  Timing checks are
# upper bounds with a wide margin, never speeds.
. "$(dirname "$0")/lib.sh"

arch=$(uname -m)
case $arch in
x86_64) sb="$LT_SRCDIR/tests-litmus/x86_64/SB.litmus" ;;
aarch64) sb="$LT_SRCDIR/tests-litmus/aarch64/SB.litmus" ;;
*) skip "no native SB test for $arch" ;;
esac
command -v setsid >/dev/null 2>&1 || skip "no setsid"
cp "$sb" "$LT_TMP/SB.litmus"
sb="$LT_TMP/SB.litmus"
cache="$LT_TMP/cache"
mkdir -m 700 "$cache"
export LITMUS_RUN_CACHE="$cache"
run() { code=0; "$LT_TOOL" "$@" >"$LT_TMP/out" 2>"$LT_TMP/err" || code=$?; }
expect() {	# expect CODE WHAT: the last run's exit code
	[ "$code" = "$1" ] || fail "$2: exit $code, expected $1: $(head -c 600 "$LT_TMP/err")"
}
elapsed() { echo $(($(date +%s) - t0)); }
# A pid file's process must be gone (after a moment for the kill to land).
gone() {
	[ -s "$1" ] || fail "$2: the helper never started"
	sleep 1
	! kill -0 "$(cat "$1")" 2>/dev/null || { kill -9 "$(cat "$1")"; fail "$2: the helper survived"; }
}
n=0

# 1. The kernel cache.  Without HOME, a private $TMPDIR/litmus-run-cache-UID.
uid=$(id -u)
mkdir "$LT_TMP/tmp"
env -u HOME -u XDG_CACHE_HOME -u LITMUS_RUN_CACHE TMPDIR="$LT_TMP/tmp" \
	"$LT_TOOL" -q -n 100 -o "$LT_TMP/r0" "$sb" 2>"$LT_TMP/err" ||
	fail "no HOME: $(cat "$LT_TMP/err")"
[ "$(stat -c '%a %u' "$LT_TMP/tmp/litmus-run-cache-$uid")" = "700 $uid" ] ||
	fail "no HOME: the cache is not a private directory"
# A HOME that cannot hold a cache (a service user's /nonexistent): the same
# private one, with a note; a cache named by LITMUS_RUN_CACHE stays an error.
rm -rf "$LT_TMP/tmp/litmus-run-cache-$uid"
env -u XDG_CACHE_HOME -u LITMUS_RUN_CACHE HOME=/dev/null/home TMPDIR="$LT_TMP/tmp" \
	"$LT_TOOL" -q -n 100 -o "$LT_TMP/r0h" "$sb" 2>"$LT_TMP/err" ||
	fail "a HOME without room for a cache: $(cat "$LT_TMP/err")"
grep -q "note: cannot create /dev/null/home.*the kernel cache is $LT_TMP/tmp/litmus-run-cache-$uid" \
	"$LT_TMP/err" || fail "a HOME without room for a cache: no note: $(cat "$LT_TMP/err")"
[ "$(stat -c '%a %u' "$LT_TMP/tmp/litmus-run-cache-$uid")" = "700 $uid" ] ||
	fail "a HOME without room for a cache: the cache is not a private directory"
code=0
LITMUS_RUN_CACHE=/dev/null/cache "$LT_TOOL" -q -n 100 -o "$LT_TMP/r0c" "$sb" 2>"$LT_TMP/err" || code=$?
expect 2 "LITMUS_RUN_CACHE where no directory can be"
# Planted by someone else: writable by others, or a link.  Refused.
rm -rf "$LT_TMP/tmp/litmus-run-cache-$uid"
mkdir -m 777 "$LT_TMP/tmp/litmus-run-cache-$uid"
chmod 777 "$LT_TMP/tmp/litmus-run-cache-$uid"
code=0
env -u HOME -u XDG_CACHE_HOME -u LITMUS_RUN_CACHE TMPDIR="$LT_TMP/tmp" \
	"$LT_TOOL" -q -n 100 -o "$LT_TMP/r1" "$sb" 2>"$LT_TMP/err" || code=$?
expect 2 "a world-writable cache"
grep -q "writable by other users" "$LT_TMP/err" || fail "world-writable cache: $(cat "$LT_TMP/err")"
rmdir "$LT_TMP/tmp/litmus-run-cache-$uid"
mkdir -m 700 "$LT_TMP/elsewhere"
ln -s "$LT_TMP/elsewhere" "$LT_TMP/tmp/litmus-run-cache-$uid"
code=0
env -u HOME -u XDG_CACHE_HOME -u LITMUS_RUN_CACHE TMPDIR="$LT_TMP/tmp" \
	"$LT_TOOL" -q -n 100 -o "$LT_TMP/r2" "$sb" 2>"$LT_TMP/err" || code=$?
expect 2 "a cache that is a link"
if [ "$uid" = 0 ] && id nobody >/dev/null 2>&1; then
	rm "$LT_TMP/tmp/litmus-run-cache-$uid"
	mkdir -m 700 "$LT_TMP/tmp/litmus-run-cache-$uid"
	chown nobody "$LT_TMP/tmp/litmus-run-cache-$uid"
	code=0
	env -u HOME -u XDG_CACHE_HOME -u LITMUS_RUN_CACHE TMPDIR="$LT_TMP/tmp" \
		"$LT_TOOL" -q -n 100 -o "$LT_TMP/r3" "$sb" 2>"$LT_TMP/err" || code=$?
	expect 2 "a cache owned by another user"
	grep -q "not to this user" "$LT_TMP/err" || fail "foreign cache: $(cat "$LT_TMP/err")"
fi
n=$((n + 1))

# A cached executable that is not the one a build finished is rebuilt,
# never run: truncated, replaced by a script, or group-writable.
run -q -n 100 -o "$LT_TMP/r4" "$sb"
expect 0 "a first build"
exe=$(find "$cache" -name test -type f | head -n 1)
[ -n "$exe" ] && [ -f "${exe%/test}/test.sum" ] || fail "no cache entry with its test.sum"
for how in truncate script chmod; do
	case $how in
	truncate) truncate -s 100 "$exe" ;;
	script) printf '#!/bin/sh\ntouch "%s/ran"\n' "$LT_TMP" >"$exe" ;;
	chmod) chmod g+w "$exe" ;;
	esac
	run -v -n 100 -o "$LT_TMP/r-$how" "$sb"
	expect 0 "a $how cache entry"
	grep -q "build:" "$LT_TMP/err" || fail "a $how cache entry was not rebuilt"
	[ ! -e "$LT_TMP/ran" ] || fail "a planted cache entry ran"
done
n=$((n + 1))

# A umask that lets the group write (002) still gives usable cache entries:
# what the compilers write is made writable by its owner alone.
rm -rf "${exe%/test}"
(umask 002 && run -q -n 100 -o "$LT_TMP/r-umask" "$sb" && expect 0 "a run under umask 002") ||
	fail "a run under umask 002"
n=$((n + 1))

# The runtime's cached objects: one that is not the one their build
# finished is compiled again, never linked (the kernel is removed from the
# cache so that it is linked again).
rt=$(find "$cache" -maxdepth 1 -name 'rt-*' -type d | head -n 1)
[ -n "$rt" ] && [ -f "$rt/objects.sum" ] || fail "no runtime object entry with its objects.sum"
for how in truncate chmod; do
	case $how in
	truncate) truncate -s 100 "$rt/runtime.o" ;;
	chmod) chmod g+w "$rt/runtime.o" ;;
	esac
	rm -rf "${exe%/test}"
	run -v -n 100 -o "$LT_TMP/rt-$how" "$sb"
	expect 0 "a $how runtime object"
	grep -q "runtime objects in $rt" "$LT_TMP/err" || fail "a $how runtime object: no objects used"
	[ "$(stat -c %s "$rt/runtime.o")" -gt 100 ] && [ "$(stat -c %a "$rt/runtime.o")" = 644 ] ||
		fail "a $how runtime object was not compiled again"
done
n=$((n + 1))

# 2. --resume runs no command of the manifest and reads only its tests.
run -q -n 100 -o "$LT_TMP/res" "$sb"
expect 0 "the run to resume"
m="$LT_TMP/res/manifest.json"
cp "$m" "$LT_TMP/manifest.orig"
for opt in cc cflags exec; do
	jq --arg o "$opt" --arg v "$LT_TMP/evil.sh" '.options[$o] = $v' \
		"$LT_TMP/manifest.orig" >"$m"
	printf '#!/bin/sh\ntouch "%s/ran"\n' "$LT_TMP" >"$LT_TMP/evil.sh"
	chmod +x "$LT_TMP/evil.sh"
	rm -f "$LT_TMP/res/tests/00000.json"
	run -q --resume "$LT_TMP/res"
	expect 2 "--resume with a manifest's $opt"
	grep -q "never taken from a manifest" "$LT_TMP/err" || fail "resume $opt: $(cat "$LT_TMP/err")"
	[ ! -e "$LT_TMP/ran" ] || fail "--resume ran the manifest's $opt"
done
# Given again, the command line's value stands.
jq '.options.cflags = "-O1"' "$LT_TMP/manifest.orig" >"$m"
run -q --resume "$LT_TMP/res" --cflags=-O2
expect 0 "--resume with --cflags given"
grep -q "continuing with --cflags=-O2" "$LT_TMP/err" || fail "no note of the --cflags change"
# A file the run did not record (or that changed) is not read.
jq --arg f /etc/passwd '.files[0] = $f' "$LT_TMP/manifest.orig" >"$m"
rm -f "$LT_TMP/res/tests/00000.json"
run -q --resume "$LT_TMP/res"
expect 2 "--resume of a foreign file"
grep -q "/etc/passwd: missing or changed" "$LT_TMP/err" || fail "foreign file: $(cat "$LT_TMP/err")"
n=$((n + 1))

# 3. --json and --junit: a planted link at a temporary name is never written
# through; a FIFO or /dev/null is written, not replaced; a link the user
# made to a regular file still points at the new contents.
run -q -n 100 -o "$LT_TMP/w1" --json=/dev/null --junit=/dev/null "$sb"
expect 0 "--json=/dev/null"
[ -c /dev/null ] || fail "/dev/null was replaced"
mkfifo "$LT_TMP/fifo"
# (The reader gives up after a while, so a run that never opens the FIFO
# fails this test instead of hanging it.)
timeout 300 cat "$LT_TMP/fifo" >"$LT_TMP/fifo.out" &
reader=$!
run -q -n 100 -o "$LT_TMP/w2" --json="$LT_TMP/fifo" "$sb"
[ "$code" = 0 ] || : >"$LT_TMP/fifo" 2>/dev/null &
wait "$reader" || true
expect 0 "--json=FIFO"
[ -p "$LT_TMP/fifo" ] || fail "the FIFO was replaced"
jq -e .tests "$LT_TMP/fifo.out" >/dev/null || fail "nothing usable came through the FIFO"
echo keep >"$LT_TMP/target"
ln -s "$LT_TMP/target" "$LT_TMP/link.json"
for p in $$ 1 2 3; do ln -s "$LT_TMP/target" "$LT_TMP/planted.json.tmp.$p"; done
run -q -n 100 -o "$LT_TMP/w3" --json="$LT_TMP/link.json" --junit="$LT_TMP/planted.json" "$sb"
expect 0 "--json through a link"
[ -L "$LT_TMP/link.json" ] || fail "the user's link was replaced"
jq -e .tests "$LT_TMP/target" >/dev/null || fail "the link's target was not written"
xmllint --noout "$LT_TMP/planted.json" 2>/dev/null || grep -q "<testsuite" "$LT_TMP/planted.json" ||
	fail "--junit not written"
n=$((n + 1))

# 4. --emit: nothing in --cflags reaches make or sh as syntax.
for f in '-O2;touch ran' '-O2 "x' '-O2|true' '-O2&true' '-O2 $(true)' '-O2 `true`'; do
	run -q --emit="$LT_TMP/bundle" --cflags="$f" "$sb"
	expect 2 "--emit --cflags='$f'"
	grep -q "is not allowed" "$LT_TMP/err" || fail "--cflags='$f': $(cat "$LT_TMP/err")"
done
run -q --emit="$LT_TMP/bundle" --cflags="-O2 -DX=1 -march=native" "$sb"
expect 0 "--emit with plain flags"
n=$((n + 1))

# 5. Names that collide with generated code.
cat >"$LT_TMP/kernel.litmus" <<'LIT'
X86_64 label-kernel
{ }
 P0            | P1            ;
 movl $1,(x)   | movl $1,(y)   ;
 jmp kernel    | movl (x),%eax ;
 kernel:       |               ;
 movl (y),%eax |               ;
exists (0:rax=0 /\ 1:rax=0)
LIT
if [ "$arch" = x86_64 ]; then
	run -q -n 100 -o "$LT_TMP/k" "$LT_TMP/kernel.litmus"
	expect 0 "a label named kernel"
fi
cat >"$LT_TMP/cnames.litmus" <<'LIT'
C c-names
{ *NULL = 0; *uint64_t = 0; }
P0(int *NULL, int *uint64_t)
{
	*NULL = 1;
	int r0 = *uint64_t;
}
P1(int *NULL, int *uint64_t)
{
	*uint64_t = 1;
	int NULL_r = *NULL;
}
exists (0:r0=0 /\ 1:NULL_r=0)
LIT
run -q -n 100 -o "$LT_TMP/c" "$LT_TMP/cnames.litmus"
expect 0 "C locations named NULL and uint64_t"
# Locals named after types ("int bool", "int u32") and a location named
# after a kernel primitive the test does not call: a clean run, judged by
# the model.  (A name its own thread also calls or declares with as a type
# is an error at parse time: tests/bad/c-*.litmus.)
cat >"$LT_TMP/cnames2.litmus" <<'LIT'
C c-names-2
{ }
P0(int *barrier, int *y)
{
	WRITE_ONCE(*barrier, 1);
	smp_mb();
	int bool = READ_ONCE(*y);
}
P1(int *barrier, int *y)
{
	WRITE_ONCE(*y, 1);
	smp_mb();
	int u32 = READ_ONCE(*barrier);
}
exists (0:bool=0 /\ 1:u32=0)
LIT
run -q -n 100 -o "$LT_TMP/c2" --json="$LT_TMP/c2.json" "$LT_TMP/cnames2.litmus"
expect 0 "C locals named bool and u32, a location named barrier"
jq -e '.tests[0].model.verdict == "Forbidden" and .tests[0].status == "ok"' "$LT_TMP/c2.json" >/dev/null ||
	fail "c-names-2: not judged Forbidden by the model: $(cat "$LT_TMP/err")"
n=$((n + 1))

# 6. The compiler runs under --cc-timeout and --cc-memory.
cat >"$LT_TMP/slowcc" <<'SH'
#!/bin/sh
case "$*" in *--version*) exec cc --version ;; esac
sleep 300
SH
cat >"$LT_TMP/hogcc" <<'SH'
#!/bin/sh
case "$*" in *--version*) exec cc --version ;; esac
exec awk 'BEGIN { s = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"; while (1) s = s s }'
SH
chmod +x "$LT_TMP/slowcc" "$LT_TMP/hogcc"
t0=$(date +%s)
run -q -n 100 -o "$LT_TMP/cc1" --cc="$LT_TMP/slowcc" --cflags=-O0 --cc-timeout=3 "$sb"
expect 2 "a compiler past --cc-timeout"
[ "$(elapsed)" -le 60 ] || fail "--cc-timeout=3 took $(elapsed) s"
grep -q "killed after the 3 s --cc-timeout" "$LT_TMP/err" || fail "cc-timeout: $(cat "$LT_TMP/err")"
t0=$(date +%s)
run -q -n 100 -o "$LT_TMP/cc2" --cc="$LT_TMP/hogcc" --cflags=-O0 --cc-memory=256 --cc-timeout=120 "$sb"
expect 2 "a compiler past --cc-memory"
[ "$(elapsed)" -le 60 ] || fail "--cc-memory=256 took $(elapsed) s"
n=$((n + 1))

# 7. The watchdog: a helper that leaves the process group and holds stdout
# keeps nobody waiting, and is killed; a stdout flood is cut off.
cat >"$LT_TMP/daemon" <<SH
#!/bin/sh
setsid sh -c 'echo \$\$ >"$LT_TMP/daemon.pid"; exec sleep 300' &
exec "\$@"
SH
cat >"$LT_TMP/hang" <<SH
#!/bin/sh
setsid sh -c 'echo \$\$ >"$LT_TMP/hang.pid"; exec sleep 300' &
sleep 300
SH
cat >"$LT_TMP/flood" <<'SH'
#!/bin/sh
exec head -c 400000000 /dev/zero
SH
chmod +x "$LT_TMP/daemon" "$LT_TMP/hang" "$LT_TMP/flood"
t0=$(date +%s)
run -q -n 100 --timeout=20 --exec="$LT_TMP/daemon" -o "$LT_TMP/x1" "$sb"
expect 0 "a test leaving a daemon"
[ "$(elapsed)" -le 15 ] || fail "a daemon holding stdout kept the run $(elapsed) s"
gone "$LT_TMP/daemon.pid" "a test's daemon"
t0=$(date +%s)
run -q -n 100 --timeout=5 --exec="$LT_TMP/hang" -o "$LT_TMP/x2" "$sb"
expect 4 "a hanging test"
[ "$(elapsed)" -le 15 ] || fail "--timeout=5 took $(elapsed) s"
gone "$LT_TMP/hang.pid" "a hanging test's daemon"
run -n 100 --timeout=60 --exec="$LT_TMP/flood" -o "$LT_TMP/x3" "$sb"
expect 4 "a stdout flood"
grep -q "output too large" "$LT_TMP/out" || fail "flood: $(cat "$LT_TMP/out")"
n=$((n + 1))

# 8. Two builds of one Go kernel at once (two runs sharing a cache entry):
# arch/go/lt-gocc makes each one's program and archive in a directory of
# its own.  The stand-in go writes its archive in two parts, two seconds
# apart, and the stand-in linker takes only a whole one: in one shared
# file, the second build's link would find the first's second part as well.
mkdir -m 700 "$LT_TMP/goentry"
printf '/* LT-GO-SOURCE-BEGIN\npackage main\nLT-GO-SOURCE-END */\n' >"$LT_TMP/goentry/test.c"
cat >"$LT_TMP/slowgo" <<'SH'
#!/bin/sh
out= prev=
for a; do [ "$prev" = -o ] && out=$a; prev=$a; done
echo "archive of" >"$out"
sleep 2
cat "$prev" >>"$out"
echo END >>"$out"
SH
cat >"$LT_TMP/wholecc" <<'SH'
#!/bin/sh
[ "$1" = -dumpmachine ] && { echo x86_64-linux-gnu; exit 0; }
for a; do case $a in *lt-go.a) ar=$a ;; esac; done
[ "$(head -n 1 "$ar")" = "archive of" ] && [ "$(grep -c '^END$' "$ar")" = 1 ] &&
	[ "$(tail -n 1 "$ar")" = END ] || { echo "a half-written archive" >&2; exit 1; }
SH
chmod +x "$LT_TMP/slowgo" "$LT_TMP/wholecc"
gocc() {
	LITMUS_RUN_GO="$LT_TMP/slowgo" sh "$LT_SRCDIR/arch/go/lt-gocc" "$LT_TMP/wholecc" \
		-o "$LT_TMP/goentry/exe$1" "$LT_TMP/goentry/test.c" 2>"$LT_TMP/gocc$1.err"
}
gocc 1 & p1=$!
sleep 1
code=0; gocc 2 || code=$?
code1=0; wait "$p1" || code1=$?
[ "$code1" = 0 ] && [ "$code" = 0 ] ||
	fail "two lt-gocc builds of one entry: exit $code1 and $code: $(cat "$LT_TMP"/gocc*.err)"
[ "$(find "$LT_TMP/goentry" -name 'go-work.*')" = "" ] || fail "lt-gocc left its work directory"
[ -s "$LT_TMP/goentry/lt-go.a" ] && [ -s "$LT_TMP/goentry/test.go" ] ||
	fail "lt-gocc did not leave the entry its program and archive"
n=$((n + 1))

# 9. Usage errors, not crashes.
run -q -n 100 --instances=4096 -o "$LT_TMP/u1" "$sb"
expect 2 "--instances beyond the PUs"
run -q -n 100 --exec="$LT_TMP/no-such-program" -o "$LT_TMP/u2" "$sb"
expect 2 "a missing --exec program"
grep -q "not an executable program" "$LT_TMP/err" || fail "missing --exec: $(cat "$LT_TMP/err")"
n=$((n + 1))

echo "ok: $n hostile inputs and environments handled"
