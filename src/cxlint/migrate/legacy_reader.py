"""A tolerant reader for the front matter the WordPress→Jekyll exporter wrote.

Half of the real legacy files are not valid YAML (``title: A\\: B``, values
starting with ``&amp;`` that YAML reads as anchors, ``: `` inside plain
values), so a strict YAML load rejects them. The exporter writes a simple
line format, which this module reads directly:

    key: plain value, taken verbatim (``\\:`` unescaped)
    key: 'single' or "double" quoted YAML scalar
    key:              followed by list items ``  - item`` (items may be quoted)
    key: [a, b]       a flow list

Nothing is guessed or dropped: a line that fits none of these shapes is kept
in ``problems`` with its line number, and the caller reports it.

Files saved with Windows line endings (CRLF) read the same as LF files; the
migrated page is written with LF, as every page of the site is (the body
converter turns each CRLF into LF, and no other character changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from cxlint.migrate.writer import Nested, load_yaml

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
# '$' matches only before '\n': a Windows-saved file closes its block with '---\r'
_CLOSE = re.compile(r"^---[ \t]*\r?$", re.M)
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*?))?[ \t]*$")
_ITEM = re.compile(r"^[ \t]+-(?:[ \t]+(.*?))?[ \t]*$")


@dataclass
class Problem:
    line: int  # 1-based line in the legacy file
    message: str


@dataclass
class LegacyDoc:
    fields: dict[str, object]  # str or list[str]; None for an empty value
    lines: dict[str, int]  # key -> 1-based line
    body: str
    body_line: int  # 1-based line where the body starts
    problems: list[Problem] = field(default_factory=list)
    has_front_matter: bool = True
    plain: set[str] = field(default_factory=set)  # keys whose value was written unquoted


def _scalar(raw: str, lineno: int, problems: list[Problem]) -> str:
    """One value as the exporter wrote it."""
    raw = raw.strip()
    if raw[:1] in ("'", '"'):
        try:
            value = load_yaml(raw)
            if isinstance(value, str):
                return value
        except yaml.YAMLError:
            pass
        if len(raw) >= 2 and raw[-1] == raw[0]:
            # a quoted value YAML rejects: keep the text between the quotes
            problems.append(Problem(lineno, f"quoted value is not valid YAML; read verbatim: {raw[:60]}"))
            return raw[1:-1]
    return unescape_plain(raw)


def unescape_plain(raw: str) -> str:
    """The exporter escapes ':' as '\\:' in plain values; nothing else."""
    return raw.replace("\\:", ":")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front-matter text or None, body, 1-based body line)."""
    m = _OPEN.match(text)
    if not m:
        return None, text, 1
    close = _CLOSE.search(text, m.end())
    if not close:
        return None, text, 1
    fm = text[m.end() : close.start()]
    rest = text[close.end() :]
    if rest.startswith("\r\n"):
        rest = rest[2:]
    elif rest.startswith("\n"):
        rest = rest[1:]
    body_line = text.count("\n", 0, len(text) - len(rest)) + 1
    return fm, rest, body_line


def read_legacy(text: str) -> LegacyDoc:
    """Read a legacy post. Never raises; unreadable lines land in ``problems``."""
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        return LegacyDoc({}, {}, body, body_line, [Problem(1, "no front matter ('---' block) found")], False)
    fields: dict[str, object] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    plain: set[str] = set()
    current: str | None = None  # key whose list items follow
    nested: list[tuple[int, str]] = []  # the indented block under `current` (a mapping, most often)
    for i, line in enumerate(fm.splitlines(), start=2):
        if nested and (not line.strip() or line[:1] in (" ", "\t")):
            nested.append((i, line))
            continue
        if nested:
            _nested(current, nested, fields, problems)
            nested, current = [], None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and current is not None:
            value = fields.get(current)
            if not isinstance(value, list):
                value = []
                fields[current] = value
            if item.group(1) is not None:
                value.append(_scalar(item.group(1), i, problems))
            continue
        m = _KEY.match(line)
        if m:
            key, raw = m.group(1), m.group(2)
            if key in fields:
                problems.append(Problem(i, f"'{key}' appears again; the first value is kept"))
                current = None
                continue
            lines[key] = i
            if raw is None or raw == "":
                fields[key] = None
                current = key
            elif raw.startswith("[") and raw.endswith("]"):
                try:
                    value = load_yaml(raw)
                    fields[key] = [str(v) for v in value] if isinstance(value, list) else unescape_plain(raw)
                except yaml.YAMLError:
                    fields[key] = unescape_plain(raw)
                    problems.append(Problem(i, f"'{key}' looks like a list but is not valid YAML; read as text"))
                current = None
            else:
                fields[key] = _scalar(raw, i, problems)
                if raw[:1] not in ("'", '"'):
                    plain.add(key)
                current = None
            continue
        if current is not None and fields.get(current) is None and line[:1] in (" ", "\t"):
            nested = [(i, line)]  # `key:` then an indented block that is not a list
            continue
        if line[:1] in (" ", "\t") and current is None and lines:
            # a continuation line of a plain multi-line value (YAML folds it with a space)
            last = next(reversed(lines))
            if isinstance(fields.get(last), str):
                fields[last] = f"{fields[last]} {unescape_plain(line.strip())}"
                continue
        problems.append(Problem(i, f"front-matter line not understood, left out: {line.strip()[:60]!r}"))
    if nested:
        _nested(current, nested, fields, problems)
    return LegacyDoc(fields, lines, body, body_line, problems, plain=plain)


def _nested(key: str | None, block: list[tuple[int, str]], fields: dict[str, object], problems: list[Problem]) -> None:
    """The indented block under ``key:``: kept verbatim when YAML reads it, else reported."""
    while block and not block[-1][1].strip():
        block.pop()
    text = "\n".join(line for _, line in block)
    try:
        value = load_yaml(text)
    except yaml.YAMLError:
        value = None
        problems.append(Problem(block[0][0], f"the block under '{key}' (lines {block[0][0]}-{block[-1][0]}) "
                                             f"is not valid YAML; '{key}' left out"))
        fields.pop(key or "", None)  # written as an empty value it would say there was none
    if value is not None and key is not None:
        fields[key] = value if isinstance(value, str) else Nested(text, value)
