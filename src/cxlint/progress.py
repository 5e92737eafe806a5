"""A progress display on stderr for long runs in a terminal -- never in CI logs or machine output.

:func:`wanted` decides: stderr is a terminal, the report is for humans (the
text format, not ``--quiet``), and the ``CI`` variable is not set (CI logs
are often a pseudo-terminal, where a redrawn bar turns into thousands of
lines). :class:`RunProgress` then shows a phase line ("Reading 4,044 pages",
"Checking 12 files") with a pulsing bar and the elapsed time, but only once
the run has taken longer than ``delay``: a pre-commit run on one page
finishes before it would appear, so it never flickers.

The engine forks worker processes. A thread that was writing to the terminal
at the moment of a fork could leave a lock held in the child, so the display
redraws from its own thread under a lock that an ``os.register_at_fork``
hook takes around every fork: no redraw is ever in flight when a worker is
created.
"""

from __future__ import annotations

import os
import threading
import time
from typing import IO, Mapping

_FORK_LOCK = threading.Lock()
_hooked = False


def wanted(stream: IO[str], machine_format: bool, quiet: bool, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    ci = env.get("CI", "")
    if ci and ci.lower() not in ("0", "false", "no"):
        return False
    if machine_format or quiet or env.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


def _hook_forks() -> None:
    global _hooked
    if not _hooked and hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_FORK_LOCK.acquire, after_in_parent=_FORK_LOCK.release,
                            after_in_child=_reset_in_child)
        _hooked = True


def _reset_in_child() -> None:
    global _FORK_LOCK
    _FORK_LOCK = threading.Lock()  # the child never draws; give it a fresh, unlocked lock


_LABELS = {"parse": "Reading {n:,} pages", "check": "Checking {n:,} file{s}"}


class RunProgress:
    """Use as ``linter.progress`` inside ``with RunProgress(sys.stderr):``."""

    def __init__(self, stream: IO[str], *, delay: float = 0.5, interval: float = 0.1):
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.shown = False  # whether anything was drawn (for tests)
        self._phase = ("start", 0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._progress = None
        self._task = None

    def __call__(self, phase: str, count: int) -> None:
        self._phase = (phase, count)

    def __enter__(self) -> "RunProgress":
        _hook_forks()
        self._t0 = time.monotonic()
        self._thread = threading.Thread(target=self._loop, name="cxlint-progress", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._progress is not None:
            with _FORK_LOCK:
                self._progress.stop()  # transient: the line is erased, the report follows cleanly

    def _loop(self) -> None:
        if self._stop.wait(self.delay):
            return  # a short run: never shown
        while not self._stop.is_set():
            with _FORK_LOCK:
                self._draw()
            self._stop.wait(self.interval)

    def _draw(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        if self._progress is None:
            console = Console(file=self.stream, force_terminal=True, highlight=False)
            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                console=console, transient=True, auto_refresh=False,
            )
        phase, n = self._phase
        label = "cxlint: " + _LABELS.get(phase, "starting").format(n=n, s="" if n == 1 else "s")
        if self._task is None:
            self._task = self._progress.add_task(label, total=None)
            self._progress.start()
        self._progress.update(self._task, description=label)
        self._progress.refresh()
        self.shown = True
