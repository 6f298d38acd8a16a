"""Bytes to text: encodings, byte-order marks, mojibake, binary files and saved HTML pages.

Every decision is reported as a :class:`Problem` so nothing changes silently, and a file
that cannot be read raises :class:`LoadError` with the file and the reason.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import yaml

_READABLE = (
    "only text, Markdown, HTML, Word (.docx), OpenDocument (.odt), RTF, PDF and caption (.srt, "
    ".vtt) transcripts can be read"
)


class LoadError(ValueError):
    """A file that cannot be loaded; the message names the file and says why."""


@dataclass(frozen=True)
class Problem:
    """One entry of the ``problems`` table."""

    severity: str  # "error", "warning" or "info"
    message: str


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# UTF-8 text read as cp1252: "â€™" for "’", "Ã©" for "é".
_MOJIBAKE_RE = re.compile(
    'â€[\u2122\u0153\u009d\u02dc\u201c\u201d\u2018\u2019\u2013\u2014¦"]|Ã[\u00a0-\u00bf]|Â\u00a0'
)
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


def _count_control(text: str) -> int:
    r"""How many control characters (U+0000 to U+0008, U+000E to U+001F: not tab, line
    breaks or form feed) ``text`` holds, counted on its UTF-8 bytes, where each is one byte
    and no other character has one of those bytes: ten times faster than a regular
    expression.

    >>> _count_control("a\x00b\x1f\tc é")
    2
    """
    data = text.encode("utf-8", "surrogatepass")
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str, list[Problem]]:
    """Decode ``data``: byte-order mark, else UTF-8, else cp1252, else Latin-1.

    Args:
        data: the file's bytes.
        name: the file's name, used in messages.

    Returns:
        ``(text, encoding, problems)``.

    Raises:
        LoadError: the file is empty or binary.

    >>> decode_bytes("café".encode("cp1252"), "x.txt")[:2]
    ('café', 'cp1252')
    """
    problems: list[Problem] = []
    if not data.strip():
        raise LoadError(f"{name}: the file is empty" + (" (only white space)" if data else ""))
    encoding = ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    if not encoding:
        head = data[:8192]
        if b"\x00" in head:
            raise LoadError(
                f"{name}: looks binary (NUL bytes and no UTF-16/32 byte-order mark); {_READABLE}"
            )
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as err:
            try:
                text = data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
            problems.append(
                Problem(
                    "warning",
                    f"not valid UTF-8 (byte {err.start}); decoded as {encoding}: check accented "
                    "letters and quotation marks",
                )
            )
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            raise LoadError(
                f"{name}: has a {encoding} byte-order mark but does not decode "
                f"as {encoding} (byte {err.start})"
            ) from err
        if encoding != "utf-8-sig":
            problems.append(Problem("info", f"decoded as {encoding} (byte-order mark)"))
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise LoadError(
            f"{name}: the file is empty (only "
            + ("a byte-order mark" if not text else "a byte-order mark and white space")
            + ")"
        )
    n_control = _count_control(text[:100_000])
    if n_control > max(8, len(text[:100_000]) // 100):
        raise LoadError(
            f"{name}: looks binary ({n_control} control characters in the first "
            f"100,000); {_READABLE}"
        )
    text, fixed = repair_mojibake(text)
    if fixed:
        problems.append(
            Problem(
                "warning",
                f"mojibake repaired: {fixed} UTF-8 sequences had been decoded as "
                "cp1252 (â€™ for ’); the repaired text is what offsets point into",
            )
        )
    text, more = normalise_newlines(text)
    return text, encoding, problems + more


def normalise_newlines(text: str) -> tuple[str, list[Problem]]:
    r"""Windows (CR LF) and old Mac (lone CR) line endings made ``\n``, before any parsing.

    The parser reads lines and paragraphs by ``\n`` alone, so a CR LF file would lose its
    front matter and a lone-CR file would be one paragraph. Every offset points into the
    normalised text (the one ``documents.text`` holds); the removed characters are counted
    in an info problem, so none goes unaccounted for.

    Returns:
        ``(text, problems)``: one info problem when anything changed, else none.

    >>> text, problems = normalise_newlines("a\r\nb\rc")
    >>> text, problems[0].message.split(";")[0]
    ('a\nb\nc', 'line endings normalised to \\n: 1 CR LF (Windows) and 1 lone CR (old Mac)')
    """
    if "\r" not in text:
        return text, []
    n_crlf = text.count("\r\n")
    n_cr = text.count("\r") - n_crlf
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = []
    if n_crlf:
        parts.append(f"{n_crlf:,} CR LF (Windows)")
    if n_cr:
        parts.append(f"{n_cr:,} lone CR (old Mac)")
    return text, [
        Problem(
            "info",
            f"line endings normalised to \\n: {' and '.join(parts)}; offsets point into the "
            "normalised text",
        )
    ]


def _cp1252_table() -> dict[int, int]:
    """Character -> byte for cp1252, with its five undefined bytes passed through (as
    Windows and most browsers decode them)."""
    table = {}
    for b in range(256):
        try:
            table[ord(bytes([b]).decode("cp1252"))] = b
        except UnicodeDecodeError:
            table[b] = b
    return table


_CP1252 = _cp1252_table()


def repair_mojibake(text: str) -> tuple[str, int]:
    """Undo UTF-8 text that was decoded as cp1252, where that is reversible.

    Returns the repaired text and how many mojibake sequences were found (0 if unchanged).

    >>> repair_mojibake("canâ€™t")
    ('can’t', 1)
    """
    # every sequence opens with â, Ã or Â: an ASCII text (most) holds none
    n = 0 if text.isascii() else len(_MOJIBAKE_RE.findall(text))
    if not n:
        return text, 0

    def fix(m: re.Match[str]) -> str:
        s = m.group(0)
        try:
            return bytes(_CP1252[ord(c)] for c in s).decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            return s

    # repair run by run: each run of characters that cp1252 maps to high bytes
    fixed = re.sub(
        "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
        "\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac"
        "\u2122]{2,}",
        fix,
        text,
    )
    return fixed, (n if fixed != text else 0)


# -- HTML -------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol tr table section article header footer nav aside "
    "blockquote pre hr title main figure figcaption dd dt dl form".split()
)
_SKIP_TAGS = frozenset("script style noscript template svg head iframe object".split())


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.skipped: dict[str, int] = {}
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            self.skipped[tag] = self.skipped.get(tag, 0) + 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n" if tag == "br" else "\n\n")
        elif tag in ("td", "th") and not self.skip:
            self.parts.append("  ")  # a table's cells: "JANE DOE:" then her words

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n" if tag == "br" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK_TAGS and not self.skip:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.skip and not self.in_title:
            self.parts.append(data)


def looks_like_html(text: str, name: str = "") -> bool:
    """Whether ``text`` is an HTML page: by extension, or because it *opens* with a
    doctype, ``<html>``, ``<head>`` or ``<body>`` tag (a ``<body>`` further down a text
    file is words about HTML, not a page, and its ``<b>``-like text must be kept).

    >>> looks_like_html("MS. LEE:  The <body> tag."), looks_like_html("<!DOCTYPE html><p>x")
    (False, True)
    """
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:64].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body"))


def html_to_text(html: str) -> tuple[str, str, list[Problem]]:
    """Text of an HTML page with a real HTML parser (never regular expressions).

    Scripts, styles and other non-text elements are dropped (and reported); block
    elements become paragraph breaks; character references are decoded.

    Returns:
        ``(text, title, problems)``.

    >>> html_to_text("<p>MR PRICE: Hi.</p><script>x()</script><p>Q: Why?</p>")[0]
    'MR PRICE: Hi.\\n\\nQ: Why?'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    # collapse runs of spaces and blank lines the markup left behind
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in raw.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    problems = [
        Problem(
            "info",
            f"HTML page: {len(html) - len(text):,} characters of markup "
            "and layout removed by the HTML parser; offsets point into "
            "the extracted text",
        )
    ]
    if parser.skipped:
        what = ", ".join(f"{n} <{t}>" for t, n in sorted(parser.skipped.items()))
        problems.append(Problem("info", f"HTML page: dropped non-text elements ({what})"))
    return text, page_title(" ".join("".join(parser.title).split()), text), problems


