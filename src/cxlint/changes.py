"""``--changed-since REV``: what changed in git, and which unchanged pages that breaks.

A pre-commit user expects "what I am about to commit" to be checked: files
changed since ``REV`` in commits, in the index *and* in the working tree,
plus untracked files (not ignored). ``git diff --name-status -M REV``
compares ``REV`` with the working tree, so it covers the first three;
``git ls-files --others --exclude-standard`` adds the untracked ones.

Renaming or deleting a page can break pages nobody touched: a ``ref`` to
the old path, a topic or author whose term page went away. :func:`impact`
finds them: it resolves every ref of every page that could mention a removed
page against the site as it was at ``REV`` (paths from ``git ls-tree``) and
against the site as it is, and reports the refs that resolved to a removed
page then and no longer resolve now. Only those spans are reported on such
pages (their other, older problems are not the change's fault).
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from cxlint.site import CHECKED_SUFFIXES, CONTENT_SUFFIXES, Site, content_path_of, suffix_of


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},  # never take the index lock (pre-commit holds it)
        )
    except FileNotFoundError:
        raise GitError("--changed-since needs git, and git is not on PATH") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} failed: {msg[-1] if msg else 'exit ' + str(proc.returncode)}")
    return proc.stdout.decode("utf-8", "surrogateescape")


@dataclass
class ChangeSet:
    """Files that differ between ``rev`` and the working tree (absolute paths)."""

    rev: str
    top: Path  # the repository's top folder
    changed: list[Path] = field(default_factory=list)  # exist now: modified, added, renamed-to, untracked
    removed: list[Path] = field(default_factory=list)  # gone now: deleted, renamed-from
    renamed: dict[Path, Path] = field(default_factory=dict)  # new path -> old path


def git_changes(rev: str, cwd: Path) -> ChangeSet:
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip()).resolve()
    except GitError as exc:
        raise GitError(f"--changed-since: {cwd} is not in a git repository ({exc})") from None
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], top)
    except GitError:
        shallow = _git(["rev-parse", "--is-shallow-repository"], top).strip() == "true"
        hint = " (this clone is shallow: fetch the history, e.g. actions/checkout with fetch-depth: 0)" if shallow else ""
        raise GitError(f"--changed-since: unknown git revision {rev!r}{hint}") from None
    out = _git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", rev, "--"], top)
    changes = ChangeSet(rev, top)
    fields = out.split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status[0] in "RC":
            old, new = top / fields[i + 1], top / fields[i + 2]
            i += 3
            changes.changed.append(new)
            if status[0] == "R":
                changes.removed.append(old)
                changes.renamed[new] = old
            continue
        path = top / fields[i + 1]
        i += 2
        if status[0] == "D":
            changes.removed.append(path)
        elif status[0] != "U":  # A, M, T (an unmerged file is left to the merge)
            changes.changed.append(path)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], top)
    changes.changed.extend(top / p for p in untracked.split("\0") if p)
    # a file deleted but still present (e.g. `git rm --cached`) exists: check it, do not call it removed
    changes.changed = sorted({p for p in changes.changed if p.is_file()})
    changes.removed = sorted({p for p in changes.removed if not p.exists()})
    return changes


def _inside(path: Path, folder: Path) -> bool:
    return os.fspath(path).startswith(os.fspath(folder).rstrip(os.sep) + os.sep)


def in_scope(changes: ChangeSet, scopes: list[Path], site: Site | None = None) -> list[Path]:
    """The changed files inside the folders/files the user named that walking them would visit
    (not in hidden, VCS, dependency or cache folders, nor in build output at the site root)."""
    from cxlint.site import BUILD_DIRS, SKIP_DIRS

    roots = [p.resolve() for p in scopes]
    out = []
    for p in changes.changed:
        root = next((r for r in roots if p == r or _inside(p, r)), None)
        if root is None:
            continue
        folders = p.relative_to(root).parts[:-1] if p != root else ()
        if any(f.startswith(".") or f in SKIP_DIRS for f in folders):
            continue
        if site is not None and _inside(p, site.root):
            top = p.relative_to(site.root).parts
            if len(top) > 1 and top[0] in BUILD_DIRS:
                continue
        out.append(p)
    return out


# ------------------------------------------------------------------ impact of removals
@dataclass
class Impact:
    """Unchanged pages that a removal broke, with the spans (line, column ranges) to report."""

    spans: dict[Path, list[tuple[tuple[int, int], tuple[int, int]]]] = field(default_factory=dict)
    removed_pages: list[str] = field(default_factory=list)  # content paths
    changed: set[Path] = field(default_factory=set)  # checked in full

    def add(self, page, start: int, end: int) -> None:
        self.spans.setdefault(Path(page.path), []).append((page.line_col(start), page.line_col(max(start, end))))

    def narrow(self, scopes: list[Path]) -> None:
        """Forget the broken pages outside the folders/files the user named (PATHS narrow
        ``--changed-since``: a page elsewhere is not reported, even when a removal broke it)."""
        roots = [p.resolve() for p in scopes]
        self.spans = {p: s for p, s in self.spans.items() if any(p == r or _inside(p, r) for r in roots)}

    @property
    def broken(self) -> list[Path]:
        """Unchanged pages with a ref or term that a removal broke."""
        return sorted(p for p in self.spans if p not in self.changed)

    def filter(self, diagnostics, cwd: Path) -> list:
        """All diagnostics of changed files; on the other pages only those at a broken span."""
        out = []
        for d in diagnostics:
            path = Path(os.path.normpath(os.path.join(os.fspath(cwd), d.path)))
            if path in self.changed or any(a <= (d.line, d.column) <= b for a, b in self.spans.get(path, ())):
                out.append(d)
        return out


def _spelled(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a whole path segment or term ('dap', not 'adapt').

    str.find runs at C speed; a regex alternation over all names was 10x slower here.
    """
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        before = text[i - 1] if i else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            return True
        i = text.find(word, i + 1)
    return False


