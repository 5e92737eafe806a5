from __future__ import annotations

from cxlint.refs import resolved_uses, site_refs
from cxlint.refs.hugopath import parse
from cxlint.refs.resolve import MISSING
from cxlint.rule import Rule


class RefNotFound(Rule):
    """Report a ``ref``/``relref`` target Hugo would not find.

    Why: Hugo only finds a broken ref in a full build, and sites that lower
    ``refLinksErrorLevel`` to ``WARNING`` ship the broken link (it points at
    ``refLinksNotFoundURL`` or is empty). cxlint resolves every target the way
    Hugo 0.147 does, without building: relative to the page's folder, then
    from the content root, then -- only for a target with no ``/`` at all --
    by unique file or bundle name; case-insensitive, spaces as hyphens.

    Checked: ``{{< ref >}}``, ``{{< relref >}}``, both delimiters, the named
    ``path=`` form, calls inside HTML attributes and code fences (Hugo runs
    them too), and site shortcodes the rule pack declares under
    ``ref-shortcodes`` (e.g. a ``link`` shortcode that calls ``relref``).
    Not checked: escaped ``{{</* ref */>}}`` calls and calls in a Markdown
    link definition nothing uses (Hugo never renders those).

    A URL as target (``ref "https://host/x.pdf"``) is looked up as the page
    path ``/x.pdf`` and breaks; a bad ``%`` escape fails the build.

    Bad::

        {{< ref "./2014-07-07-moved-post.md" >}}   (./ only looks next to the page)

    Good::

        {{< ref "2014-07-07-moved-post.md" >}}     (unique file name anywhere)
        {{< ref "/news/2014/07/2014-07-07-moved-post.md" >}}

    Fix: none (the message names a page with the same file name when there is one).
    """

    code = "REF001"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "ref-not-found"
    summary = "a ref/relref target that Hugo would not find"
    tags = ("refs", "links")

    def check(self, doc, ctx):
        if getattr(doc, "error", None) is not None and not doc.text:
            return
        for r in resolved_uses(doc, ctx.site, ctx.pack):
            use = r.use
            if r.error is not None:
                yield self.diagnostic(doc, use.start, use.end, f'ref "{use.target}": {r.error}')
            elif r.resolution is not None and r.resolution.status == MISSING:
                path = r.url.path
                yield self.diagnostic(doc, use.start, use.end, f'ref "{path}" not found{_hint(site_refs(ctx.site), path)}')


def _hint(refs, path: str) -> str:
    """Name the page(s) with the same file name, for targets that only missed by their folder."""
    name = parse(path.rstrip("/") or "/", refs.languages).base_name_no_identifier()
    if not path.rstrip("/") or "." not in path.rsplit("/", 1)[-1]:
        name = parse(path.rstrip("/") + ".md", refs.languages).base_name_no_identifier()
    nodes = [n for n in refs.resolver.name_candidates(name) if n.content_path]
    if len(nodes) == 1:
        return f"; did you mean '/{nodes[0].content_path}'?"
    if "/" not in path.strip("/") and not nodes:
        return " (no page has this file name)"
    return ""
