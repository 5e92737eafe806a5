"""One parametrised runner for every rule's data-driven cases (``tests/rule_cases/<CODE>.yml``).

Case file format::

    rule: FM002                 # the rule under test (only it is selected)
    pack: digitalgov            # optional, default "hugo"; or a list; a .yml path is a file of ``site``
    options: {key: value}       # optional rule options
    build-date: 2025-01-01      # optional
    site:                       # optional extra files of the tiny site (path -> text)
      content/topics/cx/_index.md: |
        ---
        title: CX
        ---
    cases:
      - name: missing title                  # unique within the file
        path: content/news/post.md           # default content/news/post.md
        input: |                             # the file under test
          ---
          date: 2020-01-01
          ---
        expect:                              # every diagnostic, as [line, column, message substring]
          - [1, 1, "'title'"]                # [] or omitted = must pass clean
        fixed: |                             # optional: the file after fixes (unsafe too if unsafe: true)
          ...
        unsafe: false
        crlf: false                          # optional: write input with CRLF line endings
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cxlint.config import parse_config
from cxlint.engine import Linter

from conftest import write_site

CASES_DIR = Path(__file__).parent / "rule_cases"


def _load_cases():
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec.get("cases", []):
            out.append(pytest.param(spec, case, id=f"{spec['rule']}-{case['name']}"))
    return out


def _run(spec: dict, case: dict, tmp_path: Path):
    files = dict(spec.get("site") or {})
    target = case.get("path", "content/news/post.md")
    text = case["input"]
    if case.get("crlf"):
        text = text.replace("\n", "\r\n")
    files[target] = text.encode("utf-8") if not isinstance(text, bytes) else text
    root = write_site(tmp_path / "site", files, spec.get("config", "baseURL: https://example.gov/\n"))
    packs = spec.get("pack", "hugo")
    packs = [packs] if isinstance(packs, str) else list(packs)
    # a pack written into the case's site (``site: {pack.yml: ...}``) is named by its path there
    packs = [str(root / p) if p.endswith((".yml", ".yaml")) else p for p in packs]
    raw = {"pack": packs, "select": [spec["rule"]]}
    if spec.get("options"):
        raw["rules"] = {spec["rule"]: spec["options"]}
    if spec.get("build-date"):
        raw["build-date"] = str(spec["build-date"])
    config = parse_config(raw, None)
    linter = Linter(config, jobs=1, cwd=root)
    result = linter.check([root / target])
    return root / target, linter, result


@pytest.mark.parametrize(("spec", "case"), _load_cases())
def test_rule_case(spec, case, tmp_path):
    path, linter, result = _run(spec, case, tmp_path)
    got = [(d.line, d.column, d.code, d.message) for d in result.diagnostics]
    want = case.get("expect") or []
    assert len(got) == len(want), f"diagnostics: {got}"
    for (line, col, code, message), (wline, wcol, wtext) in zip(got, want):
        assert code == spec["rule"]
        assert (line, col) == (wline, wcol), f"{message!r} at {line}:{col}, expected {wline}:{wcol}"
        assert wtext in message, f"{wtext!r} not in {message!r}"
    if "fixed" in case:
        from cxlint.fixes import fix_files

        fix_files(linter, [path], unsafe=bool(case.get("unsafe")))
        expected = case["fixed"]
        if case.get("crlf"):
            expected = expected.replace("\n", "\r\n")
        assert path.read_bytes().decode("utf-8") == expected
