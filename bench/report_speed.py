"""How long printing the report takes: a warm `cxlint check` of the real site in every format.

Works on a temporary copy of the site (content, data, config; the corpus is
never written). The cache is warmed first, so every run answers from the
remembered result and what differs between the runs is the report: ~10,000
problems as text (code frames, no colour; and with colour), JSON, SARIF,
GitLab, GitHub annotations and JUnit, each written to a file. The peer is the
same warm run printing only its summary line (`-q`), run alternately in the
same shell; the ratio and the difference are the report's own cost.

Usage: python bench/report_speed.py [SITE] [--runs 7] [--config FILE]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import bench_env
from cache_speed import old_copy, site_args

FORMATS = {
    "summary only (-q, the peer)": ["-q"],
    "text, no colour": ["--no-color"],
    "text, colour": ["--color-forced"],
    "json": ["--format", "json"],
    "sarif": ["--format", "sarif"],
    "gitlab": ["--format", "gitlab"],
    "github": ["--format", "github"],
    "junit": ["--format", "junit"],
}


def main(argv: list[str] | None = None) -> int:
    args = site_args(__doc__, argv)
    src = Path(args.site)
    if not (src / "content").is_dir():
        print(f"skip: no site at {src}")
        return 0
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-") as tmp:
        site, base = old_copy(src, tmp, args.config)
        base += ["."]
        out = Path(tmp) / "report"
        times: dict[str, list[float]] = {name: [] for name in FORMATS}
        sizes: dict[str, int] = {}
        subprocess.run(base + ["-q"], cwd=site, stdout=subprocess.DEVNULL, env=bench_env())  # warm the cache
        for _ in range(args.runs):
            for name, extra in FORMATS.items():
                env = bench_env()
                if extra == ["--color-forced"]:
                    extra, env = [], dict(env, FORCE_COLOR="1")
                cmd = base + extra + ["--output-file", str(out)]
                t0 = time.perf_counter()
                proc = subprocess.run(cmd, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
                times[name].append(time.perf_counter() - t0)
                if proc.returncode not in (0, 1):
                    sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
                sizes[name] = os.path.getsize(out)
        peer = statistics.median(times["summary only (-q, the peer)"])
        print(f"site: {src} (copy), warm cache, {args.runs} runs each, alternated")
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"{name:<28} median {med:.3f} s  ({med / peer:.2f} x peer, report {med - peer:+.3f} s, {sizes[name] / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
