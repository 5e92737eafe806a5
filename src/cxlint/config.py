"""cxlint's own configuration: ``.cxlint.toml`` or ``[tool.cxlint]`` in ``pyproject.toml``.

Found by walking up from the checked path. Every error names the file, the key
and what is allowed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

CONFIG_FILES = (".cxlint.toml", "cxlint.toml", "pyproject.toml")

#: key -> (expected type description, validator)
_KEYS: dict[str, str] = {
    "pack": "a pack name or path, or a list of them",
    "select": "a list of rule codes or prefixes",
    "ignore": "a list of rule codes or prefixes",
    "extend-select": "a list of rule codes or prefixes",
    "extend-ignore": "a list of rule codes or prefixes",
    "per-file-ignores": "a table of glob = [codes]",
    "exclude": "a list of globs",
    "plugin-paths": "a list of folders holding rule modules",
    "rules": "a table of rule code or name = {option = value}",
    "build-date": "a date (YYYY-MM-DD)",
    "site-urls": "a list of extra base URLs of the site",
    "extend-safe-fixes": "a list of rule codes or prefixes",
    "extend-unsafe-fixes": "a list of rule codes or prefixes",
    "migrate": "a table of migrate settings",
    "cache-dir": "a folder path",
}
_LIST_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "exclude", "plugin-paths",
    "site-urls", "extend-safe-fixes", "extend-unsafe-fixes",
}


class ConfigError(Exception):
    """A configuration problem; the message names file, key and what is allowed."""


@dataclass
class Config:
    path: Path | None = None
    packs: list[str] = field(default_factory=lambda: ["hugo"])
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    plugin_paths: list[Path] = field(default_factory=list)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    build_date: _dt.date | None = None
    site_urls: list[str] = field(default_factory=list)
    extend_safe_fixes: list[str] = field(default_factory=list)
    extend_unsafe_fixes: list[str] = field(default_factory=list)
    migrate: dict[str, Any] = field(default_factory=dict)
    cache_dir: Path | None = None
    raw: dict = field(default_factory=dict)
    key_prefix: str = ""  # "tool.cxlint." in pyproject.toml: error messages name keys with it

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def find_config(start: Path) -> Path | None:
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, OSError):
                    continue
                if "cxlint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cxlint", {})
        prefix = "tool.cxlint."
    return parse_config(data, path, prefix)


def parse_config(data: dict, path: Path | None, prefix: str = "") -> Config:
    where = str(path) if path else "<config>"
    cfg = Config(path=path, raw=data, key_prefix=prefix)
    base = path.parent if path else Path.cwd()
    for key, value in data.items():
        if key not in _KEYS:
            raise ConfigError(
                f"{where}: unknown key '{prefix}{key}'; allowed keys: {', '.join(sorted(_KEYS))}"
            )
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{prefix}{key}' must be {_KEYS[key]}")
    if "pack" in data:
        packs = data["pack"]
        packs = [packs] if isinstance(packs, str) else packs
        if not isinstance(packs, list) or not all(isinstance(p, str) for p in packs):
            raise ConfigError(f"{where}: '{prefix}pack' must be {_KEYS['pack']}")
        cfg.packs = list(packs)
    if "select" in data:
        cfg.select = [c.upper() for c in data["select"]]
    cfg.ignore = [c.upper() for c in data.get("ignore", [])] + [c.upper() for c in data.get("extend-ignore", [])]
    cfg.extend_select = [c.upper() for c in data.get("extend-select", [])]
    cfg.exclude = list(data.get("exclude", []))
    cfg.plugin_paths = [(base / p) for p in data.get("plugin-paths", [])]
    cfg.site_urls = list(data.get("site-urls", []))
    cfg.extend_safe_fixes = [c.upper() for c in data.get("extend-safe-fixes", [])]
    cfg.extend_unsafe_fixes = [c.upper() for c in data.get("extend-unsafe-fixes", [])]
    pfi = data.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: '{prefix}per-file-ignores' must be {_KEYS['per-file-ignores']}")
    for glob, codes in pfi.items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{where}: '{prefix}per-file-ignores.\"{glob}\"' must be a list of rule codes")
        cfg.per_file_ignores[glob] = [c.upper() for c in codes]
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, dict) for v in rules.values()):
        raise ConfigError(f"{where}: '{prefix}rules' must be {_KEYS['rules']}")
    cfg.rule_options = {str(k): dict(v) for k, v in rules.items()}
    if "build-date" in data:
        cfg.build_date = parse_build_date(data["build-date"], f"{where}: '{prefix}build-date'")
    if "migrate" in data:
        if not isinstance(data["migrate"], dict):
            raise ConfigError(f"{where}: '{prefix}migrate' must be {_KEYS['migrate']}")
        cfg.migrate = dict(data["migrate"])
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise ConfigError(f"{where}: '{prefix}cache-dir' must be {_KEYS['cache-dir']} (a string), got {data['cache-dir']!r}")
        cfg.cache_dir = base / data["cache-dir"]
    return cfg


def option_error(value: Any, default: Any) -> str | None:
    """What ``value`` should be, when it is not of the kind of the option's ``default``
    (None: fine). An option whose default is None takes anything."""
    if default is None:
        return None
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if ok else "a number"
    if isinstance(default, str):
        return None if isinstance(value, str) else "a string"
    if isinstance(default, (list, tuple)):
        kinds = {type(v) for v in default} or {str}
        if isinstance(value, list) and all(type(v) in kinds for v in value):
            return None
        return f"a list of {' or '.join(sorted(_KIND_NAMES.get(k, k.__name__) for k in kinds))}"
    if isinstance(default, dict):
        return None if isinstance(value, dict) else "a table"
    return None


_KIND_NAMES = {str: "strings", int: "integers", float: "numbers", bool: "booleans", dict: "tables"}


def parse_build_date(value: Any, where: str) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"{where} must be a date (YYYY-MM-DD), got {value!r}") from None
