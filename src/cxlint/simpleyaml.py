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

from cxlint.yamlblocks import _Doc  # the general parser
from cxlint.yamlscalars import (  # noqa: F401 - Resolver and Unhandled are the API
    Resolver,
    Unhandled,
    _CACHE_LIMIT,
    _KEY_SPECIAL,
    _MAX_KEY,
    _MISS,
    _ODD,
    _VALUE_SPECIAL,
    _fold_plain,
    _quoted_lines,
    printable_lines,
)

#: how many lines each of the resolver's line caches holds before it starts afresh
_LINE_CACHE_LIMIT = 16384


# Where a line's record says its value is (see _key_line): on the line, after nothing
# (the key opens a sequence, or is null), or in quotes going on over the next lines.
_ON_LINE, _OPEN, _QUOTED_ON = 0, 1, 2


def _key_line(line: str, resolve: Resolver):
    """What a top-level key line says on its own, wherever it stands: (how, sub, key length,
    value offset, value end offset, value, plain text), offsets from the line's start, or
    None when the one-loop reader leaves it (and its document) to the general parser.

    ``how`` is :data:`_ON_LINE` (the value ends at the end offset; ``plain text`` is set
    when it is a plain scalar, which the next lines may go on), :data:`_OPEN` (no value:
    the value offset is just past the colon) or :data:`_QUOTED_ON` (a quoted scalar
    that goes on over the next lines, from the value offset). May raise Unhandled.
    """
    raw, sep, rest = line.partition(": ")
    if not sep:
        if line[-1] != ":":
            return None
        raw = line[:-1]
    colon = len(raw)  # the colon's column
    keys = resolve.keys
    key = keys.get(raw, _MISS)  # keys repeat from page to page: checked and resolved once
    if key is _MISS:
        c0 = line[0]
        if c0 in _KEY_SPECIAL or colon > _MAX_KEY:
            return None
        # "key   : value" (data files line their values up): the key is the text before the blanks
        name = raw.rstrip(" ") if raw[-1] == " " else raw
        if "#" in name or (c0 == "." and name.startswith("...")):
            return None
        key = resolve(name) if c0 in resolve.first else name
        if len(keys) >= _CACHE_LIMIT:
            keys.clear()
        keys[raw] = key
    klen = colon if raw[-1] != " " else len(raw.rstrip(" "))
    sub = (key,)
    at = colon + 2
    if rest and rest[0] == " ":
        rest = rest.lstrip(" ")
        at = len(line) - len(rest)
    if not rest or rest[0] == "#":
        return _OPEN, sub, klen, colon + 1, 0, None, None
    c = rest[0]
    last = rest[-1]
    if c == '"' or c == "'":
        if last == " ":  # blanks after a one-line quoted scalar: the value ends at its quote
            rest = rest.rstrip(" ")
            if rest[-1] != c or len(rest) < 2 or rest.count(c) != 2 or "\\" in rest:
                return None  # (or it goes on over the next line, blanks and all)
            return _ON_LINE, sub, klen, at, at + len(rest), rest[1:-1], None
        if last == c and len(rest) >= 2 and rest.count(c) == 2 and "\\" not in rest:
            return _ON_LINE, sub, klen, at, len(line), rest[1:-1], None
        if rest.count(c) == 1 and "\\" not in rest:
            return _QUOTED_ON, sub, klen, at, 0, c == "'", None
        return None
    if c in _VALUE_SPECIAL or last == " " or last == ":" or "#" in rest or ": " in rest:
        return None
    return _ON_LINE, sub, klen, at, len(line), resolve(rest) if c in resolve.first else rest, rest


def _item_line(text: str, ind: int, resolve: Resolver):
    """What a sequence item line (``text``: the line from its ``-``, indented ``ind``) says on
    its own: (indent, value offset from the line's start, value), or None (as :func:`_key_line`)."""
    if text[0] != "-" or text[1:2] != " ":
        return None
    item = text[2:]
    if item[:1] == " ":
        item = item.lstrip(" ")
    if not item:
        return None
    c = item[0]
    last = item[-1]
    if c == '"' or c == "'":
        if last != c or len(item) < 2 or item.count(c) != 2 or "\\" in item:
            return None
        value = item[1:-1]
    elif c in _VALUE_SPECIAL or last == " " or ":" in item or "#" in item:
        return None
    else:
        value = resolve(item) if c in resolve.first else item
    return ind, ind + len(text) - len(item), value


