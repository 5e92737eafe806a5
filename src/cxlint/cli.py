"""Command-line interface: a thin layer over :class:`cxlint.engine.Linter`.

``main(argv) -> int`` never raises for user errors: exit 0 = clean, 1 =
diagnostics at error level, 2 = usage, configuration or internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cxlint import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2


class UsageFailure(Exception):
    """An error the user can fix (config, pack, arguments): printed, exit 2."""


def _split_codes(values: tuple[str, ...]) -> list[str] | None:
    if not values:
        return None
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _load_config(config_path: str | None, paths: list[Path], packs: tuple[str, ...]):
    from cxlint.config import ConfigError, find_config, load_config

    try:
        path = Path(config_path) if config_path else find_config(paths[0] if paths else Path.cwd())
        if config_path and not path.is_file():
            raise ConfigError(f"{config_path}: config file not found")
        config = load_config(path)
    except ConfigError as exc:
        raise UsageFailure(str(exc)) from None
    if packs:
        config.packs = list(packs)
    return config


def _use_color(no_color: bool, stream) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class _LazyGroup(click.Group):
    """A group whose heavy subcommands are imported only when used.

    ``cxlint check`` must not pay for the migrator's imports (BeautifulSoup,
    soupsieve: ~0.25 s) on every run.
    """

    lazy = {"migrate": "cxlint.migrate.cli:migrate_command"}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy and name not in self.commands:
            import importlib

            module, _, attr = self.lazy[name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="cxlint")
def cli() -> None:
    """cxlint: lint and migrate Hugo content repositories."""


def _common_check_options(func):
    options = [
        click.option("--select", multiple=True, help="Rule codes or prefixes to enable (comma-separated; replaces the default set)."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable."),
        click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable on top of the selection."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file (default: .cxlint.toml or pyproject.toml found walking up)."),
        click.option("--pack", "packs", multiple=True, help="Rule pack name or path (overrides the config)."),
        click.option("--build-date", help="Date that decides what is published (YYYY-MM-DD; default today)."),
        click.option("--jobs", "-j", type=click.IntRange(1, 256), help="Worker processes (default: all cores)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _binary(stream):
    """The byte stream under a text stream (click.get_binary_stream is deprecated: Click 9 drops it)."""
    return getattr(stream, "buffer", stream)


def make_linter(select, ignore, extend_select, config_path, packs, build_date, jobs, paths, cache=False, cache_dir=None):
    from cxlint.config import ConfigError, parse_build_date
    from cxlint.engine import Linter
    from cxlint.packs import PackError
    from cxlint.registry import RegistryError

    config = _load_config(config_path, paths, packs)
    try:
        date = parse_build_date(build_date, "--build-date") if build_date else None
        return Linter(
            config,
            select=_split_codes(select),
            ignore=_split_codes(ignore) or [],
            extend_select=_split_codes(extend_select) or [],
            build_date=date,
            jobs=jobs,
            cache=cache,
            cache_dir=cache_dir,
        )
    except (ConfigError, PackError, RegistryError) as exc:
        raise UsageFailure(str(exc)) from None


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_common_check_options
@click.option("--format", "output_format", default="text", show_default=True, help="Output format: text, json, github, sarif, gitlab, junit (or a plugin reporter).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file instead of stdout.")
@click.option("--statistics", is_flag=True, help="Show counts per rule.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary (text format).")
@click.option("--no-color", is_flag=True, help="Disable colour.")
@click.option("--fix", is_flag=True, help="Apply safe fixes, then report what is left.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply unsafe fixes (with --fix, --fix-only or --diff).")
@click.option("--fix-only", is_flag=True, help="Apply fixes and print only counts per rule, not the problems left.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what the fixes would change (patch -p0); write nothing. Exit 1 if there is something to fix.")
@click.option("--show-fixes", is_flag=True, help="With --fix/--fix-only/--diff: list the fixes per file.")
@click.option("--changed-since", metavar="REV", help="Check only content changed since git revision REV (commits, staged, unstaged, untracked), plus pages whose refs or topics point at a page renamed or deleted since.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path), help="Fail only on problems not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False, path_type=Path), help="Record the problems found in this baseline file (JSON) and exit 0.")
@click.option("--stdin-filename", type=click.Path(dir_okay=False, path_type=Path), help="Check text from stdin as if it were this file (editors); with --fix, print the fixed text.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Cache folder (default: .cxlint_cache at the site root).")
def check(paths, select, ignore, extend_select, config_path, packs, build_date, jobs, output_format, output_file, statistics, exit_zero, quiet, no_color, fix, unsafe_fixes, fix_only, diff, show_fixes, changed_since, baseline_file, write_baseline_file, stdin_filename, no_cache, cache_dir):
    """Check Hugo content under PATHS (default: the current folder)."""
    from cxlint.registry import RegistryError, reporters

    if baseline_file and write_baseline_file:
        raise UsageFailure("--baseline and --write-baseline cannot be used together (--write-baseline replaces the file)")
    if stdin_filename and (changed_since or paths or fix_only):
        raise UsageFailure("--stdin-filename checks one text from stdin: it takes no PATHS, --changed-since or --fix-only")
    if output_file is not None:
        try:  # a report path in a folder that does not exist yet (CI: reports/cxlint.sarif)
            output_file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageFailure(f"--output-file {output_file}: cannot create its folder: {exc.strerror or exc}") from None
    scope = _site_first(list(paths)) or [Path.cwd()]
    paths = [stdin_filename.absolute()] if stdin_filename else scope
    # a stdin buffer is not the file on disk: its results must not come from (or go to) the cache
    linter = make_linter(
        select, ignore, extend_select, config_path, packs, build_date, jobs, paths,
        cache=not (no_cache or stdin_filename), cache_dir=cache_dir,
    )
    available = reporters()
    if output_format not in available:
        raise UsageFailure(f"--format: unknown format {output_format!r}; choose from {', '.join(sorted(available))}")
    try:
        available[output_format]
    except RegistryError as exc:
        raise UsageFailure(f"--format {output_format}: {exc}") from None
    if stdin_filename:
        linter.sources[paths[0].resolve()] = _binary(sys.stdin).read()
    impact = None
    # The run builds a large heap that lives until the process exits: keep the cycle
    # collector off while it is built, then out of its sight (gc.freeze), or the first
    # collection afterwards scans all of it (~0.15 s on a large site) while reporting.
    import gc

    gc.disable()
    try:
        with _progress(available[output_format], quiet, stdin_filename) as bar:
            linter.progress = bar
            if changed_since:
                paths, impact = _changed_targets(linter, changed_since, scope)
            linter.hash_pages = bool(fix or fix_only or diff)  # (for the fixer; a cache hashes anyway)
            result = linter.check(paths) if paths else _empty_result(linter, scope)
    except Exception as exc:
        from cxlint.site import SiteConfigError

        if isinstance(exc, SiteConfigError):
            raise UsageFailure(str(exc)) from None
        raise
    finally:
        gc.freeze()
        gc.enable()
    if impact is not None:
        result.diagnostics = impact.filter(result.diagnostics, linter.cwd)
    elif paths and not stdin_filename and not result.files_checked:
        # a silent "All checks passed: 0 files" for a named README.md would read as a pass
        site = result.site
        click.echo(
            f"cxlint: warning: nothing to check in {', '.join(_shown(p) for p in paths)}: pages are Markdown "
            f"files under {_shown(site.content_dir)}, data files under {_shown(site.data_dir)}, and JSON files",
            err=True,
        )
    if linter.config.extend_safe_fixes or linter.config.extend_unsafe_fixes:
        from cxlint.fixes import apply_fix_policy

        result.diagnostics = apply_fix_policy(result.diagnostics, linter.config)
    if stdin_filename and fix:
        return _fix_stdin(linter, result, unsafe_fixes, available[output_format], exit_zero, baseline_file)
    if diff:
        return _run_diff(linter, paths, result, unsafe_fixes, show_fixes, output_file)
    fix_lines: list[str] = []
    if fix or fix_only:
        summary, fix_lines = _run_fix(linter, paths, result, unsafe_fixes, show_fixes)
        result = summary.result
        if impact is not None:  # a re-checked page reports everything again: keep the broken spans only
            result.diagnostics = impact.filter(result.diagnostics, linter.cwd)
        if fix_only:
            _echo_lines(fix_lines, output_file)
            return _exit_code(summary.result.summary(), exit_zero, summary.problems)
    if write_baseline_file:
        return _write_baseline(write_baseline_file, result, linter.cwd)
    if baseline_file:
        _apply_baseline(baseline_file, result, linter.cwd)
        if getattr(available[output_format], "machine", True) and result.baselined:
            # machine output has no summary line; say it where a CI log shows it
            click.echo(f"cxlint: {result.baselined} baselined problem(s) not reported ({baseline_file})", err=True)
    stream = open(output_file, "w", encoding="utf-8", newline="\n") if output_file else sys.stdout
    try:
        reporter_cls = available[output_format]
        reporter = reporter_cls(
            stream,
            color=_use_color(no_color, stream) and not getattr(reporter_cls, "machine", True),
            statistics=statistics,
            quiet=quiet,
        )
        # [*] marks what --fix would apply: with --unsafe-fixes, the unsafe fixes too (set, not
        # passed: plugin reporters with their own __init__ keep working)
        reporter.unsafe_fixes = unsafe_fixes
        reporter.report(result)
        if fix_lines and not getattr(reporter_cls, "machine", True):
            stream.write("".join(line + "\n" for line in fix_lines))
        elif fix_lines:  # keep machine output parseable
            click.echo("\n".join(fix_lines), err=True)
    finally:
        if output_file:
            stream.close()
    got = result.summary()
    return _exit_code(got, exit_zero, got.errors)


def _exit_code(summary, exit_zero: bool, failing: int) -> int:
    """2 when a rule crashed (its CX999 problems say where), whatever ``--exit-zero`` says: a
    crashed rule checked nothing, so a clean-looking run would be a lie; else 1 for ``failing``
    problems unless ``--exit-zero``."""
    if summary.internal:
        click.echo(f"cxlint: {summary.internal} internal error(s) (CX999): a rule crashed; exit 2", err=True)
        return EXIT_ERROR
    return EXIT_PROBLEMS if failing and not exit_zero else EXIT_OK


def _shown(path: Path) -> str:
    """``path`` as a message shows it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path) if Path(os.path.abspath(path)).is_relative_to(Path.cwd()) else str(path)
    except ValueError:  # (another drive)
        return str(path)


