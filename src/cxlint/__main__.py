from cxlint.cli import entry

entry()
