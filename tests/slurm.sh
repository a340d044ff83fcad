#!/bin/sh
# SPDX-License-Identifier: MIT
# scripts/slurm-nightly.sbatch for real: a one-node Slurm (slurmctld, slurmd
# and munged, configured here in a temporary directory, run as root) runs a
# 4-shard job array of the x86_64 catalogue and the merge job after it; the
# merged run must hold exactly the tests of the catalogue, each once.
# Skips, saying why, when Slurm cannot start here.
. "$(dirname "$0")/lib.sh"
[ "$(uname -m)" = x86_64 ] || skip "x86_64 hardware needed for native x86_64 runs"
cat="$LT_SRCDIR/../shared/herd-catalogue/x86_64"
[ -d "$cat" ] || skip "$cat absent"
[ "$(id -u)" = 0 ] || skip "starting slurmctld/slurmd needs root"
for p in slurmctld slurmd munged sbatch squeue scontrol; do
	command -v $p >/dev/null || [ -x /usr/sbin/$p ] ||
		skip "$p not installed (scripts/check installs slurm-wlm and munge)"
done
PATH=$PATH:/usr/sbin
command -v jq >/dev/null || skip "jq needed"

S="$LT_TMP/slurm"
mkdir -p "$S/state" "$S/spool" "$S/munge" "$S/work"
chmod 700 "$S/munge"
pids=
cleanup() {
	# Only the daemons this test started, by their pid.
	for p in $pids; do kill "$p" 2>/dev/null; done
	sleep 1
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$LT_TMP"
}
trap cleanup EXIT

# munge: its own key and socket, so a system munged is never touched.
dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$S/munge/munge.key"
munged --force --foreground --key-file="$S/munge/munge.key" \
	--socket="$S/munge/sock" --pid-file="$S/munge/pid" --log-file="$S/munge/log" \
	--seed-file="$S/munge/seed" >/dev/null 2>&1 &
pids="$pids $!"
i=0
until [ -S "$S/munge/sock" ]; do
	i=$((i + 1)); [ $i -gt 50 ] && skip "munged did not start: $(tail -n 3 "$S/munge/log" 2>/dev/null)"
	sleep 0.1
done

# Free-looking ports, so two checkouts testing at once do not collide.
base=$((20000 + $$ % 20000))
node=$(hostname -s)
cpus=$(nproc)
cat >"$S/slurm.conf" <<CONF
ClusterName=ltcheck
SlurmctldHost=$node
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge/sock
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
NodeName=$node CPUs=$cpus Feature=x86_64,lab State=UNKNOWN
PartitionName=ltcheck Nodes=$node Default=YES MaxTime=30 State=UP
CONF
export SLURM_CONF="$S/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" >"$S/slurmctld.out" 2>&1 &
pids="$pids $!"
slurmd -D -f "$SLURM_CONF" >"$S/slurmd.out" 2>&1 &
pids="$pids $!"
i=0
until sinfo -h -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; do
	i=$((i + 1))
	if [ $i -gt 100 ]; then
		why=$(cat "$S/slurmctld.out" "$S/slurmd.out" "$S/slurmctld.log" "$S/slurmd.log" \
			2>/dev/null | grep -iE 'error|fatal' | tail -n 3)
		skip "Slurm did not come up: ${why:-node not idle after 20 s}"
	fi
	sleep 0.2
done

cd "$S/work"
code=0
LT_SUITE="$cat" LT_ARCHES="x86_64=x86_64" LT_SHARDS=4 LT_ITERATIONS=1000 \
LT_TIMEOUT=120 LT_RESULTS="$S/work/results" LT_TOOL="$LT_TOOL" LT_NIGHT=20260101T000000Z \
LT_PARTITION=ltcheck \
	timeout 600 sh "$LT_SRCDIR/scripts/slurm-nightly.sbatch" --submit --wait >"$S/submit.out" 2>&1 ||
	code=$?
cat "$S/submit.out"
cat "$S"/work/litmus-nightly-*.out 2>/dev/null
[ "$code" = 0 ] || fail "the submission or the merge job failed ($code)"
night="$S/work/results/x86_64/20260101T000000Z"
for k in 1 2 3 4; do
	[ "$(jq -c '.shard | [.k, .n]' "$night/shard-$k/manifest.json")" = "[$k,4]" ] ||
		fail "shard $k did not run as $k/4"
done
m="$night/merged/run.json"
[ -f "$m" ] || fail "no merged run"
# The same tests as the catalogue itself, each exactly once.
want=$(for f in "$cat"/*.litmus; do sed -n '1s/^[^ ]* //p' "$f"; done | sort | tr '\n' ' ')
got=$(jq -r '.tests[].name' "$m" | sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "merged tests differ from the catalogue's: $got"
[ "$(jq '[.tests[] | select(.status == "ok" and .iterations == 1000)] | length' "$m")" = 28 ] ||
	fail "not every merged test ran 1000 iterations"
[ "$(jq -r '[.merged_from[].shard.k] | sort | map(tostring) | join(",")' "$m")" = "1,2,3,4" ] ||
	fail "the merged run does not name all four shards"
grep -q '^Test SB Allowed$' "$night/merged/run.log" || fail "no merged run.log"
echo ok
