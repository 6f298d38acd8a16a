"""Recurring phrases on the seeds (facts checked by hand), KWIC escaping, and the big corpus."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from conftest import ARTICLE, AVAILABILITY, INTERVIEW

import analysis
from analysis import intkeys, phrase_plots, phrases


def test_outlast_in_the_interview_and_the_article(seeds):
    k = phrases.kwic(seeds, "outlast")
    iv = k[k["doc_id"] == INTERVIEW]
    assert len(iv) == 7
    assert set(iv["speaker"]) == {"SECRETARY BLINKEN"}
    art = k[k["doc_id"] == ARTICLE]
    assert len(art) == 3
    # all three are inside one quote of the article
    q = seeds.quotes[seeds.quotes["doc_id"] == ARTICLE]
    inside = [
        ((q["start"] <= s) & (e <= q["end"])).any()
        for s, e in zip(art["start"], art["end"], strict=True)
    ]
    assert all(inside)
    text = seeds.text(INTERVIEW)
    assert all(text[s:e].lower() == "outlast" for s, e in zip(iv["start"], iv["end"], strict=True))


def test_swift_severe_three_times_in_geneva_only(seeds):
    k = phrases.kwic(seeds, "swift, severe")
    assert k["doc_id"].tolist() == [AVAILABILITY] * 3
    assert k["match"].tolist() == ["swift, severe"] * 3
    # a comma in the pattern also matches "and"
    c = analysis.parse_text("MS. LEE:  It will be swift and severe.  Or swift severe.")
    assert phrases.kwic(c, "swift, severe")["match"].tolist() == [
        "swift and severe",
        "swift severe",
    ]
    assert phrases.kwic(c, "swift severe")["match"].tolist() == ["swift severe"]


def test_wildcards_regex_lists_and_context(seeds):
    assert len(phrases.kwic(seeds, "outlast*")) == 10
    assert len(phrases.kwic(seeds, "OUTLAST")) == 10
    assert len(phrases.kwic(seeds, r"outlast(s|ed)?", regex=True)) == 10
    both = phrases.kwic(seeds, ["outlast", "swift, severe"])
    assert len(both) == 13 and set(both["pattern"]) == {"outlast", "swift, severe"}
    k = phrases.kwic(seeds, "he can’t outlast", window=2)
    assert len(k) == 7  # 4 in the interview (not "he can outlast all"), 3 in the article
    first = k.iloc[0]
    assert (first["left"], first["match"], first["right"]) == (
        "Putin that",
        "he can’t outlast",
        "us, he",
    )
    sent = phrases.kwic(seeds, "cluster munitions", window="sentence")
    assert sent.iloc[0]["right"].endswith(".")
    assert not sent["left"].str.contains("QUESTION").any()


def test_context_stops_at_the_turn_unless_asked():
    c = analysis.parse_text("Q  Will you outlast them?\n\nMS. LEE:  We will outlast them all.")
    k = phrases.kwic(c, "outlast", window=10)
    assert k.iloc[0]["right"] == "them?"  # not into Ms. Lee's answer
    across = phrases.kwic(c, "outlast", window=10, cross_turns=True)
    assert across.iloc[0]["right"].startswith("them? MS. LEE: We will")  # label as printed


def test_kwic_html_is_escaped():
    c = analysis.parse_text("MS. LEE:  The <script>alert(1)</script> tag is not a threat.")
    k = phrases.kwic(c, "tag")
    html = k._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>tag</b>" in html


def test_ngrams(seeds):
    g = phrases.ngrams(seeds, n=(1, 3), by="doc_id")
    assert list(g.columns) == ["doc_id", "ngram", "n", "count"]
    iv = g[g["doc_id"] == INTERVIEW].set_index("ngram")["count"]
    assert iv["outlast"] == 7 and iv["cluster munitions"] == 4
    assert "of the" not in iv.index  # starts and ends with stopwords
    every = phrases.ngrams(seeds, n=2, by=None, stopwords=False)
    assert every.set_index("ngram").loc["of the", "count"] > 5
    by_role = phrases.ngrams(seeds, n=1, by=["doc_id", "role"])
    assert set(by_role.columns[:2]) == {"doc_id", "role"}
    assert (
        by_role.groupby(["doc_id", "role"])["count"]
        .apply(lambda s: s.is_monotonic_decreasing)
        .all()
    )
    with pytest.raises(ValueError, match="between 1 and 5"):
        phrases.ngrams(seeds, n=6)


def test_collocations_match_nltk(seeds):
    import nltk  # here, not at the top: importing it takes 2 s, and only this test needs it

    col = phrases.collocations(seeds, min_count=2).set_index("bigram")
    row = col.loc["cluster munitions"]
    words = seeds.tokens["norm"].tolist()
    units = list(zip(seeds.tokens["doc_id"], seeds.tokens["turn"], strict=True))
    pairs = [(words[i], words[i + 1]) for i in range(len(words) - 1) if units[i] == units[i + 1]]
    fd = nltk.FreqDist(pairs)
    f1 = nltk.FreqDist(a for a, _ in pairs)
    f2 = nltk.FreqDist(b for _, b in pairs)
    n_ii, n_ix, n_xi, n = fd[("cluster", "munitions")], f1["cluster"], f2["munitions"], len(pairs)
    bam = nltk.collocations.BigramAssocMeasures
    assert row["count"] == n_ii
    assert row["pmi"] == pytest.approx(bam.pmi(n_ii, (n_ix, n_xi), n))
    assert row["llr"] == pytest.approx(bam.likelihood_ratio(n_ii, (n_ix, n_xi), n))
    assert row["t"] == pytest.approx(bam.student_t(n_ii, (n_ix, n_xi), n))


def test_track_rates(seeds):
    t = phrases.track(seeds, ["outlast", "swift, severe"], by="doc_id")
    row = t[(t["doc_id"] == INTERVIEW) & (t["phrase"] == "outlast")].iloc[0]
    words = seeds.documents.set_index("doc_id").loc[INTERVIEW, "n_words"]
    assert row["count"] == 7 and row["words"] == words
    assert row["per_10k"] == pytest.approx(7 / words * 10_000)
    zero = t[(t["doc_id"] == INTERVIEW) & (t["phrase"] == "swift, severe")].iloc[0]
    assert zero["count"] == 0
    sp = phrases.track(seeds, "outlast", by=["doc_id", "speaker"])
    assert sp.loc[sp["speaker"] == "QUESTION", "count"].sum() == 0
    over = phrases.track_over_time(seeds, ["outlast"], freq="M")
    assert over["period"].dt.strftime("%Y-%m").tolist() == ["2022-01", "2023-07"]
    assert over["count"].tolist() == [0, 10]
    ax = phrase_plots.plot_track(t)
    assert ax.get_ylabel() == "occurrences per 10,000 words"
    ax = phrase_plots.plot_trends(over)
    assert len(ax.get_lines()) == 1


def test_dispersion(seeds):
    d = phrases.dispersion(seeds, ["outlast", "swift, severe"])
    assert len(d) == 13 and d["position"].between(0, 1).all()
    g = d[d["doc_id"] == AVAILABILITY]
    assert g["phrase"].tolist() == ["swift, severe"] * 3
    assert g["token"].is_monotonic_increasing
    ax = phrase_plots.plot_dispersion(d)
    assert len(ax.get_yticklabels()) == 3


def test_keyness_questions_against_answers(seeds):
    k = phrases.keyness(seeds, "question", by="role", min_count=2)
    assert {"ngram", "target", "reference", "g2", "log_ratio"} <= set(k.columns)
    assert k["g2"].is_monotonic_decreasing
    top = k.iloc[0]
    assert top["g2"] > 3.84 and top["log_ratio"] > 0
    # "secretary" is said to Blinken (questions) far more than by him
    assert k.set_index("ngram").loc["secretary", "g2"] > 0
    ax = phrase_plots.plot_keyness(k, target_label="questions", reference_label="answers")
    assert "questions" in ax.get_title()


def test_repeated_passages_on_the_seeds(seeds):
    r = phrases.repeated_passages(seeds)
    assert list(r.columns) == [
        "passage",
        "doc_id",
        "turn",
        "speaker",
        "role",
        "start",
        "end",
        "text",
        "words",
        "locations",
        "documents",
    ]
    cant = r[r["text"].str.contains("he can’t outlast")]
    assert {INTERVIEW, ARTICLE} <= set(cant["doc_id"])
    assert (cant["documents"] >= 2).all()
    swift = r[r["text"].str.contains("swift, severe")]
    assert set(swift["doc_id"]) == {AVAILABILITY}
    assert swift["passage"].nunique() == 1 and len(swift) == 2
    assert any("a united response" in t for t in swift["text"])  # one word tolerated
    docs = seeds.documents.set_index("doc_id")["text"]
    assert all(
        docs[d][s:e].split()[0] for d, s, e in zip(r["doc_id"], r["start"], r["end"], strict=True)
    )


def test_whole_white_house_corpus(whitehouse):
    g = phrases.ngrams(whitehouse, n=(1, 3), by="doc_id")
    assert g["doc_id"].nunique() == 399
    k = phrases.kwic(whitehouse, "inflation")
    assert len(k) > 500 and (k["match"].str.lower() == "inflation").all()
    t = phrases.track(whitehouse, ["inflation", "ukraine"], by="role")
    assert t["per_10k"].notna().all()
    r = phrases.repeated_passages(whitehouse)
    assert r["documents"].max() > 20 and (r["locations"] >= 2).all()
    c = phrases.collocations(whitehouse, min_count=20)
    assert len(c) > 100 and np.isfinite(c["llr"]).all()
    kn = phrases.keyness(whitehouse, "question", by="role")
    assert len(kn) > 1000
    assert isinstance(phrases.dispersion(whitehouse, "inflation"), pd.DataFrame)


def test_kwic_table_wraps_and_shows_its_first_matches(seeds):
    sentence = phrases.kwic(seeds, "russia", window="sentence")
    html = sentence._repr_html_()
    assert "white-space:normal" in html and "nowrap" not in html  # long contexts wrap
    assert len(sentence) > 25
    assert html.count("<tr>") == 25
    assert f"{len(sentence)} matches; the first 25 are shown" in html
    few = phrases.kwic(seeds, "outlast")
    assert few._repr_html_().count("<tr>") == len(few) == 10


def test_dispersion_plot_keeps_the_rows_with_most_uses(seeds):
    table = phrases.dispersion(seeds, ["russia", "ukraine", "nato"])
    ax = phrase_plots.plot_dispersion(table, top=2)
    assert len(ax.get_yticklabels()) == 2
    assert ax.get_title().startswith("Lexical dispersion: the 2 of ")
    empty = phrase_plots.plot_dispersion(phrases.dispersion(seeds, ["zzyzx"]))
    assert "none of the phrases occurs" in [t.get_text() for t in empty.texts]


def test_top_phrases_fall_back_to_words():
    c = analysis.parse_text("MS. LEE:  Tariffs rise.")
    assert phrases.top_phrases(c, 2) == ["rise", "tariffs"]  # said once each: alphabetical


def test_keyness_without_questions_can_be_empty(seeds):
    c = analysis.parse_text("MS. LEE:  Remarks about tariffs and tariffs.")
    assert phrases.keyness(c, "question", empty_ok=True).empty
    ax = phrase_plots.plot_keyness(phrases.keyness(c, "question", empty_ok=True))
    assert "nothing to compare" in [t.get_text() for t in ax.texts]


# -- n-grams and kwic against slow references (issue 13) -------------------------------------

ODD = (
    "MS. LEE:  Inflation\u00a0is   high. The U.S.-made so-called goods are a-b and ab.\n\n"
    "Q  Is inflation “high”?\tYes — inflation. A b a-b ab a b.\n\n"
    "MS. LEE:  Café inflation… 🙂 inflation is high, the high is Inflation"
)


def _slow_ngrams(c: analysis.Corpus, lo: int, hi: int, by: str | None) -> pd.DataFrame:
    """Counter over each turn's words (never across turns), sorted as ngrams documents."""
    from collections import Counter

    tok = c.tokens.merge(c.turns[["doc_id", "turn", "speaker", "role"]], on=["doc_id", "turn"])
    counts: Counter = Counter()
    for (group, _, _), t in tok.groupby([by or "doc_id", "doc_id", "turn"], sort=False):
        w = t["norm"].tolist()
        for n in range(lo, hi + 1):
            for i in range(len(w) - n + 1):
                counts[(group if by else 0, " ".join(w[i : i + n]), n)] += 1
    rows = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    out = pd.DataFrame([(*k, v) for k, v in rows], columns=["_g", "ngram", "n", "count"])
    return out.rename(columns={"_g": by}) if by else out.drop(columns="_g")