_SITE_SEP_RE = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")


def page_title(title: str, text: str) -> str:
    """A page's ``<title>`` without the site's name after it ("Remarks by ... | The White
    House", "... - United States Department of State"), where the page prints the rest as a
    line of its own (its headline); else the ``<title>`` as it is.

    >>> page_title("Press Briefing | The White House", "Home\\n\\nPress Briefing\\n\\nQ  Hi?")
    'Press Briefing'
    >>> page_title("Q&A - Part 2", "Q  Hi?")
    'Q&A - Part 2'
    """
    lines = {" ".join(ln.split()) for ln in text[:20_000].splitlines()}
    for m in reversed(list(_SITE_SEP_RE.finditer(title))):
        if title[: m.start()] in lines:
            return title[: m.start()]
    return title


# -- YAML front matter ------------------------------------------------------------------


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML with dates kept as the strings printed (``2022-02-30`` is no error)."""


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)
_FRONT_MATTER_END_RE = re.compile(r"\n---[ \t]*(?:\n|$)")
#: The closing ``---`` line is looked for in this many characters.
FRONT_MATTER_CHARS = 20_000


def front_matter(text: str) -> tuple[dict[str, Any], int, Problem | None]:
    r"""The YAML front matter at the top of ``text``: ``(fields, end offset, problem)``.

    YAML aliases (``*name``) are refused, not expanded: a few lines of anchors and aliases
    can expand to gigabytes (an "alias bomb"). A refused block is still the front matter
    (offsets ``0:end``), with no fields read and a warning. A block that is not valid YAML,
    or not a mapping of fields, is read as text (end ``0``), with a warning.

    >>> front_matter("---\ntitle: Hi\ndate: 2022-02-30\n---\nMS. LEE:  Hi.")[:2]
    ({'title': 'Hi', 'date': '2022-02-30'}, 35)
    """
    if not text.startswith("---"):
        return {}, 0, None
    m = _FRONT_MATTER_END_RE.search(text, 3, FRONT_MATTER_CHARS)
    if not m:
        return {}, 0, None
    fields, refused, why = _yaml_fields(text[3 : m.start()])
    if refused:
        return {}, m.end(), Problem("warning", why)
    if why:
        return {}, 0, Problem("warning", why)
    return dict(fields), m.end(), None


@functools.lru_cache(maxsize=8)
def _yaml_fields(block: str) -> tuple[tuple[tuple[str, Any], ...], bool, str]:
    """``(fields, refused, why)`` for one front-matter block (cached: the parser and the
    loader both ask)."""
    try:
        for event in yaml.parse(block, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent):
                return (
                    (),
                    True,
                    "front matter uses a YAML alias (*name), which is refused rather than "
                    "expanded (a few lines of aliases can expand to gigabytes): its fields "
                    "were not read",
                )
        meta = yaml.load(block, Loader=_FrontMatterLoader)
    except (yaml.YAMLError, RecursionError, ValueError) as err:
        first = " ".join(str(err).split())[:160]
        return (
            (),
            False,
            f"opens with '---' but the block before the next '---' line is not valid YAML "
            f"({first}): read as text, not as front matter",
        )
    if meta is None:
        return (), False, ""
    if not isinstance(meta, dict):
        return (
            (),
            False,
            f"opens with '---' but the block before the next '---' line is a YAML "
            f"{type(meta).__name__}, not fields (key: value): read as text, not as front matter",
        )
    return tuple((str(k), v) for k, v in meta.items()), False, ""


# -- Word documents -------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: How many times its file's size a .docx's text part may unpack to (a zip bomb stops here).
DOCX_MAX_RATIO = 40


def _zip_xml(data: bytes, part: str, max_bytes: int, name: str, ext: str) -> ElementTree.Element:
    """The XML ``part`` of a zipped document (a .docx, an .odt), parsed.

    Raises:
        LoadError: not a zip holding ``part``, a part that unpacks to more than
            ``DOCX_MAX_RATIO`` times the file or ``max_bytes``, or broken XML.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(part)
            limit = min(max_bytes, DOCX_MAX_RATIO * len(data))
            if info.file_size > limit:
                raise LoadError(
                    f"its text part unpacks to {info.file_size:,} bytes, more than "
                    f"{limit:,}: not read (raise max_bytes= if the document is real)"
                )
            with zf.open(info) as fh:
                xml = fh.read(limit + 1)
    except LoadError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError, zlib.error) as err:
        # a damaged zip fails in any of these ways (a bad offset, a cut stream, ...)
        raise LoadError(f"named {ext} but not {_a(name)} ({err})") from err
    except (NotImplementedError, RuntimeError) as err:  # an unknown compression, encryption
        raise LoadError(f"{_a(name)} this reader cannot open ({err})") from err
    if len(xml) > limit:  # the size the zip declared was a lie
        raise LoadError(f"its text part unpacks to more than {limit:,} bytes: not read")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as err:
        raise LoadError(f"the {name}'s XML is broken ({err})") from err


