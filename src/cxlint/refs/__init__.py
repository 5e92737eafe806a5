"""Page references (``ref``/``relref`` and site shortcodes that wrap them), resolved like Hugo.

:func:`site_refs` builds the site-wide lookup tables once per run and keeps
them on the :class:`~cxlint.site.SiteIndex` (the engine builds them before it
forks its workers, see ``Rule.prepare``). :func:`ref_uses` lists the ref
targets of one page with exact offsets.

Which shortcodes carry a ref target is rule-pack data (``ref-shortcodes``)::

    ref-shortcodes:
      ref: {position: 0, param: path}
      relref: {position: 0, param: path}
      link:                      # a site shortcode that calls relref
        position: 0
        strip: "^/"              # regex removed from the target first
        when: '^(?!https://.)(?:.*\\.md|.+\\.md#.+)$'   # only such targets reach relref
"""

from __future__ import annotations

from pathlib import Path

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from cxlint.values import Value, _set
from cxlint.refs.extract import Arg, ShortcodeCall, dead_spans, shortcode_calls
from cxlint.refs.gourl import RefURL, URLError, parse_ref  # noqa: F401 (re-exported)
from cxlint.refs.resolve import DEFAULT_TAXONOMIES, RefIndex, Resolution

if TYPE_CHECKING:  # pragma: no cover
    from cxlint.packs import RulePack
    from cxlint.site import Page, SiteIndex

__all__ = ["RefUse", "RefSpec", "SiteRefs", "ref_uses", "site_refs", "ref_specs"]

_ATTR = "_cxlint_refs"


class RefSpec(Value):
    """A shortcode that carries a ref target: in which positional argument or named parameter."""

    __slots__ = ("name", "position", "param", "strip", "when")
    name: str
    position: int | None
    param: str | None
    strip: re.Pattern | None
    when: re.Pattern | None

    def __init__(self, name: str, position: int | None = 0, param: str | None = "path", strip=None, when=None):
        _set(self, "name", name)
        _set(self, "position", position)
        _set(self, "param", param)
        _set(self, "strip", strip)
        _set(self, "when", when)

    def _key(self) -> tuple:
        return (self.name, self.position, self.param, self.strip, self.when)


class RefUse(Value):
    """One ref target as written in a page."""

    __slots__ = ("shortcode", "call", "arg", "target", "lang")
    shortcode: str
    call: ShortcodeCall
    arg: Arg
    target: str  # after the spec's ``strip``: what Hugo's ref receives
    lang: str | None

    def __init__(self, shortcode: str, call: ShortcodeCall, arg: Arg, target: str, lang: str | None = None):
        _set(self, "shortcode", shortcode)
        _set(self, "call", call)
        _set(self, "arg", arg)
        _set(self, "target", target)
        _set(self, "lang", lang)

    def _key(self) -> tuple:
        return (self.shortcode, self.call, self.arg, self.target, self.lang)

    @property
    def start(self) -> int:
        return self.arg.start

    @property
    def end(self) -> int:
        return self.arg.end

    def url(self) -> RefURL:
        return parse_ref(self.target)


@lru_cache(maxsize=64)
def _specs(items: tuple) -> dict[str, RefSpec]:
    out = {}
    for name, raw in items:
        raw = dict(raw)
        out[name] = RefSpec(
            name,
            raw.get("position", 0),
            raw.get("param"),
            re.compile(raw["strip"]) if raw.get("strip") else None,
            re.compile(raw["when"]) if raw.get("when") else None,
        )
    return out


def ref_specs(pack: "RulePack") -> dict[str, RefSpec]:
    """The pack's ``ref-shortcodes`` as compiled specs (``ref``/``relref`` when the pack names none)."""
    raw = pack.ref_shortcodes or {"ref": {"position": 0, "param": "path"}, "relref": {"position": 0, "param": "path"}}
    memo = pack.__dict__.get("_cxlint_ref_specs")
    if memo is not None and memo[0] == raw:  # asked for every page: compare, don't rebuild the key
        return memo[1]
    items = tuple(sorted((str(k), tuple(sorted((v or {}).items()))) for k, v in raw.items()))
    got = _specs(items)
    pack.__dict__["_cxlint_ref_specs"] = (dict(raw), got)
    return got


