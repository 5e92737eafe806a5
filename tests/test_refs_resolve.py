"""Unit tests: the resolver reproduces Hugo's lookup order (table from shared/notes), and the REF rules."""

from __future__ import annotations

import datetime as dt

import pytest

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.refs.anchors import page_anchors
from cxlint.refs.gourl import URLError, parse_ref
from cxlint.refs.resolve import AMBIGUOUS, FOUND, MISSING, RefIndex

FILES = [
    "_index.md", "news/_index.md", "news/2014/07/2014-07-07-x.md", "news/2015/a/shared.md",
    "guides/shared.md", "guides/web-2.0-guide.md", "r/bundle/index.md", "r/bundle/pic.md",
    "communities/_index.md", "communities/c.md", "topics/search/_index.md", "events/search.md",
]
IDX = RefIndex(FILES, taxonomies={"tag": "tags"}, terms={"tags": ["Foo Bar"]})


@pytest.mark.parametrize(
    ("ref", "context", "status", "target"),
    [
        ("2014-07-07-x.md", "guides/shared.md", FOUND, "news/2014/07/2014-07-07-x.md"),
        ("2014-07-07-X", "guides/shared.md", FOUND, "news/2014/07/2014-07-07-x.md"),
        ("2014-07-07-x.html", "guides/shared.md", FOUND, "news/2014/07/2014-07-07-x.md"),
        ("shared.md", "communities/c.md", AMBIGUOUS, None),
        ("shared.md", "guides/web-2.0-guide.md", FOUND, "guides/shared.md"),  # sibling wins
        ("news/2014/07/2014-07-07-x.md", "guides/shared.md", FOUND, "news/2014/07/2014-07-07-x.md"),
        ("../../2014/07/2014-07-07-x.md", "news/2015/a/shared.md", FOUND, "news/2014/07/2014-07-07-x.md"),
        ("./2014-07-07-x.md", "guides/shared.md", MISSING, None),  # a slash turns the name lookup off
        ("./shared.md", "guides/web-2.0-guide.md", FOUND, "guides/shared.md"),
        ("/communities", "guides/shared.md", FOUND, "communities/_index.md"),
        ("/COMMUNITIES/", "guides/shared.md", FOUND, "communities/_index.md"),
        ("communities", "news/2014/07/2014-07-07-x.md", FOUND, "communities/_index.md"),
        ("/communities/_index.md", "guides/shared.md", FOUND, "communities/_index.md"),
        ("c.md", "communities/_index.md", FOUND, "communities/c.md"),  # a section looks in its own folder
        ("/news/2014", "guides/shared.md", MISSING, None),
        ("/r/bundle", "guides/shared.md", FOUND, "r/bundle/index.md"),
        ("/r/bundle/", "guides/shared.md", FOUND, "r/bundle/index.md"),
        ("bundle", "guides/shared.md", FOUND, "r/bundle/index.md"),
        ("index.md", "news/2014/07/2014-07-07-x.md", FOUND, "_index.md"),  # /index -> the home page
        ("pic.md", "guides/shared.md", MISSING, None),  # a page resource, not a page
        ("search", "guides/shared.md", AMBIGUOUS, None),  # a term folder is a name too
        ("/tags/foo-bar", "guides/shared.md", FOUND, None),
        ("/tags/nope", "guides/shared.md", MISSING, None),
        ("/", "guides/shared.md", FOUND, "_index.md"),
        ("../../../../etc/passwd", "news/2015/a/shared.md", MISSING, None),
        ("/x.pdf", "guides/shared.md", MISSING, None),
    ],
)
def test_resolution_table(ref, context, status, target):
    res = IDX.resolve(ref, context)
    assert res.status == status, res
    if target is not None:
        assert res.node.content_path == target


def test_ambiguous_lists_candidates():
    assert set(IDX.resolve("shared", "communities/c.md").candidates) == {"news/2015/a/shared.md", "guides/shared.md"}


