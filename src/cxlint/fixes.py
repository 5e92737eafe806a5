"""The one fix engine: apply rules' Fix data to files, re-check, repeat, write atomically.

Rules never edit files: a diagnostic may carry a :class:`~cxlint.diagnostics.Fix`
(text edits on the decoded file text plus an applicability). This module

* decides which fixes apply (safe ones; unsafe ones with ``unsafe=True``;
  ``extend-safe-fixes`` / ``extend-unsafe-fixes`` in the config re-classify
  rules, the more specific selector winning and unsafe winning a tie),
* applies non-overlapping fixes per file in one pass (a fix whose edits
  overlap an edit already taken waits for the next pass, after a re-check on
  the new text gives it fresh offsets),
* re-parses the page from memory and re-runs the rules on it, until nothing
  changes (at most :data:`MAX_PASSES` passes),
* reverts a pass whose result no longer parses (a fix must never break a
  page), and
* writes each changed file once, atomically, unless it changed on disk since
  it was read.

Edits replace exact character ranges of the text the rules saw, so every byte
outside them (comments, key order, quoting, CRLF line endings, a missing final
newline, the BOM) is preserved as read.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from cxlint.diagnostics import SORT_KEY, Applicability, Diagnostic, Edit
from cxlint.document import Document
from cxlint.fsutil import Snapshot, StaleFileError, atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from cxlint.config import Config
    from cxlint.engine import Linter, RunResult
    from cxlint.rule import CheckContext

#: upper bound of apply/re-check rounds per file (ruff uses 100; our fixes converge in 1-3)
MAX_PASSES = 10
_BOM = "\ufeff"


# ----------------------------------------------------------------- applicability
def _specificity(code: str, selectors: Iterable[str]) -> int:
    """Length of the longest selector matching ``code`` (``ALL`` counts 0); -1 if none."""
    best = -1
    for sel in selectors:
        sel = sel.strip().upper()
        if sel == "ALL":
            best = max(best, 0)
        elif code.startswith(sel):
            best = max(best, len(sel))
    return best


def resolve_applicability(code: str, declared: Applicability, config: "Config | None") -> Applicability:
    """The applicability of ``code``'s fixes after the config's re-classification."""
    if config is None:
        return declared
    safe = _specificity(code, config.extend_safe_fixes)
    unsafe = _specificity(code, config.extend_unsafe_fixes)
    if safe < 0 and unsafe < 0:
        return declared
    return Applicability.UNSAFE if unsafe >= safe else Applicability.SAFE


def apply_fix_policy(diagnostics: list[Diagnostic], config: "Config | None") -> list[Diagnostic]:
    """Diagnostics with each fix's applicability resolved against the config (for reporters too)."""
    if config is None or not (config.extend_safe_fixes or config.extend_unsafe_fixes):
        return diagnostics
    out = []
    for d in diagnostics:
        if d.fix is not None:
            wanted = resolve_applicability(d.code, d.fix.applicability, config)
            if wanted != d.fix.applicability:
                d = d.with_fix(d.fix.replaced(wanted))
        out.append(d)
    return out


def is_eligible(d: Diagnostic, unsafe: bool) -> bool:
    return d.fix is not None and bool(d.fix.edits) and (unsafe or d.fix.applicability == Applicability.SAFE)


# ----------------------------------------------------------------- applying edits
def _conflicts(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True  # real overlap
    # Two insertions at one point: their order would be arbitrary.
    return a.start == a.end == b.start == b.end


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into ``text``). Raises ValueError on overlap or bad range."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    prev: Edit | None = None
    for e in ordered:
        if not (0 <= e.start <= e.end <= len(text)):
            raise ValueError(f"edit {e.start}..{e.end} outside the text (length {len(text)})")
        if prev is not None and _conflicts(prev, e):
            raise ValueError(f"overlapping edits {prev.start}..{prev.end} and {e.start}..{e.end}")
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
        prev = e
    out.append(text[pos:])
    return "".join(out)


def select_fixes(text: str, diagnostics: list[Diagnostic]) -> tuple[list[Edit], list[Diagnostic]]:
    """Pick the fixes one pass can apply together: in text order, skip any that conflicts.

    Returns the edits to apply and the diagnostics they fix. Identical fixes
    (two diagnostics with the same edits) are applied once and count for both.
    A fix is all-or-nothing: if one of its edits conflicts, none is taken.
    """
    taken: list[Edit] = []
    fixed: list[Diagnostic] = []
    seen: set[tuple[Edit, ...]] = set()

    def first(d: Diagnostic) -> tuple[int, int]:
        return min((e.start, e.end) for e in d.fix.edits)  # type: ignore[union-attr]

    for d in sorted(diagnostics, key=lambda d: (first(d), d)):
        edits = tuple(sorted(set(d.fix.edits)))  # type: ignore[union-attr]
        if edits in seen:
            fixed.append(d)
            continue
        if any(not (0 <= e.start <= e.end <= len(text)) for e in edits):
            continue  # a rule bug; never apply a fix that points outside the file
        if any(_conflicts(a, b) for i, a in enumerate(edits) for b in edits[i + 1 :]):
            continue
        if any(_conflicts(e, t) for e in edits for t in taken):
            continue  # next pass
        taken.extend(edits)
        seen.add(edits)
        fixed.append(d)
    return taken, fixed


