from __future__ import annotations

import datetime as _dt

from cxlint.diagnostics import Severity
from cxlint.godates import fast_layout, matches_any, readable
from cxlint.rule import Rule
from cxlint.schema_check import page_items, page_schema


#: front-matter keys Hugo itself parses as dates (its default ``frontmatter`` date config)
HUGO_DATE_KEYS = frozenset({
    "date", "publishdate", "pubdate", "published", "lastmod", "modified", "expirydate", "unpublishdate",
})


class DateFormat(Rule):
    """Report a date Hugo cannot read, or one not written in the site's format.

    Why: ``date: 2019-05-07 10:00`` (no seconds), ``2019-5-7``, ``May 7, 2019``
    or a zone name such as ``EST`` in one of Hugo's own date fields (``date``,
    ``lastmod``, ``publishDate``, ``expiryDate`` and their aliases) fail the
    whole build with ``the "date" front matter field is not a parsable date``
    (Hugo 0.147). In a site's own date fields (an event's ``end_date``) Hugo
    says nothing and the template that formats the date gets nothing or
    fails. An unquoted number (``date: 20190507``) is read as Unix seconds:
    August 1970.

    The fields checked are the pack's ``date-fields`` and every field of type
    ``date``. What Hugo accepts is the list of Go layouts Hugo tries (checked
    against real Hugo 0.147.8). The site's own format is the field's
    ``format`` or the pack's ``date-formats``, as Go layouts
    (``2006-01-02 15:04:05 -0700``); ``hugo`` there means any date Hugo
    reads. A date Hugo reads but that is not in the site's format is a
    warning: it often means a missing time zone, which Hugo reads as UTC.

    Bad::

        date: 2019-05-07 10:00
        expirydate: May 7, 2020

    Good::

        date: 2019-05-07 10:00:00 -0500
        expirydate: 2020-05-07

    Fix: none (the intended time zone is unknown).
    """

    code = "FM004"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "date-format"
    summary = "a date Hugo cannot parse, or not in the site's date format"
    tags = ("front-matter", "schema", "dates")
    scope = "file"  # depends on this file and the rule pack only

    def check(self, doc, ctx):
        schema = page_schema(doc, ctx)
        if schema is None:
            return
        front = doc.front
        site_formats = ctx.pack.date_formats
        for key, value, spec in page_items(doc, schema):
            if spec.get("type") != "date" or value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (str, int, _dt.date)):
                continue  # not a date at all: FM003 reports the type
            if isinstance(value, str):
                layouts = spec.get("format") or site_formats
                fast = fast_layout(value)  # (nearly every value: read once, by a fixed-width layout)
                if fast is not None and ("hugo" in layouts or fast in layouts):
                    continue  # a date as the site writes them: no span needed
                hugo_reads = fast is not None or readable(value)
                if hugo_reads and ("hugo" in layouts or matches_any(value, layouts)):
                    continue
            elif not isinstance(value, int):
                continue  # a TOML date/datetime: always valid
            span = front.value_span(key) or front.span(key)
            if isinstance(value, int):
                when = _dt.datetime.fromtimestamp(value, _dt.timezone.utc) if abs(value) < 2**40 else None
                read = f" as Unix seconds ({when:%Y-%m-%d %H:%M:%S} UTC)" if when else ""
                yield self.diagnostic(doc, *span, f"'{key}' is a number: Hugo reads it{read}; write a date")
                continue
            if not hugo_reads:
                effect = (
                    "the build fails ('not a parsable date')"
                    if key.lower() in HUGO_DATE_KEYS
                    else "templates formatting it get no date"
                )
                yield self.diagnostic(doc, *span, f"'{key}' value '{value}' is not a date Hugo can read: {effect}")
                continue
            if "hugo" not in layouts and not matches_any(value, layouts):
                yield self.diagnostic(
                    doc, *span,
                    f"'{key}' value '{value}' is not in the site's date format ({' or '.join(layouts)})",
                    severity=Severity.WARNING,
                )
