"""Time DUP001/TAX001-004/ENT001 over the whole real site, pages parsed once.

Median of several runs per rule, and the ratio to parsing the same pages
(the peer measured in the same process). Usage: python bench/bench_tax_rules.py [SITE]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.site import load_page

CODES = ["DUP001", "TAX001", "TAX002", "TAX003", "TAX004", "ENT001"]


def main(root: Path, runs: int = 5) -> None:
    linter = Linter(parse_config({"pack": "hugo", "select": CODES}, None), cwd=root, jobs=1)
    result = linter.check([root / "content"])
    ctx = linter.context(result.index)
    content = result.site.content_dir
    pages = [load_page(content / rel, content) for rel in sorted(result.index.pages)]

    def parse():
        for p in pages:
            load_page(p.path, content, data=p.path.read_bytes())

    def rule_pass(rule):
        for p in pages:
            for _ in rule.check(p, ctx):
                pass

    def median(fn):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    peer = median(parse)
    total = 0.0
    print(f"{len(pages)} pages; parsing them: {peer:.3f}s (peer)")
    for rule in linter.rules:
        t = median(lambda: rule_pass(rule))
        total += t
        print(f"{rule.code}: {t:.3f}s  ({t / peer:.2f} x parsing)")
    print(f"all six rules: {total:.3f}s  ({total / peer:.2f} x parsing)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "digitalgov"))
