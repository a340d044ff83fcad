#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Independent checks of litmus-run fences' results (doc/fences.md).

  fences-verify.py recheck [--tool=LITMUS_RUN] FENCES.json...
      Every cell's lifted test must parse with litmus-run's own parser, and
      `litmus-run --check-only` on it must give exactly the cell's
      compiled_allowed (read back through observed_as).  Exit 1 otherwise.

  fences-verify.py seeds [--tool=LITMUS_RUN] [--herd=HERD7] [--out=DIR]
                         [--suite=DIR] [--seed=NAME]...
      Seeded compiler bugs over the C11 suite.  For each seed of
      tests/fences-seed-cc.sh: the real gcc -O2 code of every test is lifted
      (fences --json), the seed's deletion or weakening is applied to the
      lifted test, and herd7 (the independent oracle) decides whether the
      source-forbidden condition becomes reachable: those tests are the ones
      the instruction protects.  fences with the seeded compiler must report
      BUG on each of them with the condition's state among its witnesses
      (detection rate 100 %); and every BUG it reports is put to herd7 (the
      seeded cell's lifted test, its first witness as the condition): a
      witness herd7 finds unreachable is a false alarm.  Exit 1 on a missed
      test or a false alarm; 77 without herd7.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# seed -> (arch, what it does to one lifted instruction: None deletes it)
SEEDS = {
    "mfence": ("x86_64", re.compile(r"^mfence$", re.I), None),
    "dmb-ish": ("aarch64", re.compile(r"^DMB ISH$", re.I), None),
    "ldar": ("aarch64", re.compile(r"^LDAR([BH]?) "), r"LDR\1 "),
    "stlr": ("aarch64", re.compile(r"^STLR([BH]?) "), r"STR\1 "),
    "sync": ("ppc64le", re.compile(r"^sync$", re.I), None),
    "lwsync": ("ppc64le", re.compile(r"^lwsync$", re.I), None),
    "fence-rw-rw": ("riscv64", re.compile(r"^fence (io)?rw,(io)?rw$", re.I), None),
}


def check_only_states(tool, paths):
    """{path: set of frozenset((name, value))} from litmus-run --check-only."""
    out = {}
    for k in range(0, len(paths), 200):
        chunk = paths[k:k + 200]
        res = subprocess.run([tool, "--check-only"] + chunk, capture_output=True, text=True)
        blocks = re.split(r"^Test ", res.stdout, flags=re.M)[1:]
        if len(blocks) != len(chunk):
            # One file at a time, so that a failing one is named.
            for p in chunk:
                r = subprocess.run([tool, "--check-only", p], capture_output=True, text=True)
                b = re.split(r"^Test ", r.stdout, flags=re.M)[1:]
                out[p] = parse_states(b[0]) if r.returncode in (0, 1) and b else \
                    "check-only exit %d: %s" % (r.returncode, r.stderr.strip()[:200])
            continue
        for p, b in zip(chunk, blocks):
            out[p] = parse_states(b)
    return out


def parse_states(block):
    lines = block.split("\n")
    n = next(int(l.split()[1]) for l in lines if l.startswith("States "))
    at = next(i for i, l in enumerate(lines) if l.startswith("States ")) + 1
    states = set()
    for l in lines[at:at + n]:
        st = []
        for a in l.split(";"):
            a = a.strip()
            if a:
                name, val = a.rsplit("=", 1)
                st.append((name.strip("[]").lower(), val))
        states.add(frozenset(st))
    return states


def cell_states(cell, key):
    """The cell's states in lifted names, as check-only prints them."""
    names = cell.get("observed_as") or {}
    return {frozenset((names[n].strip("[]").lower(), str(v)) for n, v in s.items())
            for s in cell.get(key) or []}


def recheck(args):
    bad = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for doc in args.json:
            cells = [c for c in json.load(open(doc))["results"] if c.get("lifted")
                     and c.get("observed_as") is not None and c["verdict"] in ("sound", "BUG")]
            paths = []
            for i, c in enumerate(cells):
                p = os.path.join(tmp, "%d.litmus" % i)
                with open(p, "w") as f:
                    f.write(c["lifted"])
                paths.append(p)
            got = check_only_states(args.tool, paths)
            for c, p in zip(cells, paths):
                total += 1
                want = cell_states(c, "compiled_allowed")
                if got.get(p) != want:
                    bad += 1
                    if bad <= 5:
                        print("%s %s %s %s: check-only %s, compiled_allowed %s" %
                              (c["test"], c["arch"], c["cc"], c["cflags"],
                               sorted(map(sorted, got[p])) if isinstance(got.get(p), set)
                               else got.get(p), sorted(map(sorted, want))))
            os.system("rm -f %s/*.litmus" % tmp)
    print("recheck: %d lifted tests, %d reproduce compiled_allowed, %d differ" %
          (total, total - bad, bad))
    return 1 if bad or not total else 0


def mutate(lifted, rx, repl):
    """Apply a seed to every instruction cell of a lifted test's code table."""
    out, code = [], False
    for line in lifted.split("\n"):
        if re.match(r"^\s*P0\s*(\||;)", line):
            code = True
        elif code and (line.startswith("locations") or line.startswith("exists")
                       or line.startswith("forall") or line.startswith("~exists")):
            code = False
        elif code and line.rstrip().endswith(";"):
            cells = line.rstrip()[:-1].split("|")
            for k, cell in enumerate(cells):
                m = re.match(r"^(\s*(?:[A-Za-z_][\w.]*:\s*)?)(.*?)\s*$", cell)
                lab, ins = m.group(1), m.group(2)
                if rx.search(ins):
                    ins = "" if repl is None else rx.sub(repl, ins)
                cells[k] = " " + (lab.strip() + " " if lab.strip() else "") + ins + " "
            line = "|".join(cells) + ";"
        out.append(line)
    return "\n".join(out)


def source_condition(path):
    """The source test's exists clause as {name: value} (a conjunction), or None."""
    text = open(path).read()
    m = re.search(r"exists\s*\((.*)\)\s*$", text, re.S)
    if not m or "\\/" in m.group(1) or "~" in m.group(1) or "not" in m.group(1):
        return None
    cond = {}
    for atom in m.group(1).split("/\\"):
        name, val = atom.strip().strip("()").split("=")
        cond[name.strip()] = val.strip()
    return cond


def herd_reachable(herd, paths, timeout):
    """{path: True/False/None}: herd7 finds the lifted condition reachable."""
    res = {}
    for p in paths:
        try:
            r = subprocess.run([herd, "-timeout", str(timeout), p], capture_output=True,
                               text=True, timeout=timeout + 30)
            m = re.search(r"^Observation \S+ (Always|Sometimes|Never)", r.stdout, re.M)
            res[p] = None if not m else m.group(1) != "Never"
        except subprocess.TimeoutExpired:
            res[p] = None
    return res


def seeds(args):
    herd = args.herd or os.environ.get("HERD7") or "herd7"
    if subprocess.run(["sh", "-c", "command -v '%s'" % herd], capture_output=True).returncode:
        print("seeds: no herd7 (give --herd or HERD7)")
        return 77
    kinds = {}
    for l in open(os.path.join(args.suite, "kinds.txt")):
        f = l.split()
        if len(f) >= 2:
            kinds[f[0]] = f[1]
    wrapper = os.path.join(TOP, "tests", "fences-seed-cc.sh")
    os.makedirs(args.out, exist_ok=True)
    rc = 0
    for seed in args.seed or SEEDS:
        arch, rx, repl = SEEDS[seed]
        real = os.path.join(args.out, "real-%s.json" % arch)
        if not os.path.exists(real):
            subprocess.run([args.tool, "fences", "--arch=" + arch, "--cc=gcc", "--json=" + real,
                            args.suite], capture_output=True)
        seeded = os.path.join(args.out, "%s.json" % seed)
        subprocess.run([args.tool, "fences", "--arch=" + arch, "--cc=" + wrapper,
                        "--json=" + seeded, args.suite], capture_output=True,
                       env=dict(os.environ, LT_SEED=seed))
        rcells = {c["test"]: c for c in json.load(open(real))["results"]}
        scells = {c["test"]: c for c in json.load(open(seeded))["results"]}
        mdir = os.path.join(args.out, seed)
        os.makedirs(mdir, exist_ok=True)
        candidates = {}
        for name, c in rcells.items():
            if kinds.get(name) != "Forbidden" or not c.get("lifted"):
                continue
            m = mutate(c["lifted"], rx, repl)
            if m == c["lifted"]:
                continue	# no such instruction: not protected by it
            p = os.path.join(mdir, name + ".litmus")
            with open(p, "w") as f:
                f.write(m)
            candidates[name] = p
        reach = herd_reachable(herd, list(candidates.values()), args.herd_timeout)
        protected = {n for n, p in candidates.items() if reach[p]}
        unknown = {n for n, p in candidates.items() if reach[p] is None}
        # Every BUG: herd7 on the seeded cell's own lifted test, asked for
        # the first witness (in lifted names): reachable confirms the BUG.
        detected, bugs, wit = set(), set(), {}
        for name, c in scells.items():
            if c["verdict"] != "BUG" or not c.get("lifted"):
                continue
            bugs.add(name)
            cond = source_condition(c["file"])
            if cond is not None and any(all(str(s.get(k)) == v for k, v in cond.items())
                                        for s in c["extra_states"]):
                detected.add(name)
            names = c.get("observed_as") or {}
            w = c["extra_states"][0]
            atoms = " /\\ ".join("%s=%s" % (names.get(k, k).strip("[]"), v) for k, v in w.items())
            text = re.sub(r"^(exists|forall|~exists|~ *exists).*", "exists (%s)" % atoms,
                          c["lifted"], count=1, flags=re.M | re.S)
            p = os.path.join(mdir, name + ".witness.litmus")
            with open(p, "w") as f:
                f.write(text)
            wit[name] = p
        wreach = herd_reachable(herd, list(wit.values()), args.herd_timeout)
        confirmed = {n for n, p in wit.items() if wreach[p]}
        alarms = {n for n, p in wit.items() if wreach[p] is False}
        wunknown = {n for n, p in wit.items() if wreach[p] is None}
        missed = protected - detected
        rate = 100.0 * len(detected & protected) / len(protected) if protected else 100.0
        print("%s (%s): %d forbidden tests hold it; herd7 says %d are protected by it, "
              "%d undecided (time); %d of the %d reported BUG with the forbidden state "
              "(%.1f %%), %d missed" %
              (seed, arch, len(candidates), len(protected), len(unknown), len(detected & protected),
               len(protected), rate, len(missed)))
        print("  %d BUG in all: herd7 confirms the witness of %d, refutes %d (false alarms), "
              "undecided %d" % (len(bugs), len(confirmed), len(alarms), len(wunknown)))
        for n in sorted(missed)[:5]:
            print("  missed: %s (%s)" % (n, scells.get(n, {}).get("verdict")))
        for n in sorted(alarms)[:5]:
            print("  false alarm: %s" % n)
        if missed or alarms:
            rc = 1
    return rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", default=os.path.join(TOP, "build", "litmus-run"))
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("recheck")
    r.add_argument("json", nargs="+")
    s = sub.add_parser("seeds")
    s.add_argument("--herd")
    s.add_argument("--herd-timeout", type=int, default=60)
    s.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "fences-seeds"))
    s.add_argument("--suite", default=os.path.join(TOP, "tests-litmus", "c11"))
    s.add_argument("--seed", action="append", choices=sorted(SEEDS))
    args = ap.parse_args()
    return recheck(args) if args.cmd == "recheck" else seeds(args)


if __name__ == "__main__":
    sys.exit(main())
