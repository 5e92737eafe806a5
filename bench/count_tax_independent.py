"""Independent counts for DUP001, TAX001-TAX004 and ENT001 on a Hugo site.

Deliberately shares no code with cxlint: front matter is cut with a regex,
keys and list items are read line by line, topics/aliases come from the
topic pages' text, Hugo's term folding is re-implemented from its Go source
description, entities are found with ``html.unescape`` on tokens, and code is
masked with a small line-based CommonMark reading. The corpus test compares
cxlint's figures with these.

Usage: python bench/count_tax_independent.py [SITE_ROOT]
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

FM = re.compile(r"\A\ufeff?(?:[ \t]*\r?\n)*---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def hugo_key(name: str) -> str:
    out, pend, hy = [], False, False
    for i, ch in enumerate(name):
        ok = ch in "./\\_#+~-@" or ch.isalnum() or unicodedata.category(ch)[0] == "M" or (
            ch == "%" and re.fullmatch(r"[0-9A-Fa-f]{2}", name[i + 1 : i + 3] or "")
        )
        if ok:
            hy = ch == "-"
            if pend and not hy:
                out.append("-")
            pend = False
            out.append(ch)
        elif out and not hy and ch.isspace():
            pend = True
    return "".join(out).lower()


def block_list(fm: str, key: str) -> list[str] | None:
    """Items of ``key:`` (block list, flow list or one scalar), as raw strings."""
    m = re.search(rf"^{key}:[ \t]*(.*)$", fm, re.M | re.I)
    if not m:
        return None
    rest = m.group(1).split(" #")[0].strip()
    if rest.startswith("["):
        return [unquote(x) for x in rest.strip("[]").split(",") if x.strip()]
    if rest:
        return [unquote(rest)]
    items = []
    for line in fm[m.end() + 1 :].splitlines():
        if re.match(r"^\s*#", line) or not line.strip():
            continue
        im = re.match(r"^\s*-(?:\s+(.*))?$", line)
        if not im:
            break
        items.append(unquote((im.group(1) or "").split(" #")[0].strip()))
    return items


def unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1]
    return "" if s in ("~", "null") else s


def load(root: str):
    pages = {}
    for dp, dn, fn in os.walk(os.path.join(root, "content")):
        for f in fn:
            if f.endswith(".md"):
                p = os.path.join(dp, f)
                with open(p, encoding="utf-8-sig", newline="") as fh:
                    pages[os.path.relpath(p, root).replace(os.sep, "/")] = fh.read()
    return pages


def _retired(fm, build_date):
    """Draft, or expirydate on/before the build date (read by regex, not by cxlint)."""
    if re.search(r"^draft:\s*true\s*$", fm, re.M):
        return True
    m = re.search(r"^expirydate:\s*[\"']?(\d{4}-\d{2}-\d{2})", fm, re.M | re.I)
    return bool(m) and m.group(1) <= build_date


def taxonomy(pages, build_date="2025-04-09"):
    topics, aliases, authors = set(), {}, set()
    retired = set()
    for path, text in pages.items():
        m = re.fullmatch(r"content/(topics|authors)/([^/]+)/_index\.md", path)
        if not m:
            continue
        fm = FM.match(text).group(1)
        slug = re.search(r"^slug:\s*[\"']?([^\"'\r\n]+)", fm, re.M)
        names = {m.group(2)} | ({slug.group(1).strip()} if slug else set())
        (topics if m.group(1) == "topics" else authors).update(names)
        if m.group(1) == "topics" and _retired(fm, build_date):
            retired |= names
        if m.group(1) == "topics":
            canonical = slug.group(1).strip() if slug else m.group(2)
            for a in block_list(fm, "aliases") or []:
                am = re.fullmatch(r"/?topics/([^/]+)/?", a.strip())
                if am and am.group(1) != canonical:
                    aliases.setdefault(am.group(1), canonical)
    # an expired/draft topic that another topic aliases was merged into it
    topics -= {name for name in retired if name in aliases}
    return topics, aliases, authors


def count_taxonomy(pages):
    topics, aliases, authors = taxonomy(pages)
    res = Counter()
    files = defaultdict(set)
    for path, text in pages.items():
        m = FM.match(text)
        if not m:
            continue
        fm = m.group(1)
        keys = [k.group(1) for k in re.finditer(r"^([A-Za-z_][\w-]*)[ \t]*:", fm, re.M)]
        if len(keys) != len(set(keys)):
            files["DUP001"].add(path)
        for name in block_list(fm, "authors") or []:
            if not name or (name not in authors and hugo_key(name) not in authors):
                files["TAX004"].add(path)
                res["TAX004"] += 1
        items = block_list(fm, "topics") or []
        canon = []
        for name in items:
            if name in topics:
                canon.append(name)
            elif hugo_key(name) in topics:
                canon.append(hugo_key(name))
                res["TAX003"] += 1
                files["TAX003"].add(path)
                res["TAX003-variant"] += 1
            elif name in aliases or hugo_key(name) in aliases:
                canon.append(aliases.get(name) or aliases[hugo_key(name)])
                res["TAX003"] += 1
                files["TAX003"].add(path)
            else:
                canon.append(hugo_key(name))
                res["TAX001"] += 1
                files["TAX001"].add(path)
        if len(set(items)) < len(items):
            files["TAX002-same"].add(path)
        elif len({hugo_key(x) for x in items}) < len(items):
            files["TAX002-folded"].add(path)
        elif len(set(canon)) < len(canon):
            files["TAX002-alias"].add(path)
        res["TAX002"] += len(canon) - len(set(canon))
        if len(set(canon)) < len(canon):
            files["TAX002"].add(path)
    return res, files


# ----------------------------------------------------------------- entities
REF = re.compile(r"&(?:amp;)?(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);?")
INVISIBLE = {"\xa0", "\xad", "\u200b", "\u200c", "\u200d", "\u2002", "\u2003", "\u2009", "\u2194"} | {chr(c) for c in range(0x2000, 0x2010)}


def code_lines(lines):
    """Indexes of lines inside fenced or indented code (a simpler CommonMark reading)."""
    code, fence, in_list, prev_text, content_col = set(), None, False, False, 0
    for i, line in enumerate(lines):
        s = line.rstrip("\r\n")
        if fence:
            code.add(i)
            if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", s):
                fence = None
            continue
        f = re.match(r"^ {0,3}(`{3,}|~{3,})", s)
        if f:
            fence = f.group(1)
            code.add(i)
            continue
        if not s.strip():
            prev_text = False
            continue
        ind = len(s.expandtabs(4)) - len(s.expandtabs(4).lstrip())
        lm = re.match(r"^( {0,3})([-+*]|\d{1,9}[.)])( +)", s)
        if lm and ind < 4:
            in_list, content_col = True, len(lm.group(0)) if len(lm.group(3)) <= 4 else len(lm.group(1)) + len(lm.group(2)) + 1
            prev_text = True
            continue
        need = content_col + 4 if in_list else 4
        if ind >= need and not prev_text:
            code.add(i)
            continue
        if in_list and ind < content_col and not prev_text:
            in_list = False
            if ind >= 4:
                code.add(i)
                continue
        prev_text = True
    return code


def prose_spans_removed(line: str) -> str:
    """Blank out inline code, HTML code/comments and URL tokens (same length)."""
    def blank(m):
        return " " * len(m.group(0))

    line = re.sub(r"(`+)(?:(?!\1).)+?\1", blank, line)
    line = re.sub(r"<!--.*?-->|<(pre|code|script|style|kbd|samp)\b.*?</\1>", blank, line)
    line = re.sub(r"\]\([^)\s]*(?:\([^)\s]*\)[^)\s]*)*\)?", blank, line)
    line = re.sub(r"(?i)\b(?:https?|ftp)://[^\s<>\"'\])]+|\bwww\.[^\s<>\"'\])]+|<[a-z][a-z\d+.-]+:[^\s<>]*>", blank, line)
    line = re.sub(r"(?i)\b(?:href|src|srcset|action|poster|cite|data|url|link)\s*=\s*(\"[^\"]*\"|'[^']*')", blank, line)
    line = re.sub(r"^ {0,3}\[[^\]]+\]:\s*\S+", blank, line)
    return line


def needed(tok: str, ch: str, before: str, after: str, ref_defs: bool) -> bool:
    """Entities whose character would render differently (kept on purpose)."""
    if ch in INVISIBLE or not ch.isprintable():
        return True
    if ord(ch) > 0x7E or ch.isalnum() or len(ch) > 1:
        return False
    start = not before.strip()
    return {
        "&": bool(re.match(r"(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*);", after)),
        "<": bool(re.match(r"[A-Za-z/!?]", after)) or before.rfind("<") > before.rfind(">") or before.rfind("{{") > before.rfind("}}"),
        ">": start or "<" in before or "&lt;" in before,
        '"': True,  # Hugo's typographer curls a typed quote; the entity renders straight
        "'": True,
        ".": before.strip().isdigit() and after[:1] in ("", " ", "\t", "\r", "\n"),
        ")": before.strip().isdigit() and after[:1] in ("", " ", "\t", "\r", "\n"),
        ":": before.endswith("]"),
        "#": start, "+": start, "-": start,
        "(": before.endswith("]"),
        "]": ref_defs or after[:1] in ("(", "[", ":"),
        "[": ref_defs or bool(re.match(r"[^\]]*?(?:\]|&#93;)[(\[:]", after)),
        "_": not (before[-1:].isalnum() and after[:1].isalnum()),
        "*": not (before[-1:] in (" ", "\t") and after[:1] in (" ", "\t") and not start),
        "@": before[-1:].isalnum() and after[:1].isalnum(),
        "!": after[:1] == "[",
    }.get(ch, ch not in ";,?/$%^=")


def entity_char(tok: str, text_after: str) -> str | None:
    body = tok[5:] if tok.startswith("&amp;") and len(tok) > 5 and tok[5] in "#abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" else tok
    if not body.endswith(";"):
        if body[1:2] != "#" and (text_after[:1].isalnum() or text_after[:1] == "="):
            return None
    ch = html.unescape(body)
    if ch == body or (not body.endswith(";") and body[1:2] != "#" and len(ch) > 1 and ch[1:] == body[len(body) - len(ch) + 1 :]):
        return None
    if body[1:2] != "#" and not body.endswith(";") and len(ch) != 1:
        return None
    return ch


def count_entities(pages):
    files, occ = set(), 0
    for path, text in pages.items():
        if "&" not in text:
            continue
        m = FM.match(text)
        fm_text = m.group(1) if m else ""
        body = text[m.end() :] if m else text
        n = 0
        # front matter: values of 'key: value' lines and '- item' lines (not keys, not comments)
        for line in fm_text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            vm = re.match(r"^\s*(?:-\s+|[\w-]+:(?:\s+|$))?(.*)$", line)  # continuation lines are values too
            val = vm.group(1)
            for e in REF.finditer(val):
                ch = entity_char(e.group(0), val[e.end():])
                if ch is not None and ch not in INVISIBLE and not (ch == "<" and re.match(r"[A-Za-z/!?]", val[e.end():])):
                    n += 1
        lines = body.splitlines(keepends=True)
        skip = code_lines(lines)
        ref_defs = bool(re.search(r"^ {0,3}\[[^\]\n]+\]:", body, re.M))
        # inline code may span lines: blank out whole-paragraph code spans first
        for i, line in enumerate(lines):
            if i in skip or "&" not in line:
                continue
            clean = prose_spans_removed(line)
            for e in REF.finditer(clean):
                tok = e.group(0)
                if tok.startswith("&amp;") and not re.match(r"&amp;(?:#\d+|#[xX][\da-fA-F]+|[A-Za-z][A-Za-z\d]*)", tok):
                    tok = "&amp;"
                ch = entity_char(tok, clean[e.start() + len(tok):])
                if ch is None and tok.startswith("&amp;") and tok != "&amp;":
                    tok, ch = "&amp;", "&"
                if ch is None:
                    continue
                if tok.startswith("&amp;") and tok != "&amp;" and not (clean[e.start() - 1 : e.start()].isalnum() or clean[e.start() + len(tok) : e.start() + len(tok) + 1].isalnum()):
                    continue  # a lone double-encoded code is shown on purpose
                if tok.startswith("&amp;") and tok != "&amp;" and needed(tok, ch, clean[: e.start()], clean[e.start() + len(tok):], ref_defs):
                    n += 1  # double-encoded: still reported, decoded one level
                    continue
                if needed(tok, ch, clean[: e.start()], clean[e.start() + len(tok):], ref_defs):
                    continue
                n += 1
        if n:
            files.add(path)
            occ += n
    return files, occ


def main(root: str) -> dict:
    pages = load(root)
    res, files = count_taxonomy(pages)
    ent_files, ent_occ = count_entities(pages)
    out = {
        "pages": len(pages),
        "DUP001_files": len(files["DUP001"]),
        "TAX001": res["TAX001"],
        "TAX002_files_same_name": len(files["TAX002-same"]),
        "TAX002_files_folded": len(files["TAX002-folded"]),
        "TAX002_files_alias": len(files["TAX002-alias"]),
        "TAX002": res["TAX002"],
        "TAX003": res["TAX003"],
        "TAX003_variants": res["TAX003-variant"],
        "TAX004": res["TAX004"],
        "ENT001_files": len(ent_files),
        "ENT001": ent_occ,
    }
    return out


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus", "digitalgov")
    print(json.dumps(main(root), indent=2))
