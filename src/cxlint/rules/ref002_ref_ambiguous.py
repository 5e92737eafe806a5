from __future__ import annotations

from cxlint.refs import resolved_uses
from cxlint.refs.resolve import AMBIGUOUS
from cxlint.rule import Rule


class RefAmbiguous(Rule):
    """Report a bare ref target that names more than one page.

    Why: for a target without any ``/`` Hugo falls back to a lookup by file
    name (or bundle folder name) across the whole site. When two pages share
    that name Hugo reports ``page reference "x" is ambiguous`` and the link is
    broken -- unless one of them sits in the referring page's own folder,
    which then wins silently (and is not reported here, as Hugo finds it).
    Section and taxonomy-term folders count as names too
    (``topics/search/_index.md`` is named ``search``).

    Bad::

        {{< ref "search.md" >}}      (news/x/search.md and topics/search/_index.md)

    Good::

        {{< ref "/news/x/search.md" >}}

    Fix: none (the message lists the candidates; pick one and write its path).
    """

    code = "REF002"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "ref-ambiguous"
    summary = "a ref target that matches more than one page"
    tags = ("refs", "links")

    def check(self, doc, ctx):
        if getattr(doc, "error", None) is not None and not doc.text:
            return
        for r in resolved_uses(doc, ctx.site, ctx.pack):
            if r.resolution is not None and r.resolution.status == AMBIGUOUS:
                cands = r.resolution.candidates
                shown = ", ".join(f"'/{c}'" for c in cands[:5]) + (f" and {len(cands) - 5} more" if len(cands) > 5 else "")
                yield self.diagnostic(
                    doc,
                    r.use.start,
                    r.use.end,
                    f'ref "{r.url.path}" is ambiguous: {len(cands)} pages have this name ({shown})',
                )
