"""Output formats. Each reporter is registered through the ``cxlint.reporters`` entry point.

A reporter is a class ``Reporter(stream, *, color, cwd, statistics)`` with
``report(result) -> None``; ``result`` is the engine's :class:`RunResult`.
"""

from __future__ import annotations

from cxlint.reporters.github import GithubReporter
from cxlint.reporters.gitlab import GitlabReporter
from cxlint.reporters.json import JsonReporter
from cxlint.reporters.junit import JunitReporter
from cxlint.reporters.sarif import SarifReporter
from cxlint.reporters.text import TextReporter

BUILTIN_REPORTERS = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "gitlab": GitlabReporter,
    "junit": JunitReporter,
}
