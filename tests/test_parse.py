"""Structure: random transcripts come back as the turns they were built from."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis

LABELS = [
    "Q",
    "QUESTION",
    "MS. JEAN-PIERRE",
    "SECRETARY BLINKEN",
    "MR PRICE",
    "MODERATOR",
    "THE PRESIDENT",
    "SENIOR ADMINISTRATION OFFICIAL",
    "DR. JHA",
]
WORDS = [
    "the",
    "war",
    "and",
    "we",
    "can’t",
    "outlast",
    "sanctions",
    "Ukraine",
    "NATO",
    "allies",
    "so-called",
    "$650",
    "million",
    "U.S.",
    "it’s",
    "clear",
    "talks",
    "Geneva",
]
HEADERS = [
    "An official website of the United States Government Here's how you know\n\n"
    "Official websites use .gov",
    "James S. Brady Press Briefing Room\n\n3:05 P.M. EST",
    "IE 11 is not supported. For an optimal experience visit our site on another browser.",
    "",
]
FOOTERS = [
    "# # #\n\nU.S. Department of State\n\nThe Lessons of 1989: Freedom and Our Future",
    "END 1:45 P.M. EST",
    "Latest articles\n\nRelated articles",
    "3:56 P.M. EST",
    "",
]
SEPARATORS = ["\n\n", "\n\u00a0 \n\u00a0 \n", "\n \n", "\n\n\n"]
AFTER_LABEL = [":  ", ":\u00a0 ", ": ", ":\u00a0\u00a0"]


@st.composite
def sentences(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    end = draw(st.sampled_from([".", "?", "!", " —"]))
    s = " ".join(words)
    return s[0].upper() + s[1:] + end


@st.composite
def paragraphs(draw):
    sents = draw(st.lists(sentences(), min_size=1, max_size=4))
    if draw(st.booleans()):
        sents.insert(draw(st.integers(0, len(sents))), "(Laughter.)")
    return "  ".join(sents)


@st.composite
def transcripts(draw):
    turns = []
    for _ in range(draw(st.integers(1, 8))):
        label = draw(st.sampled_from(LABELS))
        paras = draw(st.lists(paragraphs(), min_size=1, max_size=3))
        turns.append((label, paras))
    return (
        draw(st.sampled_from(HEADERS)),
        turns,
        draw(st.sampled_from(FOOTERS)),
        draw(st.sampled_from(SEPARATORS)),
        draw(st.sampled_from(AFTER_LABEL)),
    )


def render(header, turns, footer, sep, after):
    parts = [header] if header else []
    bodies = []
    for label, paras in turns:
        mark = "Q    " if label == "Q" else label + after
        body = sep.join(paras)
        bodies.append(body)
        parts.append(mark + body)
    if footer:
        parts.append(footer)
    return sep.join(parts), bodies


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_random_transcripts_round_trip(case):
    header, turns, footer, sep, after = case
    text, bodies = render(header, turns, footer, sep, after)
    c = analysis.parse_text(text)
    assert c.turns["speaker"].tolist() == [label for label, _ in turns]
    assert c.turns["text"].tolist() == bodies
    doc = c.documents["text"].iloc[0]
    assert doc == text
    for r in c.turns.itertuples():
        assert doc[r.start : r.end] == r.text
    assert "".join(c.segments["text"]) == text
    stage = c.segments[c.segments["kind"] == "stage"]["text"]
    assert set(stage) <= {"(Laughter.)"}
    # every word of every turn is a token, and no stage direction is
    n_laughter = sum(b.count("(Laughter.)") for b in bodies)
    assert len(stage) == n_laughter
    assert "Laughter" not in set(c.tokens["text"])
    words = sum(len(analysis.tokenize.words(b.replace("(Laughter.)", ""))) for b in bodies)
    assert len(c.tokens) == words == c.turns["n_words"].sum()


def test_labels_and_continuations():
    text = (
        "Q    Mr. President, how could this gentl- — how could this man have\n"
        "gotten weapons?\n\nTHE PRESIDENT:  Well —\n\nQ    — weeks.\n\n"
        "THE PRESIDENT:  — allegedly.\n\nAnd it turns out.\n\n12:02 P.M. EST"
    )
    c = analysis.parse_text(text, title="Remarks by President Biden on the Hostage Situation")
    t = c.turns
    assert t["speaker"].tolist() == ["Q", "THE PRESIDENT", "Q", "THE PRESIDENT"]
    assert t["text"].tolist()[-1] == "— allegedly.\n\nAnd it turns out."
    assert t["speaker_name"].tolist()[1] == "Biden"
    seg = c.segments
    assert seg.loc[seg["kind"] == "metadata", "text"].tolist() == ["12:02 P.M. EST"]


def test_time_stamp_and_label_on_one_line():
    text = "Via Teleconference\n\n5:19 P.M. EDT MODERATOR:  Thanks, everyone.\n\nQ  Why?"
    c = analysis.parse_text(text)
    assert c.turns["speaker"].tolist() == ["MODERATOR", "Q"]
    seg = c.segments
    assert "5:19 P.M. EDT" in seg.loc[seg["kind"] == "metadata", "text"].tolist()


def test_unlabelled_remarks_are_one_statement():
    text = (
        "The Smith Center\nLas Vegas, Nevada\n\n12:59 P.M. PST\n\n"
        "Well, Mr. President, I have to tell you.  (Laughter.)\n\nThank you.\n\n1:18 P.M. PST"
    )
    c = analysis.parse_text(text, title="Remarks by President Biden at the Memorial")
    assert len(c.turns) == 1
    assert c.turns["text"].iloc[0] == (
        "Well, Mr. President, I have to tell you.  (Laughter.)\n\nThank you."
    )
    assert c.turns["role"].iloc[0] == "statement"
    assert c.turns["speaker_name"].iloc[0] == "Biden"
    assert c.documents["kind"].iloc[0] == "remarks"


def test_mixed_case_labels_need_to_recur():
    text = (
        "Blinken:  We are clear.\n\nGuthrie:  Why?\n\nBlinken:  Because.\n\n"
        "Guthrie:  Thanks.\n\nNote:  this is not a label."
    )
    c = analysis.parse_text(text)
    assert c.turns["speaker"].tolist() == ["Blinken", "Guthrie", "Blinken", "Guthrie"]
    assert c.turns["text"].iloc[-1].endswith("Note:  this is not a label.")


def test_front_matter_becomes_metadata():
    text = (
        "---\ntitle: \"Press Briefing by Press Secretary Jen\\_Psaki\"\ndate: '2022-01-04'\n"
        "source_url: https://example.gov/briefing/\n---\n \nJames S. Brady Press Briefing Room"
        "\n\nMS. PSAKI:  Hi.\n\nQ  Why?\n"
    )
    c = analysis.parse_text(text)
    d = c.documents.iloc[0]
    assert d["title"] == "Press Briefing by Press Secretary Jen Psaki"  # YAML "\\_" is U+00A0
    assert str(d["date"].date()) == "2022-01-04"
    assert d["source"] == "example.gov"
    assert d["kind"] == "press briefing"
    assert d["location"] == "James S. Brady Press Briefing Room"
    assert c.segments["kind"].iloc[0] == "front_matter"
