"""The bundled demo site (the README's first command) shows every built-in rule firing."""

from __future__ import annotations

import json
from pathlib import Path

from cxlint.cli import main
from cxlint.registry import all_rules

SITE = Path(__file__).resolve().parents[1] / "examples" / "site"


def test_demo_site_fires_every_builtin_rule(capsys, monkeypatch):
    monkeypatch.chdir(SITE)
    code = main(["check", ".", "--format", "json", "--select", "ALL"])
    found = {d["code"] for d in json.loads(capsys.readouterr().out)}
    assert code == 1
    builtin = {c for c, cls in all_rules().items() if cls.__module__.startswith("cxlint.rules.")}
    assert builtin - found == set(), f"rules the demo site does not show: {sorted(builtin - found)}"


def test_demo_site_default_run_exits_1_with_located_problems(capsys, monkeypatch):
    monkeypatch.chdir(SITE.parent.parent)
    assert main(["check", "examples/site", "--no-color"]) == 1
    out = capsys.readouterr().out
    assert "examples/site/content/news/2014/10/2014-10-09-customer-service-week-2014.md:26:" in out
    assert "REF002" in out and "FM004" in out


def test_fixable_mark_follows_what_fix_would_apply(capsys, monkeypatch):
    # content/resources has only unsafe fixes (FM006, DUP001, REF005): --fix applies none of them
    monkeypatch.chdir(SITE)
    main(["check", "--no-cache", "--no-color", "content/resources"])
    plain = capsys.readouterr().out
    main(["check", "--no-cache", "--no-color", "--unsafe-fixes", "content/resources"])
    unsafe = capsys.readouterr().out
    lines = [line for line in unsafe.splitlines() if "[*]" in line]
    assert "[*]" not in plain and lines
    assert {line.replace(" [*]", "") for line in lines} <= set(plain.splitlines())


def test_summary_names_the_fix_command_the_run_was_given(capsys, monkeypatch):
    monkeypatch.chdir(SITE)
    main(["check", "--no-cache", "--no-color"])
    plain = capsys.readouterr().out.splitlines()[-1]
    main(["check", "--no-cache", "--no-color", "--unsafe-fixes"])
    unsafe = capsys.readouterr().out.splitlines()[-1]
    import re

    safe, more = map(int, re.search(r"\((\d+) fixable with --fix, (\d+) more with --unsafe-fixes\)\.$", plain).groups())
    assert unsafe.endswith(f"({safe + more} fixable with --fix --unsafe-fixes).")
