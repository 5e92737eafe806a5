"""The linter engine: find files, build the site index once, run rules, filter results.

Parsing and checking use every core: pages are parsed in forked workers, the
index is built in the parent, and rule checks run in workers that inherit the
index through fork (no pickling of the site).
"""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Iterable

from cxlint.config import Config
from cxlint.datafiles import DATA_SUFFIXES, DataFile, load_data_file
from cxlint.diagnostics import Diagnostic
from cxlint.document import Document
from cxlint.packs import RulePack, glob_match, load_pack
from cxlint.registry import all_rules, code_matches, select_rules
from cxlint.rule import CheckContext, Rule
from cxlint.site import BUILD_DIRS, SKIP_DIRS, CONFIG_NAMES as CONFIG_FILE_NAMES, Page, PageFacts, Site, SiteIndex, display_path, find_site, load_page

_BODY_SUPPRESS = re.compile(
    r"<!--\s*cxlint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->"
)


class DocumentStore(Mapping):
    """Display path -> Document, loaded from disk on first access.

    Pages are parsed in worker processes and never sent back whole; a reporter
    that wants a code frame (or the fixer) loads just the files it needs.
    """

    def __init__(self, paths: dict[str, tuple[Path, str]], site: "Site", cwd: Path, loaded: dict | None = None, sources: dict | None = None):
        self._paths = paths  # display path -> (absolute path, kind)
        self._site = site
        self._cwd = cwd
        self._loaded: dict[str, Document] = dict(loaded or {})
        self._sources = sources or {}  # absolute path -> bytes that replace the file (stdin)

    def __getitem__(self, key: str) -> Document:
        doc = self._loaded.get(key)
        if doc is None:
            path, kind = self._paths[key]
            if kind == "page":
                doc = load_page(path, self._site.content_dir, self._cwd, data=self._sources.get(path))
            else:
                doc = load_data_file(path, key, kind, data=self._sources.get(path))
            self._loaded[key] = doc
        return doc

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    documents: Mapping[str, Document]  # display path -> document checked
    site: Site
    index: SiteIndex
    rules: list[Rule] = field(default_factory=list)

    @property
    def files_checked(self) -> int:
        return len(self.documents)


