from __future__ import annotations

import re
from typing import IO

_SURROGATE = re.compile("[\ud800-\udfff]")


class Reporter:
    """Base for reporters: writes a run's diagnostics to ``stream``."""

    #: machine formats never print progress bars or colour
    machine = True
    #: whether ``--fix`` would also apply unsafe fixes (``--unsafe-fixes``): a class default too, so
    #: a caller may set it on a plugin reporter whose ``__init__`` does not take it
    unsafe_fixes = False

    def __init__(
        self, stream: IO[str], *, color: bool = False, statistics: bool = False, quiet: bool = False,
        unsafe_fixes: bool = False,
    ):
        self.stream = stream
        self.color = color
        self.statistics = statistics
        self.quiet = quiet
        self.unsafe_fixes = unsafe_fixes

    def applies(self, fix) -> bool:
        """Whether ``--fix`` applies ``fix`` (the ``[*]`` mark): safe fixes, unsafe ones only with ``--unsafe-fixes``."""
        return fix is not None and (self.unsafe_fixes or fix.applicability == "safe")

    def report(self, result) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class Rows:
    """A JSON list of objects made one at a time by ``items`` (an iterable): :func:`write_json`
    writes each as it comes, so a report of 100,000 problems never exists as one list or string."""

    __slots__ = ("items",)

    def __init__(self, items):
        self.items = items


def write_json(stream: IO[str], obj, expand: tuple[str, ...] = ()) -> None:
    """``obj`` as indented JSON, except that a list of objects (or :class:`Rows`) puts each
    object on one line (unless it is the value of a key in ``expand``: then its objects are
    indented too).

    ``json.dump(indent=2)`` runs the pure-Python encoder: ~0.3 s for a report of
    10,000 problems. Each line here is one call of the C encoder (3x faster), and
    a report stays readable and diffable: one problem per line. Written as it is
    made, in batches: on the real site replicated 10x (175,000 problems) holding
    the report's objects and text took ~370 MB.
    """
    import json

    encode = json.JSONEncoder(ensure_ascii=False).encode
    out: list[str] = []

    def flush() -> None:
        chunk = "".join(out)
        out.clear()
        try:
            stream.write(chunk)
        except UnicodeEncodeError:
            # a lone surrogate (an undecodable byte of a file name) has no UTF-8; it can only be in
            # a JSON string, where its escape is valid. Only looked for once a write has failed.
            stream.write(_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", chunk))

    def put(value, level: int, expanded: bool = False) -> None:
        pad = "\n" + "  " * (level + 1)
        if isinstance(value, dict) and value:
            sep = "{"
            for k, v in value.items():
                out.append(f"{sep}{pad}{encode(str(k))}: ")
                put(v, level + 1, k in expand)
                sep = ","
            out.append("\n" + "  " * level + "}")
            return
        if isinstance(value, Rows):
            rows = value.items
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            rows = value
        else:
            out.append(encode(value))
            return
        sep = "["
        for v in rows:
            if expanded:
                out.append(sep + pad)
                put(v, level + 1)
            else:
                out.append(sep + pad + encode(v))
            sep = ","
            if len(out) >= 1024:
                flush()
        out.append("[]" if sep == "[" else "\n" + "  " * level + "]")

    put(obj, 0)
    out.append("\n")
    flush()
