"""The on-disk cache: ``.cxlint_cache/`` at the site root (or ``--cache-dir``).

Three kinds of files, each a header line holding its full key, then a pickle;
the two per-file tables are split over SHARDS files each (``<kind>-<key>.<n>``,
by a hash of the path), so that a run which changed one page rewrites one
small file:

* ``run-<key>``: a whole run's result (its diagnostics and summary counts),
  keyed by the settings and every file's signature: an unchanged site is
  answered from it alone.
* ``facts-<key>``: per content page, the file's stat signature, content hash,
  and its :class:`~cxlint.site.PageFacts` (pickled, with their digest). Keyed
  by cxlint's code, the content folder and the rules that extract page facts.
  A page whose signature and content hash match is not read or parsed again.
* ``results-<key>``: per checked file, its diagnostics, split into the
  file-scope rules' (valid while the file's content hash matches) and the
  site-scope rules' (valid while the content hash *and* the digest of the
  whole site index match). Keyed by cxlint's code, the config, the selected
  rules and their options, the rule pack contents, the build date, the site
  and the working directory (paths in diagnostics are relative to it).

Any problem reading a cache file (missing, truncated, corrupted, written by
another version) means "no cache": the run recomputes and rewrites it. Loading
never runs code from the file: the unpickler only builds cxlint's own value
classes and plain data. Writes are atomic (temp file + rename), only inside
the cache folder, and the folder holds a ``.gitignore`` with ``*``.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import os
import pickle
import re
import stat
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from cxlint import __version__

try:  # hashlib would also load OpenSSL (~5 ms per run) for a hash CPython has built in
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other interpreters
    from hashlib import blake2b as _blake2b

FOLDER_NAME = ".cxlint_cache"
_MAGIC = b"cxlint-cache 1 "
_KEEP_PER_KIND = 6  # older cache files of one kind are pruned
#: per-file tables are split over this many files, by a hash of the path (see shard_of)
SHARDS = 16
#: a file changed this recently has no signature (see file_signature)
RECENT_SECONDS = 2.0
#: classes a cache file may contain (anything else: the file is ignored)
_ALLOWED = {
    ("cxlint.site", "PageFacts"),
    ("cxlint.diagnostics", "Diagnostic"),
    ("cxlint.diagnostics", "_diagnostic"),
    ("cxlint.diagnostics", "_fix"),
    ("cxlint.diagnostics", "_edit"),
    ("cxlint.diagnostics", "Fix"),
    ("cxlint.diagnostics", "Edit"),
    ("cxlint.diagnostics", "Related"),
    ("cxlint.diagnostics", "Severity"),
    ("cxlint.diagnostics", "Applicability"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    ("builtins", "complex"),
}


def digest(*parts: Any) -> str:
    """A short stable hash of ``parts`` (bytes as they are, anything else in a canonical form).

    Stable across processes: sets are sorted (their order changes with the
    hash seed), dataclasses and patterns are spelled out field by field.
    """
    h = _blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else repr(_canonical(part)).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _canonical(obj: Any) -> Any:
    if obj is None or isinstance(obj, (str, int, float, bytes)):
        return obj
    if isinstance(obj, (set, frozenset)):
        return ("set", sorted((_canonical(x) for x in obj), key=repr))
    if isinstance(obj, dict):
        return ("dict", [(_canonical(k), _canonical(v)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [_canonical(x) for x in obj])
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return (type(obj).__qualname__, [(f.name, _canonical(getattr(obj, f.name))) for f in dataclasses.fields(obj)])
    if isinstance(obj, re.Pattern):
        return ("re", obj.pattern, obj.flags)
    if isinstance(obj, os.PathLike):
        return ("path", os.fspath(obj))
    return (type(obj).__qualname__, repr(obj))  # dates, enums, ...


def content_hash(data: bytes) -> bytes:
    return _blake2b(data, digest_size=16).digest()


def code_stamp(modules: list[str] = ()) -> str:
    """Identity of the code that computes results: cxlint's own files and the rule modules.

    Sizes and modification times of the source files, so an edited rule (an
    editable install, a local plugin) never reuses results of the old code.
    """
    parts: list[Any] = [__version__, sys.version_info[:2]]
    package = os.path.dirname(os.path.realpath(__file__))
    files = _source_files(package)
    for name in sorted(set(modules)):
        path = getattr(sys.modules.get(name), "__file__", None)
        if path and not os.path.realpath(path).startswith(package):
            files.append(path)
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            continue
        parts.append((f, st.st_size, st.st_mtime_ns))
    return digest(*parts)


def _source_files(folder: str) -> list[str]:
    """The ``.py`` and ``.yml`` files under ``folder`` (not in ``__pycache__``), sorted: one
    scandir per folder (``Path.rglob`` twice took ~4 ms of every cached run)."""
    found: list[str] = []
    stack = [folder]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif entry.name.endswith((".py", ".yml")):
                    found.append(entry.path)
    return sorted(found)


def shard_of(path: str) -> int:
    """The shard a file's cache entries live in: stable across processes and runs."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS


def file_signature(st: os.stat_result) -> tuple | None:
    """What identifies unchanged content without reading it: size, mtime, ctime, inode.

    None for a file changed in the last two seconds: a second write in the same
    timestamp tick would keep the signature, so such files are re-hashed next time.
    """
    if time.time() - max(st.st_mtime, st.st_ctime) < RECENT_SECONDS:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


_RESOLVED: dict[tuple[str, str], Any] = {}


