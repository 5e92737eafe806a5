"""Split a page into front matter and body, parse it, and keep every position.

YAML is parsed with libyaml (PyYAML's C loader): composing the node graph
gives the exact offset of every key and list item, and duplicate keys are seen
before construction silently keeps the last one (as Hugo < 0.152 did).
Timestamps are left as strings so FM004 judges dates the way Hugo does. The
simple YAML almost every page uses is read first by :mod:`cxlint.simpleyaml`,
which builds exactly the same result without libyaml's per-node calls back
into Python; whatever it does not fully understand goes to libyaml.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

import yaml

from cxlint import jsonpos, tomlpos

try:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml loader that keeps dates as strings and resolves plain text fast."""

    def resolve(self, kind, value, implicit):
        # libyaml calls back into Python for every node; most front-matter
        # scalars are quoted or start with a character no implicit type
        # (int, float, bool, null) can start with, so answer those directly.
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value and value[0] not in _IMPLICIT_FIRST):
                return "tag:yaml.org,2002:str"
        elif kind is yaml.MappingNode and implicit:
            return "tag:yaml.org,2002:map"
        elif kind is yaml.SequenceNode and implicit:
            return "tag:yaml.org,2002:seq"
        return super().resolve(kind, value, implicit)


    # libyaml calls these for every node; front matter has no path resolvers.
    # Builtins taking the same arguments are not bound as methods and cost a
    # C call instead of a Python frame each.
    descend_resolver = operator.is_  # (parent, index) -> ignored
    ascend_resolver = tuple  # () -> ignored


# Keep dates as written: Hugo parses date strings itself.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_IMPLICIT_FIRST = frozenset(ch for ch, rs in _Loader.yaml_implicit_resolvers.items() if rs and ch is not None)
# the fast path resolves plain scalars with the very same table
_FAST: list = []  # [simpleyaml module, its resolver]: imported with the first page parsed (a warm run parses none)

# Hugo also accepts blank lines before the opening delimiter.
_LEADING_BLANK = re.compile(r"(?:[ \t]*(?:\r\n|\n|\r))*")
_YAML_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n|\r)")
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|\Z)", re.M)
_TOML_OPEN = re.compile(r"\+\+\+[ \t]*(?:\r\n|\n|\r)")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*(?:\r\n|\n|\r|\Z)", re.M)
# what follows a closing mark on its line (the regexes above, found by _closing_line)
_CLOSE_TAIL = re.compile(r"[ \t]*(?:\r\n|\n|\r|\Z)")
_BLANK_FIRST = frozenset(" \t\r\n")  # a text starting otherwise has no leading blank lines
_SUPPRESS = re.compile(r"#\s*cxlint:\s*(disable|disable-file)\s*=\s*([A-Za-z0-9_, -]+)")
_TOML_ERR_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


