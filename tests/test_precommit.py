"""The real pre-commit (from PyPI) runs our ``.pre-commit-hooks.yaml`` in a temporary git repo.

Slow by nature: pre-commit clones this checkout at a commit and pip-installs it
into a fresh virtualenv (about 30-60 s, once per session; both hooks share
the environment). Skipped, with the reason printed, when this is not a git
checkout or when the hook environment cannot be installed for lack of a
package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, write_site

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")]

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.gov", "-c", "commit.gpgsign=false"]
NETWORK_MARKERS = (
    "Could not find a version", "No matching distribution", "NewConnectionError", "Network is unreachable",
    "Temporary failure in name resolution", "ConnectTimeout", "Max retries exceeded",
)


def _run(cmd, cwd, env, check=False):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=check)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A site repo with pre-commit installed from this checkout's HEAD commit."""
    pre_commit = [sys.executable, "-m", "pre_commit"]
    if subprocess.run([*pre_commit, "--version"], capture_output=True).returncode != 0:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip(f"{REPO} is not a git checkout: pre-commit needs a repository and a commit")
    rev = head.stdout.strip()
    tracked = subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{rev}:.pre-commit-hooks.yaml"])
    assert tracked.returncode == 0, ".pre-commit-hooks.yaml must be committed for pre-commit to use it"
    base = tmp_path_factory.mktemp("precommit")
    (base / "gitconfig").write_text("")  # no user-level git config (a core.hooksPath would stop pre-commit install)
    env = {
        **os.environ, "PRE_COMMIT_HOME": str(base / "cache"), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1",
        "GIT_CONFIG_GLOBAL": str(base / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    root = write_site(
        base / "repo",
        {
            "content/topics/cx/_index.md": "---\ntitle: CX\n---\n",
            "content/news/good.md": "---\ntitle: Good\ntopics: [cx]\n---\nFine.\n",
            ".pre-commit-config.yaml": (
                f"repos:\n  - repo: {REPO}\n    rev: {rev}\n    hooks:\n"
                "      - id: cxlint\n      - id: cxlint-fix\n        stages: [manual]\n"
            ),
        },
    )
    _run([*GIT, "init", "-q", "-b", "main"], root, env, check=True)
    _run([*GIT, "add", "-A"], root, env, check=True)
    _run([*GIT, "commit", "-qm", "site"], root, env, check=True)
    _run([*pre_commit, "install"], root, env, check=True)
    proc = _run([*pre_commit, "install-hooks"], root, env)
    if proc.returncode != 0:
        log = proc.stdout + proc.stderr
        log_file = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        if log_file.exists():
            log += log_file.read_text(errors="replace")
        if any(m in log for m in NETWORK_MARKERS):
            reason = f"pre-commit could not install the hook environment (no package index?): {log.strip().splitlines()[-1]}"
            print(reason)
            pytest.skip(reason)
        pytest.fail(f"pre-commit install-hooks failed:\n{log}")
    return root, env


def test_hook_blocks_a_bad_page_and_passes_a_good_one(hook_repo):
    root, env = hook_repo
    page = root / "content/news/new.md"
    page.write_text("---\ntitle: New\ntopics: [nope]\n---\nSee {{< ref \"good.md\" >}}.\n")
    _run([*GIT, "add", "content/news/new.md"], root, env, check=True)
    commit = _run([*GIT, "commit", "-m", "bad page"], root, env)  # the installed git hook runs pre-commit
    out = commit.stdout + commit.stderr
    assert commit.returncode != 0, out
    assert "cxlint" in out and "Failed" in out
    assert "content/news/new.md:3:" in out and "TAX001" in out and "'nope'" in out
    assert "REF001" not in out  # good.md was not staged, yet the ref resolves: the whole site is known
    page.write_text("---\ntitle: New\ntopics: [cx]\n---\nSee {{< ref \"good.md\" >}}.\n")
    _run([*GIT, "add", "content/news/new.md"], root, env, check=True)
    commit = _run([*GIT, "commit", "-m", "good page"], root, env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "Passed" in commit.stdout + commit.stderr


def test_fix_hook_rewrites_the_page(hook_repo):
    root, env = hook_repo
    page = root / "content/news/dash.md"
    page.write_text("---\ntitle: Dash\n---\nA&mdash;B\n")
    _run([*GIT, "add", "content/news/dash.md"], root, env, check=True)
    first = _run([sys.executable, "-m", "pre_commit", "run", "cxlint-fix", "--hook-stage", "manual"], root, env)
    assert first.returncode == 1, first.stdout  # pre-commit fails a hook that changed files
    assert "files were modified by this hook" in first.stdout
    assert page.read_text() == "---\ntitle: Dash\n---\nA—B\n"
    _run([*GIT, "add", "content/news/dash.md"], root, env, check=True)
    second = _run([sys.executable, "-m", "pre_commit", "run", "cxlint-fix", "--hook-stage", "manual"], root, env)
    assert second.returncode == 0, second.stdout
