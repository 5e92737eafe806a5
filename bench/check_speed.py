"""Whole-site `cxlint check` speed against the parse floor, on the real corpus.

Runs, in the same shell and alternating, N times each:
  * floor  -- a fresh Python that reads every page and parses its YAML front
              matter with PyYAML's C loader (nothing else);
  * cxlint -- `cxlint check SITE --no-cache` with every rule selected
              (`--select ALL`), cold: a fresh process each time, no cache.
Prints the median wall time of each, the ratio, the CPU seconds of each (all processes),
and cxlint's peak RSS.

Usage: python bench/check_speed.py [SITE] [--runs 7] [--config FILE] [--jobs N]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchlib import bench_env

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"

FLOOR = r"""
import os, sys, yaml
root = sys.argv[1]
for dirpath, dirs, files in os.walk(os.path.join(root, "content")):
    for name in files:
        if name.endswith(".md"):
            with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            if text.lstrip().startswith("---"):
                start = text.index("---") + 3
                end = text.find("\n---", start)
                try:
                    yaml.load(text[start:end], Loader=yaml.CSafeLoader)
                except yaml.YAMLError:
                    pass
"""


def timed(cmd: list[str], env: dict) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) of any child so far, and the CPU seconds of the command's
    processes (its forked workers too: they are waited for before it exits)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, max(after.ru_maxrss, before.ru_maxrss), cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", nargs="?", default=str(DEFAULT_SITE))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--config", default=str(HERE.parent / "examples" / "digitalgov.cxlint.toml"))
    ap.add_argument("--jobs", type=int, default=None)
    ap.add_argument("--extra", nargs="*", default=[], help="extra arguments for cxlint check")
    ap.add_argument("--no-bytecode", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if set")
    args = ap.parse_args()
    site = Path(args.site)
    if not (site / "content").is_dir():
        print(f"skip: no site at {site}")
        return 0
    env = bench_env()
    cxlint = [sys.executable, "-m", "cxlint", "check", str(site), "-q", "--select", "ALL", "--no-cache"]
    if Path(args.config).is_file():
        cxlint += ["--config", args.config]
    if args.jobs:
        cxlint += ["--jobs", str(args.jobs)]
    cxlint += args.extra
    floor = [sys.executable, "-c", FLOOR, str(site)]
    floor_times, cx_times, floor_cpu, cx_cpu = [], [], [], []
    timed(cxlint, env)  # warm the OS file cache, not ours
    for _ in range(args.runs):
        wall, _, cpu = timed(floor, env)
        floor_times.append(wall)
        floor_cpu.append(cpu)
        wall, _, cpu = timed(cxlint, env)
        cx_times.append(wall)
        cx_cpu.append(cpu)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    f, c = statistics.median(floor_times), statistics.median(cx_times)
    print(f"site: {site}")
    print(f"floor (read + C YAML front matter): median {f:.3f} s over {args.runs} runs")
    print(f"cxlint check --select ALL (cold):    median {c:.3f} s over {args.runs} runs")
    print(f"ratio cxlint/floor: {c / f:.2f}")
    # CPU moves less than wall on a shared machine (a busy host slows the second core first)
    fc, cc = statistics.median(floor_cpu), statistics.median(cx_cpu)
    print(f"CPU seconds (all processes): floor {fc:.3f}, cxlint {cc:.3f}, ratio {cc / fc:.2f}")
    print(f"peak RSS of any child: {peak_kib / 1024:.0f} MiB (largest single process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
