"""Structure of one transcript: blocks, speaker labels, turns, boilerplate and segments.

The parser reads a decoded text as a sequence of *blocks* (paragraphs: runs of non-blank
lines, or a line that opens with a speaker label). A block that opens with a label starts
a turn; an unlabelled block continues the turn before it. Blocks before the first label are
the header (title, location, time stamp, web-page chrome); blocks after the last turn that
look like chrome (a ``# # #`` or ``END`` line, a heading, a related-articles list, an author
bio) start the footer, and everything from there on is boilerplate.

Texts with no labels are news articles (paragraphs of narration, with quotes) when they
quote people, and otherwise remarks by one speaker.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from .decode import Problem

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available

# -- patterns (each anchored and bounded, so a long adversarial line stays linear) -----------

_SP = "[ \t\u00a0\u2002\u2003\u2009\u202f]"
_CAPS_WORD = r"[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de0-9.'’\-]{0,30}"
_CAPS_LABEL_RE = re.compile(
    rf"(?P<label>{_CAPS_WORD}(?:,?{_SP}{{1,3}}(?:{_CAPS_WORD}|of|de|la|van|von|del|der|al|da)){{0,9}})"
    rf"(?:{_SP}*\((?P<paren>[^()\n]{{1,60}})\))?{_SP}*:(?:{_SP}+|{_SP}*\n{_SP}*|{_SP}*$)"
)
# "Q" (or "A") as a label: with a colon or full stop (not "A .gov website"), two spaces, one
# space before a capital or a quote, or a dash or an ellipsis ("Q — in the lead-up to ...",
# a question cut in or resumed after the official talked over it)
_QA_AFTER = rf"{_SP}*[:.](?![\w.]){_SP}*|{_SP}{{2,}}|{_SP}*(?=[—–…]|--|-{_SP}|\.\.\.)"
_Q_LABEL_RE = re.compile(
    rf"(?P<label>Q)(?:{_QA_AFTER}|{_SP}(?=[A-Z(“\"‘'])|{_SP}*$)"
    rf"|(?P<alabel>A)(?:{_QA_AFTER})"
)
_MIXED_LABEL_RE = re.compile(
    rf"(?P<label>[A-Z][a-z]+\.?(?:{_SP}(?:[A-Z][a-z’'-]+\.?|[A-Z]\.)){{0,3}}(?:{_SP}\d{{1,3}})?)"
    rf"(?:{_SP}*\((?P<paren>[^()\n]{{1,60}})\))?{_SP}*:(?:{_SP}+|{_SP}*\n{_SP}*|{_SP}*$)"
)  # "Jane Doe:", "Sen. Warren:", "Speaker 2:" (as transcription services number voices),
# "The Prime Minister (Keir Starmer):" (as parliaments print them)
# a label in Markdown bold: "**SECRETARY BLINKEN:**", "**Chuck Todd**:"
_BOLD_LABEL_RE = re.compile(
    rf"(?P<mark>\*\*|__)(?P<inner>[^*_\n]{{1,150}}?)(?::(?P=mark)|(?P=mark){_SP}*:)"
    rf"(?:{_SP}+|{_SP}*\n{_SP}*|{_SP}*$)"
)
# a recording time stamp, as transcription services print them: 0:03, 03:45, 1:02:03, 00:00:16.5
_STAMP = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# a speaker label with a time stamp, whatever the case of the name (transcription services
# print it as given): "Karoline Leavitt (03:04):" or "Speaker 1 [00:12]" (the words after the
# colon or on the next line), "Joe Biden: (00:05)", and "Speaker 1  0:03" alone on its line
_STAMP_WORD = r"[^\W\d_][\w.'’\-]{0,30}"
_STAMPED_LABEL_RE = re.compile(
    rf"(?P<label>{_STAMP_WORD}(?:,?{_SP}{{1,2}}[\w.'’\-]{{1,30}}){{0,5}}?)"
    rf"(?:{_SP}*[(\[]{_STAMP}[)\]](?:{_SP}*:)?(?:{_SP}*\n{_SP}*|{_SP}+|{_SP}*$)"
    rf"|{_SP}*:{_SP}*[(\[]{_STAMP}[)\]](?:{_SP}*\n{_SP}*|{_SP}+|{_SP}*$))"
    rf"|(?P<olabel>[A-Z][\w.'’\-]{{0,30}}(?:{_SP}[A-Z0-9][\w.'’\-]{{0,30}}){{0,4}})"
    rf"{_SP}{{2,}}{_STAMP}{_SP}*(?:\n{_SP}*|$)"
)
# a question's number before its label, as the American Presidency Project prints it: "[2.] Q."
_NUMBER_PREFIX_RE = re.compile(rf"\[\d{{1,3}}\.?\]{_SP}+")
# a time stamp before a label on its line: "[00:01:23] MODERATOR:", "00:01:23 Jane Doe:"
_STAMP_PREFIX_RE = re.compile(rf"\[{_STAMP}\]{_SP}*|(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}{_SP}+")
_KNOWN_MIXED = frozenset(
    {
        "Question",
        "Answer",
        "Moderator",
        "Interviewer",
        "Reporter",
        "Host",
        "Journalist",
        "Audience Member",
        "Participant",
        "Operator",
        "Correspondent",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Presenter",
        "Anchor",
        "Narrator",
        "Announcer",
        "Interpreter",
        "Translator",
        "Journaliste",
        "Periodista",
        "Pregunta",
        "Frage",
    }
)
# voices a transcription service could not name, numbered: a label even where it occurs once
_VOICES = (
    "Speaker|Reporter|Journalist|Participant|Audience Member|Unidentified Speaker|"
    "Unknown Speaker|Male Speaker|Female Speaker|Voice|Caller|Questioner"
)
_NUMBERED_RE = re.compile(rf"(?:{_VOICES}) \d{{1,3}}")
# the same in capitals, as a label: "SPEAKER 2:", "REPORTER 1:"
_NUMBERED_CAPS_RE = re.compile(
    rf"(?P<label>(?:{_VOICES.upper()}) \d{{1,3}}){_SP}*:(?:{_SP}+|{_SP}*\n{_SP}*|{_SP}*$)"
)
# a label ending in a full stop, as the Congressional Record and hearing transcripts print
# them: "Mr. SCHUMER.", "The PRESIDING OFFICER.", "Senator Menendez.", "The Chairman."
_PERIOD_TITLE = (
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gen|Adm|Gov|Hon)\.|Miss|Senator|Representative|Congressman|"
    r"Congresswoman|Chairman|Chairwoman|Chair|Secretary|Ambassador|General|Admiral|Governor|"
    r"Mayor|Judge|Justice|Director|Administrator|Commissioner|Dean|Professor|Colonel|Captain|"
    r"Vice President|President|Prime Minister|Minister|Chancellor|Premier|King|Queen|Prince"
)
_PERIOD_WORD = r"(?:[A-Z][\w'’\-]{0,30}|of|pro|tempore|de|van|von|del|la)"
_PERIOD_LABEL_RE = re.compile(
    rf"(?P<label>(?:{_PERIOD_TITLE}|The|{_PERIOD_TITLE.upper()}|THE)(?:{_SP}{_PERIOD_WORD}){{1,6}})"
    rf"\.{_SP}+(?=[^\s\da-z])"
)  # the words follow on its line: "Congressman Rogers." alone on a line gives the floor
# a line that may open with one
_PERIOD_LINE_RE = re.compile(
    rf"\n{_SP}*(?=(?:{_PERIOD_TITLE}|The|{_PERIOD_TITLE.upper()}|THE){_SP}[A-Z])"
)
#: How many such labels, of two speakers or more and one of them said twice, make a text a
#: transcript printed that way (a speech that opens three paragraphs "Mr. President." is not).
PERIOD_LABELS_MIN = 3
_NOT_LABELS = frozenset(
    {
        "END",
        "NOTE",
        "UPDATE",
        "EDITOR'S NOTE",
        "EDITOR’S NOTE",
        "WASHINGTON",
        "CORRECTION",
        "TRANSCRIPT",
        "PHOTO",
        "VIDEO",
    }
)

_STAGE_INLINE_RE = re.compile(
    rf"[(\[]{_STAMP}[)\]]|"  # a recording time stamp: "(03:45)", "[00:12:04]"
    r"\*{0,2}\((?:[A-Z][^()\n]{0,200}?[.!?]|inaudible|crosstalk|cross-talk|laughter|laughs|"
    r"applause|unintelligible|off-mic|off mic|in progress|audio gap)\)\*{0,2}"
    r"|\[(?:inaudible|crosstalk|cross-talk|laughter|applause|unintelligible|audio gap)"
    r"[^\]\n]{0,40}\]"
    r"|</?[a-zA-Z][a-zA-Z0-9]{0,10}>",
    re.IGNORECASE,
)
# a recording time at the start of a line, not a clock time ("4:07 P.M.")
_LINE_STAMP = rf"(?:{_STAMP})(?![\d:]|[ \t]*[AaPp]\.?[Mm]\b)"
_LINE_STAMP_RE = re.compile(rf"\n[ \t]*{_LINE_STAMP}")
_STAGE_OR_LINE_STAMP_RE = re.compile(
    rf"{_STAGE_INLINE_RE.pattern}|(?m:^)[ \t]*{_LINE_STAMP}", re.IGNORECASE
)
_STAGE_BLOCK_RE = re.compile(r"\s*\*{0,2}[(\[][^()\[\]\n]{1,300}[)\]]\*{0,2}\s*", re.DOTALL)
_MARKER_RE = re.compile(
    r"\s*(?:\*{0,2}\\?#(?:\s*\\?#){1,5}\*{0,2}|-\s*30\s*-|\*\s*\*\s*\*|END\b.{0,40}|"
    r"\d{1,2}:\d{2}\s*[AaPp]\.?\s*[Mm]\.?\s*[A-Z]{2,5}|[Ee]nd of (?:transcript|briefing).{0,40})\s*"
)
_TIME_RE = re.compile(r"\s*(?:END\s+)?\d{1,2}:\d{2}\s*[AaPp]\.?\s*[Mm]\.?(?:\s*[A-Z]{2,5})?\s*")
_TIME_PREFIX_RE = re.compile(r"\d{1,2}:\d{2}\s*[AaPp]\.?\s*[Mm]\.?(?:\s*[A-Z]{2,5})?\s+")
_LINK_RE = re.compile(
    r"\s*(?:\[[^\]\n]{0,300}\]\((?:https?://|/)[^)\s]{0,500}\)\S{0,5}|"
    r"<?https?://\S{1,500})\s*"
)
# Web-page chrome: distinctive phrases anywhere in a short block ...
_CHROME_RE = re.compile(  # searched in lower-cased text: twice as fast as re.IGNORECASE
    r"official website of the united states|here['’]s how you know|websites use \.gov|"
    r"\.gov website belongs|websites use https|means you['’]ve safely connected|"
    r"all rights reserved|©|privacy policy|terms of (?:use|service)|"
    r"ie 11 is not supported|get more news|skip to (?:main )?content|"
    r"cookies? (?:policy|settings)|this site uses cookies"
)  # no alternative opens with \b, so the engine skips ahead by first letter: twice as fast
_COPYRIGHT_RE = re.compile(r"\bcopyright\b")


def _chrome(s: str) -> bool:
    """``s`` holds a phrase of web-page chrome (a .gov banner, a copyright or cookie line)."""
    low = s.lower()
    return _CHROME_RE.search(low) is not None or (
        "copyright" in low and _COPYRIGHT_RE.search(low) is not None
    )


# ... and generic interface words only as a whole short line ("Share", "Latest articles").
# an editor's note after the transcript, as the American Presidency Project prints one
_NOTE_RE = re.compile(rf"(?:NOTE|Note|EDITOR['’]S NOTE|Editor['’]s [Nn]ote){_SP}*:{_SP}*[A-Z]")
_CHROME_LINE_RE = re.compile(
    r"\W*(?:U\.S\. Department of State|(?:Latest|Related|Recent|More|Popular|Recommended) "
    r"(?:articles|stories|posts|news|videos)|Read more|Share(?: this)?(?: on \w+)?|Sign up|"
    r"Subscribe|Advertisement|Follow us(?: on \w+)?|Tags?|Back to top|Print(?: this page)?|"
    r"Email(?: this)?|Leave a (?:comment|reply)|Comments?|Most popular|Trending|Menu|Search|"
    r"Home|Newsletter|Watch|Listen|Close|Next|Previous|Top Stories)\W*(?::.{0,120})?",
    re.IGNORECASE,
)
_CREDIT_RE = re.compile(
    r"\breported from\b|\bcontributed( to)? (this|the) report|"
    r"^\s*By [A-Z][a-z]+ [A-Z]",
    re.MULTILINE,
)
_DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z.'\- ]{1,40})?)\s*"
    r"(?:\([A-Za-z ]{1,20}\)\s*)?(?:—|–|--|-)\s"
)
_MONTHS = "January February March April May June July August September October November December"
_MONTH = "|".join(f"{m[:3]}(?:{m[3:]}|\\.)?" for m in _MONTHS.split())
_MONTH = _MONTH.replace("Sep(?:", "Sep(?:t\\.?|")  # "Sept. 3"
_MONTH += "|" + "|".join(_MONTHS.upper().split())  # "JANUARY 19, 2021", as hearings print it
# a date as pages print one above a transcript: "January 21, 2022", "21 January 2022",
# "Jan. 21, 2022", "7/31/25" (month first, as in American usage), "2022-01-21"
_DATE_IN_TEXT_RE = re.compile(
    rf"\b(?:(?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH})\s+(?P<year2>\d{{4}})"
    r"|(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{4}|\d{2})"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))\b"
)
#: How far past the front matter a date printed above the transcript is looked for.
HEADER_DATE_CHARS = 1500


def date_in_text(text: str) -> str:
    """The first date printed in ``text`` as an ISO date, or ``""``.

    >>> date_in_text("Secretary Blinken at a Press Availability. January 21, 2022. Geneva")
    '2022-01-21'
    >>> date_in_text("Karoline Leavitt White House Press Briefing on 7/31/25")
    '2025-07-31'
    >>> date_in_text("A briefing on 31 July 2025"), date_in_text("June 31, 2022")
    ('2025-07-31', '')
    >>> date_in_text("TUESDAY, JANUARY 19, 2021")
    '2021-01-19'
    """
    for m in _DATE_IN_TEXT_RE.finditer(text):
        if m["iso"]:
            y, mo, d = (int(x) for x in m["iso"].split("-"))
        elif m["y3"]:
            y, mo, d = int(m["y3"]), int(m["m3"]), int(m["d3"])
            y += 0 if y >= 100 else 2000 if y < 70 else 1900
        else:
            mon = m["mon"] or m["mon2"]
            y, d = int(m["year"] or m["year2"]), int(m["day"] or m["day2"])
            mo = 1 + [n[:3] for n in _MONTHS.split()].index(mon[:3].title())
        try:
            return _dt.date(y, mo, d).isoformat()
        except ValueError:
            continue
    return ""


_QUOTE_CHARS = '"“”'
_SMALL_WORDS = frozenset(
    "a an and as at by for from in of on or the to with vs via "
    # French, Spanish, German: a title in those languages is a heading too
    "de du des la le les l d et avec pour sur en au aux un une y del el los las con por "
    "der die das und mit für von zu im am".split()
)
_TERMINAL = '.?!:;,"”’)…—–-'


@dataclass
class Block:
    """A paragraph: ``text[start:end]`` with its speaker label, if it opens with one."""

    start: int
    end: int
    label: str = ""
    body: int = 0  # offset where the words begin (after the label)
    kind: str = "prose"  # prose, stage, marker, time, link, chrome, heading, credit


@dataclass
class Structure:
    """What :func:`parse_structure` finds in one text."""

    text: str
    front_matter: dict = field(default_factory=dict)
    segments: list[tuple[str, int, int, int]] = field(
        default_factory=list
    )  # kind, start, end, turn
    turns: list[tuple[str, int, int]] = field(default_factory=list)  # label, start, end
    title: str = ""
    labelled: bool = False
    news: bool = False
    location: str = ""
    front_matter_problem: Problem | None = None  # what the front matter's loader refused


_BLANK_LINES_RE = re.compile(r"\n(?:[^\S\n]*\n)+")
# lines that may open with a speaker label (or a time stamp before one)
_LABEL_LINE_RE = re.compile(
    r"\n[^\S\n]*(?=Q[\s:.—–\-…]|A[\s:.—–\-…]|[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de0-9.'’\-]|\d{1,2}:\d{2})"
)
# the same in a text with time stamps: any line holding one may open with a label
_STAMPED_LINE_RE = re.compile(
    r"\n[^\S\n]*(?=Q[\s:.—–\-…]|A[\s:.—–\-…]|[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de0-9.'’\-]|"
    rf"\[?\d{{1,2}}:\d{{2}}|[^\W\d_][^\n]{{0,200}}?(?:[(\[]{_STAMP}[)\]]|{_SP}{{2}}{_STAMP}))"
)


def _blocks(text: str, start: int, stamped: bool = False) -> list[Block]:
    """Split ``text[start:]`` into paragraphs; a line opening with a label starts one (with
    ``stamped``, also a line whose label carries a time stamp, or follows one)."""
    blocks: list[Block] = []
    pos = start
    for sep in [*_BLANK_LINES_RE.finditer(text, start), None]:
        end = sep.start() if sep else len(text)
        _paragraph(text, pos, end, blocks, stamped)
        if sep:
            pos = sep.end()
    return blocks


def _stamped(text: str, blocks: list[Block], found: list[tuple[str, int, str] | None]) -> bool:
    """Whether a block opens with a time-stamped label ("Jane Doe (00:12):", "[00:00:05]
    MODERATOR:"): then the text is split again, looking for one on every line."""
    return any(lab is not None and lab[2] == "stamp" for lab in found) or any(
        (text[b.start] == "[" or text[b.start].isdigit())
        and b.kind != "time"
        and _STAMP_PREFIX_RE.match(text, b.start, b.end)
        and not _TIME_PREFIX_RE.match(text, b.start, b.end)
        and _time_prefix(text, b.start, b.end, True)
        for b in blocks
    )


def _time_prefix(text: str, pos: int, end: int, stamped: bool) -> re.Match[str] | None:
    """A clock time ("5:19 P.M. EDT"), a question's number ("[2.]") or, in a text with time
    stamps, a recording time ("[00:01:23]") at ``pos``, before a label on the same line."""
    if text.startswith("[", pos) and (num := _NUMBER_PREFIX_RE.match(text, pos, end)):
        lab = _label_at(text, num.end())
        return num if lab is not None and lab[2] != "mixed" else None
    if not text[pos : pos + 1].isdigit() and not (stamped and text[pos : pos + 1] == "["):
        return None
    ts = _TIME_PREFIX_RE.match(text, pos, end)
    if ts is None and stamped:
        ts = _STAMP_PREFIX_RE.match(text, pos, end)
    if ts and (lab := _label_at(text, ts.end())) is not None and lab[2] != "mixed":
        return ts
    return None


def _paragraph(text: str, a: int, b: int, out: list[Block], stamped: bool = False) -> None:
    """Append the blocks of ``text[a:b]`` (no blank line inside) to ``out``. A time stamp
    before a label is a block of its own, of kind "time"."""
    chunk = text[a:b]
    lead = len(chunk) - len(chunk.lstrip())
    a, b = a + lead, a + len(chunk.rstrip())
    if b <= a:
        return
    if (
        text.find("\n", a, b) < 0
        and not _TIME_PREFIX_RE.match(text, a, b)
        and not _NUMBER_PREFIX_RE.match(text, a, b)
        and not (stamped and _STAMP_PREFIX_RE.match(text, a, b))
    ):
        out.append(Block(a, b))  # one line and no time stamp: the usual paragraph
        return
    cur = a
    # the first line may also carry a time stamp before its label
    if ts := _time_prefix(text, a, b, stamped):
        out.append(Block(a, a + len(ts.group(0).rstrip()), kind="time"))
        cur = ts.end()
    for m in (_STAMPED_LINE_RE if stamped else _LABEL_LINE_RE).finditer(text, a, b):
        s = m.end()
        # "5:19 P.M. EDT MODERATOR:  Thanks" -- a time stamp and a label on one line
        if ts := _time_prefix(text, s, b, stamped):
            _close(text, cur, m.start(), out)
            out.append(Block(s, s + len(ts.group(0).rstrip()), kind="time"))
            cur = ts.end()
        elif (lab := _label_at(text, s)) is not None and lab[2] != "mixed":
            _close(text, cur, m.start(), out)
            cur = s
    _close(text, cur, b, out)


def _close(text: str, a: int, b: int, out: list[Block]) -> None:
    chunk = text[a:b]
    s = a + len(chunk) - len(chunk.lstrip())
    e = a + len(chunk.rstrip())
    if e > s:
        out.append(Block(s, e))


def _label_at(text: str, pos: int) -> tuple[str, int, str] | None:
    """A speaker label at ``pos``: ``(label, offset after it, style)`` or None."""
    colon = text.find(":", pos, pos + 240)
    if colon > pos and (
        text[colon - 1].isdigit() or text[colon + 1 : colon + 4].lstrip(" \t\u00a0")[:1] in "(["
    ):
        m = _STAMPED_LABEL_RE.match(text, pos, pos + 240)
        if m:  # "Jane Doe (00:12):", "Q (00:12):"
            return m.group("label") or m.group("olabel"), m.end(), "stamp"
    m = _Q_LABEL_RE.match(text, pos, pos + 8)
    if m:
        return m.group("label") or m.group("alabel"), m.end(), "q"
    if text.startswith(("**", "__"), pos):
        m = _BOLD_LABEL_RE.match(text, pos, pos + 160)
        inner = m["inner"].strip() if m else ""
        lab = _label_at(f"{inner}: ", 0) if m and inner else None
        # the words in bold are a label and nothing else, read as the same label unbolded
        if m and lab is not None and lab[1] == len(inner) + 2:
            return lab[0], m.end(), lab[2]
        return None
    if colon <= pos:
        return None  # the other kinds of label hold a colon in that window
    if colon >= pos + 160 or not text[pos].isupper():
        return None  # capitals and mixed-case labels end with a colon in that window
    m = _CAPS_LABEL_RE.match(text, pos, pos + 160) or _NUMBERED_CAPS_RE.match(text, pos, pos + 60)
    if m:
        label = m.group("label").rstrip(" .")
        letters = sum(ch.isalpha() for ch in label)
        if letters >= 2 and label not in _NOT_LABELS and not label.isdigit():
            return label, m.end(), "caps"
    m = _MIXED_LABEL_RE.match(text, pos, pos + 80)
    if m:
        return m.group("label"), m.end(), "mixed"
    return None


#: Words that open a header's "Key: value" line, never a speaker's name.
_HEADER_KEYS = frozenset(
    """Date Time Location Place Venue Source Subject Topic Title Present Attendees
    Participants Posted Published Updated Contact Media Release Embargoed Related Read Watch
    Share Tags Category Filed Photo Video Image Transcript Breaking Fact Key Bottom Editor
    Editors Note Update Correction Summary Background Event Download Listen More See
    Click Follow Sign Subscribe Previous Next Live""".split()
)


#: First words of a topic's heading ("On Iran: ...", "For Dr. Fauci: ...") or of a
#: sentence ("Okay. On Ukraine: ..."), never of a speaker's name.
_TOPIC_WORDS = frozenset(
    """On For To About Regarding Re And But From In At As With So Okay OK Yes Yeah Well Now
    Thanks Thank Sure Right All Also Again First Second Third Finally Look Listen Next Last
    Just Great Good Hi Hello Alright One Quick Another""".split()
)
#: The abbreviations a name's words may end in a full stop after ("Sen. Warren", "J.").
_NAME_ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. Jr. Sr. St. Sen. Rep. Gov. Gen. Adm. Col. Lt. Sgt. Amb. Prof. Capt. "
    "Hon. Rev.".split()
)


