"""A strict fast path for the simple YAML most front matter is written in.

libyaml through PyYAML calls back into Python for every node (resolve, node
and mark objects), which made parsing the bulk of ``cxlint check``. This
parser reads the common subset line by line and returns exactly what the
libyaml path in :mod:`cxlint.frontmatter` builds: the same data (plain scalars
resolved with the loader's own implicit resolvers and PyYAML's constructors),
the same key and value spans (libyaml's marks) and the same duplicate keys.

What it reads: block mappings and block sequences (also indentless ones and
compact ``- key: value`` mappings), plain scalars (also folded over several
lines), single- and double-quoted scalars (also folded over several lines,
with every escape libyaml knows), one-line flow sequences of scalars, empty
values and comments. Anything else, and any doubt at all, raises
:class:`Unhandled` so the caller runs libyaml instead, which also produces
the error message for bad YAML: this parser never reports errors itself.
"""

from __future__ import annotations

import re
from itertools import accumulate

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode


class Unhandled(Exception):
    """The text is outside the subset read here (or not valid YAML): use libyaml."""


# Characters libyaml rejects or treats specially (non-printable characters, the
# BOM, NEL/LS/PS line breaks), tabs (indentation rules), and a CR that is not
# part of CRLF: any of them sends the whole text to libyaml. Only lines that
# str.isprintable() refuses are searched (CRLF, no-break spaces, ...).
_ODD = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
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


