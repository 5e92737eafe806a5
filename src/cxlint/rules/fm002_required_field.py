from __future__ import annotations

from cxlint.rule import Rule
from cxlint.schema_check import front_keys, is_empty, schema_of


class RequiredField(Rule):
    """Report a field the page's section requires that is missing or empty.

    Why: templates print these fields (a post's title, summary and date; an
    author's name) and Hugo renders an empty heading, a blank card or a
    0001-01-01 date without any warning when they are absent.

    Which fields a section requires is data: the rule pack's ``sections``
    (``required: [...]`` or ``required: true`` on a field). A field is empty
    when it has no value, an empty string, or an empty list or mapping,
    unless the field says ``allow-empty: true``. Keys match in any letter
    case, as Hugo reads them.

    Bad (in a section requiring ``title`` and ``summary``)::

        ---
        title: Customer service week
        summary:
        ---

    Good::

        ---
        title: Customer service week
        summary: What we learned in a week of listening.
        ---

    A missing field is reported at the opening ``---``; an empty one at its key.

    Fix: none (only the author knows the value).
    """

    code = "FM002"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "required-field"
    summary = "a field the section's schema requires is missing or empty"
    tags = ("front-matter", "schema")
    scope = "file"  # depends on this file and the rule pack only

    def check(self, doc, ctx):
        if getattr(doc, "error", None) is not None:
            return
        schema = schema_of(doc, ctx.pack)
        if not schema.required:
            return
        front = doc.front
        data = front.data if front else {}
        by_lower = front_keys(front) if front else {}  # one pass over the keys, shared with other rules
        for name in schema.required:
            keys = by_lower.get(name.lower(), [])
            if not keys:
                start, end = _opening(doc)
                yield self.diagnostic(doc, start, end, f"required field '{name}' is missing{_where(doc)}")
                continue
            spec = schema.fields.get(name, {})
            if spec.get("allow-empty"):
                continue
            for key in keys:
                if is_empty(data[key]):
                    yield self.diagnostic(doc, *front.span(key), f"required field '{name}' is empty{_where(doc)}")


def _where(doc) -> str:
    """The message's section note (worked out only for a page that is reported)."""
    section = doc.section
    return f" (required in section '{section}')" if section else ""


def _opening(doc) -> tuple[int, int]:
    """The opening delimiter (``---``, ``+++``, ``{``), or the start of a file with no front matter."""
    front = doc.front
    if front is None:
        return 0, 0
    end = front.start
    while end < front.content_start and doc.text[end] not in "\r\n":
        end += 1
    return front.start, end
