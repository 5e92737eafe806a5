"""``cxlint check FILE...`` reports only those files but resolves refs, topics and authors site-wide."""

from __future__ import annotations

import json

import pytest

from cxlint.cli import main
from workflow_site import SITE, codes_by_path


@pytest.fixture
def site(make_site):
    return make_site(dict(SITE))


def _json(capsys, *argv) -> tuple[int, list[dict]]:
    rc = main(["check", "--format", "json", *argv])
    return rc, json.loads(capsys.readouterr().out)


def test_one_file_resolves_against_the_whole_site(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    rc, items = _json(capsys, "content/news/a.md")
    # the refs to b.md and /news/c.md, topic cx and author jane all exist elsewhere in the site:
    # only the entity is a problem, and nothing from the other pages is reported
    assert rc == 1
    assert codes_by_path(items) == {"content/news/a.md": ["ENT001"]}


def test_several_files_report_only_themselves(site, capsys, monkeypatch):
    monkeypatch.chdir(site)
    rc, items = _json(capsys, "content/news/bad.md", "content/news/c.md")
    assert codes_by_path(items) == {"content/news/bad.md": ["ENT001", "REF001", "TAX001", "TAX004"]}
    rc, items = _json(capsys, "content/news/b.md", "content/news/c.md")
    assert rc == 0 and items == []


def test_file_from_another_folder(site, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # outside the site: the site is found from the file
    rc, items = _json(capsys, str(site / "content/news/a.md"))
    assert codes_by_path(items) == {"site/content/news/a.md": ["ENT001"]}


def test_jobs_default_is_all_cores_and_option_is_validated(site, capsys, monkeypatch):
    import os

    from cxlint.config import Config
    from cxlint.engine import Linter

    assert Linter(Config()).jobs == (os.cpu_count() or 1)
    assert Linter(Config(), jobs=1).jobs == 1
    monkeypatch.chdir(site)
    assert main(["check", "--jobs", "1", "--format", "json", "content/news/b.md"]) == 0
    capsys.readouterr()
    assert main(["check", "--jobs", "0", "."]) == 2
    assert "--jobs" in capsys.readouterr().err


def test_site_in_a_subfolder_found_whatever_the_file_order(make_site, capsys, monkeypatch, tmp_path):
    """pre-commit passes files in any order: a README at the repo top must not become the site."""
    repo = tmp_path / "repo"
    make_site(dict(SITE), name="repo/site")
    (repo / "site/.cxlint.toml").write_text('ignore = ["ENT001"]\n')
    (repo / "README.md").write_text("# Docs &mdash; not content\n")
    monkeypatch.chdir(repo)
    rc, items = _json(capsys, "README.md", "site/content/news/a.md", "site/content/news/bad.md")
    # refs resolve in site/ (no REF001 on a.md), site/.cxlint.toml applies (no ENT001), README is not a page
    assert codes_by_path(items) == {"site/content/news/bad.md": ["REF001", "TAX001", "TAX004"]}
