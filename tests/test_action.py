"""``action.yml``: the composite GitHub Action runs real CLI options, and its run step works."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from workflow_site import SITE

ACTION = REPO / "action.yml"


@pytest.fixture(scope="module")
def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def _step(action, name):
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def test_shape(action):
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "args", "version", "sarif-file"}
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs must reach scripts through env, not the script text"
            subprocess.run(["bash", "-n"], input=step["run"], text=True, check=True)  # valid shell


def test_commands_use_real_cli_options(action):
    import click

    from cxlint.cli import cli
    from cxlint.registry import reporters

    check = cli.commands["check"]
    known = {opt for p in check.params if isinstance(p, click.Option) for opt in p.opts + p.secondary_opts}
    script = _step(action, "Run cxlint")["run"]
    calls = [shlex.split(line.split("||")[0]) for line in script.splitlines() if line.strip().startswith("cxlint check")]
    assert len(calls) == 2
    formats = []
    for argv in calls:
        for i, word in enumerate(argv[2:], start=2):
            if word.startswith("-"):
                assert word in known, f"action.yml uses {word}, which `cxlint check` does not have"
            if word == "--format":
                formats.append(argv[i + 1])
    assert formats == ["github", "sarif"] and set(formats) <= set(reporters())


def _run_step(action, cwd: Path, **env):
    script = _step(action, "Run cxlint")["run"]
    bindir = str(Path(sys.executable).parent)
    full = {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"], "CXLINT_ARGS": "", "CXLINT_SARIF": "", **env}
    return subprocess.run(["bash", "-c", script], cwd=cwd, env=full, capture_output=True, text=True, timeout=300)


def test_run_step_annotates_and_writes_sarif(action, make_site):
    site = make_site(dict(SITE))
    proc = _run_step(action, site, CXLINT_PATHS="content/news", CXLINT_ARGS="--select TAX,REF", CXLINT_SARIF="out/cxlint.sarif")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert any(l.startswith("::error file=content/news/bad.md,line=4,") and "TAX001" in l for l in lines)
    assert not any("ENT001" in l for l in lines)  # args reached the command
    sarif = json.loads((site / "out/cxlint.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == {"TAX001", "TAX004", "REF001"}


def test_run_step_clean_and_config_error(action, make_site):
    site = make_site(dict(SITE))
    proc = _run_step(action, site, CXLINT_PATHS="content/news/b.md content/news/c.md")
    assert proc.returncode == 0 and proc.stdout == ""
    proc = _run_step(action, site, CXLINT_PATHS=".", CXLINT_ARGS="--select NOPE999", CXLINT_SARIF="x.sarif")
    assert proc.returncode == 2 and "NOPE999" in proc.stderr
