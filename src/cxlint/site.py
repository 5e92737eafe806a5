"""The Hugo site model: discovery, pages, and the read-only site index.

The index is built once per run from every content page's front matter and
answers the site-scope questions rules ask (does this topic exist, which
canonical topic does a legacy alias name, which pages live where).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cxlint.document import DecodeError, Document, decode_bytes
from cxlint.values import Value, _set
from cxlint import frontmatter as fmmod
from cxlint.frontmatter import FrontMatter, FrontMatterError

CONFIG_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
DEFAULT_TAXONOMIES = {"topic": "topics", "author": "authors"}
#: folders never walked: VCS data, dependencies, our own cache
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".cxlint_cache", "__pycache__"}
#: Hugo build output, skipped only at the site root
BUILD_DIRS = {"public", "resources"}

#: file suffixes of Hugo's content formats: each such file under content is a page to Hugo
#: (ref targets, sections, bundles), whichever format it is written in
CONTENT_SUFFIXES = frozenset(
    {".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".asciidoc", ".ad", ".pandoc", ".pdc", ".rst", ".org"}
)
#: the Markdown ones: the pages cxlint checks with every page rule
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
#: HTML content pages: checked by the rules that target ``html`` (front matter, refs); the
#: other formats (AsciiDoc, Org...) are indexed, not checked
HTML_SUFFIXES = frozenset({".html", ".htm"})
CHECKED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES


def suffix_of(name: str) -> str:
    """What follows the last dot of a file name or path's last part, lowercased, with the dot
    ('' for none; a leading dot, ``.hidden``, starts a name, as in ``os.path.splitext``)."""
    base = name.rfind("/") + 1
    dot = name.rfind(".", base)
    return name[dot:].lower() if dot > base else ""


def index_stem(name: str) -> str | None:
    """``"_index"`` or ``"index"`` for a section's or a leaf bundle's content file
    (``_index.md``, ``index.html``...), else None."""
    stem, dot, _ = name.rpartition(".")
    if stem in ("_index", "index") and suffix_of(name) in CONTENT_SUFFIXES:
        return stem
    return None


class SiteConfigError(Exception):
    """The Hugo config file cannot be read."""


@dataclass
class Site:
    """Where a Hugo site is on disk and what its config says."""

    root: Path  # site root (folder holding the config), or the bare content folder
    content_dir: Path
    config_file: Path | None = None
    config: dict = field(default_factory=dict)

    @property
    def taxonomies(self) -> dict[str, str]:
        tax = _ci_get(self.config, "taxonomies")
        if isinstance(tax, dict) and tax:
            return {str(k): str(v) for k, v in tax.items()}
        return dict(DEFAULT_TAXONOMIES)

    @property
    def base_url(self) -> str:
        return str(_ci_get(self.config, "baseURL") or "")

    @property
    def data_dir(self) -> Path:
        return self.root / str(_ci_get(self.config, "dataDir") or "data")


def _ci_get(mapping: dict, key: str):
    """Hugo config keys are case-insensitive."""
    low = key.lower()
    for k, v in mapping.items():
        if str(k).lower() == low:
            return v
    return None


_CONFIGS: dict[tuple, dict] = {}


def load_hugo_config(path: Path) -> dict:
    """The site config as data; read once per process while the file is unchanged."""
    try:
        st = path.stat()
        key = (os.fspath(path), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    got = _CONFIGS.get(key) if key else None
    if got is None:
        got = _read_hugo_config(path)
        if key:
            _CONFIGS[key] = got
    return got


def _read_hugo_config(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix == ".toml":
            try:
                import tomllib
            except ModuleNotFoundError:  # pragma: no cover
                import tomli as tomllib  # type: ignore[no-redef]
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=fmmod._Loader)
    except Exception as exc:  # any parser's error: report it with the file
        raise SiteConfigError(f"{path}: cannot read Hugo config: {exc}") from None
    return data if isinstance(data, dict) else {}


def find_site(start: Path) -> Site:
    """Walk up from ``start`` to the folder with a Hugo config; else treat ``start`` as content."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                config = load_hugo_config(candidate)
                content = str(_ci_get(config, "contentDir") or "content")
                return Site(folder, (folder / content).resolve(), candidate, config)
    return Site(here, here)


# --------------------------------------------------------------------------- pages


