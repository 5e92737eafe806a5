"""What a heading's id is made of: its text as Hugo's ``render.TextPlain`` gives it, made an id.

The rules (probed on Hugo 0.147.8, see :mod:`cxlint.refs.anchors` for where headings are
found): link text and code span contents kept; tags, the emphasis delimiters CommonMark
pairs, link destinations and linkified URLs dropped; the typographer's dashes, quotes and
guillemets are no id characters; inside an emphasis or a link, Goldmark's plain text is
its first child's, and the second's when both are text nodes (``[What's new](/x)`` gives
"What": the typographer's ’ is a node of its own); named entities decoded, numeric ones
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
    if "*" in heading or "_" in heading or "[" in heading:
        text = "".join(_piece(node) for node in _inline(heading))
    elif "`" in heading:
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
    if "<<" in text or ">>" in text:  # the typographer's guillemets, not tags
        text = text.replace("<<", _TYPOGRAPHER).replace(">>", _TYPOGRAPHER)
    if "<" in text:
        text = _TAG.sub("", text)
    if "://" in text or "www." in text or "@" in text:
        text = _LINKIFIED.sub("", text)
    if "--" in text:
        text = _DASHES.sub(_TYPOGRAPHER, text)  # the typographer's en and em dashes
    return text.replace("`", "")


_DASHES = re.compile(r"---?")
#: what stands for a character the typographer writes (a dash, a curly quote...): no id
#: character, but it keeps a space before it from being trimmed off the heading's end
_TYPOGRAPHER = "\u2013"


def _punct(ch: str) -> bool:
    """CommonMark's punctuation character (ASCII punctuation, or Unicode P* and S* classes)."""
    return ch.isascii() and not ch.isalnum() and ch.isprintable() and ch != " " or unicodedata.category(ch)[0] in "PS"


# Inline nodes of a heading with emphasis or links, as Goldmark builds them (enough of it for
# the id): ("text", s), ("code", s), ("string", c) (what the typographer makes of quotes,
# dashes, "..." and guillemets: punctuation, no id character, but no space either),
# ("other",) (raw HTML, linkified URLs, an unmatched "[": nothing), ("delim", char, count,
# can_open, can_close, length) until paired, and ("box", children) for emphasis and links.
_INLINE = re.compile(
    r"(?P<code>(?<!`)(`+)(?!`)(?P<codetext>.+?)(?<!`)\2(?!`))"
    r"|(?P<link>!?\[(?P<label>[^\]]*)\]\([^)]*\))"
    rf"|(?P<sc>{_SHORTCODE.pattern})"
    r"|(?P<string><<|>>|---?|\.\.\.|['\"])"
    rf"|(?P<other>{_TAG.pattern}|{_LINKIFIED.pattern}|\[)"
    r"|(?P<delim>(?<!\\)(?:\*+|_+))",
    re.S,
)


def _inline(text: str) -> list:
    nodes: list = []
    at = 0

    def add_text(piece: str) -> None:
        if piece:
            if nodes and nodes[-1][0] == "text":  # contiguous text is one node
                nodes[-1] = ("text", nodes[-1][1] + piece)
            else:
                nodes.append(("text", piece))

    for m in _INLINE.finditer(text):
        add_text(text[at : m.start()])
        at = m.end()
        if m.group("code") is not None:
            nodes.append(("code", m.group("codetext")))
        elif m.group("link") is not None:
            nodes.append(("box", _inline(m.group("label"))))
        elif m.group("sc") is not None:
            continue
        elif m.group("string") is not None:
            nodes.append(("string", _TYPOGRAPHER))
        elif m.group("other") is not None:
            nodes.append(("other",))
        else:
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
            nodes.append(["delim", text[s], e - s, can_open, can_close, e - s])
    add_text(text[at:])
    return _pair(nodes)


def _pair(nodes: list) -> list:
    """CommonMark's "process emphasis" over the delimiter runs in ``nodes``: flanking rules,
    ``_`` never inside a word, the rule of three; what pairs with nothing is text."""
    i = 0
    while i < len(nodes):
        closer = nodes[i]
        if closer[0] != "delim" or not closer[4] or closer[2] == 0:
            i += 1
            continue
        j = i - 1
        while j >= 0:
            op = nodes[j]
            if op[0] == "delim" and op[1] == closer[1] and op[3] and op[2] > 0:
                both = op[4] or closer[3]
                if not (both and (op[5] + closer[5]) % 3 == 0 and not (op[5] % 3 == 0 and closer[5] % 3 == 0)):
                    break
            j -= 1
        if j < 0:
            i += 1
            continue
        opener = nodes[j]
        n = 2 if opener[2] >= 2 and closer[2] >= 2 else 1
        opener[2] -= n
        closer[2] -= n
        # what lies between is the emphasis; delimiters in it pair with nothing outside it
        box = ("box", [_literal(x) for x in nodes[j + 1 : i]])
        nodes[j + 1 : i] = [box]
        i = j + 2
        if opener[2] == 0:
            del nodes[j]
            i -= 1
        if closer[2] == 0:
            del nodes[i]
    return [_literal(x) for x in nodes]


def _literal(node):
    """A delimiter run no emphasis took is text (a node of its own, as in Goldmark)."""
    if node[0] == "delim":
        return ("text", node[1] * node[2]) if node[2] else ("text", "")
    return node


def _piece(node) -> str:
    """A node's part of the heading's id text. Goldmark's plain text of an emphasis or a
    link (probed on Hugo 0.147.8) is its first child's, and the second's when both are
    text: ``*a **b** c*`` gives "a ", ``[What's new](/x)`` "What" (the typographer's ’ is
    no text node), ``*a_b_c*`` "a_"."""
    kind = node[0]
    if kind == "text" or kind == "code" or kind == "string":
        return node[1]
    if kind == "box":
        kids = [k for k in node[1] if k != ("text", "")]
        if not kids:
            return ""
        got = _piece(kids[0])
        if kids[0][0] == "text" and len(kids) > 1 and kids[1][0] == "text":
            got += kids[1][1]
        return got
    return ""
