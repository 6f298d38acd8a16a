"""transcript-analysis: exploratory analysis of political-speech transcripts.

Load a folder of transcripts into tidy tables, then measure, search and chart them:

>>> import analysis
>>> corpus = analysis.load_corpus("data/raw")  # doctest: +SKIP
>>> analysis.kwic(corpus, "outlast*")  # doctest: +SKIP

The analysis functions are imported on first use, so ``import analysis`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

from .corpus import Corpus
from .decode import LoadError
from .load import load_corpus, parse_text

__version__ = "0.1.0"

# public name -> module that defines it (imported when first used)
_LAZY = {
    # question and answer lengths
    "turn_lengths": "lengths",
    "length_summary": "lengths",
    "speaker_shares": "lengths",
    "qa_lengths": "lengths",
    "responsiveness": "lengths",
    "qa_summary": "lengths",
    "count_questions": "lengths",
    "question_parts": "lengths",
    # recurring phrases
    "ngrams": "phrases",
    "collocations": "phrases",
    "kwic": "phrases",
    "track": "phrases",
    "track_over_time": "phrases",
    "dispersion": "phrases",
    "keyness": "phrases",
    "repeated_passages": "phrases",
    # topics
    "topic_mix": "topics",
    "topic_hits": "topics",
    "load_lexicon": "topics",
    "fit_topics": "topics",
    "choose_n_topics": "topics",
    # quote provenance
    "provenance": "provenance",
    "word_diff": "provenance",
    # the Parquet store (Dask)
    "build_store": "store",
    "open_store": "store",
}

__all__ = ["Corpus", "LoadError", "load_corpus", "parse_text", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
