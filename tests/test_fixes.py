"""The fix engine (cxlint.fixes): edit application, passes, safety, bytes kept, atomic writes.

Rules under test come from a tiny plugin folder written per test, so the
engine is exercised independently of the built-in rules' fixes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cxlint.config import parse_config
from cxlint.diagnostics import Applicability, Diagnostic, Edit, Fix
from cxlint.engine import Linter
from cxlint.fixes import (
    MAX_PASSES,
    apply_edits,
    fix_files,
    resolve_applicability,
    select_fixes,
    unified_diff,
)
from cxlint.fsutil import Snapshot, StaleFileError, atomic_write

PLUGIN = '''
import re
from cxlint.diagnostics import Applicability, Edit
from cxlint.rule import Rule


class _Word(Rule):
    """Test rule: replace every match of ``pattern`` in the body with ``to``."""

    pattern = ""
    to = ""
    fix_applicability = Applicability.SAFE

    def check(self, doc, ctx):
        for m in re.finditer(self.pattern, doc.text[doc.body_start:]):
            s, e = doc.body_start + m.start(), doc.body_start + m.end()
            yield self.diagnostic(doc, s, e, f"{m.group()!r}", fix=self.make_fix("t", Edit(s, e, m.expand(self.to))))


class Spell(_Word):
    """Safe: colour -> color."""
    code, name, pattern, to = "TST001", "spell", r"colour", "color"


class Typo(_Word):
    """Safe: teh -> the."""
    code, name, pattern, to = "TST002", "typo", r"\\bteh\\b", "the"


class Doubled(_Word):
    """Safe: 'the the' -> 'the' (only visible after TST002 fixed 'teh the')."""
    code, name, pattern, to = "TST003", "doubled", r"\\bthe the\\b", "the"


class Risky(_Word):
    """Unsafe: utilise -> use."""
    code, name, pattern, to = "TST004", "risky", r"utilise", "use"
    fix_applicability = Applicability.UNSAFE


class Breaker(Rule):
    """Safe fix that would break the YAML front matter."""
    code, name = "TST005", "breaker"
    fix_applicability = Applicability.SAFE

    def check(self, doc, ctx):
        i = doc.text.find("breakme")
        if i >= 0 and doc.front is not None:
            yield self.diagnostic(doc, i, i + 7, "x", fix=self.make_fix("t", Edit(doc.front.content_start, doc.front.content_start, "key: [unclosed\\n")))


class Flip(_Word):
    """ping <-> pong: fixes that undo each other."""
    code, name, pattern, to = "TST006", "flip", r"ping|pong", ""

    def check(self, doc, ctx):
        for d in super().check(doc, ctx):
            s = doc.offset(d.line, d.column)
            word = doc.text[s:s + 4]
            yield self.diagnostic(doc, s, s + 4, word, fix=self.make_fix("t", Edit(s, s + 4, "pong" if word == "ping" else "ping")))


class Grow(Rule):
    """Always wants one more '!' at the end: never converges."""
    code, name = "TST007", "grow"
    fix_applicability = Applicability.SAFE

    def check(self, doc, ctx):
        if "grow" in doc.text:
            n = len(doc.text)
            yield self.diagnostic(doc, n, n, "more", fix=self.make_fix("t", Edit(n, n, "!")))


class Crash(_Word):
    """bomb -> boom, and crashes when it sees boom."""
    code, name, pattern, to = "TST008", "crash", r"bomb", "boom"

    def check(self, doc, ctx):
        if "boom" in doc.text:
            raise RuntimeError("kaboom")
        yield from super().check(doc, ctx)


class Pair(Rule):
    """One fix with two edits: swap the first 'left'/'right' words together."""
    code, name = "TST009", "pair"
    fix_applicability = Applicability.SAFE

    def check(self, doc, ctx):
        a, b = doc.text.find("left"), doc.text.find("right")
        if a >= 0 and b >= 0:
            yield self.diagnostic(doc, a, a + 4, "pair", fix=self.make_fix("t", Edit(a, a + 4, "LEFT"), Edit(b, b + 5, "RIGHT")))
'''

PAGE = "---\ntitle: T\n---\n"


@pytest.fixture
def plugin_dir(tmp_path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "test_rules.py").write_text(PLUGIN, encoding="utf-8")
    return folder


def _linter(site: Path, plugin_dir: Path, select: list[str], **raw) -> Linter:
    config = parse_config({"plugin-paths": [str(plugin_dir)], "select": select, **raw}, None)
    return Linter(config, jobs=1, cwd=site)


def _page(make_site, body: bytes | str, name: str = "content/a.md") -> Path:
    data = body if isinstance(body, bytes) else body.encode("utf-8")
    root = make_site({name: data})
    return root / name


# ------------------------------------------------------------------ pure functions
def test_apply_edits_orders_and_rejects_overlap_and_bad_ranges():
    assert apply_edits("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "A"), Edit(2, 2, "+")]) == "Ab+cdEf"
    assert apply_edits("abc", [Edit(0, 3, "")]) == ""
    assert apply_edits("abc", [Edit(1, 2, "X"), Edit(2, 2, "!")]) == "aX!c"  # touching is fine
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [Edit(0, 3, "x"), Edit(2, 4, "y")])
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abc", [Edit(1, 1, "x"), Edit(1, 1, "y")])  # order of two insertions is arbitrary
    with pytest.raises(ValueError, match="outside"):
        apply_edits("abc", [Edit(2, 9, "x")])


def _diag(code: str, *edits: Edit, line: int = 1) -> Diagnostic:
    return Diagnostic("p", line, 1, line, 1, code, "m", fix=Fix("t", tuple(edits)))


def test_select_fixes_defers_overlaps_dedupes_and_is_all_or_nothing():
    text = "0123456789"
    a = _diag("A", Edit(0, 3, "x"))
    b = _diag("B", Edit(2, 5, "y"))  # overlaps a: next pass
    c = _diag("C", Edit(0, 3, "x"))  # same fix as a: applied once, counts for both
    d = _diag("D", Edit(6, 7, "z"), Edit(4, 5, "w"))  # one edit overlaps b? no: b deferred; 4..5 free
    e = _diag("E", Edit(8, 9, "q"), Edit(1, 2, "r"))  # second edit overlaps a: whole fix waits
    f = _diag("F", Edit(9, 20, "bad"))  # outside the text: never applied
    edits, fixed = select_fixes(text, [b, e, a, d, c, f])
    assert sorted(edits) == [Edit(0, 3, "x"), Edit(4, 5, "w"), Edit(6, 7, "z")]
    assert sorted(x.code for x in fixed) == ["A", "C", "D"]


def test_resolve_applicability_most_specific_selector_wins_unsafe_on_tie():
    cfg = parse_config({"extend-safe-fixes": ["DUP"], "extend-unsafe-fixes": ["DUP001", "TST"]}, None)
    assert resolve_applicability("DUP001", Applicability.SAFE, cfg) == Applicability.UNSAFE
    assert resolve_applicability("DUP002", Applicability.UNSAFE, cfg) == Applicability.SAFE
    assert resolve_applicability("TST001", Applicability.SAFE, cfg) == Applicability.UNSAFE
    assert resolve_applicability("ENT001", Applicability.SAFE, cfg) == Applicability.SAFE
    tie = parse_config({"extend-safe-fixes": ["ALL"], "extend-unsafe-fixes": ["ALL"]}, None)
    assert resolve_applicability("X001", Applicability.SAFE, tie) == Applicability.UNSAFE
    assert resolve_applicability("X001", Applicability.UNSAFE, None) == Applicability.UNSAFE


def test_unified_diff_marks_missing_final_newline_and_keeps_crlf():
    patch = unified_diff("c/a.md", b"a\r\nb\r\nc", b"a\r\nB\r\nc")
    assert patch == "--- c/a.md\n+++ c/a.md\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\n\\ No newline at end of file\n"
    assert unified_diff("x", b"same", b"same") == ""


# ------------------------------------------------------------------ the engine on files
def test_fix_loop_rechecks_until_stable(make_site, plugin_dir):
    path = _page(make_site, PAGE + "teh the colour and colour\n")
    linter = _linter(path.parents[1], plugin_dir, ["TST001", "TST002", "TST003"])
    summary = fix_files(linter, [path])
    assert path.read_text() == PAGE + "the color and color\n"
    assert dict(summary.applied) == {"TST001": 2, "TST002": 1, "TST003": 1}
    assert summary.files[0].passes == 2  # 'the the' only appears after the first pass
    assert summary.result.diagnostics == []
    again = fix_files(linter, [path])
    assert again.total == 0 and again.changed_files == []


def test_unsafe_fixes_need_opt_in_and_config_can_promote(make_site, plugin_dir):
    path = _page(make_site, PAGE + "utilise colour\n")
    site = path.parents[1]
    summary = fix_files(_linter(site, plugin_dir, ["TST001", "TST004"]), [path])
    assert path.read_text() == PAGE + "utilise color\n"
    assert dict(summary.unsafe_available) == {"TST004": 1}
    assert [d.code for d in summary.result.diagnostics] == ["TST004"]
    promoted = _linter(site, plugin_dir, ["TST004"], **{"extend-safe-fixes": ["TST004"]})
    fix_files(promoted, [path])
    assert path.read_text() == PAGE + "use color\n"


def test_config_can_demote_a_safe_fix(make_site, plugin_dir):
    path = _page(make_site, PAGE + "colour\n")
    linter = _linter(path.parents[1], plugin_dir, ["TST001"], **{"extend-unsafe-fixes": ["TST"]})
    assert fix_files(linter, [path]).total == 0
    assert path.read_text() == PAGE + "colour\n"
    assert fix_files(linter, [path], unsafe=True).total == 1


def test_every_other_byte_is_kept_bom_crlf_no_final_newline(make_site, plugin_dir):
    raw = b"\xef\xbb\xbf---\r\ntitle: \"T\"  # c\r\nb: 'x'\r\n---\r\ncolour\rmixed colour\n\ttab colour"
    path = _page(make_site, raw)
    fix_files(_linter(path.parents[1], plugin_dir, ["TST001"]), [path])
    assert path.read_bytes() == raw.replace(b"colour", b"color")


def test_multi_edit_fix_is_applied_together(make_site, plugin_dir):
    path = _page(make_site, PAGE + "left and right\n")
    summary = fix_files(_linter(path.parents[1], plugin_dir, ["TST009"]), [path])
    assert path.read_text() == PAGE + "LEFT and RIGHT\n"
    assert summary.total == 1


def test_a_fix_that_breaks_the_front_matter_is_reverted(make_site, plugin_dir):
    path = _page(make_site, PAGE + "breakme colour\n")
    summary = fix_files(_linter(path.parents[1], plugin_dir, ["TST001", "TST005"]), [path])
    # Pass 1 takes both fixes (no overlap): the result does not parse, so the pass is dropped.
    assert path.read_text() == PAGE + "breakme colour\n"
    assert "unparsable" in summary.files[0].message and summary.files[0].status == "reverted"
    assert summary.total == 0


def test_fixes_that_undo_each_other_stop(make_site, plugin_dir):
    path = _page(make_site, PAGE + "ping\n")
    summary = fix_files(_linter(path.parents[1], plugin_dir, ["TST006"]), [path])
    assert "undo each other" in summary.files[0].message
    assert summary.files[0].passes <= 2


def test_passes_are_bounded(make_site, plugin_dir):
    path = _page(make_site, PAGE + "grow")
    summary = fix_files(_linter(path.parents[1], plugin_dir, ["TST007"]), [path])
    assert path.read_text() == PAGE + "grow" + "!" * MAX_PASSES
    assert summary.files[0].passes == MAX_PASSES
    assert f"did not converge after {MAX_PASSES} passes" in summary.files[0].message


def test_rule_crash_on_fixed_text_leaves_file_unchanged(make_site, plugin_dir):
    path = _page(make_site, PAGE + "bomb\n")
    summary = fix_files(_linter(path.parents[1], plugin_dir, ["TST008"]), [path])
    assert path.read_text() == PAGE + "bomb\n"
    assert summary.files[0].status == "error" and "kaboom" in summary.files[0].message
    assert [d.code for d in summary.result.diagnostics] == ["TST008"]


def test_write_false_touches_nothing_and_diff_equals_fix(make_site, plugin_dir):
    path = _page(make_site, PAGE + "colour\r\n")
    linter = _linter(path.parents[1], plugin_dir, ["TST001"])
    before = path.stat().st_mtime_ns
    summary = fix_files(linter, [path], write=False)
    assert path.read_bytes() == (PAGE + "colour\r\n").encode() and path.stat().st_mtime_ns == before
    assert summary.diff().endswith("-colour\r\n+color\r\n")
    assert summary.files[0].fixed_bytes() == (PAGE + "color\r\n").encode()


def test_file_changed_since_read_is_not_overwritten(make_site, plugin_dir):
    path = _page(make_site, PAGE + "colour\n")
    linter = _linter(path.parents[1], plugin_dir, ["TST001"])
    import cxlint.fixes as fixes

    real = fixes._fix_one

    def racing(*args, **kwargs):  # someone saves the file while we compute the fix
        ff = real(*args, **kwargs)
        path.write_text(PAGE + "colour, edited meanwhile\n")
        return ff

    fixes._fix_one = racing
    try:
        summary = fix_files(linter, [path])
    finally:
        fixes._fix_one = real
    assert path.read_text() == PAGE + "colour, edited meanwhile\n"
    assert summary.files[0].status == "stale" and summary.total == 0
    assert [d.code for d in summary.result.diagnostics] == ["TST001"]


def test_symlinked_page_is_not_rewritten(make_site, plugin_dir, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(PAGE + "colour\n")
    root = make_site({"content/b.md": PAGE})
    link = root / "content" / "a.md"
    link.symlink_to(outside)
    summary = fix_files(_linter(root, plugin_dir, ["TST001"]), [root])
    assert outside.read_text() == PAGE + "colour\n" and link.is_symlink()
    assert summary.files[0].status == "skipped"


# ------------------------------------------------------------------ atomic writes
def test_atomic_write_keeps_mode_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    atomic_write(path, b"new", Snapshot.of_bytes(b"old"))
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]


def test_atomic_write_refuses_a_changed_file(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"changed")
    with pytest.raises(StaleFileError, match="changed on disk"):
        atomic_write(path, b"new", Snapshot.of_bytes(b"old!!!!"))  # same size, other content
    assert path.read_bytes() == b"changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
