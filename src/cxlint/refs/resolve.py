"""Resolve a ``ref``/``relref`` target the way Hugo does, as a pure index lookup.

The order is Hugo 0.147's ``pageFinder.getContentNode``/``getContentNodeForRef``
(hugolib/pagecollections.go):

1. a target without an extension gets ``.md`` (``/`` becomes ``/_index.md``,
   ``x/index`` tries ``x/index/index.md`` then ``x/index.md``);
2. unless it starts with ``/``: relative to the referring page's folder (a
   section's own folder; for a leaf bundle the folder holding the bundle,
   except ``../`` with an extension, which starts in the bundle);
   then, with an extension, the same file next to the referring file;
3. a target starting with ``.`` stops here;
4. from the content root;
5. only when the target has no ``/`` at all: the unique page whose file name
   (or bundle folder name) matches; two or more is "ambiguous".

Paths compare case-insensitively with spaces folded to hyphens. A target is
never joined onto the filesystem: ``..`` cannot climb above the content root
and every lookup is a dictionary probe.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from cxlint.values import Value, _set
from cxlint.refs.hugopath import CONTENT_EXTS, has_ext, join, parse

FOUND = "found"
MISSING = "missing"
AMBIGUOUS = "ambiguous"

#: Hugo's taxonomies when the site config names none
DEFAULT_TAXONOMIES = {"tag": "tags", "category": "categories"}


class Node(Value):
    """A page Hugo would build: from a content file, or made by Hugo (home, auto sections, taxonomies)."""

    __slots__ = ("key", "content_path", "kind")
    key: str  # page-tree key, e.g. "/news/2014/07/x"
    content_path: str | None  # None for pages without a content file
    kind: str  # page | bundle | section | home | taxonomy | term

    def __init__(self, key: str, content_path: str | None, kind: str):
        _set(self, "key", key)
        _set(self, "content_path", content_path)
        _set(self, "kind", kind)

    def _key(self) -> tuple:
        return (self.key, self.content_path, self.kind)


class Resolution(Value):
    __slots__ = ("status", "node", "candidates", "step")
    status: str  # FOUND | MISSING | AMBIGUOUS
    node: Node | None
    candidates: tuple[str, ...]  # content paths sharing an ambiguous name
    step: str  # how it was found: relative | file | root | name

    def __init__(self, status: str, node: Node | None = None, candidates: tuple[str, ...] = (), step: str = ""):
        _set(self, "status", status)
        _set(self, "node", node)
        _set(self, "candidates", candidates)
        _set(self, "step", step)

    def _key(self) -> tuple:
        return (self.status, self.node, self.candidates, self.step)

    @property
    def found(self) -> bool:
        return self.status == FOUND


_MISSING = Resolution(MISSING)


def make_path(term: str) -> str:
    """Hugo's ``PathSpec.MakePath`` + lower-case, used for taxonomy term keys."""
    out = []
    for ch in str(term).strip():
        if ch == " ":
            out.append("-")
        elif ch in "%./\\_-#+~" or ch.isalnum() or unicodedata.category(ch).startswith("M"):
            out.append(ch)
    return "".join(out).lower()


_NODE_KINDS = {"leaf": "bundle", "branch": "section"}  # HugoPath kind -> Node kind ("single": page)


