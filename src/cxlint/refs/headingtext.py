"""What a heading's id is made of: its text as Hugo's ``render.TextPlain`` gives it, made an id.

The rules (probed on Hugo 0.147.8, see :mod:`cxlint.refs.anchors` for where headings are
found): link text and code span contents kept; tags, the emphasis delimiters CommonMark
pairs, link destinations and linkified URLs dropped; named entities decoded, numeric ones
left as their digits; then Goldmark's GitHub-style id (lower-case letters, digits, ``_``,
``-`` and spaces as ``-``). A heading's trailing ``{...}`` is Goldmark's attribute list
when each item is ``#id``, ``.class`` or ``key=value``: its id is the heading's.
"""

from __future__ import annotations

import re
import unicodedata
from html.entities import html5 as _HTML5

#: in an id, where Hugo's page counter goes (digits no page can predict): see cxlint.refs.anchors
PAGE_ID = "\x00"
#: in an id, where any text may go (a ``{{% %}}`` call's output and what follows it)
ANY_TEXT = "\x01"
MARKS = PAGE_ID + ANY_TEXT

ATTRIBUTES = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
#: one attribute of a heading's ``{...}`` list as Goldmark reads it (probed on Hugo 0.147.8):
#: ``#id``, ``.class`` (names of letters, digits, ``-_:.``, maybe empty), ``key=value``
_ATTR_ITEM = re.compile(
    r"""[ \t]*(?:([#.])((?:[\w:.-]|[^\x00-\x7f])*)|([A-Za-z_:][\w:.-]*)[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s"'{}=<>`]+)))(?=[\s}]|$)"""
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")


_ASCII_ID = {i: None for i in range(128)}
_ASCII_ID.update({ord(c): c.lower() for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"})
_ASCII_ID.update({ord("-"): "-", ord(" "): "-"})
_ASCII_ID.update({ord(c): c for c in MARKS})  # kept: only shortcode placeholders hold them


def anchorize(text: str) -> str:
    """Hugo's GitHub-style heading id for already plain heading text."""
    text = text.strip()
    if text.isascii():  # the common case, at C speed
        return text.translate(_ASCII_ID)
    out = []
    for ch in text:
        if ch in "- ":
            out.append("-")
        elif ch == "_" or ch.isalpha() or ch.isdigit() or ch in MARKS:
            out.append(ch.lower())
    return "".join(out)


#: a run of emphasis delimiters (an escaped one, ``\*``, is a literal character)
_DELIMITER_RUN = re.compile(r"(?<!\\)(?:\*+|_+)")
#: a named character reference as HTML5 (and Goldmark) knows it; numeric ones stay as text
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
#: what Goldmark's linkify extension (on by default in Hugo) makes a link: its text is no id text
_LINKIFIED = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<]*?(?=[?!.,:*_~]*(?:[\s<]|$))|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
CLOSING_HASHES = re.compile(r"[ \t]+#+$")


NO_ID = object()  # an attribute list without an id


def attribute_id(attrs: str):
    """The id an attribute list (the text inside ``{}``) gives, :data:`NO_ID` when it
    gives none, or None when Goldmark would not read it as attributes (then it is text)."""
    pos, found = 0, None
    while pos < len(attrs):
        if not attrs[pos:].strip():
            break
        m = _ATTR_ITEM.match(attrs, pos)
        if m is None:
            return None
        if m.group(1) == "#":
            found = m.group(2)
        elif m.group(3) == "id":
            found = next(g for g in m.groups()[3:] if g is not None)
        pos = m.end()
    if pos == 0 and not attrs.strip():
        return None  # '{}': no attribute at all
    return NO_ID if found is None else found


def _entity(m: re.Match) -> str:
    return _HTML5.get(m.group(1) + ";", m.group(0))


def plain_text(heading: str) -> str:
    """Heading text as Hugo's ``render.TextPlain`` gives it: see the module doc."""
    if "`" in heading:
        out = []
        at = 0
        for m in _CODE_SPAN.finditer(heading):
            out.append(_plain_markup(heading[at : m.start()]))
            out.append(m.group(2))  # code: taken literally (but for named entities)
            at = m.end()
        out.append(_plain_markup(heading[at:]))
        text = "".join(out)
    else:
        text = _plain_markup(heading)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


def _plain_markup(text: str) -> str:
    if "{{" in text:
        text = _SHORTCODE.sub("", text)
    if "[" in text:
        text = _LINK.sub(lambda m: m.group(1), text)
    if "*" in text or "_" in text:  # before tags go: "<i>_x_" is emphasis, "a<i>_x_" too
        text = _strip_emphasis(text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "://" in text or "www." in text or "@" in text:
        text = _LINKIFIED.sub("", text)
    return text.replace("`", "")


def _punct(ch: str) -> bool:
    """CommonMark's punctuation character (ASCII punctuation, or Unicode P* and S* classes)."""
    return ch.isascii() and not ch.isalnum() and ch.isprintable() and ch != " " or unicodedata.category(ch)[0] in "PS"


def _strip_emphasis(text: str) -> str:
    """``text`` without the ``*``/``_`` delimiters CommonMark pairs into emphasis (its "process
    emphasis" procedure: flanking rules, ``_`` never inside a word, the rule of three);
    delimiters that pair with nothing stay as text (``change_—_to``, ``Title ****``)."""
    runs = []  # [start, end, char, can_open, can_close, length, left]
    for m in _DELIMITER_RUN.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else " "
        after = text[e] if e < len(text) else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if text[s] == "*":
            can_open, can_close = left, right
        else:
            can_open = left and (not right or _punct(before))
            can_close = right and (not left or _punct(after))
        runs.append([s, e, text[s], can_open, can_close, e - s, e - s])
    if not runs:
        return text
    active = [True] * len(runs)
    for i, closer in enumerate(runs):
        if not closer[4]:
            continue
        while closer[6] > 0:
            j = i - 1
            while j >= 0:
                op = runs[j]
                if active[j] and op[2] == closer[2] and op[3] and op[6] > 0:
                    both = op[4] or closer[3]
                    if not (both and (op[5] + closer[5]) % 3 == 0 and not (op[5] % 3 == 0 and closer[5] % 3 == 0)):
                        break
                j -= 1
            if j < 0:
                break
            n = 2 if runs[j][6] >= 2 and closer[6] >= 2 else 1
            runs[j][6] -= n
            closer[6] -= n
            for k in range(j + 1, i):
                active[k] = False  # delimiters inside the emphasis pair with nothing outside it
    out, at = [], 0
    for s, e, ch, _o, _c, _n, left in runs:
        out.append(text[at:s])
        out.append(ch * left)
        at = e
    out.append(text[at:])
    return "".join(out)