@pytest.mark.parametrize("key_bits", [62, 20])  # 20: keys too wide for one int64 are ranked
def test_ngram_counts_equal_a_slow_count(monkeypatch, key_bits):
    monkeypatch.setattr(intkeys, "KEY_BITS", key_bits)
    c = analysis.parse_text(ODD)
    for lo, hi, by in [(1, 3, None), (1, 3, "role"), (2, 5, None), (4, 5, "speaker")]:
        got = phrases.ngrams(c, n=(lo, hi), by=by, stopwords=False)
        want = _slow_ngrams(c, lo, hi, by)
        if by:  # groups in order of first appearance, as ngrams orders them
            first = {g: i for i, g in enumerate(dict.fromkeys(c.turns[by]))}
            want = want.sort_values(by, key=lambda s: s.map(first), kind="stable")
        got = got.reset_index(drop=True)
        assert got[["ngram", "n", "count"]].values.tolist() == (
            want[["ngram", "n", "count"]].values.tolist()
        ), (lo, hi, by)
        if by:
            assert got[by].tolist() == want[by].tolist()
    g = phrases.ngrams(c, n=(1, 2), by=None, stopwords=False).set_index("ngram")["count"]
    assert g["inflation"] == 6 and g["high"] == 4 and g["is high"] == 2
    assert g["a-b"] == 2 and g["a b"] == 2 and "inflation is" in g.index
    assert "ab is" not in g.index and "b café" not in g.index  # never across turns
    # ties in alphabetical order of the strings: "a b" before "a-b" before "ab"
    twice = [w for w, n in g.items() if n == 2]
    assert twice == sorted(twice) and twice.index("a b") < twice.index("a-b") < twice.index("ab")


