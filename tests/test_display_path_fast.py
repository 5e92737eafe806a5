"""display_path's folder shortcut (a folder outside the working folder: its parent's
relative path plus its name) equals one os.path.relpath per folder, the way it was first."""

from __future__ import annotations

import os
import random

import pytest

from cxlint import site
from cxlint.site import display_path


def reference_display_path(path, cwd=None) -> str:
    """display_path as it was: os.path.relpath of every file's folder."""
    p = os.fspath(path)
    base = os.fspath(cwd or os.getcwd()).rstrip(os.sep) + os.sep
    if p.startswith(base):
        rel = p[len(base):]
    else:
        folder, sep, name = p.rpartition(os.sep)
        rel_folder = os.path.relpath(folder or os.sep, base)
        rel = name if rel_folder == "." else rel_folder + os.sep + name
        if rel.startswith(".." + os.sep + ".."):
            rel = p
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


_NAMES = ["a", "b", "c", "ab", "..", ".", "", "x y", "\u00e9t\u00e9", "..a", "a..", "-", "work", "wt", "content"]


def _path(rng: random.Random, absolute: bool) -> str:
    parts = [rng.choice(_NAMES[:4] if rng.random() < 0.6 else _NAMES) for _ in range(rng.randint(0, 6))]
    return ("/" if absolute else "") + "/".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_display_path_equals_one_relpath_per_folder(seed):
    rng = random.Random(seed)
    site._DISPLAY_DIRS.clear()
    bases = [_path(rng, True) for _ in range(6)] + ["/", "/a", "/a/b", "/a/b/c"]
    outside = 0
    for _ in range(20_000):
        cwd = rng.choice(bases)
        path = _path(rng, rng.random() < 0.9) + "/" + rng.choice(["f.md", "_index.md", "x"])
        want = reference_display_path(path, cwd)
        assert display_path(path, cwd) == want, (path, cwd)
        outside += want == path and path.startswith("/")
    assert outside > 1000  # the shortcut's case (a file ../.. away: its absolute path) is reached


def test_display_path_on_the_real_site_from_several_folders(corpus_dir):
    files = [os.path.join(d, f) for d, _, fs in os.walk(corpus_dir / "content") for f in fs]
    assert len(files) > 4000
    for cwd in ["/", str(corpus_dir), str(corpus_dir / "content" / "news"), str(corpus_dir.parent), os.getcwd()]:
        site._DISPLAY_DIRS.clear()
        for path in files:
            assert display_path(path, cwd) == reference_display_path(path, cwd), (path, cwd)


@pytest.mark.parametrize("seed", range(2))
def test_page_path_from_its_folder_equals_path_of_the_whole(seed):
    """load_page's Path (the folder's Path joined with the name) is Path(file), parts and all."""
    from pathlib import Path

    rng = random.Random(seed)
    site._FOLDER_PATHS.clear()
    for _ in range(5_000):
        file = _path(rng, rng.random() < 0.8) + rng.choice(["/f.md", "/_index.md", "/x", "", "/", "/.", "/.."])
        got = site._path_of(file)
        assert (got, got.parts, str(got)) == (Path(file), Path(file).parts, str(Path(file))), file
