from __future__ import annotations

import bisect
import re
from collections import Counter

from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter
from cxlint.reporters.escape import CONTROL, visible

#: the styles the report uses, by role
STYLES = {"path": "bold", "error": "bold red", "warning": "yellow", "dim": "dim", "caret": "red"}


class TextReporter(Reporter):
    """Human output: ``path:line:col CODE message``, a code frame, and a summary line.

    Colours come from rich (which knows the terminal); the lines are written
    as plain strings with the escape codes rich renders for each style, once:
    a report of 10,000 problems printed line by line through rich's markup
    took ~9 s, this way it takes a small fraction of that.
    """

    machine = False

    def report(self, result) -> None:
        if self.quiet and not self.statistics:
            # only the summary line, no markup: not worth importing rich for
            line = self._summary(result)
            if line:
                self.stream.write(line + "\n")
            return
        paint = _painter(self.stream) if self.color else _plain
        diags = result.diagnostics
        out: list[str] = []
        write = self.stream.write
        if not self.quiet:
            bold, red, yellow, dim = paint("path"), paint("error"), paint("warning"), paint("dim")
            fixable = " " + dim("[*]")
            documents = result.documents
            texts = getattr(documents, "text_of", documents.get)
            caret = paint("caret")
            unsafe = self.unsafe_fixes
            shown, doc, lines, path = None, None, None, ""  # diagnostics come sorted by path: one file read at a time
            control = CONTROL.search
            for d in diags:
                message = d.message
                if not message.isprintable() and control(message):  # (isprintable: a faster first look)
                    message = visible(message)
                if d.path != shown:
                    shown, doc = d.path, texts(d.path)
                    lines = _lines(doc)
                    path = bold(visible(d.path))
                style = red if d.severity == Severity.ERROR else yellow
                fix = d.fix  # marked when --fix applies it (Reporter.applies, inline: 10,000 calls)
                out.append(
                    f"{path}:{d.line}:{d.column}: {style(d.code)} {message}"
                    f"{fixable if fix is not None and (unsafe or fix.applicability == 'safe') else ''}\n"
                )
                if lines:
                    _frame(out, lines, d, dim, caret)
                if len(out) > 4096:
                    write("".join(out))
                    out.clear()
        if self.statistics:
            counts = Counter((d.code, d.name) for d in diags)
            with_fix = Counter(d.code for d in diags if self.applies(d.fix))
            for (code, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                mark = "[*]" if with_fix[code] else "   "
                out.append(f"{n:>6}  {code:<7} {mark} {name}\n")
        line = self._summary(result)
        if line:
            out.append(line + "\n")
        write("".join(out))

    def _summary(self, result) -> str:
        if hasattr(result, "summary"):
            count, n_err, files, n_safe, n_unsafe = result.summary()[:5]
        else:  # a result made by a plugin
            from cxlint.engine import Summary

            count, n_err, files, n_safe, n_unsafe = Summary.of(result.diagnostics)[:5]
        baselined = getattr(result, "baselined", 0)
        fixed = getattr(result, "baseline_fixed", 0)
        note = f" {baselined} baselined problem{'s' if baselined != 1 else ''} not shown." if baselined else ""
        if fixed:
            note += f" {fixed} baseline entr{'ies' if fixed != 1 else 'y'} no longer found (re-run --write-baseline to drop {'them' if fixed != 1 else 'it'})."
        if count:
            if n_unsafe and self.unsafe_fixes:  # (the run was given --unsafe-fixes: say the command)
                tail = f" ({n_safe + n_unsafe} fixable with --fix --unsafe-fixes)"
            elif n_safe and n_unsafe:
                tail = f" ({n_safe} fixable with --fix, {n_unsafe} more with --unsafe-fixes)"
            elif n_safe:
                tail = f" ({n_safe} fixable with --fix)"
            elif n_unsafe:
                tail = f" ({n_unsafe} fixable with --fix --unsafe-fixes)"
            else:
                tail = ""
            return (
                f"Found {count} problem{'s' if count != 1 else ''} "
                f"({n_err} error{'s' if n_err != 1 else ''}) in {files} of {result.files_checked} files{tail}.{note}"
            )
        if not self.quiet or note:
            return f"All checks passed: {result.files_checked} files.{note}"
        return ""


def _lines(doc) -> list[str] | None:
    """The document's lines as :meth:`Document.line_text` gives them, split once (a report
    frames ~10,000 problems in ~2,000 files), or None for no text."""
    if doc is None or not doc.text:
        return None
    text = doc.text
    if "\r" not in text:
        return text.split("\n")
    return [doc.line_text(ln) for ln in range(1, len(doc.line_starts) + 1)]


#: a frame line's text at most, with the "..." of a cut; and how much of a line a frame shows
#: before the problem when the problem lies beyond that
_WIDTH, _BEFORE = 160, 40


def _frame(out: list[str], lines: list[str], d, dim, red) -> None:
    """The lines around ``d`` (the previous, its own, the next) with carets under its span.

    Columns count code points; the carets are placed by terminal cells (a wide character takes
    two, a combining mark none), a tab is drawn as one space and a control character as its
    escape (several characters, counted as such).
    Only the part of a line shown is looked at: the real site's frames hold 4 MB of (long) lines.
    """
    own = d.line
    width = len(str(own + 1))
    for ln in range(max(1, own - 1), min(len(lines), own + 1) + 1):
        text = lines[ln - 1]
        if ln != own:
            cut = len(text) > _WIDTH
            if not cut and _has_wide(text):
                cum = _cumulative_cells(text)  # wide characters: the cut is by cells
                cut = cum[-1] > _WIDTH
                limit = bisect.bisect_right(cum, _WIDTH - 3) - 1 if cut else len(text)
            else:
                limit = _WIDTH - 3
            shown = (text[:limit] if cut else text).replace("\t", " ")
            if not shown.isprintable() and CONTROL.search(shown):
                shown = visible(shown)
            out.append(dim(f"   {ln:>{width}} | {shown}{'...' if cut else ''}") + "\n")
            continue
        n, col = len(text), d.column - 1
        if n <= _WIDTH * 64 and _has_wide(text):
            # wide characters take two cells: the window is chosen in cells
            cum = _cumulative_cells(text)
            cells_start, cells_stop = _window(cum[-1], cum[min(col, n)])
            start = bisect.bisect_left(cum, cells_start)
            stop = bisect.bisect_right(cum, cells_stop) - 1
        else:
            start, stop = (0, n) if n <= _WIDTH else _window(n, col)
        shown = (text[start:stop] if stop - start < n else text).replace("\t", " ")
        clean = shown.isprintable() or not CONTROL.search(shown)
        out.append(f" > {ln:>{width}} | {'...' if start else ''}{shown if clean else visible(shown)}{'...' if stop < n else ''}\n")
        end = d.end_column if d.end_line == own and d.end_column > d.column else d.column + 1
        # a span may run on under the "..." of a cut (and one past it), as far as the line it ends on
        last = min(end - 1, stop + 4 if stop < n else max(_WIDTH + 1, n + 1))
        if clean and shown.isascii():
            pad, length = (3 if start else 0) + col - start, max(1, last - col)
        else:
            draw = str if clean else visible
            pad = (3 if start else 0) + _cells(draw(shown[:col - start])) + max(0, col - n)
            length = max(1, _cells(draw(shown[col - start:last - start])) + max(0, last - max(stop, col)))
        out.append(f"   {' ' * width} | {' ' * pad}{red('^' * length)}\n")


#: characters that take two terminal cells or none (East Asian wide and fullwidth, emoji,
#: combining marks, zero-width characters): a line without any is as wide as it is long
#: (curly quotes and accented letters are one cell), and is framed at C speed
_NOT_ONE_CELL_PATTERN = (
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f"
    "\u1100-\u115f\u200b-\u200f\u20d0-\u20ff\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe00-\ufe0f\ufe20-\ufe4f\uff00-\uff60\uffe0-\uffe6"
    "\U0001f300-\U0001f64f\U0001f680-\U0001f6ff\U0001f900-\U0001f9ff\U00020000-\U0003fffd]"
)
_not_one_cell: re.Pattern | None = None  # compiled when first wanted (~5 ms: most runs frame no wide line)


def _has_wide(text: str) -> bool:
    """Whether ``text`` may be wider than the frame in cells though not in characters: over
    half the frame long, with a character that is not one cell wide."""
    global _not_one_cell
    if len(text) * 2 <= _WIDTH or text.isascii():
        return False
    if _not_one_cell is None:
        _not_one_cell = re.compile(_NOT_ONE_CELL_PATTERN)
    return _not_one_cell.search(text) is not None


def _cumulative_cells(text: str) -> list[int]:
    """The cells each prefix of ``text`` takes: ``[0, cells(text[:1]), ..., cells(text)]``."""
    from rich.cells import get_character_cell_size

    cum = [0]
    total = 0
    for ch in text:
        total += get_character_cell_size(ch)
        cum.append(total)
    return cum


def _cells(text: str) -> int:
    """How many terminal cells ``text`` takes: a wide (CJK, emoji) character two, a combining or
    zero-width one none (rich's table, the one its own console lays text out by)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _window(n: int, col: int) -> tuple[int, int]:
    """The part ``[start, stop)`` of a line of ``n`` characters a frame shows so that 0-based column
    ``col`` is in it: the whole line if it fits, else its start, else a stretch around ``col``."""
    if n <= _WIDTH:
        return 0, n
    if col < _WIDTH - 3:
        return 0, _WIDTH - 3
    start = col - _BEFORE
    if n - start <= _WIDTH - 3:
        return n - (_WIDTH - 3), n
    return start, start + _WIDTH - 6


def _plain(role: str):
    return str


def _painter(stream):
    """role -> a function wrapping text in that style's escape codes, as rich renders them for ``stream``."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True, emoji=False)
    codes = {}
    for role, style in STYLES.items():
        with console.capture() as cap:
            console.print(Text("\0", style=style), end="")
        start, _, end = cap.get().partition("\0")
        codes[role] = (start, end)

    def paint(role: str):
        start, end = codes[role]
        if not start and not end:
            return str
        return lambda text: f"{start}{text}{end}"

    return paint