class FrontMatterError(Exception):
    """Front matter Hugo cannot read; ``offset`` is a character offset in the file."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass
class DuplicateKey:
    path: tuple  # path of the mapping holding the key; () is the top level
    key: str
    first: tuple[int, int]  # file offsets of the first occurrence of the key
    repeat: tuple[int, int]  # file offsets of the repeated key


@dataclass
class FrontMatter:
    format: str  # "yaml" | "toml" | "json"
    data: dict
    start: int  # offset of the opening delimiter
    content_start: int  # offset of the front-matter text (after the opening line)
    content_end: int  # offset where the front-matter text ends (closing line start)
    end: int  # offset just past the closing delimiter line
    key_spans: dict = field(default_factory=dict)  # path tuple -> (start, end) of the key
    value_spans: dict = field(default_factory=dict)  # path tuple -> (start, end) of the value
    duplicates: list = field(default_factory=list)
    # (line-based) suppressions: {file line: {codes}}, and codes disabled for the file
    line_suppressions: dict = field(default_factory=dict)
    file_suppressions: frozenset = frozenset()

    def key_span(self, *path) -> tuple[int, int] | None:
        return self.key_spans.get(tuple(path))

    def value_span(self, *path) -> tuple[int, int] | None:
        return self.value_spans.get(tuple(path))

    def span(self, *path) -> tuple[int, int]:
        """Best span for a path: the key, else the value, else the opening delimiter."""
        return (
            self.key_spans.get(tuple(path))
            or self.value_spans.get(tuple(path))
            or (self.start, self.content_start)
        )


@dataclass
class Split:
    """Where the front matter sits, before it is parsed."""

    format: str | None
    start: int
    content_start: int
    content_end: int
    end: int  # body starts here


def split(text: str) -> Split:
    """Locate the front matter. Raises FrontMatterError for an unterminated block."""
    lead = _LEADING_BLANK.match(text).end() if text[:1] in _BLANK_FIRST else 0
    m = _YAML_OPEN.match(text, lead)
    if m:
        close = _closing_line(text, m.end(), "---", "...")
        if not close:
            raise FrontMatterError("front matter opened with '---' is never closed", lead)
        return Split("yaml", lead, m.end(), close[0], close[1])
    m = _TOML_OPEN.match(text, lead)
    if m:
        close = _closing_line(text, m.end(), "+++")
        if not close:
            raise FrontMatterError("front matter opened with '+++' is never closed", lead)
        return Split("toml", lead, m.end(), close[0], close[1])
    if text.startswith("{", lead):
        try:
            located = jsonpos.parse(text, lead, allow_trailing=True)
        except jsonpos.JsonPosError as exc:
            raise FrontMatterError(f"invalid JSON front matter: {exc.message}", exc.offset) from None
        return Split("json", lead, lead, located.end, located.end)
    return Split(None, 0, 0, 0, 0)


def _closing_line(text: str, pos: int, *marks: str) -> tuple[int, int] | None:
    """(start, end) of the first line from ``pos`` on that :data:`_YAML_CLOSE` (or
    :data:`_TOML_CLOSE`) would match, ``search(text, pos)``: a line opening with one
    of ``marks`` and nothing but blanks after it; lines as that ``re.M`` regex sees
    them (``^``: the text's start or after a ``\n``). Found with ``str.find``: the
    regex tried its ``^`` at every character of the front matter.
    """
    best = None
    limit = len(text)
    for mark in marks:
        at = pos if (pos == 0 or text[pos - 1] == "\n") and text.startswith(mark, pos) else -1
        if at == -1:
            at = text.find("\n" + mark, pos, limit)
            at = at + 1 if at != -1 else -1
        while at != -1:
            tail = _CLOSE_TAIL.match(text, at + len(mark))
            if tail:
                if best is None or at < best[0]:
                    best = (at, tail.end())
                    limit = at  # a later mark must close before this one
                break
            at = text.find("\n" + mark, at, limit)
            at = at + 1 if at != -1 else -1
    return best


def parse(text: str, where: Split) -> FrontMatter:
    """Parse the front matter located by :func:`split`. Raises FrontMatterError."""
    if where.format == "yaml":
        fm = _parse_yaml(text, where)
    elif where.format == "toml":
        fm = _parse_toml(text, where)
    else:
        fm = _parse_json(text, where)
    _find_suppressions(text, fm)
    return fm


def _new(where: Split, data: dict) -> FrontMatter:
    return FrontMatter(
        where.format, data, where.start, where.content_start, where.content_end, where.end
    )


def _parse_yaml(text: str, where: Split) -> FrontMatter:
    return _parse_yaml_fast(text, where) or _parse_yaml_libyaml(text, where)


def fast_parser():
    """(the simpleyaml module, the resolver it reads plain scalars with), loaded on first use."""
    if not _FAST:
        from cxlint import simpleyaml

        _FAST[:] = [simpleyaml, simpleyaml.Resolver(_Loader.yaml_implicit_resolvers)]
    return _FAST[0], _FAST[1]


def _parse_yaml_fast(text: str, where: Split) -> FrontMatter | None:
    """The simple YAML most pages use, read without libyaml (see simpleyaml); None: not handled."""
    simpleyaml, resolver = fast_parser()
    try:
        data, key_spans, value_spans, duplicates = simpleyaml.parse(
            text[where.content_start : where.content_end], where.content_start, resolver
        )
    except simpleyaml.Unhandled:
        return None
    fm = _new(where, data)
    fm.key_spans = key_spans
    fm.value_spans = value_spans
    if duplicates:  # (the dataclass's default: a fresh empty list)
        fm.duplicates = [DuplicateKey(*dup) for dup in duplicates]
    return fm


def _parse_yaml_libyaml(text: str, where: Split) -> FrontMatter:
    src = text[where.content_start : where.content_end]
    base = where.content_start
    loader = _Loader(src)
    try:
        node = loader.get_single_node()
        if node is None:
            data = {}
            fm = _new(where, data)
        elif isinstance(node, yaml.MappingNode):
            fm = _new(where, {})
            fm.data = data = _Builder(loader, base, fm).build(node, ())
        else:
            data = loader.construct_document(node)
            off = base + node.start_mark.index
            raise FrontMatterError(
                f"front matter must be a mapping of keys to values, not a {type(data).__name__}", off
            )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        offset = base + (mark.index if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", offset) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}", where.start) from None
    except (TypeError, ValueError, RecursionError) as exc:  # e.g. an unhashable (list) key
        raise FrontMatterError(f"invalid YAML front matter: {exc}", where.start) from None
    finally:
        loader.dispose()
    return fm


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class _Builder:
    """Build Python data from the composed node graph while recording spans and duplicates.

    One pass instead of PyYAML's constructor plus a second walk; plain strings
    (most of front matter) skip the constructor entirely. Aliased nodes are
    built once and shared, as PyYAML does, so alias bombs cannot blow up.
    """

    __slots__ = ("loader", "base", "fm", "memo")

    def __init__(self, loader, base: int, fm: FrontMatter):
        self.loader = loader
        self.base = base
        self.fm = fm
        self.memo: dict[int, object] = {}

    def build(self, node, path: tuple):
        cls = node.__class__
        if cls is _Scalar:
            if node.tag == _STR_TAG:
                return node.value
            return self.loader.construct_object(node, deep=True)
        done = self.memo.get(id(node))
        if done is not None:
            return done
        base = self.base
        fm = self.fm
        value_spans = fm.value_spans
        if cls is _Sequence:
            out: list = []
            self.memo[id(node)] = out
            for i, item in enumerate(node.value):
                sub = path + (i,)
                if sub not in value_spans:
                    value_spans[sub] = (base + item.start_mark.index, base + item.end_mark.index)
                if item.__class__ is _Scalar and item.tag == _STR_TAG:  # inline: most items
                    out.append(item.value)
                else:
                    out.append(self.build(item, sub))
            return out
        if cls is not _Mapping:
            return self.loader.construct_object(node, deep=True)
        if any(k.tag == _MERGE_TAG for k, _ in node.value):
            # '<<' merge keys are rare: let PyYAML build the data, still record spans
            _walk_yaml(node, path, base, fm)
            return self.loader.construct_object(node, deep=True)
        result: dict = {}
        self.memo[id(node)] = result
        seen: dict = {}
        key_spans = fm.key_spans
        for knode, vnode in node.value:
            if knode.__class__ is _Scalar:
                key = knode.value if knode.tag == _STR_TAG else self.loader.construct_object(knode)
            else:
                raise FrontMatterError(
                    "invalid YAML front matter: a mapping key must be a plain value", base + knode.start_mark.index
                )
            kspan = (base + knode.start_mark.index, base + knode.end_mark.index)
            if key in seen:
                fm.duplicates.append(DuplicateKey(path, knode.value, seen[key], kspan))
            else:
                seen[key] = kspan
            sub = path + (key,)
            if sub not in key_spans:
                key_spans[sub] = kspan
            if sub not in value_spans:
                value_spans[sub] = (base + vnode.start_mark.index, base + vnode.end_mark.index)
            if vnode.__class__ is _Scalar and vnode.tag == _STR_TAG:  # inline: most values
                result[key] = vnode.value
            else:
                result[key] = self.build(vnode, sub)
        return result


_Scalar, _Sequence, _Mapping = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _walk_yaml(node, path: tuple, base: int, fm: FrontMatter) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else None
            if key is None:
                continue
            kspan = (base + knode.start_mark.index, base + knode.end_mark.index)
            if key in seen and key != "<<":
                fm.duplicates.append(DuplicateKey(path, key, seen[key], kspan))
            else:
                seen[key] = kspan
            sub = path + (key,)
            fm.key_spans.setdefault(sub, kspan)
            fm.value_spans.setdefault(
                sub, (base + vnode.start_mark.index, base + vnode.end_mark.index)
            )
            if not isinstance(vnode, yaml.ScalarNode):
                _walk_yaml(vnode, sub, base, fm)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = path + (i,)
            fm.value_spans[sub] = (base + item.start_mark.index, base + item.end_mark.index)
            if not isinstance(item, yaml.ScalarNode):
                _walk_yaml(item, sub, base, fm)


def _parse_toml(text: str, where: Split) -> FrontMatter:
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    src = text[where.content_start : where.content_end]
    try:
        data = tomllib.loads(src)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        offset = where.content_start
        m = _TOML_ERR_POS.search(msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            lines = src.splitlines(keepends=True)
            offset += sum(len(x) for x in lines[: line - 1]) + col - 1
            msg = msg[: m.start()].strip()
        raise FrontMatterError(f"invalid TOML front matter: {msg}", offset) from None
    fm = _new(where, data)
    fm.key_spans, fm.value_spans = tomlpos.locate(src, where.content_start)
    return fm


def _parse_json(text: str, where: Split) -> FrontMatter:
    located = jsonpos.parse(text, where.start, allow_trailing=True)
    if not isinstance(located.value, dict):
        raise FrontMatterError("JSON front matter must be an object", where.start)
    fm = _new(where, located.value)
    fm.key_spans = located.key_spans
    fm.value_spans = located.value_spans
    fm.duplicates = [
        DuplicateKey(d.path, d.key, d.first, d.repeat) for d in located.duplicates
    ]
    return fm


def _find_suppressions(text: str, fm: FrontMatter) -> None:
    src = text[fm.content_start : fm.content_end]
    if "cxlint" not in src:
        return
    file_codes: set[str] = set()
    line0 = text.count("\n", 0, fm.content_start) + 1
    lines = src.splitlines()
    for i, line in enumerate(lines):
        m = _SUPPRESS.search(line)
        if not m:
            continue
        codes = {c.strip().upper() for c in m.group(2).replace(" ", ",").split(",") if c.strip()}
        if m.group(1) == "disable-file":
            file_codes |= codes
            continue
        # a trailing comment covers its own line; a comment line covers the next line
        target = line0 + i if line[: m.start()].strip() else line0 + i + 1
        fm.line_suppressions.setdefault(target, set()).update(codes)
    fm.file_suppressions = frozenset(file_codes)
