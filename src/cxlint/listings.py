"""Folder listings: read with one ``scandir``, or remembered from the last run.

A site walk lists every folder (1,389 on the real site: ~20 ms of ``scandir``
calls, most of a warm run's walk). Creating, deleting or renaming an entry
changes its folder's modification and change times, so a folder whose
signature (size, mtime, ctime, inode; see :func:`cxlint.cache.file_signature`)
is what it was when it was listed still has the same entries: one ``stat``
answers instead of a ``scandir``. The folder is stat'ed before it is read, so
an entry added while it is read leaves a signature that no longer matches.

Never remembered: a folder changed in the last two seconds (it has no
signature: a second change in the same timestamp tick would keep it) and a
folder holding a symlink (its target can change from file to folder without
the folder holding it changing). Listings are plain file-system facts: what
the walk keeps of them (hidden folders, build output) is decided afresh on
every run.
"""

from __future__ import annotations

import os

from cxlint.cache import file_signature

#: (folder names, the names of those that are real folders (entered), file names)
Listing = tuple[list[str], set[str], list[str]]


def scan_dir(dirpath: str) -> tuple[Listing, bool] | None:
    """The folder's listing and whether it holds a symlink; None when it cannot be read."""
    dirnames: list[str] = []
    filenames: list[str] = []
    entered: set[str] = set()
    links = False
    try:
        with os.scandir(dirpath) as entries:
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                    link = entry.is_symlink()
                except OSError:
                    is_dir = link = False
                links |= link
                if is_dir:
                    dirnames.append(entry.name)
                    if not link:
                        entered.add(entry.name)
                else:
                    filenames.append(entry.name)
    except OSError:
        return None
    return (dirnames, entered, filenames), links


class DirListings:
    """Listings by folder path, as read from the cache and updated by what this run saw.

    :attr:`changed` says whether the table differs from what was read (then it is
    worth writing back). Folders this run did not visit keep their entries: a
    later run that visits them checks them like any other.
    """

    def __init__(self, old: dict | None = None):
        self.table: dict = dict(old) if type(old) is dict else {}
        self.changed = False

    def listing(self, dirpath: str) -> Listing | None:
        try:
            sig = file_signature(os.stat(dirpath))
        except OSError:
            sig = None
        table = self.table
        got = table.get(dirpath)
        if sig is not None and type(got) is tuple and len(got) == 2 and got[0] == sig and type(got[1]) is tuple and len(got[1]) == 3:
            return got[1]
        scanned = scan_dir(dirpath)
        if scanned is not None and sig is not None and not scanned[1]:
            table[dirpath] = (sig, scanned[0])
            self.changed = True
        elif got is not None:
            del table[dirpath]
            self.changed = True
        return None if scanned is None else scanned[0]
