from __future__ import annotations

from cxlint.refs import resolved_uses, site_refs
from cxlint.refs.publish import unpublished_reason
from cxlint.rule import Rule


class RefUnpublished(Rule):
    """Report a ref from a published page to a page Hugo will not publish at the build date.

    Why: a production build leaves out drafts, pages past their
    ``expiryDate`` and pages with a future ``publishDate`` (or ``date``). A ref
    to such a page resolves in a preview build that includes them, but in
    production Hugo cannot find it and silently writes
    ``refLinksNotFoundURL`` (or an empty link) instead.

    The build date is ``--build-date`` (``build-date`` in the config),
    default today. The site config's ``buildDrafts``/``buildExpired``/
    ``buildFuture`` switch the matching check off. Refs from pages that are
    themselves unpublished are not reported.

    Bad::

        {{< ref "2019-event.md" >}}    (its front matter has expirydate: 2020-01-01)

    Good: link to a live page, or move the expiry date.

    Fix: none.
    """

    code = "REF004"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "ref-unpublished"
    summary = "a ref target that exists but is draft, expired or future at the build date"
    tags = ("refs", "links", "dates")

    def check(self, doc, ctx):
        if getattr(doc, "error", None) is not None and not doc.text:
            return
        uses = resolved_uses(doc, ctx.site, ctx.pack)
        if not uses:
            return
        refs = site_refs(ctx.site)
        if unpublished_reason(doc.data, ctx.build_date, refs.build_flags) is not None:
            return
        for r in uses:
            res = r.resolution
            if res is None or not res.found or not res.node.content_path:
                continue
            why = refs.unpublished(res.node.content_path, ctx.build_date)
            if why is not None:
                yield self.diagnostic(
                    doc,
                    r.use.start,
                    r.use.end,
                    f"ref target '/{res.node.content_path}' is {why} (build date {ctx.build_date.isoformat()}); "
                    "a production build will not find it",
                )
