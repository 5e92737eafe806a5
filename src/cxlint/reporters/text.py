from __future__ import annotations

from collections import Counter

from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter


class TextReporter(Reporter):
    """Human output: ``path:line:col CODE message``, a code frame, and a summary line."""

    machine = False

    def report(self, result) -> None:
        if self.quiet and not self.statistics:
            # only the summary line, no markup: not worth importing rich for
            line = self._summary(result)
            if line:
                self.stream.write(line + "\n")
            return
        from rich.console import Console
        from rich.markup import escape

        console = Console(
            file=self.stream,
            no_color=not self.color,
            force_terminal=self.color,
            highlight=False,
            soft_wrap=True,
            emoji=False,
        )
        diags = result.diagnostics
        if not self.quiet:
            for d in diags:
                style = "bold red" if d.severity == Severity.ERROR else "yellow"
                fixable = " [dim]\\[*][/dim]" if d.fix is not None else ""
                console.print(
                    f"[bold]{escape(d.path)}[/bold]:{d.line}:{d.column}: [{style}]{d.code}[/{style}] {escape(d.message)}{fixable}"
                )
                doc = result.documents.get(d.path)
                if doc is not None and doc.text:
                    self._frame(console, doc, d)
        if self.statistics:
            counts = Counter((d.code, d.name) for d in diags)
            fixable = Counter(d.code for d in diags if d.fix is not None)
            for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                mark = "[*]" if fixable[code] else "   "
                console.print(f"{n:>6}  {code:<7} {escape(mark)} {name}")
        line = self._summary(result)
        if line:
            console.print(escape(line))

    def _summary(self, result) -> str:
        diags = result.diagnostics
        n_err = sum(1 for d in diags if d.severity == Severity.ERROR)
        n_safe = sum(1 for d in diags if d.fix is not None and d.fix.applicability == "safe")
        n_unsafe = sum(1 for d in diags if d.fix is not None) - n_safe
        files = len({d.path for d in diags})
        baselined = getattr(result, "baselined", 0)
        fixed = getattr(result, "baseline_fixed", 0)
        note = f" {baselined} baselined problem{'s' if baselined != 1 else ''} not shown." if baselined else ""
        if fixed:
            note += f" {fixed} baseline entr{'ies' if fixed != 1 else 'y'} no longer found (re-run --write-baseline to drop {'them' if fixed != 1 else 'it'})."
        if diags:
            if n_safe and n_unsafe:
                tail = f" ({n_safe} fixable with --fix, {n_unsafe} more with --unsafe-fixes)"
            elif n_safe:
                tail = f" ({n_safe} fixable with --fix)"
            elif n_unsafe:
                tail = f" ({n_unsafe} fixable with --fix --unsafe-fixes)"
            else:
                tail = ""
            return (
                f"Found {len(diags)} problem{'s' if len(diags) != 1 else ''} "
                f"({n_err} error{'s' if n_err != 1 else ''}) in {files} of {result.files_checked} files{tail}.{note}"
            )
        if not self.quiet or note:
            return f"All checks passed: {result.files_checked} files.{note}"
        return ""

    @staticmethod
    def _frame(console, doc, d) -> None:
        from rich.markup import escape

        width = len(str(d.line + 1))
        for ln in range(max(1, d.line - 1), min(len(doc.line_starts), d.line + 1) + 1):
            text = doc.line_text(ln).replace("\t", " ")
            if len(text) > 160:
                text = text[:157] + "..."
            mark = ">" if ln == d.line else " "
            console.print(f" {mark} {ln:>{width}} | {escape(text)}", style=None if ln == d.line else "dim")
            if ln == d.line:
                end = d.end_column if d.end_line == d.line and d.end_column > d.column else d.column + 1
                length = max(1, min(end, 162) - d.column)
                console.print(f"   {' ' * width} | {' ' * (d.column - 1)}[red]{'^' * length}[/red]")
