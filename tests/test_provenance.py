"""Quote provenance on the seeds (verdicts checked by hand) and on quotes altered on purpose."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import INTERVIEW, WHITEHOUSE, need_whitehouse

import analysis
from analysis import provenance as prov


def verdict_of(table: pd.DataFrame, start: str) -> pd.Series:
    (row,) = [r for _, r in table.iterrows() if r["quote_text"].startswith(start)]
    return row


def test_seed_quotes(seeds):
    p = prov.provenance(seeds)
    assert len(p) == len(seeds.quotes)
    clear = verdict_of(p, "I think everyone’s been clear")
    assert clear["verdict"] == "verbatim" and clear["source_doc_id"] == INTERVIEW
    assert clear["source_turn"] == 2 and clear["source_speaker"] == "SECRETARY BLINKEN"
    progress = verdict_of(p, "But they’ve made real progress")
    assert progress["verdict"] == "punctuation" and progress["changes"] == ""
    putin = verdict_of(p, "That tells President Putin")
    assert putin["verdict"] == "altered"
    assert putin["changes"] == "can → can’t"
    assert (putin["added"], putin["removed"]) == ("can’t", "can")
    # the MSNBC interview is not in the corpus
    for start in (
        "The stockpiles around the world",
        "Every ally I’ve talked to",
        "Well, these for us",
        "In the interests of the United States",
    ):
        row = verdict_of(p, start)
        assert row["verdict"] == "no source", start
        assert pd.isna(row["source_turn"]) and row["source_doc_id"] == ""
    # offsets point at the source passage
    text = seeds.text(INTERVIEW)
    s, e = int(putin["source_start"]), int(putin["source_end"])
    assert text[s:e].startswith("That tells President Putin") and text[s:e] == putin["source_text"]


def test_word_diff_and_its_html():
    d = prov.word_diff("he can’t outlast all of us", "He can outlast all")
    assert d["op"].tolist() == ["punctuation", "replace", "equal", "delete"]  # "he" / "He"
    assert d["quote_words"].tolist() == ["he", "can’t", "outlast all", "of us"]
    html = d._repr_html_()
    assert '<del style="color:#0072B2" title="transcript">can</del>' in html
    evil = prov.WordDiff(
        pd.DataFrame({"op": ["delete"], "quote_words": ["<script>x()"], "source_words": [""]})
    )
    assert "<script>" not in evil._repr_html_() and "&lt;script&gt;" in evil._repr_html_()


@pytest.fixture(scope="module")
def briefings():
    need_whitehouse()
    files = sorted((WHITEHOUSE / "press-briefings").glob("2022-0[3-4]-*.md"))[:6]
    return analysis.load_corpus(files)


def _sentence(corpus: analysis.Corpus, k: int) -> str:
    s = corpus.sentences
    long = s[(s["n_words"] >= 14) & (s["n_words"] <= 30)]
    return long["text"].iloc[k]


def test_altered_white_house_quotes(briefings):
    originals = [" ".join(_sentence(briefings, k).split()) for k in (3, 40, 77, 120, 160)]
    quotes, expected = [], []
    for o in originals:
        words = o.split()
        quotes.append(o)
        expected.append("verbatim")
        quotes.append(" ".join(words[:5] + words[6:]))  # a word dropped
        expected.append("altered")
        quotes.append(" ".join([*words[:4], "not", *words[4:]]))  # a negation added
        expected.append("altered")
        quotes.append(o.replace(",", "").lower())  # punctuation and case
        expected.append("punctuation" if "," in o or o != o.lower() else "verbatim")
    quotes.append("Thank you so much for coming to the farmers market on Sunday morning.")
    expected.append("no source")
    p = prov.provenance(briefings, quotes=pd.DataFrame({"text": quotes}))
    assert p["verdict"].tolist() == expected
    dropped = p.iloc[1]
    assert dropped["changes"].startswith("− ") and dropped["removed"] == originals[0].split()[5]


def test_quotes_in_a_news_article_file(tmp_path):
    need_whitehouse()
    src = sorted((WHITEHOUSE / "press-briefings").glob("2022-03-*.md"))[0]
    shutil.copy(src, tmp_path / src.name)
    corpus = analysis.load_corpus(tmp_path / src.name)
    sent = _sentence(corpus, 5).rstrip(".")
    article = (
        f"WASHINGTON — The press secretary spoke on Tuesday.\n\n"
        f"“{sent},” she said at the briefing.\n\n"
        f"“We will never, ever give up on the moon landing,” she added.\n"
    )
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    both = analysis.load_corpus(tmp_path)
    assert both.documents.set_index("doc_id").loc["article", "kind"] == "news article"
    p = prov.provenance(both)
    assert p["verdict"].tolist() == ["verbatim", "no source"]
    assert p.iloc[0]["source_doc_id"] == src.stem
