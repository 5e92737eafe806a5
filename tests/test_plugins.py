"""Plugin rules: loaded from a folder named in config, configured like built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxlint.cli import main
from cxlint.config import ConfigError, parse_config
from cxlint.engine import Linter

PLUGINS = Path(__file__).resolve().parents[1] / "examples" / "plugins"


def test_example_plugin_is_loaded_and_fires(make_site):
    root = make_site({"content/a.md": "---\ntitle: A\n---\nText. TODO: link\n\nFIXME later\n"})
    config = parse_config({"plugin-paths": [str(PLUGINS)], "select": ["EX001"]}, None)
    result = Linter(config, jobs=1, cwd=root).check([root])
    assert [(d.path, d.line, d.column, d.code, d.message) for d in result.diagnostics] == [
        ("content/a.md", 4, 7, "EX001", "'TODO' marker left in the page"),
        ("content/a.md", 6, 1, "EX001", "'FIXME' marker left in the page"),
    ]


def test_plugin_options_and_cli_listing(make_site, capsys, monkeypatch):
    root = make_site({"content/a.md": "---\ntitle: A\n---\nTODO and NOTE\n"})
    (root / ".cxlint.toml").write_text(
        f'plugin-paths = ["{PLUGINS.as_posix()}"]\nextend-select = ["EX001"]\n'
        '[rules.todo-marker]\nmarkers = ["NOTE"]\n'
    )
    monkeypatch.chdir(root)
    assert main(["check", "--format", "json", "."]) == 1
    out = capsys.readouterr().out
    assert '"column": 10' in out and "'NOTE' marker" in out and "'TODO'" not in out
    assert main(["rules", "--config", str(root / ".cxlint.toml")]) == 0
    assert "todo-marker" in capsys.readouterr().out


def test_unknown_rule_option_is_a_config_error(make_site):
    config = parse_config({"plugin-paths": [str(PLUGINS)], "rules": {"EX001": {"markrs": []}}}, Path("x.toml"))
    with pytest.raises(ConfigError, match=r"x.toml: rules.EX001: unknown option 'markrs'; allowed: markers"):
        Linter(config, jobs=1)