@pytest.mark.parametrize(
    ("raw", "path", "frag"),
    [("x.md#a", "x.md", "a"), ("x.md?q=1", "x.md", ""), ("https://h/x.pdf", "/x.pdf", ""),
     ("mailto:x", "", ""), ("a:b.md", "", ""), ("#top", "", "top"), ("a%20b.md", "a b.md", "")],
)
def test_go_url_split(raw, path, frag):
    u = parse_ref(raw)
    assert (u.path, u.fragment) == (path, frag)


@pytest.mark.parametrize("raw", ["%zz.md", "2014:x.md"])
def test_go_url_errors(raw):
    with pytest.raises(URLError):
        parse_ref(raw)


def test_anchors():
    body = "# Hello, World!\n\n## Hello, World!\n\n### Custom {#my-id}\n\nSetext Title\n---\n\n```\n# not a heading\n```\n<span id=\"x1\"></span><a name='y2'></a>\n## `code` and _snake_case_\n"
    # (Hugo 0.147.8 writes "code-and-snake_": inside the emphasis only "snake" and the "_"
    # after it count, see cxlint.refs.headingtext)
    assert page_anchors(body) == {"hello-world", "hello-world-1", "my-id", "setext-title", "x1", "y2", "code-and-snake_"}


def _check(make_site, files, select, build_date=dt.date(2025, 4, 9), extra=None):
    root = make_site(files)
    raw = {"select": select}
    raw.update(extra or {})
    result = Linter(parse_config(raw, None), jobs=1, cwd=root, build_date=build_date).check([root])
    return [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics], result


def test_rules_point_at_the_target(make_site):
    got, _ = _check(make_site, {
        "content/a.md": '---\ntitle: a\n---\nSee {{< ref "missing.md" >}} and {{< ref "b.md#nope" >}} and {{< ref "b.md#real" >}}.\n\n[x]({{< ref "#nothere" >}}) [y]({{< ref "#self" >}})\n\n## Self\n',
        "content/b.md": "---\ntitle: b\n---\n## Real\n",
    }, ["REF"])
    assert got == [
        ("content/a.md", 4, 14, "REF001", 'ref "missing.md" not found (no page has this file name)'),
        ("content/a.md", 4, 47, "REF003", "anchor '#nope' not found on '/b.md'"),
        ("content/a.md", 6, 14, "REF003", "anchor '#nothere' not found on this page"),
    ]


def test_ref004_only_from_live_pages(make_site):
    got, _ = _check(make_site, {
        "content/live.md": '---\ntitle: l\n---\n{{< ref "old.md" >}} {{< ref "draft.md" >}} {{< ref "ok.md" >}}\n',
        "content/dead.md": '---\ntitle: d\nexpirydate: 2020-01-01\n---\n{{< ref "old.md" >}}\n',
        "content/old.md": "---\ntitle: o\nexpirydate: 2024-12-31\n---\n",
        "content/draft.md": "---\ntitle: d\ndraft: true\n---\n",
        "content/ok.md": "---\ntitle: ok\nexpirydate: 2030-01-01\n---\n",
    }, ["REF004"])
    assert [(p, ln, col) for p, ln, col, *_ in got] == [("content/live.md", 4, 10), ("content/live.md", 4, 31)]
    assert "expired on 2024-12-31" in got[0][4] and "a draft" in got[1][4]


