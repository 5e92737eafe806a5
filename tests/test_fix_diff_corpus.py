"""``check --diff`` on a sample of the real site applies with ``patch -p0`` and ``git apply``
and gives exactly what ``check --fix`` writes (CRLF files and files without a final
newline included). The sample: up to 12 files per fixing rule, every CRLF file with a
fix, a dozen fixable files without a final newline, plus the topic and author pages the
taxonomy rules need. Skips without the corpus.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from cxlint.config import parse_config
from cxlint.engine import Linter
from cxlint.fixes import is_eligible

from test_fix_cli import _tree, assert_patch_gives

BUILD_DATE = "2025-04-09"
PER_RULE = 12


def _sample(corpus: Path) -> list[str]:
    linter = Linter(parse_config({"pack": "hugo", "build-date": BUILD_DATE}, None), cwd=corpus)
    result = linter.check([corpus / "content"])
    by_code: dict[str, list[str]] = {}
    for d in sorted(result.diagnostics):
        if is_eligible(d, True) and d.path not in by_code.setdefault(d.code, []):
            by_code[d.code].append(d.path)
    chosen: set[str] = set()
    for paths in by_code.values():
        chosen.update(paths[:PER_RULE])
    fixable = sorted({p for paths in by_code.values() for p in paths})
    raw = {p: (corpus / p).read_bytes() for p in fixable}
    chosen.update(p for p in fixable if b"\r\n" in raw[p])
    chosen.update([p for p in fixable if not raw[p].endswith(b"\n")][:PER_RULE])
    return sorted(chosen)


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cxlint", "check", "--build-date", BUILD_DATE, "--pack", "hugo", *args, "."],
        cwd=root, capture_output=True, timeout=300,
    )


def test_diff_applies_and_equals_fix_on_a_corpus_sample(corpus_dir, tmp_path):
    corpus = corpus_dir.resolve()
    sample = _sample(corpus)
    site = tmp_path / "site"
    keep = set(sample) | {
        p.relative_to(corpus).as_posix()
        for folder in ("topics", "authors") for p in (corpus / "content" / folder).rglob("*.md")
    }
    for rel in sorted(keep):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, site / rel)
    shutil.copyfile(corpus / "config.yml", site / "config.yml")
    before = _tree(site)

    run = _cli(site, "--diff", "--unsafe-fixes")
    assert run.returncode == 1, run.stderr.decode()
    assert _tree(site) == before  # --diff writes nothing
    patch = run.stdout
    assert b"\r\n" in patch and b"\\ No newline at end of file\n" in patch

    fixed = tmp_path / "fixed"
    shutil.copytree(site, fixed)
    done = _cli(fixed, "--fix-only", "--unsafe-fixes")
    assert done.returncode == 0, done.stderr.decode()
    want = _tree(fixed)
    changed = {p for p in want if want[p] != before[p]}
    assert len(changed) >= 40 and any(b"\r\n" in want[p] for p in changed)
    print(f"diff test: {len(sample)} sampled files, {len(changed)} changed, patch {len(patch)} bytes")
    assert {f"--- {p}\n".encode() for p in changed} == {
        line + b"\n" for line in patch.split(b"\n") if line.startswith(b"--- ")
    }
    assert_patch_gives(site, patch, want, tmp_path)
