"""What the FM rules share: a page's schema, Hugo's case-insensitive keys, value kinds.

Hugo reads front-matter keys case-insensitively (``Title`` is ``title``), so
a schema field is found under any spelling of its name. Values are described
the way a user would say them ("a list", "true/false") in messages.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from cxlint.packs import EffectiveSchema


def page_schema(doc, ctx) -> EffectiveSchema | None:
    """The merged schema of a parsed page, or None (no front matter parsed: FM001/IO001 report it)."""
    if getattr(doc, "front", None) is None or getattr(doc, "error", None) is not None:
        return None
    return schema_of(doc, ctx.pack)


_SCHEMA_ATTR = "_cxlint_schema"
_ITEMS_ATTR = "_cxlint_schema_items"


def schema_of(doc, pack) -> EffectiveSchema:
    """``pack.schema_for`` the page, looked up once per page (five FM rules ask)."""
    got = doc.__dict__.get(_SCHEMA_ATTR)
    if got is None or got[0] is not pack:
        got = (pack, pack.schema_for(doc.content_path, doc.kind))
        doc.__dict__[_SCHEMA_ATTR] = got
    return got[1]


def present_keys(data: dict, name: str) -> list[str]:
    """The keys of ``data`` that Hugo reads as field ``name`` (any letter case)."""
    low = name.lower()  # one field: no index of every key
    return [k for k in data if isinstance(k, str) and k.lower() == low]


def keys_by_lower(data: dict) -> dict[str, list[str]]:
    """lower-cased key -> the keys as written (a rule asking about many fields builds it once)."""
    try:  # nearly always every key is a lower-case string: one join and lower() tell
        joined = "\0".join(data)
    except TypeError:  # a key that is no string
        joined = None
    if joined is not None and joined == joined.lower():
        return {k: [k] for k in data}
    index: dict[str, list[str]] = {}
    for k in data:
        if isinstance(k, str):
            index.setdefault(k.lower(), []).append(k)
    return index


def front_keys(front) -> dict[str, list[str]]:
    """:func:`keys_by_lower` of a parsed front matter, built once per page: six rules
    (FM002, FM005, FM006, FM007, the TAX rules' entries) ask about its keys."""
    got = front.__dict__.get(_KEYS_ATTR)
    if got is None or got[0] is not front.data:
        got = front.__dict__[_KEYS_ATTR] = (front.data, keys_by_lower(front.data))
    return got[1]


_KEYS_ATTR = "_cxlint_keys_by_lower"


def schema_items(data: dict, schema: EffectiveSchema) -> list[tuple[str, Any, dict]]:
    """(key as written, value, field spec) for every top-level key the schema describes."""
    spec = schema.spec
    return [(key, value, got) for key, value in data.items() if isinstance(key, str) and (got := spec(key)) is not None]


def page_items(doc, schema: EffectiveSchema) -> list[tuple[str, Any, dict]]:
    """:func:`schema_items` of a page's front matter, computed once per page."""
    got = doc.__dict__.get(_ITEMS_ATTR)
    if got is None or got[0] is not schema:
        got = (schema, schema_items(doc.front.data, schema))
        doc.__dict__[_ITEMS_ATTR] = got
    return got[1]


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict)):
        return not value
    return False


def kind_of(value: Any) -> str:
    """A value's kind in words, for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return type(value).__name__


TYPE_WORDS = {
    "string": "text",
    "list": "a list",
    "date": "a date",
    "bool": "true/false",
    "integer": "an integer",
    "number": "a number",
    "mapping": "a mapping",
    "string-or-list": "text or a list",
}


def has_type(value: Any, ftype: str, *, numbers_are_text: bool = True) -> bool:
    """Whether ``value`` is of the schema type (``None`` is never judged here)."""
    if ftype in ("any", None):
        return True
    if ftype == "string":
        if isinstance(value, str):
            return True
        # Hugo casts a number to its text ("title: 2020" shows "2020"); a bool shows "true"
        return numbers_are_text and isinstance(value, (int, float)) and not isinstance(value, bool)
    if ftype == "list":
        return isinstance(value, list)
    if ftype == "string-or-list":
        return isinstance(value, (str, list))
    if ftype == "date":
        return isinstance(value, (str, int, _dt.date, _dt.datetime)) and not isinstance(value, bool)
    if ftype == "bool":
        return isinstance(value, bool)
    if ftype == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if ftype == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if ftype == "mapping":
        return isinstance(value, dict)
    return True
