"""Own-site links: map the old WordPress URLs to Hugo refs that resolve.

The map is built from the site (every page's permalink, ``url`` and
``aliases``) plus the batch being migrated, so a post may link to another
post of the same batch. Refs are written in the two forms whose resolution
is simple and documented (see notes/hugo-ref-resolution.md): a bare file
name that is unique in the site, or an absolute content path.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

from cxlint.migrate.settings import MigrateSettings
from cxlint.site import SiteIndex

_POST = re.compile(r"^/(\d{4})/(\d{2})/(\d{2})/([^/?#]+)/?(?:([^/?#]+)/?)?$")
# nested categories (/category/code/api/) name their last segment
_TERM = re.compile(r"^/(category|tag|topics|author|authors)/(?:[^/?#]+/)*([^/?#]+)/?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def _unpublished(data: dict, today: _dt.date) -> bool:
    if data.get("draft") is True:
        return True
    for key in ("expirydate", "expiryDate", "expiry_date"):
        m = _DATE.match(str(data.get(key) or ""))
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) <= today
            except ValueError:
                return False
    return False


@dataclass
class LinkTarget:
    """What an own-site URL became: a ref, a plain URL, or nothing (unresolved)."""

    ref: str | None = None  # value for {{< ref "..." >}}
    path: str | None = None  # the content path the ref lands on
    url: str | None = None  # a plain URL replacement (files, search)
    note: str | None = None  # why it needs a human
    # keep the text, drop the link: the page will not be built (draft, expired), or an
    # old post URL names no page at all (a dead link; a ref would break the build)
    unlink: bool = False
    attention: bool = False  # the ref is a choice a human should check (not only information)


class Unpublished(Exception):
    """The link's page is a draft or expired."""


def _norm(path: str) -> str:
    path = unquote(path).lower()
    if not path.startswith("/"):
        path = "/" + path
    return path if path.endswith("/") else path + "/"