class _Doc:
    """One parse: the rows of the text (lines holding a token), and the spans recorded so far."""

    def __init__(self, src: str, base: int, resolve: Resolver):
        self.src = src
        self.base = base
        self.resolve = resolve
        self.first = resolve.first
        self.lines = lines = src.split("\n")
        # a line's offset: the lengths before it plus one line break each (CRLF: the CR is in the length)
        starts = [size + r for r, size in enumerate(accumulate(map(len, lines), initial=0))]
        if not all(map(str.isprintable, lines)):
            for r, line in enumerate(lines):
                if not line.isprintable():
                    if line.endswith("\r"):  # CRLF: the CR belongs to the line break
                        line = lines[r] = line[:-1]
                    if _ODD.search(line):
                        raise Unhandled("character")
        texts = [line.lstrip(" ") for line in lines]
        self.rowline = rowline = [r for r, text in enumerate(texts) if text and text[0] != "#"]
        body = [texts[r] for r in rowline]  # a row's text after the indentation (no line break)
        ind = [len(lines[r]) - len(texts[r]) for r in rowline]  # a row's indentation
        bpos = [starts[r] + i for r, i in zip(rowline, ind)]  # offset of the row's text in src
        self.ind = ind
        self.body = body
        self.bpos = bpos
        self.n = len(ind)
        self.key_spans: dict = {}
        self.value_spans: dict = {}
        self.duplicates: list = []

    # ------------------------------------------------------------------ helpers

    def token_at(self, ci: int) -> int:
        """Offset of the first token on row ``ci`` (the text's end past the last): libyaml's block-end mark."""
        if ci >= self.n:
            return self.base + len(self.src)
        return self.base + self.bpos[ci]

    def is_entry(self, ci: int) -> bool:
        text = self.body[ci]
        return text[0] == "-" and (len(text) == 1 or text[1] == " ")

    def after(self, ci: int, offset: int) -> int:
        """The first row at or after ``ci`` starting past ``offset``."""
        bpos = self.bpos
        while ci < self.n and bpos[ci] < offset:
            ci += 1
        return ci

    # ------------------------------------------------------------------ blocks

    def document(self):
        if not self.n:
            return {}
        if self.is_entry(0):
            raise Unhandled("top-level sequence")
        data, ci = self.mapping(0, self.ind[0], ())
        if ci != self.n:
            raise Unhandled("indentation")
        return data

    def block(self, ci: int, path: tuple):
        """The block node starting on row ``ci``: (value, next row, start, end)."""
        start = self.base + self.bpos[ci]
        if self.is_entry(ci):
            value, ci = self.sequence(ci, self.ind[ci], path)
        else:
            value, ci = self.mapping(ci, self.ind[ci], path)
        return value, ci, start, self.token_at(ci)

    def mapping(self, ci: int, indent: int, path: tuple):
        result: dict = {}
        seen: dict = {}
        key_spans = self.key_spans
        value_spans = self.value_spans
        base = self.base
        ind = self.ind
        body = self.body
        bpos = self.bpos
        first = self.first
        resolve = self.resolve
        n = self.n
        while ci < n:
            if ind[ci] != indent:
                if ind[ci] < indent:
                    break
                raise Unhandled("indentation")
            text = body[ci]
            c0 = text[0]
            raw, sep, rest = text.partition(": ")
            if not sep and text[-1] == ":":  # a key ending its line: "key:" (no ": " anywhere)
                raw = text[:-1]
                sep = ":"
            if sep and c0 not in _KEY_SPECIAL and raw and raw[-1] != " " and "#" not in raw:
                # the common case: a plain key without blanks before its colon
                key = resolve(raw) if c0 in first else raw
                klen = len(raw)
                colon = klen + 1
                if c0 == "." and raw.startswith("..."):
                    raise Unhandled("document marker")
            else:
                got = self.key(text)
                if got is None:
                    break  # an indentless sequence's entry: the caller decides
                raw, key, klen, colon = got
                rest = text[colon:]
            if colon > _MAX_KEY:
                raise Unhandled("long key")
            kstart = base + bpos[ci]
            kspan = (kstart, kstart + klen)
            if key in seen:
                self.duplicates.append((path, raw, seen[key], kspan))
            else:
                seen[key] = kspan
            sub = path + (key,)
            if sub not in key_spans:
                key_spans[sub] = kspan
            if rest and rest[0] == " ":
                rest = rest.lstrip(" ")
            nxt = ci + 1
            if not rest or rest[0] == "#":
                fill = sub not in value_spans
                if fill:
                    value_spans[sub] = None  # keep libyaml's order: a value's span before its children's
                if nxt < n and ind[nxt] > indent:
                    value, ci, vs, ve = self.block(nxt, sub)
                elif nxt < n and ind[nxt] == indent and self.is_entry(nxt):
                    vs = base + bpos[nxt]
                    value, ci = self.sequence(nxt, indent, sub)
                    ve = self.token_at(ci)
                else:
                    value, ci = None, nxt
                    vs = ve = kstart + colon
                if fill:
                    value_spans[sub] = (vs, ve)
            else:
                c = rest[0]
                last = rest[-1]
                if c == '"' or c == "'":
                    simple = last == c and len(rest) > 1 and rest.count(c) == 2 and "\\" not in rest
                else:
                    simple = c not in _VALUE_SPECIAL and last != " " and last != ":" and "#" not in rest and ": " not in rest
                if not simple or (nxt < n and ind[nxt] > indent):
                    fill = sub not in value_spans
                    if fill:
                        value_spans[sub] = None
                    value, ci, vs, ve = self.scalar(ci, rest, bpos[ci] + len(text) - len(rest), indent, sub)
                    if fill:
                        value_spans[sub] = (vs, ve)
                else:  # the common cases inline: a one-line plain or quoted scalar
                    if c == '"' or c == "'":
                        value = rest[1:-1]
                    elif c in first:
                        value = resolve(rest)
                    else:
                        value = rest
                    if sub not in value_spans:
                        vs = kstart + len(text) - len(rest)
                        value_spans[sub] = (vs, vs + len(rest))
                    ci = nxt
            result[key] = value
        return result, ci

    def key(self, text: str):
        """A key row's key, in full generality: (raw, key, length, offset past the colon); None for a '- ' entry."""
        c0 = text[0]
        if c0 == '"' or c0 == "'":
            m = _QUOTED_KEY.match(text)
            if m is None:
                raise Unhandled("not a key")
            if m.group(1) is not None:
                raw = m.group(1)[1:-1]
                if "\\" in raw:
                    raw = _unescape(raw)
                klen = len(m.group(1))
            else:
                raw = m.group(2)[1:-1].replace("''", "'")
                klen = len(m.group(2))
            return raw, raw, klen, m.end() if text[m.end() - 1] == ":" else m.end() - 1
        if c0 in _KEY_NO_START:
            if c0 == "-" and (len(text) == 1 or text[1] == " "):
                return None
            raise Unhandled("key")
        colon = text.find(":")
        while colon >= 0 and colon + 1 < len(text) and text[colon + 1] != " ":
            colon = text.find(":", colon + 1)
        if colon < 0:
            raise Unhandled("not a key")
        raw = text[:colon].rstrip(" ")
        if " #" in raw or raw.startswith(("---", "...")):
            raise Unhandled("key")
        key = self.resolve(raw) if c0 in self.first else raw
        return raw, key, len(raw), colon + 1

    def sequence(self, ci: int, indent: int, path: tuple):
        out: list = []
        value_spans = self.value_spans
        ind = self.ind
        body = self.body
        bpos = self.bpos
        n = self.n
        base = self.base
        while ci < n and ind[ci] == indent:
            text = body[ci]
            if text[0] != "-" or (len(text) > 1 and text[1] != " "):
                break
            sub = path + (len(out),)
            fill = sub not in value_spans
            if fill:
                value_spans[sub] = None
            item = text[1:].lstrip(" ")
            if not item or item[0] == "#":
                nxt = ci + 1
                if nxt < n and ind[nxt] > indent:
                    value, ci, vs, ve = self.block(nxt, sub)
                else:
                    value, ci = None, nxt
                    vs = ve = base + bpos[ci - 1] + 1
            else:
                at = bpos[ci] + len(text) - len(item)
                c = item[0]
                last = item[-1]
                if c == '"' or c == "'":
                    simple = last == c and len(item) > 1 and item.count(c) == 2 and "\\" not in item
                else:
                    simple = c not in _VALUE_SPECIAL and last != " " and ":" not in item and "#" not in item
                if simple and (ci + 1 >= n or ind[ci + 1] <= indent):  # inline: a one-line scalar
                    if c == '"' or c == "'":
                        value = item[1:-1]
                    elif c in self.first:
                        value = self.resolve(item)
                    else:
                        value = item
                    if fill:
                        value_spans[sub] = (base + at, base + at + len(item))
                    out.append(value)
                    ci += 1
                    continue
                if _is_key(item):  # a compact mapping: its keys line up with the first one
                    ind[ci] = indent + len(text) - len(item)
                    body[ci] = item
                    bpos[ci] = at
                    vs = base + at
                    value, ci = self.mapping(ci, ind[ci], sub)
                    ve = self.token_at(ci)
                else:
                    value, ci, vs, ve = self.scalar(ci, item, at, indent, sub)
            if fill:
                value_spans[sub] = (vs, ve)
            out.append(value)
        return out, ci

    # ------------------------------------------------------------------ scalars

    def scalar(self, ci: int, rest: str, start: int, indent: int, path: tuple):
        """The scalar (or flow sequence) ``rest`` at offset ``start``, ending row ``ci`` of a block at ``indent``.

        Returns (value, next row, start, end) with file offsets.
        """
        ch = rest[0]
        nxt = ci + 1
        if ch == '"' or ch == "'":
            if rest[-1] == ch and len(rest) > 1 and rest.count(ch) == 2 and "\\" not in rest:
                value = rest[1:-1]
                end = start + len(rest)
            else:
                qm = (_DQ_LINE if ch == '"' else _SQ_LINE).match(rest)
                if qm is None:
                    value, end = _quoted_lines(self.src, start, ch == "'")
                    nxt = self.after(nxt, end)
                else:
                    inner = qm.group(1)
                    if ch == "'":
                        value = inner.replace("''", "'")
                    elif "\\" in inner:
                        value = _unescape(inner)
                    else:
                        value = inner
                    if not _AFTER_QUOTED.match(rest, qm.end()):
                        raise Unhandled("after quoted")
                    end = start + qm.end()
        elif ch == "[":
            value, end = self.flow_sequence(rest, 0, self.base + start, path)
            end -= self.base
        elif ch in _PLAIN_NO_START or (ch == "-" and (len(rest) == 1 or rest[1] == " ")):
            raise Unhandled("indicator")
        else:
            text = rest
            cut = -1
            if "#" in text:
                cut = text.find(" #")
                if cut >= 0:
                    text = text[:cut]
            if text[-1] == " ":
                text = text.rstrip(" ")
            if ":" in text and (": " in text or text[-1] == ":"):
                raise Unhandled("mapping value in a scalar")
            end = start + len(text)
            if nxt < self.n and self.ind[nxt] > indent:
                if cut >= 0:
                    raise Unhandled("comment inside a plain scalar")
                text, end = self.plain_lines(text, end, ci, indent)
                nxt = self.after(nxt, end)
            value = self.resolve(text) if text[0] in self.first else text
        if nxt < self.n and self.ind[nxt] > indent:
            raise Unhandled("indentation after a scalar")
        base = self.base
        return value, nxt, base + start, base + end

    def plain_lines(self, text: str, end: int, ci: int, indent: int):
        """Fold a plain scalar over the lines after row ``ci``: (value, offset past its end)."""
        r = self.rowline[ci]
        pos = self.bpos[ci] - self.ind[ci]  # start of row ci's line
        pos += len(self.lines[r]) + (2 if self.src.startswith("\r\n", pos + len(self.lines[r])) else 1)
        value, end, _line, _pos = _fold_plain(self.src, self.lines, r + 1, pos, indent, text, end)
        return value, end

    def flow_sequence(self, line: str, q: int, lstart: int, path: tuple):
        """A flow sequence of scalars closed on its own line: ``[a, 'b', 3]``. Returns (list, end)."""
        out: list = []
        value_spans = self.value_spans
        j = q + 1
        size = len(line)
        while j < size and line[j] == " ":
            j += 1
        if line.startswith("]", j):
            j += 1
        else:
            while True:
                if j >= size:
                    raise Unhandled("flow sequence over several lines")
                ch = line[j]
                if ch == '"' or ch == "'":
                    m = (_DQ_LINE if ch == '"' else _SQ_LINE).match(line, j)
                    if m is None:
                        raise Unhandled("flow item")
                    inner = m.group(1)
                    if ch == "'":
                        value = inner.replace("''", "'")
                    else:
                        value = _unescape(inner) if "\\" in inner else inner
                    stop = m.end()
                else:
                    m = _FLOW_PLAIN.match(line, j)
                    if m is None:
                        raise Unhandled("flow item")
                    text = m.group().rstrip(" ")
                    stop = j + len(text)
                    value = self.resolve(text)
                sub = path + (len(out),)
                if sub not in value_spans:
                    value_spans[sub] = (lstart + j, lstart + stop)
                out.append(value)
                j = stop
                while j < size and line[j] == " ":
                    j += 1
                if line.startswith("]", j):
                    j += 1
                    break
                if not line.startswith(",", j):
                    raise Unhandled("flow item")
                j += 1
                while j < size and line[j] == " ":
                    j += 1
                if line.startswith("]", j):
                    raise Unhandled("trailing comma")
        if not _AFTER_FLOW.match(line, j):
            raise Unhandled("after flow sequence")
        return out, lstart + j


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


