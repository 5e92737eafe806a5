"""A small Hugo site for the workflow tests: topics (with an alias), an author, pages with refs."""

from __future__ import annotations

SITE = {
    "content/topics/_index.md": "---\ntitle: Topics\n---\n",
    "content/topics/cx/_index.md": "---\ntitle: CX\naliases:\n  - /topics/customer-service/\n---\n",
    "content/topics/ux/_index.md": "---\ntitle: UX\n---\n",
    "content/authors/_index.md": "---\ntitle: Authors\n---\n",
    "content/authors/jane/_index.md": "---\ntitle: Jane\n---\n",
    "content/news/_index.md": "---\ntitle: News\n---\n",
    # refs to two other pages, a topic, an author: all resolve only against the whole site
    "content/news/a.md": (
        "---\ntitle: A\ntopics:\n  - cx\nauthors:\n  - jane\n---\n"
        'See {{< ref "b.md" >}} and {{< ref "/news/c.md" >}}.\n\nA dash &mdash; here.\n'
    ),
    "content/news/b.md": "---\ntitle: B\ntopics:\n  - ux\n---\nPlain text.\n",
    "content/news/c.md": "---\ntitle: C\n---\nBack to {{< ref \"a.md\" >}}.\n",
    "content/news/bad.md": (
        "---\ntitle: Bad\ntopics:\n  - nope\nauthors:\n  - nobody\n---\n"
        'Broken {{< ref "missing.md" >}} and &rsquo;.\n'
    ),
}


def codes_by_path(items: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in items:
        out.setdefault(d["path"], []).append(d["code"])
    return {k: sorted(v) for k, v in out.items()}