class RefIndex:
    """Every page Hugo would have, keyed the ways ``ref`` looks them up."""

    def __init__(
        self,
        content_paths: Iterable[str],
        *,
        taxonomies: dict[str, str] | None = None,
        terms: dict[str, Iterable[str]] | None = None,
        languages: Iterable[str] = ("en",),
    ):
        self.langs = frozenset(l.lower() for l in languages)
        self.files = set(content_paths)
        self.tree: dict[str, Node] = {}
        self._names: dict[str, list[Node]] = {}
        leaf_dirs = set()
        for cp in self.files:
            folder, _, name = cp.rpartition("/")
            stem, dot, ext = name.rpartition(".")
            if dot and stem == "index" and ext.lower() in CONTENT_EXTS:
                leaf_dirs.add(folder)
        langs, tree, names = self.langs, self.tree, self._names
        for cp in sorted(self.files):
            hp = parse(cp, langs)
            if not hp.is_content_page or (leaf_dirs and _inside_leaf_bundle(cp, leaf_dirs)):
                continue  # a page resource of a leaf bundle, not a page
            kind = _NODE_KINDS.get(hp.kind, "page")
            key = hp.base()
            if kind == "section" and key == "/":
                kind = "home"
            node = Node(key, cp, kind)
            tree.setdefault(key, node)
            names.setdefault(hp.base_name_no_identifier(), []).append(node)
        # pages Hugo creates without a file
        self.tree.setdefault("/", Node("/", None, "home"))
        for top_folder in {cp.split("/", 1)[0] for cp in self.files if "/" in cp}:
            top = parse(top_folder).s
            self.tree.setdefault(top, Node(top, None, "section"))
        taxonomies = DEFAULT_TAXONOMIES if taxonomies is None else taxonomies
        self._taxonomy_keys: dict[str, str] = {}  # "/topics" -> "topics"
        for plural in taxonomies.values():
            key = "/" + make_path(plural)
            self.tree.setdefault(key, Node(key, None, "taxonomy"))
            self._taxonomy_keys[key] = plural
        # Term pages Hugo generates (no file): knowing them means reading every page's
        # taxonomy values, so ``terms`` may be a function, called on the first lookup
        # under a taxonomy that no page answers (term nodes never replace pages).
        self._terms = terms
        self._terms_added = False
        self._memo: dict[tuple, Resolution] = {}  # see resolve()
        self._contexts: dict[str, tuple] = {}
        self._rooted: dict[tuple, Resolution] = {}  # see _for_ref()
        if not callable(terms):
            self._add_terms()

    def _add_terms(self) -> None:
        self._terms_added = True
        terms = self._terms() if callable(self._terms) else self._terms
        for key, plural in self._taxonomy_keys.items():
            for term in (terms or {}).get(plural, ()):
                tkey = parse(key + "/" + make_path(term)).s
                self.tree.setdefault(tkey, Node(tkey, None, "term"))

    # ----------------------------------------------------------------- lookup
    def name_candidates(self, name: str) -> list[Node]:
        return self._names.get(name, [])

    def resolve(self, ref: str, context: str | None) -> Resolution:
        """Resolve the path part of a ref target from the page at content path ``context``.

        Remembered per target and what of ``context`` the lookup reads (nothing for
        an absolute target; else its folders): a site's pages ask for the same few
        hundred targets, mostly from sibling pages.
        """
        norm = ref.replace("\\", "/").rstrip("/")
        key = (norm, None if norm[:1] in ("/", "") else self._context_key(context))
        got = self._memo.get(key)
        if got is None:
            got = self._memo[key] = self._resolve(ref, context)
        return got

    def _context_key(self, context: str | None) -> tuple | None:
        """All :meth:`_for_ref` reads of the referring page: its kind's folder, its folder, its file's folder."""
        if context is None:
            return None
        got = self._contexts.get(context)
        if got is None:
            ctx = parse(context, self.langs)
            got = self._contexts[context] = (ctx.kind == "branch", ctx.dir(), ctx.container_dir(), context.rpartition("/")[0])
        return got

    def _resolve(self, ref: str, context: str | None) -> Resolution:
        ref = ref.replace("\\", "/").rstrip("/")  # Hugo's paths.ToSlashTrimTrailing
        in_ref = ref
        if ref == "":
            ref = "/"
        if has_ext(ref):
            return self._for_ref(context, True, in_ref, ref)
        if ref == "/":
            return self._for_ref(context, False, in_ref, "/_index.md")
        if ref.endswith("/index"):
            first = self._for_ref(context, False, in_ref, ref + "/index.md")
            if first.status != MISSING:
                return first
        return self._for_ref(context, False, in_ref, ref + ".md")

    def _get(self, path: str) -> Node | None:
        key = parse(path, self.langs).base()
        node = self.tree.get(key)
        if node is None and not self._terms_added and key.partition("/")[2].count("/") >= 1:
            if "/" + key[1:].partition("/")[0] in self._taxonomy_keys:
                self._add_terms()
                node = self.tree.get(key)
        return node

    def _for_ref(self, context: str | None, had_ext: bool, in_ref: str, ref: str) -> Resolution:
        if context is not None and not ref.startswith("/"):
            is_branch, ctx_dir, container_dir, folder = self._context_key(context)
            base_dir = ctx_dir if is_branch or (had_ext and ref.startswith("../")) else container_dir
            node = self._get(join(base_dir, ref))
            if node is not None:
                return Resolution(FOUND, node, step="relative")
            if had_ext:
                node = self._file_lookup(folder, in_ref)
                if node is not None:
                    return Resolution(FOUND, node, step="file")
        if ref.startswith("."):
            return _MISSING  # explicitly page-relative: no further lookups
        # the rest never reads the context: remembered per target (pages in different
        # folders ask for the same bare names, which only the first steps tell apart)
        key = (had_ext, in_ref, ref)
        got = self._rooted.get(key)
        if got is None:
            got = self._rooted[key] = self._from_root(had_ext, in_ref, ref)
        return got

    def _from_root(self, had_ext: bool, in_ref: str, ref: str) -> Resolution:
        """Steps 4 and 5: from the content root, then by unique file name."""
        node = self._get(ref)
        if node is not None:
            return Resolution(FOUND, node, step="root")
        if had_ext:
            node = self._file_lookup("", in_ref)
            if node is not None:
                return Resolution(FOUND, node, step="file")
        if in_ref.count("/") != 0:
            return _MISSING
        name = parse(ref, self.langs).base_name_no_identifier()
        found = self._names.get(name, [])
        if len(found) == 1:
            return Resolution(FOUND, found[0], step="name")
        if len(found) > 1:
            return Resolution(AMBIGUOUS, None, tuple(n.content_path or n.key for n in found))
        return _MISSING

    def _file_lookup(self, folder: str, ref: str) -> Node | None:
        """Hugo's reverse lookup of a real file next to the referring file (case-sensitive)."""
        joined = join("/" + folder, ref)
        if not joined.startswith("/") or joined == "/":
            return None
        cp = joined[1:]
        if cp not in self.files:
            return None
        return self._get(cp)


def _inside_leaf_bundle(cp: str, leaf_dirs: set[str]) -> bool:
    folder = cp.rpartition("/")[0]
    name = cp.rpartition("/")[2]
    if folder in leaf_dirs and not name.lower().startswith("index."):
        return True
    while "/" in folder:
        folder = folder.rpartition("/")[0]
        if folder in leaf_dirs:
            return True
    return False
