"""Per-file results and the run summary (JSON report + numbers for the table)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from cxlint.migrate.fields import Note

#: file statuses, in the order the summary lists them
CONVERTED = "converted"  # written (or would be, with --dry-run), nothing left for a human
ATTENTION = "needs-attention"  # written, but the notes list things for a human
UNCHANGED = "unchanged"  # the target already holds exactly this output
SKIPPED = "skipped"  # not written: see reason
STATUSES = (CONVERTED, ATTENTION, UNCHANGED, SKIPPED)


@dataclass
class FileResult:
    source: str
    target: str | None = None
    status: str = CONVERTED
    reason: str | None = None  # for skipped files
    counts: Counter = field(default_factory=Counter)
    notes: list[Note] = field(default_factory=list)
    output: str | None = None  # the produced text (not in the JSON report)
    previous: str | None = None  # the target's text before, for --diff
    replaces: bool = False  # the target existed before this run (for --diff: not a new file)

    @property
    def attention(self) -> list[Note]:
        return [n for n in self.notes if n.attention]

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "status": self.status,
            "reason": self.reason,
            "converted": dict(sorted(self.counts.items())),
            "needs_attention": [n.as_dict() for n in self.notes if n.attention],
            "info": [n.as_dict() for n in self.notes if not n.attention],
        }


@dataclass
class RunReport:
    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False

    def by_status(self) -> Counter:
        return Counter(f.status for f in self.files)

    def reasons(self) -> Counter:
        """Why files were skipped or need attention (first words of each note)."""
        out: Counter = Counter()
        for f in self.files:
            if f.status == SKIPPED and f.reason:
                out[f"skipped: {f.reason.split(':')[0]}"] += 1
            for n in f.attention:
                out[f"{n.where}: {_kind(n.message)}"] += 1
        return out

    def warnings(self) -> list[str]:
        """What the batch as a whole says: every legacy time with an hour of 1-12 (and
        enough of them) is a 12-hour clock written without AM/PM, not a coincidence."""
        times = [n for f in self.files for n in f.notes if n.where == "date" and "has no AM/PM" in n.message]
        dated = sum(1 for f in self.files if f.target is not None)  # (placed: its date was read)
        if len(times) >= 20 and len(times) >= 0.9 * dated:
            return [f"{len(times)} of {dated} legacy times have an hour of 1-12 and no AM/PM: the exporter "
                    "probably wrote a 12-hour clock, so afternoon posts are dated in the morning; the times are "
                    "kept as written: check them against the source (the WordPress database)"]
        return []

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "summary": dict(self.by_status()),
            "warnings": self.warnings(),
            "reasons": dict(self.reasons().most_common()),
            "files": [f.as_dict() for f in self.files],
        }

    def write_json(self, path) -> None:
        from cxlint.migrate.writer import write_atomic

        write_atomic(path, json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")


def _kind(message: str) -> str:
    """A reason bucket: the message without its quoted specifics."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>", "…", message)).strip()