class SiteLinks:
    """Lookup from old own-site URL paths to pages of the site + batch."""

    def __init__(self, index: SiteIndex, settings: MigrateSettings, batch: dict[str, dict],
                 today: _dt.date | None = None):
        """``batch``: content path -> front-matter data of the posts being migrated."""
        self.index = index
        self.settings = settings
        self.base_url = index.site.base_url.rstrip("/")
        self.by_url: dict[str, str] = {}
        self.by_slug: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.by_stem: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.names: dict[str, set[str]] = defaultdict(set)  # lower base name -> content paths
        self.paths: set[str] = set()
        self.by_day: dict[str, list[str]] = defaultdict(list)  # 'YYYY-MM-DD-' -> dated pages
        self.unpublished: set[str] = set()  # drafts and expired pages: a ref to them breaks the build
        # the build date the site is judged at (--build-date / config), as `cxlint check` does
        self.today = today or getattr(index, "build_date", None) or _dt.date.today()
        permalinks = index.site.config.get("permalinks") or {}
        pages = {p: pg.data for p, pg in index.pages.items()}
        pages.update(batch)
        self._claims: dict[str, set[tuple[int, str]]] = defaultdict(set)  # url -> {(0 own / 1 alias, path)}
        for path, data in pages.items():
            self._add(path, data if isinstance(data, dict) else {}, permalinks)
        # One URL, several pages (a post's alias is another's permalink): the choice must not
        # depend on the order pages were read (a second run reads the first run's output with
        # the site), so the rule is fixed: a page Hugo builds wins over a draft or expired one
        # (which serves nothing), then a page's own URL over another page's alias, then the
        # content path that sorts first. The link's note names the others.
        self.clashes: dict[str, list[tuple[int, str]]] = {}
        for url, claims in self._claims.items():
            ranked = sorted(claims, key=lambda claim: (claim[1] in self.unpublished, claim))
            self.by_url[url] = ranked[0][1]
            if len({p for _, p in ranked}) > 1:
                self.clashes[url] = ranked

    def _add(self, path: str, data: dict, permalinks: dict) -> None:
        self.paths.add(path.lower())
        name = path.rsplit("/", 1)[-1]
        if _DATE.match(name):
            self.by_day[name[:11].lower()].append(path)
        if name in ("_index.md", "index.md") and "/" in path:
            # Hugo's base-name lookup also knows sections and bundles by folder name
            leaf = path.rsplit("/", 2)[-2].lower()
            self.names[leaf + ".md"].add(path)
            self.names[leaf].add(path)
        if _unpublished(data, self.today):
            self.unpublished.add(path)
        self.names[name.lower()].add(path)
        self.names[name.lower()[:-3]].add(path)  # refs may omit '.md'
        parts = path.split("/")
        section = parts[0] if len(parts) > 1 else ""
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        slug = str(data.get("slug") or "")
        if name in ("_index.md", "index.md"):
            urls = ["/" + folder]
            slug = slug or folder.rsplit("/", 1)[-1]
        else:
            stem = name[:-3]
            slug = slug or stem
            urls = ["/" + (folder + "/" if folder else "") + slug]
            pattern = permalinks.get(section) if isinstance(permalinks, dict) else None
            m = _DATE.match(str(data.get("date") or ""))
            if isinstance(pattern, str) and m:
                y, mo, d = m.group(1), f"{int(m.group(2)):02d}", f"{int(m.group(3)):02d}"
                urls.append("/" + pattern.replace(":year", y).replace(":month", mo).replace(":day", d)
                            .replace(":slug", slug).replace(":filename", stem).replace(":section", section))
        if isinstance(data.get("url"), str):
            urls.append(data["url"])
        aliases = data.get("aliases")
        if isinstance(aliases, list):
            urls.extend(str(a) for a in aliases)
        if path in self.settings.gone_pages:
            return  # its aliases collect removed URLs: never a link target
        own = len(urls) - (len(aliases) if isinstance(aliases, list) else 0)
        for i, url in enumerate(urls):
            self._claims[_norm(url)].add((0 if i < own else 1, path))
        self.by_slug[(section, slug.lower())].add(path)
        if name not in ("_index.md", "index.md"):
            # WordPress served a page at its file name; Hugo serves it at its slug
            self.by_stem[(section, name[:-3].lower())].add(path)

    # ---------------------------------------------------------------- refs
    def ref_for(self, path: str) -> str:
        """The shortest ref that resolves to ``path`` from anywhere (raises Unpublished)."""
        if path in self.unpublished:
            raise Unpublished(path)
        name = path.rsplit("/", 1)[-1]
        if name == "_index.md":
            return "/" + path[: -len("/_index.md")] if "/" in path else "/"
        if name == "index.md":
            return "/" + path[: -len("/index.md")]
        if len(self.names.get(name.lower(), ())) == 1:
            return name
        return "/" + path

    def resolves(self, ref: str) -> bool:
        """Does a ref in one of the forms we write resolve (Hugo's lookup, simplified)?"""
        target = ref.split("#", 1)[0].split("?", 1)[0]
        if not target:
            return False
        if target.startswith("/"):
            t = target.strip("/").lower()
            if t == "":
                return "_index.md" in self.paths
            return any(c in self.paths for c in (t, t + ".md", t + "/_index.md", t + "/index.md"))
        if "/" in target:
            return target.lower() in self.paths or target.lower() + ".md" in self.paths
        return len(self.names.get(target.lower(), ())) == 1

    # ---------------------------------------------------------------- lookup
    def resolve(self, url: str) -> LinkTarget:
        """``url`` is an own-site URL (host already recognised)."""
        try:
            target = self._resolve(url)
        except Unpublished as exc:
            return LinkTarget(unlink=True, note=f"link target {exc.args[0]!r} is expired or a draft: link removed, text kept")
        query = url.split("#", 1)[0].partition("?")[2]
        if target.ref is not None and query:
            # a ref names a page, it cannot carry a query: say what the link loses
            dropped = f"query string '?{query}' dropped: a ref cannot carry it; check the page still works without"
            target.note = f"{target.note}; {dropped}" if target.note else dropped
            target.attention = True
        return target

    def _ref(self, path: str, anchor: str, note: str | None = None) -> LinkTarget:
        return LinkTarget(ref=self.ref_for(path) + anchor, path=path, note=note)

    def missing_anchor(self, target: LinkTarget) -> str | None:
        """The ``#fragment`` of a ref to a site page that has no such heading or id (REF003's test)."""
        if not target.ref or "#" not in target.ref or target.path not in self.index.pages:
            return None
        from cxlint.refs import site_refs

        frag = target.ref.split("#", 1)[1]
        return None if frag in site_refs(self.index).anchors(target.path) else frag

    def _resolve(self, url: str) -> LinkTarget:
        m = re.match(r"^https?://[^/?#]+", url)
        rest = url[m.end():] if m else url
        rest = rest.replace("\\_", "_")
        path, _, frag = rest.partition("#")
        path, _, query = path.partition("?")
        path = path or "/"
        anchor = "#" + frag if frag else ""
        # uploaded files: the file store
        for old, new in self.settings.file_prefixes.items():
            if url.replace("\\_", "_").lower().startswith(old.lower()):
                return LinkTarget(url=new + url.replace("\\_", "_")[len(old):])
        if query and path.strip("/") == "":
            return LinkTarget(url=self.base_url + rest, note=f"search link {rest!r} kept as a URL on {self.base_url}")
        hit = self.by_url.get(_norm(path))
        if hit:
            clash = self.clashes.get(_norm(path))
            if clash:
                claims = " and ".join(dict.fromkeys(f"an alias of '{p}'" if rank else f"the URL of '{p}'"
                                                    for rank, p in clash))
                why = "a published page wins over a draft or expired one, " if any(p in self.unpublished for _, p in clash) else ""
                target = self._ref(hit, anchor, note=f"URL {path!r} is {claims}: linked to '{hit}' ({why}a page's "
                                                     "own URL wins over an alias, then the first content path); check")
                target.attention = True
                return target
            return self._ref(hit, anchor)
        pm = _POST.match(path)
        if pm:
            y, mo, d, slug, extra = pm.groups()
            # WordPress appends '-2' to a re-used slug; the post itself kept the plain one
            plain = re.sub(r"-\d+$", "", slug)
            for cand in dict.fromkeys((f"{y}-{mo}-{d}-{slug}.md", f"{y}-{mo}-{d}-{plain}.md")):
                paths = self.names.get(cand.lower(), set())
                if len(paths) == 1:
                    hit = next(iter(paths))
                    break
            if not hit:
                paths = self.by_slug.get((self.settings.section, slug.lower()), set())
                if len(paths) == 1:
                    hit = next(iter(paths))
            if not hit:  # a typo in the old link's slug: one post that day with a near-identical slug
                import difflib

                prefix = f"{y}-{mo}-{d}-"
                near = [p for p in self.by_day.get(prefix, ())
                        if difflib.SequenceMatcher(None, p.rsplit("/", 1)[-1][len(prefix):-3].lower(), slug.lower()).ratio() >= 0.9]
                if len(set(near)) == 1:
                    return self._ref(near[0], anchor,
                                     note=f"post link {path!r} matched by a near-identical slug on the same day")
            if hit:
                if extra:  # a WordPress attachment page under the post: link the post
                    return self._ref(hit, anchor, note=f"link to attachment page {path!r} now points at its post")
                return self._ref(hit, anchor)
            return LinkTarget(unlink=True, note=f"own-site post link {path!r} matches no page of the site or batch: "
                                                "link removed, text kept")
        tm = _TERM.match(path)
        if tm:
            kind, name = tm.group(1), unquote(tm.group(2))
            if kind in ("category", "tag", "topics"):
                from cxlint.migrate.fields import slug_candidates

                table = self.settings.topic_table
                slug = table.get(name) or next(
                    (s for s in (self.index.canonical_topic(c) for c in slug_candidates(name)) if s), None
                )
                if slug and f"topics/{slug}/_index.md" in self.paths:
                    if f"topics/{slug}/_index.md" in self.unpublished:
                        raise Unpublished(f"topics/{slug}/_index.md")
                    return LinkTarget(ref=f"/topics/{slug}" + anchor, path=f"topics/{slug}/_index.md")
                return LinkTarget(note=f"link to {kind} {name!r} matches no topic page")
            term = self.index.author(name)
            if term is not None and term.content_path.lower() in self.paths:
                return self._ref(term.content_path, anchor)
            return LinkTarget(note=f"link to author {name!r} matches no author page")
        # a page moved inside its section: same section, same unique slug
        segs = [s for s in path.split("/") if s]
        if segs:
            section = segs[0]
            candidates = set()
            for sec in {section, section + "s", section.rstrip("s")}:
                candidates |= self.by_slug.get((sec, segs[-1].lower()), set())
            if not candidates:  # the old URL is the page's file name, its slug changed since
                for sec in {section, section + "s", section.rstrip("s")}:
                    candidates |= self.by_stem.get((sec, segs[-1].lower()), set())
            if len(candidates) == 1:
                return self._ref(next(iter(candidates)), anchor)
        return LinkTarget(note=f"own-site link {path!r} matches no page of the site or batch")
