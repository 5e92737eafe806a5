"""Would Hugo publish a page at a given build date? (draft, expired, future)

Hugo reads front-matter keys case-insensitively; the publish date is the
first of ``publishDate``, ``pubdate``, ``published``, ``date`` and the expiry
date the first of ``expiryDate``, ``unpublishdate``. The site config's
``buildDrafts``/``buildExpired``/``buildFuture`` switch each check off.
Dates compare by calendar day: on its expiry day a page counts as expired, and
a page dated on the build day counts as published.
"""

from __future__ import annotations

import datetime as _dt
import re

_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")
PUBLISH_KEYS = ("publishdate", "pubdate", "published", "date")
EXPIRY_KEYS = ("expirydate", "unpublishdate")


def to_date(value) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _truthy(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "t")
    return bool(value)


def _first(data: dict, keys: tuple[str, ...]):
    for key in keys:
        if key in data and data[key] not in (None, ""):
            return data[key]
    return None


def site_build_flags(config: dict) -> dict[str, bool]:
    low = {str(k).lower(): v for k, v in (config or {}).items()}
    return {k: _truthy(low.get(k.lower(), False)) for k in ("buildDrafts", "buildExpired", "buildFuture")}


def unpublished_reason(data: dict, build_date: _dt.date, flags: dict[str, bool] | None = None) -> str | None:
    """Why Hugo would not build this page at ``build_date``; ``None`` if it would."""
    from cxlint.refs.permalinks import _lowered  # (permalinks imports this module)

    flags = flags or {}
    low = _lowered(data)  # {str(k).lower(): v}, without a copy when the keys are lower-case already
    if not flags.get("buildDrafts") and _truthy(low.get("draft", False)):
        return "a draft"
    if not flags.get("buildExpired"):
        expiry = to_date(_first(low, EXPIRY_KEYS))
        if expiry is not None and expiry <= build_date:
            return f"expired on {expiry.isoformat()}"
    if not flags.get("buildFuture"):
        publish = to_date(_first(low, PUBLISH_KEYS))
        if publish is not None and publish > build_date:
            return f"not published until {publish.isoformat()}"
    return None