def _named_once(text: str, lab: tuple[str, int, str], end: int) -> bool:
    """Whether a mixed-case label said once reads as a speaker's: two words or more, not a
    header's key ("Date:", "Media Contact:") or a topic ("On Iran:"), before six words or
    more holding a sentence and, near their start, no quotation mark."""
    words = lab[0].split()
    if len(words) < 2 or words[0].rstrip(".") in _HEADER_KEYS | _TOPIC_WORDS:
        return False
    if any(w.endswith(".") and w not in _NAME_ABBREVIATIONS and len(w) > 2 for w in words):
        return False  # "Okay. On Ukraine": a sentence ends inside it
    said = text[lab[1] : min(end, lab[1] + 400)]
    # a source read out ("Morgan Stanley: “With strong job growth ...”") is quoted
    return (
        len(said.split()) >= 6
        and any(c in said for c in ".?!")
        and not any(c in said[:80] for c in '“"‘')
    )


# a speaker's name alone on the first line of its paragraph, no colon, the words below it:
# "PRIME MINISTER", "Karine Jean-Pierre" (as some exports and subtitle tools print them)
_LINE_LABEL_RE = re.compile(
    rf"(?P<label>{_CAPS_WORD}(?:{_SP}{_CAPS_WORD}){{0,5}}"
    rf"|[A-Z][a-z’'\-]+\.?(?:{_SP}(?:[A-Z][a-z’'\-]+|[A-Z]\.|de|van|von|da|al)){{0,3}}"
    rf"(?:{_SP}\d{{1,3}})?){_SP}*\n(?=[^\n])"
)


