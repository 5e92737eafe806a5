"""YAML front-matter parsing: cxlint's fast path against the libyaml path, on the real site.

Reads every page of SITE/content once, locates its front matter, then in the
same process and alternating, N times each, parses every page's YAML front
matter with
  * fast    -- ``frontmatter._parse_yaml``: the simple-YAML fast path
               (``cxlint.simpleyaml``), libyaml for the pages it leaves;
  * libyaml -- ``frontmatter._parse_yaml_libyaml``: PyYAML's C loader and the
               span-recording builder, for every page.
Prints the median time of each, the ratio, and the share of pages the fast
path reads itself.

Usage: python bench/parse_speed.py [SITE] [--runs 9]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

from cxlint import frontmatter as fm
from cxlint.site import decode_bytes

HERE = Path(__file__).resolve().parent
DEFAULT_SITE = HERE.parent.parent / "shared" / "corpus" / "digitalgov"


def load(site: Path) -> list[tuple[str, fm.Split]]:
    pages = []
    for path in sorted((site / "content").rglob("*.md")):
        try:
            text, _bom = decode_bytes(path.read_bytes())
            where = fm.split(text)
        except Exception:  # undecodable or unterminated: not a parse benchmark
            continue
        if where.format == "yaml":
            pages.append((text, where))
    return pages


def run(parse, pages) -> float:
    t0 = time.perf_counter()
    for text, where in pages:
        try:
            parse(text, where)
        except fm.FrontMatterError:
            pass
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path, default=DEFAULT_SITE)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    pages = load(args.site)
    if not pages:
        print(f"no YAML front matter under {args.site}/content", file=sys.stderr)
        return 1
    handled = sum(fm._parse_yaml_fast(text, where) is not None for text, where in pages)
    times: dict[str, list[float]] = {"fast": [], "libyaml": []}
    gc.disable()  # the collector's pauses would land on whichever side runs then
    try:
        for _ in range(args.runs):
            times["fast"].append(run(fm._parse_yaml, pages))
            times["libyaml"].append(run(fm._parse_yaml_libyaml, pages))
            gc.collect()
    finally:
        gc.enable()
    fast = statistics.median(times["fast"])
    lib = statistics.median(times["libyaml"])
    print(f"pages with YAML front matter: {len(pages)}")
    print(f"read by the fast path: {handled} ({handled / len(pages):.1%}); libyaml for {len(pages) - handled}")
    print(f"fast path (+ libyaml for the rest): median {fast:.3f} s of {args.runs} runs (best {min(times['fast']):.3f} s)")
    print(f"libyaml for every page:             median {lib:.3f} s of {args.runs} runs (best {min(times['libyaml']):.3f} s)")
    print(f"ratio libyaml / fast: {lib / fast:.2f}x (medians), {min(times['libyaml']) / min(times['fast']):.2f}x (best runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
