from __future__ import annotations

from collections import Counter

from cxlint.diagnostics import Severity
from cxlint.reporters.base import Reporter, Rows, write_json

#: GitLab Code Quality knows info, minor, major, critical, blocker
_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


class GitlabReporter(Reporter):
    """GitLab Code Quality JSON (``artifacts: reports: codequality``).

    One object per diagnostic: ``description``, ``check_name``, ``fingerprint``,
    ``severity`` and ``location.path`` / ``location.lines.begin``. The
    fingerprint is the baseline's (rule, path, offending text) plus an
    occurrence number, so it survives line shifts -- GitLab then shows an old
    problem on a moved line as unchanged, not as fixed-and-new -- and two
    identical problems in one file still get distinct fingerprints.
    """

    def report(self, result) -> None:
        from cxlint.baseline import fingerprint, offending_text

        seen: Counter = Counter()

        def items():
            for d in result.diagnostics:
                key = (d.path, d.code, offending_text(d))
                seen[key] += 1
                yield {
                    "description": f"{d.code} {d.message}",
                    "check_name": f"{d.code} {d.name}".strip(),
                    "fingerprint": fingerprint(*key, str(seen[key])),
                    "severity": _SEVERITY.get(d.severity, "minor"),
                    "location": {"path": d.path, "lines": {"begin": d.line, "end": d.end_line}},
                }

        write_json(self.stream, Rows(items()))