class Linter:
    """Programmatic entry point: ``Linter(config).check([path])``."""

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
    ):
        self.config = config or Config()
        self.cwd = cwd or Path.cwd()
        #: absolute path -> bytes checked instead of the file on disk (``--stdin-filename``);
        #: such a path need not exist
        self.sources: dict[Path, bytes] = {}
        #: called as ``progress(phase, count)`` when a phase starts ("parse", "check"); see cxlint.progress
        self.progress = None
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.build_date = build_date or self.config.build_date or _dt.date.today()
        registry = all_rules(self.config.plugin_paths)
        self.rule_classes = select_rules(
            registry,
            select if select is not None else self.config.select,
            list(self.config.ignore) + list(ignore or []),
            list(self.config.extend_select) + list(extend_select or []),
        )
        self.rules = [cls(self._options_for(cls)) for cls in self.rule_classes]
        self.pack = self._load_packs()

    def _options_for(self, cls: type[Rule]) -> dict:
        from cxlint.config import ConfigError

        opts: dict = {}
        for key in (cls.code, cls.name):
            opts.update(self.config.rule_options.get(key, {}))
        unknown = set(opts) - set(cls.options)
        if unknown:
            where = self.config.path or "<config>"
            allowed = ", ".join(sorted(cls.options)) or "none"
            raise ConfigError(
                f"{where}: rules.{cls.code}: unknown option {sorted(unknown)[0]!r}; allowed: {allowed}"
            )
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
        pages: list[str] = []
        others: list[tuple[str, str]] = []
        data_dir = os.fspath(site.data_dir.resolve()) + os.sep
        content = os.fspath(site.content_dir) + os.sep

        def classify(p: str) -> None:
            suffix = os.path.splitext(p)[1].lower()
            if suffix == ".md" and p.startswith(content):
                kind = "page"
            elif suffix in DATA_SUFFIXES and p.startswith(data_dir):
                kind = "data"
            elif suffix == ".json":
                kind = "json"
            else:
                return
            if self._excluded(p, site):
                return
            if kind == "page":
                pages.append(p)
            else:
                others.append((p, kind))

        for raw in paths:
            path = raw.resolve()
            if path.is_file() or path in self.sources:
                classify(os.fspath(path))
            elif path.is_dir():
                for f in _walk(path):
                    classify(f)
        return [Path(p) for p in sorted(set(pages))], [(Path(p), k) for p, k in sorted(set(others))]

    def _excluded(self, path: Path, site: Site) -> bool:
        if not self.config.exclude:
            return False
        rel = display_path(path, site.root)
        return any(glob_match(rel, pat) for pat in self.config.exclude)

    # ------------------------------------------------------------------ running
    def check(self, paths: Iterable[Path | str]) -> RunResult:
        _timing("start")
        paths = [Path(p) for p in paths] or [self.cwd]
        site = self.find_site(paths)
        targets, others = self.collect(site, paths)
        all_pages = (
            [Path(f) for f in sorted(_walk(site.content_dir)) if f[-3:].lower() == ".md"]
            if site.content_dir.is_dir()
            else []
        )
        _timing("walked")
        known = set(all_pages)
        all_pages.extend(t for t in targets if t not in known)  # given explicitly, e.g. in a skipped folder
        if self.progress:
            self.progress("parse", len(all_pages))
        facts, diagnostics, loaded = self._run_shards(site, all_pages, set(targets), others)
        index = SiteIndex(site, {f.content_path: f for f in facts}, self.build_date)
        store = {display_path(p, self.cwd): (p, "page") for p in targets}
        store.update({display_path(p, self.cwd): (p, kind) for p, kind in others})
        diagnostics.sort()
        return RunResult(diagnostics, DocumentStore(store, site, self.cwd, loaded, self.sources), site, index, self.rules)

    def context(self, index: SiteIndex) -> CheckContext:
        return CheckContext(index, self.pack, self.build_date, {"site_urls": self.config.site_urls})

    def _run_shards(self, site, all_pages, targets, others):
        """Parse every page (for the index), then check the targets, on ``jobs`` processes."""
        jobs = min(self.jobs, max(1, len(all_pages) // 150))
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            state = _ShardState()
            facts = state.parse(self, site, all_pages, targets)
            if self.progress:
                self.progress("check", len(targets) + len(others))
            diagnostics = state.check(self, site, facts, others)
            return facts, diagnostics, {p.display_path: p for p in state.pages}
        global _PARENT_LINTER
        _PARENT_LINTER = self  # inherited by the forked workers, never pickled
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork")
        executors = [ProcessPoolExecutor(1, mp_context=ctx) for _ in range(jobs)]
        try:
            shards = [all_pages[i::jobs] for i in range(jobs)]
            parsed = [ex.submit(_worker_parse, site, shard, targets) for ex, shard in zip(executors, shards)]
            facts = [f for fut in parsed for f in fut.result()]
            _timing("parsed")
            if self.progress:
                self.progress("check", len(targets) + len(others))
            checked = [
                ex.submit(_worker_check, site, facts, others[i::jobs]) for i, ex in enumerate(executors)
            ]
            diagnostics = [d for fut in checked for d in fut.result()]
            _timing("checked")
        finally:
            for ex in executors:
                ex.shutdown(wait=False, cancel_futures=True)
        return facts, diagnostics, {}

    def check_document(self, doc: Document, ctx: CheckContext) -> list[Diagnostic]:
        kind = "page" if isinstance(doc, Page) else getattr(doc, "kind", "data")
        ignored = self._ignored_codes(doc, ctx.site.site)
        found: list[Diagnostic] = []
        for rule in self.rules:
            if kind not in rule.targets or rule.code in ignored:
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


# ---------------------------------------------------------------- worker plumbing
class _ShardState:
    """The pages one worker parsed and keeps for checking (never sent back whole)."""

    def __init__(self):
        self.pages: list[Page] = []

    def parse(self, linter: "Linter", site: Site, paths: list[Path], targets: set[Path]) -> list[PageFacts]:
        extractors = [r for r in linter.rules if type(r).page_facts is not Rule.page_facts]
        facts = []
        for path in paths:
            page = load_page(path, site.content_dir, linter.cwd, data=linter.sources.get(path))
            facts.append(PageFacts.of(page, extractors))
            if path in targets:
                self.pages.append(page)
        return facts

    def check(self, linter: "Linter", site: Site, facts: list[PageFacts], others) -> list[Diagnostic]:
        ctx = linter.context(SiteIndex(site, {f.content_path: f for f in facts}, linter.build_date))
        for rule in linter.rules:  # site-wide tables, built once per process
            rule.prepare(ctx)
        out: list[Diagnostic] = []
        for page in self.pages:
            out.extend(_safe_check(linter, page, ctx))
        for path, kind in others:
            doc = load_data_file(path, display_path(path, linter.cwd), kind, data=linter.sources.get(path))
            out.extend(_safe_check(linter, doc, ctx))
        return out


_PARENT_LINTER: "Linter | None" = None
CONFIG_NAMES = frozenset(CONFIG_FILE_NAMES)
_WORKER_STATE = _ShardState()


def _worker_parse(site, paths, targets):
    return _WORKER_STATE.parse(_PARENT_LINTER, site, paths, targets)


def _worker_check(site, facts, others):
    return _WORKER_STATE.check(_PARENT_LINTER, site, facts, others)


_T0 = None


def _timing(label: str) -> None:
    """Phase timings on stderr when CXLINT_TIMING is set (for bench/ and profiling)."""
    if os.environ.get("CXLINT_TIMING"):
        import sys
        import time

        global _T0
        now = time.perf_counter()
        _T0 = _T0 or now
        print(f"[cxlint timing] {label}: {now - _T0:.3f}s", file=sys.stderr)


def _safe_check(linter: "Linter", doc: Document, ctx: CheckContext) -> list[Diagnostic]:
    try:
        return linter.check_document(doc, ctx)
    except Exception as exc:  # a rule bug must not stop the run: report it, located
        import traceback

        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [
            Diagnostic(doc.display_path, 1, 1, 1, 1, "CX999", f"internal error while checking: {detail}", name="internal-error")
        ]


def _walk(root: Path):
    """Files under ``root``, skipping VCS/dependency folders and hidden folders.

    Build output names (``public``, ``resources``) are skipped only at a site
    root (next to a Hugo config): ``content/resources/`` is a real section.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        at_site_root = not CONFIG_NAMES.isdisjoint(filenames)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not (at_site_root and d in BUILD_DIRS)
        )
        for name in filenames:
            yield os.path.join(dirpath, name)




# ---------------------------------------------------------------- suppressions
def _apply_suppressions(doc: Document, found: list[Diagnostic]) -> list[Diagnostic]:
    if not found:
        return found
    front = getattr(doc, "front", None)
    line_rules: dict[int, set[str]] = {}
    file_rules: set[str] = set()
    if front is not None:
        for line, codes in front.line_suppressions.items():
            line_rules.setdefault(line, set()).update(codes)
        file_rules |= set(front.file_suppressions)
    ranges: list[tuple[int, int, set[str] | None]] = []
    text = doc.text
    if "cxlint-" in text:
        open_at: dict[str | None, int] = {}
        for m in _BODY_SUPPRESS.finditer(text):
            verb = m.group(1)
            codes = {c.upper() for c in re.split(r"[\s,]+", m.group(2).strip()) if c} or None
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
