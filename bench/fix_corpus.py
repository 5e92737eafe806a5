"""Figures for `cxlint check --fix` on a temporary copy of the real site.

For the safe fixes alone and for safe + unsafe: files changed, fixes applied
per rule, passes per file, wall time of the fixing run (cold CLI process,
median of --runs, each on a fresh copy), what is left, and whether a second
run changes anything. The corpus itself is never written.

Usage: python bench/fix_corpus.py [SITE] [--runs 3] [--build-date 2025-04-09]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"


def _copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns("themes", ".git"))
    return dest


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _cli(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cxlint", "check", *args, "."], cwd=root,
                          capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def _passes(root: Path, unsafe: bool, build_date: str) -> Counter:
    """Passes per changed file, from the API (the CLI does not print them)."""
    from cxlint.config import parse_config
    from cxlint.engine import Linter
    from cxlint.fixes import fix_files

    linter = Linter(parse_config({"pack": "hugo", "build-date": build_date}, None), cwd=root)
    summary = fix_files(linter, [root], unsafe=unsafe, write=False)
    return Counter(f.passes for f in summary.changed_files)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("site", nargs="?", default=str(DEFAULT_SITE))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build-date", default="2025-04-09")
    args = ap.parse_args(argv)
    site = Path(args.site).resolve()
    common = ["--build-date", args.build_date, "--no-color", "--pack", "hugo"]
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (("safe", []), ("safe+unsafe", ["--unsafe-fixes"])):
            times = []
            for i in range(args.runs):
                root = _copy(site, Path(tmp) / f"{label}-{i}")
                before = _digest(root)
                seconds, proc = _cli(root, "--fix-only", *extra, *common)
                times.append(seconds)
                if i:
                    shutil.rmtree(root)
                    continue
                after = _digest(root)
                changed = sum(1 for k in before if before[k] != after[k])
                summary = [ln for ln in proc.stdout.splitlines() if ln.strip()]
                _, left = _cli(root, "--format", "json", "--exit-zero", *common)
                remaining = json.loads(left.stdout)
                fixable = [d for d in remaining if d["fix"] and (extra or d["fix"]["applicability"] == "safe")]
                _, again = _cli(root, "--fix-only", *extra, *common)
                idempotent = _digest(root) == after
                passes = _passes(_copy(site, Path(tmp) / f"{label}-passes"), bool(extra), args.build_date)
                print(f"== --fix {' '.join(extra)}".rstrip())
                print(f"files changed: {changed} of {len(before)}")
                print("\n".join(summary))
                print(f"passes per changed file: {dict(sorted(passes.items()))}")
                print(f"left after: {len(remaining)} diagnostics, {len(fixable)} fixable at this level; "
                      f"by rule {dict(Counter(d['code'] for d in remaining).most_common())}")
                print(f"second run: {again.stdout.strip().splitlines()[-1]}; bytes unchanged: {idempotent}")
                shutil.rmtree(root)
            print(f"fix run wall time: median {statistics.median(times):.2f} s over {len(times)} runs "
                  f"({', '.join(f'{t:.2f}' for t in times)})\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
