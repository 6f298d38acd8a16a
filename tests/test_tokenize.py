"""Words and sentences: offsets, abbreviations, determinism without NLTK data."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from analysis.tokenize import (
    _SENT_END_RE,
    ABBREVIATIONS,
    initialism_spans,
    sentence_spans,
    word_array,
    word_spans,
    words,
)


def test_words_keep_contractions_hyphens_and_initialisms():
    assert words("He can’t outlast the U.S.-Russia so-called talks at 3 P.M. ($650)") == [
        "He",
        "can’t",
        "outlast",
        "the",
        "U.S.",
        "Russia",
        "so-called",
        "talks",
        "at",
        "3",
        "P.M.",
        "650",
    ]


def test_word_offsets():
    text = "Q\u00a0 Why — now?"
    s, e = word_spans(text)
    assert [text[a:b] for a, b in zip(s, e, strict=True)] == words(text) == ["Q", "Why", "now"]
    assert word_array(text, s, e).to_pylist() == ["Q", "Why", "now"]


def test_word_array_handles_multibyte_text():
    text = "Erdoğan — naïve “café” 😀 ok"
    s, e = word_spans(text)
    assert word_array(text, s, e).to_pylist() == ["Erdoğan", "naïve", "café", "ok"]


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_respect_abbreviations_and_initials():
    text = (
        "Mr. Lavrov met Secretary Antony J. Blinken in Geneva.  The U.S. and Russia "
        "talked at 4 p.m. on Friday.  Why?  “Because,” he said.  Then: (Laughter.)  OK"
    )
    assert split(text) == [
        "Mr. Lavrov met Secretary Antony J. Blinken in Geneva.",
        "The U.S. and Russia talked at 4 p.m. on Friday.",
        "Why?",
        "“Because,” he said.",
        "Then: (Laughter.)",
        "OK",
    ]


def test_sentences_need_a_capital_after_the_stop():
    assert split("It was 3.5 percent. and then some.  Next one.") == [
        "It was 3.5 percent. and then some.",
        "Next one.",
    ]


def test_sentence_spans_within_a_range():
    text = "XX Hello there.  Bye now. YY"
    assert [text[a:b] for a, b in sentence_spans(text, 3, 25)] == ["Hello there.", "Bye now."]


def test_spans_array_cuts_any_spans_as_slicing_does(monkeypatch):
    import numpy as np

    import analysis.tokenize as tk

    data = "Zoë’s 😀 café, naïve — résumé.\nQ  Why?".encode()
    cases = [
        ([0, 7, 12], [4, 11, 20]),  # sorted, apart
        ([0, 4, 4, 9], [4, 4, 9, 9]),  # touching and empty
        ([5, 0], [9, 3]),  # out of order
        ([2, 1], [6, 8]),  # overlapping
        ([6], [2]),  # ends before it starts: empty, like a slice
        ([0], [len(data)]),
    ]
    for chunk in (3, 1 << 22):  # the mask is built a few bytes at a time, or all at once
        monkeypatch.setattr(tk, "_CHUNK", chunk)
        for starts, ends in cases:
            arr = tk.spans_array(data, np.array(starts), np.array(ends))
            offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[: len(starts) + 1]
            got = arr.buffers()[2].to_pybytes() if arr.buffers()[2] else b""
            pieces = [got[a:b] for a, b in itertools.pairwise(offsets.tolist())]
            assert pieces == [data[a:b] for a, b in zip(starts, ends, strict=True)]


#: The initialism pattern as first written, with the look-behind in front.
_PLAIN_INITIALISM = re.compile(r"(?<![\w.])(?:[A-Za-z]\.){2,}(?![A-Za-z])")


@given(st.text(alphabet="aZ.é_1 -\n", max_size=40))
def test_initialisms_are_those_of_the_plain_pattern(text):
    found = initialism_spans(text)
    assert found == [m.span() for m in _PLAIN_INITIALISM.finditer(text)]


def test_initialisms():
    text = "U.S.-Russia talks at 9 a.m. on x.Y.Z, not .A.B. or e.g"
    assert [text[a:b] for a, b in initialism_spans(text)] == ["U.S.", "a.m."]


#: The sentence-end pattern as first written, with one look-behind per abbreviation.
_PLAIN_SENT_END = re.compile(
    r"[.?!…]"
    + "".join(f"(?<!\\b{re.escape(a)}\\.)" for a in ABBREVIATIONS)
    + r"(?<!\b[A-Z]\.)[.?!…]*[\"”’')\]*]*(?=\s+[\"“‘'(\[*]*[A-Z0-9¡¿\u00c0-\u024f])"
)
_PIECES = [*ABBREVIATIONS, "xMr", "A", "b", "é", "_", "1", ".", "?", "…", "”", ")", " ", "\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_sentence_ends_are_those_of_the_plain_pattern(pieces):
    text = "".join(pieces)
    found = [m.span() for m in _SENT_END_RE.finditer(text)]
    assert found == [m.span() for m in _PLAIN_SENT_END.finditer(text)]


def test_sentence_ends_skip_abbreviations_of_every_length():
    text = "Ask Mr. Lee. Ask Capt. Lee. Ask Messrs. Lee and co. Then approx. Ten."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Ask Mr. Lee.",
        "Ask Capt. Lee.",
        "Ask Messrs. Lee and co.",  # "Co." is an abbreviation, "co." is not
        "Then approx. Ten.",
    ]
