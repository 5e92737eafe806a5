from __future__ import annotations

import xml.etree.ElementTree as ET

from cxlint.reporters.base import Reporter


class JunitReporter(Reporter):
    """JUnit XML for CI test-report views: one ``<testcase>`` per checked file, one ``<failure>`` per diagnostic.

    A file without problems is a passing test case, so the report also shows
    what was checked. Every failure carries the rule code as ``type`` and the
    located line (``path:line:col CODE message``) as its text.
    """

    def report(self, result) -> None:
        by_path: dict[str, list] = {path: [] for path in result.documents}
        for d in result.diagnostics:
            by_path.setdefault(d.path, []).append(d)
        failures = sum(1 for diags in by_path.values() if diags)
        root = ET.Element("testsuites", name="cxlint", tests=str(len(by_path)), failures=str(failures), errors="0")
        suite = ET.SubElement(
            root, "testsuite", name="cxlint", tests=str(len(by_path)), failures=str(failures), errors="0", skipped="0"
        )
        for path in sorted(by_path):
            case = ET.SubElement(suite, "testcase", name=path, classname="cxlint", file=path)
            for d in by_path[path]:
                failure = ET.SubElement(case, "failure", message=f"{d.code} {d.message}", type=d.code)
                failure.text = f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