def _site_first(paths: list[Path]) -> list[Path]:
    """Put first a path that lies in a Hugo site: the site and config are found from the first path.

    pre-commit passes files in any order, e.g. ``README.md site/content/a.md`` in a repo whose
    site is in ``site/``; the README must not make the repository root the site.
    """
    from cxlint.site import SiteConfigError, find_site

    for i, path in enumerate(paths):
        try:
            if find_site(path).config_file is not None:
                return [path, *paths[:i], *paths[i + 1:]] if i else paths
        except SiteConfigError:
            return paths  # reported by the run itself, with the file named
    return paths


def _progress(reporter_cls, quiet: bool, stdin_filename):
    """A progress display on stderr for long runs in a terminal (never in CI or for machine formats)."""
    import contextlib

    from cxlint.progress import RunProgress, wanted

    if stdin_filename or not wanted(sys.stderr, getattr(reporter_cls, "machine", True), quiet):
        return contextlib.nullcontext(None)
    return RunProgress(sys.stderr)


def _changed_targets(linter, rev: str, scope: list[Path]):
    """Files to check for ``--changed-since`` (changed + broken by a removal) and the filter for the latter."""
    from cxlint.changes import GitError, git_changes, impact_of, in_scope

    site = linter.find_site(scope)
    try:
        changes = git_changes(rev, site.root)
        changed = in_scope(changes, scope, site)
        impact = impact_of(changes, site, linter.pack, changed)
        impact.narrow(scope)
    except GitError as exc:
        raise UsageFailure(str(exc)) from None
    if impact.removed_pages:
        click.echo(
            f"cxlint: {len(impact.removed_pages)} page(s) renamed or deleted since {rev}; "
            f"{len(impact.broken)} other page(s) point at them",
            err=True,
        )
    return sorted(set(changed) | set(impact.broken)), impact


