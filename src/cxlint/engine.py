"""The linter engine: find files, build the site index once, run rules, filter results.

Parsing and checking use every core: pages are parsed in forked workers, the
index is built in the parent, and rule checks run in workers that inherit the
index through fork (no pickling of the site).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from collections.abc import Mapping
from typing import Iterable

from cxlint.cache import Cache
from cxlint.config import Config
from cxlint.datafiles import DATA_SUFFIXES, load_data_file
from cxlint.diagnostics import INTERNAL_ERROR, Diagnostic, Severity
from cxlint.document import DecodeError, Document, decode_bytes
from cxlint.listings import DirListings, Listing, scan_dir
from cxlint.packs import RulePack, glob_match, load_pack
from cxlint.registry import all_rules, check_config_codes, code_matches, select_layers
from cxlint.rule import CheckContext, Rule
from cxlint.site import BUILD_DIRS, CHECKED_SUFFIXES, CONTENT_SUFFIXES, SKIP_DIRS, CONFIG_NAMES as CONFIG_FILE_NAMES, Page, Site, SiteIndex, display_path, find_site, load_page
from cxlint.suppressions import body_directives, directive_codes, has_directive_text



class DocumentStore(Mapping):
    """Display path -> Document, loaded from disk on first access.

    Pages are parsed in worker processes and never sent back whole; a reporter
    that wants a code frame (or the fixer) loads just the files it needs.
    """

    def __init__(self, paths, site: "Site", cwd: Path, loaded: dict | None = None, sources: dict | None = None, count: int | None = None):
        # display path -> (absolute path (str or Path), kind); or a function making
        # that table on first use (a quiet run never needs it), with ``count`` its size
        self._table = paths if not callable(paths) else None
        self._make = paths if callable(paths) else None
        self._count = count
        self._site = site
        self._cwd = cwd
        self._loaded: dict[str, Document] = dict(loaded or {})
        self._sources = sources or {}  # real path (str) -> bytes that replace the file (stdin)

    def __getitem__(self, key: str) -> Document:
        doc = self._loaded.get(key)
        if doc is None:
            path, kind = self._paths[key]
            path = Path(path)
            data = self._sources.get(os.fspath(path))
            if kind == "page":
                doc = load_page(path, self._site.content_dir, self._cwd, data=data)
            else:
                doc = load_data_file(path, key, kind, data=data)
            self._loaded[key] = doc
        return doc

    def text_of(self, key: str) -> Document | None:
        """The file's text (for a code frame), not parsed: a document already loaded, else one read
        and decoded now. None for a path the run did not check or a file that is not text."""
        doc = self._loaded.get(key)
        if doc is not None:
            return doc
        entry = self._paths.get(key)
        if entry is None:
            return None
        path = entry[0]
        data = self._sources.get(os.fspath(path))
        try:
            if data is None:
                with open(path, "rb") as fh:
                    data = fh.read()
            text, bom = decode_bytes(data)
        except (OSError, DecodeError):
            return None
        return Document(Path(path), key, text, bom)

    @property
    def _paths(self) -> dict[str, tuple[Path, str]]:
        if self._table is None:
            self._table = self._make()
        return self._table

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        if self._table is None and self._count is not None:
            return self._count
        return len(self._paths)


class Summary(tuple):
    """The counts a summary line and the exit code need: (problems, errors, files with problems,
    safe fixes, unsafe fixes, internal errors). An internal error (``CX999``: a rule crashed)
    makes the run exit 2 whatever else it found."""

    __slots__ = ()

    @classmethod
    def of(cls, diagnostics: list[Diagnostic]) -> "Summary":
        errors = sum(1 for d in diagnostics if d.severity == Severity.ERROR)
        fixes = [d.fix.applicability for d in diagnostics if d.fix is not None]
        safe = sum(1 for a in fixes if a == "safe")
        internal = sum(1 for d in diagnostics if d.code == INTERNAL_ERROR)
        return cls((len(diagnostics), errors, len({d.path for d in diagnostics}), safe, len(fixes) - safe, internal))

    problems = property(lambda self: self[0])
    errors = property(lambda self: self[1])
    files = property(lambda self: self[2])
    safe_fixes = property(lambda self: self[3])
    unsafe_fixes = property(lambda self: self[4])
    internal = property(lambda self: self[5])


class RunResult:
    """What a run found. ``index`` is built on first access (a warm run never needs it).

    ``diagnostics`` may also be given as a function returning them, with their
    :class:`Summary`: a remembered run that prints only its summary line never
    decodes its ~10,000 diagnostics.
    """

    def __init__(
        self, diagnostics, documents: Mapping[str, Document], site: Site, index,
        rules: list[Rule] | None = None, summary: Summary | None = None, read_hashes=None,
        cwd: Path | None = None,
    ):
        #: the folder the display paths are relative to (None: the process's working folder)
        self.cwd = cwd
        #: () -> {display path: content hash of the bytes the diagnostics were found in}
        self.read_hashes = read_hashes or dict
        self._diagnostics = diagnostics
        self._summary = summary if callable(diagnostics) else None
        self.documents = documents  # display path -> document checked
        self.site = site
        self._index = index  # a SiteIndex, or a function building it
        self.rules = list(rules or [])

    @property
    def diagnostics(self) -> list[Diagnostic]:
        if callable(self._diagnostics):
            self._diagnostics = self._diagnostics()
        return self._diagnostics

    @diagnostics.setter
    def diagnostics(self, value: list[Diagnostic]) -> None:
        self._diagnostics = value
        self._summary = None

    def summary(self) -> Summary:
        if self._summary is None or not callable(self._diagnostics):
            # computed again once the list is out: a caller may have filtered it in place
            return Summary.of(self.diagnostics)
        return self._summary

    @property
    def index(self) -> SiteIndex:
        if not isinstance(self._index, SiteIndex):
            self._index = self._index()
        return self._index

    @property
    def files_checked(self) -> int:
        return len(self.documents)


class Linter:
    """Programmatic entry point: ``Linter(config).check([path])``.

    With ``cache=True`` results are kept in ``.cxlint_cache/`` at the site root
    (or ``cache_dir``) and reused while the files, the site and the settings
    are unchanged (see :mod:`cxlint.cache`). The API default is no cache; the
    CLI turns it on.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        build_date: _dt.date | None = None,
        jobs: int | None = None,
        cwd: Path | None = None,
        cache: bool = False,
        cache_dir: Path | None = None,
    ):
        self.config = config or Config()
        self.cwd = cwd or Path.cwd()
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.build_date = build_date or self.config.build_date or _dt.date.today()
        self.use_cache = cache
        self.cache_dir = cache_dir or self.config.cache_dir
        registry = all_rules(self.config.plugin_paths)
        check_config_codes(self.config, registry)
        #: every registered rule's code (selected or not) and name -> code: what a suppression may name
        self.known_codes = frozenset(registry) | {INTERNAL_ERROR}
        self.known_names = {cls.name: code for code, cls in registry.items()}
        # every rule's options checked, selected or not
        options = {code: self._options_for(cls) for code, cls in registry.items()}
        cfg = self.config
        # layers, as ruff's: the config's selection, then the command line's; a layer's
        # select starts afresh, its extend-select adds and its ignore removes
        layers = [(cfg.select, cfg.extend_select, cfg.ignore), (select, extend_select or [], ignore or [])]
        self.rule_classes = select_layers(registry, layers)
        self.rules = [cls(options[cls.code]) for cls in self.rule_classes]
        self.pack = self._load_packs()
        #: absolute path -> bytes checked instead of the file on disk (``--stdin-filename``);
        #: such a path need not exist
        self.sources: dict[Path, bytes] = {}
        #: called as ``progress(phase, count)`` when a phase starts ("parse", "check"); see cxlint.progress
        self.progress = None
        #: hash what each page held when it was read, for the fixer (which then reuses the run's
        #: diagnostics of an unchanged file); a cached run hashes anyway, for its cache. The CLI
        #: turns it off for a plain uncached check: ~8% of the parse phase's work
        self.hash_pages = True

    def source_bytes(self) -> dict[str, bytes]:
        """:attr:`sources` keyed the way the run names files (real paths as strings)."""
        return {os.path.realpath(p): data for p, data in self.sources.items()}

    def _options_for(self, cls: type[Rule]) -> dict:
        from cxlint.config import ConfigError, option_error

        opts: dict = {}
        for key, given in self.config.rule_options.items():  # by code or name, any case
            if key.upper() == cls.code or key.lower() == cls.name:
                opts.update(given)
        where = self.config.path or "<config>"
        unknown = set(opts) - set(cls.options)
        if unknown:
            allowed = ", ".join(sorted(cls.options)) or "none"
            raise ConfigError(
                f"{where}: rules.{cls.code}: unknown option {sorted(unknown)[0]!r}; allowed: {allowed}"
            )
        for name, value in opts.items():
            problem = option_error(value, cls.options[name])
            if problem:
                raise ConfigError(f"{where}: rules.{cls.code}.{name} must be {problem}, got {value!r}")
        return opts

    def _load_packs(self) -> RulePack:
        packs = self.config.packs or ["hugo"]
        pack = load_pack(packs[0], self.config.base_dir)
        for extra in packs[1:]:  # later packs layer over earlier ones
            more = load_pack(extra, self.config.base_dir)
            pack.sections = pack.sections + more.sections
            pack.legacy_fields = {**pack.legacy_fields, **more.legacy_fields}
            pack.ref_shortcodes = {**pack.ref_shortcodes, **more.ref_shortcodes}
            pack.migrate = {**pack.migrate, **more.migrate}
            pack.known_fields = pack.known_fields + more.known_fields
        return pack

    # ------------------------------------------------------------------ discovery
    def find_site(self, paths: list[Path]) -> Site:
        return find_site(paths[0] if paths else self.cwd)

    def collect(self, site: Site, paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
        """Pages to report (.md under content) and other documents (data / JSON files)."""
        found = self._discover(site, paths)
        return [Path(p) for p in found.targets], [(Path(p), k) for p, k in found.others]

    def _discover(self, site: Site, paths: list[Path], listings: DirListings | None = None) -> "_Found":
        """One walk: every content page (for the index), the pages to report, the other files.

        The content folder is walked once; a given folder inside it is a filter
        of that walk, and a given folder holding it is walked around it.
        """
        content = os.fspath(site.content_dir)
        content_prefix = content + os.sep
        wanted = _WANTED_SUFFIXES
        content_files = list(_walk(site.content_dir, suffixes=wanted, listings=listings)) if site.content_dir.is_dir() else []
        # a walked file's suffix is what follows its last dot (the walk kept no dot-only stems)
        content_suffixes = [f[f.rfind(".") :].lower() for f in content_files]
        all_pages = sorted(f for f, suffix in zip(content_files, content_suffixes) if suffix in CONTENT_SUFFIXES)
        data_dir = os.fspath(site.data_dir.resolve()) + os.sep
        pages: list[str] = []
        others: list[tuple[str, str]] = []

        exclude = self.config.exclude

        def classify(p: str, suffix: str | None = None) -> None:
            if suffix is None:
                suffix = os.path.splitext(p)[1].lower()
            if suffix in CHECKED_SUFFIXES and p.startswith(content_prefix):
                kind = "page"  # (an HTML page only by the rules that target html)
            elif suffix in CONTENT_SUFFIXES and p.startswith(content_prefix):
                return  # (AsciiDoc, Org, Pandoc, rst pages: in the index, not checked)
            elif suffix in DATA_SUFFIXES and p.startswith(data_dir):
                kind = "data"
            elif suffix == ".json":
                kind = "json"
            else:
                return
            if exclude and self._excluded(p, site):
                return
            if kind == "page":
                pages.append(p)
            else:
                others.append((p, kind))

        sources = self.source_bytes()
        for raw in paths:
            path = os.path.realpath(raw)
            if os.path.isfile(path) or path in sources:
                classify(path)
            elif not os.path.isdir(path):
                continue
            elif (path == content or path.startswith(content_prefix)) and _walked_into(content, path):
                inside = path + os.sep
                for f, suffix in zip(content_files, content_suffixes):
                    if path == content or f.startswith(inside):
                        classify(f, suffix)
            else:
                reached: list[bool] = []
                for f in _walk(Path(path), around=content, reached=reached, suffixes=wanted, listings=listings):
                    classify(f, f[f.rfind(".") :].lower())
                if reached:
                    for f, suffix in zip(content_files, content_suffixes):
                        classify(f, suffix)
        targets = sorted(set(pages))
        known = set(all_pages)
        extra = [t for t in targets if t not in known]  # given explicitly, e.g. in a skipped folder
        return _Found(all_pages + extra, targets, sorted(set(others)))

    def _excluded(self, path: str, site: Site) -> bool:
        if not self.config.exclude:
            return False
        rel = display_path(path, site.root)
        return any(glob_match(rel, pat) for pat in self.config.exclude)

    # ------------------------------------------------------------------ running
    def check(self, paths: Iterable[Path | str]) -> RunResult:
        _timing("start")
        paths = [Path(p) for p in paths] or [self.cwd]
        site = self.find_site(paths)
        cache = Cache.for_site(site.root, self.cache_dir) if self.use_cache and not self.sources else None
        listings = DirListings(cache.load("walk", _LISTINGS_KEY)) if cache is not None else None
        found = self._discover(site, paths, listings)
        _timing("walked")
        from cxlint.run import Run, _warn

        result = Run(self, site, found, cache).execute()
        if cache is not None:
            if listings.changed:
                cache.save("walk", _LISTINGS_KEY, listings.table)
            for message in cache.warnings:  # what the run and the listings met, said once
                _warn(message)
        return result

    def context(self, index: SiteIndex) -> CheckContext:
        extra = {"site_urls": self.config.site_urls, "rule_codes": self.known_codes, "rule_names": self.known_names}
        return CheckContext(index, self.pack, self.build_date, extra)

    def check_document(self, doc: Document, ctx: CheckContext, scope: str | None = None) -> list[Diagnostic]:
        """Every selected rule's diagnostics for ``doc`` (``scope`` "file" / "site": only those rules')."""
        kind = "page" if isinstance(doc, Page) else getattr(doc, "kind", "data")
        ignored = self._ignored_codes(doc, ctx.site.site)
        found: list[Diagnostic] = []
        for rule in self.rules:
            if kind not in rule.targets or rule.code in ignored:
                continue
            if scope is not None and (rule.scope == "file") != (scope == "file"):
                continue
            found.extend(rule.check(doc, ctx))
        return _apply_suppressions(doc, found)

    def _ignored_codes(self, doc: Document, site: Site) -> set[str]:
        if not self.config.per_file_ignores:
            return set()
        rel_root = display_path(doc.path, self.config.base_dir)
        codes: set[str] = set()
        for glob, selectors in self.config.per_file_ignores.items():
            if glob_match(rel_root, glob) or glob_match(doc.display_path, glob):
                codes |= {r.code for r in self.rules if code_matches(r.code, selectors)}
        return codes


CONFIG_NAMES = frozenset(CONFIG_FILE_NAMES)
#: the files a check reads: pages, data files, JSON anywhere
_WANTED_SUFFIXES = frozenset({*CONTENT_SUFFIXES, ".json", *DATA_SUFFIXES})

#: the folder listings' cache file (plain file-system facts: no code or settings in the key)
_LISTINGS_KEY = "listings-1"

_T0 = None


def _timing(label: str) -> None:
    """Phase timings on stderr when CXLINT_TIMING is set (for bench/ and profiling).

    Wall time since the start, and this process's CPU time: on a busy machine
    the CPU figures show where the work is when the wall clock cannot.
    """
    if os.environ.get("CXLINT_TIMING"):
        import sys
        import time

        global _T0
        now = time.perf_counter()
        _T0 = _T0 or now
        rss = ""
        try:
            with open("/proc/self/status") as fh:
                rss = next((" rss " + line.split()[1] + " KiB" for line in fh if line.startswith("VmRSS:")), "")
        except OSError:
            pass
        print(f"[cxlint timing] {label}: {now - _T0:.3f}s (pid {os.getpid()} cpu {time.process_time():.3f}s{rss})", file=sys.stderr)


def _safe_check(linter: "Linter", doc: Document, ctx: CheckContext) -> list[Diagnostic]:
    try:
        return linter.check_document(doc, ctx)
    except Exception as exc:  # a rule bug must not stop the run: report it, located
        import traceback

        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [
            Diagnostic(doc.display_path, 1, 1, 1, 1, INTERNAL_ERROR, f"internal error while checking: {detail}", name="internal-error")
        ]


def _walk(
    root: Path,
    around: str | None = None,
    reached: list | None = None,
    suffixes: frozenset | None = None,
    listings: DirListings | None = None,
):
    """Files under ``root``, skipping VCS/dependency folders and hidden folders.

    Build output names (``public``, ``resources``) are skipped only at a site
    root (next to a Hugo config): ``content/resources/`` is a real section.
    The folder ``around`` is not entered; ``reached`` gets an item when the
    walk would have entered it. ``suffixes``: only files ending in one of
    these (lower-cased, with the dot). ``listings``: folder listings
    remembered from the last run (see :mod:`cxlint.listings`).
    """
    # os.scandir directly: what os.walk(root) visits (symlinked folders listed,
    # not entered; unreadable folders skipped), at half its cost
    around_parent, around_name = os.path.split(around) if around is not None else (None, None)
    list_dir = listings.listing if listings is not None else _scan_only
    stack = [os.fspath(root)]
    while stack:
        dirpath = stack.pop()
        got = list_dir(dirpath)
        if got is None:
            continue
        dirnames, entered, filenames = got
        at_site_root = not CONFIG_NAMES.isdisjoint(filenames)
        keep = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not (at_site_root and d in BUILD_DIRS)
        )
        if around_parent == dirpath and around_name in keep:
            keep.remove(around_name)
            if reached is not None:
                reached.append(True)
        prefix = dirpath + os.sep if not dirpath.endswith(os.sep) else dirpath
        for name in filenames:
            # os.path.splitext's suffix: a leading dot (".md") is a name, not a suffix
            dot = name.rfind(".")
            if suffixes is None or (dot > 0 and name[dot:].lower() in suffixes and name[:dot].lstrip(".")):
                yield prefix + name
        # depth first, in name order, like os.walk's top-down walk
        stack.extend(os.path.join(dirpath, d) for d in reversed(keep) if d in entered)


