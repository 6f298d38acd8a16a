"""Question and answer lengths on the seeds (checked by hand), edge cases, and the big corpus."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from conftest import ARTICLE, AVAILABILITY, INTERVIEW

import analysis
from analysis import lengths


def test_interview_has_seven_questions_each_answered_once(seeds):
    q = lengths.qa_lengths(seeds)
    iv = q[q["doc_id"] == INTERVIEW]
    assert len(iv) == 7  # the introduction and the closing thanks ask nothing
    assert iv["question_turn"].tolist() == [1, 3, 5, 7, 9, 11, 13]
    assert iv["answered"].all() and not iv["interrupted"].any()
    # turn 1 is 63 words, its answer (turn 2) 152
    first = iv.iloc[0]
    assert (first["question_words"], first["answer_words"]) == (63, 152)
    assert first["ratio"] == pytest.approx(152 / 63)


def test_press_availability_questioners_and_the_interruption(seeds):
    q = lengths.qa_lengths(seeds)
    pa = q[q["doc_id"] == AVAILABILITY]
    assert pa["questioner"].nunique() == 4
    cut = pa[pa["question_turn"] == 5].iloc[0]  # "And your —", cut off by the moderator
    assert cut["questioner"] == "Andrea Mitchell"
    assert cut["interrupted"] and not cut["answered"] and np.isnan(cut["ratio"])
    back = pa[pa["question_turn"] == 7].iloc[0]  # she comes back about Iran
    assert back["questioner"] == "Andrea Mitchell" and back["answered"]
    # Michael Crowley: "... for a breakthrough? ... made here?  And a second question ..."
    crowley = pa[pa["question_turn"] == 10].iloc[0]
    assert crowley["parts"] >= 2


def test_turn_lengths_and_speaking_time(seeds):
    t = lengths.turn_lengths(seeds, wpm=120)
    iv = t[t["doc_id"] == INTERVIEW]
    assert iv["position"].iloc[0] == 0.0
    assert iv["position"].is_monotonic_increasing and iv["position"].iloc[-1] < 1
    last = iv.iloc[-1]  # "Thanks, Savannah.  Good to be with you." = 7 words
    assert last["words"] == 7 and last["seconds"] == pytest.approx(7 / 120 * 60)
    assert (t["chars"] == seeds.turns["text"].str.len()).all()


def test_summaries_and_shares(seeds):
    s = lengths.length_summary(seeds, by="role")
    assert set(s["role"]) == {"question", "answer", "statement", "moderator", "narration"}
    assert s["share"].sum() == pytest.approx(1)
    by_doc = lengths.length_summary(seeds, by=["doc_id", "role"])
    assert by_doc.groupby("doc_id")["share"].sum().round(9).eq(1).all()
    row = by_doc[(by_doc["doc_id"] == AVAILABILITY) & (by_doc["role"] == "moderator")].iloc[0]
    assert (row["turns"], row["median"]) == (7, 2)  # "Andrea Mitchell.", "Ben Hall.", ...
    sh = lengths.speaker_shares(seeds)
    assert sh.groupby("doc_id")["share"].sum().round(9).eq(1).all()
    top = sh[sh["doc_id"] == INTERVIEW].iloc[0]
    assert top["speaker"] == "SECRETARY BLINKEN" and 0.6 < top["share"] < 0.8


def test_count_questions():
    assert lengths.count_questions("Why?  And how?") == 2
    assert lengths.count_questions("One question.  If the position is no, does that not?") == 1
    assert lengths.count_questions("And then a second question: why now.") == 2
    assert lengths.count_questions("That’s interesting.") == 1


def test_responsiveness_is_lexical_uptake(seeds):
    r = lengths.responsiveness(seeds)
    assert r["responsiveness"].between(0, 1).all()
    assert (r["shared"] <= r["question_content"]).all()
    assert r["topic_uptake"].between(0, 1).all()
    iv = r[r["doc_id"] == INTERVIEW].set_index("question_turn")
    # "how do you find yourself ... out of ammo": the answer turns to Russia's failure
    assert iv["topic_uptake"].idxmin() == 7 and iv["responsiveness"].idxmin() == 7
    assert "weapons" in iv.loc[7, "question_topics"].split()
    echo = analysis.parse_text(
        "Q  Will cluster munitions reach Ukraine?\n\n"
        "MS. LEE:  Cluster munitions will reach Ukraine."
    )
    one = lengths.responsiveness(echo).iloc[0]
    assert one["responsiveness"] == 1.0 and one["missing"] == ""
    dodge = analysis.parse_text(
        "Q  Will cluster munitions reach Ukraine?\n\n"
        "MS. LEE:  I have nothing for you on that today."
    )
    zero = lengths.responsiveness(dodge).iloc[0]
    assert zero["responsiveness"] == 0.0
    assert zero["missing"] == "cluster munition reach ukraine"


def test_edge_cases():
    speech = analysis.parse_text("We gather today.  Thank you.", title="Remarks by the Mayor")
    assert lengths.qa_lengths(speech).empty
    assert lengths.responsiveness(speech).empty
    assert lengths.speaker_shares(speech)["share"].tolist() == [1.0]
    unanswered = analysis.parse_text("MS. LEE:  Hello.\n\nQ  Why now?  And who?")
    q = lengths.qa_lengths(unanswered)
    assert q["answered"].tolist() == [False] and q["parts"].tolist() == [2]
    assert lengths.responsiveness(unanswered).empty


def test_charts(seeds):
    ax = lengths.plot_qa_lengths(seeds)
    assert ax.get_ylabel() == "words (log scale)" and ax.get_yscale() == "log"
    ax = lengths.plot_turn_timeline(seeds, AVAILABILITY)
    assert len(ax.patches) == 21
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["Antony J. Blinken", "Price"]
    ax = lengths.plot_answer_vs_question(seeds)
    assert ax.get_xlabel() == "question (words)"
    ax = lengths.plot_speaker_shares(seeds)
    assert len(ax.get_yticklabels()) == 3
    with pytest.raises(KeyError, match="no turns"):
        lengths.plot_turn_timeline(seeds, "nope")
    assert ARTICLE in set(seeds.documents["doc_id"])


def test_whole_white_house_corpus(whitehouse):
    q = lengths.qa_lengths(whitehouse)
    assert len(q) == len(whitehouse.qa) > 5000
    assert q["answered"].mean() > 0.9
    assert q.loc[q["answered"], "answer_words"].median() > q["question_words"].median()
    r = lengths.responsiveness(whitehouse)
    assert r["responsiveness"].dropna().between(0, 1).all()
    s = lengths.length_summary(whitehouse, by="speaker")
    assert s.iloc[0]["speaker"] in {"MS. JEAN-PIERRE", "MS. PSAKI"}
    assert len(lengths.turn_lengths(whitehouse)) == len(whitehouse.turns)
