"""Results computed once per corpus: several findings, charts and tables of one notebook
ask for the same table (``qa_lengths``, ``responsiveness``, the topic hits), so it is kept
with the corpus and each caller gets its own copy (of a table; other results, such as a
fitted model, are shared and must not be changed)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

from .corpus import Corpus

T = TypeVar("T")


def _tables(corpus: Corpus) -> tuple[pd.DataFrame, ...]:
    return (corpus.documents, corpus.turns, corpus.qa, corpus.tokens)


def _same(kept: tuple[pd.DataFrame, ...], now: tuple[pd.DataFrame, ...]) -> bool:
    """The corpus still holds the very tables the results came from."""
    return all(a is b for a, b in zip(kept, now, strict=True))


def memo(corpus: Corpus, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, worked out once per corpus and ``key``; a table is copied on every
    call."""
    now = _tables(corpus)
    kept: tuple[tuple[pd.DataFrame, ...], dict[Hashable, Any]] | None
    kept = getattr(corpus, "_memo", None)
    if kept is None or not _same(kept[0], now):
        kept = (now, {})
        object.__setattr__(corpus, "_memo", kept)
    if key not in kept[1]:
        kept[1][key] = compute()
    value = kept[1][key]
    return value.copy() if isinstance(value, pd.DataFrame) else value  # type: ignore[no-any-return]