def _a(name: str) -> str:
    return f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"


def docx_to_text(data: bytes, max_bytes: int) -> tuple[str, list[Problem]]:
    """The text of a Word document (.docx): its paragraphs, in order, separated by blank
    lines (tables' cells are paragraphs too; tabs and line breaks kept). Headers, footers,
    footnotes and comments are not read.

    Raises:
        LoadError: not a .docx (no zip, or no ``word/document.xml``), or a text part that
            unpacks to more than ``DOCX_MAX_RATIO`` times the file or ``max_bytes``.
    """
    root = _zip_xml(data, "word/document.xml", max_bytes, "Word document", ".docx")
    paras = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for el in p.iter():
            if el.tag == f"{_W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paras.append("".join(parts))
    text = "\n\n".join(p for p in paras if p.strip())
    n = sum(1 for p in paras if p.strip())
    note = Problem(
        "info",
        f"Word document: the text of its {n:,} paragraphs, one blank line between them; "
        "offsets point into that text (headers, footers and footnotes are not read)",
    )
    return text, [note]


_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def odt_to_text(data: bytes, max_bytes: int) -> tuple[str, list[Problem]]:
    """The text of an OpenDocument text (.odt, as LibreOffice writes it): its paragraphs and
    headings, in order, separated by blank lines (``<text:s>`` spaces, tabs and line breaks
    kept; notes left out).

    Raises:
        LoadError: not an .odt (no zip, or no ``content.xml``), or a text part that unpacks
            to more than ``DOCX_MAX_RATIO`` times the file or ``max_bytes``.
    """
    root = _zip_xml(data, "content.xml", max_bytes, "OpenDocument text", ".odt")
    t = _ODF_TEXT

    def text_of(el: ElementTree.Element, out: list[str]) -> None:
        if el.text:
            out.append(el.text)
        for child in el:
            if child.tag == f"{t}s":
                out.append(" " * int(child.get(f"{t}c", "1") or 1))
            elif child.tag == f"{t}tab":
                out.append("\t")
            elif child.tag == f"{t}line-break":
                out.append("\n")
            elif child.tag != f"{t}note":  # a footnote's words are not the paragraph's
                text_of(child, out)
            if child.tail:
                out.append(child.tail)

    paras: list[str] = []

    def walk(el: ElementTree.Element) -> None:
        for child in el:
            if child.tag in (f"{t}p", f"{t}h"):
                parts: list[str] = []
                text_of(child, parts)
                paras.append("".join(parts))
            elif child.tag != f"{t}note":
                walk(child)

    try:
        walk(root)
    except RecursionError as err:
        raise LoadError("the OpenDocument text is nested too deeply to read") from err
    kept = [p for p in paras if p.strip()]
    note = Problem(
        "info",
        f"OpenDocument text: the text of its {len(kept):,} paragraphs, one blank line between "
        "them; offsets point into that text (notes are not read)",
    )
    return "\n\n".join(kept), [note]