def _empty_result(linter, scope: list[Path]):
    """The result of checking nothing (no changed content): reporters still write a valid, empty report."""
    from cxlint.engine import RunResult

    return RunResult([], {}, linter.find_site(scope), None, linter.rules, cwd=linter.cwd)


def _write_baseline(path: Path, result, cwd: Path) -> int:
    from cxlint.baseline import Baseline, BaselineError, record

    previous = None
    if path.is_file():
        try:
            previous = Baseline.load(path)
        except BaselineError as exc:
            # its entries for the files and rules this run did not see would be lost
            raise UsageFailure(f"{exc}; not overwritten: mend it, or delete it to record a new baseline") from None
    base = record(path, result.diagnostics, cwd, result.documents.keys(), previous, [r.code for r in result.rules])
    base.write()
    click.echo(
        f"cxlint: wrote {path}: {base.total} problem(s) in {len(base.counts)} entries "
        f"({len(result.diagnostics)} from the {result.files_checked} files checked now)",
        err=True,
    )
    return _exit_code(result.summary(), True, 0)


def _apply_baseline(path: Path, result, cwd: Path) -> None:
    from cxlint.baseline import Baseline, BaselineError, apply

    try:
        base = Baseline.load(path)
    except BaselineError as exc:
        raise UsageFailure(str(exc)) from None
    filtered = apply(base, result.diagnostics, cwd, result.documents.keys())
    result.diagnostics = filtered.new
    result.baselined = filtered.baselined  # the text summary says how many were hidden
    result.baseline_fixed = filtered.fixed


