"""Words and sentences with character offsets, the same on every machine.

No NLTK data is needed: words come from one regular expression and sentences from a rule
set with a shipped list of abbreviations (titles, initials, months), which is what Punkt
would learn from this kind of text but without the download or the training run.

A *word* is a run of letters or digits, keeping inner apostrophes and hyphens
(``can’t``, ``so-called``, ``U.S.-Russia`` is ``U.S.`` and ``Russia``), or an initialism
written with dots (``U.S.``, ``P.M.``).

>>> words("He can’t outlast the U.S. or so-called allies.")
['He', 'can’t', 'outlast', 'the', 'U.S.', 'or', 'so-called', 'allies']
>>> [("Mr. Price thanked him.  Then Q asked: why?")[s:e]
...  for s, e in sentence_spans("Mr. Price thanked him.  Then Q asked: why?")]
['Mr. Price thanked him.', 'Then Q asked: why?']
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa

# Character classes for the vectorised word finder: 1 = word character (what ``\w`` matches:
# letters, digits, underscore), 2 = joins two word characters (apostrophes, hyphen).
_N = 0x10000
_CLASS = np.zeros(_N + 1, dtype=np.uint8)
_CLASS[[c for c in range(_N) if chr(c).isalnum() or c == 0x5F]] = 1
_CLASS[[ord("'"), ord("’"), ord("-")]] = 2
_SPACE = np.zeros(_N + 1, dtype=bool)
_SPACE[[c for c in range(_N) if chr(c).isspace()]] = True
# Two or more "letter." pairs, not preceded by a word character or a full stop and not
# followed by a letter: "U.S.", "a.m.". The match opens at the first full stop, one character
# after the initialism, so that the engine jumps from full stop to full stop instead of
# trying every letter; the look-behinds check the letter and what precedes it (same spans as
# a leading (?<![\w.]), eight times faster).
_INITIALISM_RE = re.compile(
    r"\.(?:(?<=^[A-Za-z]\.)|(?<=[^\w.][A-Za-z]\.))(?:[A-Za-z]\.)+(?![A-Za-z])"
)


def initialism_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of the initialisms of ``text`` ("U.S.", "a.m.").

    >>> initialism_spans("The U.S. at 9 a.m., not x.Y.Z or e.g")
    [(4, 8), (14, 18)]
    """
    return [(m.start() - 1, m.end()) for m in _INITIALISM_RE.finditer(text)]


#: Words after which a full stop does not end a sentence (as printed; single capital
#: letters, "a.m."/"p.m.", "e.g."/"i.e." are handled as well).
ABBREVIATIONS = tuple(
    """Mr Mrs Ms Messrs Dr St Sr Jr Gen Sen Sens Rep Reps Gov Lt Col Sgt Capt Cmdr Adm Maj
    Amb Hon Rev Prof Pres Sec Supt Insp Det Gens vs Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec Mt Ft Ave Blvd Dept Inc Ltd Co Corp Fig Vol approx a.m p.m e.g i.e""".split()
)

# A sentence ends at terminal punctuation (and any closing quotes or brackets) followed by
# space and a capital or a digit, unless the full stop closes an abbreviation or an initial.
# Each look-behind is fixed-width, so the pattern stays linear on any input.
# One look-behind per length of abbreviation (each must be of fixed width), not one per
# abbreviation: the same test, twice as fast, as the engine runs it at every full stop.
_NOT_ABBR = (
    "".join(
        f"(?<!\\b(?:{'|'.join(re.escape(a) for a in ABBREVIATIONS if len(a) == n)})\\.)"
        for n in sorted({len(a) for a in ABBREVIATIONS})
    )
    + r"(?<!\b[A-Z]\.)"
)
_SENT_END_RE = re.compile(
    rf"[.?!…]{_NOT_ABBR}[.?!…]*[\"”’')\]*]*(?=\s+[\"“‘'(\[*]*[A-Z0-9¡¿\u00c0-\u024f])"
)


