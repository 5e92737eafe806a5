from __future__ import annotations

import itertools
import re
from functools import lru_cache
from urllib.parse import urlsplit

from cxlint.diagnostics import Applicability, Edit, Severity
from cxlint.refs import site_refs
from cxlint.refs.publish import unpublished_reason
from cxlint.rule import Rule

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.M)
_TRAILING = ".,;:!?"
_HREF = re.compile(r"""href=["']$""")

class OwnSiteAbsoluteLink(Rule):
    """Report an absolute link to the site itself that could be a ``ref``.

    Why: ``https://digital.gov/2019/05/02/x/`` keeps "working" after the page
    moves or its slug changes -- until the redirect goes away -- and no build
    ever notices. A ``{{< ref >}}`` breaks loudly instead and follows renames.

    The site's own URLs are the config's ``baseURL`` plus cxlint's
    ``site-urls`` setting (e.g. ``https://www.digital.gov``); ``http`` and
    ``https`` count alike. Only links that land on a page are reported: by its
    permalink (``url``, the section's ``permalinks`` pattern, or folder +
    ``slug``), by one of its ``aliases``, or by folder + slug for sections
    with a date pattern (a link that is already broken). Front matter and
    fenced code are not scanned. A link (from a published page) to a page that
    is a draft, expired or future at the build date is reported as such and
    gets no fix: a ref to it would break (REF004), and production either has
    no page at that URL or serves it as another page's alias (the message
    names that page).

    Bad::

        [the guide](https://digital.gov/guides/hcd/)

    Good::

        [the guide]({{< ref "/guides/hcd/_index.md" >}})

    Fix (unsafe, only for Markdown link targets and ``href`` attributes
    without a query): the URL becomes a ``{{< ref >}}`` call with the
    shortest target that resolves to the page from this one. ``ref`` renders
    the same absolute permalink, but the build now fails if the page goes away.
    No fix when the ref would itself be reported: the ``#anchor`` is not on
    the page (REF003); nor where a ref cannot go or would break: in a
    shortcode's parameter, after a ``](`` that closes no link text, or to a
    page unpublished otherwise than this one (a draft linked from an expired
    page); the message says why.
    """

    code = "REF005"
    name = "own-site-absolute-link"
    summary = "an absolute link to the site's own URL that maps to a page and could be a ref"
    tags = ("refs", "links")
    severity = Severity.WARNING
    fix_applicability = Applicability.UNSAFE

    _patterns: dict | None = None  # the config's permalinks, from facts_setup()

    def facts_setup(self, site) -> None:
        from cxlint.refs.permalinks import permalink_patterns

        self._patterns = permalink_patterns(site.config or {})

    def page_facts(self, page):
        """The URL paths the page answers at (computed where it is parsed, on every core)."""
        if self._patterns is None:
            return None
        from cxlint.refs.permalinks import page_paths

        return tuple(page_paths(page.content_path, page.kind, page.data, self._patterns))

    def check(self, doc, ctx):
        if getattr(doc, "error", None) is not None and not doc.text:
            return
        bases = _bases(ctx)
        pattern = _site_pattern(bases)
        if pattern is None:
            return
        text = doc.text
        body_start = doc.body_start
        probe = _host_probe(bases)
        if probe.search(text, body_start) is None:
            return  # most pages: no link to the site at all
        links = _site_links(pattern, probe, text, body_start)
        first = next(links, None)
        if first is None:
            return
        refs = site_refs(ctx.site)
        flags = refs.build_flags
        # from a page that is itself unpublished nothing a production build shows changes
        own_why = unpublished_reason(doc.data, ctx.build_date, flags)
        live_page = own_why is None
        fences = _fenced(text, body_start)
        for m in itertools.chain((first,), links):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            if any(a <= start < b for a, b in fences):
                continue
            url = text[start:end]
            path = m.group("path") or "/"
            path = path[: end - m.start("path")] if m.group("path") else "/"
            hits = refs.permalinks.lookup_all(path)
            if not hits:
                continue
            content_path, how = hits[0]
            why = refs.unpublished(content_path, ctx.build_date)
            if why is not None and live_page:
                # production does not build that page, and a ref to it would be a REF004
                # error; another page may serve the URL as an alias (a redirect), which a
                # human should confirm is the intended target
                live = next((h for h in hits[1:] if refs.unpublished(h[0], ctx.build_date) is None), None)
                then = (f"production serves this URL as an alias of '/{live[0]}'" if live
                        else "a production build has no page there")
                yield self.diagnostic(
                    doc,
                    start,
                    end,
                    f"absolute link to this site's page '/{content_path}' (by {how}), which is {why} "
                    f"(build date {ctx.build_date.isoformat()}): {then}",
                )
                continue
            parts = urlsplit(url)
            fix = None
            # a ref from an unpublished page to one unpublished alike (both expired, both drafts)
            # breaks in no build; to one unpublished otherwise it breaks in the builds that show
            # this page but not that one (hugo --buildExpired without -D, say)
            alike = why is not None and own_why is not None and why.split()[:2] == own_why.split()[:2]
            note = self._no_fix_reason(refs, content_path, parts.fragment, None if alike else why, text, body_start, start)
            before = text[max(0, start - 6) : start]
            if note is None and not parts.query and (
                (before.endswith("](") and _closes_link(text, start - 2, body_start)) or _HREF.search(before)
            ):
                target = _ref_target(refs, content_path, doc.content_path)
                if target is not None:
                    if parts.fragment:
                        target += "#" + parts.fragment
                    fix = self.make_fix(
                        f'replace with {{{{< ref "{target}" >}}}}',
                        Edit(start, end, f'{{{{< ref "{target}" >}}}}'),
                        applicability=Applicability.UNSAFE,
                    )
            yield self.diagnostic(
                doc,
                start,
                end,
                f"absolute link to this site's page '/{content_path}' (by {how}); use a ref{note or ''}",
                fix=fix,
            )

    @staticmethod
    def _no_fix_reason(refs, content_path: str, fragment: str, why, text: str, body_start: int, start: int) -> str | None:
        """Why a ref would be worse than the URL, or impossible.

        (A live page's link to a page unpublished at the build date is reported on its own,
        before this; from a page that is itself unpublished it only loses its fix.)"""
        if why is not None:
            return f" (no fix: the page is {why}, and a ref to it would break in a build that shows this page but not that one)"
        if _in_shortcode_call(text, body_start, start):
            # {{< button href="{{< ref ... >}}" >}} is no shortcode call Hugo can read
            return " (no fix: a shortcode's parameter cannot hold a ref; a site-relative path may do)"
        if fragment and fragment not in refs.anchors(content_path):
            return f" (no fix: the page has no anchor '#{fragment}')"
        return None


