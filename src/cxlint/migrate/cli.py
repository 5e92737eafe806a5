"""``cxlint migrate SRC...``: the click command (added to the ``cxlint`` group by the CLI).

Exit codes (ruff-like): 0 every file converted cleanly (or was already
done); 1 some file needs attention or was skipped (see the report); 2 usage
or configuration error.
"""

from __future__ import annotations

import difflib
import multiprocessing
import os
import sys
from pathlib import Path

import click

from cxlint.config import ConfigError, find_config, load_config, parse_build_date
from cxlint.migrate.migrator import Migrator, collect_sources
from cxlint.migrate.report import ATTENTION, CONVERTED, SKIPPED, STATUSES, UNCHANGED, FileResult, RunReport
from cxlint.migrate.settings import SettingsError, load_settings
from cxlint.site import PageFacts, SiteConfigError, SiteIndex, find_site, load_page

_SITE: tuple | None = None  # (content_dir,) for the forked readers


def _facts(paths: list[str]) -> list[PageFacts]:
    (content_dir,) = _SITE  # type: ignore[misc]
    return [PageFacts.of(load_page(Path(p), content_dir)) for p in paths]


def load_site_index(root: Path, jobs: int | None = None, build_date=None) -> SiteIndex:
    """Read every page of the site once (forked readers) and index topics, authors, pages."""
    global _SITE
    from cxlint.engine import _walk  # the linter's own walk: same pages as `cxlint check`

    site = find_site(root)
    paths = sorted(f for f in _walk(site.content_dir) if f[-3:].lower() == ".md") if site.content_dir.is_dir() else []
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(paths) // 300))
    _SITE = (site.content_dir,)
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        facts = _facts(paths)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            facts = [f for chunk in pool.map(_facts, [paths[i::jobs] for i in range(jobs)]) for f in chunk]
    return SiteIndex(site, {f.content_path: f for f in facts}, build_date)


@click.command("migrate")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--site", "site_root", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Hugo site root (default: found from the current folder).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path),
              help="Content folder to write into (default: the site's content folder).")
@click.option("--section", default=None, help="Section for the new posts (default from the pack: news).")
@click.option("--dry-run", is_flag=True, help="Convert and report, write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of each output (implies --dry-run).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the per-file JSON report here.")
@click.option("--force", is_flag=True, help="Overwrite targets that exist with other content.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="cxlint config file (default: found from the site).")
@click.option("--jobs", type=int, default=None, help="Processes for reading the site.")
@click.option("--build-date", default=None, metavar="YYYY-MM-DD",
              help="Judge drafts and expired pages (links to them are dropped) at this date (default: the config's build-date, else today).")
def migrate_command(sources, site_root, dest, section, dry_run, show_diff, report_path, force, config_path, jobs, build_date):
    """Migrate WordPress/Jekyll-exported posts (SOURCES: files or folders) into the site's Hugo schema."""
    err = sys.stderr
    if show_diff:
        dry_run = True
    try:
        root = site_root or Path.cwd()
        cfg_file = config_path or find_config(root)
        config = load_config(cfg_file)
        migrate_cfg = dict(config.migrate)
        if site_root is None and migrate_cfg.get("site"):
            root = config.base_dir / str(migrate_cfg["site"])
        migrate_cfg.pop("site", None)
        settings = load_settings(migrate_cfg, config.base_dir)
        if section:
            settings.section = section
        when = parse_build_date(build_date, "--build-date") if build_date else config.build_date
        index = load_site_index(root, jobs, when)
    except (ConfigError, SettingsError, SiteConfigError) as exc:
        raise click.UsageError(str(exc)) from None
    if "/" in settings.section or settings.section in ("", ".", ".."):
        raise click.UsageError(f"--section {settings.section!r} must be one folder name")
    dest = dest or index.site.content_dir
    if not index.pages:
        err.write(f"warning: no pages found under {index.site.content_dir}; topics, authors and refs cannot be mapped\n")
    files = collect_sources(list(sources))
    migrator = Migrator(settings, index, dest, force=force, dry_run=dry_run)
    report = _run_with_progress(migrator, files, err)
    if show_diff:
        for f in report.files:
            click.echo(file_diff(f), nl=False)
    if report_path:
        report.write_json(report_path)
    _summary(report, err)
    click.get_current_context().exit(exit_code(report))


def file_diff(f: FileResult) -> str:
    """What the real run would do to this file's target, as a unified diff ('' if nothing).

    Only files the run would write: a target it skips (exists, no --force) or finds
    unchanged gets no diff. A new file diffs from /dev/null, as git shows it.
    """
    if f.status not in (CONVERTED, ATTENTION) or f.output is None or f.output == f.previous:
        return ""
    name = (f.target or "").lstrip("/")
    old = (f.previous or "").splitlines(keepends=True)
    lines = difflib.unified_diff(old, f.output.splitlines(keepends=True),
                                 f"a/{name}" if f.replaces else "/dev/null", f"b/{name}")
    # a last line without its newline must not run into the next file's '--- a/' header
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n" for ln in lines)


def exit_code(report: RunReport) -> int:
    """1 when a human has something to do: notes to review, or a file not written for a problem."""
    for f in report.files:
        if f.status == ATTENTION or (f.status == SKIPPED and not (f.reason or "").startswith("already migrated")):
            return 1
    return 0


def _run_with_progress(migrator: Migrator, files: list[Path], err) -> RunReport:
    if not err.isatty():
        return migrator.run(files)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("migrating"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=err, force_terminal=True), transient=True) as bar:
        task = bar.add_task("migrate", total=len(files))
        return migrator.run(files, progress=lambda _src: bar.advance(task))


def _summary(report: RunReport, err) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=err, force_terminal=False, width=max(100, Console(file=err).width))
    counts = report.by_status()
    table = Table(title="cxlint migrate" + (" (dry run: nothing written)" if report.dry_run else ""))
    table.add_column("result")
    table.add_column("files", justify="right")
    labels = {CONVERTED: "converted", ATTENTION: "converted, needs attention", UNCHANGED: "unchanged (already done)",
              SKIPPED: "skipped"}
    for status in STATUSES:
        table.add_row(labels[status], str(counts.get(status, 0)))
    console.print(table)
    reasons = report.reasons()
    if reasons:
        rt = Table(title="needs attention / skipped, per reason")
        rt.add_column("reason")
        rt.add_column("count", justify="right")
        for reason, n in reasons.most_common(25):
            rt.add_row(reason, str(n))
        if len(reasons) > 25:
            rt.add_row(f"... {len(reasons) - 25} more reasons (see --report)", "")
        console.print(rt)
    for warning in report.warnings():
        console.print(f"warning: {warning}", markup=False, highlight=False)
