"""Words and sentences: offsets, abbreviations, determinism without NLTK data."""

from __future__ import annotations

from analysis.tokenize import sentence_spans, word_array, word_spans, words


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