# ----------------------------------------------------------------- results
@dataclass
class FileFix:
    """What happened to one file."""

    path: Path
    display_path: str
    original: str  # text as read (BOM not included)
    fixed: str  # text after the fixes (equal to original when nothing applied)
    bom: bool
    applied: Counter = field(default_factory=Counter)  # rule code -> diagnostics fixed
    remaining: list[Diagnostic] = field(default_factory=list)
    document: Document | None = None  # the re-parsed final document
    status: str = "unchanged"  # unchanged | fixed | stale | reverted | skipped | error
    message: str = ""
    passes: int = 0

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def original_bytes(self) -> bytes:
        return ((_BOM if self.bom else "") + self.original).encode("utf-8")

    def fixed_bytes(self) -> bytes:
        return ((_BOM if self.bom else "") + self.fixed).encode("utf-8")

    def diff(self) -> str:
        return unified_diff(self.display_path, self.original_bytes(), self.fixed_bytes())


@dataclass
class FixSummary:
    """The outcome of :func:`fix_files`: per-file results and the run after the fixes."""

    files: list[FileFix]
    result: "RunResult"  # diagnostics remaining after the fixes, documents as fixed
    written: bool
    unsafe: bool

    @property
    def applied(self) -> Counter:
        total: Counter = Counter()
        for f in self.files:
            if f.changed and f.status in ("fixed", "reverted"):
                total.update(f.applied)
        return total

    @property
    def total(self) -> int:
        return sum(self.applied.values())

    @property
    def changed_files(self) -> list[FileFix]:
        return [f for f in self.files if f.changed and f.status in ("fixed", "reverted")]

    @property
    def problems(self) -> list[FileFix]:
        """Files that could not be (fully) fixed: changed on disk, reverted pass, not converged."""
        return [f for f in self.files if f.message]

    @property
    def unsafe_available(self) -> Counter:
        """Remaining diagnostics whose fix only ``--unsafe-fixes`` would apply."""
        if self.unsafe:
            return Counter()
        return Counter(
            d.code for d in self.result.diagnostics
            if d.fix is not None and d.fix.applicability == Applicability.UNSAFE
        )

    def diff(self) -> str:
        return "".join(f.diff() for f in self.changed_files)


# ----------------------------------------------------------------- the engine
def fix_files(
    linter: "Linter",
    paths: Iterable[Path | str],
    *,
    unsafe: bool = False,
    write: bool = True,
    result: "RunResult | None" = None,
    max_passes: int = MAX_PASSES,
) -> FixSummary:
    """Check ``paths``, apply the eligible fixes, and (with ``write``) write changed files.

    ``write=False`` computes everything (for ``--diff``) and touches nothing.
    ``result`` lets a caller pass a check it already ran on the same paths.
    """
    from cxlint.engine import RunResult

    if result is None:
        result = linter.check(list(paths))
    ctx = linter.context(result.index)
    diagnostics = apply_fix_policy(result.diagnostics, linter.config)
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    read = result.read_hashes() if hasattr(result, "read_hashes") else {}
    index = _IndexState({r.code: r.scope for r in linter.rules})
    documents = dict(result.documents)
    done: list[tuple[FileFix, list[Diagnostic]]] = []
    with _Writer(result.site.root if write else None) as writer:
        for display in result.documents:
            diags = by_path.pop(display, [])
            if not any(is_eligible(d, unsafe) for d in diags):
                done.append((None, diags))
                continue
            doc = result.documents[display]
            # the run's diagnostics hold for the text it read, if that is the text here
            known = diags if read.get(display) == _content_hash(doc) else None
            ff = _fix_one(linter, ctx, doc, unsafe, max_passes, known, index)
            if ff.changed and write:
                writer.write(ff)
            done.append((ff, diags))
    files: list[FileFix] = []
    remaining: list[Diagnostic] = []
    for ff, diags in done:  # every write has finished: each file's status is final
        if ff is None:
            remaining.extend(diags)
        elif ff.status in ("stale", "skipped", "error"):
            remaining.extend(diags)  # nothing was written: the original diagnostics stand
            files.append(ff)
        else:
            remaining.extend(ff.remaining)
            if ff.document is not None:
                documents[ff.display_path] = ff.document
            files.append(ff)
    for diags in by_path.values():  # diagnostics of files not in documents (none expected)
        remaining.extend(diags)
    remaining.sort(key=SORT_KEY)
    after = RunResult(remaining, documents, result.site, result.index, result.rules, cwd=getattr(result, "cwd", None))
    return FixSummary(files, after, written=write, unsafe=unsafe)


