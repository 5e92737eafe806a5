from __future__ import annotations

from cxlint.rule import Rule
from cxlint.site import fold_term
from cxlint.taxonomy import term_entries


class UnknownTopic(Rule):
    """Report a topic that is neither a topic slug nor a legacy alias of one.

    Why: Hugo files the page under a term that has no topic page, so the
    page drops out of every curated topic listing and a bare, untitled term
    page appears at ``/topics/<name>/`` instead.

    A name is known when it is a topic slug (``content/topics/<slug>/_index.md``),
    when Hugo's folding (``urlize`` + lower-case: ``"Customer Experience"`` ->
    ``customer-experience``) makes it one, or when a topic page lists it in its
    ``aliases`` (``/topics/<legacy>/``). Those spellings are TAX003's business.
    The topics field is the pack's ``topics-field``. An empty list item is
    reported too. Nothing is reported when the site has no topic pages at all.

    Bad::

        topics:
          - policies and regulations

    Good::

        topics:
          - public-policy

    Fix: none (which topic was meant needs a person); the message suggests the
    closest known name.
    """

    code = "TAX001"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "unknown-topic"
    summary = "a topic that is neither a topic slug nor an alias"
    tags = ("taxonomy", "front-matter")

    def check(self, doc, ctx):
        index = ctx.site
        if not index.topics_kept:
            return
        known = None
        for entry in term_entries(doc, ctx.pack.topics_field):
            if not entry.name.strip():
                yield self.diagnostic(doc, *entry.span, "empty topic entry")
                continue
            if index.resolve_topic(entry.name) is not None:
                continue
            if known is None:
                import difflib  # for the hint only: most runs find no unknown topic

                known = sorted(set(index.topics) | set(index.topic_aliases))
            close = difflib.get_close_matches(fold_term(entry.name), known, n=1, cutoff=0.75)
            hint = ""
            if close:
                slug = index.canonical_topic(close[0])
                hint = f"; did you mean '{slug}'?" if slug else ""
            yield self.diagnostic(doc, *entry.span, f"unknown topic '{entry.name}': no topic page and no alias{hint}")
