"""Data files read by the YAML fast path give the same DATA001/DUP001 outcome as libyaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxlint import datafiles

CASES = {
    "plain": "title: x\nlist:\n  - a\n  - b\nnested:\n  k: v\n",
    "indented top level": "  uid     :  x\n  width   :  1200\n  caption :  \n",
    "repeat": "a: 1\nb: 2\na: 3\n",
    "nested repeat": "m:\n  k: 1\n  k: 2\n",
    "int and string key": "1: x\n'1': y\n",
    "bool-looking keys": "on: 1\n'on': 2\n",
    "top-level list": "- a\n- a\n",
    "invalid": "a: [1,\nb: 2\n",
    "empty": "",
    "comments only": "# nothing\n",
    "tab": "a:\t1\n",
}


def _outcome(path: Path, text: str) -> tuple:
    doc = datafiles.load_data_file(path, path.name, "data", data=text.encode("utf-8"))
    parsed = doc.parsed
    dups = [(d.path, d.key, d.first, d.repeat) for d in parsed.duplicates] if parsed else None
    return dups, type(doc.error).__name__ if doc.error else None


def _both(path: Path, text: str, monkeypatch) -> tuple[tuple, tuple, bool]:
    fast = datafiles._fast_mapping(text) is not None
    got = _outcome(path, text)
    with monkeypatch.context() as m:
        m.setattr(datafiles, "_fast_mapping", lambda text: None)
        want = _outcome(path, text)
    return got, want, fast


@pytest.mark.parametrize("name", sorted(CASES))
def test_cases_match_libyaml(name, monkeypatch, tmp_path):
    got, want, _ = _both(tmp_path / "x.yml", CASES[name], monkeypatch)
    assert got == want


def test_repeats_and_odd_keys_go_to_libyaml():
    for name in ("repeat", "nested repeat", "int and string key", "bool-looking keys", "top-level list", "invalid"):
        assert datafiles._fast_mapping(CASES[name]) is None, name
    assert datafiles._fast_mapping(CASES["indented top level"]) is not None


def test_real_data_files_match_libyaml(corpus_dir, monkeypatch):
    files = sorted((corpus_dir / "data").rglob("*.yml"))
    assert len(files) > 1000
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        got, want, used = _both(path, text, monkeypatch)
        assert got == want, path
        fast += used
    assert fast >= 0.95 * len(files)  # the comparison is not empty