def test_ngrams_of_a_group_with_missing_values_are_labelled_missing():
    c = analysis.parse_text(ODD)
    c.turns["desk"] = pd.Series(["north", None, "north"], dtype="str")
    g = phrases.ngrams(c, n=1, by="desk", stopwords=False)
    assert g["desk"].isna().sum() == len(c.tokens[c.tokens["turn"] == 1]["norm"].unique())
    assert g.loc[g["desk"].isna() & (g["ngram"] == "yes"), "count"].tolist() == [1]
    assert "yes" not in g.loc[g["desk"] == "north", "ngram"].tolist()


def test_track_by_a_column_with_missing_values():
    c = analysis.parse_text(ODD)
    c.turns["desk"] = pd.Series(["north", None, "north"], dtype="str")
    t = phrases.track(c, ["inflation", "high"], by="desk")  # was: bincount of -1
    assert t["desk"].isna().sum() == 2
    missing = t[t["desk"].isna()].set_index("phrase")
    assert missing.loc["inflation", "count"] == 2 and missing.loc["high", "count"] == 1
    assert missing.loc["inflation", "words"] == (c.tokens["turn"] == 1).sum()
    north = t[t["desk"] == "north"].set_index("phrase")
    assert north.loc["inflation", "count"] == 4


KWIC_CASES = [
    ("inflation", {}),
    ("high", {"window": 1}),
    ("the", {"window": 3}),
    ("is high", {"window": 2}),
    ("inflation", {"window": 3, "cross_turns": True}),
    ("a b", {"window": 0}),
    (["infl*", "high, a"], {"window": 8}),
    (r"a(-b)?", {"window": 2, "regex": True}),
]


