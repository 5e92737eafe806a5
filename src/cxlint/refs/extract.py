"""Find shortcode calls in a page body, with the exact offset of every argument.

Hugo lexes shortcodes before Markdown, so calls inside code fences and inline
code run too; escaped calls (``{{</* ref "x" */>}}``) do not, and neither do
calls on the line of a Markdown link-reference definition that nothing uses
(Goldmark drops the definition, and with it the shortcode's placeholder).

Only the body is scanned: Hugo never evaluates shortcodes in front matter.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from typing import NamedTuple

_OPEN = re.compile(r"\{\{([<%])")
_NAME = re.compile(r"[\w./-]+")
_RIGHT = {"<": ">}}", "%": "%}}"}


class Arg(NamedTuple):  # a tuple: cheap to build for every argument of every shortcode
    """One shortcode argument: its value and the offsets of the value text (inside any quotes)."""

    value: str
    start: int
    end: int
    name: str | None = None  # set for named arguments (``path="x"``)


@dataclass
class ShortcodeCall:
    name: str
    start: int  # offset of ``{{``
    end: int  # offset just past ``}}``
    delim: str  # "<" or "%"
    closing: bool = False  # ``{{< /name >}}``
    self_closing: bool = False  # ``{{< name />}}``
    positional: list[Arg] = field(default_factory=list)
    named: dict[str, Arg] = field(default_factory=dict)

    def arg(self, position: int | None, param: str | None) -> Arg | None:
        """The argument Hugo's ``.Get`` would return: named ``param`` first, else ``position``."""
        if param and param in self.named:
            return self.named[param]
        if position is not None and not self.named and 0 <= position < len(self.positional):
            return self.positional[position]
        return None


def shortcode_calls(text: str, start: int = 0, names: Container[str] | None = None) -> list[ShortcodeCall]:
    """Every shortcode call in ``text[start:]`` (offsets are into ``text``).

    ``names``: only the calls that open one of these shortcodes (no closing
    ``{{< /name >}}`` calls); the others are stepped over by one regex match
    (:data:`_SKIP`) instead of being parsed argument by argument.
    """
    calls: list[ShortcodeCall] = []
    if text.find("{{", start) < 0:
        return calls
    pos = start
    n = len(text)
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            break
        delim = m.group(1)
        i = m.end()
        if text.startswith("/*", i):  # escaped: {{</* ... */>}} renders as source text
            close = text.find("*/" + _RIGHT[delim], i + 2)
            pos = n if close == -1 else close + 5
            continue
        if names is not None:
            head = _HEAD.match(text, i)  # a guess at the name: a wanted call is parsed at once
            if head is None or head.group(1) or head.group(2) not in names:
                skip = _SKIP[delim].match(text, i)
                if skip is None:  # what _parse_call would refuse
                    pos = i
                    continue
                if skip.group("slash") or skip.group("name") not in names:
                    pos = skip.end()
                    continue
            simple = _SIMPLE[delim].match(text, i)
            if simple is not None:  # the commonest call, {{< ref "x" >}}, in one match
                call = ShortcodeCall(
                    simple.group(1), m.start(), simple.end(), delim,
                    positional=[Arg(simple.group(2), simple.start(2), simple.end(2))],
                )
                calls.append(call)
                pos = call.end
                continue
        call = _parse_call(text, m.start(), i, delim)
        if call is None:
            pos = i
            continue
        calls.append(call)
        pos = call.end
    return calls


_SPACES = re.compile(r"[ \t\r\n]*")
#: an unquoted argument: up to a space or the closing delimiter (with or without "/")
_BARE = {
    right: re.compile(r"(?:(?!" + re.escape(right) + "|" + re.escape("/" + right) + r")[^ \t\r\n])*")
    for right in _RIGHT.values()
}


def _skip_space(text: str, i: int) -> int:
    return _SPACES.match(text, i).end()


def _parse_call(text: str, open_at: int, i: int, delim: str) -> ShortcodeCall | None:
    right = _RIGHT[delim]
    n = len(text)
    i = _skip_space(text, i)
    closing = False
    if i < n and text[i] == "/":
        closing = True
        i = _skip_space(text, i + 1)
    m = _NAME.match(text, i)
    if m is None:
        return None
    call = ShortcodeCall(m.group(), open_at, open_at, delim, closing=closing)
    i = m.end()
    while True:
        i = _skip_space(text, i)
        if i >= n:
            return None  # unclosed: Hugo fails the build; nothing to resolve
        if text.startswith(right, i):
            call.end = i + 3
            return call
        if text.startswith("/" + right, i):
            call.self_closing = True
            call.end = i + 4
            return call
        arg, i = _parse_arg(text, i, right)
        if arg is None:
            return None
        if arg.name is not None:
            call.named[arg.name] = arg
        else:
            call.positional.append(arg)