def ref_uses(page: "Page", pack: "RulePack") -> list[RefUse]:
    """Every ref target Hugo would resolve while rendering ``page``'s body."""
    text = page.text
    if not text or text.find("{{", page.body_start) < 0:  # (no copy of the body)
        return []
    specs = ref_specs(pack)
    if _call_probe(specs).search(text, page.body_start) is None:
        return []  # no call opens with one of these names (most pages with shortcodes)
    dead = dead_spans(text, page.body_start)
    out: list[RefUse] = []
    for call in shortcode_calls(text, page.body_start, names=specs):  # opening calls of these names only
        spec = specs[call.name]
        if dead and any(a <= call.start < b for a, b in dead):
            continue
        arg = call.arg(spec.position, spec.param)
        if arg is None:
            continue
        target = arg.value
        if spec.strip is not None:
            target = spec.strip.sub("", target, count=1)
        if spec.when is not None and not spec.when.search(target):
            continue
        lang = call.named["lang"].value if "lang" in call.named else None
        out.append(RefUse(call.name, call, arg, target, lang))
    return out


_PROBES: dict[int, tuple[dict, re.Pattern]] = {}


def _call_probe(specs: dict[str, RefSpec]) -> re.Pattern:
    """``{{<``/``{{%``, blanks, an optional ``/`` and one of the names as a whole word.

    Every call :func:`shortcode_calls` returns for these names starts so (its name
    is the whole run of name characters after the delimiter), so a page without a
    match has no ref target: its other shortcodes are not parsed one by one.
    """
    got = _PROBES.get(id(specs))
    if got is None or got[0] is not specs:
        names = "|".join(re.escape(n) for n in sorted(specs, key=len, reverse=True))
        got = _PROBES[id(specs)] = (specs, re.compile(r"\{\{[<%][ \t\r\n]*/?[ \t\r\n]*(?:" + names + r")(?![\w./-])"))
    return got[1]


class SiteRefs:
    """Site-wide ref tables: the resolver, publish facts, permalinks, anchors (lazily)."""

    def __init__(self, index: "SiteIndex"):
        from cxlint.site import _ci_get

        config = index.site.config or {}
        tax = _ci_get(config, "taxonomies")
        taxonomies = {str(k): str(v) for k, v in tax.items()} if isinstance(tax, dict) else (
            dict(DEFAULT_TAXONOMIES) if tax is None else {}
        )

        def terms() -> dict[str, set[str]]:  # every page's taxonomy values: only if a ref needs them
            found: dict[str, set[str]] = {plural: set() for plural in taxonomies.values()}
            for page in index.pages.values():
                data = page.data
                if not data:
                    continue
                for key, value in data.items():
                    plural = str(key).lower()
                    if plural in found:
                        values = value if isinstance(value, list) else [value]
                        found[plural].update(str(v) for v in values if isinstance(v, (str, int, float)) and str(v).strip())
            return found
        default_lang = str(_ci_get(config, "defaultContentLanguage") or "en")
        langs = {default_lang}
        languages = _ci_get(config, "languages")
        if isinstance(languages, dict):
            langs.update(str(k) for k in languages)
        self.languages = frozenset(l.lower() for l in langs)
        self.default_language = default_lang.lower()
        self.index = index
        self.resolver = RefIndex(index.pages.keys(), taxonomies=taxonomies, terms=terms, languages=self.languages)
        self._anchors: dict[str, set[str]] = {}
        self._texts: dict[str, object] = {}  # content path -> the page as a fix left it (see text_changed)
        self._permalinks = None
        self._build_flags: dict[str, bool] | None = None
        self._unpublished: dict[str, tuple] = {}  # see unpublished()

    def resolve(self, target: str, context: str) -> Resolution:
        return self.resolver.resolve(target, context)

    def anchors(self, content_path: str) -> set[str]:
        """Fragments the page offers, scanned when first asked for (from the page as a fix
        left it, or its file read again).

        Only the targets of ``#fragment`` refs and links are asked for (34 of the real
        site's 4,044 pages): scanning every page where it is parsed cost 8% of a cold run.
        The index is told (:meth:`~cxlint.site.SiteIndex.read_body`): a cached result
        that looked at a page's headings holds only while that page is unchanged.
        """
        self.index.read_body(content_path)
        got = self._anchors.get(content_path)
        if got is None:
            from cxlint.refs.anchors import page_anchors

            page = self._texts.get(content_path) or self.index.pages.get(content_path)
            got = set()
            if page is not None and not hasattr(page, "body"):
                from cxlint.site import load_page

                page = load_page(Path(page.path), self.index.site.content_dir)
            if page is not None and page.text:
                got = page_anchors(page.text, page.body_start)
            self._anchors[content_path] = got
        return got

    def text_changed(self, content_path: str, page) -> bool:
        """The page at ``content_path`` is now ``page`` (a fix changed its text, not yet
        written): its anchors are read from it from now on. Whether those asked for before
        differ now (then results that read them no longer hold)."""
        self._texts[content_path] = page
        old = self._anchors.pop(content_path, None)
        return old is not None and self.anchors(content_path) != old

    @property
    def build_flags(self) -> dict[str, bool]:
        """The config's ``buildDrafts``/``buildExpired``/``buildFuture`` (asked for every page with refs)."""
        if self._build_flags is None:
            from cxlint.refs.publish import site_build_flags

            self._build_flags = site_build_flags(self.index.site.config)
        return self._build_flags

    def unpublished(self, content_path: str, build_date) -> str | None:
        """Why the site's page at ``content_path`` is not built at ``build_date`` (None: it
        is, or there is no such page); once per page (REF004 and REF005 ask per link)."""
        page = self.index.pages.get(content_path)
        if page is None:
            return None
        got = self._unpublished.get(content_path)
        if got is None or got[0] is not page or got[1] != build_date:  # the fixer may replace a page's facts
            from cxlint.refs.publish import unpublished_reason

            got = self._unpublished[content_path] = (page, build_date, unpublished_reason(page.data, build_date, self.build_flags))
        return got[2]

    @property
    def permalinks(self):
        if self._permalinks is None:
            from cxlint.refs.permalinks import PermalinkMap

            # REF005's page facts hold each page's URL paths, computed where pages are parsed
            # (then the page's kind and data are not asked for: ``kind`` is worked out)
            index = self.index
            pages, extra_of = index.pages, index.extra_of
            rows = (
                (cp, None, None, paths) if (paths := extra_of(cp, "REF005")) is not None
                else (cp, pages[cp].kind, pages[cp].data, None)
                for cp in pages
            )
            self._permalinks = PermalinkMap(rows, self.index.site.config or {})
        return self._permalinks


