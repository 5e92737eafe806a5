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
from typing import Iterable

from cxlint.config import Config
from cxlint.datafiles import DATA_SUFFIXES, DataFile, load_data_file
from cxlint.diagnostics import Diagnostic
from cxlint.document import Document
from cxlint.packs import RulePack, glob_match, load_pack
from cxlint.registry import all_rules, code_matches, select_rules
from cxlint.rule import CheckContext, Rule
from cxlint.site import SITE_OUTPUT_DIRS, SKIP_DIRS, Page, Site, SiteIndex, display_path, find_site, load_page

_BODY_SUPPRESS = re.compile(
    r"<!--\s*cxlint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->"
)


@dataclass
class RunResult:
    diagnostics: list[Diagnostic]
    documents: dict[str, Document]  # display path -> document checked
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
        pages: list[Path] = []
        others: list[tuple[Path, str]] = []
        data_dir = site.data_dir.resolve()
        content = site.content_dir

        def classify(p: Path) -> None:
            if self._excluded(p, site):
                return
            suffix = p.suffix.lower()
            if suffix == ".md" and _is_under(p, content):
                pages.append(p)
            elif suffix in DATA_SUFFIXES and _is_under(p, data_dir):
                others.append((p, "data"))
            elif suffix == ".json":
                others.append((p, "json"))

        for raw in paths:
            path = raw.resolve()
            if path.is_file():
                classify(path)
            elif path.is_dir():
                for f in _walk(path, _output_root(site)):
                    classify(f)
        return sorted(set(pages)), sorted(set(others))

    def _excluded(self, path: Path, site: Site) -> bool:
        if not self.config.exclude:
            return False
        rel = display_path(path, site.root)
        return any(glob_match(rel, pat) for pat in self.config.exclude)

    # ------------------------------------------------------------------ running
    def check(self, paths: Iterable[Path | str]) -> RunResult:
        paths = [Path(p) for p in paths] or [self.cwd]
        site = self.find_site(paths)
        targets, others = self.collect(site, paths)
        all_page_paths = sorted(f for f in _walk(site.content_dir, _output_root(site)) if f.suffix.lower() == ".md") if site.content_dir.is_dir() else []
        target_set = set(targets)
        for t in targets:  # a file given explicitly outside the walk (e.g. skipped folder)
            if t not in set(all_page_paths):
                all_page_paths.append(t)
        pages = self.load_pages(site, all_page_paths)
        index = SiteIndex(site, {p.content_path: p for p in pages})
        docs: list[Document] = [p for p in pages if p.path in target_set]
        docs.extend(load_data_file(p, display_path(p, self.cwd), kind) for p, kind in others)
        diagnostics = self.run_rules(docs, index)
        return RunResult(diagnostics, {d.display_path: d for d in docs}, site, index, self.rules)

    def load_pages(self, site: Site, paths: list[Path]) -> list[Page]:
        global _LOAD_STATE
        _LOAD_STATE = (site.content_dir, self.cwd)
        return _parallel_map(_load_one, paths, self.jobs)

    def run_rules(self, docs: list[Document], index: SiteIndex) -> list[Diagnostic]:
        global _CHECK_STATE
        ctx = CheckContext(index, self.pack, self.build_date, {"site_urls": self.config.site_urls})
        _CHECK_STATE = (self, docs, ctx)
        chunks = _parallel_map(_check_one, list(range(len(docs))), self.jobs)
        out = [d for chunk in chunks for d in chunk]
        out.sort()
        return out

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
_LOAD_STATE: tuple | None = None
_CHECK_STATE: tuple | None = None


def _load_one(path: Path) -> Page:
    content_dir, cwd = _LOAD_STATE  # type: ignore[misc]
    return load_page(path, content_dir, cwd)


def _check_one(i: int) -> list[Diagnostic]:
    linter, docs, ctx = _CHECK_STATE  # type: ignore[misc]
    try:
        return linter.check_document(docs[i], ctx)
    except Exception as exc:  # a rule bug must not stop the run; report it located
        import traceback

        doc = docs[i]
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return [Diagnostic(doc.display_path, 1, 1, 1, 1, "CX999", f"internal error while checking: {detail}", name="internal-error")]


def _parallel_map(fn, items: list, jobs: int) -> list:
    if jobs <= 1 or len(items) < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(x) for x in items]
    ctx = multiprocessing.get_context("fork")
    chunk = max(16, len(items) // (jobs * 8))
    with ctx.Pool(jobs) as pool:
        return pool.map(fn, items, chunksize=chunk)


def _output_root(site: Site) -> Path | None:
    """The folder whose ``public``/``resources`` are Hugo output (none for a bare content folder)."""
    return site.root if site.root != site.content_dir else None


def _walk(root: Path, site_root: Path | None = None):
    """Files under ``root``; build output is skipped only where Hugo writes it (the site root)."""
    site_root_str = str(site_root) if site_root is not None else None
    for dirpath, dirnames, filenames in os.walk(root):
        at_site_root = dirpath == site_root_str
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.startswith(".")
            and not (at_site_root and d in SITE_OUTPUT_DIRS)
        )
        for name in filenames:
            yield Path(dirpath) / name


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


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
