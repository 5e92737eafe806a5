"""A small JSON reader that remembers where every key and value is.

The standard library keeps the last of two equal keys and forgets positions;
DUP001 needs both occurrences, and front-matter rules need key spans.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class JsonPosError(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass
class Duplicate:
    path: tuple  # path of the mapping holding the key
    key: str
    first: tuple[int, int]  # offsets of the first key
    repeat: tuple[int, int]  # offsets of the repeated key


@dataclass
class Located:
    value: object = None
    key_spans: dict = field(default_factory=dict)
    value_spans: dict = field(default_factory=dict)
    duplicates: list = field(default_factory=list)
    end: int = 0


def parse(text: str, start: int = 0, *, allow_trailing: bool = False) -> Located:
    """Parse one JSON value starting at ``start``; offsets are into ``text``."""
    out = Located()
    pos = _WS.match(text, start).end()
    out.value, pos = _value(text, pos, (), out)
    out.end = pos
    if not allow_trailing:
        pos = _WS.match(text, pos).end()
        if pos != len(text):
            raise JsonPosError("extra data after the JSON value", pos)
    return out


def _value(text: str, pos: int, path: tuple, out: Located):
    if pos >= len(text):
        raise JsonPosError("unexpected end of JSON", pos)
    ch = text[pos]
    start = pos
    if ch == "{":
        value, pos = _object(text, pos + 1, path, out)
    elif ch == "[":
        value, pos = _array(text, pos + 1, path, out)
    elif ch == '"':
        value, pos = _string(text, pos)
    else:
        m = _NUMBER.match(text, pos)
        if m:
            value = json.loads(m.group())
            pos = m.end()
        else:
            for word, lit in _LITERALS.items():
                if text.startswith(word, pos):
                    value, pos = lit, pos + len(word)
                    break
            else:
                raise JsonPosError(f"unexpected character {ch!r}", pos)
    out.value_spans[path] = (start, pos)
    return value, pos


def _string(text: str, pos: int):
    try:
        return scanstring(text, pos + 1, True)
    except json.JSONDecodeError as exc:
        raise JsonPosError(exc.msg, exc.pos) from None


def _object(text: str, pos: int, path: tuple, out: Located):
    result: dict = {}
    seen: dict[str, tuple[int, int]] = {}
    pos = _WS.match(text, pos).end()
    if text.startswith("}", pos):
        return result, pos + 1
    while True:
        if not text.startswith('"', pos):
            raise JsonPosError("expected a property name in double quotes", pos)
        kstart = pos
        key, pos = _string(text, pos)
        span = (kstart, pos)
        if key in seen:
            out.duplicates.append(Duplicate(path, key, seen[key], span))
        else:
            seen[key] = span
        out.key_spans.setdefault(path + (key,), span)
        pos = _WS.match(text, pos).end()
        if not text.startswith(":", pos):
            raise JsonPosError("expected ':' after a property name", pos)
        pos = _WS.match(text, pos + 1).end()
        result[key], pos = _value(text, pos, path + (key,), out)
        pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
            continue
        if text.startswith("}", pos):
            return result, pos + 1
        raise JsonPosError("expected ',' or '}' in an object", pos)


def _array(text: str, pos: int, path: tuple, out: Located):
    result: list = []
    pos = _WS.match(text, pos).end()
    if text.startswith("]", pos):
        return result, pos + 1
    while True:
        value, pos = _value(text, pos, path + (len(result),), out)
        result.append(value)
        pos = _WS.match(text, pos).end()
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()
            continue
        if text.startswith("]", pos):
            return result, pos + 1
        raise JsonPosError("expected ',' or ']' in an array", pos)
