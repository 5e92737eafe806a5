from __future__ import annotations

import xml.etree.ElementTree as ET

from cxlint.reporters.base import Reporter
from cxlint.reporters.escape import XML_CONTROL, XML_FORBIDDEN, visible


class JunitReporter(Reporter):
    """JUnit XML for CI test-report views: one ``<testcase>`` per checked file, one ``<failure>`` per diagnostic.

    A file without problems is a passing test case, so the report also shows
    what was checked. Every failure carries the rule code as ``type`` and the
    located line (``path:line:col CODE message``) as its text.

    XML 1.0 cannot hold most C0 controls, even as ``&#1;``, so those (and lone surrogates) are
    written as backslash escapes. An attribute keeps CR, LF and tab (ElementTree writes them as
    character references); the located line escapes every control character, as the text format
    does: text content would come back from a parser with CR read as LF, and it stays one line.
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
            name = visible(path, XML_FORBIDDEN)
            case = ET.SubElement(suite, "testcase", name=name, classname="cxlint", file=name)
            for d in by_path[path]:
                failure = ET.SubElement(case, "failure", message=visible(f"{d.code} {d.message}", XML_FORBIDDEN), type=d.code)
                failure.text = visible(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}", XML_CONTROL)
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
