"""Which page an absolute URL on the site's own host lands on (for REF005).

A page answers at its permalink (front-matter ``url``; else the section's
``permalinks`` pattern from the site config; else its folder plus ``slug`` or
file name) and at each of its ``aliases``. Paths are compared the way Hugo
writes them: lower-cased, spaces as hyphens, with a trailing slash.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import Iterable
from urllib.parse import unquote

from cxlint.refs.publish import to_date

_TOKEN = re.compile(r":(\w+)")


_URL_KEEP = "%./_-#+~"
_ASCII_URL = {i: (None if not (chr(i).isalnum() or chr(i) in _URL_KEEP) else chr(i)) for i in range(128)}
_ASCII_URL.update({i: "-" for i in range(128) if chr(i).isspace()})
_EXT = re.compile(r"\.\w{1,5}$")
_SLASHES = re.compile(r"/{2,}")


def urlize(s: str) -> str:
    s = str(s).strip()
    if s.isascii():  # the common case, at C speed
        return s.translate(_ASCII_URL).lower()
    out = []
    for ch in s:
        if ch.isspace():
            out.append("-")
        elif ch.isalnum() or ch in _URL_KEEP:
            out.append(ch)
    return "".join(out).lower()


def norm_path(path: str) -> str:
    """``/News/X`` -> ``/news/x/``; ``/index.html`` endings dropped; queries/fragments ignored."""
    if "#" in path:
        path = path.partition("#")[0]
    if "?" in path:
        path = path.partition("?")[0]
    if "%" in path:  # (unquote leaves any other text as it is: the call is skipped)
        path = unquote(path)
    path = path.lower()
    if " " in path:
        path = path.replace(" ", "-")
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = "/" + path.strip("/")
    if path != "/" and ("." not in path or not _EXT.search(path)):  # (most paths: no dot, no search)
        path += "/"
    return _SLASHES.sub("/", path) if "//" in path else path


def permalink_patterns(config: dict) -> dict[str, str]:
    low = {str(k).lower(): v for k, v in (config or {}).items()}
    raw = low.get("permalinks") or {}
    if not isinstance(raw, dict):
        return {}
    out: dict[str, str] = {}
    for k, v in raw.items():
        if isinstance(v, dict):  # Hugo >= 0.119: permalinks: {page: {news: ...}}
            if str(k).lower() == "page":
                out.update({str(s): str(p) for s, p in v.items()})
        else:
            out[str(k)] = str(v)
    return out


def page_paths(content_path: str, kind: str, data: dict, patterns: dict[str, str]) -> list[tuple[str, str]]:
    """The URL paths a page answers at, as (path, how): permalink, alias, or slug (its folder + slug)."""
    low = _lowered(data)
    folder, _, name = content_path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if kind == "bundle":
        folder, _, stem = folder.rpartition("/")
    out: list[tuple[str, str]] = []
    by_slug = None  # the folder + slug path, when it is also the permalink
    url = low.get("url")
    slug = low.get("slug")
    leaf = urlize(slug) if isinstance(slug, str) and slug.strip() else urlize(stem)
    if kind in ("section", "home"):
        out.append((norm_path(url if isinstance(url, str) and url.strip() else folder), "permalink"))
    else:
        section = content_path.split("/", 1)[0] if "/" in content_path else ""
        pattern = patterns.get(section)
        if isinstance(url, str) and url.strip():
            out.append((norm_path(url), "permalink"))
        elif pattern:
            out.append((norm_path(_expand(pattern, content_path, folder, stem, low)), "permalink"))
        else:
            by_slug = norm_path(f"{folder}/{leaf}")
            out.append((by_slug, "permalink"))
    aliases = low.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    for alias in aliases if isinstance(aliases, list) else []:
        if isinstance(alias, str) and alias.strip() and "://" not in alias:
            out.append((norm_path(alias), "alias"))
    if kind not in ("section", "home"):
        out.append((by_slug if by_slug is not None else norm_path(f"{folder}/{leaf}"), "slug"))
    return out


def _lowered(data: dict | None) -> dict:
    """``data`` with its keys as lower-case strings (of keys equal so, the last wins).

    Front matter keys are nearly always lower-case strings already: then ``data``
    itself is that mapping (not copied; read only). One join and ``lower()`` find
    out; a key that is no string (``TypeError``) or changes takes the general way.
    """
    if not data:
        return {}
    try:
        keys = "\0".join(data)
    except TypeError:
        keys = None
    if keys is not None and keys == keys.lower():  # lower() changes no lower-case character
        return data
    return {str(k).lower(): v for k, v in data.items()}


#: a permalinks pattern split at its ``:token``s: [text, token, text, token, ..., text]
_PATTERN_PARTS: dict[str, list[str]] = {}


def _expand(pattern: str, content_path: str, folder: str, stem: str, low: dict) -> str:
    parts = _PATTERN_PARTS.get(pattern)
    if parts is None:
        parts = _PATTERN_PARTS[pattern] = _TOKEN.split(pattern)
    date = to_date(low.get("date"))
    slug = low.get("slug")
    title = low.get("title")
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        t = parts[i]
        if t == "year":
            out.append(f"{date.year:04d}" if date else "")
        elif t == "month":
            out.append(f"{date.month:02d}" if date else "")
        elif t == "day":
            out.append(f"{date.day:02d}" if date else "")
        elif t == "slug":
            out.append(urlize(slug if isinstance(slug, str) and slug.strip() else title or stem))
        elif t == "title":
            out.append(urlize(title or stem))
        elif t in ("filename", "contentbasename"):
            out.append(urlize(stem))
        elif t == "section":
            out.append(content_path.split("/", 1)[0])
        elif t == "sections":
            out.append(folder)
        else:
            out.append(":" + t)
        out.append(parts[i + 1])
    return "".join(out)


class PermalinkMap:
    """URL path -> (content path, how), built once per run; permalinks win over aliases over slugs."""

    _RANK = {"permalink": 0, "alias": 1, "slug": 2}

    def __init__(self, pages: Iterable[tuple], config: dict):
        """``pages``: (content path, kind, data) or (content path, kind, data, paths) where
        ``paths`` is the page's :func:`page_paths` already computed (or None)."""
        patterns = permalink_patterns(config)
        # every page answering at a path, best first: when the best one is not
        # published at the build date, production serves the next (an alias) there.
        # The URL paths of each page are computed before sorting, not the pages
        # themselves: on a big site their data would all be alive at once.
        answers = [
            (page[0], page[3] if len(page) > 3 and page[3] is not None else page_paths(page[0], page[1], page[2], patterns))
            for page in pages
        ]
        answers.sort(key=itemgetter(0))  # (pages nearly always come in this order: one pass)
        candidates: dict[str, list[tuple[str, str]]] = {}
        self.candidates = candidates
        shared = []  # the lists of paths more than one page answers at (few): ranked below
        get = candidates.get
        for content_path, paths in answers:
            for path, how in paths:
                have = get(path)
                if have is None:
                    candidates[path] = [(content_path, how)]
                elif have[-1][0] != content_path:  # pages come in order: a repeat of this one is last
                    if len(have) == 1:
                        shared.append(have)
                    have.append((content_path, how))
        rank = self._RANK
        for have in shared:
            have.sort(key=lambda c: rank[c[1]])  # stable: content path order within a rank

    def lookup(self, path: str) -> tuple[str, str] | None:
        """The best (content path, how) answering at ``path``, or None."""
        got = self.candidates.get(norm_path(path))
        return got[0] if got else None

    def lookup_all(self, path: str) -> list[tuple[str, str]]:
        """Every (content path, how) answering at ``path``, best first."""
        return self.candidates.get(norm_path(path), [])