class ContentPathMixin:
    """Facts derived from a page's content path (shared by Page and PageFacts)."""

    content_path: str

    @property
    def file_name(self) -> str:
        return self.content_path.rpartition("/")[2]

    @property
    def kind(self) -> str:
        """``home``, ``section`` (an ``_index.md``), ``bundle`` (``index.md``) or ``page``
        (``_index.html``, ``index.markdown``... the same)."""
        name = self.file_name
        if name == "_index.md":  # (the Markdown names first: nearly every site's only ones)
            stem = "_index"
        elif name == "index.md":
            stem = "index"
        else:
            stem = index_stem(name) if name[:1] in "_i" and not name.endswith(".md") else None
        if stem == "_index":
            return "home" if "/" not in self.content_path else "section"
        if stem == "index":
            return "bundle"
        return "page"

    @property
    def section(self) -> str:
        """Top-level content folder ('' for pages at the content root)."""
        head, sep, _ = self.content_path.partition("/")
        return head if sep else ""

    @property
    def folder(self) -> str:
        """The page's folder relative to the content root ('' at the root)."""
        return self.content_path.rpartition("/")[0]


@dataclass
class Page(ContentPathMixin, Document):
    """A content page (Markdown, or HTML) with its parsed front matter."""

    content_path: str = ""  # POSIX path relative to the content folder
    front: FrontMatter | None = None
    error: FrontMatterError | DecodeError | None = None
    body_start: int = 0

    @property
    def is_html(self) -> bool:
        """An HTML content page (``.html``/``.htm``): the rules that target ``html`` check it."""
        return suffix_of(self.content_path) in HTML_SUFFIXES

    @property
    def data(self) -> dict:
        return self.front.data if self.front else {}

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass
class PageFacts(ContentPathMixin):
    """What the site index keeps of every page: cheap to send between processes and to cache.

    ``extra`` holds per-rule facts computed from the full page by
    :meth:`cxlint.rule.Rule.page_facts` (e.g. the URL paths a page answers at, for REF005),
    keyed by rule code.
    """

    content_path: str
    path: str  # absolute file path
    data: dict
    parsed: bool = True  # False when the page could not be read or its front matter is invalid
    extra: dict = field(default_factory=dict)

    @classmethod
    def of(cls, page: "Page", extractors=(), file: str | None = None) -> "PageFacts":
        """``file``: the page's path as a string, when the caller has it (``str(page.path)``
        formats the whole path again: ~1% of a large site's parse)."""
        facts = cls(page.content_path, file if file is not None else str(page.path), page.data, page.error is None)
        for rule in extractors:
            value = rule.page_facts(page)
            if value is not None:
                facts.extra[rule.code] = value
        return facts


_DISPLAY_DIRS: dict[tuple[str, str], str | None] = {}


def display_path(path: Path | str, cwd: Path | str | None = None) -> str:
    """POSIX path relative to ``cwd`` when inside it (or a short ``../`` path), else absolute."""
    p = os.fspath(path)
    base = os.fspath(cwd or os.getcwd()).rstrip(os.sep) + os.sep
    if p.startswith(base):
        rel = p[len(base):]
    else:
        # relpath is slow and a run asks for thousands of files in a few folders
        folder, sep, name = p.rpartition(os.sep)
        rel_folder = _DISPLAY_DIRS.get((folder, base)) or _rel_folder(folder, base)
        rel = name if rel_folder == "." else rel_folder + os.sep + name
        if rel.startswith(".." + os.sep + ".."):
            rel = p
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


def _plain_absolute(path: str) -> bool:
    return path[:1] == os.sep and os.sep + "." not in path and os.sep + os.sep not in path


def _rel_folder(folder: str, base: str) -> str:
    """``os.path.relpath(folder, base)``, remembered; from the parent folder's plus the name
    (every folder of a site costs one string join, not a relpath).

    The shortcut holds when both are absolute and normal (no empty, ``.`` or ``..``
    part: relpath normalizes; names starting with a dot just take relpath) and the
    folder is neither ``base`` nor an ancestor of it: then the two share the parts the
    parent and ``base`` share, and the name is one more part below them.
    """
    key = (folder, base)
    rel = _DISPLAY_DIRS.get(key)
    if rel is not None:
        return rel
    parent, _, leaf = folder.rpartition(os.sep)
    if parent and leaf and _plain_absolute(folder) and _plain_absolute(base) and not base.startswith(folder + os.sep):
        up = _rel_folder(parent, base)
        rel = leaf if up == "." else up + os.sep + leaf
    if rel is None:
        rel = os.path.relpath(folder or os.sep, base)
    _DISPLAY_DIRS[key] = rel
    return rel