class _IndexState:
    """Whether fixes so far changed some page's facts in the index (then site-scope results of
    the run no longer hold for the pages fixed after), and each rule's scope."""

    def __init__(self, scopes: dict[str, str]):
        self.scopes = scopes
        self.changed = False


def _content_hash(doc: Document) -> bytes:
    from cxlint.cache import content_hash

    return content_hash(((_BOM if doc.bom else "") + doc.text).encode("utf-8", "surrogatepass"))


class _Writer:
    """Writes fixed files on a few threads while the next files are fixed: each write is
    durable (fsync'd before the rename), and a thousand fsyncs one after another took
    longer than all the fixing. ``root`` None: nothing is written (``--diff``)."""

    def __init__(self, root: Path | None):
        self.root = root
        self.pool = None
        self.pending: list = []

    def write(self, ff: FileFix) -> None:
        if self.pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self.pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cxlint-write")
        self.pending.append(self.pool.submit(_write, ff, self.root))

    def __enter__(self) -> "_Writer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            for future in self.pending:
                future.result()  # _write reports its failures on the FileFix; anything else is a bug


def _fix_one(linter, ctx, doc: Document, unsafe: bool, max_passes: int, known=None, index=None) -> FileFix:
    ff = FileFix(doc.path, doc.display_path, doc.text, doc.text, doc.bom, document=doc)
    current, text = doc, doc.text
    index = index or _IndexState({})
    # Fix offsets must match exactly the text we edit: the run's diagnostics (``known``)
    # are used only when the run read this very text; else the document is checked again.
    try:
        diags = _first_check(linter, ctx, doc, known, index)
    except Exception as exc:
        ff.status, ff.message = "error", f"internal error while checking ({type(exc).__name__}: {exc}); not fixed"
        return ff
    seen_texts = {text}
    for _ in range(max_passes):
        eligible = [d for d in diags if is_eligible(d, unsafe)]
        edits, fixed = select_fixes(text, eligible)
        if not edits:
            break
        new_text = apply_edits(text, edits)
        if new_text == text:
            break
        new_doc = _reparse(linter, current, new_text)
        if _broken(new_doc) and not _broken(current):
            codes = ", ".join(sorted({d.code for d in fixed}))
            ff.status = "reverted"
            ff.message = f"a fix ({codes}) would make the file unparsable; that pass was not applied"
            break
        try:
            new_diags = _recheck(linter, ctx, new_doc, index)
        except Exception as exc:  # a rule crashing on fixed text: keep the file as it was
            _update_index(linter, ctx, doc, index)
            ff.status, ff.fixed, ff.document = "error", doc.text, doc
            ff.applied.clear()
            ff.message = f"internal error while re-checking fixed text ({type(exc).__name__}: {exc}); file left unchanged"
            return ff
        ff.passes += 1
        ff.applied.update(d.code for d in fixed)
        text, current, diags = new_text, new_doc, new_diags
        if new_text in seen_texts:
            ff.message = "fixes undo each other; stopped"
            break
        seen_texts.add(new_text)
    else:
        if any(is_eligible(d, unsafe) for d in diags):
            ff.message = f"fixes did not converge after {max_passes} passes"
    ff.fixed, ff.document, ff.remaining = text, current, diags
    if ff.changed and ff.status == "unchanged":
        ff.status = "fixed"
    return ff


def _reparse(linter, doc: Document, text: str) -> Document:
    """The document as the rules would see it if the file held ``text``."""
    from cxlint.site import Page, load_page

    data = ((_BOM if doc.bom else "") + text).encode("utf-8")
    if isinstance(doc, Page):
        content_dir = doc.path.parent
        if doc.content_path and doc.path.as_posix().endswith("/" + doc.content_path):
            content_dir = Path(doc.path.as_posix()[: -len(doc.content_path) - 1])
        new = load_page(doc.path, content_dir, linter.cwd, data=data)
        new.display_path = doc.display_path
        return new
    fresh = dataclasses.replace(doc, text=text)  # type: ignore[type-var]
    fresh._line_starts = None
    fresh.__dict__.pop("parsed", None)  # DataFile caches its parse
    return fresh


def _broken(doc: Document) -> bool:
    if hasattr(doc, "front"):
        return getattr(doc, "error", None) is not None
    if hasattr(doc, "parsed"):
        return doc.parsed is None  # type: ignore[attr-defined]
    return False


