"""YAML front-matter output and safe, atomic file writes.

Values are quoted by hand the way the site's files are written (plain when
YAML reads the text back unchanged, single-quoted otherwise, double-quoted
with escapes for control characters); every document is re-parsed to prove
it reads back to the same data before anything is written.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_PLAIN_OK = re.compile(r"^[A-Za-z0-9(][^\n\r\t:#'\"]*$")
# the site writes dates unquoted ("2014-10-09 10:00:53 -0400"); YAML reads that as a string
_SITE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2}(?: [+-]\d{4})?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029]")


class UnsafePath(Exception):
    """A target path would leave the destination folder."""


@dataclass(frozen=True)
class Nested:
    """A nested YAML block under a kept key (``meta:`` + indented lines), written back verbatim."""

    text: str  # the indented lines as the legacy file has them
    value: object  # what YAML reads from them (the read-back check compares this)


class FrontMatterError(ValueError):
    """The written front matter would not read back as the data; ``key`` is the first field that differs."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


def load_yaml(text: str) -> object:
    """Safe YAML load through libyaml when PyYAML has it (the pure-Python loader is 10x slower)."""
    return yaml.load(text, Loader=_Loader)


def _yaml_reads(text: str) -> object:
    return yaml.load(f"k: {text}\n", Loader=_Loader)["k"]


@functools.lru_cache(maxsize=4096)  # authors, topics and many titles repeat across a batch
def quote(value: str) -> str:
    """A YAML scalar for ``value`` that reads back as exactly this string."""
    if _CONTROL.search(value) or "\n" in value:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").translate(
            {c: f"\\u{c:04x}" for c in range(0x20) if c not in (9, 10)}
        ) + '"'
    if value and _PLAIN_OK.match(value) and value == value.strip():
        try:
            if _yaml_reads(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return "'" + value.replace("'", "''") + "'"


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@functools.lru_cache(maxsize=1024)
def quote_key(key: str) -> str:
    """A mapping key that reads back as this string: ``on``, ``yes``, ``null`` are YAML 1.1 booleans/null."""
    if _PLAIN_KEY.match(key):
        try:
            if list(yaml.load(f"{key}: 0\n", Loader=_Loader)) == [key]:
                return key
        except yaml.YAMLError:
            pass
    return quote(key) if quote(key) != key else "'" + key.replace("'", "''") + "'"


def dump_front_matter(data: dict[str, object], order: tuple[str, ...], raw_keys: tuple[str, ...] = ("date",)) -> str:
    """``---`` block with keys in ``order`` first; ``raw_keys`` are written unquoted (site style)."""
    keys = [k for k in order if k in data] + [k for k in data if k not in order]
    lines = ["---"]
    for key in keys:
        value = data[key]
        name = quote_key(key)
        if isinstance(value, list):
            lines.append(f"{name}:")
            lines.extend(f"  - {quote(str(v))}" for v in value)
        elif value is None:
            lines.append(f"{name}:")
        elif isinstance(value, Nested):
            lines.append(f"{name}:")
            lines.append(value.text)
        elif isinstance(value, bool):
            lines.append(f"{name}: {'true' if value else 'false'}")
        elif isinstance(value, int):
            lines.append(f"{name}: {value}")
        elif isinstance(value, str) and key in raw_keys and _SITE_DATE.match(value):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {quote(str(value))}")
    lines.append("---")
    text = "\n".join(lines) + "\n"
    check = yaml.load(text.strip().strip("-"), Loader=_Loader) if len(keys) else {}
    expect = {k: _canon(v.value if isinstance(v, Nested) else v) for k, v in data.items()}
    got = {k: _canon(v) for k, v in (check or {}).items()}
    if got != expect:  # a quoting bug must never reach a file: the caller reports it at the field's line
        key = next((k for k in expect if k not in got or got[k] != expect[k]), next(iter(expect), ""))
        raise FrontMatterError(key, f"field '{key}' would not read back as written "
                                    f"(read {got.get(key)!r}, meant {expect.get(key)!r}); file not written")
    return text


def _canon(value: object) -> object:
    """A value as the read-back check compares it: text as text (YAML reads an unquoted site
    date as a date), booleans and numbers with their type (True is not 1, nor 'True')."""
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if value is None:
        return None
    if isinstance(value, (bool, int, float)):
        return (type(value).__name__, value)
    return str(value)


def safe_target(dest: Path, rel: str) -> Path:
    """``dest/rel`` only if it stays inside ``dest`` (content slugs are untrusted)."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in pure.parts):
        raise UnsafePath(f"target path {rel!r} is not a plain relative path")
    root = dest.resolve()
    target = (root / Path(*pure.parts)).resolve()
    try:
        target.relative_to(root)
    except ValueError:
        raise UnsafePath(f"target path {rel!r} leaves {dest}") from None
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write through a temp file in the same folder and rename over the target.

    Readers only ever see the old file or the whole new one. When a file is
    replaced (``--force``, the report) the data is flushed to disk before the
    rename, so even a power cut cannot leave the user's file half-written; a
    new file is not flushed one by one (on 1,098 posts that alone took 1-3 s):
    its source is untouched and a re-run writes it again.
    """
    from cxlint.fsutil import atomic_write

    path.parent.mkdir(parents=True, exist_ok=True)
    # (the temp file takes a replaced file's mode, else the one open() would give a new file)
    atomic_write(path, text.encode("utf-8"), durable=path.exists())