_CALL_REACH = 1000  # how far before a URL its shortcode call may open


def _in_shortcode_call(text: str, body_start: int, at: int) -> bool:
    """Whether ``at`` lies between a shortcode call's ``{{<``/``{{%`` and its ``>}}``/``%}}``
    (looked for in the 1,000 characters before ``at``: a search back to the body's start
    for every link cost more than the rest of the rule on pages without shortcodes)."""
    lo = max(body_start, at - _CALL_REACH)
    opened = max(text.rfind("{{<", lo, at), text.rfind("{{%", lo, at))
    return opened >= 0 and max(text.rfind(">}}", opened, at), text.rfind("%}}", opened, at)) < 0


def _closes_link(text: str, bracket: int, body_start: int) -> bool:
    """Whether the ``]`` at ``bracket`` (followed by ``(``) closes a Markdown link's text:
    a ``[`` before it in the same paragraph, brackets balanced, none escaped. Without one,
    ``](url)`` is literal text and Hugo links the bare URL; a ref there would print as text."""
    stop = max(body_start, text.rfind("\n\n", body_start, bracket))
    opening = text.rfind("[", stop, bracket)
    if opening < 0:
        return False
    if text.find("]", opening, bracket) < 0 and text.find("\\", stop, bracket) < 0:
        return True  # (nearly every link: "[text](" with no other bracket or escape: C speed)
    depth = 0
    i = bracket
    while i >= stop:
        ch = text[i]
        if ch in "[]" and not (i > 0 and text[i - 1] == "\\"):
            depth += 1 if ch == "]" else -1
            if depth == 0:
                return True
        i -= 1
    return False


def _bases(ctx) -> tuple[str, ...]:
    """The site's own base URLs: the config's ``baseURL`` and ``site-urls``, once per context."""
    got = ctx.__dict__.get("_cxlint_ref005_bases")
    if got is None or got[0] is not ctx.site or got[1] is not ctx.extra:
        got = ctx.__dict__["_cxlint_ref005_bases"] = (ctx.site, ctx.extra, tuple(_read_bases(ctx)))
    return got[2]