def words(text: str) -> list[str]:
    """The words of ``text``, in order (see the module docstring for what a word is)."""
    starts, ends = word_spans(text)
    return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def codepoints(text: str) -> np.ndarray:
    """The characters of ``text`` as a numpy array of code points (one per ``str`` index)."""
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def word_spans(text: str, cp: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the words of ``text``, found with numpy in one pass.

    Each character is classed by a lookup table (word character, joiner, other); a joiner
    between two word characters joins them ("can’t", "so-called"); initialisms ("U.S.") are
    found by a regular expression. Characters beyond the Basic Multilingual Plane (emoji)
    never belong to a word.

    >>> s, e = word_spans("Hi, Jen. The U.S.-Russia talks can’t wait.")
    >>> s.tolist(), e.tolist()
    ([0, 4, 9, 13, 18, 25, 31, 37], [2, 7, 12, 17, 24, 30, 36, 41])
    """
    if not text:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    cp = codepoints(text) if cp is None else cp
    cls = np.take(_CLASS, cp, mode="clip")
    word = cls == 1
    join = np.zeros_like(word)
    join[1:-1] = (cls[1:-1] == 2) & word[:-2] & word[2:]
    word |= join
    if "." in text:
        for a, b in initialism_spans(text):
            word[a:b] = True
            if b < len(word) and cls[b] == 2:  # "U.S.-Russia": "U.S." then "Russia"
                word[b] = False
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


_CHUNK = 1 << 22  # bytes of text masked at a time


def byte_positions(cp: np.ndarray) -> np.ndarray:
    """The UTF-8 byte offset of every character (and of the end), from code points."""
    pos = np.zeros(len(cp) + 1, dtype=np.int64)
    nbytes = (cp >= 0x80).view(np.uint8) + (cp >= 0x800).view(np.uint8)
    nbytes += (cp >= 0x10000).view(np.uint8) + 1
    np.cumsum(nbytes, out=pos[1:])
    return pos


def word_array(
    text: str, starts: np.ndarray, ends: np.ndarray, cp: np.ndarray | None = None
) -> pa.LargeStringArray:
    """The words ``text[starts[i]:ends[i]]`` as an Arrow string array, without making a
    Python string per word (a gather over the UTF-8 bytes)."""
    if not len(starts):
        return pa.array([], type=pa.large_string())
    data = text.encode("utf-8")
    if len(data) == len(text):  # ASCII: byte offsets are character offsets
        return spans_array(data, starts, ends)
    pos = byte_positions(codepoints(text) if cp is None else cp)
    return spans_array(data, pos[starts], pos[ends])


def spans_array(data: bytes, starts: np.ndarray, ends: np.ndarray) -> pa.LargeStringArray:
    """The UTF-8 byte spans ``data[starts[i]:ends[i]]`` as an Arrow string array.

    A span that ends before it starts is empty, as a slice is. Sorted spans that do not
    overlap are cut out with one byte mask (a byte per byte of ``data``); others with an
    index per byte."""
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.maximum(np.asarray(ends, dtype=np.int64), starts)
    lengths = ends - starts
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    buf = np.frombuffer(data, dtype=np.uint8)
    if not len(starts):
        return pa.array([], type=pa.large_string())
    if bool(np.all(starts[1:] >= ends[:-1])):
        # a byte mask, a few MB of the data at a time, written straight into the result
        picked = np.empty(int(offsets[-1]), dtype=np.uint8)
        cut = np.searchsorted(starts, np.arange(0, max(len(buf), 1), _CHUNK), side="left")
        for i, j in zip(cut.tolist(), [*cut[1:].tolist(), len(starts)], strict=True):
            if i == j:
                continue
            lo, hi = int(starts[i]), int(ends[j - 1])
            inside = np.zeros(hi - lo + 1, dtype=np.int8)
            full = lengths[i:j] > 0  # spans with bytes: their starts (and ends) are distinct
            inside[starts[i:j][full] - lo] += 1
            inside[ends[i:j][full] - lo] -= 1
            np.cumsum(inside, dtype=np.int8, out=inside)  # 1 inside a span, 0 outside
            picked[offsets[i] : offsets[j]] = buf[lo:hi][inside[:-1].view(bool)]
    else:
        picked = buf[np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1])]
    return pa.LargeStringArray.from_buffers(
        len(starts), pa.py_buffer(offsets), pa.py_buffer(picked)
    )


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, trimmed of surrounding space.

    A sentence ends at ``.``, ``?``, ``!`` or ``…`` (with any closing quotes) when the next
    word starts with a capital or a digit and the full stop does not close an abbreviation
    (``Mr.``, ``U.S.``, ``J.``).

    Args:
        text: the text to split (usually a whole document).
        start: offset to begin at; defaults to 0.
        end: offset to stop at; defaults to the end of ``text``.

    Returns:
        A list of ``(start, end)`` offsets into ``text``.
    """
    if end is None:
        end = len(text)
    spans = []
    s = start
    for m in _SENT_END_RE.finditer(text, start, end):
        spans.append(_trim(text, s, m.end()))
        s = m.end()
    spans.append(_trim(text, s, end))
    return [t for t in spans if t[1] > t[0]]


def sentence_arrays(
    text: str, cuts: np.ndarray, cp: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Sentences of a whole document in one pass, as ``(starts, ends)`` arrays.

    Same rule as :func:`sentence_spans`; ``cuts`` are offsets a sentence never crosses
    (the start and end of every turn). Spans holding only white space are dropped.

    >>> text = "Hi there.  Bye now.   Next turn."
    >>> s, e = sentence_arrays(text, np.array([0, 19, 22, 32]))
    >>> [text[a:b] for a, b in zip(s.tolist(), e.tolist())]
    ['Hi there.', 'Bye now.', 'Next turn.']
    """
    ends = np.fromiter((m.end() for m in _SENT_END_RE.finditer(text)), dtype=np.int64)
    pts = np.unique(np.concatenate([np.asarray(cuts, dtype=np.int64), ends, [0, len(text)]]))
    a, b = pts[:-1], pts[1:]
    cp = codepoints(text) if cp is None else cp
    solid = np.flatnonzero(~np.take(_SPACE, cp, mode="clip"))
    if not len(solid):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    i = np.searchsorted(solid, a)  # first non-space at or after a
    j = np.searchsorted(solid, b) - 1  # last non-space before b
    start = solid[np.minimum(i, len(solid) - 1)]
    end = solid[np.maximum(j, 0)] + 1
    ok = (i < len(solid)) & (j >= 0) & (start < b) & (end > a) & (start < end)
    return start[ok], end[ok]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
