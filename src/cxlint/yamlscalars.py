"""Scalars for :mod:`cxlint.simpleyaml`: what libyaml would make of plain and quoted text.

Plain-scalar resolution with a PyYAML loader's own implicit resolvers and
constructors, double-quoted escapes, folding of plain and quoted scalars over
several lines as libyaml's scanner does, and the character tables that send
anything unusual to libyaml (:class:`Unhandled`).
"""

from __future__ import annotations

import re

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode


class Unhandled(Exception):
    """The text is outside the subset read here (or not valid YAML): use libyaml."""


# Characters libyaml rejects or treats specially (non-printable characters, the
# BOM, NEL/LS/PS line breaks), tabs (indentation rules), and a CR that is not
# part of CRLF: any of them sends the whole text to libyaml. Only lines that
# str.isprintable() refuses are searched (CRLF, no-break spaces, ...).
# Spelled as the (small) complement of the printable ranges: the same set as
# "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
# (a test compares them over every code point), but compiled in a fraction of the
# ~9 ms the negated class's huge ranges take, which every process paid.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: what ``printable_lines`` keeps of ASCII text: the printable characters and the line break
_ASCII_PRINTABLE_NL = bytes(range(0x20, 0x7F)) + b"\n"


def printable_lines(text: str) -> bool:
    """``text.replace("\n", " ").isprintable()``: no line holds a character str.isprintable()
    refuses. ASCII text (most front matter and data files) is looked at as bytes, ~4x faster
    than a per-character isprintable()."""
    if text.isascii():  # (a flag of the string: no scan)
        return not text.encode("ascii").translate(None, _ASCII_PRINTABLE_NL)
    return text.replace("\n", " ").isprintable()


