from __future__ import annotations

import re
from urllib.parse import unquote

from cxlint.diagnostics import Applicability, Edit, Severity
from cxlint.fmedit import append_list_items, yaml_scalar
from cxlint.rule import Rule
from cxlint.schema_check import front_keys
from cxlint.site import fold_term
from cxlint.taxonomy import field_key
from cxlint.yamledit import yaml_entry_span

#: a permalink segment we are willing to write as a slug (no placeholders like ``:title``)
_SLUG_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._~-]*")
_PAGE_SUFFIX = re.compile(r"\.html?\Z", re.I)


class LegacyField(Rule):
    """Report a WordPress/Jekyll front-matter key that Hugo does not read.

    Why: ``permalink``, ``layout: post``, ``author``, ``categories``,
    ``tags`` are what WordPress exports and Jekyll read. Hugo ignores them
    (a site's config decides its taxonomies and permalinks), so the byline,
    the URL or the topics the author meant silently go missing.

    Which keys are legacy is data: the pack's ``legacy-fields`` (the bundled
    ``hugo`` pack lists ``permalink``, ``layout: post``, ``author``,
    ``categories``, ``tags``; a site pack may add e.g. ``url``). An entry may
    name a ``value`` (``layout`` is legacy only as ``post``) and a
    ``replacement`` field. Keys match case-insensitively, as Hugo reads them;
    a key the site's config declares as a taxonomy is never legacy.
    The diagnostic points at the key.

    Bad::

        author: Rachel Flagg
        permalink: /2014/08/12/mobile-first/
        layout: post

    Good::

        authors:
          - rflagg
        slug: mobile-first

    Fix (unsafe: the page's URL, byline or data change; review the diff), by
    the entry's ``fix``, on YAML front matter, touching only the lines involved:

    - ``list`` (``author``): the value moves to the replacement list
      (``authors``), one item per name; a name that matches an author page's
      slug, ``display_name``, ``title`` or first + last name is written as
      that author's slug. An existing ``authors`` list gets the names it
      lacks and ``author`` is removed. A new list takes the style of the
      page's other lists: block ``- x`` lines with their indent, else (flow
      lists, or none) ``[x]``. An empty ``author:`` is simply removed.
    - ``slug`` (``permalink``): ``permalink: /2014/08/12/slug/`` becomes
      ``slug: slug`` (the last path segment, ``.html`` dropped) when the page
      has no slug; when it has one, the permalink is removed only if they
      agree. Permalinks with placeholders (``/:year/:title/``) get no fix.
      When the page will not answer at the old URL any more (by the section's
      ``permalinks`` pattern, its folder + slug, or an alias), the old path is
      added to ``aliases`` (a new flow or block list like the page's others, or
      the existing list), so links to it keep working through Hugo's redirect.
    - ``drop`` (``layout: post``): the entry is removed.
    - ``redundant`` (``categories``, ``tags``): removed only when empty or
      when every value is already listed in the replacement field (topics
      compared through the site's topic slugs and aliases); otherwise left
      reported for a person to map.
    """

    code = "FM006"
    targets = ("page", "html")  # HTML content pages too: the same front matter, refs Hugo evaluates
    name = "legacy-field"
    summary = "a WordPress/Jekyll front-matter key (permalink, layout: post, author, categories, tags)"
    tags = ("front-matter", "migration")
    severity = Severity.WARNING
    fix_applicability = Applicability.UNSAFE

    def check(self, doc, ctx):
        front = getattr(doc, "front", None)
        legacy = ctx.pack.legacy_fields
        if front is None or not legacy:
            return
        by_lower, taxonomies = _tables(ctx)
        if front_keys(front).keys().isdisjoint(by_lower):
            return  # no legacy key in any letter case (most pages)
        duplicated = {d.key for d in front.duplicates if not d.path}
        for key, value in front.data.items():
            if not isinstance(key, str) or key.lower() not in by_lower or key.lower() in taxonomies:
                continue
            name, spec = by_lower[key.lower()]
            if "value" in spec and not _value_matches(value, spec["value"]):
                continue
            span = front.key_span(key)
            if span is None:
                continue
            message = spec.get("message") or f"'{key}' is a legacy WordPress/Jekyll field Hugo ignores"
            fix = None
            if front.format == "yaml" and key not in duplicated:  # DUP001's fix goes first
                fixer = _FIXERS.get(spec.get("fix", "none"))
                result = fixer(self, doc, ctx, key, value, spec) if fixer else None
                if isinstance(result, str):
                    message = f"{message} ({result})"
                else:
                    fix = result
            yield self.diagnostic(doc, span[0], span[1], message, fix=fix)

    # -- fixes ------------------------------------------------------------------
    def _drop(self, doc, key: str, title: str, *more: Edit):
        span = yaml_entry_span(doc.text, doc.front, doc.front.key_span(key)[0])
        if span is None:
            return None
        return self.make_fix(title, Edit(span[0], span[1], ""), *more)

    def _drop_empty(self, doc, key: str, names: list[str] | None):
        """No fix for a value that is not names (None); an empty one ([]) just goes."""
        return None if names is None else self._drop(doc, key, f"remove the empty '{key}'")

    def _fix_drop(self, doc, ctx, key, value, spec):
        shown = f"{key}: {value}" if "value" in spec else key
        return self._drop(doc, key, f"remove '{shown}'")

    def _fix_slug(self, doc, ctx, key, value, spec):
        front, target = doc.front, spec["replacement"]
        if not isinstance(value, str):
            return None
        slug = permalink_slug(value)
        if slug is None:
            return "no fix: the permalink has no plain last segment to use as a slug"
        have_key = field_key(front.data, target)
        have = front.data.get(have_key) if have_key else None
        if have_key is not None and have not in (None, ""):
            if str(have) != slug:
                return f"no fix: the page's {target} '{have}' differs from the permalink's '{slug}'"
            alias = _keep_old_url(doc, ctx, key, value, target, slug)
            if isinstance(alias, str):
                return alias
            title = f"remove '{key}' (the page's {target} is already '{slug}')" + _alias_note(alias)
            return self._drop(doc, key, title, *([alias[0]] if alias else []))
        kspan, vspan = front.key_span(key), front.value_span(key)
        if vspan is None or _multiline(doc.text, vspan):
            return None
        alias = _keep_old_url(doc, ctx, key, value, target, slug)
        if isinstance(alias, str):
            return alias
        edits = [Edit(kspan[0], kspan[1], target), Edit(vspan[0], vspan[1], yaml_scalar(slug))]
        if have_key is not None:  # an empty 'slug:' entry goes, the permalink takes its place
            span = yaml_entry_span(doc.text, front, front.key_span(have_key)[0])
            if span is None:
                return None
            edits.append(Edit(span[0], span[1], ""))
        if alias:
            edits.append(alias[0])
        return self.make_fix(f"replace '{key}' with '{target}: {slug}'" + _alias_note(alias), *edits)

    def _fix_list(self, doc, ctx, key, value, spec):
        front, target = doc.front, spec["replacement"]
        names = _names(value)
        if not names:
            return self._drop_empty(doc, key, names)
        is_authors = target.lower() == ctx.pack.authors_field.lower()
        canon = (lambda n: _author_slug(ctx, n)) if is_authors else (lambda n: n)
        wanted = list(dict.fromkeys(canon(n) for n in names))
        have_key = field_key(front.data, target)
        if have_key is None:
            return self._rename_to_list(doc, key, target, wanted, canon)
        have = front.data[have_key]
        if not isinstance(have, list):
            return None
        seen = {fold_term(canon(str(v))) for v in have if v is not None}
        missing = [n for n in wanted if fold_term(n) not in seen]
        if not missing:
            return self._drop(doc, key, f"remove '{key}' ('{target}' already lists {_quoted(wanted)})")
        lspan = front.value_span(have_key)
        items = [front.value_span(have_key, i) for i in range(len(have))]
        if lspan is None or None in items:
            return None
        flow = doc.text.startswith("[", lspan[0])
        insert = append_list_items(doc.text, lspan, items, [yaml_scalar(n, flow) for n in missing])
        if insert is None:
            return None
        return self._drop(doc, key, f"move {_quoted(missing)} from '{key}' into '{target}'", insert)

    def _rename_to_list(self, doc, key: str, target: str, names: list[str], canon):
        front, text = doc.front, doc.text
        kspan, vspan = front.key_span(key), front.value_span(key)
        if vspan is None:
            return None
        title = f"replace '{key}' with a '{target}' list of {_quoted(names)}"
        value = front.data[key]
        if isinstance(value, list) and not text.startswith("[", vspan[0]):
            # already a block list under the old key: rename it, write names that map to a slug as the slug
            edits = [Edit(kspan[0], kspan[1], target)]
            for i, item in enumerate(value):
                ispan = front.value_span(key, i)
                if ispan is None:
                    return None
                if item is not None and canon(str(item).strip()) != item:
                    edits.append(Edit(ispan[0], ispan[1], yaml_scalar(canon(str(item).strip()))))
            return self.make_fix(title, *edits)
        if _multiline(text, vspan):
            return None
        style = _list_style(front, text)
        if style is None:  # flow, like the page's other lists (or when it has none)
            items = ", ".join(yaml_scalar(n, True) for n in names)
            return self.make_fix(title, Edit(kspan[0], kspan[1], target), Edit(vspan[0], vspan[1], f"[{items}]"))
        nl = doc.newline
        lines = "".join(f"{nl}{style}{yaml_scalar(n)}" for n in names)
        return self.make_fix(title, Edit(kspan[0], vspan[1], f"{target}:{lines}"))

    def _fix_redundant(self, doc, ctx, key, value, spec):
        front, target = doc.front, spec["replacement"]
        names = _names(value)
        if not names:
            return self._drop_empty(doc, key, names)
        is_topics = target.lower() == ctx.pack.topics_field.lower()

        def canon(n: str) -> str:
            match = ctx.site.resolve_topic(n) if is_topics else None
            return match.slug if match else fold_term(n)

        have_key = field_key(front.data, target)
        have = _names(front.data.get(have_key)) if have_key else None
        listed = {canon(n) for n in have or ()}
        left = [n for n in names if canon(n) not in listed]
        if left:
            return None
        return self._drop(doc, key, f"remove '{key}' (every value is already in '{target}')")


