"""Shared fixtures: the real corpus (skipped with a reason when absent) and tiny sites."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _shared() -> Path:
    env = os.environ.get("CXLINT_CORPUS")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "corpus"


CORPUS = _shared()
DIGITALGOV = CORPUS / "digitalgov"
MIGRATION = CORPUS / "migration"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (DIGITALGOV / "content").is_dir():
        pytest.skip(f"real site corpus not found at {DIGITALGOV} (set CXLINT_CORPUS)")
    return DIGITALGOV


@pytest.fixture(scope="session")
def migration_dir() -> Path:
    if not (MIGRATION / "legacy").is_dir():
        pytest.skip(f"migration corpus not found at {MIGRATION} (set CXLINT_CORPUS)")
    return MIGRATION


@pytest.fixture
def corpus_copy(corpus_dir, tmp_path) -> Path:
    """A writable copy of the real site (content, data, config), for tests that write."""
    dest = tmp_path / "digitalgov"
    shutil.copytree(corpus_dir, dest, ignore=shutil.ignore_patterns("themes"))
    return dest


def write_site(root: Path, files: dict[str, str], config: str | None = "baseURL: https://example.gov/\n") -> Path:
    """Write a small Hugo site: ``files`` maps relative paths to (dedented) text."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / "config.yml").write_text(config, encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(textwrap.dedent(text).encode("utf-8"))
    return root


@pytest.fixture
def make_site(tmp_path):
    def _make(files: dict[str, str], config: str | None = "baseURL: https://example.gov/\n", name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return _make
