from __future__ import annotations

from cxlint.diagnostics import Applicability
from cxlint.rule import Rule
from cxlint.site import fold_term
from cxlint.taxonomy import drop_entry, term_entries


class DuplicateTopic(Rule):
    """Report a topic a page lists twice, under the same or another name.

    Why: the repeat adds nothing (Hugo files a page under a term once) and
    hides which topics the page really has; a repeat through an alias
    (``cx`` and ``customer-service``, both now ``customer-experience``) is a
    leftover of topics merged into one.

    Two entries are the same topic when they are equal, equal after Hugo's
    folding (``Social Media`` and ``social-media``), or resolve to the same
    canonical topic through topic aliases. Each repeat is reported and points
    back at the first entry.

    Bad::

        topics:
          - social-media
          - Social Media
          - cx
          - customer-service

    Good::

        topics:
          - social-media
          - customer-experience

    Fix: drop the repeated list item (the whole line in a block list,
    the element and its comma in a flow list). When the repeat is the
    canonical slug and the earlier entry a legacy name, the legacy entry is
    dropped instead, so the canonical spelling stays. Safe for the same name
    and for case/space variants (one term in Hugo: the page renders the
    same). Unsafe for two names of one topic via aliases: Hugo files the page
    under the legacy name's own term page too (a generated ``/topics/cx/``
    that shadows the alias redirect), so dropping it changes the built site --
    for the better, but an editor should confirm.
    """

    code = "TAX002"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "duplicate-topic"
    summary = "a page lists the same topic twice (also via case, spaces or aliases)"
    tags = ("taxonomy", "front-matter")
    fix_applicability = Applicability.SAFE
    mixed_fixes = True  # see Fix in the docstring

    def check(self, doc, ctx):
        entries = term_entries(doc, ctx.pack.topics_field)
        if len(entries) < 2:
            return
        index = ctx.site
        first: dict[str, object] = {}
        for entry in entries:
            name = entry.name
            if not name.strip():
                continue
            match = index.resolve_topic(name)
            key = match.slug if match else fold_term(name)
            earlier = first.get(key)
            if earlier is None:
                first[key] = entry
                continue
            line, _ = doc.line_col(earlier.span[0])
            safety = Applicability.SAFE
            if earlier.name == name:
                message = f"topic '{name}' is listed twice (first on line {line})"
            elif fold_term(earlier.name) == fold_term(name):
                message = f"topic '{name}' repeats '{earlier.name}' (line {line}): Hugo folds case and spaces"
            else:
                message = (
                    f"topic '{name}' and '{earlier.name}' (line {line}) are both the topic '{key}'"
                )
                # Hugo still files the page under the legacy name's own term page
                # (which shadows the alias redirect): dropping it changes the site.
                safety = Applicability.UNSAFE
            victim = entry
            if match is not None and name == key and earlier.name != key:
                victim = earlier  # keep the canonical spelling
                first[key] = entry
            edit = drop_entry(doc, entries, victim)
            fix = self.make_fix(f"drop the repeated topic '{victim.name}'", edit, applicability=safety) if edit else None
            yield self.diagnostic(
                doc,
                *entry.span,
                message,
                fix=fix,
                related=(self.related_at(doc, earlier.span[0], f"first listed as '{earlier.name}'"),),
            )
