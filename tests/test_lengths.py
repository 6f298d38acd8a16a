"""Question and answer lengths: facts checked by hand on the seeds, edge cases, the big corpus.

The seed facts below were counted on the files in data/raw:

- 000 (TODAY interview, 17 turns): Savannah Guthrie's introduction (turn 0) and closing thanks
  (turn 15) ask nothing, so 7 questions (turns 1, 3, ..., 13), each answered by the next turn.
- 003 (Geneva press availability, 21 turns): Price names Andrea Mitchell, Michael Crowley, Ben
  Hall and Laurent Burkhalter in turn. Mitchell's "And your —" (turn 5) is cut off by Price
  ("I'm sorry, Andrea. We have very limited time."); she comes back at once about Iran (turn 7)
  and Blinken answers that (turn 8). Crowley and Hall each announce "a second question".
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import ARTICLE, AVAILABILITY, INTERVIEW

import analysis
from analysis import lengths
from analysis.corpus import Corpus


@pytest.fixture(autouse=True)
def _close_figures():
    """Each chart test opens figures; close them so they do not pile up."""
    yield
    plt.close("all")


# -- seeds: question/answer pairs ----------------------------------------------------------


def test_interview_has_seven_questions_each_answered_by_the_next_turn(seeds):
    q = lengths.qa_lengths(seeds)
    iv = q[q["doc_id"] == INTERVIEW]
    assert len(iv) == 7  # the introduction and the closing thanks ask nothing
    assert iv["question_turn"].tolist() == [1, 3, 5, 7, 9, 11, 13]
    assert iv["answer_turns"].tolist() == [(2,), (4,), (6,), (8,), (10,), (12,), (14,)]
    assert iv["answered"].all() and not iv["interrupted"].any()
    # turn 1, "The President is set to meet ... Will he get it from the President?": 63 words
    first = iv.iloc[0]
    assert (first["question_words"], first["answer_words"]) == (63, 152)
    assert first["ratio"] == pytest.approx(152 / 63)
    # turn 11, "That’s interesting that you just said that it’s Ukraine’s decision when to end the
    # war.": 15 words, no question mark, still one question
    remark = iv[iv["question_turn"] == 11].iloc[0]
    assert (remark["question_words"], remark["question_marks"], remark["parts"]) == (15, 0, 1)
    # turn 3 opens "One question." and asks one
    assert iv.loc[iv["question_turn"] == 3, "parts"].item() == 1


def test_press_availability_pairs_the_interruption_and_the_comeback(seeds):
    q = lengths.qa_lengths(seeds)
    pa = q[q["doc_id"] == AVAILABILITY].set_index("question_turn")
    assert list(dict.fromkeys(pa["questioner"])) == [
        "Andrea Mitchell",
        "Michael Crowley",
        "Ben Hall",
        "Laurent Burkhalter",
    ]
    assert pa["answer_turns"].to_dict() == {
        2: (3,),
        5: (),  # "And your —", cut off by the moderator
        7: (8,),  # "And your – the question about Iran, Mr. —": Blinken answers
        10: (11,),
        12: (13,),  # Crowley repeats the part Blinken asked him for
        15: (16,),
        18: (19,),
    }
    cut = pa.loc[5]
    assert cut["questioner"] == "Andrea Mitchell" and cut["question_words"] == 2
    assert cut["interrupted"] and cut["follow_up"] and not cut["answered"]
    assert np.isnan(cut["ratio"])
    back = pa.loc[7]
    assert back["questioner"] == "Andrea Mitchell" and back["answered"] and back["follow_up"]
    assert not pa.loc[[2, 10, 15, 18], "follow_up"].any()  # each reporter's first question


def test_multi_part_questions_on_the_seeds(seeds):
    q = lengths.qa_lengths(seeds)
    pa = q[q["doc_id"] == AVAILABILITY].set_index("question_turn")
    # Crowley (10): "And a second question if I may"; Hall (15): "And then a second question:"
    assert pa.loc[10, "announced"] == 2 and pa.loc[10, "parts"] == 2
    assert pa.loc[15, "announced"] == 2 and pa.loc[15, "parts"] == 2
    assert pa.loc[10, "question_marks"] == 3 and pa.loc[15, "question_marks"] == 4
    # Mitchell (2) announces nothing and asks six times: intentions, commitment, not
    # negotiable, space for engagement, Iran compliance, sanctions simultaneously
    assert (pa.loc[2, "announced"], pa.loc[2, "parts"]) == (0, 6)


def test_qa_summary_compares_the_interview_and_the_press_availability(seeds):
    s = lengths.qa_summary(seeds).set_index("doc_id")
    assert s.index.tolist() == [AVAILABILITY, INTERVIEW]  # document order; 001 asks nothing
    pa, iv = s.loc[AVAILABILITY], s.loc[INTERVIEW]
    assert (pa["questions"], pa["questioners"], pa["answered"]) == (7, 4, 6)
    # cut off: "And your —" (moderator steps in) and "And your – ... Iran, Mr. —" (a dash)
    assert pa["interrupted"] == 2
    assert pa["multi_part"] == 3  # Mitchell (six question marks), Crowley, Hall
    assert (iv["questions"], iv["questioners"], iv["follow_ups"], iv["interrupted"]) == (7, 1, 6, 0)
    # 000's one multi-part turn is 13, three question marks for one question asked three ways
    # ("How do you interpret that?  What do you see?  How do you – how do you evaluate ...?")
    q = lengths.qa_lengths(seeds)
    assert q.loc[q["doc_id"] == INTERVIEW].set_index("question_turn").loc[13, "parts"] == 3
    assert iv["multi_part"] == 1
    assert pa["answer_median"] > iv["answer_median"]  # Blinken holds forth longer in Geneva
    by_person = lengths.qa_summary(seeds, by="questioner").set_index("questioner")
    assert by_person.loc["Andrea Mitchell", ["questions", "answered"]].tolist() == [3, 2]
    with pytest.raises(ValueError, match="cannot group questions by"):
        lengths.qa_summary(seeds, by="role")  # a turn's role, not a question's
    by_kind = lengths.qa_summary(seeds, by="kind")  # 7 questions each: ties go alphabetically
    assert by_kind["kind"].tolist() == ["interview", "press availability"]


# -- seeds: turns, summaries, shares ---------------------------------------------------------


def test_turn_lengths_speaking_time_and_position(seeds):
    t = lengths.turn_lengths(seeds, wpm=120)
    assert len(t) == len(seeds.turns) == 17 + 21 + 15
    iv = t[t["doc_id"] == INTERVIEW]
    assert iv["turn"].tolist() == list(range(17))
    assert iv["position"].iloc[0] == 0.0
    assert iv["position"].is_monotonic_increasing and iv["position"].iloc[-1] < 1
    last = iv.iloc[-1]  # "Thanks, Savannah.  Good to be with you." = 7 words, 2 sentences
    assert (last["words"], last["sentences"]) == (7, 2)
    assert last["seconds"] == pytest.approx(7 / 120 * 60)  # 3.5 s at 120 words a minute
    assert (t["chars"] == seeds.turns["text"].str.len()).all()
    at_150 = lengths.turn_lengths(seeds)
    assert at_150["seconds"].iloc[-1] == pytest.approx(at_150["words"].iloc[-1] * 0.4)
    with pytest.raises(ValueError, match="wpm"):
        lengths.turn_lengths(seeds, wpm=0)


def test_length_summary(seeds):
    by_role = lengths.length_summary(seeds, by="role")
    assert set(by_role["role"]) == {"question", "answer", "statement", "moderator", "narration"}
    assert by_role["share"].sum() == pytest.approx(1)
    assert by_role["total"].sum() == seeds.turns["n_words"].sum()
    by_doc = lengths.length_summary(seeds, by=["doc_id", "role"])
    assert by_doc.groupby("doc_id")["share"].sum().round(9).eq(1).all()
    assert by_doc["doc_id"].drop_duplicates().tolist() == seeds.documents["doc_id"].tolist()
    # Price's seven turns: "Andrea Mitchell." 2, "Michael Crowley." 2, "I'm sorry, Andrea.  We
    # have very limited time.  Michael Crowley." 10, "Michael." 1, "Ben Hall." 2, "We'll take a
    # final question from Laurent Burkhalter." 8, "Thank you, Mr. Secretary." 4
    row = by_doc[(by_doc["doc_id"] == AVAILABILITY) & (by_doc["role"] == "moderator")].iloc[0]
    assert (row["turns"], row["total"], row["median"], row["max"]) == (7, 29, 2, 10)
    assert (row["q1"], row["q3"]) == (2, 6)
    by_kind = lengths.length_summary(seeds, by="kind")  # a documents column
    assert by_kind.set_index("kind")["turns"].to_dict() == {
        "press availability": 21,
        "interview": 17,
        "news article": 15,
    }
    with pytest.raises(ValueError, match="cannot group by"):
        lengths.length_summary(seeds, by="nope")


def test_speaker_shares_split_a_shared_label_by_name(seeds):
    sh = lengths.speaker_shares(seeds)
    assert sh.groupby("doc_id")["share"].sum().round(9).eq(1).all()
    pa = sh[sh["doc_id"] == AVAILABILITY].set_index("speaker_name")
    # four journalists share the label QUESTION; Price names each of them
    assert set(pa.index[pa["speaker"] == "QUESTION"]) == {
        "Andrea Mitchell",
        "Michael Crowley",
        "Ben Hall",
        "Laurent Burkhalter",
    }
    # Mitchell: 241 + 2 + 7 words in three turns
    assert (pa.loc["Andrea Mitchell", "turns"], pa.loc["Andrea Mitchell", "words"]) == (3, 250)
    assert pa.loc["Price", "role"] == "moderator" and pa.loc["Price", "words"] == 29
    assert sh[sh["doc_id"] == AVAILABILITY].iloc[0]["speaker_name"] == "Antony J. Blinken"
    iv = sh[sh["doc_id"] == INTERVIEW]
    assert iv["speaker"].tolist() == ["SECRETARY BLINKEN", "QUESTION"]
    assert iv["role"].tolist() == ["answer", "question"]
    assert 0.6 < iv.iloc[0]["share"] < 0.8
    art = sh[sh["doc_id"] == ARTICLE]
    assert art[["speaker", "role", "share"]].values.tolist() == [["", "narration", 1.0]]


# -- counting questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marks", "announced", "parts"),
    [
        ("Why?  And how?", 2, 0, 2),
        ("One question.  If the position is no, does that not?", 1, 0, 1),
        ("Why?  And then a second question: why now.", 1, 2, 2),
        ("A second question.  Is there any comment?", 1, 0, 1),  # continues an earlier turn
        ("Just last-second efforts, then?", 1, 0, 1),
        ("This came up a couple questions ago.  Why?", 1, 0, 1),
        ("That’s interesting.", 0, 0, 1),
        ("How are those two things congruent?", 1, 0, 1),  # a reference back
        ("I have a couple of quick questions.  First, why?  Secondly, how?  Who?", 3, 2, 2),
        ("Three questions.  Why?", 1, 3, 3),
        ("Is it him?  Is it the Vice President?  Does it matter?", 3, 0, 3),
        ("Who was in the room?!  And when??", 2, 0, 2),  # runs of marks count once
        ("For a second term, would he run?", 1, 0, 1),  # "second" as an adjective
    ],
)
def test_count_questions(text, marks, announced, parts):
    assert lengths.question_parts(text) == (marks, announced)
    assert lengths.count_questions(text) == parts


# -- responsiveness --------------------------------------------------------------------------


def test_responsiveness_is_lexical_uptake(seeds):
    r = lengths.responsiveness(seeds)
    assert len(r) == 13  # every answered question: 7 in 000, 6 in 003 (turn 5 is unanswered)
    assert r["responsiveness"].between(0, 1).all()
    assert (r["shared"] <= r["question_content"]).all()
    assert r["topic_uptake"].between(0, 1).all()
    iv = r[r["doc_id"] == INTERVIEW].set_index("question_turn")
    # "how do you find yourself ... essentially out of ammo": the answer turns to Russia's
    # failure to take Kyiv, not to munitions
    assert iv["topic_uptake"].idxmin() == 7 and iv["responsiveness"].idxmin() == 7
    assert "weapons" in iv.loc[7, "question_topics"].split()
    assert {"ammo", "munitions"} <= set(iv.loc[7, "missing"].split())
    # Mitchell's comeback is one content word, "Iran", and the answer is about Iran
    pa = r[r["doc_id"] == AVAILABILITY].set_index("question_turn")
    assert (pa.loc[7, "question_content"], pa.loc[7, "shared"]) == (1, 1)


def test_least_responsive_answers_are_listed_first(seeds):
    least = lengths.responsiveness(seeds, least=3)
    assert len(least) == 3 and least["responsiveness"].is_monotonic_increasing
    everything = lengths.responsiveness(seeds)
    assert least["responsiveness"].iloc[0] == everything["responsiveness"].min()
    assert least.iloc[0][["doc_id", "question_turn"]].tolist() == [INTERVIEW, 7]
    pd.testing.assert_frame_equal(least, lengths.responsiveness(seeds, least=3))


def test_responsiveness_on_made_up_exchanges():
    ask = "Q  Will cluster munitions reach Ukraine?\n\n"
    echo = analysis.parse_text(ask + "MS. LEE:  Cluster munitions will reach Ukraine.")
    one = lengths.responsiveness(echo).iloc[0]
    assert one["responsiveness"] == 1.0 and one["missing"] == ""
    dodge = analysis.parse_text(ask + "MS. LEE:  I have nothing for you on that today.")
    zero = lengths.responsiveness(dodge).iloc[0]
    assert (zero["question_content"], zero["shared"], zero["responsiveness"]) == (4, 0, 0.0)
    assert zero["missing"] == "cluster munitions reach ukraine"  # as the question says them
    stem = analysis.parse_text("Q  Is Ukraine's munition running low?\n\nMS. LEE:  Ukraine runs.")
    # "ukraine's" ~ "ukraine"; "running" ~ "runn" but not "runs" (light stemming only)
    assert lengths.responsiveness(stem).iloc[0]["missing"] == "low munition running"
    empty = analysis.parse_text("Q  Why?\n\nMS. LEE:  Because.")
    assert np.isnan(lengths.responsiveness(empty).iloc[0]["responsiveness"])  # nothing to take up


# -- edge cases ------------------------------------------------------------------------------


def test_speech_without_questions():
    speech = analysis.parse_text("We gather today.  Thank you.", title="Remarks by the Mayor")
    assert lengths.qa_lengths(speech).empty
    assert list(lengths.qa_lengths(speech).columns) == list(lengths.qa_lengths(Corpus.empty()))
    assert lengths.responsiveness(speech).empty and lengths.qa_summary(speech).empty
    assert lengths.speaker_shares(speech)["share"].tolist() == [1.0]
    assert lengths.turn_lengths(speech)["words"].tolist() == [5]
    assert lengths.length_summary(speech, by="role")["role"].tolist() == ["statement"]


def test_question_never_answered():
    unanswered = analysis.parse_text("MS. LEE:  Hello.\n\nQ  Why now?  And who?")
    q = lengths.qa_lengths(unanswered)
    assert q["answered"].tolist() == [False] and q["answer_turns"].tolist() == [()]
    assert q["parts"].tolist() == [2] and q["answer_words"].tolist() == [0]
    assert np.isnan(q["ratio"].iloc[0])
    assert lengths.responsiveness(unanswered).empty
    ax = lengths.plot_answer_vs_question(unanswered)  # nothing answered: an empty chart
    assert len(ax.collections) == 0


def test_empty_corpus():
    empty = Corpus.empty()
    for f in (lengths.turn_lengths, lengths.length_summary, lengths.speaker_shares):
        assert f(empty).empty
    assert lengths.qa_lengths(empty).empty and lengths.responsiveness(empty).empty


# -- charts ----------------------------------------------------------------------------------


def test_charts_on_the_seeds(seeds):
    ax = lengths.plot_qa_lengths(seeds)
    assert ax.get_ylabel() == "words per turn (log scale)" and ax.get_yscale() == "log"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [
        "2022-01-21 press availability\n(7 questions)",
        "2023-07-11 interview\n(7 questions)",
    ]
    ax = lengths.plot_qa_lengths(seeds, doc_ids=[INTERVIEW], log=False)
    assert ax.get_yscale() == "linear" and len(ax.get_xticklabels()) == 1
    ax = lengths.plot_turn_timeline(seeds, AVAILABILITY)
    assert len(ax.patches) == 21
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[:3] == ["Antony J. Blinken", "Price", "Andrea Mitchell"]
    ax = lengths.plot_answer_vs_question(seeds)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("question (words)", "answer (words)")
    assert [len(c.get_offsets()) for c in ax.collections] == [6, 7]  # answered, per document
    ax = lengths.plot_speaker_shares(seeds)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "2022-01-21 press availability",
        "2023-07-11 interview",
        "2023-07-11 news article",
    ]
    assert ax.get_xlim() == (0, 1)
    with pytest.raises(KeyError, match="no turns"):
        lengths.plot_turn_timeline(seeds, "nope")
    with pytest.raises(KeyError, match="nope"):
        lengths.plot_speaker_shares(seeds, doc_ids=["nope"])


# -- the White House corpus ------------------------------------------------------------------


def test_whole_white_house_corpus(whitehouse):
    t = lengths.turn_lengths(whitehouse)
    assert len(t) == len(whitehouse.turns)
    assert t["position"].between(0, 1).all() and (t["seconds"] >= 0).all()
    q = lengths.qa_lengths(whitehouse)
    assert len(q) == len(whitehouse.qa) > 5000
    assert q["answered"].mean() > 0.9 and (q["parts"] >= 1).all()
    assert q["position"].between(0, 1).all()
    assert q.loc[q["answered"], "answer_words"].median() > q["question_words"].median()
    r = lengths.responsiveness(whitehouse)
    assert len(r) == q["answered"].sum()
    assert r["responsiveness"].dropna().between(0, 1).all()
    assert len(lengths.responsiveness(whitehouse, least=20)) == 20
    s = lengths.length_summary(whitehouse, by="speaker")
    assert s.iloc[0]["speaker"] in {"MS. JEAN-PIERRE", "MS. PSAKI"}
    sh = lengths.speaker_shares(whitehouse)
    per_doc = sh.groupby("doc_id")["share"].sum()
    assert per_doc[per_doc > 0].round(9).eq(1).all()
    by_kind = lengths.plot_qa_lengths(whitehouse, by="kind")
    assert "press briefing" in by_kind.get_xticklabels()[0].get_text()
    lengths.plot_answer_vs_question(whitehouse, by="kind")
    longest = whitehouse.documents.sort_values("n_turns").iloc[-1]
    ax = lengths.plot_turn_timeline(whitehouse, longest["doc_id"])
    assert len(ax.patches) == longest["n_turns"]
    lengths.plot_speaker_shares(whitehouse, doc_ids=whitehouse.documents["doc_id"][:10])


# -- many documents: the charts summarise ----------------------------------------------------


@pytest.fixture(scope="module")
def thirty(tmp_path_factory):
    """Thirty small briefings over three months."""
    folder = tmp_path_factory.mktemp("thirty")
    for i in range(30):
        month, day = 1 + i % 3, 1 + i // 3
        (folder / f"2023-{month:02d}-{day:02d}-briefing-{i:02d}.md").write_text(
            f"---\ntitle: Briefing {i}\ndate: 2023-{month:02d}-{day:02d}\n---\n\n"
            "Q  Why now, after all this time and all these delays?\n\n"
            "MS. LEE:  Because it is time, and we have waited long enough for the tariffs.\n\n"
            "Q  Go ahead.\n\n",
            encoding="utf-8",
        )
    return analysis.load_corpus(folder)


def test_charts_summarise_many_documents(thirty):
    import warnings

    from analysis import overview

    assert len(thirty.documents) == 30
    assert overview.readable_by(thirty) == "month"
    ax = lengths.plot_speaker_shares(thirty)
    assert ax.get_title() == "Who takes the words, by role and month"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "2023-01 (10 docs)",
        "2023-02 (10 docs)",
        "2023-03 (10 docs)",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 'loc="best" can be slow' warning
        ax = lengths.plot_qa_lengths(thirty)
        ax.figure.canvas.draw()
    assert ax.get_xlabel() == "by month"
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == [
        "2023-01",
        "2023-02",
        "2023-03",
    ]
    ax = lengths.plot_answer_vs_question(thirty)
    assert len(ax.collections) == 3  # one marker set per month, not per document
    ax = overview.plot_segments(thirty)
    assert len(ax.get_yticklabels()) == 3 and ax.get_title().endswith("by month")
    ax = overview.plot_words_by_speaker(thirty)
    assert ax.get_title() == "The 2 speakers with the most words, over 30 documents"
    # a few documents: one bar per document, as before
    few = lengths.plot_speaker_shares(thirty, doc_ids=list(thirty.documents["doc_id"][:4]))
    assert len(few.get_yticklabels()) == 4


def test_busiest_conversations(seeds):
    assert lengths.busiest(seeds, 1) == [AVAILABILITY]
    assert lengths.busiest(seeds, 5, questions=True) == [AVAILABILITY, INTERVIEW]
    assert ARTICLE in lengths.busiest(seeds, 5)


def test_least_responsive_are_the_full_tables_least_rows(seeds):
    from analysis.lengths import MIN_ANSWER_WORDS, responsiveness

    full = responsiveness(seeds)
    full.loc[:, "responsiveness"] = -1.0  # the caller's copy: the next call is unaffected
    least = responsiveness(seeds, least=3)
    assert len(least) == 3 and (least["responsiveness"] >= 0).all()
    assert (least["answer_words"] >= MIN_ANSWER_WORDS).all()
    fresh = responsiveness(seeds)
    assert least["responsiveness"].iloc[0] == fresh["responsiveness"].min()
