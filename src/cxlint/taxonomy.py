"""The taxonomy entries of one page (topics, authors) with their exact positions.

Hugo reads a taxonomy field as a list of term names or as one name; keys are
case-insensitive. Rules get one :class:`TermEntry` per name, pointing at the
list item (or the scalar), and the edit that drops an item.
"""

from __future__ import annotations

from typing import Any

from cxlint.values import Value, _set
from cxlint.diagnostics import Edit
from cxlint.fmedit import remove_list_item
from cxlint.schema_check import front_keys


class TermEntry(Value):
    __slots__ = ("index", "value", "span", "path")
    index: int | None  # list index; None when the field is a single name
    value: Any  # as parsed (a string, or None for an empty item, or a number...)
    span: tuple[int, int]  # file offsets of the item / scalar
    path: tuple  # front-matter path of the item

    def __init__(self, index: int | None, value: Any, span: tuple[int, int], path: tuple):
        _set(self, "index", index)
        _set(self, "value", value)
        _set(self, "span", span)
        _set(self, "path", path)

    def _key(self) -> tuple:
        return (self.index, self.value, self.span, self.path)

    @property
    def name(self) -> str:
        return "" if self.value is None else str(self.value)


def field_key(data: dict, field: str) -> str | None:
    """The key spelling used for ``field`` (Hugo front-matter keys ignore case)."""
    if field in data:
        return field
    low = field.lower()
    return next((k for k in data if isinstance(k, str) and k.lower() == low), None)


def term_entries(page, field: str) -> list[TermEntry]:
    """Entries of taxonomy ``field`` on ``page`` (empty when absent or not YAML-positioned).

    Computed once per page and field (four TAX rules ask for the same list).
    """
    front = page.front
    if front is None:
        return []
    memo = front.__dict__.setdefault("_term_entries", {})
    got = memo.get(field)
    if got is None:
        got = memo[field] = _term_entries(front, field)
    return got


def _term_entries(front, field: str) -> list[TermEntry]:
    # field_key(front.data, field), from the page's shared key index
    key = field if field in front.data else (front_keys(front).get(field.lower()) or (None,))[0]
    if key is None:
        return []
    value = front.data[key]
    if isinstance(value, list):
        out = []
        for i, item in enumerate(value):
            span = front.value_spans.get((key, i))
            if span is not None and not isinstance(item, (list, dict)):
                out.append(TermEntry(i, item, span, (key, i)))
        return out
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        span = front.value_spans.get((key,))
        return [TermEntry(None, value, span, (key,))] if span else []
    return []


def drop_entry(page, entries: list[TermEntry], entry: TermEntry) -> Edit | None:
    """The edit removing ``entry`` from its list (None for a single-name field)."""
    if entry.index is None or page.front is None or page.front.format != "yaml":
        return None
    pos = entries.index(entry)
    prev_span = entries[pos - 1].span if pos > 0 and entries[pos - 1].index == entry.index - 1 else None
    nxt = entries[pos + 1] if pos + 1 < len(entries) else None
    next_span = nxt.span if nxt is not None and nxt.index == entry.index + 1 else None
    return remove_list_item(page.text, entry.span, prev_span, next_span)
