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


_ASCII_ID = {i: None for i in range(128)}
_ASCII_ID.update({ord(c): c.lower() for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"})
_ASCII_ID.update({ord("-"): "-", ord(" "): "-"})


def anchorize(text: str) -> str:
    """Hugo's GitHub-style heading id for already plain heading text."""
    text = text.strip()
    if text.isascii():  # the common case, at C speed
        return text.translate(_ASCII_ID)
    out = []
    for ch in text:
        if ch in "- ":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit():
            out.append(ch.lower())
    return "".join(out)


_EMPHASIS = re.compile(r"(?<![\w\\])[*_]+|[*_]+(?![\w])")  # emphasis markers, not snake_case
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|#39);")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")


def _plain(heading: str) -> str:
    """Heading text as Goldmark's text content: link text kept, markup and tags dropped."""
    text = heading
    if "{{" in text:
        text = _SHORTCODE.sub("", text)
    if "[" in text:
        text = _LINK.sub(lambda m: m.group(1), text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    text = text.replace("`", "")
    if "&" in text:
        text = _ENTITY.sub("", text)
    return text


#: where a line can matter, the whole line: an ATX heading (group 1 set, group 2 its
#: text as :data:`_ATX` takes it), a fence (groups 3/4: its marks as :data:`_FENCE`
#: takes them, but for the first), a setext underline (group 5 or 6), or another line
#: starting with ``#``. A literal first: found at memchr speed; each alternative opens
#: with a literal, which the regex engine tries before anything else. Any other line
#: just becomes the "previous line", which the scan reads from the text.
_CANDIDATE = re.compile(
    r"\n {0,3}(?:##{0,5}()(?:[ \t]+([^\n]*?))?[ \t]*(?=\n|\Z)|`(`{2,})[^\n]*|~(~{2,})[^\n]*"
    r"|==*()[ \t]*(?=\n|\Z)|--*()[ \t]*(?=\n|\Z)|#[^\n]*)"
)
#: line breaks other than \n that str.splitlines() also splits on
_OTHER_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"  # the ones an ASCII text can hold


class _Headings:
    """Heading ids in page order, with Goldmark's ``-1``/``-2`` suffixes for repeats."""

    __slots__ = ("ids", "seen")

    def __init__(self):
        self.ids: set[str] = set()
        self.seen: dict[str, int] = {}

    def add(self, raw: str) -> None:
        raw = raw.rstrip()
        attr = _ATTR.search(raw) if raw.endswith("}") else None
        if attr:
            m = _ATTR_ID.search(attr.group(1))
            if m:
                self.ids.add(next(g for g in m.groups() if g is not None))
                return
        if raw.endswith("#"):
            raw = _CLOSING_HASHES.sub("", raw)  # closing ATX hashes
        anchor = anchorize(_plain(raw)) or "heading"
        seen = self.seen
        if anchor in seen:
            n = seen[anchor]
            while f"{anchor}-{n}" in seen:
                n += 1
            seen[anchor] = n + 1
            anchor = f"{anchor}-{n}"
        seen.setdefault(anchor, 1)
        self.ids.add(anchor)


def page_anchors(text: str, start: int = 0) -> set[str]:
    """Every fragment the rendered page would answer to: its body is ``text[start:]``.

    A caller holding the whole page passes its text and the body's offset: the
    body is read in place, not copied (bodies are most of a site's bytes).
    """
    heads = _Headings()
    if _other_breaks(text, start):
        _scan_lines(text[start:].splitlines(), heads)
    else:
        _scan_candidates(text, heads, start)
    ids = heads.ids
    if text.find("<", start) != -1 and _may_have_html_id(text, start):
        for m in _HTML_ID.finditer(text, start):
            ids.add(next(g for g in m.groups() if g is not None))
    return ids


def _other_breaks(body: str, start: int = 0) -> bool:
    """Whether ``body[start:]`` breaks lines with anything but ``\\n`` (as str.splitlines() sees them).

    Substring searches: much faster than a regex (isascii() is a flag lookup); a plain
    loop, not any() over a generator, whose resumption per character costs more here.
    """
    find = body.find
    for ch in _ASCII_BREAKS if body.isascii() else _OTHER_BREAKS:
        if find(ch, start) != -1:
            return True
    return False


def _may_have_html_id(body: str, start: int = 0) -> bool:
    r"""Whether :data:`_HTML_ID` can match from ``start``: some ``=`` follows ``id`` or ``name`` and a blank.

    A necessary condition found with ``str.find``, where the regex's lazy scan
    through every tag is slow (of the real site's 4,044 bodies, 2,209 hold a
    ``=``, 155 pass this test, 100 have an id).
    ``str.isspace`` is the regex's ``\s`` for ``str`` patterns.
    """
    find = body.find
    at = find("=", start)
    while at != -1:
        j = at
        while j > start and body[j - 1].isspace():
            j -= 1
        if (j >= start + 3 and body[j - 2 : j] == "id" and body[j - 3].isspace()) or (
            j >= start + 5 and body[j - 4 : j] == "name" and body[j - 5].isspace()
        ):
            return True
        at = find("=", at + 1)
    return False


class _State:
    __slots__ = ("fence", "prev")

    def __init__(self):
        self.fence: str | None = None
        self.prev = ""


def _step(line: str, st: _State, heads: _Headings) -> None:
    """One line of the block scan: fences, ATX headings, setext underlines."""
    m = _FENCE.match(line)
    if st.fence is not None:
        if m and m.group(1)[0] == st.fence[0] and len(m.group(1)) >= len(st.fence):
            st.fence = None
        st.prev = ""
        return
    if m:
        st.fence = m.group(1)
        st.prev = ""
        return
    atx = _ATX.match(line)
    if atx:
        heads.add(atx.group(2) or "")
        st.prev = ""
        return
    prev = st.prev
    if _SETEXT.match(line) and prev.strip() and not _NOT_PARAGRAPH.match(prev):
        heads.add(prev.strip())
        st.prev = ""
        return
    st.prev = line


def _scan_lines(lines, heads: _Headings) -> None:
    st = _State()
    for line in lines:
        _step(line, st, heads)


def _scan_candidates(text: str, heads: _Headings, begin: int = 0) -> None:
    """:func:`_scan_lines` over ``text[begin:]`` visiting only the lines that can change anything
    (``\n`` breaks only).

    Every other line leaves the scan state as it finds it, except ``prev`` (the
    line before a setext underline), which is taken from the text instead:
    inside a fence it does not matter, outside it is simply that line. One
    regex match per visited line says what it is (the steps of :func:`_step`).
    """
    if begin and text[begin - 1] == "\n":  # a body after its front matter: read in place
        at = begin - 1
    else:  # every line, the first too, must start after a "\n": at its index here
        text = "\n" + text[begin:]
        at = 0
    fence = None
    prev = ""
    last_end = at  # where the line after the last visited one starts
    for m in _CANDIDATE.finditer(text, at):
        start = m.start()
        atx, heading, ticks, tildes, equals, dashes = m.groups()
        marks = "`" + ticks if ticks is not None else "~" + tildes if tildes is not None else None
        if fence is not None:
            if marks and marks[0] == fence[0] and len(marks) >= len(fence):
                fence = None
            prev = ""
        elif marks:
            fence = marks
            prev = ""
        elif atx is not None:
            heads.add(heading or "")
            prev = ""
        else:
            if start != last_end:
                prev = text[text.rfind("\n", at, start) + 1 : start]
            if (equals is not None or dashes is not None) and prev.strip() and not _NOT_PARAGRAPH.match(prev):
                heads.add(prev.strip())
                prev = ""
            else:
                prev = text[start + 1 : m.end()]
        last_end = m.end()