def _flat(src: str, base: int, resolve: Resolver):
    """The commonest front matter, in one tight loop: top-level keys whose values are
    plain or quoted scalars (also folded over several lines), nothing, or block
    sequences of one-line scalars. Returns (data, key_spans, value_spans), or None for
    anything else (also for duplicate keys), which the general parser then reads.

    Lines repeat from page to page (``authors:``, ``  - content-strategy``,
    ``weight: 1``): what a key or item line says on its own (:func:`_key_line`,
    :func:`_item_line`) is looked up by the line's text in the resolver's caches.
    """
    key_lines = resolve.key_lines
    key_line = key_lines.get
    item_lines = resolve.item_lines
    item_line = item_lines.get
    odd = _ODD.search
    result: dict = {}
    key_spans: dict = {}
    value_spans: dict = {}
    pos = base
    open_key = None  # a key with no value on its line: its sequence, or null
    colon_at = 0
    seq = None
    seq_ind = seq_start = 0
    plain = None  # the last value's text, if a plain scalar (the lines after it may go on with it)
    plain_key = plain_at = plain_j = plain_pos = None  # its key, start, next line and that line's offset
    lines = src.split("\n")
    count = len(lines)
    printable = printable_lines(src)  # else each line is looked at
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
            if open_key is not None:
                rec = item_line(line)
                if rec is None:
                    text = line.lstrip(" ") if c0 == " " else line
                    if not text or text[0] == "#":
                        continue
                    rec = _item_line(text, _len(line) - _len(text), resolve)
                    if rec is None:
                        return None
                    if _len(item_lines) >= _LINE_CACHE_LIMIT:
                        item_lines.clear()
                    item_lines[line] = rec
                ind, at, value = rec
                if seq is None:
                    seq = []
                    seq_ind = ind
                    seq_start = start + ind
                    result[open_key[0]] = seq
                elif ind != seq_ind:
                    return None
                value_spans[open_key + (_len(seq),)] = (start + at, pos - 1)
                seq.append(value)
                continue
            text = line.lstrip(" ") if c0 == " " else line
            if not text or text[0] == "#":
                continue
            if plain is None or c0 != " ":
                return None
            # the plain scalar goes on over the following lines
            key, text, at, j, pos = plain_key, plain, plain_at, plain_j, plain_pos
            plain = None
            try:
                text, end, j, pos = _fold_plain(src, lines, j, pos - base, 0, text, at - base + len(text))
            except Unhandled:
                return None
            pos += base
            result[key] = resolve(text) if text[0] in resolve.first else text
            value_spans[(key,)] = (at, base + end)
            continue
        # a top-level key
        plain = None
        if seq is not None:
            value_spans[open_key] = (seq_start, start)
            seq = open_key = None
        elif open_key is not None:
            value_spans[open_key] = (colon_at, colon_at)
            open_key = None
        rec = key_line(line)
        if rec is None:
            rec = _key_line(line, resolve)
            if rec is None:
                return None
            if _len(key_lines) >= _LINE_CACHE_LIMIT:
                key_lines.clear()
            key_lines[line] = rec
        how, sub, klen, at, end, value, text = rec
        key = sub[0]
        if key in result:
            return None  # duplicates: the general parser records them
        key_spans[sub] = (start, start + klen)
        at += start
        if how == _ON_LINE:
            value_spans[sub] = (at, start + end)
            result[key] = value
            if text is not None:  # (apart, not as a tuple: most plain values end on their line)
                plain = text
                plain_key = key
                plain_at = at
                plain_j = j
                plain_pos = pos
        elif how == _OPEN:
            value_spans[sub] = None  # libyaml's order: the sequence's span before its items'
            result[key] = None
            open_key = sub
            colon_at = at
        else:  # a quoted scalar over several lines
            try:
                value, end = _quoted_lines(src, at - base, value)
            except Unhandled:
                return None
            stop = src.find("\n", end)
            stop = len(src) if stop < 0 else stop
            seg = src[pos - base : stop]  # the other lines it spans: not looked at yet
            if "\r" in seg or (not printable_lines(seg) and odd(seg.replace("\n", " "))):
                return None
            j += seg.count("\n") + 1
            pos = base + stop + 1
            value_spans[sub] = (at, base + end)
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