def _fix_stdin(linter, result, unsafe: bool, reporter_cls, exit_zero: bool, baseline_file) -> int:
    """Editors: the fixed text on stdout (byte-exact), what is left on stderr."""
    from cxlint.diagnostics import Severity
    from cxlint.fixes import fix_files, format_problems

    summary = fix_files(linter, [], unsafe=unsafe, write=False, result=result)
    doc = next(iter(result.documents.values()), None)
    fixed = next((ff.fixed_bytes() for ff in summary.files), None)
    if fixed is None:
        fixed = next(iter(linter.sources.values()))
    out = _binary(sys.stdout)
    out.write(fixed)
    out.flush()
    for line in format_problems(summary):
        click.echo(f"cxlint: warning: {line}", err=True)
    left = summary.result
    if baseline_file:
        _apply_baseline(baseline_file, left, linter.cwd)
    if left.diagnostics and doc is not None:
        reporter_cls(sys.stderr, color=False, statistics=False, quiet=False).report(left)
    errors = sum(1 for d in left.diagnostics if d.severity == Severity.ERROR)
    return _exit_code(left.summary(), exit_zero, errors)


def _run_fix(linter, paths, result, unsafe, show_fixes):
    from cxlint.fixes import fix_files, format_problems, format_summary

    summary = fix_files(linter, paths, unsafe=unsafe, result=result)
    for line in format_problems(summary):
        click.echo(f"cxlint: warning: {line}", err=True)
    return summary, format_summary(summary, show_fixes=show_fixes)


