from __future__ import annotations

import json
import re

from cxlint.diagnostics import Applicability, Edit
from cxlint.rule import Rule
from cxlint.taxonomy import drop_entry, term_entries

_PLAIN_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")


class TopicAlias(Rule):
    """Report a topic written as a legacy alias or a variant spelling of its slug.

    Why: a legacy name (``cx``, recorded in ``customer-experience``'s
    ``aliases: [/topics/cx/]``) files the page under a term the site merged
    away, so it is missing from the canonical topic page. A variant spelling
    (``Customer Experience``, ``Analytics``, ``social media``) does reach the
    right topic -- Hugo urlizes and lower-cases term names -- but it is not
    the slug the CMS writes and breaks plain-text searches and the other
    topic rules; it is reported here, not as an unknown topic (TAX001),
    because Hugo does file it under the existing topic.

    Bad::

        topics:
          - cx
          - Social Media

    Good::

        topics:
          - customer-experience
          - social-media

    Fix: replace the name with the canonical slug, or drop the entry when the
    page already lists that topic. Unsafe for aliases (the page moves to the
    merged topic, which an editor should confirm); safe for variant
    spellings (Hugo already filed the page there).
    """

    code = "TAX003"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "topic-alias"
    summary = "a legacy alias or variant spelling used where the topic slug belongs"
    tags = ("taxonomy", "front-matter")
    fix_applicability = Applicability.UNSAFE
    mixed_fixes = True  # see Fix in the docstring

    def check(self, doc, ctx):
        entries = term_entries(doc, ctx.pack.topics_field)
        if not entries:
            return
        index = ctx.site
        matches = [index.resolve_topic(e.name) if e.name.strip() else None for e in entries]
        listed = {e.name for e, m in zip(entries, matches) if m is not None and m.how == "slug"}
        seen: set[str] = set()
        for entry, match in zip(entries, matches):
            if match is None:
                continue
            slug = match.slug
            if match.how == "slug":
                seen.add(slug)
                continue
            if match.how == "alias":
                message = f"topic '{entry.name}' is a legacy alias of '{slug}'; use the slug"
                safety = Applicability.UNSAFE
            else:
                message = f"topic '{entry.name}' is spelled differently from its slug '{slug}'"
                safety = Applicability.SAFE
            if slug in listed or slug in seen:
                edit = drop_entry(doc, entries, entry)
                title = f"drop '{entry.name}' ('{slug}' is already listed)"
            else:
                edit = self._replace(doc, entry, slug)
                title = f"replace '{entry.name}' with '{slug}'"
            seen.add(slug)
            fix = self.make_fix(title, edit, applicability=safety) if edit else None
            yield self.diagnostic(doc, *entry.span, message, fix=fix)

    @staticmethod
    def _replace(doc, entry, slug: str) -> Edit | None:
        if doc.front is None or doc.front.format != "yaml":
            return None
        start, end = entry.span
        if "\n" in doc.text[start:end]:
            return None
        text = slug if _PLAIN_SLUG.fullmatch(slug) else json.dumps(slug, ensure_ascii=False)
        return Edit(start, end, text)
