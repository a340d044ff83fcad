#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a synthetic litmus-run/1 document, for measuring compare, merge and
report on large runs (doc/nightly.md, "Scale").

  bench/gen-results.py --tests N [--states S] [--seed K] [--run-id ID] OUT.json

N tests of S states each (default 4).  Half the tests share their names with
tests of another suite (x86_64/NAME.litmus and C/NAME.litmus), as real
catalogues do.  --seed changes the counts, not the tests, so two documents
of one N and S are two nights of the same suite.  The document has every
member doc/schema/litmus-run-1.json requires (tests/schemas.sh checks)."""
import argparse
import hashlib
import json
import os
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tests", type=int, required=True)
    ap.add_argument("--states", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--run-id", default=None)
    ap.add_argument("out")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    tests = []
    for k in range(a.tests):
        suite = "C" if k % 2 else "x86_64"
        name = "T%d" % (k // 2)
        path = "%s/%s.litmus" % (suite, name)
        hist, pos, neg = [], 0, 0
        for s in range(a.states):
            c = rnd.randrange(1, 1000)
            sat = s == 0
            hist.append({"outcome": {"0:rax": s % 97, "1:rax": s // 97},
                         "count": c, "satisfies": sat, "allowed": True})
            pos, neg = (pos + c, neg) if sat else (pos, neg + c)
        tests.append({
            "name": name, "file": path, "arch": "x86_64",
            "source_sha256": hashlib.sha256(path.encode()).hexdigest(),
            "language": "C" if suite == "C" else "asm",
            "status": "ok", "kind": "exists", "emulated": False, "exit_code": 0,
            "condition": "exists (0:rax=0 /\\ 1:rax=0)",
            "iterations": pos + neg, "elapsed_s": 0.01, "histogram": hist,
            "positive": pos, "negative": neg,
            "observation": "Sometimes" if neg else "Always",
            "validated": pos > 0, "forbidden_observed": 0, "known_observed": 0,
            "model": None, "expectation": None, "expectation_source": None,
        })
    run_id = a.run_id or hashlib.md5(
        ("bench-%d-%d-%d" % (a.tests, a.states, a.seed)).encode()).hexdigest()
    doc = {"schema": "litmus-run/1", "run_id": run_id,
           "tool": {"name": "litmus-run", "version": "bench", "git": None},
           "host": {"name": "bench", "arch": "x86_64", "cpu": "synthetic",
                    "pus": 2, "topology": None},
           "argv": sys.argv, "cwd": os.getcwd(), "exit_code": 0,
           "config": {"iterations": 1000, "timeout_s": 60, "cc": None,
                      "cc_path": None, "cflags": None, "exec": None,
                      "counters": None},
           "started": "2026-01-%02dT00:00:00Z" % (1 + a.seed % 28),
           "finished": None,
           "summary": {"ok": len(tests), "forbidden": 0, "known": 0,
                       "timeout": 0, "crashed": 0, "skipped": 0, "error": 0,
                       "tests": len(tests)},
           "tests": tests}
    with open(a.out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