def _flat(src: str, base: int, resolve: Resolver):
    """The commonest front matter, in one tight loop: top-level keys whose values are
    plain or quoted scalars (also folded over several lines), nothing, or block
    sequences of one-line scalars. Returns (data, key_spans, value_spans), or None for
    anything else (also for duplicate keys), which the general parser then reads.
    """
    first = resolve.first
    cached = resolve.cache.get
    keys = resolve.keys
    known = keys.get
    value_special = _VALUE_SPECIAL
    key_special = _KEY_SPECIAL
    odd = _ODD.search
    result: dict = {}
    key_spans: dict = {}
    value_spans: dict = {}
    pos = base
    open_key = None  # a key with no value on its line: its sequence, or null
    colon_at = 0
    seq = None
    seq_ind = seq_start = 0
    plain = None  # the last value, if a plain scalar: (key, text, start, next line, its offset)
    lines = src.split("\n")
    count = len(lines)
    printable = src.replace("\n", " ").isprintable()  # else each line is looked at
    _len = len
    j = 0
    while j < count:
        line = lines[j]
        j += 1
        start = pos
        pos += _len(line) + 1
        if not line:
            continue
        if not printable and not line.isprintable() and (line[-1] == "\r" or odd(line)):
            return None  # CRLF, tabs, control characters: the general parser looks closer
        c0 = line[0]
        if c0 == "#":
            continue
        if c0 == " " or c0 == "-":
            text = line.lstrip(" ") if c0 == " " else line
            if not text or text[0] == "#":
                continue
            if open_key is None:
                if plain is None or c0 != " ":
                    return None
                # the plain scalar goes on over the following lines
                key, text, at, j, pos = plain
                plain = None
                try:
                    text, end, j, pos = _fold_plain(src, lines, j, pos - base, 0, text, at - base + len(text))
                except Unhandled:
                    return None
                pos += base
                result[key] = resolve(text) if text[0] in first else text
                value_spans[(key,)] = (at, base + end)
                continue
            if text[0] != "-" or text[1:2] != " ":
                return None
            ind = _len(line) - _len(text)
            if seq is None:
                seq = []
                seq_ind = ind
                seq_start = start + ind
                result[open_key[0]] = seq
            elif ind != seq_ind:
                return None
            item = text[2:]
            if item[:1] == " ":
                item = item.lstrip(" ")
            if not item:
                return None
            c = item[0]
            last = item[-1]
            at = pos - 1 - _len(item)
            if c == '"' or c == "'":
                if last != c or at + 2 > pos - 1 or item.count(c) != 2 or "\\" in item:
                    return None
                value = item[1:-1]
            elif c in value_special or last == " " or ":" in item or "#" in item:
                return None
            else:
                value = item if c not in first else cached(item, _MISS)
                if value is _MISS:
                    value = resolve(item)
            value_spans[open_key + (_len(seq),)] = (at, pos - 1)
            seq.append(value)
            continue
        # a top-level key
        plain = None
        if seq is not None:
            value_spans[open_key] = (seq_start, start)
            seq = open_key = None
        elif open_key is not None:
            value_spans[open_key] = (colon_at, colon_at)
            open_key = None
        raw, sep, rest = line.partition(": ")
        if not sep:
            if line[-1] != ":":
                return None
            raw = line[:-1]
        key = known(raw, _MISS)  # keys repeat from page to page: checked and resolved once
        if key is _MISS:
            if c0 in key_special or raw[-1] == " " or "#" in raw or _len(raw) > _MAX_KEY:
                return None
            if c0 == "." and raw.startswith("..."):
                return None
            key = resolve(raw) if c0 in first else raw
            if _len(keys) >= _CACHE_LIMIT:
                keys.clear()
            keys[raw] = key
        klen = _len(raw)
        if key in result:
            return None  # duplicates: the general parser records them
        sub = (key,)
        key_spans[sub] = (start, start + klen)
        at = start + klen + 2
        if rest and rest[0] == " ":
            rest = rest.lstrip(" ")
            at = pos - 1 - _len(rest)
        if not rest or rest[0] == "#":
            value_spans[sub] = None  # libyaml's order: the sequence's span before its items'
            result[key] = None
            open_key = sub
            colon_at = start + klen + 1
            continue
        c = rest[0]
        last = rest[-1]
        if c == '"' or c == "'":
            if last == c and at + 2 <= pos - 1 and rest.count(c) == 2 and "\\" not in rest:
                value = rest[1:-1]
            elif rest.count(c) == 1 and "\\" not in rest:  # a quoted scalar over several lines
                try:
                    value, end = _quoted_lines(src, at - base, c == "'")
                except Unhandled:
                    return None
                stop = src.find("\n", end)
                stop = len(src) if stop < 0 else stop
                seg = src[pos - base : stop]  # the other lines it spans: not looked at yet
                if "\r" in seg or (not seg.replace("\n", " ").isprintable() and odd(seg.replace("\n", " "))):
                    return None
                j += seg.count("\n") + 1
                pos = base + stop + 1
                value_spans[sub] = (at, base + end)
                result[key] = value
                continue
            else:
                return None
        elif c in value_special or last == " " or last == ":" or "#" in rest or ": " in rest:
            return None
        else:
            value = rest if c not in first else cached(rest, _MISS)
            if value is _MISS:
                value = resolve(rest)
            plain = (key, rest, at, j, pos)
        value_spans[sub] = (at, pos - 1)
        result[key] = value
    if seq is not None:
        value_spans[open_key] = (seq_start, base + len(src))
    elif open_key is not None:
        value_spans[open_key] = (colon_at, colon_at)
    return result, key_spans, value_spans


def parse(src: str, base: int, resolve: Resolver):
    """Parse front-matter text (``src``, found at offset ``base`` of the file).

    Returns (data, key_spans, value_spans, duplicates) with duplicates as
    (path, key, first span, repeat span) tuples, or raises :class:`Unhandled`.
    """
    got = _flat(src, base, resolve)
    if got is not None:
        return got[0], got[1], got[2], []
    doc = _Doc(src, base, resolve)
    data = doc.document()
    return data, doc.key_spans, doc.value_spans, doc.duplicates