def test_ref005_maps_permalinks_and_offers_fix(make_site):
    config = "baseURL: https://example.gov/\npermalinks:\n  news: /:year/:month/:slug/\n"
    root = make_site({
        "content/news/n.md": "---\ntitle: N\ndate: 2020-05-02\nslug: hello\n---\n## Top\n",
        "content/a.md": "---\ntitle: A\naliases: [/old-a/]\n---\n",
        "content/p.md": "---\ntitle: P\n---\n[n](https://example.gov/2020/05/hello/#top) <https://www.example.gov/old-a/> https://example.gov/files/x.pdf\n",
    }, config=config)
    raw = {"select": ["REF005"], "site-urls": ["https://www.example.gov"]}
    result = Linter(parse_config(raw, None), jobs=1, cwd=root).check([root])
    got = [(d.line, d.column, d.message) for d in result.diagnostics]
    assert got == [
        (4, 5, "absolute link to this site's page '/news/n.md' (by permalink); use a ref"),
        (4, 46, "absolute link to this site's page '/a.md' (by alias); use a ref"),
    ]
    fix = result.diagnostics[0].fix
    assert fix is not None and fix.edits[0].replacement == '{{< ref "n.md#top" >}}'
    assert result.diagnostics[1].fix is None  # an autolink cannot hold a shortcode


def test_untrusted_targets_never_read_outside_content(make_site, tmp_path, monkeypatch):
    """Hostile ref targets resolve (or not) by index lookup: no file outside content/ is opened."""
    import builtins
    import io
    import os

    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: s\n---\n## Secret\n", encoding="utf-8")
    root = make_site({
        "content/a.md": (
            '---\ntitle: a\n---\n'
            '{{< ref "../../secret.md#secret" >}} {{< ref "../../../../../../etc/passwd" >}}\n'
            '{{< ref "/../../secret.md" >}} {{< relref path="..%2F..%2Fsecret.md" >}} {{< ref "./../../secret" >}}\n'
            '{{< ref "b.md#real" >}}\n'
        ),
        "content/b.md": "---\ntitle: b\n---\n## Real\n",
    })
    opened = []
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def spy(opener):
        def wrapped(file, *a, **kw):
            if isinstance(file, (str, bytes, os.PathLike)):
                opened.append(os.path.realpath(os.fsdecode(file)))
            return opener(file, *a, **kw)
        return wrapped

    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(io, "open", spy(real_io_open))
    monkeypatch.setattr(os, "open", spy(real_os_open))
    result = Linter(parse_config({"select": ["REF"]}, None), jobs=1, cwd=root).check([root / "content"])
    monkeypatch.undo()
    codes = sorted(d.code for d in result.diagnostics)
    assert codes == ["REF001"] * 5  # every hostile target is simply not found; b.md#real is fine
    content = os.path.realpath(root / "content")
    assert opened and not [p for p in opened if p.startswith(str(tmp_path)) and not p.startswith(content)
                           and not p.startswith(os.path.realpath(root))]
    assert os.path.realpath(outside) not in opened


@pytest.mark.parametrize("text", ["Hello World", " A/B c.d_e#f+g~h%20 ", "What's\tthe (Dif)?", "x\x1cy\x0bz", "Ünïcode Tïtle", "a\u00a0b", ""])
def test_urlize_fast_path_equals_the_reference(text):
    from cxlint.refs.permalinks import urlize

    want = "".join("-" if ch.isspace() else ch for ch in text.strip() if ch.isspace() or ch.isalnum() or ch in "%./_-#+~")
    assert urlize(text) == want.lower()


def test_ref005_offers_no_fix_that_the_build_would_report(make_site):
    root = make_site({
        "content/old.md": "---\ntitle: O\nexpirydate: 2020-01-01\n---\n",
        "content/b.md": "---\ntitle: B\n---\n## Real\n",
        "content/gone.md": "---\ntitle: G\nexpirydate: 2020-01-01\n---\n[o](https://example.gov/old/)\n",
        "content/p.md": "---\ntitle: P\n---\n[o](https://example.gov/old/) [b](https://example.gov/b/#nope) [c](https://example.gov/b/#real)\n",
    })
    raw = {"select": ["REF005"], "build-date": "2025-01-01"}
    result = Linter(parse_config(raw, None), jobs=1, cwd=root).check([root])
    got = {(d.path, d.column): (d.message, d.fix) for d in result.diagnostics}
    msg, fix = got[("content/p.md", 5)]
    assert fix is None and msg.endswith("which is expired on 2020-01-01 (build date 2025-01-01): a production build has no page there")
    msg, fix = got[("content/p.md", 35)]
    assert fix is None and msg.endswith("(no fix: the page has no anchor '#nope')")
    assert got[("content/p.md", 68)][1].edits[0].replacement == '{{< ref "b.md#real" >}}'
    # an expired page linking to an expired page: nothing a production build would see changes
    assert got[("content/gone.md", 5)][1] is not None