_QUOTED_KEY = re.compile(r"""(?:("(?:[^"\\]|\\.)*+")|('(?:[^']|'')*+')) *+:(?: |$)""")
_DQ_LINE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SQ_LINE = re.compile(r"'((?:[^']|'')*)'")
_AFTER_QUOTED = re.compile(r" *(?:#.*)?$")  # libyaml takes '#' right after a closing quote as a comment
_AFTER_FLOW = re.compile(r" *(?:(?<= )#.*)?$")
_FLOW_PLAIN = re.compile(r"[^\s,\[\]{}#:&*!|>'\"%@`?\-][^,\[\]{}#:]*")
_DQ_ANY = re.compile(r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"', re.S)  # over lines
_SQ_ANY = re.compile(r"'([^']*+(?:''[^']*+)*+)'")
_DQ_RUN = re.compile(r'[^ \r\n"\\]+')
_SQ_RUN = re.compile(r"[^ \r\n']+")
_BLANKS = re.compile(r"[ \r\n]+")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
# libyaml's escapes (scanner.c); '\'' is not one of them.
_ESCAPES = {
    "0": "\0", "a": "\x07", "b": "\x08", "t": "\t", "n": "\n", "v": "\x0b", "f": "\x0c",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
# A plain scalar may not start with these (or they start something this parser leaves to libyaml).
_PLAIN_NO_START = frozenset(",[]{}#&*!|>%@`?:'\"")
# A continuation line of a folded plain scalar: leave anything starting like a token to libyaml.
_CONT_NO_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A plain key may not start with these (nor '-', '?', ':': rare, and ambiguous).
_KEY_NO_START = frozenset("-?:,[]{}#&*!|>%@`")
_KEY_SPECIAL = _KEY_NO_START | frozenset("'\"")
# A value starting with these is not a one-line plain scalar (quotes are looked at apart).
_VALUE_SPECIAL = frozenset(",[]{}#&*!|>%@`?:-")
_MAX_KEY = 1000  # libyaml: a simple key must end within 1024 characters
_STR = "tag:yaml.org,2002:str"
_CACHE_LIMIT = 4096


_MISS = object()


class _All:
    def __contains__(self, item) -> bool:
        return True


_ALL = _All()


class Resolver:
    """Plain-scalar resolution exactly as a PyYAML loader class does it (same regexes, constructors)."""

    def __init__(self, implicit_resolvers: dict):
        self._table = {ch: list(rs) for ch, rs in implicit_resolvers.items() if ch is not None}
        self._wild = list(implicit_resolvers.get(None, ()))
        # values starting with anything else are strings (a hot path: most values)
        self.first = frozenset(ch for ch, rs in self._table.items() if rs) if not self._wild else _ALL
        cons = SafeConstructor()
        self._build = {
            "tag:yaml.org,2002:null": cons.construct_yaml_null,
            "tag:yaml.org,2002:bool": cons.construct_yaml_bool,
            "tag:yaml.org,2002:int": cons.construct_yaml_int,
            "tag:yaml.org,2002:float": cons.construct_yaml_float,
        }
        self.cache: dict = {}  # value -> what it resolves to
        self.keys: dict = {}  # a top-level plain key found fit for the fast loop -> the key
        # a line of the fast loop -> what it says on its own (simpleyaml's _key_line, _item_line)
        self.key_lines: dict = {}
        self.item_lines: dict = {}

    def __call__(self, value: str):
        cache = self.cache
        try:
            return cache[value]
        except KeyError:
            pass
        tag = _STR
        for t, rx in self._table.get(value[:1], []) + self._wild:
            if rx.match(value):
                tag = t
                break
        if tag == _STR:
            out = value
        else:
            build = self._build.get(tag)
            if build is None:  # '=' (value), '<<' (merge), ...: libyaml's business
                raise Unhandled(tag)
            out = build(ScalarNode(tag, value))
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[value] = out
        return out


def _unescape(inner: str) -> str:
    def one(m: re.Match) -> str:
        esc = m.group(1)
        if len(esc) > 1:
            code = int(esc[1:], 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise Unhandled("escape")
            return chr(code)
        try:
            return _ESCAPES[esc]
        except KeyError:
            raise Unhandled("escape") from None

    return _ESCAPE.sub(one, inner)


def _fold_plain(src: str, lines: list, j: int, pos: int, indent: int, text: str, end: int):
    """Fold the plain scalar ``text`` (ending at offset ``end``) over the lines from ``lines[j]``
    (at offset ``pos``) indented deeper than ``indent``, as libyaml's scan_plain does: a break
    between text is a space, n empty lines are n breaks. Returns (value, end, the first line
    after the scalar's last, that line's offset).
    """
    pieces = [text]
    empty = 0
    next_line, next_pos = j, pos
    for j in range(j, len(lines)):
        line = lines[j]
        if not line.isprintable() and (line.endswith("\r") or _ODD.search(line)):
            raise Unhandled("character")
        size = len(line) + (2 if src.startswith("\r\n", pos + len(line)) else 1)
        stripped = line.lstrip(" ")
        col = len(line) - len(stripped)
        stripped = stripped.rstrip(" ")
        if not stripped:
            empty += 1
            pos += size
            continue
        if col <= indent:
            break
        if stripped[0] in _CONT_NO_START or " #" in stripped or ": " in stripped or stripped[-1] == ":":
            raise Unhandled("plain continuation")
        pieces.append("\n" * empty if empty else " ")
        pieces.append(stripped)
        empty = 0
        end = pos + col + len(stripped)
        pos += size
        next_line, next_pos = j + 1, pos
    return "".join(pieces), end, next_line, next_pos


def _quoted_lines(src: str, i: int, single: bool):
    """A quoted scalar that goes on past its first line, folded as libyaml's scan_flow_scalar does.

    ``i`` is the offset of the opening quote in the text; returns
    (value, offset past the closing quote).
    """
    m = (_SQ_ANY if single else _DQ_ANY).match(src, i)
    if m is None:
        raise Unhandled("unterminated quoted scalar")
    inner = m.group(1)
    if not single and "\\" in inner:
        return _quoted_walk(src, i, single)
    # fold line by line: a break between text is a space, n empty lines are n breaks;
    # blanks around a break go (the CR of a CRLF is part of the break)
    parts = inner.split("\n")
    for part in parts[1:]:
        if part.startswith(("---", "...")) and (len(part) == 3 or part[3] in " \r"):
            raise Unhandled("document marker in a quoted scalar")
    out = [parts[0].rstrip("\r").rstrip(" ")]
    empty = 0
    last = len(parts) - 1
    for k in range(1, last + 1):
        part = parts[k].lstrip(" ") if k == last else parts[k].rstrip("\r").strip(" ")
        if not part and k < last:
            empty += 1
            continue
        out.append("\n" * empty if empty else " ")
        out.append(part)
        empty = 0
    value = "".join(out)
    if single:
        value = value.replace("''", "'")
    end = m.end()
    stop = src.find("\n", end)
    if not _AFTER_QUOTED.match(src[end : len(src) if stop < 0 else stop].rstrip("\r")):
        raise Unhandled("after quoted")
    return value, end

def _quoted_walk(src: str, i: int, single: bool):
    """quoted_lines for any quoted scalar (escapes, escaped line breaks), run by run."""
    n = len(src)
    quote = "'" if single else '"'
    run = _SQ_RUN.match if single else _DQ_RUN.match
    blanks_at = _BLANKS.match
    out: list[str] = []
    i += 1
    while True:
        if src[i - 1] == "\n" and src.startswith(("---", "..."), i) and (i + 3 >= n or src[i + 3] in " \r\n"):
            raise Unhandled("document marker in a quoted scalar")
        if i >= n:
            raise Unhandled("unterminated quoted scalar")
        leading = False  # a line break was seen
        folded = True  # ... and it folds (it is not an escaped line break)
        while True:  # the characters up to a blank: text, escapes, '' in single quotes
            m = run(src, i)
            if m is not None:
                out.append(m.group())
                i = m.end()
            if i >= n:
                break
            c = src[i]
            if c == quote:
                if single and src.startswith("''", i):
                    out.append("'")
                    i += 2
                    continue
                break
            if c == "\\":  # (never in single quotes: not part of a run there)
                nxt = src[i + 1 : i + 2]
                if nxt == "\r" or nxt == "\n":
                    i += 3 if src.startswith("\r\n", i + 1) else 2
                    leading = True
                    folded = False
                    break
                m = _ESCAPE.match(src, i)
                if m is None:
                    raise Unhandled("escape")
                out.append(_unescape(m.group()))
                i = m.end()
                continue
            break  # a blank or a line break
        if i < n and src[i] == quote:
            break
        m = blanks_at(src, i)
        breaks = 0
        if m is not None:
            chunk = m.group()
            i = m.end()
            breaks = chunk.count("\n")
            if not leading:
                if not breaks:
                    out.append(chunk)  # blanks inside a line are kept
                    continue
                leading = True
                breaks -= 1  # the first break folds; blanks around it go
        if leading:
            out.append("\n" * breaks if breaks or not folded else " ")
    end = i + 1
    stop = src.find("\n", end)
    if not _AFTER_QUOTED.match(src[end : len(src) if stop < 0 else stop].rstrip("\r")):
        raise Unhandled("after quoted")
    return "".join(out), end


def _is_key(text: str) -> bool:
    """Whether a sequence item's text starts a compact mapping (``- key: value``)."""
    c0 = text[0]
    if c0 == '"' or c0 == "'":
        return _QUOTED_KEY.match(text) is not None
    if c0 in _KEY_NO_START:
        return False
    colon = text.find(":")
    while colon >= 0:
        if colon + 1 == len(text) or text[colon + 1] == " ":
            return True
        colon = text.find(":", colon + 1)
    return False
