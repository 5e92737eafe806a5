from __future__ import annotations

from cxlint.rule import Rule
from cxlint.taxonomy import term_entries


class UnknownAuthor(Rule):
    """Report an author that has no author page.

    Why: the byline links to an empty, generated ``/authors/<name>/`` page
    without the person's name, bio or picture, and the post is missing from
    the author's real page.

    An author is known when ``content/authors/<name>/_index.md`` exists (by
    folder or ``slug``), also after Hugo's folding (``john-mcLaughlin`` is
    filed under ``john-mclaughlin``). The field is the pack's
    ``authors-field``. An empty list item (``- `` with nothing after it) is
    reported as an empty author entry. Nothing is reported when the site has
    no author pages at all.

    Bad::

        authors:
          - jane-doe      # no content/authors/jane-doe/_index.md

    Good::

        authors:
          - jane-doe      # with content/authors/jane-doe/_index.md

    Fix: none (add the author page or correct the name).
    """

    code = "TAX004"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "unknown-author"
    summary = "an author that has no author page"
    tags = ("taxonomy", "front-matter")

    def check(self, doc, ctx):
        index = ctx.site
        if not index.authors_kept:
            return
        taxonomy = index.author_taxonomy
        for entry in term_entries(doc, ctx.pack.authors_field):
            if not entry.name.strip():
                yield self.diagnostic(doc, *entry.span, "empty author entry")
            elif index.author(entry.name) is None:
                yield self.diagnostic(
                    doc,
                    *entry.span,
                    f"unknown author '{entry.name}': no content/{taxonomy}/{entry.name}/_index.md",
                )
