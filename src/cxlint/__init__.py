"""cxlint: a linter and migrator for Hugo content repositories."""

__version__ = "0.1.0.dev0"

__all__ = ["__version__"]