def _line_labels(text: str, blocks: list[Block]) -> None:
    """Label the blocks whose first line is a name alone ("PRIME MINISTER" above the words),
    where at least :data:`PERIOD_LABELS_MIN` blocks open so, of two speakers or more, and
    half of them or more under a name that comes back (a text whose headings stand above
    their paragraphs is no transcript: each heading is printed once)."""
    found = []
    for i, b in enumerate(blocks):
        m = _LINE_LABEL_RE.match(text, b.start, b.end)
        if m and m.group("label") not in _NOT_LABELS and len(m.group("label")) <= 60:
            found.append((i, m))
    labels = [m.group("label") for _, m in found]
    if len(labels) < PERIOD_LABELS_MIN or len(set(labels)) < 2:
        return
    said = {lab: labels.count(lab) for lab in set(labels)}
    if 2 * sum(k for k in said.values() if k >= 2) < len(labels):
        return  # headings are printed once each; speakers come back
    for i, m in found:
        blocks[i].label, blocks[i].body = m.group("label"), m.end()


#: Offices "The" opens a label with, in mixed case: "The Chairman.", "The President."
_THE_OFFICES = frozenset(
    "Chairman Chairwoman Chair President Vice Speaker Clerk Witness Secretary Moderator "
    "Presiding Acting Majority Minority Prime Ambassador Governor Mayor".split()
)


