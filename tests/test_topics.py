"""Topic mix: the lexicon (format, errors), dictionary coding on the seeds (checked by hand
against the texts), NMF topics (shape, determinism), the charts, and the big corpus."""

from __future__ import annotations

import doctest
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from conftest import ARTICLE, AVAILABILITY, INTERVIEW, ROOT

import analysis
from analysis import parse_text, topic_plots, topics

SEEDS = [INTERVIEW, ARTICLE, AVAILABILITY]


@pytest.fixture(scope="module")
def seed_hits(seeds):
    return topics.topic_hits(seeds)


@pytest.fixture(scope="module")
def seed_mix(seeds):
    return topics.topic_mix(seeds)


def _hits(mix: pd.DataFrame, doc_id: str, topic: str) -> int:
    row = mix[(mix["doc_id"] == doc_id) & (mix["topic"] == topic)]
    assert len(row) == 1
    return int(row["hits"].iloc[0])


def test_module_doctests():
    result = doctest.testmod(topics, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0
    result = doctest.testmod(topic_plots, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 1 and result.failed == 0


# -- the lexicon -------------------------------------------------------------------------


def test_shipped_lexicon_covers_the_seed_ground_with_labels_and_notes():
    lex = topics.load_lexicon()
    assert topics.LEXICON_PATH.parts[-3:] == ("data", "lexicon", "topics.yaml")
    names = list(pd.unique(lex["topic"]))
    for topic in ("nato", "ukraine_war", "russia", "weapons", "iran", "turkey_sweden",
                  "diplomacy", "sanctions", "covid", "economy", "gun_violence",
                  "climate_energy", "immigration", "china", "infrastructure",
                  "elections_democracy", "abortion_courts"):  # fmt: skip
        assert topic in names
    per_topic = lex.drop_duplicates("topic")
    assert (per_topic["note"].str.len() > 40).all()  # every topic says what it covers
    assert (per_topic["label"] != per_topic["topic"]).all()
    assert not lex.duplicated(["topic", "entry"]).any()
    entries = set(lex["entry"])
    assert {"sanction*", "nuclear deal", "f-16*", "cluster munitions", "jcpoa"} <= entries


def test_lexicon_forms_normalise_the_same_way():
    short = topics.load_lexicon({"Iran": ["IRAN’s", "Nuclear  Deal", "enrich*"]})
    assert short["entry"].tolist() == ["iran", "nuclear deal", "enrich*"]
    assert short["n_words"].tolist() == [1, 2, 1]
    assert short["label"].tolist() == ["Iran"] * 3 and short["note"].tolist() == [""] * 3
    long = topics.load_lexicon({"iran": {"label": "Iran", "note": "n", "terms": ["iran"]}})
    assert long[["label", "note"]].values.tolist() == [["Iran", "n"]]
    # a table from load_lexicon goes back in unchanged
    pd.testing.assert_frame_equal(topics.load_lexicon(short), short)


@pytest.mark.parametrize(
    ("terms", "entry", "reason"),
    [
        (["iran", "*nuclear"], "'*nuclear'", "may only end a word"),
        (["**"], "'**'", "may only end a word"),
        (["fo*o"], "'fo*o'", "may only end a word"),
        (["a*"], "'a*'", "at least two characters"),
        (["iran", ""], "''", "empty"),
        (["   "], "'   '", "empty"),
        (["iran", 42], "42", "must be a string"),
        ([None], "None", "must be a string"),
        (["nato?"], "'nato?'", "characters that never occur"),
        (["iran", "IRAN"], "'IRAN'", "duplicate entry"),
    ],
)
def test_bad_entry_is_named_in_the_error(terms, entry, reason):
    with pytest.raises(ValueError, match="topic 'iran'") as err:
        topics.load_lexicon({"iran": terms})
    assert f"entry {entry}" in str(err.value)
    assert reason in str(err.value)


def test_bad_topic_structure_is_named_in_the_error():
    with pytest.raises(ValueError, match="topic 'iran': unknown key 'term'"):
        topics.load_lexicon({"iran": {"term": ["iran"]}})
    with pytest.raises(ValueError, match="topic 'iran': no terms"):
        topics.load_lexicon({"iran": {"label": "Iran"}})
    with pytest.raises(ValueError, match="topic 'iran': terms must be a list"):
        topics.load_lexicon({"iran": "iran"})
    with pytest.raises(ValueError, match="topic 'iran': the list of terms is empty"):
        topics.load_lexicon({"iran": []})
    with pytest.raises(
        ValueError, match="topic 'Iran': duplicate topic \\(also given as 'iran'\\)"
    ):
        topics.load_lexicon({"iran": ["iran"], "Iran ": ["tehran"]})
    with pytest.raises(ValueError, match="mapping of topics"):
        topics.load_lexicon({})


def test_yaml_file_errors_name_the_file_the_topic_and_the_entry(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("iran:\n  label: Iran\n  terms: [iran*, nuclear deal]\nnato: [nato]\n")
    assert topics.load_lexicon(good)["topic"].tolist() == ["iran", "iran", "nato"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("iran:\n  terms:\n    - iran\n    - '*nuclear'\n")
    with pytest.raises(ValueError, match=r"bad\.yaml: topic 'iran', entry '\*nuclear'"):
        topics.load_lexicon(bad)
    twice = tmp_path / "twice.yaml"
    twice.write_text("iran: [iran]\nnato: [nato]\niran: [tehran]\n")
    with pytest.raises(ValueError, match=r"twice\.yaml: duplicate key 'iran' at line 3"):
        topics.load_lexicon(twice)
    boolean = tmp_path / "bool.yaml"
    boolean.write_text("answers: [yes, maybe]\n")  # YAML reads a bare yes as True
    with pytest.raises(ValueError, match="entry True: an entry must be a string"):
        topics.load_lexicon(boolean)
    with pytest.raises(FileNotFoundError, match=r"nope\.yaml"):
        topics.load_lexicon(tmp_path / "nope.yaml")


# -- matching ----------------------------------------------------------------------------


def test_multiword_wildcard_possessive_and_longest_match():
    c = parse_text(
        "Q  Do Russia’s sanctions on cluster munitions and munitions work?\n\n"
        "MS. LEE:  Cluster\n\nQ  munitions?",
        doc_id="d",
    )
    lex = {
        "weapons": ["munition*", "cluster munitions"],
        "russia": ["russia"],
        "sanctions": ["sanction*", "russia"],
    }
    h = topics.topic_hits(c, lex)
    got = h[["turn", "topic", "entry", "text", "n_tokens"]].values.tolist()
    assert got == [
        [0, "russia", "russia", "Russia’s", 1],
        [0, "sanctions", "russia", "Russia’s", 1],  # one word, two topics
        [0, "sanctions", "sanction*", "sanctions", 1],
        [0, "weapons", "cluster munitions", "cluster munitions", 2],  # not also munition*
        [0, "weapons", "munition*", "munitions", 1],
        [2, "weapons", "munition*", "munitions", 1],  # "Cluster" ends turn 1: no match
    ]
    text = c.text("d")
    assert all(text[a:b] == t for a, b, t in h[["start", "end", "text"]].values.tolist())
    assert h["norm"].tolist()[3] == "cluster munitions"


def test_mix_of_a_text_without_hits_and_of_an_empty_corpus():
    c = parse_text("Q  Hello there.", doc_id="d")
    m = topics.topic_mix(c, {"nato": ["nato"]})
    assert m[["doc_id", "hits", "share", "words", "per_1k", "terms"]].values.tolist() == [
        ["d", 0, 0.0, 2, 0.0, ""]
    ]
    empty = topics.topic_mix(analysis.Corpus.empty(), {"nato": ["nato"]})
    assert empty.empty and "share" in empty.columns


def test_unknown_group_column_is_named():
    c = parse_text("Q  NATO?", doc_id="d")
    with pytest.raises(ValueError, match=r"cannot group by \['colour'\]"):
        topics.topic_mix(c, {"nato": ["nato"]}, by="colour")


# -- the seeds, checked against the texts ------------------------------------------------


def test_iran_and_the_nuclear_deal_only_in_geneva(seed_mix, seed_hits):
    assert _hits(seed_mix, AVAILABILITY, "iran") >= 10  # "Iran" 12 times, "JCPOA" 3 times
    assert _hits(seed_mix, INTERVIEW, "iran") == 0
    assert _hits(seed_mix, ARTICLE, "iran") == 0
    iran = seed_hits[seed_hits["topic"] == "iran"]
    assert {"jcpoa", "nuclear program"} <= set(iran["norm"])
    assert set(iran["doc_id"]) == {AVAILABILITY}


def test_cluster_munitions_in_the_interview_and_the_article_not_in_geneva(seed_hits):
    cm = seed_hits[seed_hits["entry"] == "cluster munitions"]
    per_doc = cm["doc_id"].value_counts()
    assert per_doc.get(INTERVIEW, 0) == 4  # "cluster munitions" four times, by hand
    assert per_doc.get(ARTICLE, 0) == 6  # five, plus "Cluster Munitions" in the convention
    assert per_doc.get(AVAILABILITY, 0) == 0


def test_turkey_sweden_and_f16s_mostly_in_the_article(seed_mix, seed_hits):
    hits = {d: _hits(seed_mix, d, "turkey_sweden") for d in SEEDS}
    assert hits[ARTICLE] > 0.5 * sum(hits.values())
    assert hits[AVAILABILITY] == 0
    f16 = seed_hits[seed_hits["entry"] == "f-16*"]
    assert f16["doc_id"].tolist() == [ARTICLE] * 4 and set(f16["text"]) == {"F-16s"}
    shares = seed_mix[seed_mix["topic"] == "turkey_sweden"].set_index("doc_id")["share"]
    assert shares.idxmax() == ARTICLE


def test_mix_columns_shares_and_traceability(seeds, seed_mix, seed_hits):
    assert list(seed_mix.columns) == [
        "doc_id", "topic", "label", "hits", "share", "words", "per_1k", "terms",
    ]  # fmt: skip
    assert seed_mix["doc_id"].drop_duplicates().tolist() == seeds.documents["doc_id"].tolist()
    n_topics = topics.load_lexicon()["topic"].nunique()
    assert len(seed_mix) == 3 * n_topics
    assert np.allclose(seed_mix.groupby("doc_id")["share"].sum(), 1.0)
    # every number traces back to the words: hits = rows of topic_hits = sum of terms counts
    counted = seed_hits.groupby(["doc_id", "topic"]).size()
    for row in seed_mix[seed_mix["hits"] > 0].itertuples():
        assert counted[(row.doc_id, row.topic)] == row.hits
        assert sum(int(p.rsplit(":", 1)[1]) for p in row.terms.split(", ")) == row.hits
    geneva_words = seeds.documents.set_index("doc_id").loc[AVAILABILITY, "n_words"]
    assert (seed_mix.loc[seed_mix["doc_id"] == AVAILABILITY, "words"] == geneva_words).all()


def test_turn_speaker_and_role_mixes_add_up_to_the_document_mix(seeds, seed_mix):
    by_turn = topics.topic_mix(seeds, by=["doc_id", "turn"])
    assert len(by_turn) == len(seeds.turns) * seed_mix["topic"].nunique()
    summed = by_turn.groupby(["doc_id", "topic"])["hits"].sum()
    assert (summed[seed_mix.set_index(["doc_id", "topic"]).index].to_numpy()
            == seed_mix["hits"].to_numpy()).all()  # fmt: skip
    # Geneva, turn 7: Andrea Mitchell comes back "about Iran"
    q = by_turn[(by_turn["doc_id"] == AVAILABILITY) & (by_turn["turn"] == 7)]
    assert q.set_index("topic").loc["iran", "hits"] >= 1
    role = topics.topic_mix(seeds, by="role")
    assert set(role["role"]) == set(seeds.turns["role"])
    assert role["hits"].sum() == seed_mix["hits"].sum()
    speaker = topics.topic_mix(seeds, by="speaker")
    blinken = speaker[speaker["speaker"] == "SECRETARY BLINKEN"].set_index("topic")
    assert blinken.loc["russia", "hits"] > blinken.loc["turkey_sweden", "hits"]
    kind = topics.topic_mix(seeds, by="kind")  # a column of corpus.documents
    assert kind["hits"].sum() == seed_mix["hits"].sum()


# -- NMF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_model(seeds):
    return topics.fit_topics(seeds, 3)


def test_fit_topics_tables(seeds, seed_model):
    tm = seed_model
    assert tm.topics["topic"].tolist() == ["T1", "T2", "T3"]
    assert tm.topics["share"].is_monotonic_decreasing
    assert abs(tm.topics["share"].sum() - 1) < 1e-5
    assert list(tm.terms.columns) == ["topic", "label", "rank", "term", "weight"]
    assert (
        tm.terms.groupby("topic")["rank"].apply(list).map(lambda r: r == list(range(1, 11))).all()
    )
    assert (tm.terms.groupby("topic")["weight"].diff().dropna() <= 0).all()
    assert not set(tm.vocabulary) & topics.TOPIC_STOPWORDS
    assert list(tm.turn_mix.columns) == ["doc_id", "turn", "topic", "label", "share", "words"]
    assert np.allclose(tm.turn_mix.groupby(["doc_id", "turn"])["share"].sum(), 1, atol=1e-5)
    # the moderator's two-word "Thank you" carries no topic and is left out
    modelled = set(map(tuple, tm.turn_mix[["doc_id", "turn"]].values.tolist()))
    assert (AVAILABILITY, 1) not in modelled and (AVAILABILITY, 0) in modelled
    assert list(tm.doc_mix.columns) == ["doc_id", "topic", "label", "share"]
    assert np.allclose(tm.doc_mix.groupby("doc_id")["share"].sum(), 1, atol=1e-5)
    # the cluster-munitions topic: top in the interview or article, smallest in Geneva
    munitions = tm.terms.loc[tm.terms["term"] == "munitions", "topic"].iloc[0]
    dm = tm.doc_mix[tm.doc_mix["topic"] == munitions].set_index("doc_id")["share"]
    assert dm.idxmin() == AVAILABILITY
    role = tm.mix(seeds, by="role")
    assert set(role["role"]) <= set(seeds.turns["role"])
    assert np.allclose(role.groupby("role")["share"].sum(), 1, atol=1e-5)
    assert 0 < tm.error < 1


def test_fitting_twice_gives_identical_tables(seeds, seed_model):
    again = topics.fit_topics(seeds, 3)
    for name in ("topics", "terms", "turn_mix", "doc_mix"):
        pd.testing.assert_frame_equal(getattr(seed_model, name), getattr(again, name))
    assert again.error == seed_model.error
    other = topics.fit_topics(seeds, 3, random_state=1)
    assert other.topics["top_terms"].tolist() == seed_model.topics["top_terms"].tolist()


def test_too_many_topics_is_a_clear_error(seeds):
    with pytest.raises(ValueError, match="cannot fit 500 topics"):
        topics.fit_topics(seeds, 500)
    with pytest.raises(ValueError, match="positive whole number"):
        topics.fit_topics(seeds, 0)


def test_choose_n_topics_table(seeds):
    table = topics.choose_n_topics(seeds, ks=[4, 2, 3])
    assert table["k"].tolist() == [2, 3, 4]
    assert list(table.columns) == ["k", "error", "coherence", "stability", "best"]
    assert table["error"].is_monotonic_decreasing  # more topics explain more
    assert table["error"].between(0, 1).all() and table["stability"].between(0, 1).all()
    assert table["coherence"].between(-1, 1).all()
    assert table["best"].sum() == 1
    pd.testing.assert_frame_equal(table, topics.choose_n_topics(seeds, ks=[2, 3, 4]))


# -- charts ----------------------------------------------------------------------------


def test_charts_draw_and_label(seeds, seed_mix, seed_model):
    ax = topic_plots.plot_topic_mix(seed_mix)
    assert ax.get_title() == "Topic mix per document" and "%" in ax.get_xlabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == 8 and legend[-1] == "other topics"
    ax = topic_plots.plot_topic_mix(seed_model.doc_mix, top=None)
    assert len(ax.get_legend().get_texts()) == 3 and "weight" in ax.get_xlabel()
    ax = topic_plots.plot_topic_heatmap(topics.topic_mix(seeds, by="speaker"), by="speaker")
    assert "(no label)" in [t.get_text() for t in ax.get_yticklabels()]  # the article
    ax = topic_plots.plot_topic_heatmap(seed_mix, value="per_1k")
    assert len(ax.get_xticklabels()) == int((seed_mix.groupby("topic")["hits"].sum() > 0).sum())
    ax = topic_plots.plot_topic_flow(seeds, AVAILABILITY, window=1)
    assert ax.get_xlim() == (-0.5, 20.5) and "turn" in ax.get_xlabel()
    ax = topic_plots.plot_topic_flow(seed_model.turn_mix, INTERVIEW, x="words")
    assert "words" in ax.get_xlabel()
    with pytest.raises(KeyError, match="no turns for document 'nope'"):
        topic_plots.plot_topic_flow(seeds, "nope")
    ax = topic_plots.plot_n_topics(topics.choose_n_topics(seeds, ks=[2, 3]))
    assert ax.get_xlabel() == "number of topics k" and len(ax.get_lines()) == 4
    _, given = plt.subplots()
    assert topic_plots.plot_topic_mix(seed_mix, ax=given) is given
    plt.close("all")


# -- the White House corpus ----------------------------------------------------------------


def test_whitehouse_lexicon_mix_is_not_degenerate(whitehouse):
    m = topics.topic_mix(whitehouse)
    total = m.groupby("topic")["hits"].sum()
    assert total.max() < 0.3 * total.sum()  # no topic takes everything
    assert (total > 0).all()  # and every topic is used
    per_doc = m.groupby("doc_id")["hits"].sum()
    assert (per_doc > 0).mean() > 0.95
    top_share = m.groupby("doc_id")["share"].max()
    assert top_share.median() < 0.6  # a typical briefing mixes several topics
    covid = m[m["topic"] == "covid"].set_index("doc_id")["share"]
    covid_docs = [d for d in covid.index if "covid" in d]
    assert covid_docs and covid[covid_docs].median() > 0.4  # COVID team briefings


def test_whitehouse_nmf_is_not_degenerate(whitehouse):
    tm = topics.fit_topics(whitehouse, 10)
    assert len(tm.topics) == 10
    assert tm.topics["share"].max() < 0.5
    assert (tm.topics["share"] > 0.01).all()
    assert tm.doc_mix.groupby("doc_id")["share"].max().median() < 0.8
    assert tm.doc_mix["doc_id"].nunique() > 0.95 * len(whitehouse.documents)
    # top terms are distinct across topics (not one topic repeated)
    assert tm.topics["top_terms"].nunique() == 10


def test_one_documents_mix_is_its_rows_of_the_whole_table(seeds):
    # plot_topic_flow mixes only the document it draws: the same rows, the same numbers
    lex = topics.load_lexicon()
    whole = topics.topic_mix(seeds, lex, by=["doc_id", "turn"])
    one = topics._mix(seeds, lex, ["doc_id", "turn"], AVAILABILITY)
    expected = whole[whole["doc_id"] == AVAILABILITY].reset_index(drop=True)
    assert expected["hits"].sum() > 0
    pd.testing.assert_frame_equal(one.reset_index(drop=True), expected)


def test_hits_are_found_once_and_handed_out_as_copies(seeds):
    first = topics.topic_hits(seeds)
    first.loc[:, "topic"] = "changed"  # the caller's copy, not the corpus's
    again = topics.topic_hits(seeds)
    assert (again["topic"] != "changed").all()
    pd.testing.assert_frame_equal(again, topics.topic_hits(parse_text_like(seeds)))


def parse_text_like(corpus):
    """The same tables in a new corpus object (nothing kept with it yet)."""
    import dataclasses

    return dataclasses.replace(corpus)


def test_the_copied_stopword_list_is_scikit_learns():
    # topics uses a copy so that importing it does not import scikit-learn
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from analysis.stopwords import GLASGOW

    assert GLASGOW == ENGLISH_STOP_WORDS


def test_the_lexicon_functions_do_not_import_scikit_learn():
    code = (
        "import sys, analysis\nfrom analysis import topics, lengths, findings\n"
        "c = analysis.load_corpus('data/raw')\ntopics.topic_mix(c, by='doc_id')\n"
        "lengths.responsiveness(c)\n"
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
