"""Output formats. Each reporter is registered through the ``cxlint.reporters`` entry point.

A reporter is a class ``Reporter(stream, *, color, cwd, statistics)`` with
``report(result) -> None``; ``result`` is the engine's :class:`RunResult`.
"""

from __future__ import annotations

import importlib

#: name -> "module:class" of the built-in reporters (the same as their entry points);
#: importing this package imports none of them: a run loads the one it prints with
BUILTIN_REPORTER_PATHS = {
    "text": "cxlint.reporters.text:TextReporter",
    "json": "cxlint.reporters.json:JsonReporter",
    "github": "cxlint.reporters.github:GithubReporter",
    "sarif": "cxlint.reporters.sarif:SarifReporter",
    "gitlab": "cxlint.reporters.gitlab:GitlabReporter",
    "junit": "cxlint.reporters.junit:JunitReporter",
}


def load_builtin(name: str) -> type:
    module, _, cls = BUILTIN_REPORTER_PATHS[name].partition(":")
    return getattr(importlib.import_module(module), cls)


def __getattr__(name: str):
    if name == "BUILTIN_REPORTERS":  # all of them, imported
        return {key: load_builtin(key) for key in BUILTIN_REPORTER_PATHS}
    raise AttributeError(name)
