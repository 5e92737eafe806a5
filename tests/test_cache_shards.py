"""The per-file cache tables live in shards: a run that changed one page rewrites only that page's
shard, a key's shards are pruned together, and a lost shard only costs its pages a re-parse."""

from __future__ import annotations

import os
from pathlib import Path

from cxlint import cache as cachemod
from cxlint.config import parse_config
from cxlint.engine import Linter

SITE = {f"content/news/p{i}.md": f"---\ntitle: P{i}\n---\nPage {i} &mdash; see {{{{< ref \"p{(i + 1) % 40}.md\" >}}}}.\n" for i in range(40)}
SITE["content/_index.md"] = "---\ntitle: Home\n---\n"


def _lint(root: Path, cache: bool = True, select=("ENT001", "REF001")):
    return Linter(parse_config({"select": list(select)}, None), jobs=1, cwd=root, cache=cache).check([root])


def _found(result) -> list[tuple]:
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics]


def _files(root: Path, kind: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / ".cxlint_cache").glob(f"{kind}-*")}


def test_one_changed_page_rewrites_only_its_shards(make_site, monkeypatch):
    monkeypatch.setattr(cachemod, "RECENT_SECONDS", -1.0)
    root = make_site(SITE)
    _lint(root)
    facts, results = _files(root, "facts"), _files(root, "results")
    assert len(facts) == len(results) > cachemod.SHARDS // 2  # 41 pages spread over the shards
    page = root / "content/news/p7.md"
    page.write_text(page.read_text(encoding="utf-8").replace("&mdash;", "-"), encoding="utf-8")
    after = _lint(root)
    assert ("content/news/p7.md", 4, 8, "ENT001") not in [f[:4] for f in _found(after)]
    assert _found(after) == _found(_lint(root, cache=False))
    shard = cachemod.shard_of(os.path.realpath(page))
    for kind, before in (("facts", facts), ("results", results)):
        now = _files(root, kind)
        changed = sorted(name for name in now if now[name] != before.get(name))
        assert changed == [next(n for n in now if n.endswith(f".{shard:x}"))], kind


def test_a_lost_shard_costs_only_a_reparse(make_site, monkeypatch):
    monkeypatch.setattr(cachemod, "RECENT_SECONDS", -1.0)
    root = make_site(SITE)
    first = _found(_lint(root))
    # a shard that holds a page (which shards do depends on the temporary folder's path)
    lost = f".{cachemod.shard_of(os.path.realpath(root / 'content/news/p0.md')):x}"
    gone = [path for path in (root / ".cxlint_cache").glob(f"*{lost}") if path.name.startswith("facts-")]
    assert gone
    for path in (root / ".cxlint_cache").glob(f"*{lost}"):
        path.unlink()
    (root / ".cxlint_cache").joinpath(next(iter(_files(root, "results")))).write_bytes(b"garbage")
    for path in (root / ".cxlint_cache").glob("run-*"):
        path.unlink()
    assert _found(_lint(root)) == first
    assert any(name.endswith(lost) for name in _files(root, "facts"))  # written again


def test_a_keys_shards_are_pruned_together(make_site, monkeypatch):
    root = make_site(SITE)
    for n in range(cachemod._KEEP_PER_KIND + 2):  # each selection is another results key
        _lint(root, select=("ENT001", "REF001", ["FM001", "FM002", "FM003", "FM004", "FM006", "FM007", "TAX001", "TAX004"][n]))
    stems: dict[str, int] = {}
    for name in _files(root, "results"):
        stem = name.split(".")[0]
        stems[stem] = stems.get(stem, 0) + 1
    assert len(stems) == cachemod._KEEP_PER_KIND
    used = {cachemod.shard_of(os.path.realpath(root / name)) for name in SITE}
    assert set(stems.values()) == {len(used)}  # never a key with only some of its shards
