"""REF005's page paths: the fast key lowering and pattern expansion equal the general way."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest

from cxlint.refs import permalinks
from cxlint.refs.permalinks import _expand, _lowered, page_paths, urlize
from cxlint.refs.publish import to_date


def reference_lowered(data):
    return {str(k).lower(): v for k, v in (data or {}).items()}


def reference_expand(pattern, content_path, folder, stem, low):
    """The expansion as one re.sub with a callback per token (what _expand replaced)."""
    date = to_date(low.get("date"))
    slug, title = low.get("slug"), low.get("title")

    def token(m):
        t = m.group(1)
        if t == "year":
            return f"{date.year:04d}" if date else ""
        if t == "month":
            return f"{date.month:02d}" if date else ""
        if t == "day":
            return f"{date.day:02d}" if date else ""
        if t == "slug":
            return urlize(slug if isinstance(slug, str) and slug.strip() else title or stem)
        if t == "title":
            return urlize(title or stem)
        if t in ("filename", "contentbasename"):
            return urlize(stem)
        if t == "section":
            return content_path.split("/", 1)[0]
        if t == "sections":
            return folder
        return m.group(0)

    return re.sub(r":(\w+)", token, pattern)


_KEYS = ["slug", "Slug", "SLUG", "url", "URL", "title", "Title", "aliases", "Aliases", "date", "Date", "draft",
         "\u03a3igma", "\u03c3igma", "\u0130d", "i\u0307d", "caf\u00e9", "CAF\u00c9", "x_y", "1", 1, 2.5, True, None,
         dt.date(2020, 1, 2), "", "\u00df", "SS"]


def test_lowered_equals_the_comprehension():
    checked = 0
    for n in range(4):
        for keys in itertools.permutations(_KEYS, n) if n < 3 else itertools.combinations(_KEYS, n):
            data = {k: i for i, k in enumerate(keys)}
            want = reference_lowered(data)
            got = _lowered(data)
            assert got == want and list(got.items()) == list(want.items()), keys
            checked += 1
    assert checked > 1000
    assert _lowered(None) == {} and _lowered({}) == {}
    lower = {"slug": "a", "url": "/x/"}
    assert _lowered(lower) is lower  # the common case: no copy


_PATTERNS = [":year/:month/:day/:slug/", "event/:year/:month/:day/:slug/", ":section/:sections/:title/",
             ":filename/:contentbasename/", ":unknown/:yearz/x:", "plain/", "::slug:", ":slug:slug", ""]
_DATA = [{}, {"date": "2019-05-07 10:00:00"}, {"date": dt.date(2020, 2, 3), "slug": "My Slug"},
         {"date": "bad", "slug": "  ", "title": "A Title!"}, {"title": "\u00c9t\u00e9 Caf\u00e9", "date": "2021-1-9"},
         {"slug": 5, "title": None}]


@pytest.mark.parametrize("pattern", _PATTERNS)
def test_expand_equals_the_regex_substitution(pattern):
    for data in _DATA:
        for content_path, folder, stem in [("news/2019/05/x.md", "news/2019/05", "x"), ("a.md", "", "a")]:
            assert _expand(pattern, content_path, folder, stem, data) == reference_expand(
                pattern, content_path, folder, stem, data)


def test_page_paths_with_mixed_case_keys():
    pats = {"news": ":year/:month/:day/:slug/"}
    data = {"Slug": "old", "slug": "New", "Date": "2019-05-07", "ALIASES": ["/A/", "/b"]}
    assert page_paths("news/x.md", "page", data, pats) == [
        ("/2019/05/07/new/", "permalink"), ("/a/", "alias"), ("/b/", "alias"), ("/news/new/", "slug")]
    assert page_paths("about/x.md", "page", {"slug": "S"}, pats) == [("/about/s/", "permalink"), ("/about/s/", "slug")]
    assert permalinks._PATTERN_PARTS[":year/:month/:day/:slug/"] == ["", "year", "/", "month", "/", "day", "/", "slug", "/"]


def reference_norm_path(path):
    """norm_path as it was written first: unquote, lower and replace on every path."""
    from urllib.parse import unquote

    if "#" in path:
        path = path.split("#", 1)[0]
    if "?" in path:
        path = path.split("?", 1)[0]
    path = unquote(path).lower().replace(" ", "-")
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = "/" + path.strip("/")
    if path != "/" and not re.search(r"\.\w{1,5}$", path):
        path += "/"
    return re.sub(r"/{2,}", "/", path) if "//" in path else path


def test_norm_path_equals_the_first_way():
    import random

    rng = random.Random(5)
    pieces = ["/", "//", "a", "News", "x.md", "index.html", "/index.html", "#", "#frag", "?", "?q=1", "%20", "%2F",
              "%", "%zz", "%C3%A9", " ", "\u00c9t\u00e9", "\u0130", ".", "..", "\n", "_", "-", "2019"]
    paths = ["", "/", "/News/X", "/a/index.html", "a b/c?d#e", "/x.html\n", "%2Findex.html"]
    paths += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    for path in paths:
        assert permalinks.norm_path(path) == reference_norm_path(path), repr(path)