def _scan_only(dirpath: str) -> Listing | None:
    scanned = scan_dir(dirpath)
    return None if scanned is None else scanned[0]


def _walked_into(content: str, path: str) -> bool:
    """Whether the walk of ``content`` enters ``path`` (a folder inside it), or prunes it on the way."""
    here = content
    for part in os.path.relpath(path, content).split(os.sep):
        if part == ".":
            continue
        if part.startswith(".") or part in SKIP_DIRS:
            return False
        if part in BUILD_DIRS and any(os.path.isfile(os.path.join(here, n)) for n in CONFIG_NAMES):
            return False
        here = os.path.join(here, part)
    return True


class _Found:
    """What a run's walk found (a plain class: ``@dataclass`` would cost ~0.5 ms of every start-up)."""

    __slots__ = ("pages", "targets", "others")

    def __init__(self, pages: list[str], targets: list[str], others: list[tuple[str, str]]):
        self.pages = pages  # every content page of the site (absolute paths, sorted), for the index
        self.targets = targets  # the pages to check and report
        self.others = others  # (path, kind) of data and JSON files to check

    def __repr__(self) -> str:
        return f"_Found(pages={self.pages!r}, targets={self.targets!r}, others={self.others!r})"




# ---------------------------------------------------------------- suppressions
def _apply_suppressions(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    if not found:
        return found
    front = getattr(doc, "front", None)
    if (front is None or not (front.line_suppressions or front.file_suppressions)) and not has_directive_text(doc):
        return found  # no suppression comment anywhere (nearly every file): nothing to build
    line_rules: dict[int, set[str]] = {}
    file_rules: set[str] = set()
    if front is not None:
        for line, codes in front.line_suppressions.items():
            line_rules.setdefault(line, set()).update(codes)
        file_rules |= set(front.file_suppressions)
    ranges: list[tuple[int, int, set[str] | None]] = []
    if has_directive_text(doc):
        open_at: dict[str | None, int] = {}
        for m in body_directives(doc):
            verb = m.group(1)
            codes = {c.upper() for c in directive_codes(m)} or None
            line, _ = doc.line_col(m.start())
            if verb == "disable-next-line":
                ranges.append((line + 1, line + 1, codes))
            elif verb == "disable-line":
                ranges.append((line, line, codes))
            elif verb == "disable":
                for c in codes or [None]:
                    open_at.setdefault(c, line)
            else:
                for c in codes or list(open_at):
                    if c in open_at:
                        ranges.append((open_at.pop(c), line, None if c is None else {c}))
        end = len(doc.line_starts)
        for c, start in open_at.items():
            ranges.append((start, end, None if c is None else {c}))
    if not (line_rules or file_rules or ranges):
        return found
    kept = []
    for d in found:
        if d.code in file_rules or d.code in line_rules.get(d.line, ()):
            continue
        if any(a <= d.line <= b and (codes is None or d.code in codes) for a, b, codes in ranges):
            continue
        kept.append(d)
    return kept
