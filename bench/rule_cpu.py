"""CPU seconds of each rule's ``check()`` in a cold whole-site run, optionally against another source tree.

Each measured run is a fresh single-process ``cxlint check SITE --select ALL
--no-cache --jobs 1`` in which every rule's ``check()`` (and ``page_facts()``, as "CODE:facts") is timed with
``time.process_time()`` (CPU, not wall: the machine may be busy), plus the
parse and check phases' CPU as the engine reports them (``CXLINT_TIMING``). With
``--against DIR`` (a source tree, e.g. an unpacked ``git archive main src
rules``) the runs alternate between that tree (put first on ``PYTHONPATH``)
and this one, and the table shows both medians and their ratio.

Usage: python bench/rule_cpu.py [SITE] [--config FILE] [--runs 5] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from benchlib import bench_env

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"
DEFAULT_CONFIG = HERE.parent / "examples" / "digitalgov.cxlint.toml"

# Runs inside the measured interpreter: wraps every rule class's check() with a CPU timer.
PROBE = r"""
import importlib, os, pkgutil, sys, time
import cxlint.rule, cxlint.rules
from cxlint.cli import main
spent = {}
def timed(cls):
    check = cls.check
    def wrapper(self, doc, ctx):
        t = time.process_time()
        out = list(check(self, doc, ctx))
        spent[cls.code] = spent.get(cls.code, 0.0) + time.process_time() - t
        return out
    cls.check = wrapper
    if "page_facts" in vars(cls):  # (the parse phase: facts every page gives this rule)
        facts = cls.page_facts
        def facts_wrapper(self, page):
            t = time.process_time()
            out = facts(self, page)
            key = cls.code + ":facts"
            spent[key] = spent.get(key, 0.0) + time.process_time() - t
            return out
        cls.page_facts = facts_wrapper
for info in pkgutil.iter_modules(cxlint.rules.__path__):
    module = importlib.import_module("cxlint.rules." + info.name)
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, cxlint.rule.Rule) and value.__module__ == module.__name__ and value.code:
            timed(value)
main(["check", sys.argv[1], "--config", sys.argv[2], "--select", "ALL", "--no-cache", "-q", "--jobs", "1"])
for code, seconds in spent.items():
    print(f"RULE {code} {seconds:.6f}", file=sys.stderr)
os._exit(0)
"""


def one_run(site: Path, config: Path, tree: Path | None) -> dict[str, float]:
    env = bench_env()
    env["CXLINT_TIMING"] = "1"
    if tree is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(tree / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    err = subprocess.run(
        [sys.executable, "-c", PROBE, str(site), str(config)], capture_output=True, text=True, env=env
    ).stderr
    got = {m.group(1): float(m.group(2)) for m in re.finditer(r"^RULE (\S+) ([0-9.]+)$", err, re.M)}
    cpu = {m.group(1): float(m.group(2)) for m in re.finditer(r"\] ([a-z ]+): [0-9.]+s \(pid \d+ cpu ([0-9.]+)s", err)}
    if not got or "check task" not in cpu:
        sys.exit(f"rule_cpu: the run printed no timings:\n{err[-2000:]}")
    got["(check phase)"] = cpu["check task"] - cpu["check context"]
    got["(parse phase)"] = cpu["parse task"] - cpu["planned"]
    got["(whole process)"] = cpu["done"]
    return got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another source tree (holding src/cxlint) to compare with")
    parser.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE (see benchlib)")
    args = parser.parse_args()
    if not args.site.is_dir():
        print(f"rule_cpu: no site at {args.site}", file=sys.stderr)
        return 2
    trees = {"this": None} if args.against is None else {"against": args.against, "this": None}
    samples: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in trees}
    for i in range(args.runs):
        order = list(trees) if i % 2 == 0 else list(reversed(trees))  # alternate, so drift hits both
        for name in order:
            for code, seconds in one_run(args.site, args.config, trees[name]).items():
                samples[name][code].append(seconds)
    this = samples["this"]
    codes = sorted(this, key=lambda c: (not c.startswith("("), -statistics.median(this[c])))
    print(f"CPU seconds, median of {args.runs} cold single-process runs of {args.site.name} (every rule selected)")
    if args.against is None:
        for code in codes:
            print(f"  {code:16s} {statistics.median(this[code]):7.3f}")
        return 0
    other = samples["against"]
    print(f"  {'':16s} {'against':>8s} {'this':>8s}  ratio")
    for code in codes:
        a, b = statistics.median(other.get(code, [0.0])), statistics.median(this[code])
        print(f"  {code:16s} {a:8.3f} {b:8.3f}  {b / a if a else float('nan'):5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
