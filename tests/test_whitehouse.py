"""The whole shared White House corpus loads, losslessly, with sensible structure."""

from __future__ import annotations

import numpy as np


def test_every_file_loads_without_error(whitehouse):
    assert len(whitehouse.documents) == 399
    assert (whitehouse.problems["severity"] != "error").all()
    assert (whitehouse.documents["n_turns"] > 0).all()


def test_lossless_invariant_for_every_document(whitehouse):
    docs = dict(zip(whitehouse.documents["doc_id"], whitehouse.documents["text"], strict=True))
    t = whitehouse.turns
    rows = zip(t["doc_id"], t["turn"], t["start"], t["end"], t["text"], strict=True)
    bad = [(d, n) for d, n, start, end, text in rows if docs[d][start:end] != text]
    assert bad == []
    for doc_id, g in whitehouse.segments.groupby("doc_id", sort=False):
        starts, ends = g["start"].to_numpy(), g["end"].to_numpy()
        assert starts[0] == 0 and ends[-1] == len(docs[doc_id]), doc_id
        assert (ends[:-1] == starts[1:]).all(), doc_id
    tok = whitehouse.tokens.sample(20_000, random_state=0)
    rows = zip(tok["doc_id"], tok["start"], tok["end"], tok["text"], strict=True)
    assert all(docs[d][start:end] == text for d, start, end, text in rows)


def test_structure_is_sensible(whitehouse):
    t = whitehouse.turns
    roles = t["role"].value_counts(normalize=True)
    assert 0.35 < roles["question"] < 0.6 and 0.35 < roles["answer"] < 0.6
    assert (t.loc[t["speaker"] == "Q", "role"] == "question").all()
    assert set(t.loc[t["speaker"] == "MODERATOR", "role"]) == {"moderator"}
    kinds = whitehouse.documents["kind"].value_counts()
    assert kinds["press briefing"] > 100 and kinds["remarks"] > 50
    # no label text leaks into a turn's first characters
    assert not t["text"].str.match(r"(?:MS\.|MR\.) [A-Z-]+:").any()
    # page furniture is not speech
    words = set(whitehouse.tokens["text"].unique())
    assert "EDT" not in words or whitehouse.tokens["text"].eq("EDT").sum() < 50
    seg = whitehouse.segments
    meta = seg.loc[seg["kind"] == "metadata", "text"]
    assert meta.str.contains("Press Briefing Room").sum() >= 100
    assert meta.str.match(r"(?:END\s+)?\d{1,2}:\d{2} [AP]\.M\.").sum() >= 300


def test_sentences_and_tokens_line_up(whitehouse):
    s, tok, t = whitehouse.sentences, whitehouse.tokens, whitehouse.turns
    assert s["n_words"].sum() == len(tok) == t["n_words"].sum()
    assert (s["n_words"] > 0).all()
    first = tok.groupby("doc_id", observed=True)["token"].min()
    assert (first == 0).all()
    assert np.all(np.diff(tok["start"].to_numpy())[np.diff(tok["token"].to_numpy()) == 1] > 0)
