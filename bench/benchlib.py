"""Helpers shared by the benchmark scripts (run as ``python bench/<script>.py``)."""

from __future__ import annotations

import os
import sys


def bench_env() -> dict:
    """The environment for the measured runs: Python's bytecode cache on, as for an installed tool.

    With PYTHONDONTWRITEBYTECODE set (this sandbox sets it) every module is
    compiled from source at every start, ~0.1 s of each run; ``--no-bytecode``
    on the command line keeps the variable.
    """
    env = dict(os.environ)
    if "--no-bytecode" not in sys.argv:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