def impact_of(changes: ChangeSet, site: Site, pack, changed: list[Path]) -> Impact:
    """:func:`impact` over every page of the site; ``changed`` files are checked in full."""
    from cxlint.engine import _walk

    pages: list[Path] = []
    if _removed_pages(changes, site) and site.content_dir.is_dir():  # a plain edit needs no walk
        pages = [Path(f) for f in sorted(_walk(site.content_dir)) if suffix_of(f) in CHECKED_SUFFIXES]
    found = impact(changes, site, pack, pages)
    found.changed = set(changed)
    return found


def _removed_pages(changes: ChangeSet, site: Site) -> set[str]:
    content = site.content_dir
    return {content_path_of(p, content) for p in changes.removed if p.suffix.lower() in CONTENT_SUFFIXES and _inside(p, content)}


def _name(content_path: str) -> str:
    """The word any ref to this page must contain: file stem, or folder for index/_index."""
    folder, _, name = content_path.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    if stem in ("index", "_index"):
        stem = folder.rpartition("/")[2]
    return stem.lower()


def _needles(name: str) -> set[str]:
    # Hugo compares paths case-insensitively with spaces as hyphens
    return {name, name.replace("-", " ")} if name else set()


def impact(changes: ChangeSet, site: Site, pack, all_pages: list[Path]) -> Impact:
    """Find refs and taxonomy terms on current pages that pointed at a page removed since ``rev``."""
    from cxlint.refs import parse_ref, ref_uses
    from cxlint.refs.gourl import URLError
    from cxlint.refs.resolve import DEFAULT_TAXONOMIES, RefIndex
    from cxlint.site import _ci_get, fold_term, load_page
    from cxlint.taxonomy import term_entries

    content = site.content_dir
    removed = _removed_pages(changes, site)
    result = Impact(removed_pages=sorted(removed))
    if not removed:
        return result
    rel_content = os.path.relpath(content, changes.top).replace(os.sep, "/")
    listing = _git(["ls-tree", "-r", "-z", "--name-only", "--full-tree", changes.rev, "--", rel_content], changes.top)
    prefix = "" if rel_content == "." else rel_content.rstrip("/") + "/"
    old_paths = [p[len(prefix):] for p in listing.split("\0") if p.startswith(prefix)]
    now_paths = [content_path_of(p, content) for p in all_pages]
    tax = _ci_get(site.config or {}, "taxonomies")
    taxonomies = {str(k): str(v) for k, v in tax.items()} if isinstance(tax, dict) else dict(DEFAULT_TAXONOMIES)
    old_index = RefIndex(old_paths, taxonomies=taxonomies)
    new_index = RefIndex(now_paths, taxonomies=taxonomies)
    old_of = {content_path_of(new, content): content_path_of(old, content) for new, old in changes.renamed.items()}

    # removed term pages (topics/<slug>/_index.md, authors/<slug>/_index.md): names that stop resolving
    fields = {site.taxonomies.get("topic", "topics"): pack.topics_field, site.taxonomies.get("author", "authors"): pack.authors_field}
    gone_terms: dict[str, set[str]] = {}  # front-matter field -> folded names
    for cp in removed:
        parts = cp.split("/")
        if len(parts) == 3 and parts[2] == "_index.md" and parts[0] in fields:
            names = {parts[1]} | _old_term_names(changes, prefix + cp, parts[0])
            gone_terms.setdefault(fields[parts[0]], set()).update(fold_term(n) for n in names)
    current_terms = {f: {fold_term(p.split("/")[1]) for p in now_paths if p.count("/") == 2 and p.startswith(t + "/") and p.endswith("/_index.md")} for t, f in fields.items()}

    needles = set().union(*(_needles(_name(cp)) for cp in removed))
    for names in gone_terms.values():
        needles |= set().union(*(_needles(n) for n in names))
    # cheap pre-filter: a page that never spells a removed name as a whole path segment or
    # term (bounded by anything but a letter, digit, '_' or '-') cannot point at it
    for path in all_pages:
        try:
            raw = path.read_bytes().decode("utf-8", "replace").lower()
        except OSError:
            continue
        if not any(_spelled(raw, n) for n in needles):
            continue
        page = load_page(path, content)
        if page.error is not None:
            continue
        here = page.content_path
        for use in ref_uses(page, pack):
            try:
                target = parse_ref(use.target).path
            except URLError:
                continue
            if not target:
                continue
            was = old_index.resolve(target, old_of.get(here, here))
            if was.found and was.node.content_path in removed and not new_index.resolve(target, here).found:
                result.add(page, use.start, use.end)
        for fld, names in gone_terms.items():
            for entry in term_entries(page, fld):
                folded = fold_term(entry.name)
                if folded in names and folded not in current_terms.get(fld, ()):
                    result.add(page, *entry.span)
    return result


def _old_term_names(changes: ChangeSet, repo_path: str, taxonomy: str) -> set[str]:
    """A removed term page's ``slug`` and ``aliases`` names, read from ``rev``."""
    from cxlint import frontmatter as fmmod

    try:
        text = _git(["show", f"{changes.rev}:{repo_path}"], changes.top)
        where = fmmod.split(text)
        data = fmmod.parse(text, where).data if where.format else {}
    except (GitError, fmmod.FrontMatterError):
        return set()
    names = {str(data["slug"])} if data.get("slug") else set()
    aliases = data.get("aliases") or []
    for alias in aliases if isinstance(aliases, list) else [aliases]:
        m = re.match(r"^/?([^/]+)/([^/]+)/?$", str(alias).strip())
        if m and m.group(1) == taxonomy:
            names.add(m.group(2))
    return names
