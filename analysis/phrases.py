"""Recurring phrases: n-grams, collocations, keyword in context, phrase tracking, keyness,
dispersion and repeated passages (talking points).

Everything works on ``corpus.tokens`` (one spoken word per row, ``norm`` lower-cased with
straight apostrophes), vectorised with numpy: words are coded as integers once per corpus
(:func:`token_index`), n-grams are built by shifting code arrays, and nothing ever spans two
turns, so one speaker's words never run into another's.

Patterns (for :func:`kwic`, :func:`track`, :func:`dispersion`) are matched word by word,
ignoring case and punctuation:

- ``"outlast"`` a word; ``"outlast*"`` a wildcard (``*`` any letters, ``?`` one);
- ``"swift severe"`` a phrase; a comma in a phrase also matches "and" or "or" there, so
  ``"swift, severe"`` finds "swift, severe", "swift severe" and "swift and severe";
- with ``regex=True``, each word of the pattern is a regular expression matched against
  whole words (``"outlast(s|ed)?"``);
- a list mixes any of these.
"""

from __future__ import annotations

import fnmatch
import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import contexts, intkeys
from .corpus import Corpus, cat_codes, doc_rows, norm_codes, turn_layout
from .intkeys import Steps, count_order, first_part, pack, sort_keys, unpack
from .stopwords import STOPWORDS
from .tokenize import words as _words

# -- the index: words as integer codes, built once per corpus --------------------------


@dataclass
class TokenIndex:
    """Integer-coded tokens of a corpus, for fast counting and searching.

    Attributes:
        codes: the code of each token's ``norm`` (row order of ``corpus.tokens``).
        vocab: code -> word (the categories of ``tokens.norm``: sorted, as loaded).
        lookup: word -> code.
        unit: a number per (document, turn); two tokens are in the same turn iff equal.
        doc: the row in ``corpus.documents`` of each token's document.
    """

    codes: np.ndarray
    vocab: np.ndarray
    lookup: Mapping[str, int]
    unit: np.ndarray
    doc: np.ndarray

    def rows(self, codes: Iterable[int]) -> np.ndarray:
        """Token rows (in order) of the words with these codes: one pass over the codes."""
        wanted = list(codes)
        if len(wanted) == 1:
            return np.flatnonzero(self.codes == wanted[0])
        return np.flatnonzero(np.isin(self.codes, wanted))


class _Lookup(Mapping[str, int]):
    """word -> code for a vocabulary: a binary search when the words are sorted (the
    categories of ``tokens.norm`` are), else a dict made on first use."""

    def __init__(self, vocab: np.ndarray) -> None:
        self._vocab = vocab
        self._dict: dict[str, int] | None = None
        try:
            self._sorted = len(vocab) < 2 or bool((vocab[1:] > vocab[:-1]).all())
        except TypeError:  # not all strings
            self._sorted = False

    def __getitem__(self, word: str) -> int:
        if not self._sorted:
            if self._dict is None:
                self._dict = {w: i for i, w in enumerate(self._vocab)}
            return self._dict[word]
        if isinstance(word, str):
            i = int(np.searchsorted(self._vocab, word))
            if i < len(self._vocab) and self._vocab[i] == word:
                return i
        raise KeyError(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._vocab.tolist())

    def __len__(self) -> int:
        return len(self._vocab)


def _word_codes(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Every token's word code, and the words: the codes of the categorical ``tokens.norm``
    as they are (nothing to derive); else :func:`~analysis.corpus.norm_codes`, kept with
    the corpus."""
    norm = corpus.tokens["norm"]
    if isinstance(norm.dtype, pd.CategoricalDtype):
        codes = cat_codes(norm)
        if not len(codes) or codes.min() >= 0:  # no missing word
            return codes.astype(np.int64), np.asarray(norm.cat.categories, dtype=object)
    kept = getattr(corpus, "_norm_codes", None)
    return kept if kept is not None and len(kept[0]) == len(norm) else norm_codes(corpus)


def token_index(corpus: Corpus) -> TokenIndex:
    """The corpus's :class:`TokenIndex`, kept with the corpus (its word codes are those of
    the categorical ``tokens.norm``, its documents derived once, see
    :class:`~analysis.corpus.Corpus`)."""
    cached = getattr(corpus, "_token_index", None)
    if cached is not None and len(cached.codes) == len(corpus.tokens):
        return cached
    tok = corpus.tokens
    codes, vocab = _word_codes(corpus)
    kept_docs = getattr(corpus, "_token_docs", None)
    doc = (
        kept_docs
        if kept_docs is not None and len(kept_docs) == len(tok)
        else doc_rows(tok["doc_id"], corpus.documents)
    )
    unit = doc * 1_000_000 + tok["turn"].to_numpy()
    idx = TokenIndex(codes, vocab, _Lookup(vocab), unit, doc)
    object.__setattr__(corpus, "_token_index", idx)
    return idx


def _turn_rows(corpus: Corpus) -> np.ndarray:
    """For every token, the row of its turn in ``corpus.turns``."""
    cached = getattr(corpus, "_turn_rows", None)
    if cached is not None and len(cached) == len(corpus.tokens):
        return cached
    t, tok = corpus.turns, corpus.tokens
    tkey = doc_rows(t["doc_id"], corpus.documents) * 1_000_000 + t["turn"].to_numpy()
    key = doc_rows(tok["doc_id"], corpus.documents) * 1_000_000 + tok["turn"].to_numpy()
    order = np.argsort(tkey, kind="stable")
    rows = order[np.searchsorted(tkey[order], key)]
    object.__setattr__(corpus, "_turn_rows", rows)
    return rows


def _groups(
    corpus: Corpus, by: str | Sequence[str] | None
) -> tuple[list[str], np.ndarray, pd.DataFrame]:
    """Group code of every token, and the groups' values (row ``i`` is group ``i``), for
    ``by`` columns of turns or documents, in order of first appearance."""
    keys = [] if by is None else [by] if isinstance(by, str) else list(by)
    if not keys:
        return keys, np.zeros(len(corpus.tokens), np.int64), pd.DataFrame(index=[0])
    t = corpus.turns
    d = corpus.documents.set_index("doc_id")
    cols = {}
    for k in keys:
        if k in t.columns:
            cols[k] = t[k]
        elif k in d.columns:
            cols[k] = d[k].reindex(t["doc_id"]).reset_index(drop=True)
        else:
            raise KeyError(
                f"by: unknown column {k!r}; use columns of turns or documents "
                "(doc_id, turn, speaker, speaker_name, role, kind, ...)"
            )
    per_turn = pd.DataFrame(cols)
    code, uniq = (  # a missing value is a group of its own
        pd.factorize(pd.MultiIndex.from_frame(per_turn), use_na_sentinel=False)
        if len(keys) > 1
        else pd.factorize(per_turn[keys[0]], use_na_sentinel=False)
    )
    values = (
        pd.DataFrame(list(uniq), columns=keys)
        if len(keys) > 1
        else pd.DataFrame({keys[0]: uniq if uniq.hasnans else np.asarray(uniq)})
    )
    return keys, np.asarray(code, np.int64)[_turn_rows(corpus)], values


# -- n-grams ------------------------------------------------------------------------------


def _ngram_codes(idx: TokenIndex, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Start rows of every n-gram inside one turn, and an integer key per distinct n-gram."""
    size = len(idx.codes) - n + 1
    if size <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    valid = idx.unit[:size] == idx.unit[n - 1 :]
    key = idx.codes[:size]
    base = len(idx.vocab) + 1
    for k in range(1, n):
        key = pd.factorize(key * base + idx.codes[k : size + k])[0].astype(np.int64)
    start = np.flatnonzero(valid)
    return start, key[start]


