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
)


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
        colon = _len(raw)  # the colon's column
        key = known(raw, _MISS)  # keys repeat from page to page: checked and resolved once
        if key is _MISS:
            if c0 in key_special or colon > _MAX_KEY:
                return None
            # "key   : value" (data files line their values up): the key is the text before the blanks
            name = raw.rstrip(" ") if raw[-1] == " " else raw
            if "#" in name or (c0 == "." and name.startswith("...")):
                return None
            key = resolve(name) if c0 in first else name
            if _len(keys) >= _CACHE_LIMIT:
                keys.clear()
            keys[raw] = key
        klen = colon if raw[-1] != " " else _len(raw.rstrip(" "))
        if key in result:
            return None  # duplicates: the general parser records them
        sub = (key,)
        key_spans[sub] = (start, start + klen)
        at = start + colon + 2
        if rest and rest[0] == " ":
            rest = rest.lstrip(" ")
            at = pos - 1 - _len(rest)
        if not rest or rest[0] == "#":
            value_spans[sub] = None  # libyaml's order: the sequence's span before its items'
            result[key] = None
            open_key = sub
            colon_at = start + colon + 1
            continue
        c = rest[0]
        last = rest[-1]
        if c == '"' or c == "'":
            if last == " ":  # blanks after a one-line quoted scalar: the value ends at its quote
                rest = rest.rstrip(" ")
                if rest[-1] != c or _len(rest) < 2 or rest.count(c) != 2 or "\\" in rest:
                    return None  # (or it goes on over the next line, blanks and all)
                value_spans[sub] = (at, at + _len(rest))
                result[key] = rest[1:-1]
                continue
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
