from __future__ import annotations

from cxlint.diagnostics import Severity
from cxlint.rule import Rule
from cxlint.schema_check import page_schema


class UnknownField(Rule):
    """Report a front-matter key the schema does not know (off by default).

    Why: a typo (``sumary``, ``expirydat``) is not an error to Hugo: the
    value is kept as an unused param and the page silently lacks it. A key
    from an old theme or CMS is dead weight that readers of the file trust.

    Known keys are the fields Hugo itself reads, the pack's ``known-fields``
    and the fields of every section the page is in, in any letter case.
    Legacy keys (``permalink``, ``categories``...) are FM006's to report.

    Bad::

        ---
        title: Customer service week
        sumary: What we learned.
        ---

    Good::

        ---
        title: Customer service week
        summary: What we learned.
        ---

    Options: ``allow`` (default []): more keys to accept everywhere.

    Fix: none.
    """

    code = "FM005"
    name = "unknown-field"
    summary = "a front-matter key the schema does not know"
    tags = ("front-matter", "schema")
    scope = "file"  # depends on this file and the rule pack only
    default_enabled = False
    severity = Severity.WARNING
    options = {"allow": []}

    def check(self, doc, ctx):
        schema = page_schema(doc, ctx)
        if schema is None:
            return
        allow = {str(k).lower() for k in self.config["allow"]}
        legacy = {k.lower() for k in ctx.pack.legacy_fields}
        front = doc.front
        for key in front.data:
            name = str(key)
            low = name.lower()
            if schema.known(name) or low in allow or low in legacy:
                continue
            scope = f" in section '{doc.section}'" if doc.section else ""
            yield self.diagnostic(doc, *front.span(key), f"unknown field '{name}'{scope}")
