"""Safe file writes: atomic replace that never clobbers a file changed behind our back.

A fix run reads a file, computes new content, and writes it much later (after
the whole site was checked). If the file changed on disk in between (an
editor saved it, a ``git checkout`` ran), writing our version would silently
lose those changes; :func:`atomic_write` refuses instead. The new content goes
to a temporary file in the same folder (same file system, so the rename is
atomic) that takes the original's permission bits, then replaces the original
with ``os.replace``: readers see the old file or the new one, never half of it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cxlint.values import Value, _set


class StaleFileError(Exception):
    """The file on disk is no longer what was read; it was left untouched."""


class Snapshot(Value):
    """What a file looked like when it was read: size and content hash (mtime is informative)."""

    __slots__ = ("size", "sha256")
    size: int
    sha256: str

    def __init__(self, size: int, sha256: str):
        _set(self, "size", size)
        _set(self, "sha256", sha256)

    def _key(self) -> tuple:
        return (self.size, self.sha256)

    @classmethod
    def of_bytes(cls, data: bytes) -> "Snapshot":
        import hashlib  # here: the cache writes through this module, and hashlib loads OpenSSL

        return cls(len(data), hashlib.sha256(data).hexdigest())

    def matches(self, path: Path) -> bool:
        try:
            st = path.stat()
            if st.st_size != self.size:
                return False  # cheap early exit: no need to hash
            import hashlib

            return hashlib.sha256(path.read_bytes()).hexdigest() == self.sha256
        except OSError:
            return False


def atomic_write(path: Path, data: bytes, expected: Snapshot | None = None, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically, keeping its permission bits.

    With ``expected``, raise :class:`StaleFileError` (and write nothing) when the
    file's current content differs from the snapshot taken when it was read.
    ``durable=False`` skips the fsync: still never half-written, but after a
    power cut the file may be empty (fine for a cache, which then rebuilds).
    """
    path = Path(path)
    if expected is not None and not expected.matches(path):
        raise StaleFileError(f"{path}: changed on disk since it was read; not overwritten")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        # Re-check right before the rename to keep the race window as small as possible.
        if expected is not None and not expected.matches(path):
            raise StaleFileError(f"{path}: changed on disk since it was read; not overwritten")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _create_temp(path: Path) -> tuple[int, str]:
    """A new private file beside ``path`` (what tempfile.mkstemp does, without importing
    tempfile, shutil, random, bz2 and lzma into every run that writes its cache)."""
    for _ in range(100):
        tmp = os.path.join(os.fspath(path.parent), f".{path.name}.{os.urandom(6).hex()}.cxlint-tmp")
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
