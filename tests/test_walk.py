"""File discovery: Hugo's output folders are skipped only at the site root."""

from __future__ import annotations

from cxlint.config import parse_config
from cxlint.engine import Linter

DUP = "---\ntitle: a\ntitle: b\n---\n"


def _check(root, *paths):
    linter = Linter(parse_config({"select": ["DUP001"]}, None), jobs=1, cwd=root)
    return linter.check([root / p for p in paths] or [root])


def test_content_section_named_resources_is_checked(make_site):
    root = make_site(
        {
            "content/resources/guide.md": DUP,
            "content/public/notice.md": DUP,
            "resources/_gen/stale.json": '{"a": 1, "a": 2}',
            "public/index.json": '{"a": 1, "a": 2}',
        }
    )
    result = _check(root)
    assert sorted(result.documents) == ["content/public/notice.md", "content/resources/guide.md"]
    assert [(d.path, d.line) for d in result.diagnostics] == [
        ("content/public/notice.md", 3),
        ("content/resources/guide.md", 3),
    ]
    assert "resources/guide.md" in result.index.pages


def test_bare_content_folder_keeps_its_resources_section(make_site):
    root = make_site({"resources/guide.md": DUP}, config=None)
    result = _check(root)
    assert list(result.documents) == ["resources/guide.md"]
    assert len(result.diagnostics) == 1
