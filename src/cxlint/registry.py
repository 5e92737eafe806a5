"""Find rules and reporters: entry points (built-ins registered the same way) and local folders."""

from __future__ import annotations

import importlib.util
import re
import sys
import os
from functools import lru_cache
from pathlib import Path

from cxlint.rule import Rule

_CODE = re.compile(r"^[A-Z]{1,8}[0-9]{3,4}$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RegistryError(Exception):
    pass


class _EntryPoint:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str):
        self.name, self.value = name, value

    def load(self):
        module, _, attrs = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for attr in filter(None, attrs.split("[", 1)[0].strip().split(".")):
            obj = getattr(obj, attr)
        return obj


def entry_points(group: str) -> list:
    """The entry points of ``group`` from every installed distribution on ``sys.path``.

    What ``importlib.metadata.entry_points(group=...)`` returns (first
    distribution of a name wins), read straight from the ``entry_points.txt``
    files of ``*.dist-info``/``*.egg-info`` folders: importing
    ``importlib.metadata`` and scanning every distribution costs ~70 ms, most
    of a warm run. Anything unusual on ``sys.path`` (a zip, an egg file) goes
    to ``importlib.metadata``.
    """
    found: list[_EntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return _metadata_entry_points(group)
        except OSError:
            continue
        for name in names:
            stem, ext = os.path.splitext(name)
            if ext not in (".dist-info", ".egg-info"):
                continue
            dist = re.sub(r"[-_.]+", "_", stem.partition("-")[0]).lower()
            if dist in seen:
                continue
            seen.add(dist)
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as fh:
                    text = fh.read()
            except OSError:
                continue
            found.extend(_group_entries(text, group))
    return found


def _group_entries(text: str, group: str) -> list[_EntryPoint]:
    out = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            out.append(_EntryPoint(name.strip(), value.strip()))
    return out


def _metadata_entry_points(group: str) -> list:
    from importlib.metadata import entry_points as metadata_entry_points

    return list(metadata_entry_points(group=group))


def _as_rule_list(obj) -> list[type[Rule]]:
    if isinstance(obj, type) and issubclass(obj, Rule):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return [r for r in obj if isinstance(r, type) and issubclass(r, Rule)]
    if callable(obj):
        return _as_rule_list(obj())
    return []


@lru_cache(maxsize=1)
def _entry_point_rules() -> tuple[type[Rule], ...]:
    found: list[type[Rule]] = []
    seen_builtin = False
    for ep in entry_points(group="cxlint.rules"):
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not hide the others
            print(f"cxlint: warning: cannot load rule plugin {ep.name!r}: {exc}", file=sys.stderr)
            continue
        seen_builtin |= ep.value.startswith("cxlint.rules")
        found.extend(_as_rule_list(obj))
    if not seen_builtin:  # running from a source tree without installed metadata
        from cxlint.rules import BUILTIN_RULES

        found = list(BUILTIN_RULES) + found
    return tuple(found)


def load_plugin_folder(folder: Path) -> list[type[Rule]]:
    """Import every ``*.py`` in ``folder`` and collect the Rule subclasses with a code."""
    if not folder.is_dir():
        raise RegistryError(f"plugin folder not found: {folder}")
    rules: list[type[Rule]] = []
    for path in sorted(folder.glob("*.py")):
        mod_name = f"cxlint_local_{abs(hash(str(path)))}_{path.stem}"
        spec = importlib.util.spec_from_file_location(mod_name, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[mod_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise RegistryError(f"{path}: cannot import rule module: {exc}") from None
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.code:
                rules.append(obj)
    return rules


def all_rules(plugin_paths: list[Path] | None = None) -> dict[str, type[Rule]]:
    """code -> rule class, validated (unique codes, kebab-case names)."""
    rules: dict[str, type[Rule]] = {}
    classes = list(_entry_point_rules())
    for folder in plugin_paths or []:
        classes.extend(load_plugin_folder(folder))
    for cls in classes:
        if not _CODE.match(cls.code):
            raise RegistryError(f"rule {cls.__qualname__}: code {cls.code!r} must look like ABC123")
        if not _NAME.match(cls.name):
            raise RegistryError(f"rule {cls.code}: name {cls.name!r} must be kebab-case")
        other = rules.get(cls.code)
        if other is not None and other is not cls:
            raise RegistryError(f"rule code {cls.code} is defined twice: {other.__module__} and {cls.__module__}")
        rules[cls.code] = cls
    return dict(sorted(rules.items()))


def select_layers(rules: dict[str, type[Rule]], layers: list[tuple]) -> list[type[Rule]]:
    """The rules chosen by ``layers`` of (select or None, extend-select, ignore), applied in
    order as ruff applies its config and command line: a layer's select replaces what came
    before, its extend-select adds and its ignore removes (so a later layer's extend-select
    brings back what an earlier one ignored)."""
    chosen = {c for c, cls in rules.items() if cls.default_enabled}
    for select, extend_select, ignore in layers:
        if select is not None:
            chosen = expand_selectors(rules, select, "select")
        chosen |= expand_selectors(rules, extend_select, "extend-select")
        chosen -= expand_selectors(rules, ignore, "ignore")
    return [rules[c] for c in sorted(chosen)]


def expand_selectors(rules: dict[str, type[Rule]], items: list[str], where: str) -> set[str]:
    """The codes that ``items`` (codes, prefixes, names or ``ALL``) name; RegistryError naming
    ``where`` for one that names no rule."""
    by_name = {cls.name: code for code, cls in rules.items()}
    out: set[str] = set()
    for item in items:
        key = item.strip()
        if key.upper() == "ALL":
            out |= set(rules)
            continue
        if key.lower() in by_name:
            out.add(by_name[key.lower()])
            continue
        matched = {c for c in rules if c.startswith(key.upper())}
        if not matched:
            raise RegistryError(f"{where}: unknown rule code or prefix {item!r}; known codes: {', '.join(rules)}")
        out |= matched
    return out


def check_config_codes(config, rules: dict[str, type[Rule]]) -> None:
    """Every rule code, prefix or name the config names must name a rule (a typo would
    silently select, ignore or configure nothing). RegistryError names file and key."""
    where = f"{config.path or '<config>'}: '{config.key_prefix}"
    raw = config.raw
    for key in ("select", "ignore", "extend-select", "extend-ignore", "extend-safe-fixes", "extend-unsafe-fixes"):
        expand_selectors(rules, raw.get(key) or [], f"{where}{key}'")
    for glob, codes in config.per_file_ignores.items():
        expand_selectors(rules, codes, f"{where}per-file-ignores.\"{glob}\"'")
    names = {cls.name for cls in rules.values()}
    for key in config.rule_options:
        if key.upper() not in rules and key.lower() not in names:
            raise RegistryError(
                f"{where}rules.{key}': no rule has this code or name; known codes: {', '.join(rules)}"
            )


def code_matches(code: str, selectors: list[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


class Reporters(dict):
    """Reporter name -> class, each imported when first asked for (a run uses one)."""

    def __init__(self, entries: dict):
        super().__init__(entries)  # name -> entry point or class

    def __getitem__(self, name: str) -> type:
        value = super().__getitem__(name)
        if not isinstance(value, type):
            try:
                value = value.load()
            except Exception as exc:
                raise RegistryError(f"cannot load reporter {name!r}: {exc}") from None
            self[name] = value
        return value

    def get(self, name, default=None):
        return self[name] if name in self else default

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


@lru_cache(maxsize=1)
def reporters() -> Reporters:
    found: dict = {}
    for ep in entry_points(group="cxlint.reporters"):
        found[ep.name] = ep  # as before: a later distribution's reporter of a name wins
    if "text" not in found:  # source tree without metadata
        from cxlint.reporters import BUILTIN_REPORTER_PATHS

        for name, value in BUILTIN_REPORTER_PATHS.items():
            found.setdefault(name, _EntryPoint(name, value))
    return Reporters(found)