@pytest.mark.parametrize(("pattern", "kw"), KWIC_CASES)
def test_kwic_contexts_cut_from_the_flat_text_equal_the_slow_cut(monkeypatch, pattern, kw):
    c = analysis.parse_text(ODD)
    slow = phrases.kwic(c, pattern, **kw)
    assert not hasattr(phrases.token_index(c), "_flat")  # few matches: cut one by one
    monkeypatch.setattr(phrases, "_FLAT_AFTER", -1)
    fast = phrases.kwic(c, pattern, **kw)
    assert hasattr(phrases.token_index(c), "_flat")
    assert len(fast) > 0
    pd.testing.assert_frame_equal(pd.DataFrame(fast), pd.DataFrame(slow))


def test_kwic_contexts_at_document_edges_and_turns(monkeypatch):
    monkeypatch.setattr(phrases, "_FLAT_AFTER", -1)  # the numpy cut
    c = analysis.parse_text(ODD)
    k = phrases.kwic(c, "inflation", window=2)
    assert k[["turn", "left", "match", "right"]].values.tolist() == [
        [0, "", "Inflation", "is high."],  # first word of the document; no-break space
        [1, "Is", "inflation", "“high”? Yes"],  # closing quotes and "?" kept, tab flattened
        [1, "high”? Yes —", "inflation", ". A b"],
        [2, "Café", "inflation", "… 🙂 inflation is"],
        [2, "Café inflation… 🙂", "inflation", "is high,"],
        [2, "high is", "Inflation", ""],  # last word of the document
    ]
    across = phrases.kwic(c, "inflation", window=3, cross_turns=True)
    assert across["left"].tolist()[1] == "and ab. Q Is"  # the label as printed
    assert across["right"].tolist()[3] == "… 🙂 inflation is high,"
    text = c.documents["text"].iloc[0]
    assert all(text[s:e].lower() == "inflation" for s, e in zip(k["start"], k["end"], strict=True))


