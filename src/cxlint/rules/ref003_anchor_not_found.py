from __future__ import annotations

from cxlint.refs import resolved_uses, site_refs
from cxlint.rule import Rule
from cxlint.diagnostics import Severity


class AnchorNotFound(Rule):
    """Report a ref ``#fragment`` that no heading or HTML id on the target page provides.

    Why: Hugo never checks fragments, so ``{{< ref "x.md#setup" >}}`` keeps
    linking to a heading long after it was renamed; the reader lands at the
    top of the page.

    A page offers: the id Hugo generates for every Markdown heading (the
    default GitHub style: lower-case, spaces to ``-``, punctuation dropped,
    ``-1``/``-2`` for repeats), ``{#id}`` heading attributes, and ``id=``/``name=``
    attributes in raw HTML. ``#frag`` alone checks the referring page itself.
    Targets Hugo makes without a content file (taxonomies) are not checked.

    A heading holding a shortcode call gets the id Hugo gives it: a
    ``{{< >}}`` call stays in it as a placeholder, so ``## Choices {{< img >}}``
    is ``#choices-hahahugoshortcode<n>s0hbhb`` (``<n>`` changes from build to
    build), never ``#choices``; after a ``{{% %}}`` call, whose output is not
    known here, any text is taken to match.

    Bad::

        {{< ref "guide.md#set-up" >}}   (the heading is "## Setup" -> #setup)

    Good::

        {{< ref "guide.md#setup" >}}

    Fix: none.
    """

    code = "REF003"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "anchor-not-found"
    summary = "a ref #fragment that is no heading id nor HTML id/name on the target page"
    tags = ("refs", "links")
    severity = Severity.WARNING

    def check(self, doc, ctx):
        from cxlint.refs.anchors import has_anchor

        if getattr(doc, "error", None) is not None and not doc.text:
            return
        for r in resolved_uses(doc, ctx.site, ctx.pack):
            if r.url is None or not r.url.fragment or r.error is not None:
                continue
            if not r.url.path:
                target = doc.content_path
            elif r.resolution is not None and r.resolution.found and r.resolution.node.content_path:
                target = r.resolution.node.content_path
            else:
                continue
            if not has_anchor(site_refs(ctx.site).anchors(target), r.url.fragment):
                where = "this page" if target == doc.content_path else f"'/{target}'"
                frag = r.use.arg.value.rfind("#")
                start = r.use.start + frag if frag != -1 else r.use.start
                yield self.diagnostic(doc, start, r.use.end, f"anchor '#{r.url.fragment}' not found on {where}")