# -- PDF ------------------------------------------------------------------------------------

_PAGE_NUMBER_RE = re.compile(r"\s*(?:page\s+)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?\s*", re.I)


def pdf_to_text(data: bytes) -> tuple[str, list[Problem]]:
    """The text of a PDF's pages, read by pypdf, one after the other. A page number alone on
    a page's first or last line, and a first or last line that recurs (digits aside) on at
    least three pages and half of them (a running head or foot: "Transcript - Page 3"), are
    left out and counted in the note, so that they fall in no turn.

    Raises:
        LoadError: not a PDF pypdf can read, encrypted, or without text (a scan).
    """
    from pypdf import PdfReader  # imported here: most folders hold no PDF

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("the PDF is encrypted: not read")
        pages = [(page.extract_text() or "").split("\n") for page in reader.pages]
    except LoadError:
        raise
    except Exception as err:  # pypdf raises many kinds on a broken file
        raise LoadError(f"not a PDF that can be read ({type(err).__name__}: {err})") from err

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", " ".join(line.split()))

    ends: dict[str, int] = {}
    for lines in pages:
        for k in {key(ln) for ln in (lines[:1] + lines[-1:]) if ln.strip()}:
            ends[k] = ends.get(k, 0) + 1
    running = {k for k, n in ends.items() if n >= 3 and n * 2 >= len(pages)}
    dropped = 0
    kept_pages = []
    for lines in pages:
        for at in (0, -1):
            while lines and (
                not lines[at].strip()
                or _PAGE_NUMBER_RE.fullmatch(lines[at])
                or key(lines[at]) in running
            ):
                dropped += bool(lines[at].strip())
                lines.pop(at)
        kept_pages.append("\n".join(_paragraphs(lines)))
    text, joined = _join_broken_words("\n".join(p for p in kept_pages if p.strip()))
    if not text.strip():
        raise LoadError("the PDF has no text (a scanned image?): not read")
    note = Problem(
        "info",
        f"PDF: the text of its {len(pages):,} pages, read by pypdf"
        + (f", {dropped:,} page-number or running header/footer lines left out" if dropped else "")
        + (f", {joined:,} words broken across lines joined" if joined else "")
        + "; a blank line after each short line that ends a sentence (a PDF keeps no "
        "paragraph breaks); offsets point into that text",
    )
    return text, [note]