def test_term_pages_are_collected_only_when_a_ref_needs_them():
    calls = []

    def terms():
        calls.append(1)
        return {"tags": ["Foo Bar"]}

    lazy = RefIndex(FILES, taxonomies={"tag": "tags"}, terms=terms)
    for ref, context in [("/guides/shared.md", None), ("/tags", None), ("nope.md", "guides/shared.md")]:
        assert lazy.resolve(ref, context) == IDX.resolve(ref, context)
    assert calls == []  # no lookup under a taxonomy yet
    assert lazy.resolve("/tags/foo-bar", "guides/shared.md") == IDX.resolve("/tags/foo-bar", "guides/shared.md")
    assert lazy.resolve("/tags/nope", "guides/shared.md").status == MISSING
    assert calls == [1]


# ------------------------------------------------ remembered lookups, path parsing
def _targets_and_contexts(seed: int, count: int):
    import random

    rnd = random.Random(seed)
    names = ["shared", "c", "x", "bundle", "search", "2014-07-07-x", "web-2.0-guide", "_index", "index", "Foo Bar"]
    folders = ["", "news", "news/2014/07", "news/2015/a", "guides", "r", "r/bundle", "communities", "topics/search", "tags", ".", ".."]
    for _ in range(count):
        parts = [rnd.choice(folders) for _ in range(rnd.randint(0, 2))] + [rnd.choice(names) + rnd.choice(["", ".md", ".html", "/", ".en.md"])]
        target = rnd.choice(["", "/", "./", "../", "\\"]) + "/".join(p for p in parts if p)
        yield target, rnd.choice(FILES + [None])


def test_remembered_resolution_equals_a_fresh_lookup():
    """resolve() keys its memo by the target and the folders of the page; every answer
    must be the one an uncached lookup gives, whatever was asked before."""
    fresh = RefIndex(FILES, taxonomies={"tag": "tags"}, terms={"tags": ["Foo Bar"]})
    remembered = RefIndex(FILES, taxonomies={"tag": "tags"}, terms={"tags": ["Foo Bar"]})
    statuses = set()
    for target, context in _targets_and_contexts(3, 6000):
        want = fresh._resolve(target, context)
        assert remembered.resolve(target, context) == want, (target, context)
        statuses.add(want.status)
    assert statuses == {FOUND, MISSING, AMBIGUOUS}
    assert len(remembered._memo) < 6000  # answers really are shared


def _reference_identifiers(s: str, name_at: int, langs) -> list[tuple[int, int]]:
    """HugoPath's identifier spans, the straightforward way (every dot of the name)."""
    dots = [name_at + k for k, ch in enumerate(s[name_at:]) if ch == "."]
    known = []
    if dots:
        known.append((dots[-1] + 1, len(s)))
        high = dots[-1]
        for d in reversed(dots[:-1]):
            if s[d + 1 : high] in langs:
                known.append((d + 1, high))
                break
            high = d
    return known


def test_path_identifiers_equal_the_reference():
    import itertools

    from cxlint.refs.hugopath import HugoPath

    langs = frozenset({"en", "es"})
    pieces = ["a", ".", "en", "es", "md", "/", "index", "x.y"]
    seen = 0
    for n in range(1, 6):
        for combo in itertools.product(pieces, repeat=n):
            hp = HugoPath("".join(combo), langs)
            assert hp.known == _reference_identifiers(hp.s, hp.container_high, langs), combo
            seen += len(hp.known) == 2
    assert seen > 100  # language identifiers really occur