def _read_bases(ctx) -> list[str]:
    out = []
    base = ctx.site.site.base_url
    if base:
        out.append(base)
    out.extend(str(u) for u in (ctx.extra or {}).get("site_urls") or [])
    return out


@lru_cache(maxsize=32)
def _hosts(bases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple({urlsplit(b if "://" in b else "https://" + b).netloc.lower() for b in bases} - {""})


# What re's IGNORECASE matches to an ASCII letter besides its two cases
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


@lru_cache(maxsize=32)
def _host_probe(bases: tuple[str, ...]) -> re.Pattern:
    """``://`` and one of the hosts in any letter case: a pre-filter for :func:`_site_pattern`.

    A literal start makes re skip to each ``://`` (IGNORECASE or lower-casing
    the whole page costs ~10x more); every text the full pattern matches
    contains a match of this one.
    """
    def fold(ch: str) -> str:
        low = ch.lower()
        if low.isascii() and low.isalpha():
            return "[" + re.escape(low + low.upper() + _FOLDS.get(low, "")) + "]"
        return re.escape(ch)

    hosts = sorted(_hosts(bases), key=len, reverse=True)
    if not hosts or not all(h.isascii() for h in hosts):
        return re.compile("://")  # case folding beyond ASCII: every link is a candidate
    return re.compile("://(?:" + "|".join("".join(fold(c) for c in h) for h in hosts) + ")")


@lru_cache(maxsize=32)
def _site_pattern(bases: tuple[str, ...]) -> re.Pattern | None:
    """Links to the site, in any letter case."""
    alts = []
    for base in bases:
        parts = urlsplit(base if "://" in base else "https://" + base)
        if not parts.hostname:
            continue
        alts.append(re.escape(parts.netloc.lower()) + re.escape(parts.path.rstrip("/")))
    if not alts:
        return None
    return re.compile(
        r"(?i)\bhttps?://(?:" + "|".join(sorted(set(alts), key=len, reverse=True)) + r")"
        r"(?P<path>/[^\s\"'<>()\[\]`{}|\\^]*)?(?![\w.-])"
    )


def _site_links(pattern: re.Pattern, probe: re.Pattern, text: str, pos: int):
    """``pattern.finditer(text, pos)``, the case-insensitive pattern tried only where a link
    can start: 5 or 4 characters (``https``, ``http``) before a hit of the host probe.

    Every link has its ``://`` and host where the probe finds one (the probe is a
    superset), so this finds the same links without lower-casing or scanning the
    whole page with an IGNORECASE pattern (both ~20x slower on a long page).
    """
    done = pos  # where the last link ended: links do not overlap
    for hit in probe.finditer(text, pos):
        at = hit.start()
        for start in (at - 5, at - 4):
            if start >= done:
                m = pattern.match(text, start)
                if m is not None:
                    yield m
                    done = m.end()
                    break


def _fenced(text: str, start: int) -> list[tuple[int, int]]:
    if not (text.find("`", start) >= 0 and text.find("```", start) >= 0) and not (
        text.find("~", start) >= 0 and text.find("~~~", start) >= 0
    ):  # (one-character finds first: ~4x faster)
        return []  # the multi-line regex would try every offset for nothing
    spans = []
    open_at = None
    marker = ""
    for m in _FENCE.finditer(text, start):
        if open_at is None:
            open_at, marker = m.start(), m.group(1)
        elif m.group(1)[0] == marker[0] and len(m.group(1)) >= len(marker):
            spans.append((open_at, m.end()))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(text)))
    return spans


def _ref_target(refs, content_path: str, context: str) -> str | None:
    """The shortest ref target that resolves to ``content_path`` from ``context``."""
    name = content_path.rpartition("/")[2]
    folder = content_path.rpartition("/")[0]
    candidates = []
    if name == "_index.md":
        candidates.append("/" + folder if folder else "/")
    else:
        candidates.append(name if name != "index.md" else folder.rpartition("/")[2])
    candidates.append("/" + content_path)
    for cand in candidates:
        res = refs.resolve(cand, context)
        if res.found and res.node.content_path == content_path:
            return cand
    return None
