"""Results computed once per corpus: several findings, charts and tables of one notebook
ask for the same table (``qa_lengths``, ``responsiveness``, the topic hits), so it is kept
with the corpus and each caller gets its own copy."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import pandas as pd

from .corpus import Corpus


def _tables(corpus: Corpus) -> tuple[pd.DataFrame, ...]:
    return (corpus.documents, corpus.turns, corpus.qa, corpus.tokens)


def _same(kept: tuple[pd.DataFrame, ...], now: tuple[pd.DataFrame, ...]) -> bool:
    """The corpus still holds the very tables the results came from."""
    return all(a is b for a, b in zip(kept, now, strict=True))


def memo(corpus: Corpus, key: Hashable, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``compute()``, worked out once per corpus and ``key``; a copy on every call."""
    now = _tables(corpus)
    kept = getattr(corpus, "_memo", None)
    if kept is None or not _same(kept[0], now):
        kept = (now, {})
        object.__setattr__(corpus, "_memo", kept)
    if key not in kept[1]:
        kept[1][key] = compute()
    return kept[1][key].copy()