def _office_or_name(label: str) -> bool:
    """Whether a label ending in a full stop names someone: a title and a name ("Mr.
    SCHUMER", "Senator Menendez"), or "The" and an office ("The Chairman", "The PRESIDING
    OFFICER"), not "The Ukraine" opening a sentence."""
    first, _, rest = label.partition(" ")
    if first not in ("The", "THE"):
        return True
    words = rest.split()
    return words[0] in _THE_OFFICES or all(w.isupper() or w in ("pro", "tempore") for w in words)


def _period_blocks(text: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` split before every line that opens with a label ending in a full stop
    ("Mr. SCHUMER.", "Senator Menendez.", "The President." after "Q."), and labelled, where
    the text holds :data:`PERIOD_LABELS_MIN` of them, of two speakers or more, one of them
    recurring; else ``blocks``."""
    cands: list[tuple[int, int, re.Match[str], bool]] = []  # block, position, label, indented
    for i, b in enumerate(blocks):
        for pos in [b.start, *(m.end() for m in _PERIOD_LINE_RE.finditer(text, b.start, b.end))]:
            m = _PERIOD_LABEL_RE.match(text, pos, b.end) if pos >= b.body else None
            if m and _office_or_name(m.group("label")):
                cands.append((i, pos, m, pos > text.rfind("\n", 0, pos) + 1))
    # where labels open indented lines, as the Record prints them, a wrapped line that
    # happens to begin "Secretary Austin. And he said" is no label
    if 2 * sum(c[3] for c in cands) > len(cands):
        cands = [c for c in cands if c[3]]
    at: dict[int, list[tuple[int, re.Match[str]]]] = {}
    for i, pos, m, _ in cands:
        at.setdefault(i, []).append((pos, m))
    labels = [m.group("label") for _, _, m, _ in cands]
    speakers = set(labels) | {b.label for b in blocks if b.label}  # "Q" among them
    if len(labels) < PERIOD_LABELS_MIN or len(speakers) < 2 or len(set(labels)) == len(labels):
        return blocks
    out: list[Block] = []
    for i, b in enumerate(blocks):
        if b.label not in ("", "Q", "A") and b.label.isupper():
            # a capitals label said once among them ("UCLA: “Many key factors..." on a
            # wrapped line) is words of the turn it is in
            b.label, b.body = "", 0
        if i not in at:
            out.append(b)
            continue
        found = dict(at[i])
        edges = sorted({b.start, *found, b.end})
        for s, e in itertools.pairwise(edges):
            n = len(out)
            _close(text, s, e, out)
            if len(out) == n:
                continue
            piece = out[-1]
            if s in found:
                piece.label, piece.body = found[s].group("label"), found[s].end()
            elif s == b.start:
                piece.label, piece.body = b.label, b.body  # "Q." keeps its label
    return out


def _classify(text: str, b: Block) -> str:
    s = text[b.start : b.end]
    if len(s) <= 400 and _STAGE_BLOCK_RE.fullmatch(s):
        return "stage"
    if len(s) <= 80 and _TIME_RE.fullmatch(s):
        return "time"
    if len(s) <= 80 and _MARKER_RE.fullmatch(s):
        return "time" if s.lstrip().startswith("END") else "marker"
    if len(s) <= 600 and _LINK_RE.fullmatch(s):
        return "link"
    if len(s) <= 300 and (_chrome(s) or _CHROME_LINE_RE.fullmatch(s)):
        return "chrome"
    if len(s) <= 300 and _CREDIT_RE.search(s):
        return "credit"
    if len(s) <= 3000 and _NOTE_RE.match(s):
        return "credit"  # "NOTE: The President spoke at 2:05 p.m. ...", the archive's own words
    if _heading_like(s):
        return "heading"
    return "prose"


def _heading_like(s: str) -> bool:
    """One to three short lines with no closing punctuation, words mostly capitalised."""
    lines = s.strip().splitlines()
    return 0 < len(lines) <= 3 and len(s) <= 240 and all(_heading_line(ln) for ln in lines)


def _heading_line(s: str) -> bool:
    s = s.strip().rstrip(")*").rstrip()
    if not s or len(s) > 150 or s[-1] in _TERMINAL:
        return False
    ws = [w for w in re.findall(r"[\w’'\-]+", s) if w.lower() not in _SMALL_WORDS]
    if not ws or len(ws) > 14:
        return False
    caps = sum(w[0].isupper() or w[0].isdigit() for w in ws)
    return caps / len(ws) >= 0.6


def parse_structure(text: str, *, title: str = "", kind: str = "") -> Structure:
    """Find the front matter, header, turns and footer of ``text``.

    Args:
        text: the decoded document.
        title: a known title (from metadata), matched against the first blocks.
        kind: a known document kind; ``"news article"`` forces the news-article reading.

    Returns:
        A :class:`Structure` whose ``segments`` cover every character of ``text`` once.
    """
    st = Structure(text=text)
    from .decode import front_matter  # the one safe loader, shared with the loader's report

    fm, body_start, st.front_matter_problem = front_matter(text)
    st.front_matter = fm
    title = title or " ".join(str(fm.get("title") or "").split())
    raw_segments: list[tuple[str, int, int, int]] = []
    if body_start:
        raw_segments.append(("front_matter", 0, body_start, -1))
    blocks = _blocks(text, body_start)

    # labels: capitals and Q always; mixed case only when it recurs or names a role
    found = [_label_at(text, b.start) for b in blocks]
    if _stamped(text, blocks, found):
        blocks = _blocks(text, body_start, stamped=True)
        found = [_label_at(text, b.start) for b in blocks]
    mixed_counts: dict[str, int] = {}
    for lab in found:
        if lab and lab[2] == "mixed":
            mixed_counts[lab[0]] = mixed_counts.get(lab[0], 0) + 1

    def sure(lab: tuple[str, int, str]) -> bool:
        return bool(
            lab[2] != "mixed"
            or mixed_counts[lab[0]] >= 2
            or lab[0] in _KNOWN_MIXED
            or _NUMBERED_RE.fullmatch(lab[0])
        )

    # beside labels that are sure, a full name said once before words that are sentences
    # ("Prime Minister Rishi Sunak: Good afternoon. Today I want ...")
    others = {lab[0] for lab in found if lab and sure(lab)}
    for b, lab in zip(blocks, found, strict=True):
        if lab and (sure(lab) or (others and _named_once(text, lab, b.end))):
            if b.end - b.start <= 300 and _chrome(text[b.start : b.end]):
                continue  # a banner or footer line never opens a turn
            b.label, b.body = lab[0], lab[1]
    if (
        not any(mixed_counts.get(b.label, 0) > 1 for b in blocks)
        and len(once := [b for b in blocks if b.label not in ("", "Q", "A")]) <= 2
        and len({b.label for b in once}) == len(once)
    ):
        blocks = _period_blocks(text, blocks)
    if not any(b.label for b in blocks):
        _line_labels(text, blocks)
    # a lone "A" label (answer) only counts where "Q" labels exist too
    if not any(b.label == "Q" for b in blocks):
        for b in blocks:
            if b.label == "A":
                b.label, b.body = "", 0

    labelled = [i for i, b in enumerate(blocks) if b.label]
    # what an unlabelled block is (heading, chrome, ...) matters only outside the turns
    lo, hi = (labelled[0], labelled[-1]) if labelled else (len(blocks), -1)
    for i, b in enumerate(blocks):
        if not b.label and (i < lo or i > hi):
            b.kind = _classify(text, b)
    st.labelled = bool(labelled)
    if labelled:
        first, last = labelled[0], labelled[-1]
        # the last turn runs on until the first block that looks like page furniture
        stop = len(blocks)
        for i in range(last + 1, len(blocks)):
            if _furniture(text, blocks[i]):
                stop = i
                break
        # unlabelled speech just before the first label (a host's opening words)
        lead = first
        while lead > 0 and blocks[lead - 1].kind == "prose":
            lead -= 1
        n_lead = sum(len(text[b.start : b.end].split()) for b in blocks[lead:first])
        if n_lead < 40:
            lead = first
        body = blocks[first:stop]
        foot = blocks[stop:]
        _header(st, blocks[:lead], raw_segments, title)
        turn_id = -1
        if lead < first:
            st.turns.append(("", blocks[lead].start, blocks[first - 1].end))
            turn_id = 0
        for k, b in enumerate(body):
            if b.label:
                turn_id += 1
                st.turns.append((b.label, b.body, b.end))
                raw_segments.append(("label", b.start, b.body, turn_id))
            elif b.kind == "time" and (k + 1 == len(body) or body[k + 1].label):
                # the time stamp before the next label ("[00:01:23] MODERATOR:") is no one's
                raw_segments.append(("metadata", b.start, b.end, -1))
            else:
                label, s, e = st.turns[turn_id]
                # a label alone in its paragraph ("Speaker 7 (00:00):", a blank line, then
                # the words): the turn starts at its words
                st.turns[turn_id] = (label, b.start if s >= e else s, b.end)
        _footer(text, foot, raw_segments)
    else:
        news = kind == "news article" or (
            not kind and not _speech_cues(title, fm) and _looks_like_news(text, blocks)
        )
        st.news = news
        _unlabelled(st, blocks, raw_segments, title, news)
    # speech segments (turn spans minus inline stage directions, and minus the time stamps
    # that open lines in a text copied from a video's transcript: "0:05", "00:01:12 So ...")
    line_stamps = len(_LINE_STAMP_RE.findall("\n" + text[:200_000])) >= 3
    stage_re = _STAGE_OR_LINE_STAMP_RE if line_stamps else _STAGE_INLINE_RE
    for t, (_, s, e) in enumerate(st.turns):
        pos = s
        look = line_stamps or _may_hold_stage(text, s, e)
        for m in stage_re.finditer(text, s, e) if look else ():
            if m.start() > pos:
                raw_segments.append(("speech", pos, m.start(), t))
            raw_segments.append(("stage", m.start(), m.end(), t))
            pos = m.end()
        if e > pos:
            raw_segments.append(("speech", pos, e, t))
    st.segments = _fill(text, raw_segments)
    return st


def _may_hold_stage(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` holds "(", "[" or "<", as every inline stage direction does:
    most turns hold none, and three bounded finds cost a fraction of the pattern's scan."""
    return any(text.find(c, s, e) >= 0 for c in "([<")


def _header(
    st: Structure, head: list[Block], out: list, title: str, *, loose: bool = False
) -> None:
    """Title, metadata (location, time, dateline) and boilerplate before the first turn.

    The title is the block that matches a known ``title``, else the first heading (with
    ``loose``, the first short line without closing punctuation, as a news headline is).
    """
    want = " ".join(title.split()).lower()
    provisional = False  # the location was a heading above the title (a menu item, maybe)
    after_title = 0  # lines since the title: a location comes right under it, or above it
    for b in _lines(st.text, head):
        s = st.text[b.start : b.end]
        kind = b.kind
        flat = " ".join(s.split())
        after_title += bool(st.title)
        if provisional and st.title and kind == "heading" and _place_like(flat):
            st.location, provisional = flat, False  # "Geneva, Switzerland" under the title
        if kind in ("chrome", "link", "marker"):
            seg = "boilerplate"
        elif kind == "time" or kind == "credit":
            seg = "metadata"
        elif not st.title and (
            (want and (flat.lower() == want or _similar_title(flat, want)))
            or (not want and kind == "heading" and not _is_date_line(flat))
            or (not want and loose and len(flat) <= 200 and flat[-1] not in ".?!:;,")
        ):
            seg = "title"
            st.title = flat
        elif kind == "heading" and st.title and flat == st.title:
            seg = "boilerplate"  # the headline again (a page's breadcrumb or share box)
        elif kind == "heading" and len(flat) <= 80 and _is_date_line(flat):
            seg = "metadata"  # "January 21, 2022", "Monday, July 31, 2025"
        elif kind == "heading" and len(flat) <= 80 and not st.location and after_title <= 2:
            seg = "metadata"
            st.location, provisional = flat, not st.title
        elif kind == "heading":
            seg = "metadata" if len(flat) <= 80 else "boilerplate"
        elif kind == "stage":
            seg = "metadata"
        elif loose and st.title and kind == "prose":
            seg = "metadata"  # a news story's dek
        else:
            seg = "boilerplate"
        out.append((seg, b.start, b.end, -1))


_WEEKDAY_RE = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day", re.IGNORECASE)


def _is_date_line(s: str) -> bool:
    """``s`` is a date and nothing else (a weekday may come with it)."""
    m = _DATE_IN_TEXT_RE.search(s)
    rest = _WEEKDAY_RE.sub("", s[: m.start()] + s[m.end() :]) if m else "a"
    return not any(c.isalpha() for c in rest)


_OFFICE_WORDS_RE = re.compile(
    r"\b(?:Secretary|President|Minister|Spokesperson|Spokesman|Ambassador|Director|Office|"
    r"Department|Bureau|Ministry|Administration|Council|Agency|Embassy|Press|Remarks)\b"
)


def _place_like(s: str) -> bool:
    """``s`` reads as a place ("Geneva, Switzerland", "Washington, D.C."): two to six words
    with a comma, no office or title word ("Antony J. Blinken, Secretary of State")."""
    return (
        "," in s
        and 2 <= len(s.split()) <= 6
        and s[:1].isupper()
        and not _OFFICE_WORDS_RE.search(s)
        and not _is_date_line(s)
    )


def _lines(text: str, blocks: list[Block]) -> list[Block]:
    """Header and footer blocks line by line (a dek and a chrome line can share a block)."""
    out = []
    for b in blocks:
        if "\n" not in text[b.start : b.end]:
            out.append(b)
            continue
        pos = b.start
        for line in text[b.start : b.end].split("\n"):
            s = pos + len(line) - len(line.lstrip())
            e = pos + len(line.rstrip())
            if e > s:
                lb = Block(s, e)
                lb.kind = _classify(text, lb)
                out.append(lb)
            pos += len(line) + 1
    return out


def _furniture(text: str, b: Block) -> bool:
    """Whether a block after the last turn starts the footer (chrome, heading, marker...)."""
    if b.kind in ("marker", "time", "link", "chrome", "heading", "credit"):
        return True
    first = text[b.start : b.end].split("\n", 1)[0]
    return "\n" in text[b.start : b.end] and len(first.split()) <= 6 and _heading_line(first)


def _similar_title(flat: str, want: str) -> bool:
    a, b = set(flat.lower().split()), set(want.split())
    return len(a & b) >= 0.6 * max(1, min(len(a), len(b)))


def _footer(text: str, foot: list[Block], out: list) -> None:
    for b in _lines(text, foot):
        out.append(
            ("metadata" if b.kind in ("time", "credit") else "boilerplate", b.start, b.end, -1)
        )


_SPEECH_TITLE_RE = re.compile(
    r"^\W*(?:(?:Prepared\s+)?Remarks|Address|Speech|Keynote|Statement|Testimony|Toast|Eulogy)"
    r"\b|\bRemarks\s+(?:by|of|as\s+prepared|at|to|on|before|during)\b|"
    r"\b(?:Address|Speech|Keynote|Commencement|Eulogy|Toast|Testimony)\s*$|"
    r"\bAddress\s+(?:to|on|at|before|by|of)\b|as\s+Prepared\s+for\s+Delivery|"
    r"\bState\s+of\s+the\s+(?:Union|Nation)\b|\bInaugural\b",
    re.IGNORECASE,
)
_SPEECH_TAG_RE = re.compile(r"speech|remarks|address|statement|transcript", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[“\"][^“”\"]{0,3000}[”\"]|‘[^‘\n]{0,3000}?’(?!\w)")
_FIRST_PERSON_RE = re.compile(
    r"\b(?:I|I[’']m|I[’']ve|I[’']ll|I[’']d|[Ww]e|[Ww]e[’']re|[Ww]e[’']ve|"
    r"[Oo]ur|us|[Mm]y|me)\b"
)
#: Share of words outside quotation marks that are first-person pronouns, below which an
#: unlabelled text may be journalism: a reporter writes "she said", a speaker says "I" and
#: "we". Measured on the shared White House speeches (2% to 8%) and the seed news article
#: (0.25%).
FIRST_PERSON_NEWS_MAX = 0.012


def _speech_cues(title: str, fm: dict) -> bool:
    """Whether the title or the front-matter tags say the text is a speech or remarks
    ("Remarks by ...", "... Address", "as Prepared for Delivery", tags: speeches-remarks)."""
    tags = fm.get("tags") or fm.get("categories") or ""
    tags = " ".join(map(str, tags)) if isinstance(tags, list) else str(tags)
    return bool(_SPEECH_TITLE_RE.search(title or "")) or bool(_SPEECH_TAG_RE.search(tags))


def first_person_rate(text: str) -> float:
    """Share of the words outside quotation marks that are first-person pronouns.

    >>> round(first_person_rate('She said the talks were "hard, but we will go on."'), 2)
    0.0
    >>> round(first_person_rate("We will go on. I promise you that our work continues."), 2)
    0.27
    """
    outside = _QUOTED_RE.sub(" ", text)
    n = len(re.findall(r"\w+", outside))
    return len(_FIRST_PERSON_RE.findall(outside)) / n if n else 0.0


def _looks_like_news(text: str, blocks: list[Block]) -> bool:
    """Narration quoting people: several quotations with reporting verbs, or a dateline;
    and the narrator does not speak in the first person (a speech does)."""
    if first_person_rate(text[:200_000]) >= FIRST_PERSON_NEWS_MAX:
        return False
    n_quotes = len(re.findall(r"[\"“][^\"“”\n]{20,2000}[\"”]", text[:200_000])) + len(
        re.findall(r"‘[^‘\n]{20,2000}?’(?!\w)", text[:200_000])
    )  # double or single marks
    n_said = len(re.findall(r"\b(?:said|says|told|added)\b", text[:200_000]))
    dateline = any(
        b.kind == "prose" and _DATELINE_RE.match(text, b.start, b.start + 90) for b in blocks[:12]
    )
    return (n_quotes >= 2 and n_said >= 2) or (dateline and n_quotes >= 1)


def _unlabelled(st: Structure, blocks: list[Block], out: list, title: str, news: bool) -> None:
    """Remarks by one speaker, or a news article: a body of prose between header and footer."""
    text = st.text
    prose = [i for i, b in enumerate(blocks) if b.kind in ("prose", "stage")]
    if not prose:
        _header(st, blocks, out, title)
        return
    first = prose[0]
    if news:
        # the dateline paragraph opens the story: what comes before it is headline and dek
        for i in prose[:6]:
            if _DATELINE_RE.match(text, blocks[i].start, blocks[i].start + 90):
                first = i
                break
    # the body ends before the first run of furniture after the last prose block
    last = prose[-1]
    stop = last + 1
    for i in range(first, last + 1):
        if blocks[i].kind in ("marker", "time") and not any(
            blocks[j].kind == "prose"
            and not _CREDIT_RE.search(text[blocks[j].start : blocks[j].end])
            for j in range(i + 1, len(blocks))
        ):
            stop = i
            break
    if not news:
        # remarks: the body starts after a time stamp near the top
        for i in range(first, min(first + 5, len(blocks))):
            if blocks[i].kind == "time":
                first = next((j for j in prose if j > i), first)
                break
    head = blocks[:first]
    _header(st, head, out, title, loose=news)
    body = blocks[first:stop]
    if news:
        for b in body:
            if b.kind in ("chrome", "link", "marker"):
                out.append(("boilerplate", b.start, b.end, -1))
            elif b.kind in ("credit", "time"):
                out.append(("metadata", b.start, b.end, -1))
            else:
                st.turns.append(("", b.start, b.end))
    else:
        # one turn from the first to the last block of prose
        span = [b for b in body if b.kind not in ("credit",)]
        end_i = max((k for k, b in enumerate(span) if b.kind in ("prose", "stage")), default=-1)
        if end_i >= 0:
            st.turns.append(("", span[0].start, span[end_i].end))
            for b in span[end_i + 1 :]:
                out.append(
                    (
                        "metadata" if b.kind in ("time", "credit") else "boilerplate",
                        b.start,
                        b.end,
                        -1,
                    )
                )
        for b in body:
            if b.kind == "credit":
                out.append(("metadata", b.start, b.end, -1))
    _footer(text, blocks[stop:], out)


def _fill(text: str, raw: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """Sort segments, drop the parts inside turns that other segments cover, fill gaps."""
    # turn-level pieces (label, speech, stage with turn >= 0) are authoritative inside turns
    raw = sorted(raw, key=lambda r: (r[1], r[2]))
    out: list[tuple[str, int, int, int]] = []
    pos = 0
    for kind, s, e, t in raw:
        if e <= pos:
            continue
        s = max(s, pos)
        if s > pos:
            gap = text[pos:s]
            out.append(("whitespace" if not gap.strip() else "boilerplate", pos, s, -1))
        out.append((kind, s, e, t))
        pos = e
    if pos < len(text):
        gap = text[pos:]
        out.append(("whitespace" if not gap.strip() else "boilerplate", pos, len(text), -1))
    return out
