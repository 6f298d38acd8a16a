"""Quote provenance speed: 100 quotes traced through the shared corpus.

Run: ``.venv/bin/python benchmarks/bench_provenance.py [FOLDER]`` (default ../shared/corpus).
The quotes are sentences of the corpus's turns chosen with a fixed seed; one in three has a
word dropped and one in three an added "not". Ours: ``analysis.provenance`` (its first call
builds the word-sequence index). Baseline, in the same run: rapidfuzz's
``process.extractOne(quote, turns, scorer=fuzz.partial_ratio)``, the naive way to find the
best-matching turn for each quote (on ``BASELINE_QUOTES`` quotes, scaled to 100).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

import analysis
from analysis import provenance as prov

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus"
N_QUOTES = 100
BASELINE_QUOTES = 10


def make_quotes(corpus: analysis.Corpus) -> pd.DataFrame:
    s = corpus.sentences
    pool = s[(s["n_words"] >= 12) & (s["n_words"] <= 40)]
    pick = pool.sample(N_QUOTES, random_state=0)
    quotes, truth = [], []
    for k, text in enumerate(pick["text"]):
        w = " ".join(text.split()).split()
        if k % 3 == 1:
            w = w[:6] + w[7:]
        elif k % 3 == 2:
            w = [*w[:4], "not", *w[4:]]
        quotes.append(" ".join(w))
        truth.append("verbatim" if k % 3 == 0 else "altered")
    return pd.DataFrame({"text": quotes, "truth": truth})


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"bench_provenance: {folder} not found; pass a folder of transcripts")
        return
    corpus = analysis.load_corpus(folder)
    quotes = make_quotes(corpus)
    t0 = time.perf_counter()
    p = prov.provenance(corpus, quotes=quotes)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    p = prov.provenance(corpus, quotes=quotes)
    t_warm = time.perf_counter() - t0
    right = (p["verdict"].to_numpy() == quotes["truth"].to_numpy()).mean()
    turns = corpus.turns["text"].tolist()
    t0 = time.perf_counter()
    for q in quotes["text"].head(BASELINE_QUOTES):
        process.extractOne(q, turns, scorer=fuzz.partial_ratio)
    t_base = (time.perf_counter() - t0) * N_QUOTES / BASELINE_QUOTES
    print(
        f"provenance: {N_QUOTES} quotes against {len(turns):,} turns ({len(corpus.tokens):,} words)"
    )
    print(f"  analysis.provenance, first call   {t_ours:7.2f} s   (verdict as built: {right:.0%})")
    print(f"  analysis.provenance, warm index   {t_warm:7.2f} s")
    print(
        f"  rapidfuzz extractOne partial_ratio {t_base:6.1f} s   "
        f"(scaled from {BASELINE_QUOTES} quotes)   ratio {t_base / t_ours:6.0f}x"
    )
    print(f"  verdicts: {dict(pd.Series(p['verdict']).value_counts())}")
    assert np.isfinite(t_ours)


if __name__ == "__main__":
    main()