def _recheck(linter, ctx: "CheckContext", doc: Document, index: _IndexState | None = None) -> list[Diagnostic]:
    _update_index(linter, ctx, doc, index)
    return apply_fix_policy(sorted(linter.check_document(doc, ctx)), linter.config)


def _first_check(linter, ctx: "CheckContext", doc: Document, known, index: _IndexState) -> list[Diagnostic]:
    """The diagnostics of ``doc`` before its first fix pass.

    The run's own (``known``: it read this text) when they still hold: the
    file-scope rules' always; the site-scope rules' while no fix changed a
    page's facts (else those rules run again, against the index as fixed).
    """
    if known is None or any(d.code not in index.scopes for d in known):  # e.g. an internal error
        return _recheck(linter, ctx, doc, index)
    if not index.changed:
        return known
    mine = [d for d in known if index.scopes[d.code] == "file"]
    again = linter.check_document(doc, ctx, scope="site")
    return apply_fix_policy(sorted(mine + again), linter.config)


def _update_index(linter, ctx: "CheckContext", doc: Document, index: _IndexState | None = None) -> None:
    """Site-scope rules look pages up in the index: let them see this version of the page."""
    from cxlint.rule import Rule
    from cxlint.site import Page, PageFacts

    key = getattr(doc, "content_path", None)
    if not isinstance(doc, Page) or not key or key not in ctx.site.pages:
        return
    from cxlint.refs import anchors_changed

    extractors = [r for r in linter.rules if type(r).page_facts is not Rule.page_facts]
    facts = PageFacts.of(doc, extractors)
    # (the headings are no page facts: a fix that changed some a ref has asked for counts too)
    moved = anchors_changed(ctx.site, key, doc)
    if index is not None and not index.changed and (moved or ctx.site.pages[key] != facts):
        index.changed = True
    ctx.site.pages[key] = facts


def _write(ff: FileFix, root: Path) -> None:
    path = ff.path
    if path.is_symlink():
        ff.status, ff.message = "skipped", "is a symbolic link; not rewritten (fix its target instead)"
        return
    try:
        atomic_write(path, ff.fixed_bytes(), Snapshot.of_bytes(ff.original_bytes()))
    except StaleFileError:
        ff.status, ff.message = "stale", "changed on disk since it was read; not overwritten (run again)"
    except OSError as exc:
        ff.status, ff.message = "error", f"cannot write: {exc.strerror or exc}"


# ----------------------------------------------------------------- diffs
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_NO_EOL = "\\ No newline at end of file\n"


def unified_diff(display_path: str, before: bytes, after: bytes, context: int = 3) -> str:
    """A ``patch -p0`` / ``git apply -p0`` compatible diff of two versions of one file.

    Lines are split on LF only, so CRLF endings (and a stray CR) travel inside
    the lines byte for byte; a last line without a newline gets the standard
    ``\\ No newline at end of file`` marker.
    """
    a = _LINE.findall(before.decode("utf-8"))
    b = _LINE.findall(after.decode("utf-8"))
    out: list[str] = []
    for line in difflib.unified_diff(a, b, display_path, display_path, n=context):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n" + _NO_EOL)
    return "".join(out)


# ----------------------------------------------------------------- summaries
def format_summary(summary: FixSummary, *, would: bool = False, show_fixes: bool = False) -> list[str]:
    """Human lines: counts per rule (``--fix-only`` style), optional per-file detail, problems."""
    names = {r.code: r.name for r in summary.result.rules}
    lines: list[str] = []
    applied = summary.applied
    verb = "Would fix" if would else "Fixed"
    n_files = len(summary.changed_files)
    if applied:
        total = sum(applied.values())
        lines.append(
            f"{verb} {total} problem{'s' if total != 1 else ''} in {n_files} file{'s' if n_files != 1 else ''}:"
        )
        for code, n in sorted(applied.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"{n:>8}  {code:<7} {names.get(code, '')}".rstrip())
    else:
        lines.append("No fixes applied." if not would else "No fixes to apply.")
    if show_fixes and applied:
        for f in summary.changed_files:
            detail = ", ".join(f"{n} × {c}" for c, n in sorted(f.applied.items()))
            lines.append(f"  {f.display_path}: {detail}")
    hidden = summary.unsafe_available
    if hidden:
        n = sum(hidden.values())
        codes = ", ".join(f"{c} ({k})" for c, k in sorted(hidden.items()))
        lines.append(f"{n} more fixable with --unsafe-fixes: {codes}")
    return lines


def format_problems(summary: FixSummary) -> list[str]:
    return [f"{f.display_path}: {f.message}" for f in summary.problems]