_BROKEN_WORD_RE = re.compile(r"(\w+)-\n(?=(\w+))")


def _join_broken_words(text: str) -> tuple[str, int]:
    """Words a PDF breaks across lines with a hyphen, joined: "nego-\\ntiation" becomes
    "negotiation" where the text prints that word whole elsewhere, else "nego-tiation" (a
    compound, "NATO-\\nRussia", keeps its hyphen). A line that opens with a capital after a
    lower-case word ("well-", then "MS. LEE:") is left as it is."""
    seen = {w.lower() for w in re.findall(r"\w+", text)}
    n = 0

    def fix(m: re.Match[str]) -> str:
        nonlocal n
        left, right = m.group(1), m.group(2)
        if right[0].isupper() and not left[0].isupper():
            return m.group(0)
        n += 1
        return left if (left + right).lower() in seen else left + "-"

    return _BROKEN_WORD_RE.sub(fix, text), n


def _paragraphs(lines: list[str]) -> list[str]:
    """A page's lines with a blank line after each that ends a paragraph: one that ends a
    sentence and stops well short of the page's usual line (its median non-blank length)."""
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    if not lengths:
        return lines
    usual = lengths[len(lengths) // 2]
    out = []
    for ln in lines:
        out.append(ln)
        s = ln.rstrip()
        if s and len(s) < 0.85 * usual and s[-1] in '.?!:"”)':
            out.append("")
    return out


# -- captions (SubRip .srt, WebVTT .vtt) ----------------------------------------------------

_CUE_TIME_RE = re.compile(
    r"(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}[^\n]*"
)
_VOICE_RE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>\n]{1,80})>")
_CUE_TAG_RE = re.compile(r"</?(?:c|i|b|u|v|lang|ruby|rt)(?:[.\s][^>\n]{0,80})?>|<\d[\d:.]{4,12}>")
_CAPS_CUE_RE = re.compile(r"[A-Z][A-Z.'’\- ]{1,40}:\s")