# the "unrolled loop" form of "(?:[^"\\]|\\.)*": the same strings, without one alternation per character
_QUOTED = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"', re.S)
_NAMED = re.compile(r"([A-Za-z_][\w-]*)=")


def _atomic(name: str, pattern: str) -> str:
    """``pattern`` matched once, never backtracked into (``(?>...)`` for Python < 3.11)."""
    return f"(?=(?P<{name}>{pattern}))(?P={name})"


def _skip_pattern(right: str) -> re.Pattern:
    """One whole call after its ``{{<``/``{{%``, as :func:`_parse_call` reads it.

    Every step of the parser is one atomic group here (spaces, ``/``, the name,
    spaces and ``name=``, the value -- whose three forms start differently), so
    the regex cannot find a reading the parser would not: it matches exactly
    where the parser returns a call, and ends where that call ends
    (tests/test_refs_extract.py checks both on generated text).
    """
    sp = r"[ \t\r\n]*"
    bare = "(?![`\"])" + _BARE[right].pattern.replace(")*", ")+", 1)
    value = _QUOTED.pattern.replace("(", "(?:", 1) + "|`[^`]*`|" + bare
    return re.compile(
        _atomic("head", sp + "(?:(?P<slash>/)" + sp + ")?")
        + _atomic("name", _NAME.pattern)
        + "(?:" + _atomic("lead", sp + "(?:" + _NAMED.pattern.replace("(", "(?:", 1) + ")?")
        + _atomic("value", value) + ")*"
        + sp + "/?" + re.escape(right),
        re.S,
    )


def _parse_arg(text: str, i: int, right: str) -> tuple[Arg | None, int]:
    name = None
    m = _NAMED.match(text, i)
    if m is not None:
        name = m.group(1)
        i = m.end()
    n = len(text)
    if i < n and text[i] == '"':
        m = _QUOTED.match(text, i)
        if m is None:
            return None, n
        return Arg(m.group(1).replace('\\"', '"'), i + 1, m.end() - 1, name), m.end()
    if i < n and text[i] == "`":
        j = text.find("`", i + 1)
        if j == -1:
            return None, n
        return Arg(text[i + 1 : j], i + 1, j, name), j + 1
    j = _BARE[right].match(text, i).end()
    if j == i:
        return None, j
    return Arg(text[i:j], i, j, name), j


_SKIP = {delim: _skip_pattern(right) for delim, right in _RIGHT.items()}
#: a call of a name and one quoted argument without escapes, as :func:`_parse_call` reads it
#: (the name up to a blank, as _NAME takes it; anything else fails the match: the parser reads it)
_SIMPLE = {
    delim: re.compile(r"[ \t\r\n]*([\w./-]+)[ \t\r\n]+\"([^\"\\]*)\"[ \t\r\n]*" + re.escape(right))
    for delim, right in _RIGHT.items()
}
#: where a call's name is, roughly (only routes a call to the parser or to _SKIP)
_HEAD = re.compile(r"[ \t\r\n]*(/)?[ \t\r\n]*([\w./-]+)")


# ----------------------------------------------------------- unused link definitions
_REFDEF = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)


def dead_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Lines holding a Markdown link-reference definition nothing in the page uses.

    Goldmark drops such a definition from the output, so a ``{{< >}}`` call on
    that line is never rendered and Hugo never resolves its ref.
    """
    if text.find("]:", start) < 0:  # most pages: no definition (and no copy of the body)
        return []
    body = text[start:]
    spans = []
    for m in _REFDEF.finditer(body):
        label = " ".join(m.group(1).split()).casefold()
        line_end = body.find("\n", m.end())
        line_end = len(body) if line_end == -1 else line_end
        rest = (body[: m.start()] + "\n" + body[line_end:]).casefold()
        if "[" + label + "]" not in " ".join(rest.split(" ")) and "[" + label + "]" not in re.sub(r"\s+", " ", rest):
            spans.append((start + m.start(), start + line_end))
    return spans
