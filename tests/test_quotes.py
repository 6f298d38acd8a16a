"""Quotations in news articles and the speaker each is attributed to."""

from __future__ import annotations

import pytest

from analysis.quotes import extract_quotes


def speakers(article: str) -> list[str]:
    return [q["speaker"] for q in extract_quotes(article, [(0, len(article))])]


@pytest.mark.parametrize(
    ("article", "who"),
    [
        # a name after the quote, with an appositive before the verb
        (
            'The talks stalled. "We are not going to negotiate in public on this," John Kirby, '
            "the National Security Council spokesman, told reporters.",
            "John Kirby",
        ),
        # a pronoun before the quote, the quote inside the sentence
        (
            "John Kirby spoke on Monday. He said the administration's \"commitment to Ukraine "
            'will last as long as it takes."',
            "John Kirby",
        ),
        # a name and an appositive before the quote
        (
            'Jane Roe, a spokeswoman for the agency, said on Tuesday that "the review will be '
            'finished within weeks, not months."',
            "Jane Roe",
        ),
        # the verb first: "said Kirby"
        ('"We would like to see it end now," said Kirby.', "Kirby"),
        # a verb and a comma before the quote
        ('Asked about aid, Kirby replied, "We simply do not know the answer yet."', "Kirby"),
    ],
)
def test_attribution_forms(article, who):
    assert speakers(article) == [who]


def test_a_pronoun_after_a_quote_is_the_last_speaker():
    art = '"We would like to see it end now," Kirby said. "Nobody wants a second year," he added.'
    assert speakers(art) == ["Kirby", "Kirby"]


def test_a_surname_is_completed_from_the_article():
    art = (
        "Secretary of State Antony Blinken arrived in Vilnius. "
        '"The alliance is more united than it has ever been," Blinken said.'
    )
    assert speakers(art) == ["Antony Blinken"]


def test_short_and_title_like_quotes_are_not_speech():
    art = 'He appeared on "Andrea Mitchell Reports" and called them "bomblets" twice.'
    assert extract_quotes(art, [(0, len(art))]) == []
