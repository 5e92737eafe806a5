"""FM006 beyond the data-driven cases: pack validation, site taxonomies, permalink slugs."""

from __future__ import annotations

import pytest

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.packs import PackError, load_pack
from cxlint.rules.fm006_legacy_field import permalink_slug


@pytest.mark.parametrize(
    ("permalink", "slug"),
    [
        ("/2014/08/12/mobile-first/", "mobile-first"),
        ("/2014/08/12/mobile-first", "mobile-first"),
        ("https://example.gov/blog/about.html", "about"),
        ("/a/b/?p=12#top", "b"),
        ("/news/caf%C3%A9/", None),  # a non-ASCII slug is for a person to decide
        ("/", None),
        ("/:year/:title/", None),
        ("/a/../", None),
        ("", None),
    ],
)
def test_permalink_slug(permalink, slug):
    assert permalink_slug(permalink) == slug


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("author: {fix: move}", "legacy-fields.author.fix: 'move' is not a fix; allowed: drop, list, none, redundant, slug"),
        ("author: {fix: list}", "legacy-fields.author: fix 'list' needs 'replacement' (the field the value moves to)"),
        ("author: {replace: authors}", "legacy-fields.author: unknown key 'replace'; allowed: fix, message, replacement, value"),
        ("author: drop", "legacy-fields.author must be a mapping (message, replacement, value, fix)"),
        ("layout: {value: 3}", "legacy-fields.layout.value must be a string or a list of strings"),
    ],
)
def test_bad_legacy_fields_name_file_key_and_allowed(tmp_path, entry, error):
    pack = tmp_path / "site.yml"
    pack.write_text(f"extends: hugo\nlegacy-fields:\n  {entry}\n", encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(str(pack))
    assert str(info.value) == f"{pack}: {error}"


def _check(root, page: str, pack: str = "hugo"):
    config = parse_config({"pack": pack, "select": ["FM006"]}, root / ".cxlint.toml")
    linter = Linter(config, jobs=1, cwd=root)
    return [(d.line, d.message) for d in linter.check([root / page]).diagnostics]


def test_a_taxonomy_the_site_declares_is_not_legacy(make_site):
    files = {"content/news/a.md": "---\ntags: [x]\ncategories: [y]\n---\n"}
    root = make_site(files, "baseURL: https://example.gov/\ntaxonomies:\n  tag: tags\n")
    assert [line for line, _ in _check(root, "content/news/a.md")] == [3]


def test_a_site_pack_can_make_url_legacy_and_override_messages(make_site):
    root = make_site({"content/news/a.md": "---\nurl: /old/\nauthor: x\n---\n"})
    (root / "site.yml").write_text(
        "extends: hugo\nlegacy-fields:\n  url: {message: 'use slug and aliases'}\n", encoding="utf-8"
    )
    assert _check(root, "content/news/a.md", pack="site.yml") == [
        (2, "use slug and aliases"),
        (3, "'author' is a WordPress/Jekyll field; Hugo's authors taxonomy reads the 'authors' list"),
    ]


def test_a_site_pack_can_drop_an_inherited_legacy_field(make_site):
    root = make_site({"content/news/a.md": "---\nauthor: x\ncategories: [y]\n---\n"})
    (root / "site.yml").write_text("extends: hugo\nlegacy-fields:\n  author: false\n", encoding="utf-8")
    assert [line for line, _ in _check(root, "content/news/a.md", pack="site.yml")] == [3]


def test_repeated_author_is_fixed_over_two_passes_with_dup001(make_site):
    from cxlint.fixes import fix_files

    page = "content/news/a.md"
    root = make_site({page: "---\nauthor: old\ntopics: [x]\nauthor: jdoe\n---\nBody\n"})
    config = parse_config({"pack": "hugo", "select": ["FM006", "DUP001"]}, root / ".cxlint.toml")
    linter = Linter(config, jobs=1, cwd=root)
    summary = fix_files(linter, [root / page], unsafe=True)
    assert (root / page).read_text() == "---\ntopics: [x]\nauthors: [jdoe]\n---\nBody\n"
    assert summary.applied == {"DUP001": 1, "FM006": 1} and summary.files[0].passes == 2
