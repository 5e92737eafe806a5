"""Which ``#fragment``s a page offers: heading ids and HTML ``id``/``name`` attributes.

Heading ids follow Hugo's Goldmark default (``autoHeadingIDType = github``,
markup/goldmark/autoid.go): trim, ``-`` and space become ``-``, letters,
digits and ``_`` are kept lower-cased, everything else is dropped; a repeated
id gets ``-1``, ``-2``... An ``{#id}`` (or ``{id="x"}``) attribute after the
heading text replaces the generated id.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH = re.compile(r"^(?: {4}|\t| {0,3}(?:[-*+>|<]|\d+[.)])(?:\s|$))")
_ATTR = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"""(?:^|\s)(?:#([^\s}]+)|id=(?:"([^"]*)"|'([^']*)'|([^\s}]+)))""")
_HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")


def anchorize(text: str) -> str:
    """Hugo's GitHub-style heading id for already plain heading text."""
    out = []
    for ch in text.strip():
        if ch in "- ":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out)


def _plain(heading: str) -> str:
    """Heading text as Goldmark's text content: link text kept, markup and tags dropped."""
    text = _SHORTCODE.sub("", heading)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", text)
    text = re.sub(r"(?<![\w\\])[*_]+|[*_]+(?![\w])", "", text)  # emphasis markers, not snake_case
    text = text.replace("`", "")
    return re.sub(r"&(?:amp|lt|gt|quot|#39);", "", text)


def page_anchors(body: str) -> set[str]:
    """Every fragment the rendered page would answer to."""
    ids: set[str] = set()
    seen: dict[str, int] = {}

    def add_heading(raw: str) -> None:
        raw = raw.rstrip()
        attr = _ATTR.search(raw)
        if attr:
            m = _ATTR_ID.search(attr.group(1))
            if m:
                ids.add(next(g for g in m.groups() if g is not None))
                return
        raw = re.sub(r"[ \t]+#+$", "", raw)  # closing ATX hashes
        anchor = anchorize(_plain(raw)) or "heading"
        if anchor in seen:
            n = seen[anchor]
            while f"{anchor}-{n}" in seen:
                n += 1
            seen[anchor] = n + 1
            anchor = f"{anchor}-{n}"
        seen.setdefault(anchor, 1)
        ids.add(anchor)

    fence: str | None = None
    prev = ""
    for line in body.splitlines():
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            prev = ""
            continue
        if m:
            fence = m.group(1)
            prev = ""
            continue
        atx = _ATX.match(line)
        if atx:
            add_heading(atx.group(2) or "")
            prev = ""
            continue
        if _SETEXT.match(line) and prev.strip() and not _NOT_PARAGRAPH.match(prev):
            add_heading(prev.strip())
            prev = ""
            continue
        prev = line
    for m in _HTML_ID.finditer(body):
        ids.add(next(g for g in m.groups() if g is not None))
    return ids
