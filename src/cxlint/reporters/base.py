from __future__ import annotations

from typing import IO


class Reporter:
    """Base for reporters: writes a run's diagnostics to ``stream``."""

    #: machine formats never print progress bars or colour
    machine = True

    def __init__(self, stream: IO[str], *, color: bool = False, statistics: bool = False, quiet: bool = False):
        self.stream = stream
        self.color = color
        self.statistics = statistics
        self.quiet = quiet

    def report(self, result) -> None:  # pragma: no cover - interface
        raise NotImplementedError