def test_kwic_html_of_a_column_subset():
    c = analysis.parse_text("MS. LEE:  The <b>tag</b> is not a threat.")
    html = phrases.kwic(c, "tag")[["left", "match", "right"]]._repr_html_()
    assert '<td class="w">' not in html and "<b>tag</b>" in html
    assert "&lt;b&gt;" in html
    some = phrases.kwic(c, "tag")[["doc_id", "left", "match", "right"]]._repr_html_()
    assert '<td class="w">' in some


def test_a_corpus_without_words():
    empty = analysis.parse_text("MS. LEE:  ")
    assert list(phrases.ngrams(empty).columns) == ["doc_id", "ngram", "n", "count"]
    assert phrases.ngrams(empty).empty and phrases.kwic(empty, "x").empty  # was: TypeError


@pytest.mark.parametrize(
    ("pattern", "kw"),
    [
        *KWIC_CASES,
        ("inflation", {"window": 1000}),
        ("high", {"window": 0, "cross_turns": True}),
        (["is", "inflation"], {"window": 4}),
    ],
)
def test_kwic_placed_without_the_token_index_equals_the_index_path(monkeypatch, pattern, kw):
    """One-word patterns are found in the categorical codes and placed match by match; the
    result is what the token index gives, at document and turn edges too."""
    for text in (ODD, "MS. LEE:  inflation\n\nQ  Inflation high? High inflation."):
        light = analysis.parse_text(text)
        got = phrases.kwic(light, pattern, **kw)
        with monkeypatch.context() as m:
            m.setattr(phrases, "_light_tokens", lambda corpus: None)
            want = phrases.kwic(analysis.parse_text(text), pattern, **kw)
        pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(want))


def test_kwic_on_the_seeds_placed_without_the_token_index(monkeypatch, seeds):
    c = analysis.Corpus(**seeds.tables())  # without the caches of other tests
    got = phrases.kwic(c, ["president", "outlast*"], window=12)
    assert not hasattr(c, "_token_index")  # the first query needs no token index
    monkeypatch.setattr(phrases, "_light_tokens", lambda corpus: None)
    want = phrases.kwic(analysis.Corpus(**seeds.tables()), ["president", "outlast*"], window=12)
    assert len(want) > 20 and want["doc_id"].nunique() == 3
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(want))


def test_ngrams_doc_id_is_categorical_in_document_order(seeds):
    g = phrases.ngrams(seeds, n=1, by=["doc_id", "role"])
    assert g["doc_id"].dtype == seeds.tokens["doc_id"].dtype
    assert list(g["doc_id"].cat.categories) == seeds.documents["doc_id"].tolist()
    assert g["role"].dtype == "str"
    assert (g["doc_id"].astype("str") == g["doc_id"]).all()


def test_sort_in_runs_of_groups_equals_a_plain_sort(monkeypatch):
    """Keys in runs (one per n-gram size), each in group order, sorted a few groups at a
    time equal one sort of all of them."""
    rng = np.random.default_rng(0)
    monkeypatch.setattr(intkeys, "CHUNK", 50)
    n_groups = 40
    runs, ends = [], []
    for _ in range(3):
        group = np.sort(rng.integers(0, n_groups, 30_000))
        runs.append((group << 20) | rng.integers(0, 1 << 20, len(group)))
        ends.append(np.searchsorted(group, np.arange(n_groups), "right"))
    key = np.concatenate(runs)
    assert (intkeys.sort_keys(key, ends) == np.sort(key)).all()
    assert (intkeys.sort_keys(key) == np.sort(key)).all()


def test_word_lookup_by_binary_search_or_dict():
    words = np.array(["a", "b", "café", "z"], dtype=object)
    for vocab in (words, words[::-1].copy()):
        look = phrases._Lookup(vocab)
        assert [look[w] for w in words] == [vocab.tolist().index(w) for w in words]
        assert look.get("c") is None and "zz" not in look and look.get(3) is None
        assert len(look) == 4 and sorted(look) == words.tolist()


def test_count_order_in_pieces_equals_two_stable_sorts(monkeypatch):
    rng = np.random.default_rng(1)
    monkeypatch.setattr(intkeys, "CHUNK", 1000)
    g = np.sort(rng.integers(0, 300, 100_000))
    g[g == 7] = 8  # a group code with no rows
    count = rng.geometric(0.5, len(g))
    want = np.argsort(count.max() - count, kind="stable")
    want = want[np.argsort(g[want], kind="stable")]
    assert (intkeys.count_order(g, count) == want).all()
    one = np.zeros(len(g), np.int64)  # by=None: one group
    assert (intkeys.count_order(one, count) == np.argsort(-count, kind="stable")).all()