#: folder -> its Path: a page's Path is its folder's joined with its name (~3x cheaper
#: than parsing the whole path again; a site's pages are in a few folders)
_FOLDER_PATHS: dict[str, Path] = {}


def _path_of(file: str) -> Path:
    """``Path(file)``, from the folder's Path (POSIX: Windows drives and a ``//`` root
    parse differently in parts)."""
    folder, sep, name = file.rpartition("/")
    if not sep or not name or os.sep != "/" or file[:2] == "//":
        return Path(file)
    parent = _FOLDER_PATHS.get(folder)
    if parent is None:
        if len(_FOLDER_PATHS) >= 65536:
            _FOLDER_PATHS.clear()
        parent = _FOLDER_PATHS[folder] = Path(folder or os.sep)
    return parent / name


def content_path_of(path: Path | str, content_dir: Path | str) -> str:
    p = os.fspath(path)
    return content_paths_of([p], content_dir)[p]


def content_paths_of(paths: list[str], content_dir: Path | str) -> dict[str, str]:
    """File path -> content path (``/``-separated, relative to the content folder) of each of ``paths``."""
    base = os.fspath(content_dir).rstrip(os.sep) + os.sep
    n = len(base)
    out: dict[str, str] = {}
    for p in paths:
        rel = p[n:] if p.startswith(base) else os.path.basename(p)
        out[p] = rel.replace(os.sep, "/") if os.sep != "/" else rel
    return out


def load_page(path: Path | str, content_dir: Path, cwd: Path | None = None, data: bytes | None = None) -> Page:
    """Read and parse one page. Never raises for bad content: errors land in ``page.error``."""
    if isinstance(path, Path):
        file = os.fspath(path)
    else:
        file, path = path, _path_of(path)
    page = Page(path, display_path(file, cwd), "", content_path=content_path_of(file, content_dir))
    try:
        if data is None:
            with open(path, "rb") as fh:
                data = fh.read()
        page.text, page.bom = decode_bytes(data)
    except DecodeError as exc:
        page.error = exc
        return page
    except OSError as exc:
        page.error = DecodeError(f"cannot read file: {exc.strerror or exc}")
        return page
    try:
        where = fmmod.split(page.text)
        if where.format:
            page.front = fmmod.parse(page.text, where)
        page.body_start = where.end
    except FrontMatterError as exc:
        page.error = exc
        page.body_start = 0
    return page


# --------------------------------------------------------------------------- index

_TOPIC_ALIAS = re.compile(r"^/?(?P<tax>[^/]+)/(?P<name>[^/]+)/?$")


class Term(Value):
    """A taxonomy term page (a topic or an author)."""

    __slots__ = ("slug", "title", "content_path", "aliases")
    slug: str
    title: str
    content_path: str
    aliases: tuple[str, ...]

    def __init__(self, slug: str, title: str, content_path: str, aliases: tuple[str, ...] = ()):
        _set(self, "slug", slug)
        _set(self, "title", title)
        _set(self, "content_path", content_path)
        _set(self, "aliases", aliases)

    def _key(self) -> tuple:
        return (self.slug, self.title, self.content_path, self.aliases)


_PATH_PUNCT = frozenset("./\\_#+~-@")


def _retired(data: dict, build_date) -> bool:
    """Draft, or expired on or before ``build_date`` (Hugo's rule for expirydate)."""
    import datetime as _dt

    if data.get("draft") is True:
        return True
    raw = next((v for k, v in data.items() if str(k).lower() == "expirydate"), None)
    if raw is None or raw == "":
        return False
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(raw))
    if not m:
        return False
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) <= build_date
    except ValueError:
        return False


def fold_term(name: str) -> str:
    """The term key Hugo files ``name`` under (``urlize`` + lower-case).

    Mirrors Hugo's ``PathSpec.MakePathSanitized``: letters, digits, marks and
    ``. / \\ _ # + ~ - @`` (and ``%XX`` escapes) are kept, a run of spaces
    becomes one hyphen, anything else is dropped; then lower-cased. So
    ``"Customer Experience"`` -> ``customer-experience``, ``"Ex-Im Bank"`` ->
    ``ex-im-bank``, ``"U.S. Census (2020)"`` -> ``u.s.-census-2020``.
    """
    src = str(name)
    got = _FOLDED.get(src)
    if got is None:
        got = _fold(src)
        if len(_FOLDED) < 16384:  # a site repeats a few hundred topic and author names
            _FOLDED[src] = got
    return got


