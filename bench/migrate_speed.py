"""Time `cxlint migrate` on the 1,098 real legacy posts (site index included).

Usage: python bench/migrate_speed.py [--corpus DIR] [--runs 3]

Prints the median wall time of a full migration (read the real site, migrate
every post into a temporary folder) and, as a same-process peer, the median
time to merely read and YAML-parse the same legacy files, with their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

from cxlint.migrate.cli import load_site_index
from cxlint.migrate.legacy_reader import split_front_matter
from cxlint.migrate.migrator import Migrator, collect_sources
from cxlint.migrate.settings import load_settings


def main() -> int:
    here = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(os.environ.get("CXLINT_CORPUS", here.parent / "shared" / "corpus")))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    legacy, site = args.corpus / "migration" / "legacy", args.corpus / "digitalgov"
    if not legacy.is_dir():
        print(f"corpus not found under {args.corpus}", file=sys.stderr)
        return 2
    sources = collect_sources([legacy])
    runs, peers = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        index = load_site_index(site)
        with tempfile.TemporaryDirectory() as tmp:
            Migrator(load_settings({}), index, Path(tmp)).run(sources)
        runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for p in sources:  # peer: read + parse front matter only
            fm, _, _ = split_front_matter(p.read_text(encoding="utf-8"))
            try:
                yaml.load(fm or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError:
                pass
        peers.append(time.perf_counter() - t0)
    med, peer = statistics.median(runs), statistics.median(peers)
    print(f"{len(sources)} posts: migrate median {med:.2f} s over {args.runs} runs (all: {', '.join(f'{r:.2f}' for r in runs)}); "
          f"read+parse peer {peer:.3f} s; ratio {med / peer:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
