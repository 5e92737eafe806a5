"""``check --fix --unsafe-fixes`` on a copy of the real site: the issue's "Done means".

After one fixing run nothing fixable is left, a second run changes no byte,
every file without a fixable diagnostic is byte-identical, and every fixed
page still parses to the same front-matter data except the keys its fixes
were about (keys touched only by ENT001 are equal once entities are decoded).
Skips without the corpus. Copy + three runs take about 25 s on 2 cores.
"""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.fixes import fix_files, is_eligible
from cxlint.site import load_page

BUILD_DATE = "2025-04-09"  # the corpus commit date: expiry-dependent rules stay stable


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _unescaped(value):
    if isinstance(value, str):
        prev = None
        while prev != value:
            prev, value = value, html.unescape(value)
        return value
    if isinstance(value, list):
        return [_unescaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _unescaped(v) for k, v in value.items()}
    return value


def _key_lines(page) -> list[tuple[int, str]]:
    """(first line, key) of each top-level front-matter entry, in file order."""
    spans = [(span[0], key[0]) for key, span in page.front.key_spans.items() if len(key) == 1]
    return sorted((page.line_col(start)[0], key) for start, key in spans)


def _key_at(page, line: int) -> str | None:
    if page.front is None or line >= page.line_col(page.front.content_end)[0]:
        return None  # the body
    owner = None
    for first, key in _key_lines(page):
        if first <= line:
            owner = key
    return owner


def test_fix_unsafe_on_the_real_site(corpus_copy):
    root = corpus_copy
    before = _snapshot(root)
    config = parse_config({"pack": "hugo", "build-date": BUILD_DATE}, None)
    linter = Linter(config, cwd=root)
    first = linter.check([root])
    fixable = [d for d in first.diagnostics if is_eligible(d, True)]
    summary = fix_files(linter, [root], unsafe=True, result=first)

    assert summary.problems == []
    after = _snapshot(root)
    assert set(after) == set(before)  # nothing created (no temp files), nothing removed
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {f.display_path for f in summary.changed_files}
    # every file with no fixable diagnostic is byte-identical; every fixable one was fixed
    assert changed == {d.path for d in fixable}
    applied = summary.applied
    assert set(applied) == {"ENT001", "TAX002", "TAX003", "DUP001", "FM006", "FM007", "REF005"}
    assert applied["DUP001"] == 16 and applied["TAX002"] == Counter(d.code for d in fixable)["TAX002"]

    # nothing fixable is left, and the fixes added no new problem of any kind
    fresh = Linter(config, cwd=root)
    again = fresh.check([root])
    assert [d for d in again.diagnostics if is_eligible(d, True)] == []
    left, was = Counter(d.code for d in again.diagnostics), Counter(d.code for d in first.diagnostics)
    assert all(left[code] <= was[code] for code in left), (left, was)

    # idempotent: a second run changes no byte
    second = fix_files(fresh, [root], unsafe=True, result=again)
    assert second.total == 0 and second.changed_files == []
    assert _snapshot(root) == after

    # same front-matter data except the fixed keys
    legacy_targets = {k.lower(): spec.get("replacement") for k, spec in linter.pack.legacy_fields.items()}
    by_path: dict[str, list] = {}
    for d in fixable:
        by_path.setdefault(d.path, []).append(d)
    content = root / "content"
    checked = 0
    for rel in sorted(changed):
        old = load_page(root / rel, content, root, data=before[rel])
        new = load_page(root / rel, content, root, data=after[rel])
        assert new.error is None, f"{rel}: {new.error}"
        if old.front is None:
            continue
        touched: dict[str, set[str]] = {}
        for d in by_path[rel]:
            key = _key_at(old, d.line)
            if key is None:
                continue
            touched.setdefault(key, set()).add(d.code)
            if d.code == "FM006" and legacy_targets.get(key.lower()):
                touched.setdefault(legacy_targets[key.lower()], set()).add(d.code)
        old_data, new_data = old.front.data, new.front.data
        for key in set(old_data) | set(new_data):
            if old_data.get(key) == new_data.get(key) and (key in old_data) == (key in new_data):
                continue
            assert key in touched, f"{rel}: '{key}' changed but no fix was about it"
            if touched[key] == {"ENT001"}:
                assert _unescaped(old_data[key]) == _unescaped(new_data[key]), f"{rel}: {key}"
            checked += 1
    assert checked > 100  # front-matter fixes were really compared (titles, summaries, topics ...)