_FIXERS = {
    "drop": LegacyField._fix_drop,
    "slug": LegacyField._fix_slug,
    "list": LegacyField._fix_list,
    "redundant": LegacyField._fix_redundant,
}


def permalink_slug(permalink: str) -> str | None:
    """The slug a WordPress/Jekyll permalink ends in: ``/2014/08/12/slug/`` -> ``slug``.

    None when there is no usable last segment (``/``, a ``:title``
    placeholder, characters a slug cannot hold).
    """
    path = permalink.strip().split("#", 1)[0].split("?", 1)[0]
    if "://" in path:
        path = path.split("://", 1)[1].partition("/")[2]
    segment = unquote(path.rstrip("/").rpartition("/")[2])
    segment = _PAGE_SUFFIX.sub("", segment)
    if not segment or not _SLUG_SEGMENT.fullmatch(segment) or segment in (".", ".."):
        return None
    return segment


def _value_matches(value, wanted) -> bool:
    options = wanted if isinstance(wanted, list) else [wanted]
    return isinstance(value, str) and value.strip().lower() in {str(o).lower() for o in options}


def _tables(ctx) -> tuple[dict[str, tuple[str, dict]], set[str]]:
    """The pack's legacy fields by lower-cased name, and the site's taxonomy names: once per
    context (reading the taxonomies walks the site config case-insensitively)."""
    got = ctx.__dict__.get("_cxlint_fm006")
    if got is None or got[0] is not ctx.pack or got[1] is not ctx.site or got[2] is not ctx.pack.legacy_fields:
        legacy = ctx.pack.legacy_fields
        by_lower = {name.lower(): (name, spec) for name, spec in legacy.items()}
        taxonomies = {str(v).lower() for v in ctx.site.site.taxonomies.values()}
        got = ctx.__dict__["_cxlint_fm006"] = (ctx.pack, ctx.site, legacy, by_lower, taxonomies)
    return got[3], got[4]