def _run_diff(linter, paths, result, unsafe, show_fixes, output_file) -> int:
    """Print the would-be changes as one patch on stdout (bytes as they are); counts on stderr."""
    from cxlint.fixes import fix_files, format_problems, format_summary

    summary = fix_files(linter, paths, unsafe=unsafe, write=False, result=result)
    patch = summary.diff().encode("utf-8")
    if output_file:
        Path(output_file).write_bytes(patch)
    else:
        out = _binary(sys.stdout)
        out.write(patch)
        out.flush()
    for line in format_problems(summary):
        click.echo(f"cxlint: warning: {line}", err=True)
    click.echo("\n".join(format_summary(summary, would=True, show_fixes=show_fixes)), err=True)
    return EXIT_PROBLEMS if summary.changed_files else EXIT_OK


def _echo_lines(lines: list[str], output_file) -> None:
    text = "".join(line + "\n" for line in lines)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@cli.command("rules")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Config file, to show plugin rules and selection.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(config_path, output_format):
    """List every rule: code, name, default, fixability, summary."""
    import json

    from cxlint.registry import all_rules

    config = _load_config(config_path, [Path.cwd()], ())
    registry = all_rules(config.plugin_paths)
    from cxlint.diagnostics import Applicability
    from cxlint.fixes import resolve_applicability

    def fix_of(cls):  # the config may re-classify a rule's fixes (extend-safe/unsafe-fixes)
        if not cls.fix_applicability:
            return None
        declared = cls.fix_applicability
        other = Applicability.UNSAFE if declared == Applicability.SAFE else Applicability.SAFE
        resolved = resolve_applicability(cls.code, declared, config)
        if cls.mixed_fixes and resolved == declared and resolve_applicability(cls.code, other, config) == other:
            return f"{declared}, some {other}"  # not re-classified: each fix keeps its own
        return str(resolved)

    rows = [
        {
            "code": code,
            "name": cls.name,
            "enabled": cls.default_enabled,
            "fix": fix_of(cls),
            "tags": list(cls.tags),
            "summary": cls.summary,
        }
        for code, cls in registry.items()
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2))
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(title=None, box=None, pad_edge=False)
    for column in ("code", "name", "default", "fix", "summary"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["code"], r["name"], "on" if r["enabled"] else "off", r["fix"] or "-", r["summary"])
    Console(highlight=False, soft_wrap=True).print(table)
    return EXIT_OK


@cli.command("explain")
@click.argument("code")
def explain(code):
    """Print the documentation of one rule (by code or name)."""
    from cxlint.registry import all_rules

    registry = all_rules()
    wanted = code.strip()
    for c, cls in registry.items():
        if c == wanted.upper() or cls.name == wanted.lower():
            fix = f"Fix: {cls.fix_applicability}" if cls.fix_applicability else "Fix: none"
            if cls.fix_applicability and cls.mixed_fixes:
                fix += " (some fixes have the other safety; each fix says which)"
            opts = ", ".join(f"{k} (default {v!r})" for k, v in cls.options.items()) or "none"
            click.echo(f"{cls.code} {cls.name}\n\n{cls.docs()}\n\nDefault: {'on' if cls.default_enabled else 'off'}. {fix}. Options: {opts}.")
            return EXIT_OK
    raise UsageFailure(f"unknown rule {code!r}; run 'cxlint rules' for the list")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (never calls sys.exit)."""
    import gc

    try:
        return _main(argv)
    finally:
        gc.unfreeze()  # a caller that lives on (tests, an editor) gets its collector back whole


def _main(argv: list[str] | None) -> int:
    try:
        rv = cli.main(args=argv, prog_name="cxlint", standalone_mode=False)
    except UsageFailure as exc:
        click.echo(f"cxlint: error: {exc}", err=True)
        return EXIT_ERROR
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:  # an internal error: say so, exit 2, no traceback unless asked
        if os.environ.get("CXLINT_DEBUG"):
            raise
        click.echo(f"cxlint: internal error: {type(exc).__name__}: {exc} (set CXLINT_DEBUG=1 for a traceback)", err=True)
        return EXIT_ERROR
    return rv if isinstance(rv, int) else EXIT_OK


def entry() -> None:
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        code = code or EXIT_ERROR
    # Skip the interpreter's teardown: freeing a large run's objects one by one
    # takes longer than the warm run itself. Nothing is left to write.
    os._exit(code)
