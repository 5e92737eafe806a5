"""The parse phase of a cold run, part by part, optionally against another checkout's code.

What ``cxlint check`` does per page before any rule checks it (``run._parse_task``):
read, hash, ``load_page`` (decode, split, front matter), ``PageFacts.of`` (REF003's
anchors, REF005's URL paths), pickle and digest the facts -- the pages kept alive,
as a run keeps them. Then its parts on their own, and the data files' parse
(``load_data_file(...).parsed``, DATA001/DUP001's input). CPU time of the process,
minimum of ``--runs`` repetitions each, garbage collector off (as in a run).

``--against SRC`` (another checkout's ``src`` folder, e.g. ``git worktree add
/tmp/base main`` then ``/tmp/base/src``) runs the same measurement in child
processes alternating between that code and this one, ``--rounds`` times, and
prints each pair and the median ratio: the machine's noise moves both alike.

Usage: python bench/parse_phase.py [SITE] [--runs 7] [--against SRC [--rounds 4]]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"


def measure(site: Path, runs: int) -> dict[str, float]:
    from cxlint import frontmatter as fm
    from cxlint.cache import content_hash, digest
    from cxlint.datafiles import load_data_file
    from cxlint.rules.ref003_anchor_not_found import AnchorNotFound
    from cxlint.rules.ref005_own_site_absolute_link import OwnSiteAbsoluteLink
    from cxlint.run import _read
    from cxlint.site import PageFacts, find_site, load_page

    found = find_site(site)
    content = found.content_dir
    paths = sorted(os.path.join(r, f) for r, _, fs in os.walk(content) for f in fs if f.endswith(".md"))
    data_paths = sorted(os.path.join(r, f) for r, _, fs in os.walk(found.data_dir) for f in fs
                        if f.endswith((".yml", ".yaml")))
    data_bytes = [Path(p).read_bytes() for p in data_paths]
    anchors, urls = AnchorNotFound(), OwnSiteAbsoluteLink()
    urls.facts_setup(found)
    extractors = [anchors, urls]
    cwd = Path.cwd()

    def pipeline():
        kept = []
        for path in paths:
            sig, data = _read(path)
            sha = content_hash(data)
            page = load_page(Path(path), content, cwd, data=data)
            blob = pickle.dumps(PageFacts.of(page, extractors), protocol=5)
            kept.append((page, (sig, sha, digest(blob), blob)))
        return kept

    pages = [page for page, _ in pipeline()]
    texts = [page.text for page in pages]
    splits = [fm.split(t) for t in texts]
    parts = {
        "parse phase": pipeline,
        "front matter split": lambda: [fm.split(t) for t in texts],
        "front matter parse": lambda: [fm.parse(t, w) for t, w in zip(texts, splits) if w.format],
        "REF003 anchors": lambda: [anchors.page_facts(p) for p in pages],
        "REF005 URL paths": lambda: [urls.page_facts(p) for p in pages],
        "data files": lambda: [load_data_file(Path(p), p, "data", data=d).parsed for p, d in zip(data_paths, data_bytes)],
    }
    gc.disable()
    out = {}
    for name, fn in parts.items():
        best = float("inf")
        for _ in range(runs):
            t0 = time.process_time()
            got = fn()
            best = min(best, time.process_time() - t0)
            del got
        out[name] = best
    gc.enable()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--against", type=Path, help="another checkout's src folder to compare with")
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # a child's answer
    args = ap.parse_args()
    if not (args.site / "content").is_dir():
        print(f"no content folder in {args.site}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(measure(args.site, args.runs)))
        return 0
    if args.against is None:
        for name, secs in measure(args.site, args.runs).items():
            print(f"{name:20s} {secs * 1000:8.1f} ms")
        return 0
    this_src = str(Path(__file__).resolve().parents[1] / "src")
    results: dict[str, list[dict]] = {"base": [], "this": []}
    for i in range(args.rounds):
        order = [("base", str(args.against)), ("this", this_src)]
        for label, src in order if i % 2 == 0 else order[::-1]:
            env = dict(os.environ, PYTHONPATH=src)
            got = subprocess.run([sys.executable, __file__, str(args.site), "--runs", str(args.runs), "--json"],
                                 env=env, capture_output=True, text=True, check=True)
            results[label].append(json.loads(got.stdout))
    print(f"{'':20s} {'base min':>9s} {'this min':>9s}  ratio (median of {args.rounds} pairs)")
    for name in results["this"][0]:
        base = [r[name] for r in results["base"]]
        this = [r[name] for r in results["this"]]
        ratio = statistics.median(t / b for t, b in zip(this, base))
        print(f"{name:20s} {min(base) * 1000:7.1f}ms {min(this) * 1000:7.1f}ms  {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
