from __future__ import annotations

from cxlint.diagnostics import Severity
from cxlint.rule import Rule
from cxlint.schema_check import front_keys, page_schema


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
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
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
        accepted = self._accepted(schema, ctx.pack)
        front = doc.front
        keys = front_keys(front)
        if len(keys) == len(front.data) and keys.keys() <= accepted:
            return  # every key is a string the schema knows (most pages): no loop over them
        for key in front.data:
            name = key if type(key) is str else str(key)
            if name.lower() in accepted:
                continue
            scope = f" in section '{doc.section}'" if doc.section else ""
            yield self.diagnostic(doc, *front.span(key), f"unknown field '{name}'{scope}")

    def _accepted(self, schema, pack) -> frozenset[str]:
        """Lower-cased keys accepted on a page of this schema: its fields, ``allow``, the
        pack's legacy keys (FM006's). Built once per schema, not once per page."""
        memo = self.__dict__.setdefault("_accepted_memo", {})
        allow = self.config["allow"]
        got = memo.get(id(schema))
        if got is None or got[0] is not schema or got[1] is not pack or got[2] != allow:
            keys = frozenset(schema.by_lower) | {str(k).lower() for k in allow} | {k.lower() for k in pack.legacy_fields}
            got = memo[id(schema)] = (schema, pack, list(allow), keys)
        return got[3]
