from __future__ import annotations

from cxlint.rule import Rule
from cxlint.schema_check import TYPE_WORDS, has_type, kind_of, page_items, page_schema


class FieldType(Rule):
    """Report a front-matter value of the wrong type for its field.

    Why: Hugo does not complain, it guesses. ``title: [Welcome]`` renders an
    empty title, ``title: yes`` renders "true", ``draft: "no"`` is read as
    a string and the page is *published*, and a template that ranges over
    ``topics: open-data`` (a string, not a list) fails or loops over letters.

    Types come from the rule pack: ``string``, ``list`` (``items:`` checks each
    element), ``string-or-list``, ``date``, ``bool``, ``integer``, ``number``,
    ``mapping``, ``any``. A field with no value is left to FM002. Numbers
    where text is expected are accepted (Hugo prints ``title: 2020`` as
    "2020") unless ``strict-strings`` is on. Dates are only checked for their
    shape here; FM004 checks that Hugo can read them.

    Bad::

        ---
        title: yes
        topics: open-data
        weight: "3"
        ---

    Good::

        ---
        title: "Yes"
        topics:
          - open-data
        weight: 3
        ---

    Options: ``strict-strings`` (default false): also report numbers where
    text is expected.

    Fix: none (turning a string into a list changes what templates see).
    """

    code = "FM003"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "field-type"
    summary = "a front-matter value of the wrong type (string where a list is required, ...)"
    tags = ("front-matter", "schema")
    scope = "file"  # depends on this file and the rule pack only
    options = {"strict-strings": False}

    def check(self, doc, ctx):
        schema = page_schema(doc, ctx)
        if schema is None:
            return
        front = doc.front
        numbers_are_text = not self.config["strict-strings"]
        for key, value, spec in page_items(doc, schema):
            ftype = spec.get("type", "any")
            if value is None or ftype == "any":
                continue
            cls = type(value)
            if cls is str and ftype in _TEXT_TYPES:
                continue  # what has_type says of text, and no items to check (most values)
            if not (cls is list and ftype in _LIST_TYPES) and not has_type(value, ftype, numbers_are_text=numbers_are_text):
                span = front.value_span(key) or front.span(key)
                yield self.diagnostic(
                    doc, *span, f"'{key}' should be {TYPE_WORDS.get(ftype, ftype)}, not {kind_of(value)}"
                )
                continue
            items = spec.get("items")
            if items and items != "any" and isinstance(value, list):
                if items in _TEXT_TYPES and all(type(item) is str for item in value):
                    continue  # a list of text where text is wanted (topics, authors): nothing to report
                for i, item in enumerate(value):
                    if item is not None and not has_type(item, items, numbers_are_text=numbers_are_text):
                        span = front.value_span(key, i) or front.span(key)
                        yield self.diagnostic(
                            doc, *span,
                            f"'{key}' item {i + 1} should be {TYPE_WORDS.get(items, items)}, not {kind_of(item)}",
                        )


#: types has_type accepts every ``str`` for, and every ``list`` for
_TEXT_TYPES = frozenset({"string", "string-or-list", "date"})
_LIST_TYPES = frozenset({"list", "string-or-list"})
