"""Data files (``data/*.yml|yaml|toml|json``) and any JSON file in the tree.

Only parsed for structure (mappings, duplicate keys, positions); a rule such
as DUP001 reads ``doc.parsed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from cxlint import frontmatter as fmmod
from cxlint.document import DecodeError, Document, decode_bytes

DATA_SUFFIXES = {".yml": "yaml", ".yaml": "yaml", ".toml": "toml", ".json": "json"}


@dataclass
class DataFile(Document):
    format: str = "yaml"
    kind: str = "data"  # "data" (under the data folder) or "json" (any JSON file)
    error: Exception | None = None

    @cached_property
    def parsed(self) -> fmmod.FrontMatter | None:
        """Whole-file parse with spans and duplicates; None (and ``error`` set) when invalid."""
        where = fmmod.Split(self.format, 0, 0, len(self.text), len(self.text))
        try:
            if self.format == "json":
                return _parse_json_any(self.text)
            if self.format == "yaml":
                return _parse_yaml_any(self.text, where)
            return fmmod.parse(self.text, where)
        except fmmod.FrontMatterError as exc:
            self.error = exc
            return None


def _parse_yaml_any(text: str, where: fmmod.Split) -> fmmod.FrontMatter:
    """Like front matter, but a data file may hold a list or a scalar at the top."""
    fast = _fast_mapping(text)
    if fast is not None:
        return fast
    import yaml

    loader = fmmod._Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise fmmod.FrontMatterError(f"invalid YAML: {exc.problem or exc.context}", mark.index if mark else 0) from None
    except yaml.YAMLError as exc:
        raise fmmod.FrontMatterError(f"invalid YAML: {exc}", 0) from None
    finally:
        loader.dispose()
    fm = fmmod.FrontMatter("yaml", {}, 0, 0, len(text), len(text))
    if node is not None:
        fmmod._walk_yaml(node, (), 0, fm)
    return fm


def _fast_mapping(text: str) -> fmmod.FrontMatter | None:
    """A data file the front matter's fast path reads: valid YAML, a mapping, no repeated
    key, every key a string (None: libyaml decides). Only its validity and its repeats
    matter here (DATA001, DUP001), and for such a file both are what libyaml's walk finds:
    a string key as built is the key as written.
    """
    simpleyaml, resolver = fmmod.fast_parser()
    try:
        _, key_spans, value_spans, duplicates = simpleyaml.parse(text, 0, resolver)
    except simpleyaml.Unhandled:
        return None
    if duplicates or not all(type(path[-1]) is str for path in key_spans):
        return None  # repeats, or keys like 1 / yes / null: libyaml's walk compares them as written
    fm = fmmod.FrontMatter("yaml", {}, 0, 0, len(text), len(text))
    fm.key_spans, fm.value_spans = key_spans, value_spans
    return fm


def _parse_json_any(text: str) -> fmmod.FrontMatter:
    from cxlint import jsonpos

    try:
        located = jsonpos.parse(text, 0)
    except jsonpos.JsonPosError as exc:
        raise fmmod.FrontMatterError(f"invalid JSON: {exc.message}", exc.offset) from None
    fm = fmmod.FrontMatter("json", located.value if isinstance(located.value, dict) else {}, 0, 0, len(text), len(text))
    fm.key_spans = located.key_spans
    fm.value_spans = located.value_spans
    fm.duplicates = [fmmod.DuplicateKey(d.path, d.key, d.first, d.repeat) for d in located.duplicates]
    return fm


def load_data_file(path: Path, display: str, kind: str, data: bytes | None = None) -> DataFile:
    """Read and parse one data/JSON file (``data``: its bytes, when not read from disk)."""
    fmt = DATA_SUFFIXES.get(path.suffix.lower(), "yaml")
    doc = DataFile(path, display, "", format=fmt, kind=kind)
    try:
        doc.text, doc.bom = decode_bytes(path.read_bytes() if data is None else data)
    except DecodeError as exc:
        doc.error = exc
    except OSError as exc:
        doc.error = DecodeError(f"cannot read file: {exc.strerror or exc}")
    return doc