def _resolve(module: str, name: str) -> Any:
    import importlib

    obj = getattr(importlib.import_module(module), name)
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        # an enum member is pickled as a call of its class with its value; the
        # value -> member table answers the same without Enum.__call__'s Python code
        return obj._value2member_map_.__getitem__
    return obj


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        got = _RESOLVED.get((module, name))
        if got is None:
            if (module, name) not in _ALLOWED:
                raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache file")
            got = _RESOLVED[(module, name)] = _resolve(module, name)
        return got


def safe_loads(data: bytes) -> Any:
    """Unpickle data read from a cache file: only cxlint's value classes and plain data."""
    return _SafeUnpickler(io.BytesIO(data)).load()


class Cache:
    """One cache folder. Every method is best-effort: problems mean "no cache"."""

    def __init__(self, folder: Path, *, explicit: bool = False):
        self.folder = folder
        self.explicit = explicit  # given by the user: failures are worth a warning
        self.warnings: list[str] = []
        self.unwritable = False  # its folder could not be made: nothing more is tried

    @classmethod
    def for_site(cls, site_root: Path, cache_dir: Path | None = None) -> "Cache | None":
        """The cache for a site: ``cache_dir`` if given, else ``.cxlint_cache`` in the site root.

        The default folder is used only if it really is inside the site root
        (not a symlink out of it) and the site root is writable.
        """
        if cache_dir is not None:
            return cls(Path(os.path.abspath(cache_dir)), explicit=True)
        root = Path(os.path.realpath(site_root))
        folder = root / FOLDER_NAME
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            return None
        if not folder.exists() and not _writable(root):
            return None
        return cls(folder)

    def _path(self, kind: str, key: str, shard: int | None = None) -> Path:
        name = f"{kind}-{key[:24]}"
        return self.folder / (name if shard is None else f"{name}.{shard:x}")

    def load(self, kind: str, key: str, shard: int | None = None) -> Any:
        path = self._path(kind, key, shard)
        try:
            with open(path, "rb") as fh:
                header = fh.readline()
                if header != _MAGIC + key.encode() + b"\n":
                    return None
                return safe_loads(fh.read())
        except (FileNotFoundError, NotADirectoryError):  # no such file, or no such folder
            return None
        except Exception as exc:  # truncated, corrupted, unreadable: recompute
            self._warn(f"ignoring unreadable cache file {path}: {type(exc).__name__}")
            return None

    def save(self, kind: str, key: str, value: Any, shard: int | None = None, prune: bool = True) -> None:
        from cxlint.fsutil import atomic_write

        path = self._path(kind, key, shard)
        if self.unwritable:
            return
        try:
            self._prepare_folder()
        except Exception as exc:  # said once: every later write would fail the same way
            self.unwritable = True
            self._warn(f"cannot write the cache folder {self.folder}: {exc}")
            return
        try:
            payload = _MAGIC + key.encode() + b"\n" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(path, payload, durable=False)
            if prune:
                self._prune(kind, keep=self._path(kind, key).name)
        except Exception as exc:  # a full disk or a read-only tree must not fail the check
            self._warn(f"cannot write cache file {path}: {exc}")

    def load_table(self, kind: str, key: str, shards=None) -> dict:
        """A path-keyed table kept in SHARDS files (``shards``: only these). A missing or
        unreadable shard reads as empty: its paths are just not cached."""
        table: dict = {}
        for i in range(SHARDS) if shards is None else sorted(shards):
            got = self.load(kind, key, i)
            if type(got) is dict:
                table.update(got)
        return table

    def save_table(self, kind: str, key: str, table: dict, old: dict) -> None:
        """Write the shards of ``table`` in which some entry differs from ``old`` (the table as
        loaded, same key): one changed page rewrites one small file, not the whole cache."""
        buckets: list[dict] = [{} for _ in range(SHARDS)]
        dirty: set[int] = set()
        for path, value in table.items():
            i = shard_of(path)
            buckets[i][path] = value
            if old.get(path) is not value:
                dirty.add(i)
        dirty.update(shard_of(path) for path in old.keys() - table.keys())
        for i in sorted(dirty):
            self.save(kind, key, buckets[i], shard=i, prune=False)
        if dirty:
            self._prune(kind, keep=self._path(kind, key).name)

    def _prepare_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=self.explicit, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            from cxlint.fsutil import atomic_write

            atomic_write(ignore, b"# created by cxlint: the cache is not part of the site\n*\n")

    def _prune(self, kind: str, keep: str) -> None:
        """Drop all but the newest _KEEP_PER_KIND keys of ``kind`` (a key's shards go together)."""
        groups: dict[str, list] = {}
        try:
            for entry in os.scandir(self.folder):
                name = entry.name
                if name.startswith(kind + "-") and entry.is_file(follow_symlinks=False):
                    stem = name.split(".", 1)[0]
                    if stem != keep:
                        groups.setdefault(stem, []).append((entry.stat().st_mtime, entry.path))
        except OSError:  # no folder (its writes failed and were reported), or it went away
            return
        for files in sorted(groups.values(), key=max, reverse=True)[_KEEP_PER_KIND - 1 :]:
            for _, path in files:
                try:
                    os.unlink(path)
                except OSError:
                    pass

    def _warn(self, message: str) -> None:
        if self.explicit or os.environ.get("CXLINT_DEBUG"):
            self.warnings.append(message)


def _writable(folder: Path) -> bool:
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    # the write bits too: a tree marked read-only stays untouched even for root
    return os.access(folder, os.W_OK) and bool(stat.S_IMODE(mode) & stat.S_IWUSR)