def anchors_changed(index: "SiteIndex", content_path: str, page) -> bool:
    """:meth:`SiteRefs.text_changed` of the index's ref tables (False when none were built)."""
    refs = getattr(index, _ATTR, None)
    return refs is not None and refs.text_changed(content_path, page)


def site_refs(index: "SiteIndex") -> SiteRefs:
    """The ref tables for this index, built on first use and kept on the index object."""
    got = getattr(index, _ATTR, None)
    if got is None:
        got = SiteRefs(index)
        setattr(index, _ATTR, got)
    return got



class ResolvedUse(Value):
    __slots__ = ("use", "url", "error", "resolution")
    use: RefUse
    url: RefURL | None  # None when the target is not a URL Go can parse
    error: str | None  # why Hugo fails on this target before any lookup
    resolution: Resolution | None  # None when nothing is looked up (no path part, or error)

    def __init__(self, use: RefUse, url: RefURL | None, error: str | None, resolution: Resolution | None):
        _set(self, "use", use)
        _set(self, "url", url)
        _set(self, "error", error)
        _set(self, "resolution", resolution)

    def _key(self) -> tuple:
        return (self.use, self.url, self.error, self.resolution)


_PAGE_ATTR = "_cxlint_resolved_refs"


def resolved_uses(page: "Page", index: "SiteIndex", pack: "RulePack") -> list[ResolvedUse]:
    """Every ref of ``page`` with its lookup result; computed once per page and shared by REF00x."""
    got = getattr(page, _PAGE_ATTR, None)
    if got is not None and got[0] is pack:
        return got[1]
    out: list[ResolvedUse] = []
    uses = ref_uses(page, pack)
    refs = site_refs(index) if uses else None  # the site tables only when there is a ref to resolve
    for use in uses:
        try:
            url = use.url()
        except URLError as exc:
            out.append(ResolvedUse(use, None, f"not a valid URL ({exc})", None))
            continue
        if use.lang is not None and use.lang.lower() not in refs.languages:
            out.append(ResolvedUse(use, url, f"language {use.lang!r} is not configured", None))
            continue
        resolution = refs.resolve(url.path, page.content_path) if url.path else None
        out.append(ResolvedUse(use, url, None, resolution))
    setattr(page, _PAGE_ATTR, (pack, out))
    return out