def captions_to_text(text: str) -> tuple[str, list[Problem]]:
    """The words of a caption file (SubRip or WebVTT) as a transcript: cue numbers, timings,
    the WEBVTT header, NOTE and STYLE blocks and inline tags left out; a line a cue repeats
    from the one before (rolling captions) kept once; a new paragraph where the speaker
    changes (a ``<v Name>`` voice, which becomes the label ``Name:``; a ``>>``; or a cue
    opening with a capitals label).

    >>> captions_to_text("WEBVTT\\n\\n00:01.000 --> 00:03.000\\n<v Jane Doe>Hello there.\\n")[0]
    'Jane Doe: Hello there.'
    """
    paragraphs: list[list[str]] = [[]]
    speaker = None
    last_line = ""
    n_cues = 0
    for block in re.split(r"\n[^\S\n]*\n", text.strip()):
        lines = block.split("\n")
        at = next((i for i, ln in enumerate(lines) if _CUE_TIME_RE.fullmatch(ln.strip())), None)
        if at is None:
            continue  # the WEBVTT header, a NOTE, a STYLE or REGION block
        n_cues += 1
        for raw in lines[at + 1 :]:
            m = _VOICE_RE.search(raw)
            line = " ".join(_CUE_TAG_RE.sub("", raw).split())
            if not line or line == last_line:
                continue
            last_line = line
            new = None
            if m and m.group(1).strip() != speaker:
                speaker = m.group(1).strip()
                new = f"{speaker}: {line}"
            elif line.startswith(">>"):
                new = line.lstrip("> ").strip()
            elif _CAPS_CUE_RE.match(line):
                new = line
            if new is not None:
                paragraphs.append([new])
            else:
                paragraphs[-1].append(line)
    out = "\n\n".join(" ".join(p) for p in paragraphs if p)
    if not n_cues:
        raise LoadError("named as captions but holds no cue (no 00:00:01,000 --> line)")
    note = Problem(
        "info",
        f"captions: the words of {n_cues:,} cues, their numbers, timings and tags left out and "
        "repeated lines kept once; offsets point into that text",
    )
    return out, [note]


# -- Rich Text Format (.rtf) ----------------------------------------------------------------

_RTF_TOKEN_RE = re.compile(
    r"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|[\r\n]+"
    r"|([^\\{}\r\n]+)"
)
#: Groups that hold no text of the document: font and colour tables, styles, the file's
#: metadata, pictures, headers and footers, footnotes, a field's instruction (its result is
#: read), and any group marked ignorable (``{\*\...}``).
_RTF_SKIP = frozenset(
    """fonttbl colortbl stylesheet info pict object header headerl headerr headerf footer
    footerl footerr footerf footnote listtable listoverridetable rsidtbl generator themedata
    colorschememapping datastore latentstyles xmlnstbl mmathPr fldinst pn pntext filetbl
    revtbl userprops docvar""".split()
)
_RTF_CHARS = {
    "par": "\n\n",
    "sect": "\n\n",
    "page": "\n\n",
    "row": "\n\n",
    "line": "\n",
    "tab": "\t",
    "cell": "\t",
    "emdash": "—",
    "endash": "–",
    "lquote": "‘",
    "rquote": "’",
    "ldblquote": "“",
    "rdblquote": "”",
    "bullet": "•",
    "emspace": " ",
    "enspace": " ",
    "qmspace": " ",
}
_RTF_SYMBOLS = {"~": "\u00a0", "_": "\u2011", "-": "", "\\": "\\", "{": "{", "}": "}"}


