"""``cxlint migrate``: turn WordPress/Jekyll-exported posts into the site's Hugo schema."""

from cxlint.migrate.migrator import Migrator, collect_sources, is_migrated
from cxlint.migrate.settings import MigrateSettings, SettingsError, load_settings

__all__ = ["Migrator", "MigrateSettings", "SettingsError", "collect_sources", "is_migrated", "load_settings"]