#: name as written -> its folded term key (a pure function of the text: shared by every index)
_FOLDED: dict[str, str] = {}


def _fold(src: str) -> str:
    out: list[str] = []
    pending_hyphen = was_hyphen = False
    for i, ch in enumerate(src):
        allowed = ch in _PATH_PUNCT or ch.isalnum() or unicodedata.category(ch).startswith("M")
        if not allowed and ch == "%" and re.match(r"[0-9A-Fa-f]{2}", src[i + 1 : i + 3]):
            allowed = True
        if allowed:
            was_hyphen = ch == "-"
            if pending_hyphen and not was_hyphen:
                out.append("-")
            pending_hyphen = False
            out.append(ch)
        elif out and not was_hyphen and ch.isspace():
            pending_hyphen = True
    return "".join(out).lower()


class TopicMatch(Value):
    """How a topic name as written resolves: ``how`` is slug, variant or alias."""

    __slots__ = ("slug", "how")
    slug: str
    how: str  # "slug": exactly a topic slug; "variant": same term after Hugo's folding; "alias"

    def __init__(self, slug: str, how: str):
        _set(self, "slug", slug)
        _set(self, "how", how)

    def _key(self) -> tuple:
        return (self.slug, self.how)


class SiteIndex:
    """Read-only facts about the whole site, built once from every page."""

    def __init__(self, site: Site, pages: dict[str, PageFacts], build_date=None):
        import datetime as _dt

        self.site = site
        self.pages = pages  # content_path -> PageFacts (every page of the site)
        self.build_date = build_date or _dt.date.today()
        tax = site.taxonomies
        self.topic_taxonomy = tax.get("topic", "topics") if "topic" in tax else next(
            (v for v in tax.values() if v == "topics"), "topics"
        )
        self.author_taxonomy = tax.get("author", "authors") if "author" in tax else "authors"
        self.topics = self._terms(self.topic_taxonomy)
        self.authors = self._terms(self.author_taxonomy)
        #: whether the site keeps a page per topic / author: some term page, or the taxonomy's
        #: own section page (content/topics/_index.md) even when every term page is gone;
        #: then a name without a page is unknown (a site without them is not judged)
        self.topics_kept = bool(self.topics) or self._has_section_page(self.topic_taxonomy)
        self.authors_kept = bool(self.authors) or self._has_section_page(self.author_taxonomy)
        self.topic_aliases = self._aliases(self.topics, self.topic_taxonomy)
        self._retire_merged_topics()
        self._topic_memo: dict[str, TopicMatch | None] = {}  # see resolve_topic()
        #: while the engine checks one document with a cache: the content paths of the pages
        #: whose text (not only facts) its site-scope rules read (see :meth:`read_body`)
        self.body_reads: list[str] | None = None

    def read_body(self, content_path: str) -> None:
        """Say that a site-scope check reads the text of the page at ``content_path`` (e.g.
        its headings), not only its facts: the cached results of the document checked then
        hold until that page's content changes (only facts changes reach the site digest)."""
        if self.body_reads is not None:
            self.body_reads.append(content_path)

    def extra_of(self, content_path: str, code: str) -> Any:
        """What rule ``code``'s ``page_facts()`` gave for the page at ``content_path`` (None:
        nothing). Same as ``self.pages[content_path].extra.get(code)``, but a site table built
        from every page's facts (REF005's permalinks) should read them here: on a large site
        the run has them without unpickling each page's whole facts."""
        extra_of = getattr(self.pages, "extra_of", None)
        if extra_of is not None:
            return extra_of(content_path, code)
        return (getattr(self.pages[content_path], "extra", None) or {}).get(code)

    def _retire_merged_topics(self) -> None:
        """A topic page that is expired or draft, and that another topic lists in its
        ``aliases``, was merged into that topic: its name now resolves as an alias.

        (digital.gov keeps ``topics/user-centered-design/`` with an ``expirydate``
        after merging it into ``human-centered-design``.)
        """
        for name, canonical in list(self.topic_aliases.items()):
            term = self.topics.get(name)
            if term is None or term.slug == canonical:
                continue
            facts = self.pages.get(term.content_path)
            if facts is not None and _retired(facts.data, self.build_date):
                for key in [k for k, t in self.topics.items() if t is term]:
                    del self.topics[key]

    def _has_section_page(self, folder: str) -> bool:
        prefix = folder + "/_index."
        return any(p.startswith(prefix) and index_stem(p[len(folder) + 1 :]) == "_index" for p in self.pages)

    def _terms(self, taxonomy: str) -> dict[str, Term]:
        terms: dict[str, Term] = {}
        prefix = taxonomy + "/"
        for path in self.pages:  # keys first: the facts of other pages are not needed
            if not path.startswith(prefix):
                continue
            folder, _, name = path[len(prefix) :].rpartition("/")
            if not folder or "/" in folder or index_stem(name) != "_index":
                continue
            data = self.pages[path].data
            slug = str(data.get("slug") or folder)
            aliases = data.get("aliases") or []
            if not isinstance(aliases, list):
                aliases = [aliases]
            term = Term(slug, str(data.get("title") or slug), path, tuple(str(a) for a in aliases))
            terms[slug] = term
            if folder != slug:
                terms.setdefault(folder, term)
        return terms

    @staticmethod
    def _aliases(terms: dict[str, Term], taxonomy: str) -> dict[str, str]:
        """legacy term name -> canonical slug, from ``aliases: [/topics/<legacy>/]``."""
        out: dict[str, str] = {}
        for term in terms.values():
            for alias in term.aliases:
                m = _TOPIC_ALIAS.match(alias.strip())
                if m and m.group("tax") == taxonomy and m.group("name") != term.slug:
                    out.setdefault(m.group("name"), term.slug)
        return out

    def canonical_topic(self, name: str) -> str | None:
        """The canonical topic slug for a name as written, via folding and aliases."""
        match = self.resolve_topic(name)
        return match.slug if match else None

    def resolve_topic(self, name: str) -> TopicMatch | None:
        """Resolve a topic name: an exact slug, a spelling Hugo folds onto one, or a legacy alias.

        Remembered per name: four TAX rules ask about every topic of every page, and
        a site's pages repeat a few hundred names (the index does not change once built).
        """
        name = str(name)
        memo = self._topic_memo
        if name in memo:
            return memo[name]
        got = memo[name] = self._resolve_topic(name)
        return got

    def _resolve_topic(self, name: str) -> TopicMatch | None:
        term = self.topics.get(name)
        if term is not None:  # the slug, or the term folder when the slug differs
            return TopicMatch(term.slug, "slug")
        folded = fold_term(name)
        term = self.topics.get(folded)
        if term is not None:
            return TopicMatch(term.slug, "variant")
        target = self.topic_aliases.get(name) or self.topic_aliases.get(folded)
        if target is not None:
            return TopicMatch(target, "alias")
        return None

    def author(self, name: str) -> Term | None:
        return self.authors.get(name) or self.authors.get(fold_term(name))

    @cached_property
    def author_names(self) -> dict[str, str]:
        """Folded person names of the author pages -> author slug.

        From each author page's ``display_name``, ``title`` and
        ``first_name`` + ``last_name`` (digital.gov's author pages have no
        title), so a byline written as a name (``Rachel Flagg``) finds the
        author filed as ``rflagg``.
        """
        out: dict[str, str] = {}
        for term in self.authors.values():
            page = self.pages.get(term.content_path)
            data = page.data if page is not None else {}
            for key in ("display_name", "title"):
                name = data.get(key)
                if isinstance(name, str) and name.strip():
                    out.setdefault(fold_term(name), term.slug)
            first, last = data.get("first_name"), data.get("last_name")
            if isinstance(first, str) and isinstance(last, str):
                out.setdefault(fold_term(f"{first} {last}"), term.slug)
        return out

    def author_by_name(self, name: str) -> Term | None:
        """The author page for ``name`` written as a slug or as the person's name."""
        term = self.author(name)
        if term is None:
            slug = self.author_names.get(fold_term(name))
            term = self.authors.get(slug) if slug else None
        return term

    @cached_property
    def sections(self) -> set[str]:
        return {p.rsplit("/", 1)[0] for p in self.pages if "/" in p and index_stem(p.rsplit("/", 1)[1]) == "_index"}