def _names(value) -> list[str] | None:
    """The names a legacy value holds: a scalar or a list of scalars; None for anything else."""
    if value is None:
        return []
    if isinstance(value, bool) or isinstance(value, dict):
        return None
    if isinstance(value, (str, int, float)):
        return [str(value).strip()] if str(value).strip() else []
    if isinstance(value, list):
        if any(isinstance(v, (list, dict, bool)) for v in value):
            return None
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return None


def _author_slug(ctx, name: str) -> str:
    term = ctx.site.author_by_name(name)
    return term.slug if term is not None else name


def _alias_note(alias) -> str:
    return f" and keep the old URL as an alias '{alias[1]}'" if alias else ""


def _keep_old_url(doc, ctx, key: str, value: str, target: str, slug: str):
    """What keeps the permalink's URL working once it is gone: None (the page will answer
    there anyway: the section's permalink pattern or an alias), ``(edit, path)`` adding
    the path to ``aliases``, or a "no fix" reason when that cannot be written cleanly.
    """
    from urllib.parse import urlsplit

    from cxlint.refs.permalinks import permalink_patterns, norm_path, page_paths

    front, text = doc.front, doc.text
    old = (urlsplit(value.strip()).path if "://" in value else value.strip()) or "/"
    old = old if old.startswith("/") else "/" + old
    data = {k: v for k, v in front.data.items() if k != key and str(k).lower() != target.lower()}
    data[target] = slug
    patterns = permalink_patterns(ctx.site.site.config or {})
    answers = {path for path, how in page_paths(doc.content_path, doc.kind, data, patterns) if how != "slug"}
    if norm_path(old) in answers:
        return None
    aliases_key = field_key(front.data, "aliases")
    nl = doc.newline
    if aliases_key is not None:
        have = front.data[aliases_key]
        lspan = front.value_span(aliases_key)
        if not isinstance(have, list) or lspan is None:
            return f"no fix: the old URL '{old}' would be lost and 'aliases' is not a list to add it to"
        items = [front.value_span(aliases_key, i) for i in range(len(have))]
        flow = text.startswith("[", lspan[0])
        edit = append_list_items(text, lspan, items, [yaml_scalar(old, flow)]) if None not in items else None
        if edit is None:
            return f"no fix: the old URL '{old}' would be lost and cannot be added to 'aliases'"
        return edit, old
    kstart = front.key_span(key)[0]
    line_start = max(text.rfind("\n", 0, kstart), text.rfind("\r", 0, kstart)) + 1
    if kstart != line_start:
        return None  # not a top-level entry: FM006 leaves it (no fix)
    span = yaml_entry_span(text, front, kstart)  # the permalink's whole entry, line break included
    if span is None:
        return None
    style = _list_style(front, text)
    entry = f"aliases: [{yaml_scalar(old, True)}]" if style is None else f"aliases:{nl}{style}{yaml_scalar(old)}"
    ends_line = text[span[1] - 1 : span[1]] in ("\n", "\r")
    return Edit(span[1], span[1], entry + nl if ends_line else nl + entry), old


def _list_style(front, text: str) -> str | None:
    """The ``"  - "`` prefix of the page's block lists, or None when its lists are flow style."""
    for key, value in front.data.items():
        if isinstance(value, list) and value:
            span = front.value_span(key, 0)
            whole = front.value_span(key)
            if span is None or whole is None:
                continue
            if text.startswith("[", whole[0]):
                return None
            start = span[0]
            ls = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
            lead = text[ls:start]
            if lead.strip(" \t") == "-":
                return lead
    return None


def _multiline(text: str, span: tuple[int, int]) -> bool:
    piece = text[span[0] : span[1]]
    return "\n" in piece or "\r" in piece


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