def _stop_mask(idx: TokenIndex) -> np.ndarray:
    return np.array(
        [w in STOPWORDS or not any(c.isalpha() for c in w) for w in idx.vocab], dtype=bool
    )


def _alphabetical(idx: TokenIndex) -> tuple[np.ndarray, pa.Array]:
    """The alphabetical rank of every word code (byte order, as Arrow sorts strings) and
    the words in that order; kept with the index. Every character of a word sorts after the
    space, so comparing n-grams word by word (a shorter one first) is comparing the
    strings."""
    cached = getattr(idx, "_alphabetical", None)
    if cached is None:
        vocab = pa.array(idx.vocab.tolist(), type=pa.large_string())
        order = pc.sort_indices(vocab).to_numpy()
        rank = np.empty(len(order), np.int64)
        rank[order] = np.arange(len(order))
        cached = rank, vocab.take(pa.array(order))
        object.__setattr__(idx, "_alphabetical", cached)
    return cached


def _gram_keys(
    idx: TokenIndex,
    gcode: np.ndarray,
    n_groups: int,
    ranks: np.ndarray,
    lo: int,
    hi: int,
    stopwords: bool,
) -> tuple[np.ndarray, Steps, list[np.ndarray] | None]:
    """A :func:`pack` key of (group, ``ranks`` of word 1 .. word ``hi``, 0 past the last
    word) for every n-gram of ``lo`` to ``hi`` words inside one turn (without those that
    begin or end with a stopword if ``stopwords``), sizes one after the other; and, when
    the groups follow each other in token order (``by="doc_id"``), where each group's keys
    end in each size's run (for :func:`sort_keys`), else None."""
    ranks = ranks[idx.codes]
    content = ~_stop_mask(idx)[idx.codes] if stopwords else None
    n_tok = len(ranks)
    starts = []
    for size in range(lo, hi + 1):
        m = max(0, n_tok - size + 1)
        ok = idx.unit[:m] == idx.unit[size - 1 : size - 1 + m]
        if content is not None:
            ok &= content[:m] & content[size - 1 : size - 1 + m]
        starts.append(ok)
    runs = None
    if n_groups > 1 and n_tok and bool((gcode[1:] >= gcode[:-1]).all()):
        last = np.searchsorted(gcode, np.arange(n_groups), "right")  # past each group's tokens
        runs = []
        for ok in starts:  # keys of each group in this size's run: a cumulative count
            at = np.minimum(last, len(ok))
            upto = np.cumsum(ok, dtype=np.int32)[np.maximum(at - 1, 0)] if len(ok) else at
            runs.append(np.where(at > 0, upto, 0).astype(np.int64))
    g_bits, w_bits = (n_groups - 1).bit_length(), (len(idx.vocab)).bit_length()
    if g_bits + hi * w_bits <= intkeys.KEY_BITS:  # the whole tuple fits in one int64
        # written in place into one array (fresh memory is slow to touch)
        acc = gcode << (hi * w_bits)
        shifted = np.empty(n_tok, np.int64)
        key = np.empty(sum(int(np.count_nonzero(ok)) for ok in starts), np.int64)
        filled = 0
        for size in range(1, hi + 1):
            m = max(0, n_tok - size + 1)
            np.left_shift(ranks[size - 1 :], w_bits * (hi - size), out=shifted[:m])
            acc[:m] |= shifted[:m]
            if size >= lo:
                ok = starts[size - lo]
                k = int(np.count_nonzero(ok))
                np.compress(ok, acc[:m], out=key[filled : filled + k])
                filled += k
        return key, [(w_bits, None)] * hi, runs
    rows = [np.flatnonzero(ok) for ok in starts]
    start = np.concatenate(rows)
    parts = [gcode[start]] + [
        np.concatenate(
            [
                ranks[r + j] if j < size else np.zeros(len(r), np.int64)
                for size, r in enumerate(rows, lo)
            ]
        )
        for j in range(hi)
    ]
    return (*pack(parts, [g_bits] + [w_bits] * hi), runs)