def rtf_to_text(data: bytes) -> tuple[str, list[Problem]]:
    """The text of a Rich Text Format document (.rtf, as word processors and news archives
    such as LexisNexis export them): paragraphs separated by blank lines, tabs kept,
    ``\\'hh`` bytes decoded in the document's code page and ``\\uN`` characters read; fonts,
    styles, pictures, headers, footers and footnotes left out.

    >>> rtf_to_text(rb"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Q:  Why?\\par A:  Caf\\'e9.}")[0]
    'Q:  Why?\\n\\nA:  Café.'

    Raises:
        LoadError: the file does not open as RTF (``{\\rtf``).
    """
    if not data.lstrip()[:5] == b"{\\rtf":
        raise LoadError("named .rtf but not an RTF document (it does not open with {\\rtf)")
    src = data.decode("latin-1")
    codec = "cp1252"
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (a multi-byte code page needs it)
    stack: list[tuple[bool, int]] = []
    skip, uc, to_skip = False, 1, 0
    group_start = False  # the next token is a group's first: its destination, if any
    pos, n = 0, len(src)
    n_skipped = 0

    def flush() -> None:
        if pending:
            out.append(bytes(pending).decode(codec, errors="replace"))
            pending.clear()

    while pos < n:
        m = _RTF_TOKEN_RE.match(src, pos)
        if m is None:  # a lone backslash at the end
            break
        pos = m.end()
        word, arg, hexbyte, symbol, brace, literal = m.groups()
        first, group_start = group_start, False
        if brace == "{":
            stack.append((skip, uc))
            group_start = True
            to_skip = 0  # a group ends a \uN's fallback, as the specification says
            continue
        if brace == "}":
            flush()
            skip, uc = stack.pop() if stack else (skip, uc)
            to_skip = 0
            continue
        if word == "bin" and arg:  # raw bytes follow: never read as tokens
            pos += max(0, int(arg))
            continue
        if to_skip and (hexbyte or literal or (symbol and symbol != "*")):  # a \uN's fallback
            if literal and len(literal) > to_skip:
                literal, to_skip = literal[to_skip:], 0
            else:
                to_skip -= 1 if not literal else len(literal)
                to_skip = max(0, to_skip)
                continue
        if skip:
            continue
        if symbol == "*" and first:
            skip = True
            n_skipped += 1
            continue
        if word is not None:
            if first and word in _RTF_SKIP:
                skip = True
                n_skipped += 1
            elif word == "ansicpg" and arg:
                codec = f"cp{arg}"
                try:
                    codecs.lookup(codec)
                except LookupError:
                    codec = "cp1252"
            elif word == "uc" and arg:
                uc = max(0, int(arg))
            elif word == "u" and arg:
                flush()
                out.append(chr(int(arg) % 65536))
                to_skip = uc
            elif word in _RTF_CHARS:
                flush()
                out.append(_RTF_CHARS[word])
            continue
        if hexbyte:
            pending.append(int(hexbyte, 16))
            continue
        flush()
        if symbol is not None:
            out.append(_RTF_SYMBOLS.get(symbol, ""))
        elif literal:
            out.append(literal)
    flush()
    text = "".join(out)
    # surrogate pairs written as two \uN (characters beyond the BMP, such as emoji)
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = re.sub(r"[^\S\n]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    note = Problem(
        "info",
        "RTF document: its text, formatting, fonts, pictures, headers and footers left out "
        "and one blank line between paragraphs; offsets point into that text",
    )
    return text, [note]
