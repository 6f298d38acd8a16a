"""Quotations in news articles and the speaker each is attributed to."""

from __future__ import annotations

import pytest

import analysis
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


BRITISH = (
    "Blinken says Russia must choose diplomacy\n\n"
    "By James Landale, Diplomatic correspondent\n\n"
    "GENEVA — The US Secretary of State has warned Russia that an invasion of Ukraine would "
    "be met with a ‘swift, severe’ response.\n\n"
    "Speaking after talks with Sergei Lavrov, Antony Blinken said: ‘If any Russian military "
    "forces move across Ukraine’s border, that’s a renewed invasion.’\n\n"
    "He added that the talks were ‘frank and substantive’, and that Nato’s door stays open.\n\n"
    "Mr Lavrov told reporters the two sides would keep talking. ‘We agreed that we need to "
    "have a reasonable dialogue,’ he said.\n\n"
    "Nato allies have been sending weapons to Ukraine in recent weeks."
)


def test_an_article_quoting_in_single_marks_is_news_with_its_quotes():
    c = analysis.parse_text(BRITISH)
    assert c.documents["kind"].iloc[0] == "news article"
    assert c.documents["title"].iloc[0] == "Blinken says Russia must choose diplomacy"
    # apostrophes (Ukraine’s, that’s, Nato’s) neither open nor close a quote
    assert c.quotes[["text", "speaker"]].values.tolist() == [
        [
            "If any Russian military forces move across Ukraine’s border, that’s a renewed "
            "invasion.",
            "Antony Blinken",
        ],
        ["We agreed that we need to have a reasonable dialogue,", "Sergei Lavrov"],
    ]
    t = c.documents["text"].iloc[0]
    assert all(t[s:e] == q for s, e, q in c.quotes[["start", "end", "text"]].values)