def ngrams(
    corpus: Corpus,
    n: int | tuple[int, int] = (1, 3),
    by: str | Sequence[str] | None = "doc_id",
    *,
    stopwords: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """Counts of n-grams (1 to 5 words), overall or per group.

    Args:
        corpus: a loaded corpus.
        n: a size, or an inclusive range ``(lo, hi)``; default ``(1, 3)``.
        by: group column(s) of tokens, turns or documents (``"doc_id"``, ``"speaker"``,
            ``"role"``, ``["doc_id", "speaker"]``), or None for the whole corpus.
        stopwords: drop n-grams that begin or end with a stopword or a number (a unigram
            that is one); True by default, so "of the" goes but "swift and severe" stays.
        min_count: drop n-grams seen fewer times (per group).

    Returns:
        One row per group and n-gram: the ``by`` column(s), ``ngram`` (words joined by
        spaces), ``n`` and ``count``; most frequent first, ties in alphabetical order.
        ``doc_id`` (when grouped by it) is categorical like ``tokens.doc_id``: the
        documents, in document order, are the categories; the other ``by`` columns keep
        the dtype they have in turns or documents.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("MS. LEE:  Swift and severe.  Swift and severe costs.")
        >>> ngrams(c, n=3, by=None).values.tolist()  # "and severe costs" starts with "and"
        [['swift and severe', 3, 2]]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.ngrams(corpus, n, by, stopwords=stopwords, min_count=min_count)
    lo, hi = (n, n) if isinstance(n, int) else n
    if not 1 <= lo <= hi <= 5:
        raise ValueError(f"n: sizes must be between 1 and 5, got {n}")
    idx = token_index(corpus)
    keys, gcode, gvalues = _groups(corpus, by)
    # every n-gram inside one turn, as (group, rank of word 1, ..., rank of word hi): the
    # ranks are alphabetical and 0 pads shorter n-grams, so tuple order is string order
    rank, alphabet = _alphabetical(idx)
    alphabet = pa.concat_arrays([pa.nulls(1, pa.large_string()), alphabet])  # 0: no word
    key, steps, runs = _gram_keys(idx, gcode, len(gvalues), rank + 1, lo, hi, stopwords)
    if not len(key):
        return pd.DataFrame(columns=[*keys, "ngram", "n", "count"])
    # count equal keys: sort, then run lengths
    key = sort_keys(key, runs)
    change = np.empty(len(key), bool)
    change[0] = True
    np.not_equal(key[1:], key[:-1], out=change[1:])
    new = np.flatnonzero(change)
    count = np.empty(len(new), np.int64)
    np.subtract(new[1:], new[:-1], out=count[:-1])
    count[-1] = len(key) - new[-1]
    key = key[new]
    if min_count > 1:
        keep = count >= min_count
        key, count = key[keep], count[keep]
    # keys are in (group, n-gram) order: most frequent first within each group
    g = first_part(key, steps)
    order = count_order(g, count)
    g, *word_ranks = unpack(key[order], steps)
    count = count[order]
    # the words: code 0 (past the last word) is a null, which the join skips
    text = (
        alphabet.take(word_ranks[0])
        if hi == 1
        else pc.binary_join_element_wise(
            *[alphabet.take(r) for r in word_ranks],
            pa.scalar(" ", type=pa.large_string()),
            null_handling="skip",
        )
    )
    sizes = np.ones(len(count), np.int64)
    for r in word_ranks[1:]:
        sizes += r > 0
    out = pd.DataFrame(
        {
            "ngram": pd.array(text, dtype="str"),
            "n": sizes,
            "count": count.astype(np.int64, copy=False),
        },
        copy=False,  # not copied into one block of int64 columns
    )
    gidx = g
    for j, k in enumerate(keys):
        col = gvalues[k]
        if k == "doc_id":  # categorical, as tokens.doc_id: no string per row
            out.insert(j, k, _doc_categorical(corpus, col, gidx))
        elif col.dtype == "str" or col.dtype == object:  # strings: gather through Arrow
            vals = pa.array(col.astype("str"), type=pa.large_string(), from_pandas=True)
            out.insert(j, k, pd.array(vals.take(pa.array(gidx)), dtype="str"))
        else:
            out.insert(j, k, col.to_numpy()[gidx])
    return out


def _doc_categorical(corpus: Corpus, values: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """``values[rows]`` (document ids) as a categorical with the documents as categories, in
    document order (the dtype of ``tokens.doc_id``); ids that are no document's come after
    them, in order of appearance."""
    cats = pd.Index(corpus.documents["doc_id"].astype("str")).unique()
    where = cats.get_indexer(values)
    extra = values[(where < 0) & values.notna().to_numpy()].unique()
    dtype: pd.CategoricalDtype
    if len(extra):
        dtype = pd.CategoricalDtype(cats.append(pd.Index(extra, dtype="str")))
        where = dtype.categories.get_indexer(values)
    else:
        ids = corpus.tokens["doc_id"].dtype
        same = isinstance(ids, pd.CategoricalDtype) and ids.categories.equals(cats)
        dtype = ids if same else pd.CategoricalDtype(cats)
    return pd.Categorical.from_codes(where[rows], dtype=dtype)


# -- collocations -----------------------------------------------------------------------


def collocations(
    corpus: Corpus,
    *,
    by: str | Sequence[str] | None = None,
    min_count: int = 3,
    stopwords: bool = True,
) -> pd.DataFrame:
    """Two-word collocations scored by PMI, log-likelihood and t-score.

    The three are NLTK's ``BigramAssocMeasures`` (``pmi``, ``likelihood_ratio``,
    ``student_t``), computed vectorised from the same contingency counts: ``count`` (the
    bigram), ``count_1`` and ``count_2`` (each word, as the first resp. second word of a
    bigram) and ``N`` (bigrams in the group). PMI favours rare pairs, log-likelihood
    frequent strong ones, the t-score frequent ones.

    Args:
        corpus: a loaded corpus.
        by: group column(s), or None for the whole corpus.
        min_count: drop bigrams seen fewer times (default 3).
        stopwords: drop bigrams with a stopword on either side (default True).

    Returns:
        The ``by`` column(s), ``bigram``, ``count``, ``count_1``, ``count_2``, ``pmi``,
        ``llr`` and ``t``; sorted by ``llr`` (highest first) within each group.
    """
    idx = token_index(corpus)
    keys, gcode, gvalues = _groups(corpus, by)
    start, _ = _ngram_codes(idx, 2)
    w1, w2, g = idx.codes[start], idx.codes[start + 1], gcode[start]
    stop = _stop_mask(idx)
    frames = []
    for gc in np.unique(g):
        m = g == gc
        a, b = w1[m], w2[m]
        N = len(a)
        V = len(idx.vocab)
        pair, cnt = np.unique(a * V + b, return_counts=True)
        c1 = np.bincount(a, minlength=V)
        c2 = np.bincount(b, minlength=V)
        pa_, pb_ = pair // V, pair % V
        keep = cnt >= min_count
        if stopwords:
            keep &= ~stop[pa_] & ~stop[pb_]
        pa_, pb_, n_ii = pa_[keep], pb_[keep], cnt[keep].astype(float)
        n_ix, n_xi = c1[pa_].astype(float), c2[pb_].astype(float)
        f = pd.DataFrame(
            {
                "bigram": np.char.add(
                    np.char.add(idx.vocab[pa_].astype(str), " "), idx.vocab[pb_].astype(str)
                ),
                "count": n_ii.astype(np.int64),
                "count_1": n_ix.astype(np.int64),
                "count_2": n_xi.astype(np.int64),
                "pmi": np.log2(n_ii * N / (n_ix * n_xi)),
                "llr": _likelihood_ratio(n_ii, n_ix, n_xi, N),
                "t": (n_ii - n_ix * n_xi / N) / np.sqrt(n_ii),
            }
        )
        for j, k in enumerate(keys):
            f.insert(j, k, gvalues[k].iloc[gc])
        frames.append(f.sort_values(["llr", "bigram"], ascending=[False, True], kind="stable"))
    out = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(
            columns=[*keys, "bigram", "count", "count_1", "count_2", "pmi", "llr", "t"]
        )
    )
    out["bigram"] = out["bigram"].astype("str")
    return out


def _likelihood_ratio(n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, n: float) -> np.ndarray:
    """Dunning's log-likelihood (G2) of a 2x2 table, as NLTK's ``likelihood_ratio``."""
    obs = np.stack([n_ii, n_ix - n_ii, n_xi - n_ii, n - n_ix - n_xi + n_ii])
    row = np.stack([n_ix, n_ix, n - n_ix, n - n_ix])
    col = np.stack([n_xi, n - n_xi, n_xi, n - n_xi])
    exp = row * col / n
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(obs > 0, obs * np.log(obs / exp), 0.0)
    return 2 * terms.sum(axis=0)


# -- patterns -----------------------------------------------------------------------------

_CONJ = ("and", "or")


@dataclass(frozen=True)
class Pattern:
    """A compiled search pattern: per word, the set of matching codes; ``optional_conj[i]``
    says whether "and"/"or" may stand between word ``i`` and word ``i + 1``."""

    text: str
    words: tuple[frozenset[int], ...]
    optional_conj: tuple[bool, ...]


def compile_pattern(pattern: str, idx: TokenIndex | _Vocabulary, *, regex: bool = False) -> Pattern:
    """Compile one pattern against the corpus vocabulary (see the module docstring).

    Raises:
        ValueError: the pattern has no word, or a regular expression does not compile.
    """
    if regex:
        parts = pattern.split()
        conj = [False] * max(0, len(parts) - 1)
    else:
        parts, conj = [], []
        pending = False  # a comma (or ; or /) stands before the next word
        for piece in re.split(r"(\s*[,;/]\s*|\s+)", pattern.strip()):
            if piece.strip() in (",", ";", "/"):
                pending = True
                continue
            if not piece.strip():
                continue
            wild = piece.replace("*", "Ẋ").replace("?", "Ẏ")
            for w in _words(wild):
                if parts:
                    conj.append(pending)
                    pending = False
                parts.append(w.lower().replace("’", "'").replace("ẋ", "*").replace("ẏ", "?"))
    if not parts:
        raise ValueError(f"pattern {pattern!r} has no word to search for")
    sets = []
    for part in parts:
        if regex:
            try:
                rx = re.compile(part, re.IGNORECASE)
            except re.error as err:
                raise ValueError(
                    f"pattern {pattern!r}: bad regular expression {part!r} ({err})"
                ) from err
            sets.append(frozenset(i for i, w in enumerate(idx.vocab) if rx.fullmatch(w)))
        elif "*" in part or "?" in part:
            rx = re.compile(fnmatch.translate(part))
            sets.append(frozenset(i for i, w in enumerate(idx.vocab) if rx.match(w)))
        else:
            code = idx.lookup.get(part)
            sets.append(frozenset() if code is None else frozenset([code]))
    return Pattern(pattern, tuple(sets), tuple(conj))


def _find(pat: Pattern, idx: TokenIndex, *, cross_turns: bool = False) -> list[tuple[int, int]]:
    """(first row, last row) of every match of ``pat``, in corpus order."""
    if not pat.words[0]:
        return []
    firsts = idx.rows(pat.words[0])
    conj = {idx.lookup[c] for c in _CONJ if c in idx.lookup}
    n = len(idx.codes)
    out = []
    for p in firsts.tolist():
        q, ok = p, True
        for k in range(1, len(pat.words)):
            nxt = q + 1
            if (
                nxt < n
                and pat.optional_conj[k - 1]
                and idx.codes[nxt] in conj
                and idx.codes[nxt] not in pat.words[k]
            ):
                nxt += 1
            if (
                nxt >= n
                or idx.codes[nxt] not in pat.words[k]
                or (not cross_turns and idx.unit[nxt] != idx.unit[p])
            ):
                ok = False
                break
            q = nxt
        if ok:
            out.append((p, q))
    return out


def _patterns(patterns: str | Iterable[str]) -> list[str]:
    return [patterns] if isinstance(patterns, str) else list(patterns)


# -- keyword in context ------------------------------------------------------------------


class KWIC(pd.DataFrame):
    """A keyword-in-context table: a DataFrame that shows itself as an aligned concordance
    in Jupyter (left context right-aligned, the match in bold, all text HTML-escaped)."""

    @property
    def _constructor(self) -> type[KWIC]:
        return KWIC

    #: Matches shown in a notebook; a line under the table says how many more there are.
    shown = 25

    def _repr_html_(self) -> str:  # type: ignore[override]
        if not {"left", "match", "right"} <= set(self.columns):
            return pd.DataFrame(self)._repr_html_() or ""
        rows = []
        place = [c for c in ("doc_id", "turn", "speaker") if c in self.columns]
        for r in self.head(self.shown).itertuples(index=False):
            where = " · ".join(
                str(getattr(r, c) or "(unlabelled)") if c == "speaker" else str(getattr(r, c))
                for c in place
            )
            rows.append(
                "<tr>"
                + (f'<td class="w">{html.escape(where)}</td>' if place else "")
                + f'<td class="l">{html.escape(r.left)}</td>'
                f'<td class="m"><b>{html.escape(r.match)}</b></td>'
                f'<td class="r">{html.escape(r.right)}</td></tr>'
            )
        return (
            "<style>.kwic{table-layout:fixed;width:100%}"
            ".kwic td{padding:2px 6px;white-space:normal;word-break:break-word;font-size:12px;"
            "vertical-align:top}"
            ".kwic td.l{text-align:right;width:38%}.kwic td.r{width:38%}"
            ".kwic td.w{color:#777;width:12%}"
            ".kwic td.m{text-align:center;color:#0072B2;width:12%}</style>"
            f'<table class="kwic"><tbody>{"".join(rows)}</tbody></table>'
            + (
                f"<p>{len(self)} match(es)</p>"
                if len(self) <= self.shown
                else f"<p>{len(self):,} matches; the first {self.shown} are shown, "
                "<code>analysis.kwic</code> returns them all.</p>"
            )
        )


def _flat(s: str) -> str:
    return " ".join(s.split())


#: Above this many matches, kwic first makes (once per corpus) the flattened text that it
#: then cuts every context from with numpy; fewer are cut one by one.
_FLAT_AFTER = 5_000


def _flat_text(corpus: Corpus, idx: TokenIndex) -> contexts.FlatText:
    """The corpus's flattened text (:class:`analysis.contexts.FlatText`), made once and kept
    with the index."""
    cached = getattr(idx, "_flat", None)
    if cached is None:
        texts, _, _ = _lookups(corpus)
        tok = corpus.tokens
        cached = contexts.flat_text(
            [texts[d] for d in corpus.documents["doc_id"]],
            idx.doc,
            tok["start"].to_numpy(),
            tok["end"].to_numpy(),
        )
        object.__setattr__(idx, "_flat", cached)
    return cached


#: The widest kwic context, in words either side (a larger one is an error, not a hang).
MAX_WINDOW = 1_000


def kwic(
    corpus: Corpus,
    pattern: str | Iterable[str],
    window: int | str = 8,
    *,
    regex: bool = False,
    cross_turns: bool = False,
) -> KWIC:
    """Keyword in context: every match of a pattern with the words around it.

    Args:
        corpus: a loaded corpus.
        pattern: a word, phrase or wildcard pattern, or a list of them (see the module
            docstring: case and punctuation never matter; "swift, severe" also finds "swift
            and severe"; "outlast*" is a wildcard).
        window: words of context on each side (default 8, at most :data:`MAX_WINDOW`), or
            ``"sentence"`` for the whole sentence around the match.
        regex: each word of the pattern is a regular expression matched against whole words.
        cross_turns: let the context run into the neighbouring turns (another speaker's
            words); off by default.

    Returns:
        A :class:`KWIC` table: ``doc_id``, ``turn``, ``speaker``, ``role``, ``left``,
        ``match``, ``right`` (as printed, white space collapsed), ``start`` and ``end``
        (offsets of the match in ``documents.text``), ``token`` (the first word's number)
        and ``pattern``; in corpus order.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("MS. LEE:  It will be met with swift and severe costs.")
        >>> kwic(c, "swift, severe", window=3)[["left", "match", "right"]].values.tolist()
        [['be met with', 'swift and severe', 'costs.']]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.kwic(corpus, pattern, window, regex=regex, cross_turns=cross_turns)
    if not (window == "sentence" or (isinstance(window, int) and window >= 0)):
        raise ValueError(f"window: a number of words or 'sentence', got {window!r}")
    if isinstance(window, int) and window > MAX_WINDOW:
        raise ValueError(
            f"window: at most {MAX_WINDOW:,} words either side, got {window:,}; "
            "use window='sentence' for whole sentences"
        )
    tok = corpus.tokens
    starts, ends = tok["start"].to_numpy(), tok["end"].to_numpy()
    names = corpus.documents["doc_id"].tolist()
    texts, speaker, role = _lookups(corpus)
    turn_no = tok["turn"].to_numpy()
    plist = _patterns(pattern)
    # one word per pattern, in a corpus as loaded: the matches are found in the categorical
    # codes of tokens.norm and placed one by one, without the token index (whose arrays a
    # first query would otherwise make, one number per token)
    light = _light_tokens(corpus) if window != "sentence" else None
    vocab = _vocabulary(corpus) if light is not None else None
    pats = [compile_pattern(pt, vocab or token_index(corpus), regex=regex) for pt in plist]
    if light is not None and all(len(pat.words) == 1 for pat in pats):
        firsts = [_rows_of(light[0], pat.words[0]) for pat in pats]
        lasts = firsts
    else:
        light = None
        idx = token_index(corpus)
        firsts, lasts = [], []
        for pat in pats:
            if len(pat.words) == 1 and pat.words[0]:  # one word: its rows are the matches
                firsts.append(idx.rows(pat.words[0]))
                lasts.append(firsts[-1])
            else:
                found = np.asarray(_find(pat, idx, cross_turns=cross_turns), dtype=np.int64)
                found = found.reshape(-1, 2)
                firsts.append(found[:, 0])
                lasts.append(found[:, 1])
    pats_no = [np.full(len(f), k) for k, f in enumerate(firsts)]
    p = np.concatenate(firsts) if firsts else np.zeros(0, np.int64)
    q = np.concatenate(lasts) if lasts else np.zeros(0, np.int64)
    pat_no = np.concatenate(pats_no) if pats_no else np.zeros(0, np.int64)
    # corpus order (tokens are in document order), then the patterns' alphabetical order
    pat_rank = np.unique(np.asarray(plist, dtype=object), return_inverse=True)[1]
    order = np.lexsort((pat_rank[pat_no], p)) if len(plist) > 1 else np.argsort(p, kind="stable")
    p, q, pat_no = p[order], q[order], pat_no[order]
    s, e = starts[p], ends[q]
    placed = None
    if light is not None and isinstance(window, int) and len(p) <= _FLAT_AFTER:
        placed = _place(corpus, light[1], p, q, window, cross_turns)
    if placed is not None:
        doc, trow_p, token, lo, hi = placed
    else:
        idx = token_index(corpus)
        docs = idx.doc
        first_row = np.searchsorted(docs, np.arange(len(names)))  # tokens in document order
        doc = docs[p]
        trow_p = _turn_rows(corpus)[p]
        token = p - first_row[doc]
    if window == "sentence":
        s_start = corpus.sentences["start"].to_numpy()
        s_end = corpus.sentences["end"].to_numpy()
        # the sentences table is in token order: row of each token's sentence
        s_key = (
            doc_rows(corpus.sentences["doc_id"], corpus.documents) * 10_000_000
            + corpus.sentences["sent"].to_numpy()
        )
        t_key = doc_rows(tok["doc_id"], corpus.documents) * 10_000_000 + tok["sent"].to_numpy()
        r = np.searchsorted(s_key, t_key)[p]
        lo_off, hi_off = s_start[r], s_end[r]
    else:
        if placed is None:
            # the context stops at the edge of the turn (or of the document, with cross_turns)
            first_of_p, last_of_q = _block_edges(idx, p, q, cross_turns)
            lo = np.maximum(p - int(window), first_of_p)
            hi = np.minimum(q + int(window), last_of_q)
        lo_off = np.where(lo < p, starts[lo], s)
        hi_off = np.where(hi > q, ends[hi], e)
    # strings only now: cut from the flattened text when it is at hand or worth making,
    # else one pass over the matches
    kept = getattr(corpus, "_token_index", None)
    flat_at_hand = kept is not None and len(kept.codes) == len(tok) and hasattr(kept, "_flat")
    if window != "sentence" and (flat_at_hand or len(p) > _FLAT_AFTER):
        left, match, right = _flat_text(corpus, token_index(corpus)).contexts(p, q, lo, hi)
    else:
        left, match, right = contexts.cut(
            texts, names, doc, lo_off, s, e, hi_off, window == "sentence"
        )
    return KWIC(
        {
            "doc_id": _str(pa.array(names, type=pa.large_string()).take(doc)),
            "turn": turn_no[p].astype(np.int64),
            "speaker": _str(speaker.take(trow_p)),
            "role": _str(role.take(trow_p)),
            "left": _str(left),
            "match": _str(match),
            "right": _str(right),
            "start": s.astype(np.int64),
            "end": e.astype(np.int64),
            "token": token.astype(np.int64),
            "pattern": _str(pa.array(plist, type=pa.large_string()).take(pat_no)),
        }
    )


@dataclass
class _Vocabulary:
    """The words of a corpus and their codes (those of :class:`TokenIndex`), alone."""

    vocab: np.ndarray
    lookup: Mapping[str, int]
    n_tokens: int


def _vocabulary(corpus: Corpus) -> _Vocabulary:
    """The corpus's words and codes (kept with it; the token index shares them)."""
    cached = getattr(corpus, "_vocabulary", None)
    if cached is None or cached.n_tokens != len(corpus.tokens):
        idx = getattr(corpus, "_token_index", None)
        if idx is not None and len(idx.codes) == len(corpus.tokens):
            cached = _Vocabulary(idx.vocab, idx.lookup, len(idx.codes))
        else:
            norm = corpus.tokens["norm"]
            vocab = np.asarray(norm.cat.categories, dtype=object)
            cached = _Vocabulary(vocab, _Lookup(vocab), len(norm))
        object.__setattr__(corpus, "_vocabulary", cached)
    return cached


def _light_tokens(corpus: Corpus) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes of the categorical ``tokens.norm`` and ``tokens.doc_id`` as they are (no
    copy), when they are the token index's word codes and document rows: no missing word,
    and the documents in order as the categories of ``doc_id`` (as loaded); else None."""
    tok = corpus.tokens
    norm, ids = tok["norm"], tok["doc_id"]
    if not (
        isinstance(norm.dtype, pd.CategoricalDtype)
        and isinstance(ids.dtype, pd.CategoricalDtype)
        and ids.cat.categories.equals(pd.Index(corpus.documents["doc_id"]))
    ):
        return None
    word_codes, doc_codes = cat_codes(norm), cat_codes(ids)
    if len(word_codes) and (word_codes.min() < 0 or doc_codes.min() < 0):
        return None
    return word_codes, doc_codes


def _rows_of(codes: np.ndarray, wanted: frozenset[int]) -> np.ndarray:
    """Rows (in order) whose code is one of ``wanted``."""
    if not wanted:
        return np.zeros(0, np.int64)
    if len(wanted) == 1:
        return np.flatnonzero(codes == next(iter(wanted)))
    return np.flatnonzero(np.isin(codes, np.fromiter(wanted, np.int64)))


#: The most cells (matches x window) that :func:`_place` compares one by one.
_PLACE_CELLS = 1 << 20


def _place(
    corpus: Corpus,
    doc_codes: np.ndarray,
    p: np.ndarray,
    q: np.ndarray,
    window: int,
    cross_turns: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Document row, turn row and word number of each match (first rows ``p``), and the
    rows where its context begins and ends (``window`` words before ``p`` and after the
    last rows ``q``, within the turn, or the document with ``cross_turns``), from the rows
    near each match alone: what kwic would find through the token index, found without it.
    None where it cannot (turns not as loaded, or too many matches times the window)."""
    layout = _turn_layout(corpus)
    if layout is None or len(p) * max(window, 1) > _PLACE_CELLS:
        return None
    first_turn, n_turns = layout
    turn = corpus.tokens["turn"].to_numpy()
    doc = doc_codes[p].astype(np.int64)
    t = turn[p].astype(np.int64)
    if len(p) and ((t < 0) | (t >= n_turns[doc])).any():
        return None
    # tokens in document order; the codes searched in their own (small) dtype, not copied
    first_row = np.searchsorted(doc_codes, np.arange(len(n_turns), dtype=doc_codes.dtype))
    n = len(doc_codes)

    def reach(rows: np.ndarray, step: int) -> np.ndarray:
        """How many rows next to each row (up to ``window``) are in its turn/document."""
        if not window or not len(rows):
            return np.zeros(len(rows), np.int64)
        near = rows[:, None] + step * np.arange(1, window + 1)
        inside = (near >= 0) & (near < n)
        near = np.clip(near, 0, n - 1)
        same = inside & (doc_codes[near] == doc_codes[rows][:, None])
        if not cross_turns:
            same &= turn[near] == turn[rows][:, None]
        return np.cumprod(same, axis=1).sum(axis=1)

    lo = p - reach(p, -1)
    hi = q + reach(q, +1)
    return doc, first_turn[doc] + t, p - first_row[doc], lo, hi


def _turn_layout(corpus: Corpus) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`~analysis.corpus.turn_layout`, kept with the corpus while its turns are."""
    cached = getattr(corpus, "_turn_layout", None)
    if cached is not None and cached[0] == len(corpus.turns):
        return cached[1]
    layout = turn_layout(corpus)
    object.__setattr__(corpus, "_turn_layout", (len(corpus.turns), layout))
    return layout


def _blocks(idx: TokenIndex, documents: bool) -> tuple[np.ndarray, np.ndarray]:
    """First and last token row of every turn (or document), kept with the index."""
    name = "_doc_blocks" if documents else "_turn_blocks"
    cached = getattr(idx, name, None)
    if cached is None:
        edge = idx.doc if documents else idx.unit
        breaks = np.flatnonzero(np.diff(edge)) + 1
        cached = np.r_[0, breaks], np.r_[breaks - 1, len(edge) - 1]
        object.__setattr__(idx, name, cached)
    return cached


def _block_edges(
    idx: TokenIndex, p: np.ndarray, q: np.ndarray, documents: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The first token row of the turn (or document) of each row ``p``, and the last of
    each row ``q``: found by binary search when the turns (documents) follow each other
    in token order, as loaded; else from :func:`_blocks`."""
    edge = idx.doc if documents else idx.unit
    name = "_doc_sorted" if documents else "_unit_sorted"
    ordered = getattr(idx, name, None)
    if ordered is None:
        ordered = bool((edge[1:] >= edge[:-1]).all())
        object.__setattr__(idx, name, ordered)
    if ordered:
        return np.searchsorted(edge, edge[p], "left"), np.searchsorted(edge, edge[q], "right") - 1
    block_first, block_last = _blocks(idx, documents)
    return (
        block_first[np.searchsorted(block_first, p, "right") - 1],
        block_last[np.searchsorted(block_first, q, "right") - 1],
    )


def _str(values: pa.Array | list[str]) -> pd.api.extensions.ExtensionArray:
    """A pandas ``str`` column of Arrow strings or a list of strings."""
    return pd.array(values, dtype="str")


class _Texts(Mapping[str, str]):
    """Document texts by id, each made a Python string when first asked for (a query
    often needs only some of the documents)."""

    def __init__(self, documents: pd.DataFrame) -> None:
        self._row = {d: i for i, d in enumerate(documents["doc_id"].tolist())}
        self._text = documents["text"]
        self._got: dict[str, str] = {}

    def __getitem__(self, doc_id: str) -> str:
        got = self._got.get(doc_id)
        if got is None:
            got = self._got[doc_id] = str(self._text.iat[self._row[doc_id]])
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)


def _lookups(corpus: Corpus) -> tuple[Mapping[str, str], pa.Array, pa.Array]:
    """Document texts by id, and the speaker and role of every turn row (cached)."""
    cached = getattr(corpus, "_lookups", None)
    if cached is None or len(cached[1]) != len(corpus.turns):
        t = corpus.turns
        cached = (
            _Texts(corpus.documents),
            pa.array(t["speaker"].astype("str"), type=pa.large_string(), from_pandas=True),
            pa.array(t["role"].astype("str"), type=pa.large_string(), from_pandas=True),
        )
        object.__setattr__(corpus, "_lookups", cached)
    return cached


def _doc_names(corpus: Corpus) -> np.ndarray:
    """The document name of every token, as a numpy object array (cached)."""
    cached = getattr(corpus, "_doc_names", None)
    if cached is None or len(cached) != len(corpus.tokens):
        col = corpus.tokens["doc_id"]
        cached = (
            np.asarray(col.cat.categories, dtype=object)[cat_codes(col)]
            if hasattr(col, "cat")
            else col.astype("str").to_numpy(dtype=object)
        )
        object.__setattr__(corpus, "_doc_names", cached)
    return cached


def _doc_first_row(corpus: Corpus) -> pd.Series:
    """Row of the first token of each document (cached)."""
    cached = getattr(corpus, "_doc_first_row", None)
    if cached is None or cached.attrs.get("n") != len(corpus.tokens):
        names = _doc_names(corpus)
        change = np.flatnonzero(np.r_[True, names[1:] != names[:-1]])
        cached = pd.Series(change, index=names[change])
        cached.attrs["n"] = len(corpus.tokens)
        object.__setattr__(corpus, "_doc_first_row", cached)
    return cached


# -- tracking phrases ---------------------------------------------------------------------


def _matches(corpus: Corpus, patterns: str | Iterable[str], *, regex: bool = False) -> pd.DataFrame:
    """One row per match: pattern, token row of its first word."""
    idx = token_index(corpus)
    rows = [
        (pt, p)
        for pt in _patterns(patterns)
        for p, _ in _find(compile_pattern(pt, idx, regex=regex), idx)
    ]
    return pd.DataFrame(rows, columns=["phrase", "row"])


def track(
    corpus: Corpus,
    phrases: str | Iterable[str],
    *,
    by: str | Sequence[str] = ("doc_id", "speaker", "role"),
    regex: bool = False,
) -> pd.DataFrame:
    """How often each phrase is said, per group, as counts and rates per 10,000 words.

    Args:
        corpus: a loaded corpus.
        phrases: patterns (see the module docstring).
        by: group column(s); default document, speaker and role together.
        regex: patterns are regular expressions.

    Returns:
        One row per group and phrase (zero counts included): the ``by`` column(s),
        ``phrase``, ``count``, ``words`` (the group's spoken words) and ``per_10k``
        (count per 10,000 words).
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.track(corpus, phrases, by=by, regex=regex)
    _, gcode, gvalues = _groups(corpus, by)
    m = _matches(corpus, phrases, regex=regex)
    plist = _patterns(phrases)
    words = np.bincount(gcode, minlength=len(gvalues))
    counts = np.zeros((len(gvalues), len(plist)), np.int64)
    if len(m):
        pcode = m["phrase"].map({p: i for i, p in enumerate(plist)}).to_numpy()
        np.add.at(counts, (gcode[m["row"].to_numpy()], pcode), 1)
    out = gvalues.loc[np.repeat(np.arange(len(gvalues)), len(plist))].reset_index(drop=True)
    out["phrase"] = np.tile(np.asarray(plist, dtype=object), len(gvalues))
    out["phrase"] = out["phrase"].astype("str")
    out["count"] = counts.ravel()
    out["words"] = np.repeat(words, len(plist)).astype(np.int64)
    out["per_10k"] = out["count"] / out["words"].where(out["words"] > 0) * 10_000
    return out


def track_over_time(
    corpus: Corpus, phrases: str | Iterable[str], *, freq: str = "M", regex: bool = False
) -> pd.DataFrame:
    """Rates of each phrase per period (``freq``: "W" weeks, "M" months, "Y" years), for
    documents with a date (Voyant's Trends).

    Returns:
        One row per period and phrase: ``period`` (its first day), ``phrase``, ``count``,
        ``words``, ``per_10k``, ``documents`` (dated documents in the period).
    """
    dates = corpus.documents.set_index("doc_id")["date"].dropna()
    if dates.empty:
        return pd.DataFrame(columns=["period", "phrase", "count", "words", "per_10k", "documents"])
    period = dates.dt.to_period(freq).dt.start_time.rename("period")
    t = track(corpus, phrases, by="doc_id", regex=regex)
    t = t[t["doc_id"].isin(period.index)]
    t["period"] = t["doc_id"].map(period)
    g = t.groupby(["period", "phrase"], sort=True).agg(
        count=("count", "sum"), words=("words", "sum"), documents=("doc_id", "nunique")
    )
    g["per_10k"] = g["count"] / g["words"] * 10_000
    order = {p: i for i, p in enumerate(_patterns(phrases))}
    g = g.reset_index()
    g = g.assign(_p=g["phrase"].map(order)).sort_values(["period", "_p"]).drop(columns="_p")
    return g[["period", "phrase", "count", "words", "per_10k", "documents"]].reset_index(drop=True)


def dispersion(
    corpus: Corpus, phrases: str | Iterable[str], *, regex: bool = False
) -> pd.DataFrame:
    """Where in each document each phrase falls.

    Returns:
        One row per match: ``doc_id``, ``phrase``, ``token`` (word number in the document),
        ``position`` (token / words in the document, 0 to 1), ``turn`` and ``speaker``.
    """
    m = _matches(corpus, phrases, regex=regex)
    rows = m["row"].to_numpy(dtype=np.int64)
    doc = _doc_names(corpus)[rows]
    token = rows - _doc_first_row(corpus).reindex(doc).to_numpy()
    n_words = corpus.documents.set_index("doc_id")["n_words"]
    speaker = corpus.turns["speaker"].to_numpy()
    return pd.DataFrame(
        {
            "doc_id": pd.array(doc, dtype="str"),
            "phrase": m["phrase"].to_numpy(),
            "token": token.astype(np.int64),
            "position": token / n_words.reindex(doc).to_numpy(),
            "turn": corpus.tokens["turn"].to_numpy()[rows],
            "speaker": speaker[_turn_rows(corpus)[rows]],
        }
    )


# -- keyness ------------------------------------------------------------------------------


_KEY_FLOATS = ("target_per_10k", "reference_per_10k", "g2", "log_ratio")


def top_phrases(corpus: Corpus, k: int = 4, *, n: tuple[int, int] = (2, 3)) -> list[str]:
    """The ``k`` phrases of ``n`` words that recur most in the corpus (most first), none
    inside another one chosen before it ("foreign minister" is skipped after "foreign
    minister lavrov"); single words fill up when there are too few phrases said twice.

    Example:
        >>> from analysis import parse_text
        >>> top_phrases(parse_text("MS. LEE:  Swift and severe.  Swift and severe costs."), 2)
        ['swift and severe']
    """
    counts = pd.concat(
        [ngrams(corpus, n=n, by=None, min_count=2), ngrams(corpus, n=1, by=None, min_count=2)]
    )
    if counts.empty:  # nothing is said twice: the most frequent words, once each
        counts = ngrams(corpus, n=1, by=None)
    chosen: list[str] = []
    for gram in counts["ngram"]:
        padded = f" {gram} "
        if any(padded in f" {c} " or f" {c} " in padded for c in chosen):
            continue
        chosen.append(str(gram))
        if len(chosen) == k:
            break
    return chosen


def keyness(
    corpus: Corpus,
    target: Any,
    *,
    by: str = "role",
    reference: Any = None,
    n: int = 1,
    min_count: int = 3,
    stopwords: bool = True,
    empty_ok: bool = False,
) -> pd.DataFrame:
    """Words (or n-grams) that distinguish a target group from a reference.

    Args:
        corpus: a loaded corpus.
        target: the value of ``by`` that makes the target (e.g. ``"question"``).
        by: the column that splits the corpus (``"role"``, ``"doc_id"``, ``"speaker"``).
        reference: the value of ``by`` to compare with; default: every other row.
        n: n-gram size (default 1: words).
        min_count: drop n-grams seen fewer times in target and reference together.
        stopwords: drop n-grams starting or ending with a stopword.
        empty_ok: return an empty table (instead of raising ValueError) when the target
            or the reference has no words, e.g. a folder without questions.

    Returns:
        One row per n-gram: ``ngram``, ``target``, ``reference`` (counts), ``target_per_10k``,
        ``reference_per_10k``, ``g2`` (log-likelihood, Dunning 1993; signed: negative when
        the n-gram is rarer in the target) and ``log_ratio`` (Hardie's effect size: log2 of
        the ratio of relative frequencies, with 0.5 added to zero counts). Sorted by
        ``g2``, most characteristic of the target first. A ``g2`` over 3.84 is significant
        at p < 0.05, over 10.83 at p < 0.001 (one degree of freedom).
    """
    counts = ngrams(corpus, n=n, by=by, stopwords=stopwords)
    col = counts[by].astype("str")
    tgt = counts[col == str(target)].groupby("ngram")["count"].sum()
    ref_rows = counts[col != str(target)] if reference is None else counts[col == str(reference)]
    ref = ref_rows.groupby("ngram")["count"].sum()
    if empty_ok and (tgt.empty or ref.empty):
        return pd.DataFrame(
            {
                "ngram": pd.Series(dtype="str"),
                "target": pd.Series(dtype="int64"),
                "reference": pd.Series(dtype="int64"),
                **{c: pd.Series(dtype="float64") for c in _KEY_FLOATS},
            }
        )
    if tgt.empty:
        raise ValueError(f"target {target!r}: no words where {by} == {target!r}")
    both = pd.concat([tgt.rename("target"), ref.rename("reference")], axis=1).fillna(0)
    both = both[(both["target"] + both["reference"]) >= min_count]
    t_tot, r_tot = float(tgt.sum()), float(ref.sum()) or 1.0
    a, b = both["target"].to_numpy(float), both["reference"].to_numpy(float)
    e1 = t_tot * (a + b) / (t_tot + r_tot)
    e2 = r_tot * (a + b) / (t_tot + r_tot)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (np.where(a > 0, a * np.log(a / e1), 0) + np.where(b > 0, b * np.log(b / e2), 0))
    ratio = np.log2(((np.where(a > 0, a, 0.5)) / t_tot) / ((np.where(b > 0, b, 0.5)) / r_tot))
    out = pd.DataFrame(
        {
            "ngram": both.index.astype("str"),
            "target": a.astype(np.int64),
            "reference": b.astype(np.int64),
            "target_per_10k": a / t_tot * 10_000,
            "reference_per_10k": b / r_tot * 10_000,
            "g2": np.sign(ratio) * g2,
            "log_ratio": ratio,
        }
    )
    return out.sort_values(["g2", "ngram"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


# -- repeated passages ----------------------------------------------------------------------

#: Default length of a repeated passage, in matched words. Five aligned words of which three
#: are content words (see ``min_content``) is long enough that chance collisions of everyday
#: phrases ("at the end of the day", "I think that it is") do not count, and short enough to
#: catch the formulas officials repeat ("swift, severe, and united response"); one inserted
#: or dropped word is tolerated, so "swift, severe, and a united response" still matches.
MIN_WORDS = 5


def repeated_passages(
    corpus: Corpus, *, min_words: int = MIN_WORDS, min_content: int = 3, max_seed_count: int = 20
) -> pd.DataFrame:
    """Passages said more than once, within a document or across documents (talking points).

    Method: every three-word sequence with at least two content words that occurs 2 to
    ``max_seed_count`` times is a seed; seeds that line up (same distance between the two
    places) are chained into longer matches, which are then extended word by word at both
    ends, tolerating one inserted or dropped word at a time. A match counts when it aligns
    at least ``min_words`` words of which ``min_content`` are content words. Matches that
    overlap are gathered into one passage with all its locations.

    Args:
        corpus: a loaded corpus.
        min_words: aligned words a passage needs (default :data:`MIN_WORDS`).
        min_content: content words (not stopwords) among them (default 3).
        max_seed_count: seeds more frequent than this are ignored (too common to tell).

    Returns:
        One row per location of each passage: ``passage`` (number, most widespread first),
        ``doc_id``, ``turn``, ``speaker``, ``role``, ``start``, ``end`` (offsets in
        ``documents.text``), ``text`` (as printed at that location), ``words``,
        ``locations`` and ``documents`` (how many places and documents share the passage).
    """
    cols = [
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
    idx = token_index(corpus)
    codes, unit = idx.codes, idx.unit
    start, key = _ngram_codes(idx, 3)
    stop = _stop_mask(idx)
    content = (
        (~stop[codes[start]]).astype(int) + (~stop[codes[start + 1]]) + (~stop[codes[start + 2]])
    )
    ok = content >= 2
    start, key = start[ok], key[ok]
    if not len(start):
        return pd.DataFrame(columns=cols)
    cnt = np.bincount(key)
    keep = (cnt[key] >= 2) & (cnt[key] <= max_seed_count)
    start, key = start[keep], key[keep]
    order = np.lexsort((start, key))
    start, key = start[order], key[order]
    # every pair of occurrences of the same seed (p < q)
    ps, qs = [], []
    for k in range(1, max_seed_count):
        if k >= len(key):
            break
        same = key[:-k] == key[k:]
        if not same.any():
            break
        ps.append(start[:-k][same])
        qs.append(start[k:][same])
    if not ps:  # no seed occurs twice
        return pd.DataFrame(columns=cols)
    p = np.concatenate(ps)
    q = np.concatenate(qs)
    far = q - p >= 3  # the two places must not overlap
    p, q = p[far], q[far]
    # chain seeds on the same diagonal whose starts are at most 3 words apart
    d = q - p
    o = np.lexsort((p, d))
    p, d = p[o], d[o]
    new = np.ones(len(p), bool)
    new[1:] = (d[1:] != d[:-1]) | (p[1:] - p[:-1] > 3) | (unit[p[1:]] != unit[p[:-1]])
    run_start = p[new]
    run_end = np.maximum.reduceat(p, np.flatnonzero(new)) + 2
    run_d = d[new]
    n = len(codes)
    # runs too short to reach min_words need a matching word just outside them
    b_start, b_end = run_start + run_d, run_end + run_d
    inside = b_end + 2 < n
    run_start, run_end, run_d = run_start[inside], run_end[inside], run_d[inside]
    b_start, b_end = b_start[inside], b_end[inside]
    lo_a, lo_b = np.maximum(run_start - 1, 0), np.maximum(b_start - 1, 0)
    near = (
        (codes[run_end + 1] == codes[b_end + 1])
        | (codes[run_end + 2] == codes[b_end + 1])
        | (codes[run_end + 1] == codes[b_end + 2])
        | (codes[lo_a] == codes[lo_b])
    )
    promising = (run_end - run_start + 1 >= min_words) | near
    run_start, run_end, run_d = run_start[promising], run_end[promising], run_d[promising]
    spans: list[tuple[int, int, int, int, int]] = []  # a0, a1, b0, b1, matched
    # the loop reads single elements: memoryviews give plain ints, many times faster than
    # indexing numpy arrays (which makes a numpy scalar each time), and copy nothing
    # each token's turn as the first and last token of it (a turn's tokens are contiguous)
    turn_at = np.cumsum(np.r_[True, unit[1:] != unit[:-1]]) - 1
    first = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]])
    last = np.r_[first[1:] - 1, n - 1]
    cv, uv = _ints(codes), _ints(unit)
    fv, lv, tv = _ints(first), _ints(last), _ints(turn_at)
    sv = _ints(stop.astype(np.uint8))
    for a0, a1, dd in zip(run_start.tolist(), run_end.tolist(), run_d.tolist(), strict=True):
        b0, b1 = a0 + dd, a1 + dd
        if b1 >= n or uv[b0] != uv[b1]:
            continue
        matched = sum(cv[a0 + i] == cv[b0 + i] for i in range(a1 - a0 + 1))
        ta, tb = tv[a0], tv[b0]
        bounds = (fv[ta], lv[ta], fv[tb], lv[tb])
        a1, b1, more = _extend(cv, a1, b1, +1, *bounds)
        a0, b0, less = _extend(cv, a0, b0, -1, *bounds)
        matched += more + less
        if matched < min_words:
            continue
        if sum(not sv[cv[i]] for i in range(a0, a1 + 1)) < min_content:
            continue
        spans.append((a0, a1, b0, b1, matched))
    if not spans:
        return pd.DataFrame(columns=cols)
    # gather overlapping locations into passages (union-find over token ranges)
    locs = sorted({(a0, a1) for a0, a1, *_ in spans} | {(b0, b1) for _, _, b0, b1, _ in spans})
    loc_id = {loc: i for i, loc in enumerate(locs)}
    parent = list(range(len(locs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a0, a1, b0, b1, _ in spans:
        parent[root(loc_id[(a0, a1)])] = root(loc_id[(b0, b1)])
    # ranges in the same turn that mostly overlap (half of the shorter) are the same place
    for i in range(1, len(locs)):
        for j in range(i - 1, max(-1, i - 6), -1):
            (a, b), (c, e) = locs[j], locs[i]
            inter = min(b, e) - c + 1
            if unit[a] == unit[c] and inter * 2 >= min(b - a, e - c) + 1:
                parent[root(i)] = root(j)
    # overlapping ranges in the same place are one location
    merged: dict[int, list[tuple[int, int]]] = {}
    for loc in locs:
        merged.setdefault(root(loc_id[loc]), []).append(loc)
    tok = corpus.tokens
    starts, ends = tok["start"].to_numpy(), tok["end"].to_numpy()
    docs = _doc_names(corpus)
    turn_no = tok["turn"].to_numpy()
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    trow = _turn_rows(corpus)
    speaker = corpus.turns["speaker"].to_numpy()
    role = corpus.turns["role"].to_numpy()
    rows = []
    for gid_, group in merged.items():
        group.sort()
        places: list[list[int]] = []
        for a, b in group:
            if places and a <= places[-1][1] and unit[a] == unit[places[-1][0]]:
                places[-1][1] = max(places[-1][1], b)
            else:
                places.append([a, b])
        if len(places) < 2:
            continue
        n_docs = len({docs[a] for a, _ in places})
        for a, b in places:
            doc, t = docs[a], int(turn_no[a])
            s, e = int(starts[a]), int(ends[b])
            rows.append(
                [
                    doc,
                    t,
                    speaker[trow[a]],
                    role[trow[a]],
                    s,
                    e,
                    _flat(texts[doc][s:e]),
                    b - a + 1,
                    len(places),
                    n_docs,
                    a,
                    gid_,
                ]
            )
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows, columns=[*cols[1:], "_row", "_root"])
    # number passages: most documents, then most locations, then first appearance
    first = out.groupby("_root")["_row"].transform("min")
    out = out.sort_values(
        ["documents", "locations", "_row"], ascending=[False, False, True], kind="stable"
    )
    out["_first"] = first
    rank = out.drop_duplicates("_root").sort_values(
        ["documents", "locations", "_first"], ascending=[False, False, True]
    )["_root"]
    out.insert(0, "passage", out["_root"].map({r: i for i, r in enumerate(rank)}).astype(np.int64))
    out = out.sort_values(["passage", "_row"], kind="stable")
    return out.drop(columns=["_row", "_root", "_first"]).reset_index(drop=True)


def _ints(a: np.ndarray) -> memoryview:
    """``a`` (integers) as a memoryview, whose items are plain Python ints."""
    return memoryview(np.ascontiguousarray(a).data)


def _extend(
    codes: Sequence[int], a: int, b: int, step: int, lo_a: int, hi_a: int, lo_b: int, hi_b: int
) -> tuple[int, int, int]:
    """Extend an aligned pair of positions word by word in direction ``step`` (+1 or -1),
    skipping one word on either side when that realigns, without leaving the turns of ``a``
    (tokens ``lo_a`` to ``hi_a``) and ``b``; returns the new ends and how many more words
    matched."""
    matched = 0
    while True:
        i, j = a + step, b + step
        i2, j2 = i + step, j + step
        in_i, in_j = lo_a <= i <= hi_a, lo_b <= j <= hi_b
        in_i2, in_j2 = lo_a <= i2 <= hi_a, lo_b <= j2 <= hi_b
        if in_i and in_j and codes[i] == codes[j]:
            a, b, matched = i, j, matched + 1
        elif (
            in_i2
            and in_j
            and codes[i2] == codes[j]
            and lo_a <= i2 + step <= hi_a
            and in_j2
            and codes[i2 + step] == codes[j2]
        ):
            a, b, matched = i2, j, matched + 1
        elif (
            in_i
            and in_j2
            and codes[i] == codes[j2]
            and in_i2
            and lo_b <= j2 + step <= hi_b
            and codes[i2] == codes[j2 + step]
        ):
            a, b, matched = i, j2, matched + 1
        else:
            return a, b, matched
