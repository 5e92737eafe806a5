"""Config mistakes that would silently select, ignore or configure nothing are errors naming
the file, the key and what is allowed; --select on the command line replaces the config's
selection (as ruff's does)."""

from __future__ import annotations

import json

import pytest

from cxlint.cli import main

PAGE = "---\ntitle: A\neditor_notes: x\n---\nA dash &mdash; here.\n"


@pytest.fixture
def site(make_site, monkeypatch):
    root = make_site({"content/a.md": PAGE})
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(
    "toml, says",
    [
        ('per-file-ignores = { "content/**" = ["XX001"] }', "'per-file-ignores.\"content/**\"': unknown rule code or prefix 'XX001'"),
        ("[rules.NOPE1]\nx = 1", "'rules.NOPE1': no rule has this code or name"),
        ('extend-safe-fixes = ["BAD"]', "'extend-safe-fixes': unknown rule code or prefix 'BAD'"),
        ('extend-unsafe-fixes = ["NOPE"]', "'extend-unsafe-fixes': unknown rule code or prefix 'NOPE'"),
        ('[rules.FM005]\nallow = "editor_notes"', "rules.FM005.allow must be a list of strings, got 'editor_notes'"),
        ("[rules.FM005]\nallow = [1]", "rules.FM005.allow must be a list of strings, got [1]"),
        ('[rules.FM003]\nstrict-strings = "yes"', "rules.FM003.strict-strings must be true or false, got 'yes'"),
        ("cache-dir = 3", "'cache-dir' must be a folder path (a string), got 3"),
        ('select = ["FM001"]\nextend-select = ["ZZ9"]', "'extend-select': unknown rule code or prefix 'ZZ9'"),
    ],
)
def test_config_mistakes_are_errors(site, capsys, toml, says):
    (site / ".cxlint.toml").write_text(toml + "\n", encoding="utf-8")
    assert main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert str(site / ".cxlint.toml") in err and says in err, err
    assert not (site / "3").exists()


def test_pyproject_keys_are_named_with_their_table(site, capsys):
    (site / "pyproject.toml").write_text('[tool.cxlint]\nextend-safe-fixes = ["BAD"]\n', encoding="utf-8")
    assert main(["check", "--no-cache"]) == 2
    assert "'tool.cxlint.extend-safe-fixes': unknown rule code" in capsys.readouterr().err


def test_good_option_values_are_taken(site, capsys):
    (site / ".cxlint.toml").write_text('extend-select = ["FM005"]\n[rules.fm005]\nallow = ["editor_notes"]\n', encoding="utf-8")
    assert main(["check", "--no-cache", "--select", "FM005", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def _codes(capsys, *args) -> set[str]:
    main(["check", "--no-cache", "--format", "json", *args])
    return {d["code"] for d in json.loads(capsys.readouterr().out)}


def test_command_line_select_replaces_the_config_selection(site, capsys):
    (site / ".cxlint.toml").write_text('extend-select = ["FM005"]\nignore = ["ENT001"]\n', encoding="utf-8")
    assert _codes(capsys) == {"FM005"}  # the config's own selection
    assert _codes(capsys, "--select", "ENT001") == {"ENT001"}  # neither its extend-select nor its ignore
    assert _codes(capsys, "--extend-select", "ENT001") == {"FM005", "ENT001"}
    assert _codes(capsys, "--ignore", "FM005") == set()
