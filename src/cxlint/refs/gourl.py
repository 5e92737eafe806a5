"""The part of Go's ``net/url.Parse`` that decides what Hugo's ``ref`` looks up.

Hugo parses the ref target as a URL and looks up only its *path*: ``#frag``
and ``?query`` are dropped, ``https://host/x.pdf`` looks up ``/x.pdf``, and a
target with a scheme but no slash (``mailto:x``, ``a:b.md``) has no path at all
and yields an empty link without any warning. A bad ``%`` escape or a colon
in the first segment of a scheme-less target is a parse error, which fails
the build.
"""

from __future__ import annotations

import re
from functools import lru_cache

from cxlint.values import Value, _set

_CTL = re.compile(r"[\x00-\x1f\x7f]")
_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class URLError(ValueError):
    pass


class RefURL(Value):
    __slots__ = ("path", "fragment", "scheme", "query")
    path: str  # unescaped; "" when the target has no path (then nothing is looked up)
    fragment: str  # unescaped, without '#'
    scheme: str
    query: str

    def __init__(self, path: str, fragment: str, scheme: str = "", query: str = ""):
        _set(self, "path", path)
        _set(self, "fragment", fragment)
        _set(self, "scheme", scheme)
        _set(self, "query", query)

    def _key(self) -> tuple:
        return (self.path, self.fragment, self.scheme, self.query)


def _unescape(s: str, what: str) -> str:
    if "%" not in s:
        return s
    bad = _ESCAPE.search(s)
    if bad:
        raise URLError(f"invalid URL escape {s[bad.start():bad.start() + 3]!r} in {what}")
    raw = re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), s)
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def _scheme(raw: str) -> tuple[str, str]:
    for i, ch in enumerate(raw):
        if ch.isascii() and ch.isalpha():
            continue
        if ch.isascii() and (ch.isdigit() or ch in "+-."):
            if i == 0:
                return "", raw
            continue
        if ch == ":":
            if i == 0:
                raise URLError("missing protocol scheme")
            return raw[:i].lower(), raw[i + 1 :]
        return "", raw
    return "", raw


@lru_cache(maxsize=8192)  # pages repeat the same targets; a RefURL is immutable
def parse_ref(raw: str) -> RefURL:
    """Split a ref target as Hugo does; raises :class:`URLError` where Go's parser fails."""
    if _CTL.search(raw):
        raise URLError("invalid control character in URL")
    rest, _, frag = raw.partition("#")
    fragment = _unescape(frag, "fragment")
    scheme, rest = _scheme(rest)
    query = ""
    if rest.endswith("?") and rest.count("?") == 1:
        rest = rest[:-1]
    else:
        rest, _, query = rest.partition("?")
    if not rest.startswith("/"):
        if scheme:
            return RefURL("", fragment, scheme, query)  # opaque: mailto:x, a:b.md
        if ":" in rest.split("/", 1)[0]:
            raise URLError("first path segment in URL cannot contain colon")
    if rest.startswith("//") and (scheme or not rest.startswith("///")):
        authority, slash, path = rest[2:].partition("/")
        rest = slash + path
    return RefURL(_unescape(rest, "path"), fragment, scheme, query)
