"""N-gram counting and KWIC speed against NLTK and scikit-learn, on the same tokens.

Run: ``.venv/bin/python benchmarks/bench_phrases.py [FOLDER]`` (default
../shared/corpus/whitehouse). Goals: n-gram counts 1 to 3 per document at least 5x faster than
NLTK's ``FreqDist`` over ``nltk.ngrams`` and 10x faster than scikit-learn's
``CountVectorizer(ngram_range=(1, 3))``; a KWIC query after loading at least 15x faster than
``nltk.text.Text.concordance_list``; a warm KWIC query for "the" (about 108,000 matches) in at
most 0.2 s and at least 15x faster than a warm ``concordance_list``; warm queries for
"inflation", "ukraine" and "the", summed, at least 15x faster than NLTK's, summed.

All sides get the loader's tokens (``tokens.norm``, one list per document): no side
tokenises. Ours never counts an n-gram across two turns; the baselines run over each
document's whole token list, so their counts include the few n-grams that straddle turns.
Our first one-word KWIC query on a freshly loaded corpus finds its matches in the codes of
the categorical ``tokens.norm`` and builds no index; NLTK's first ``concordance_list`` builds
its concordance index.
Each "first query" includes that; the warm query does not. A query with more than 5,000 matches
first makes (once per corpus) the flattened text that contexts are cut from: the first "the"
query includes that, the warm one does not.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nltk
from sklearn.feature_extraction.text import CountVectorizer

import analysis
from analysis import phrases

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "whitehouse"
REPEAT = 3


def fresh(corpus: analysis.Corpus) -> analysis.Corpus:
    """The corpus without the caches phrases keeps on it."""
    for name in ("_token_index", "_turn_rows", "_doc_names", "_doc_first_row", "_lookups"):
        if hasattr(corpus, name):
            object.__delattr__(corpus, name)
    return corpus


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"bench_phrases: {folder} not found; pass a folder of transcripts")
        return
    corpus = analysis.load_corpus(folder)
    docs = [
        g["norm"].tolist() for _, g in corpus.tokens.groupby("doc_id", observed=True, sort=False)
    ]
    n_tok = sum(map(len, docs))
    print(f"n-grams 1-3 per document: {len(docs)} documents, {n_tok:,} tokens")

    t_ours, ours = best(
        lambda: phrases.ngrams(fresh(corpus), n=(1, 3), by="doc_id", stopwords=False)
    )

    def nltk_counts() -> list[nltk.FreqDist]:
        return [nltk.FreqDist(g for n in (1, 2, 3) for g in nltk.ngrams(d, n)) for d in docs]

    t_nltk, _ = best(nltk_counts)

    def sk_counts() -> object:
        cv = CountVectorizer(
            ngram_range=(1, 3),
            analyzer="word",
            tokenizer=lambda d: d,
            preprocessor=lambda d: d,
            token_pattern=None,
            lowercase=False,
        )
        return cv.fit_transform(docs)

    t_sk, _ = best(sk_counts)
    print(f"  analysis.ngrams             {t_ours:7.3f} s   ({len(ours):,} rows)")
    print(
        f"  nltk FreqDist(nltk.ngrams)  {t_nltk:7.3f} s   ratio {t_nltk / t_ours:5.1f}x "
        "(goal >= 5x)"
    )
    print(
        f"  sklearn CountVectorizer     {t_sk:7.3f} s   ratio {t_sk / t_ours:5.1f}x (goal >= 10x)"
    )

    word = "inflation"
    print(f'KWIC "{word}", 8 words of context, all matches')
    firsts = []
    for _ in range(REPEAT):  # the first query on a freshly loaded corpus
        loaded = analysis.load_corpus(folder)
        t0 = time.perf_counter()
        hits = phrases.kwic(loaded, word, window=8)
        firsts.append(time.perf_counter() - t0)
    t_k1 = min(firsts)
    t_kw, _ = best(lambda: phrases.kwic(corpus, word, window=8))
    tokens = [w for d in docs for w in d]

    def nltk_first() -> list:
        return nltk.text.Text(tokens).concordance_list(word, width=80, lines=10**9)

    t_n1, conc = best(nltk_first)
    text = nltk.text.Text(tokens)
    text.concordance_list(word, lines=1)
    t_nw, _ = best(lambda: text.concordance_list(word, width=80, lines=10**9))
    print(f"  analysis.kwic, first query  {t_k1:7.3f} s   ({len(hits)} matches)")
    print(
        f"  nltk concordance_list, first {t_n1:6.3f} s   ({len(conc)} matches)   "
        f"ratio {t_n1 / t_k1:5.1f}x (goal >= 15x)"
    )
    print(f"  analysis.kwic, warm index   {t_kw:7.3f} s")
    print(f"  nltk concordance_list, warm {t_nw:7.3f} s   ratio {t_nw / t_kw:5.1f}x")

    word = "the"
    t0 = time.perf_counter()
    hits = phrases.kwic(corpus, word, window=8)  # makes the flattened text once
    t_t1 = time.perf_counter() - t0
    t_tw, _ = best(lambda: phrases.kwic(corpus, word, window=8))
    text.concordance_list(word, lines=1)
    t_ntw, conc = best(lambda: text.concordance_list(word, width=80, lines=10**9))
    print(f'KWIC "{word}", 8 words of context, all matches (index already built)')
    print(f"  analysis.kwic, warm index   {t_tw:7.3f} s   ({len(hits):,} matches; goal <= 0.2 s)")
    print(
        f"  nltk concordance_list, warm {t_ntw:7.3f} s   ({len(conc):,} matches)   "
        f"ratio {t_ntw / t_tw:5.1f}x (goal >= 15x)"
    )
    print(
        f'  analysis.kwic, first "{word}" {t_t1:6.3f} s   (makes the flattened text)   '
        f"ratio {t_ntw / t_t1:5.1f}x"
    )

    # the row: warm queries summed over three words, rare to most common
    words = ("inflation", "ukraine", "the")
    for w in words:
        text.concordance_list(w, lines=1)
    t_ours_sum = sum(best(lambda w=w: phrases.kwic(corpus, w, window=8))[0] for w in words)
    t_nltk_sum = sum(
        best(lambda w=w: text.concordance_list(w, width=80, lines=10**9))[0] for w in words
    )
    print(f"KWIC warm, summed over {', '.join(words)}")
    print(f"  analysis.kwic               {t_ours_sum:7.3f} s")
    print(
        f"  nltk concordance_list       {t_nltk_sum:7.3f} s   "
        f"ratio {t_nltk_sum / t_ours_sum:5.1f}x (goal >= 15x)"
    )


if __name__ == "__main__":
    main()
