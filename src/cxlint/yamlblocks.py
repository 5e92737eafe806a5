"""The general parser of :mod:`cxlint.simpleyaml`: nested block mappings and sequences.

Reads what the flat loop leaves (nested mappings, sequences of mappings, lists at
their key's indentation, one-line flow sequences, duplicate keys) and records spans
and duplicates exactly as the libyaml path does; anything else raises
:class:`~cxlint.yamlscalars.Unhandled`.
"""

from __future__ import annotations

from itertools import accumulate

from cxlint.yamlscalars import (  # the scanner tables and scalar helpers it shares with the flat loop
    Resolver,
    Unhandled,
    _AFTER_FLOW,
    _AFTER_QUOTED,
    _DQ_LINE,
    _FLOW_PLAIN,
    _KEY_NO_START,
    _KEY_SPECIAL,
    _MAX_KEY,
    _ODD,
    _PLAIN_NO_START,
    _QUOTED_KEY,
    _SQ_LINE,
    _VALUE_SPECIAL,
    _fold_plain,
    _is_key,
    _quoted_lines,
    _unescape,
)


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
