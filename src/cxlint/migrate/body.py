"""Body converters: legacy shortcodes, images, videos, own-site links, entities, HTML.

Each converter counts what it did and records what it left for a human with
the legacy line number, so the report says exactly where to look.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlparse

from cxlint.migrate.code import CodeMask
from cxlint.migrate.entities import decode_entities
from cxlint.migrate.fields import Note
from cxlint.migrate.html_to_md import HtmlConverter
from cxlint.migrate.indent import reindent_accidental_code
from cxlint.migrate.links import SiteLinks
from cxlint.migrate.settings import MigrateSettings

# {% img="URL" alt="..." %} — alt may itself hold straight quotes, so it runs to the last quote
_IMG = re.compile(r'\{%\s*img\s*=\s*"(?P<src>[^"]*)"(?:\s+alt\s*=\s*"(?P<alt>.*?)")?\s*%\}', re.S)
_LINKED = re.compile(r"\[(?P<inner>\{\{< legacy-img [^\n]*?>\}\})\]\((?P<href>[^)\s]+)\)")
_YOUTUBE = re.compile(r"\[youtube[= ](?P<url>[^\]\s]+)[^\]]*\]")
# a title may itself hold quotes: it runs to the '")' that closes the link
_MD_LINK = re.compile(r"\]\((?P<url>(?:https?:)?//[^)\s]+|www\.[^)\s]+)(?P<title>\s+\".*?\")?\)")
# a whole Markdown link, so a link to an unpublished page can be reduced to its text
_MD_TEXT_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>(?:https?:)?//[^)\s]+|www\.[^)\s]+)(?P<title>\s+\".*?\")?\)")
_BARE_URL = re.compile(r"(?<![(\"'=<\w/\[])https?://[^\s)\]\"'<>\ue000-\ue002]+")  # not into masked code
# Google's redirect wrapper around a link (copied from a Google doc): keep the real target
_UNLINK = "\x00unlink\x00"  # map_url's answer when the link must go and its text stay
_GOOGLE_REDIRECT = re.compile(r"^https?://www\.google\.com/url\?q=([^&]+)")
_AUTOLINK = re.compile(r"<(https?://[^\s>]+)>")
_GLUED = re.compile(r"^(\[?\{\{< (?:legacy-img|youtube) [^\n]*?>\}\}(?:\]\([^)\s]*\))?)[ \t]*(?=[^\s\[{])", re.M)
_LEFTOVER = re.compile(r"\{%.*?%\}", re.S)
# WordPress embeds the converters do not know: Hugo shows them as literal text ("[slideshare id=1]").
# Named ones only, with name=value attributes or none, and no '(' or '[' after (that is link text).
_WP_SHORTCODE = re.compile(
    r"\[(slideshare|soundcloud|metaslider|gallery|embed|audio|video|vimeo|googlemaps|gravityform|"
    r"contact-form-7|playlist|scribd|instagram|tweet|twitter-timeline)(?:\s+[\w-]+=[^\]\n]*)?\s*/?\](?![(\[])")
# WordPress [caption ...]<image> text[/caption]: the image inside, the rest is its caption
_CAPTION = re.compile(r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]", re.S | re.I)
_CAPTION_HTML_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?(?P<img><img\b[^>]*>)(?:\s*</a>)?", re.I)
_CAPTION_SC_IMG = re.compile(r"\[?(?P<sc>\{\{< legacy-img [^\n]*?>\}\})(?:\]\([^)\s]*\))?")
_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_SETTLED = "\ue010"  # put after a mapped URL's '//': no legacy-host pattern matches it any more
_SCHEME = re.compile(r"^(?:https?:)?//")


@dataclass
class BodyResult:
    text: str
    counts: Counter = field(default_factory=Counter)
    notes: list[Note] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    # refs with a #fragment into a post of the batch: (content path, fragment, legacy line),
    # checked once every post of the batch is converted
    batch_anchors: list[tuple[str, str, int]] = field(default_factory=list)


class BodyConverter:
    def __init__(self, settings: MigrateSettings, links: SiteLinks):
        self.settings = settings
        self.links = links
        self.host_re = settings.host_re
        self.html = HtmlConverter(set(settings.complex_html), self._html_image, self._html_link)
        self._state: BodyResult | None = None
        self._line_of = lambda off: 0
        self._source = ""
        self._body_line = 1

    # ------------------------------------------------------------------ helpers
    def image_src(self, url: str) -> str:
        url = url.strip().replace("\\_", "_")
        for prefix in self.settings.image_prefixes:
            if url.lower().startswith(prefix.lower()):
                return url[len(prefix):]
        return url

    def image_md(self, url: str, alt: str) -> str:
        src = self.image_src(url)
        if src.startswith(("http://", "https://")):
            self._note(None, f"image {url!r} is not under a known image prefix; src kept as a full URL", False, needle=url)
        alt = decode_entities(alt, keep_markup=False, passes=2).replace('"', "").replace("\n", " ").strip()
        self._state.counts["images"] += 1
        return self.settings.image_template.format(src=src.replace('"', "%22"), alt=alt)

    def map_url(self, url: str, where: int | None = None) -> str:
        """A link target: own-site URLs become refs (or file-store URLs); others pass."""
        raw = url
        g = _GOOGLE_REDIRECT.match(url)
        if g:
            url = unquote(g.group(1))
            self._state.counts["redirects_unwrapped"] += 1
        url = re.sub(r"^https?://(?=https?://)", "", url)  # 'http://https://host/' typo
        if url.startswith("//"):
            url = "https:" + url
        elif url.lower().startswith("www."):
            url = "https://" + url
        if not self.host_re.match(url) and not any(url.lower().startswith(p.lower()) for p in self.settings.file_prefixes):
            return url
        line = self._locate(where, raw, url)
        note = lambda message, attention=True: self._state.notes.append(Note(line, "body", message, attention))  # noqa: E731
        target = self.links.resolve(url)
        if target.unlink:
            self._state.counts["links_removed"] += 1
            note(target.note or "link removed")
            return _UNLINK
        if target.ref is not None:
            self._state.counts["refs"] += 1
            self._state.refs.append(target.ref)
            if target.note:
                note(target.note, target.attention)
            if target.path and "#" in target.ref and target.path not in self.links.index.pages:
                self._state.batch_anchors.append((target.path, target.ref.split("#", 1)[1], line))
            frag = self.links.missing_anchor(target)
            if frag is not None:
                note(f"anchor '#{frag}' is no heading or id on '/{target.path}'; kept (REF003 warns)")
            return '{{< ref "' + target.ref.replace('"', "%22") + '" >}}'
        if target.url is not None:
            self._state.counts["file_links"] += 1
            if target.note:
                note(target.note)
            return self._settled(target.url)
        note(target.note or f"own-site link {url!r} not resolved")
        self._state.counts["unresolved_links"] += 1
        return self._settled(self.host_re.sub(self.links.base_url, url, count=1))

    def _settled(self, url: str) -> str:
        """A mapped URL that is itself on a legacy host (the site's own base URL is one): later
        passes must not map it, and report it, again. The mark goes when the body is done."""
        return _SCHEME.sub(lambda m: m.group(0) + _SETTLED, url, count=1) if self.host_re.match(url) else url

    def _html_image(self, src: str, alt: str) -> str:
        return self.image_md(src, alt)

    def _html_link(self, href: str) -> str | None:
        mapped = self.map_url(href)
        return None if mapped == _UNLINK else mapped

    def _line(self, offset: int | None, needle: str | None = None) -> int:
        """Locate by the text's first place in the legacy body when known (offsets shift as we convert)."""
        if needle:
            found = self._source.find(needle)
            if found >= 0:
                return self._line_of(found)
        return self._line_of(offset)

    def _locate(self, offset: int | None, *needles: str) -> int:
        """The line of this link: the next place of its URL in the legacy body after the last one
        found (a URL linked twice gets both lines), else the first, else the offset."""
        for needle in needles:
            found = self._source.find(needle, self._cursor.get(needle, 0))
            if found < 0:
                found = self._source.find(needle)
            if found >= 0:
                self._cursor[needle] = found + 1
                return self._line_of(found)
        return self._line_of(offset)

    def _note(self, offset: int | None, message: str, attention: bool = True, needle: str | None = None) -> None:
        self._state.notes.append(Note(self._line(offset, needle), "body", message, attention))

    # ------------------------------------------------------------------ pipeline
    def convert(self, body: str, body_line: int) -> BodyResult:
        state = BodyResult(body)
        self._state = state
        text = body.replace("\r\n", "\n")
        self._source = text
        self._cursor: dict[str, int] = {}  # URL -> where its next occurrence is looked for
        self._body_line = body_line
        self._line_of = lambda off, t=text: body_line + t.count("\n", 0, off) if off is not None else 0
        # code shows its text literally: no pass below may touch it (it keeps its newlines)
        code = CodeMask()
        text = code.mask(text)

        # 1. {% img %} -> legacy-img (before HTML, so the src mapping is one place)
        text = _IMG.sub(lambda m: self.image_md(m.group("src"), m.group("alt") or ""), text)
        for m in _LEFTOVER.finditer(text):
            self._note(m.start(), f"Liquid tag {m.group(0)[:40]!r} not understood; kept")
        for m in _WP_SHORTCODE.finditer(text):
            self._note(m.start(), f"WordPress shortcode [{m.group(1)}] has no Hugo equivalent here: "
                                  f"{m.group(0)[:60]!r} kept as text; replace it by hand")

        # 1b. WordPress captions -> the image shortcode with a caption (before HTML: the
        # caption's <img> belongs to it)
        text = _CAPTION.sub(self._caption, text)

        # 2. [youtube=URL] -> youtube shortcode
        text = _YOUTUBE.sub(self._youtube, text)

        # 3. HTML islands -> Markdown (tables, iframes kept and reported)
        before_html = text  # steps 1-2 keep every newline, so lines here are legacy lines
        text, kept, done = self.html.convert(text)
        for off, tag in kept:
            line = body_line + before_html.count("\n", 0, off)
            state.notes.append(Note(line, "body", f"complex HTML <{tag}> kept as it is; review by hand"))
        state.counts["html_kept"] += len(kept)
        state.counts["html_converted"] += len(done)

        # 4. a link around an image of the same file is redundant: drop it
        text = _LINKED.sub(self._linked_image, text)

        # 5. Markdown link targets and bare own-site URLs
        text = _MD_TEXT_LINK.sub(self._md_link, text)
        # whatever link targets are left (images, odd link text): map the target alone
        text = _MD_LINK.sub(lambda m: "](" + self._target_only(m.group("url"), m.start()) + (m.group("title") or "") + ")", text)
        text = _AUTOLINK.sub(lambda m: self._bare(m, m.group(1)), text)
        text = _BARE_URL.sub(self._bare, text)

        # 6. a block shortcode glued to the paragraph after it: split them
        text, n = _GLUED.subn(r"\1\n\n", text)
        state.counts["unglued"] += n

        # 7. entities -> characters (markup-significant ones stay); placeholder hosts -> real host
        decoded = decode_entities(text)
        for old, new in self.settings.host_placeholders.items():
            if old in decoded:
                state.counts["placeholder_hosts"] += decoded.count(old)
                decoded = decoded.replace(old, new)
        if decoded != text:
            state.counts["entities"] += 1
        text, regions = code.restore_spans(re.sub(r"\n{3,}", "\n\n", decoded).replace(_SETTLED, ""))
        text, moved, first_moved = reindent_accidental_code(text, regions)
        if moved:
            state.counts["reindented_lines"] += moved
            self._note(None, f"{moved} line{'s' if moved != 1 else ''} the exporter indented (list continuations, "
                             "HTML table rows) re-indented from here on: Hugo would have shown them as code",
                       False, needle=first_moved)
        if text.strip():  # one blank line between the front matter and the body, as the site writes it
            text = "\n" + text.lstrip("\n")
        if body.endswith("\n") and not text.endswith("\n"):
            text += "\n"
        state.text = text
        state.notes.sort(key=lambda n: n.line)  # converters run in passes; the report reads top to bottom
        self._state = None
        return state

    def _note_here(self, m: re.Match, message: str, attention: bool = True) -> None:
        """A note at a match in a pass that keeps every newline: its line is the legacy line."""
        self._state.notes.append(Note(self._body_line + m.string.count("\n", 0, m.start()), "body", message, attention))

    def _caption(self, m: re.Match) -> str:
        inner = m.group("inner")
        found = _CAPTION_HTML_IMG.search(inner)
        if found:
            attrs = {k.lower(): v or w for k, v, w in
                     re.findall(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", found.group("img"), re.I)}
            image = self.image_md(attrs.get("src", ""), attrs.get("alt", ""))
        else:
            found = _CAPTION_SC_IMG.search(inner)
            image = found.group("sc") if found else ""
        rest = (inner[: found.start()] + inner[found.end():]) if found else inner
        if not image:
            self._note_here(m, "caption holds no image: [caption] wrapper removed, its text kept")
            return rest.strip()
        if re.search(r"\]\(|<a\b|https?://", rest, re.I):
            # a shortcode parameter cannot hold a link (nor a ref): the caption becomes
            # the paragraph under the image, and its links are converted with the rest
            self._note_here(m, "caption holds a link: written as a paragraph under the image; review", False)
            self._state.counts["captions"] += 1
            return image + "\n\n" + rest.strip()
        caption, _kept, _done = self.html.convert(rest)
        caption = " ".join(decode_entities(caption).split())
        if not caption:
            return image
        self._state.counts["captions"] += 1
        return image[: -len(" >}}")] + ' caption="' + caption.replace('"', '\\"') + '" >}}'

    def _youtube(self, m: re.Match) -> str:
        url = decode_entities(m.group("url").replace("\\:", ":"), keep_markup=False, passes=3)
        parsed = urlparse(url)
        qs = parse_qs(parsed.query)
        vid = (qs.get("v") or [""])[0]
        if not vid and parsed.netloc.endswith("youtu.be"):
            vid = parsed.path.strip("/")
        vid = vid.split("?")[0]
        if not _YT_ID.match(vid):
            self._note(m.start(), f"YouTube embed {m.group(0)[:60]!r}: no video id found; kept")
            return m.group(0)
        self._state.counts["youtube"] += 1
        out = self.settings.youtube_template.format(id=vid)
        start = (qs.get("start") or qs.get("t") or [""])[0]
        if start and start != "0" and start.isdigit():
            out = out.replace(" >}}", f' start_time="{start}" >}}}}')
        return out

    def _target_only(self, url: str, where: int) -> str:
        mapped = self.map_url(url, where)
        return url if mapped == _UNLINK else mapped

    def _md_link(self, m: re.Match) -> str:
        mapped = self.map_url(m.group("url"), m.start())
        if mapped == _UNLINK:
            return m.group("text")
        return f"[{m.group('text')}]({mapped}{m.group('title') or ''})"

    def _linked_image(self, m: re.Match) -> str:
        inner, href = m.group("inner"), m.group("href")
        src = re.search(r'src="([^"]*)"', inner)
        if src and self.image_src(href) == src.group(1):
            self._state.counts["image_links_dropped"] += 1
            return inner
        return m.group(0)

    def _bare(self, m: re.Match, autolink: str | None = None) -> str:
        url = autolink or m.group(0).rstrip(".,;:!")
        tail = "" if autolink else m.group(0)[len(url):]
        if not self.host_re.match(url):
            return m.group(0)
        mapped = self.map_url(url, m.start())
        if mapped == _UNLINK:
            # the URL is its own text; as plain text Hugo's linkify would make it a link again
            return f"`{url}`{tail}"
        if mapped.startswith("{{< ref"):
            return f"[{url}]({mapped}){tail}"
        if autolink:  # '<https://...>' stays an autolink: a bare URL is a link only where linkify starts one
            return f"<{mapped}>"
        return mapped + tail
