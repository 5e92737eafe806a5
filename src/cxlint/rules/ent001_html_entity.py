from __future__ import annotations

import bisect

from cxlint.diagnostics import Applicability, Edit, Fix
from cxlint.entities import body_mask, decode_body, decode_yaml, defines_ref_links, iter_entities
from cxlint.fmedit import replace_in_scalar
from cxlint.rule import Rule


class HtmlEntity(Rule):
    """Report an HTML character reference left in Markdown prose or a front-matter string.

    Why: WordPress exports wrote typography as entities (``&#8217;``,
    ``&mdash;``) and sometimes encoded them twice (``&amp;#8217;``, which
    shows up literally on the page). In front matter the entity usually shows
    up literally too, because templates print ``{{ .Title }}`` HTML-escaped.
    Forms without the ``;`` (``&#8217``) are never decoded by Markdown.

    Reported: numeric (``&#8217;``, ``&#x2019;``), named (``&mdash;``),
    double-encoded (``&amp;#8217;``) and missing-semicolon forms, once per
    occurrence, in body prose and in front-matter string values. Not
    reported: anything in code (fenced or indented blocks -- a list item's
    indented paragraphs are prose --, inline code, ``<pre>``, ``<code>``,
    ``<script>``, ``<style>``, HTML comments) or in URLs (link destinations,
    reference definitions, autolinks, bare URLs as far as Hugo's linkify makes
    them links, ``href``/``src`` values) -- ``&`` there is syntax; entities Markdown needs
    (``&lt;div&gt;`` stays, ``&#42;`` before a word stays, ``&#91;`` that would
    complete a link stays, ``&quot;``/``&#39;`` stay because Hugo's typographer
    would curl a typed quote: only entities whose character renders the same
    are reported); entities for invisible characters (``&nbsp;``, ``&shy;``,
    ``&#8203;``), which are deliberate and invisible once decoded.

    Bad::

        title: Tom&#8217;s &amp;#8220;plan&amp;#8221;
        ---
        It&#8217;s here &mdash; finally.

    Good::

        title: Tom’s “plan”
        ---
        It’s here — finally.

    Fix (safe): write the character. In YAML values the scalar stays valid
    (escaped, or re-quoted as a whole when needed); code is never touched.
    A quote entity in a front-matter string is reported without a fix:
    templates that markdownify the value would curl a typed quote.
    """

    code = "ENT001"
    scope = "file"  # depends on this file only
    name = "html-entity"
    summary = "an HTML entity in prose or a front-matter string (write the character)"
    tags = ("content", "migration")
    fix_applicability = Applicability.SAFE

    def check(self, doc, ctx):
        text = doc.text
        if "&" not in text or doc.error is not None:
            return
        front = doc.front
        body_start = doc.body_start
        scalars = starts = None  # the front matter's string values: only once an entity is there
        mask = None
        has_ref_defs = None
        for ent in iter_entities(text):
            if ent.start < body_start:
                if scalars is None:
                    in_front = front is not None and text.find("&", front.content_start, front.content_end) >= 0
                    scalars = _string_scalars(front) if in_front else []
                    starts = [s for s, _, _ in scalars]
                i = bisect.bisect_right(starts, ent.start) - 1
                if i < 0 or ent.end > scalars[i][1]:
                    continue  # a key, a comment, a delimiter: not a string value
                yield from self._front(doc, ent, scalars[i])
                continue
            if mask is None:
                mask = body_mask(text, body_start)
                has_ref_defs = defines_ref_links(text, body_start)
            if mask.covers(ent.start):
                continue
            char = decode_body(text, ent, has_ref_defs)
            if char is None:
                continue
            # a page repeats a few entities: their message and fix title are made once
            said = _BODY_TEXTS.get((ent.text, char))
            if said is None:
                said = (_message(ent, char), f"write '{char}'")
                if len(_BODY_TEXTS) < 4096:
                    _BODY_TEXTS[(ent.text, char)] = said
            yield self.diagnostic(
                doc, ent.start, ent.end, said[0], fix=Fix(said[1], (Edit(ent.start, ent.end, char),), Applicability.SAFE)
            )

    def _front(self, doc, ent, scalar):
        start, end, path = scalar
        char = decode_yaml(doc.text, ent)
        if char is None:
            return
        where = ".".join(str(p) for p in path)
        fix = None
        if doc.front.format == "yaml":
            parent = doc.front.value_spans.get(path[:-1]) if path[:-1] else None
            flow = parent is not None and doc.text[parent[0] : parent[0] + 1] in "[{"
            edit = replace_in_scalar(doc.text, (start, end), ent.start, ent.end, char, flow)
        elif char not in "\"\\'":
            edit = Edit(ent.start, ent.end, char)
        else:
            edit = None
        message = _message(ent, char, where)
        if char in "\"'":
            # markdownify (how themes print titles and summaries) would curl a typed
            # quote; which one the author meant (" or “) is theirs to say.
            edit = None
            message += " (no fix: Hugo's typographer would curl a typed quote where the value is markdownified)"
        if edit is not None:
            fix = self.make_fix(f"write '{char}'", edit)
        yield self.diagnostic(doc, ent.start, ent.end, message, fix=fix)


#: (entity as written, its replacement) -> (message, fix title) in prose; what the
#: message says depends on these only (the entity's text tells double and ';')
_BODY_TEXTS: dict[tuple[str, str], tuple[str, str]] = {}


def _message(ent, char: str, where: str | None = None) -> str:
    place = f" in '{where}'" if where else ""
    if ent.double:
        return f"double-encoded HTML entity '{ent.text}'{place}; write '{char}'"
    if not ent.semicolon:
        return f"HTML entity '{ent.text}'{place} without ';' renders literally; write '{char}'"
    return f"HTML entity '{ent.text}'{place}; write '{char}'"


def _string_scalars(front) -> list[tuple[int, int, tuple]]:
    """(start, end, path) of every string value in the front matter, sorted."""
    out = []
    spans = front.value_spans
    data = front.data
    if isinstance(data, str):  # (front matter is a mapping; a bare string is its own value)
        span = spans.get(())
        return [(span[0], span[1], ())] if span is not None else []
    todo = [((), data)] if isinstance(data, (dict, list)) else []  # containers to walk (a loop, not a call per value)
    while todo:
        path, container = todo.pop()
        for k, v in container.items() if isinstance(container, dict) else enumerate(container):
            if isinstance(v, str):
                span = spans.get(path + (k,))
                if span is not None:
                    out.append((span[0], span[1], path + (k,)))
            elif isinstance(v, (dict, list)):
                todo.append((path + (k,), v))
    out.sort()
    return out

