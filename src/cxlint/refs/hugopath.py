"""Hugo's content-path parsing, reproduced: how a file path or a ref becomes a lookup key.

Mirrors ``common/paths/pathparser.go`` of Hugo 0.147 for the content
component: paths are lower-cased with spaces turned into hyphens, get a
leading slash and lose a trailing one; the last dot of the last segment starts
the extension; ``index.<content ext>`` is a leaf bundle and ``_index.<ext>`` a
branch (section) bundle. A page's key in the page tree is its :meth:`base`
(no extension, no ``/index``); the name-only lookup uses
:meth:`base_name_no_identifier` (a bundle's folder name).
"""

from __future__ import annotations

from functools import lru_cache

#: file extensions Hugo treats as content (the default content formats' suffixes)
CONTENT_EXTS = frozenset(
    {"md", "markdown", "mdown", "html", "htm", "adoc", "asciidoc", "ad", "pandoc", "pdc", "rst", "org"}
)

_BUNDLE_KINDS = {"index": "leaf", "_index": "branch"}


class HugoPath:
    __slots__ = ("s", "known", "ext", "kind", "container_high", "container_low")

    def __init__(self, raw: str, langs: frozenset[str] = frozenset({"en"})):
        s = raw.lower().replace(" ", "-")
        if not s:
            s = "/"
        if not s.startswith("/"):
            s = "/" + s
        if s != "/" and s.endswith("/"):
            s = s[:-1]
        self.s = s
        last_slash = s.rfind("/")
        self.container_high = last_slash + 1
        prev = s.rfind("/", 0, last_slash) if last_slash > 0 else -1
        self.container_low = prev + 1 if prev != -1 else -1
        # identifiers: (low, high) spans in s; the first is the extension, a
        # second may be a configured language code (``page.en.md``).
        known: list[tuple[int, int]] = []
        name_at = self.container_high
        high = s.rfind(".", name_at)  # the last dot of the name starts the extension
        if high != -1:
            known.append((high + 1, len(s)))
            d = s.rfind(".", name_at, high)
            while d != -1:  # earlier dots, right to left: the first configured language wins
                if s[d + 1 : high] in langs:
                    known.append((d + 1, high))
                    break
                high = d
                d = s.rfind(".", name_at, high)
        self.known = known
        self.ext = s[known[0][0] : known[0][1]] if known else ""
        kind = "file"
        if known and self.ext in CONTENT_EXTS:
            low = known[-1][0]
            b = s[self.container_high : low - 1] if low > self.container_high else None
            kind = _BUNDLE_KINDS.get(b or "", "single")
        self.kind = kind

    # ------------------------------------------------------------------ parts
    @property
    def is_bundle(self) -> bool:
        return self.kind in ("leaf", "branch")

    @property
    def is_content_page(self) -> bool:
        return self.kind in ("single", "leaf", "branch")

    def _name_high(self) -> int:
        return self.known[-1][0] - 1 if self.known else len(self.s)

    def base(self) -> str:
        """The page-tree key: path without extension (content) and without ``/index``."""
        s = self.s
        if not self.known:
            return s
        preserve_ext = not self.is_content_page
        if preserve_ext and len(self.known) == 1:
            return s
        high = self.container_high - 1 if self.is_bundle else self._name_high()
        if high == 0:
            high = 1
        if not preserve_ext:
            return s[:high]
        low, hi = self.known[0]
        return s[:high] + s[low - 1 : hi]

    def base_name_no_identifier(self) -> str:
        """The name-only lookup key: file name without identifiers, or a bundle's folder name."""
        if self.is_bundle:
            if self.container_low == -1:
                return ""
            return self.s[self.container_low : self.container_high - 1]
        return self.s[self.container_high : self._name_high()]

    def dir(self) -> str:
        d = self.s[: self.container_high - 1] if self.container_high > 0 else ""
        return d or "/"

    def container_dir(self) -> str:
        """For a bundle the folder holding the bundle, otherwise :meth:`dir`."""
        if self.container_low == -1 or not self.is_bundle:
            return self.dir()
        return self.s[: self.container_low - 1]


@lru_cache(maxsize=65536)
def parse(raw: str, langs: frozenset[str] = frozenset({"en"})) -> HugoPath:
    return HugoPath(raw, langs)


def has_ext(p: str) -> bool:
    """Hugo's ``paths.HasExt``: a dot after the last slash."""
    for ch in reversed(p):
        if ch == ".":
            return True
        if ch == "/":
            return False
    return False


def join(base: str, ref: str) -> str:
    """Go's ``path.Join``: join non-empty parts and clean (``..`` never climbs above ``/``)."""
    parts = [p for p in (base, ref) if p]
    if not parts:
        return ""
    return clean("/".join(parts))


def clean(p: str) -> str:
    """Go's ``path.Clean``."""
    if p == "":
        return "."
    rooted = p.startswith("/")
    out: list[str] = []
    for seg in p.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
            continue
        out.append(seg)
    joined = "/".join(out)
    if rooted:
        return "/" + joined
    return joined or "."
