"""The migration run: read a batch of legacy posts, map them, convert, write.

Two passes: the first reads every source and decides its target (so links
between posts of the same batch resolve), the second converts bodies and
writes. Targets are never overwritten without ``force``; a target that
already holds the exact output is reported ``unchanged`` and not touched, so
a second run over the same input changes nothing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from cxlint.document import DecodeError, decode_bytes
from cxlint.migrate.body import BodyConverter
from cxlint.migrate.fields import FieldMapper, MappedFields, Note, excerpt
from cxlint.migrate.legacy_reader import LegacyDoc, read_legacy, split_front_matter
from cxlint.migrate.links import SiteLinks
from cxlint.migrate.report import ATTENTION, CONVERTED, SKIPPED, UNCHANGED, FileResult, RunReport
from cxlint.migrate.settings import MigrateSettings
from cxlint.migrate.writer import FrontMatterError, UnsafePath, dump_front_matter, load_yaml, safe_target, write_atomic
from cxlint.site import SiteIndex

_LEGACY_KEYS = {"permalink", "layout", "categories", "tags", "author"}
_TOML_OPEN = re.compile(r"\A(?:\ufeff)?\+\+\+[ \t]*\r?\n")


@dataclass
class _Planned:
    result: FileResult
    doc: LegacyDoc | None = None
    mapped: MappedFields | None = None
    rel: str | None = None
    path: Path | None = None
    batch_anchors: tuple = ()  # (content path, fragment, line) of refs into the batch


def is_migrated(text: str) -> bool:
    """A Hugo-schema page (valid YAML, ``slug``, none of the exporter's keys) is left alone."""
    fm, _, _ = split_front_matter(text)
    if fm is None:
        return False
    try:
        data = load_yaml(fm)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "slug" in data and not (_LEGACY_KEYS & set(data))


class Migrator:
    def __init__(self, settings: MigrateSettings, index: SiteIndex, dest: Path, *,
                 force: bool = False, dry_run: bool = False, cwd: Path | None = None):
        self.settings = settings
        self.index = index
        self._patterns: dict[str, str] | None = None  # the site's permalink patterns, read once
        self.dest = dest
        self.force = force
        self.dry_run = dry_run
        self.cwd = cwd or Path.cwd()
        self.fields = FieldMapper(settings, index)
        self._cwd = self.cwd.resolve()

    def _display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self._cwd).as_posix()
        except ValueError:
            return path.as_posix()

    # ------------------------------------------------------------------ pass 1
    def _plan(self, source: Path, taken: dict[str, str]) -> _Planned:
        res = FileResult(self._display(source))
        plan = _Planned(res)
        try:
            text, _bom = decode_bytes(source.read_bytes())
        except (DecodeError, OSError) as exc:
            res.status, res.reason = SKIPPED, f"unreadable: {getattr(exc, 'message', None) or exc}"
            return plan
        if is_migrated(text):
            res.status, res.reason = SKIPPED, "already migrated: Hugo-schema front matter"
            return plan
        if _TOML_OPEN.match(text):
            res.status, res.reason = SKIPPED, "TOML front matter ('+++') is not supported: convert it to YAML ('---')"
            res.notes.append(Note(1, "front matter", "TOML front matter ('+++') is not supported; file not migrated"))
            return plan
        doc = read_legacy(text)
        if not doc.has_front_matter:
            res.status, res.reason = SKIPPED, "no front matter: not a legacy post"
            return plan
        res.notes.extend(Note(p.line, "front matter", p.message) for p in doc.problems)
        mapped = self.fields.map(doc.fields, doc.lines, source.name, doc.plain)
        res.notes.extend(mapped.notes)
        if not (mapped.year and mapped.month and mapped.day):
            res.status, res.reason = SKIPPED, "no date: cannot place the post (no permalink date, date or file date)"
            return plan
        rel = self.settings.path_template.format(
            section=self.settings.section, year=mapped.year, month=mapped.month, day=mapped.day, slug=mapped.slug
        )
        try:
            path = safe_target(self.dest, rel)
            if any(n.where in ("permalink", "slug") and "not a safe file name" in n.message for n in mapped.notes):
                raise UnsafePath(f"slug {mapped.slug!r} is not a safe file name")
        except UnsafePath as exc:
            res.status, res.reason = SKIPPED, f"unsafe target: {exc}"
            return plan
        if rel in taken:
            res.status, res.reason = SKIPPED, f"duplicate target: {rel} is also the target of {taken[rel]}"
            return plan
        taken[rel] = res.source
        self._keep_old_url(doc, mapped, rel, res)
        res.target = self._display(path)
        plan.doc, plan.mapped, plan.rel, plan.path = doc, mapped, rel, path
        return plan

    def _keep_old_url(self, doc: LegacyDoc, mapped: MappedFields, rel: str, res: FileResult) -> None:
        """A legacy permalink the Hugo page will not answer at (no date in it, or another day
        than the post's date, or a path outside the section's pattern) becomes one of the
        page's ``aliases``: links to the old URL keep working (Hugo writes a redirect there)."""
        from cxlint.refs.permalinks import norm_path, page_paths, permalink_patterns

        permalink = doc.fields.get("permalink")
        if not isinstance(permalink, str) or not permalink.strip("/"):
            return
        old = norm_path(permalink.strip())
        if self._patterns is None:
            self._patterns = permalink_patterns(getattr(self.index.site, "config", None) or {})
        data = {k: v for k, v in mapped.data.items() if k != "aliases"}
        new = page_paths(rel, "page", data, self._patterns)[0][0]
        if old == new:
            return
        line = doc.lines.get("permalink", 1)
        if any(part in (".", "..") for part in old.split("/")) or not old.isprintable():
            # untrusted: Hugo writes a redirect file at each alias's path
            res.notes.append(Note(line, "permalink", f"the page's URL becomes {new}; the permalink {permalink!r} "
                                                     "is no safe path, so it is not kept as an alias"))
            return
        aliases = mapped.data.get("aliases")
        aliases = [aliases] if isinstance(aliases, str) else list(aliases or [])
        if old not in {norm_path(str(a)) for a in aliases}:
            aliases.append(old)
            mapped.data["aliases"] = aliases
        res.notes.append(Note(line, "permalink", f"the page's URL becomes {new} (the permalink was {old}): "
                                                 "the old URL is kept as an alias; check"))
        res.notes.sort(key=lambda n: n.line)

    # ------------------------------------------------------------------ pass 2
    def _convert(self, plan: _Planned, body: BodyConverter, links: SiteLinks) -> None:
        res, doc, mapped = plan.result, plan.doc, plan.mapped
        assert doc is not None and mapped is not None and plan.path is not None
        converted = body.convert(doc.body, doc.body_line)
        plan.batch_anchors = tuple(converted.batch_anchors)
        res.counts.update(converted.counts)
        res.notes.extend(converted.notes)
        for ref in converted.refs:
            if not links.resolves(ref):
                res.notes.append(Note(0, "body", f"produced ref {ref!r} does not resolve"))
        if not mapped.data.get("summary") and self.settings.excerpt_words:
            # the exporter cut the summary from the body's start, shortcodes and all: when
            # that left no text (or there was none), build it the way WordPress does
            text = excerpt(converted.text, self.settings.excerpt_words)
            if text:
                mapped.data["summary"] = text
                had = "held only image/video markup" if "summary" in doc.fields else "was missing"
                res.notes.append(Note(doc.lines.get("summary", 1), "summary",
                                      f"summary {had}; rebuilt from the first {self.settings.excerpt_words} "
                                      "words of the body (WordPress's excerpt rule): review"))
                res.notes.sort(key=lambda n: n.line)  # the report reads top to bottom
        fm = dump_front_matter(mapped.data, self.settings.key_order)
        out = fm + converted.text
        res.output = out
        if plan.path.exists():
            res.replaces = True
            try:
                # bytes as they are: a CRLF target is not the LF output (read_text would say it is)
                res.previous = plan.path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                res.previous = None
            if res.previous == out:
                res.status = UNCHANGED
                return
            if not self.force:
                res.status, res.reason = SKIPPED, "target exists: use --force to overwrite"
                return
        res.status = ATTENTION if res.attention else CONVERTED
        if not self.dry_run:
            write_atomic(plan.path, out)

    def run(self, sources: list[Path], progress: Callable[[str], None] | None = None) -> RunReport:
        report = RunReport(dry_run=self.dry_run)
        taken: dict[str, str] = {}
        plans = [self._guarded(lambda s=s: self._plan(s, taken), _Planned(FileResult(self._display(s))))
                 for s in sources]
        batch = {p.rel: p.mapped.data for p in plans if p.rel and p.mapped}
        links = SiteLinks(self.index, self.settings, batch)
        body = BodyConverter(self.settings, links)
        for plan in plans:
            if plan.doc is not None:
                try:
                    self._guarded(lambda: self._convert(plan, body, links), plan)
                except OSError as exc:
                    plan.result.status, plan.result.reason = SKIPPED, f"write failed: {exc.strerror or exc}"
            report.files.append(plan.result)
            if progress:
                progress(plan.result.source)
        self._check_batch_anchors(plans)
        return report

    @staticmethod
    def _guarded(step: Callable[[], object], plan: _Planned) -> _Planned:
        """Run one file's step; a failure is that file's located note, and the batch goes on.

        The file is not written (the temp-file rename is the last thing a step does), and the
        run still ends with every other file done and the report written.
        """
        try:
            return step() or plan  # type: ignore[return-value]
        except OSError:
            raise
        except Exception as exc:  # noqa: BLE001 - one post must never stop the batch
            res = plan.result
            if isinstance(exc, FrontMatterError):
                line = plan.doc.lines.get(exc.key, 1) if plan.doc else 1
                res.notes.append(Note(line, exc.key, str(exc)))
                res.reason = f"front matter would not read back: field {exc.key!r}"
            else:
                res.notes.append(Note(1, "internal error", f"{type(exc).__name__}: {exc}; file not written"))
                res.reason = f"internal error: {type(exc).__name__}: {exc}"
            res.status, res.output = SKIPPED, None
            return plan

    def _check_batch_anchors(self, plans: list[_Planned]) -> None:
        """A ref's #fragment into another post of the batch: is it a heading or id there?"""
        from cxlint.refs.anchors import page_anchors

        outputs = {p.rel: p.result.output for p in plans if p.rel and p.result.output is not None}
        anchors: dict[str, set[str]] = {}
        for plan in plans:
            for path, frag, line in plan.batch_anchors:
                if path not in outputs:
                    continue
                if path not in anchors:
                    anchors[path] = page_anchors(split_front_matter(outputs[path])[1])
                if frag not in anchors[path]:
                    plan.result.notes.append(Note(line, "body", f"anchor '#{frag}' is no heading or id on "
                                                                 f"'/{path}'; kept (REF003 warns)"))
                    plan.result.notes.sort(key=lambda n: n.line)
                    if plan.result.status == CONVERTED:
                        plan.result.status = ATTENTION


def collect_sources(paths: list[Path]) -> list[Path]:
    """Markdown files under the given paths, sorted, hidden folders skipped."""
    out: list[Path] = []
    for p in paths:
        if p.is_file():
            out.append(p)
        elif p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                out.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith((".md", ".markdown", ".html")))
    return sorted(dict.fromkeys(out))
