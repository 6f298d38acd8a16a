"""The finding sentences: true on the seeds, and saying the opposite where the data does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import ARTICLE, AVAILABILITY, DATA, INTERVIEW

import analysis
from analysis import findings as F
from analysis import lengths, phrases, topics
from analysis import provenance as prov
from analysis.style import head, wrapped_html

SHORT_ANSWERS = (
    "Q  Why did the administration wait so long before sending the new aid package to the "
    "region, and what will it cost?\n\n"
    "MS. LEE:  We did not.\n\n"
    "Q  And the tariffs on steel imports from Canada and Mexico next month?\n\n"
    "MS. LEE:  No.\n"
)


def corpus_of(tmp_path: Path, files: dict[str, str]) -> analysis.Corpus:
    """A corpus of small files written to ``tmp_path``."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return analysis.load_corpus(tmp_path)


@pytest.fixture(scope="module")
def article_only(tmp_path_factory: pytest.TempPathFactory) -> analysis.Corpus:
    folder = tmp_path_factory.mktemp("article")
    (folder / f"{ARTICLE}.txt").write_text(
        (DATA / f"{ARTICLE}.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return analysis.load_corpus(folder)


# -- helpers -------------------------------------------------------------------------------


def test_md_escapes_html_and_markdown() -> None:
    assert F.md("<script>*x*</script>") == "&lt;script&gt;\\*x\\*&lt;/script&gt;"
    assert F.md("a\nb") == "a b"


def test_head_says_how_many_more_and_where() -> None:
    df = pd.DataFrame({"text": ["x" * 500] * 30})
    h = head(df, 10, table="turns")
    assert len(h.frame) == 10 and h.total == 30
    assert h.note == "… and 20 more rows, 30 in all: every row is in tables/turns.csv."
    assert "tables/turns.csv" in h._repr_html_()
    assert head(df, 40).note == ""
    assert (
        "lengths.qa_lengths(corpus) returns them all"
        in head(df, 5, call="lengths.qa_lengths(corpus)").note
    )


def test_wrapped_html_wraps_and_escapes() -> None:
    out = wrapped_html(pd.DataFrame({"t": ["<b>long</b>"]}))
    assert "white-space:normal" in out and "&lt;b&gt;" in out and "<b>" not in out


# -- 01 ------------------------------------------------------------------------------------


def test_corpus_summary(seeds: analysis.Corpus, tmp_path: Path) -> None:
    text = F.corpus_summary(seeds)
    assert text.startswith("3 documents by kind: ")
    assert "dated 21 January 2022 to 11 July 2023" in text
    assert "14 questions and 13 news quotes" in text
    one = corpus_of(tmp_path, {"a.txt": "MS. LEE:  Good morning, everyone."})
    assert "no questions and no news quotes" in F.corpus_summary(one)


def test_segments_finding(seeds: analysis.Corpus) -> None:
    text = F.segments_finding(seeds)
    assert text.startswith("Speech and speaker labels make up 96% of the characters")
    assert "The most furniture is in 2023-07-11 news article" in text
    clean = analysis.parse_text("MS. LEE:  Good morning.")
    assert "nothing was taken out as page furniture" in F.segments_finding(clean)


def test_speakers_finding(seeds: analysis.Corpus) -> None:
    text = F.speakers_finding(seeds)
    assert "In 3 of 3 documents one speaker says more than half" in text
    assert "Antony J. Blinken in 2022-01-21 press availability (83%)" in text
    assert "4,424 of 6,201 (71%)" in text
    even = analysis.parse_text("Q  One two three four?\n\nMS. LEE:  Five six seven eight.")
    assert F.speakers_finding(even).startswith("In none of the 1 document does one speaker")


def test_qa_finding(seeds: analysis.Corpus) -> None:
    assert F.qa_finding(seeds) == (
        "14 questions in 2 documents; 13 answered, 9 asked again by the same questioner, "
        "2 cut off. Cues in the text name 5 questioners."
    )
    assert F.qa_finding(analysis.parse_text("MS. LEE:  Remarks.")).startswith("No document here")


def test_quotes_finding(seeds: analysis.Corpus, article_only: analysis.Corpus) -> None:
    assert F.quotes_finding(seeds) == (
        "13 quotes in 1 article; 13 attributed to a speaker, most to Antony Blinken (12)."
    )
    assert F.quotes_finding(article_only) == F.quotes_finding(seeds)
    assert "no news article" in F.quotes_finding(analysis.parse_text("Q  Why?"))


def test_problems_finding(seeds: analysis.Corpus, tmp_path: Path) -> None:
    assert F.problems_finding(seeds).startswith("No file had a problem")
    bad = corpus_of(tmp_path, {"a.txt": "MS. LEE:  Fine.", "b.txt": ""})
    assert F.problems_finding(bad).startswith("1 file had a problem or a caveat")


# -- 02 ------------------------------------------------------------------------------------


def test_qa_overview(seeds: analysis.Corpus) -> None:
    text = F.qa_overview(seeds)
    assert "the median question runs 64 words and the median answer 155" in text
    assert "Answers run longest in 2022-01-21 press availability (median 336 words)" in text
    assert "shortest in 2023-07-11 interview (144)" in text
    assert F.qa_overview(analysis.parse_text("MS. LEE:  Remarks.")).startswith("No document")


def test_lengths_finding(seeds: analysis.Corpus) -> None:
    text = F.lengths_finding(seeds)
    assert text.startswith("Over all documents, the median answer turn is 154 words")
    assert "the median question turn is 58 words (quartiles 19–72, 16 turns)" in text


def test_shares_finding(seeds: analysis.Corpus) -> None:
    text = F.shares_finding(seeds)
    assert "any one speaker takes is 100%: the unlabelled narration in 2023-07-11 news" in text
    assert "more words than the questioners in 2 of the 2 documents" in text
    long_q = analysis.parse_text(
        "Q  Will the new sanctions on the banks take effect this week or next?\n\nMS. LEE:  Yes."
    )
    assert "in 0 of the 1 document with questions" in F.shares_finding(long_q)


def test_qa_spread_finding(seeds: analysis.Corpus) -> None:
    assert F.qa_spread_finding(seeds).startswith(
        "Answers run longer than questions: a median 155 words against 66."
    )
    opposite = analysis.parse_text(SHORT_ANSWERS)
    assert F.qa_spread_finding(opposite).startswith("Questions run longer than answers")


def test_answer_vs_question_finding(seeds: analysis.Corpus) -> None:
    text = F.answer_vs_question_finding(seeds)
    assert text.startswith("13 of 13 answered questions (100%) get an answer longer")
    assert "rank correlation of the two lengths is 0.64: longer questions tend" in text
    assert F.answer_vs_question_finding(analysis.parse_text(SHORT_ANSWERS)).startswith(
        "0 of 2 answered questions (0%)"
    )


def test_timeline_finding(seeds: analysis.Corpus) -> None:
    assert lengths.busiest(seeds, 3, questions=True) == [AVAILABILITY, INTERVIEW]
    text = F.timeline_finding(seeds, AVAILABILITY)
    assert text.startswith("2022-01-21 press availability: 21 turns. The longest is turn 0")
    assert "964 words by Antony J. Blinken (statement)" in text
    assert F.timelines_intro(seeds, []).startswith("No document has questions")


def test_least_responsive(seeds: analysis.Corpus) -> None:
    least = lengths.responsiveness(seeds, least=5)
    text = F.least_responsive_finding(seeds, least)
    assert "in 2023-07-11 interview: to the question from Savannah" in text
    assert "uses 2 of its 34 content words" in text
    # floor-passing and very short answers are not answers
    short = lengths.responsiveness(analysis.parse_text(SHORT_ANSWERS), least=5)
    assert short.empty
    assert F.least_responsive_finding(seeds, short).startswith("No answer here is long enough")


def test_least_responsive_leaves_out_floor_passing(tmp_path: Path) -> None:
    c = analysis.parse_text(
        "Q  What about the strike at the ports and the shipping costs it brings?\n\n"
        "MS. LEE:  Go ahead,\nNancy.\n\n"
        "Q  What about the border funding in the supplemental request?\n\n"
        "MS. LEE:  The supplemental request includes border funding, more agents and judges, "
        "and we urge Congress to pass it without delay this week."
    )
    all_rows = lengths.responsiveness(c)
    assert "Go ahead, Nancy." in all_rows["answer"].tolist()  # line break flattened
    least = lengths.responsiveness(c, least=5)
    assert least["answer"].str.startswith("The supplemental").tolist() == [True]


# -- 03 ------------------------------------------------------------------------------------


def test_top_phrases_and_choice(seeds: analysis.Corpus) -> None:
    chosen = phrases.top_phrases(seeds, 4)
    assert chosen == [
        "allies and partners",
        "minister lavrov",
        "cluster munitions",
        "foreign minister",
    ]
    assert F.phrases_chosen(chosen, given=False).startswith(
        "The phrases followed below are the ones that recur"
    )
    assert "given in the parameters cell" in F.phrases_chosen(["x"], given=True)
    assert F.phrases_chosen([], given=False).startswith("No phrase is said twice")


def test_kwic_finding(seeds: analysis.Corpus) -> None:
    assert F.kwic_finding(seeds, "outlast") == (
        "“outlast” is said 10 times, in 2 documents, most often by Antony J. Blinken (7)."
    )
    assert F.kwic_finding(seeds, "zzyzx") == "“zzyzx” does not occur in these documents."


def test_dispersion_finding(seeds: analysis.Corpus) -> None:
    text = F.dispersion_finding(phrases.dispersion(seeds, ["cluster munitions"]))
    assert text.startswith("“cluster munitions”: 10 uses in 2 documents, at a median 23%")
    assert text.endswith("(early).")
    late = analysis.parse_text("MS. LEE:  " + "word " * 40 + "finale finale.")
    assert F.dispersion_finding(phrases.dispersion(late, ["finale"])).endswith("(late).")


def test_keyness_finding(seeds: analysis.Corpus, article_only: analysis.Corpus) -> None:
    key = phrases.keyness(seeds, "question", by="role", min_count=3)
    text = F.keyness_finding(key, rest="everything else")
    assert text.startswith("The words most typical of questions are “secretary”, “thank”")
    assert "of everything else, “concerns”" in text
    empty = phrases.keyness(article_only, "question", by="role", empty_ok=True)
    assert empty.empty
    assert F.keyness_finding(empty).startswith("There is nothing to compare")
    with pytest.raises(ValueError):
        phrases.keyness(article_only, "question", by="role")


def test_passages_finding(seeds: analysis.Corpus) -> None:
    text = F.passages_finding(phrases.repeated_passages(seeds))
    assert text.startswith("19 passages recur: 12 within one document and 7 across documents")
    plain = analysis.parse_text("MS. LEE:  Nothing here is said twice by anybody at all.")
    assert F.passages_finding(phrases.repeated_passages(plain)).startswith("No passage")


def test_dispersion_with_no_match_is_empty(seeds: analysis.Corpus) -> None:
    assert phrases.dispersion(seeds, ["zzyzx"]).empty  # used to raise IndexError


# -- 04 ------------------------------------------------------------------------------------


def test_topic_findings(seeds: analysis.Corpus) -> None:
    mix = topics.topic_mix(seeds)
    assert topics.top_topic(mix) == "russia"
    text = F.topic_mix_finding(mix, corpus=seeds)
    assert text.startswith("The topics with the most hits are Russia and the Kremlin (133)")
    dens = F.topic_density_finding(mix, corpus=seeds)
    assert dens.startswith("The densest in topic words is 2023-07-11 news article, 112.6")
    spk = F.topic_speaker_finding(topics.topic_mix(seeds, by="speaker"))
    assert spk.startswith("SECRETARY BLINKEN says the most topic words (326")
    flow = F.topic_flow_finding(seeds, AVAILABILITY)
    assert flow == (
        "2022-01-21 press availability touches 8 topics. Russia and the Kremlin leads both its "
        "first and its last third."
    )


def test_topic_findings_when_nothing_matches() -> None:
    c = analysis.parse_text("MS. LEE:  Good morning, and welcome.", doc_id="d")
    lex = {"iran": ["iran"]}
    mix = topics.topic_mix(c, lex)
    assert topics.top_topic(mix) is None
    assert (
        F.topic_mix_finding(mix) == "None of the lexicon’s topics is mentioned in these documents."
    )
    assert F.topic_density_finding(mix).startswith("No topic word is said here")
    assert F.topic_flow_finding(c, "d", lex) == "d has no topic hits to follow."


def test_nmf_choice(seeds: analysis.Corpus) -> None:
    ks = topics.feasible_ks(seeds, range(2, 5))
    assert ks == [2, 3, 4]
    choice = topics.choose_n_topics(seeds, ks=ks)
    k = topics.pick_k(choice)
    assert k == 4
    assert F.n_topics_finding(choice, k).endswith("The page fits k = 4.")
    assert "as the parameters cell asks" in F.n_topics_finding(choice, 3)
    model = topics.fit_topics(seeds, 2)
    assert F.nmf_finding(model, seeds).startswith("2 topics: T1 (")
    one = analysis.parse_text("MS. LEE:  Hello.")
    assert topics.feasible_ks(one, range(2, 8)) == []
    assert topics.choose_n_topics(one, ks=[]).empty
    assert F.n_topics_finding(topics.choose_n_topics(one, ks=[]), None).startswith("Too few turns")


# -- 05 ------------------------------------------------------------------------------------


def test_provenance_findings(seeds: analysis.Corpus, article_only: analysis.Corpus) -> None:
    traced = prov.provenance(seeds)
    assert F.provenance_finding(traced) == (
        "Of 13 quotes, 5 are found in the transcripts: 1 verbatim, 2 with punctuation or case "
        "changed, 1 with words changed and 1 paraphrased; 8 have no source here."
    )
    alone = prov.provenance(article_only)
    assert F.provenance_finding(alone).startswith("None of the 13 quotes is found")
    assert prov.pick_quote(alone) is None
    assert F.quote_choice(None, given=False).startswith("No quote here has a source")
    none = prov.provenance(analysis.parse_text("Q  Why?"))
    assert F.provenance_finding(none).startswith("There are no quotes to trace")


def test_picked_quote_and_its_diff(seeds: analysis.Corpus) -> None:
    traced = prov.provenance(seeds)
    row = prov.pick_quote(traced)
    assert row is not None and row["quote_text"].startswith("That tells President Putin")
    diff = prov.word_diff(row["quote_text"], row["source_text"])
    assert F.diff_finding(diff) == "1 change: the transcript’s “can” is “can’t” in the quote."
    near = prov.near_misses(traced, 5, skip=row)
    assert near["verdict"].tolist() == ["punctuation", "punctuation", "paraphrase"]
    assert prov.pick_quote(traced, "But they’ve made")["verdict"] == "punctuation"


def test_diff_of_punctuation_only_change_shows_it() -> None:
    diff = prov.word_diff("real progress, and the alliance", "real progress and the Alliance")
    assert diff[diff["op"] == "punctuation"]["quote_words"].tolist() == ["progress,", "alliance"]
    assert "progress," in diff._repr_html_()
    assert F.diff_finding(diff).startswith("2 changes of punctuation or case only")
    same = prov.word_diff("we will, and we can", "we will, and we can")
    assert F.diff_finding(same) == "The quote and the passage are word for word the same."
    assert "we will, and" in same._repr_html_()  # commas kept as printed
