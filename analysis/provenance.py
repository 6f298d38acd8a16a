"""Quote provenance: where a news article's quote was said, and whether it was quoted word for
word.

For every quote (``corpus.quotes``, or a table you pass), the words of the quote are looked up
in the spoken turns of the corpus's transcripts through an index of three-word sequences;
the place where most of them line up is aligned with the quote word by word, and the result
is classified:

- ``verbatim``: the same words, in the same order, with the same case and punctuation (the
  punctuation a quotation adds at its ends, such as a closing comma, does not count);
- ``punctuation``: verbatim apart from punctuation or case;
- ``altered``: the place is clearly the source (similarity at least :data:`ALTERED_MIN`) but
  words differ; ``changes`` says which;
- ``paraphrase``: a passage of the transcript shares most of the quote's content words
  (:data:`PARAPHRASE_CONTENT`) but not its wording;
- ``no source``: nothing in the corpus comes close.

Case, curly or straight quotes and apostrophes never matter for finding the source; an
ellipsis in the quote (``...``, ``…``, ``[...]``) lets the source skip words there.

A verbatim match proves that the words are in the transcript, not that the transcript is
right: an official transcript can be wrong, and the text alone cannot tell which of two
disagreeing records is.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .corpus import Corpus
from .phrases import _doc_names, _turn_rows, token_index
from .stopwords import STOPWORDS
from .tokenize import words as _words

#: Similarity (share of aligned words, 0 to 1) from which a passage is the quote's source.
ALTERED_MIN = 0.6
#: Share of the quote's content words a passage must hold to be called a paraphrase source,
#: when the wording is further apart than :data:`ALTERED_MIN`.
PARAPHRASE_CONTENT = 0.7

VERDICTS = ("verbatim", "punctuation", "altered", "paraphrase", "no source")

_ELLIPSIS_RE = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[\s*(?:\.\s?\.\s?\.|…)\s*\])\s*")
_EDGE_PUNCT = " \t\n\u00a0,.;:!?\"“”'‘’()[]—–-"
_QUOTE_MAP = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


def _flat(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MAP).split())


@dataclass
class _Sources:
    """Spoken words of the transcripts, with a sorted index of their three-word sequences."""

    rows: np.ndarray  # token rows of the corpus that are sources
    keys: dict[int, np.ndarray]  # n -> key of the n-word sequence at each source row (sorted)
    pos: dict[int, np.ndarray]  # n -> the row each of those starts at


def _sources(corpus: Corpus) -> _Sources:
    cached = getattr(corpus, "_provenance_sources", None)
    if cached is not None:
        return cached
    idx = token_index(corpus)
    roles = corpus.turns["role"].to_numpy()
    # news articles are quoted, never sources (a token outside documents, -1, is no article)
    news = np.append(corpus.documents["kind"].to_numpy() == "news article", False)
    ok = (roles[_turn_rows(corpus)] != "narration") & ~news[idx.doc]
    codes, unit = idx.codes, idx.unit
    v = len(idx.vocab) + 1
    n = len(codes)
    keys, pos = {}, {}
    for size in (2, 3):
        m = max(0, n - size + 1)
        start = np.flatnonzero(ok[:m] & (unit[:m] == unit[size - 1 : size - 1 + m]))
        key = codes[start]
        for k in range(1, size):
            key = key * v + codes[start + k]
        order = np.argsort(key, kind="stable")
        keys[size], pos[size] = key[order], start[order]
    src = _Sources(np.flatnonzero(ok), keys, pos)
    object.__setattr__(corpus, "_provenance_sources", src)
    return src


def _locate(
    q_codes: list[int], corpus: Corpus, src: _Sources, size: int = 3
) -> tuple[int, int] | None:
    """The turn-contained token range where the quote's ``size``-word sequences line up
    best, or None (then with two-word sequences, for short or much-altered quotes)."""
    idx = token_index(corpus)
    v = len(idx.vocab) + 1
    votes: dict[tuple[int, int], int] = {}
    for j in range(len(q_codes) - size + 1):
        gram = q_codes[j : j + size]
        if min(gram) < 0:
            continue
        key = 0
        for c in gram:
            key = key * v + c
        lo, hi = np.searchsorted(src.keys[size], [key, key + 1])
        if hi - lo > 2000:  # a sequence too common to place anything
            continue
        for p in src.pos[size][lo:hi].tolist():
            diag = p - j
            u = int(idx.unit[p])
            votes[(u, diag)] = votes.get((u, diag), 0) + 1
    if not votes:
        return _locate(q_codes, corpus, src, 2) if size == 3 else None
    # the best diagonal, with its neighbours' votes (words inserted or dropped shift it)
    score: dict[tuple[int, int], int] = {}
    for (u, d), n in votes.items():
        for dd in range(-3, 4):
            score[(u, d + dd)] = score.get((u, d + dd), 0) + n
    (u, d), _ = max(score.items(), key=lambda kv: (kv[1], -abs(kv[0][1])))
    diags = [dd for (uu, dd) in votes if uu == u and abs(dd - d) <= 3 + len(q_codes) // 4]
    lo_d, hi_d = min(diags), max(diags)
    start, end = max(0, lo_d - 2), hi_d + len(q_codes) + 2
    unit = idx.unit
    while start < len(unit) and unit[start] != u:
        start += 1
    end = min(end, len(unit))
    while end > start and unit[end - 1] != u:
        end -= 1
    return (start, end) if end > start else None


def _segments(quote: str) -> list[str]:
    return [s for s in _ELLIPSIS_RE.split(quote) if _words(s)]


def _align(q_words: list[str], s_words: list[str]) -> Sequence[tuple[str, int, int, int, int]]:
    """Word alignment of quote and source window (difflib opcodes on normalised words)."""
    sm = difflib.SequenceMatcher(
        None, [_norm(w) for w in q_words], [_norm(w) for w in s_words], autojunk=False
    )
    return sm.get_opcodes()


def _content(words: Sequence[str]) -> set[str]:
    return {_norm(w) for w in words if _norm(w) not in STOPWORDS and len(w) > 2}


def _match_one(quote: str, corpus: Corpus, src: _Sources) -> dict[str, Any]:
    idx = token_index(corpus)
    tok = corpus.tokens
    starts, ends = tok["start"].to_numpy(), tok["end"].to_numpy()
    segs = _segments(quote)
    q_words = [w for s in segs for w in _words(s)]
    result: dict[str, Any] = {
        "verdict": "no source",
        "similarity": 0.0,
        "changes": "",
        "added": "",
        "removed": "",
    }
    if not q_words:
        return result
    codes = [idx.lookup.get(_norm(w), -1) for w in q_words]
    where = _locate(codes, corpus, src)
    if where is None:
        return result
    lo, hi = where
    window = [str(w) for w in tok["text"].iloc[lo:hi]]
    sm = difflib.SequenceMatcher(
        None, [_norm(w) for w in q_words], [_norm(w) for w in window], autojunk=False
    )
    blocks = [m for m in sm.get_matching_blocks() if m.size]
    if not blocks:
        return result
    # project the quote's ends onto the window along the first and last matching blocks
    j_first = max(0, blocks[0].b - blocks[0].a)
    j_last = min(
        len(window),
        blocks[-1].b + blocks[-1].size + (len(q_words) - blocks[-1].a - blocks[-1].size),
    )
    s_words = window[j_first:j_last]
    ops = _align(q_words, s_words)
    # an ellipsis lets the source skip words: deletions between segments are not changes
    seg_ends = np.cumsum([len(_words(s)) for s in segs])[:-1].tolist()
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    skipped = sum(j2 - j1 for tag, i1, i2, j1, j2 in ops if tag == "insert" and i1 in seg_ends)
    denom = len(q_words) + len(s_words) - skipped
    sim = 2 * matched / denom if denom else 0.0
    changes, added, removed = [], [], []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or (tag == "insert" and i1 in seg_ends):
            continue
        qa, sa = " ".join(q_words[i1:i2]), " ".join(s_words[j1:j2])
        if tag == "replace":
            changes.append(f"{sa} → {qa}")
            added.extend(q_words[i1:i2])
            removed.extend(s_words[j1:j2])
        elif tag == "delete":  # in the quote, not in the source
            changes.append(f"+ {qa}")
            added.extend(q_words[i1:i2])
        else:
            changes.append(f"− {sa}")
            removed.extend(s_words[j1:j2])
    s_row, e_row = lo + j_first, lo + j_last - 1
    doc = _doc_names(corpus)[s_row]
    text = corpus.text(doc)
    s_off, e_off = int(starts[s_row]), int(ends[e_row])
    trow = _turn_rows(corpus)[s_row]
    result.update(
        source_doc_id=doc,
        source_turn=int(tok["turn"].iat[s_row]),
        source_speaker=str(corpus.turns["speaker"].iat[trow]),
        source_start=s_off,
        source_end=e_off,
        source_text=text[s_off:e_off],
        similarity=round(sim, 4),
        changes="; ".join(changes),
        added=" ".join(added),
        removed=" ".join(removed),
    )
    if not changes:
        flat_q = _flat(quote).strip(_EDGE_PUNCT)
        flat_s = _flat(text[s_off:e_off]).strip(_EDGE_PUNCT)
        result["verdict"] = (
            "verbatim"
            if flat_q == flat_s
            or (len(segs) > 1 and all(_flat(s).strip(_EDGE_PUNCT) in flat_s for s in segs))
            else "punctuation"
        )
    elif sim >= ALTERED_MIN:
        result["verdict"] = "altered"
    else:
        q_content = _content(q_words)
        shared = q_content & _content(window)
        if q_content and len(shared) / len(q_content) >= PARAPHRASE_CONTENT:
            result["verdict"] = "paraphrase"
        else:
            result = {
                "verdict": "no source",
                "similarity": round(sim, 4),
                "changes": "",
                "added": "",
                "removed": "",
            }
    return result


def provenance(corpus: Corpus, *, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each news quote was said, and how faithfully it was quoted.

    Args:
        corpus: a loaded corpus holding the transcripts (and usually the articles).
        quotes: quotes to trace (columns ``text``, and optionally ``doc_id``, ``quote``,
            ``speaker``); default ``corpus.quotes``.

    Returns:
        One row per quote: ``quote_doc_id``, ``quote``, ``quote_text``, ``speaker`` (as the
        article attributes it), ``verdict`` (see :data:`VERDICTS` and the module docstring),
        ``source_doc_id``, ``source_turn`` (Int64, <NA> without a source),
        ``source_speaker``, ``source_start``, ``source_end`` (offsets in the source
        document's text, Int64), ``source_text``, ``similarity`` (0 to 1: twice the aligned
        words over the words of quote and source), ``changes`` (source → quote for each
        difference; "+ w" a word only the quote has, "− w" one only the source has),
        ``added`` and ``removed`` (those words).

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("MS. LEE:  We will not back down.  Never.", doc_id="t")
        >>> q = pd.DataFrame({"text": ["We will never back down."]})
        >>> provenance(c, quotes=q)[["verdict", "changes"]].values.tolist()
        [['altered', 'not → never']]
    """
    q = corpus.quotes if quotes is None else quotes.reset_index(drop=True)
    rows = []
    for i, r in enumerate(q.itertuples(index=False)):
        res = _match_one(str(r.text), corpus, _sources(corpus))  # indexed once, if quoted
        rows.append(
            {
                "quote_doc_id": getattr(r, "doc_id", ""),
                "quote": getattr(r, "quote", i),
                "quote_text": str(r.text),
                "speaker": getattr(r, "speaker", ""),
                **res,
            }
        )
    cols = [
        "quote_doc_id",
        "quote",
        "quote_text",
        "speaker",
        "verdict",
        "source_doc_id",
        "source_turn",
        "source_speaker",
        "source_start",
        "source_end",
        "source_text",
        "similarity",
        "changes",
        "added",
        "removed",
    ]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("source_turn", "source_start", "source_end"):
        out[c] = out[c].astype("Int64")
    for c in (
        "quote_doc_id",
        "quote_text",
        "speaker",
        "verdict",
        "source_doc_id",
        "source_speaker",
        "source_text",
        "changes",
        "added",
        "removed",
    ):
        out[c] = out[c].astype(object).where(out[c].notna(), "").astype("str")
    out["similarity"] = out["similarity"].astype(float)
    return out


# -- the word-level diff ----------------------------------------------------------------


class WordDiff(pd.DataFrame):
    """A word-level diff table that shows itself in Jupyter as the quote with its changes
    marked (the quote's words underlined in orange, the transcript's struck through in
    blue, a word whose punctuation or case differs shown both ways), all text
    HTML-escaped."""

    @property
    def _constructor(self) -> type[WordDiff]:
        return WordDiff

    def _repr_html_(self) -> str:  # type: ignore[override]
        parts = []
        for r in self.itertuples(index=False):
            q, s = html.escape(r.quote_words), html.escape(r.source_words)
            if r.op == "equal":
                parts.append(q)
            else:
                if s:
                    parts.append(f'<del style="color:#0072B2" title="transcript">{s}</del>')
                if q:
                    parts.append(
                        f'<ins style="color:#D55E00;text-decoration:underline" '
                        f'title="quote">{q}</ins>'
                    )
        legend = (
            '<div style="font-size:11px;color:#666">orange: as the quote has it · '
            "blue, struck: as the transcript has it</div>"
        )
        return f'<p style="line-height:1.6">{" ".join(parts)}</p>{legend}'


def _key(token: str) -> str:
    """What a printed token is aligned on: its words normalised, punctuation left out."""
    return " ".join(_norm(w) for w in _words(token)) or token


def _printed(token: str) -> str:
    return token.translate(_QUOTE_MAP)


def word_diff(quote: str, source: str) -> WordDiff:
    """Word-by-word differences between a quote and its source passage, as printed.

    Words are aligned ignoring case and punctuation; then a word printed differently
    (a comma added or dropped, a capital) is a ``punctuation`` change, so a diff of a
    punctuation-only change shows where it is. Curly and straight apostrophes and quotation
    marks count as the same, and so does a comma or full stop the quote adds or drops after
    its last word (closing a quotation). Words keep their punctuation as printed.

    Returns:
        A :class:`WordDiff`: one row per run of words, ``op`` (equal, punctuation, replace,
        insert: only in the source, delete: only in the quote), ``quote_words`` and
        ``source_words``.

    Example:
        >>> d = word_diff("he can’t outlast all", "he can outlast all")
        >>> d["op"].tolist(), d["quote_words"].tolist()
        (['equal', 'replace', 'equal'], ['he', 'can’t', 'outlast all'])
        >>> word_diff("progress, and", "progress and")[["op", "quote_words"]].values.tolist()
        [['punctuation', 'progress,'], ['equal', 'and']]
    """
    q, s = quote.split(), source.split()
    sm = difflib.SequenceMatcher(None, [_key(w) for w in q], [_key(w) for w in s], autojunk=False)
    ops: list[tuple[str, list[str], list[str]]] = []

    def add(op: str, qw: list[str], sw: list[str]) -> None:
        if ops and ops[-1][0] == op:
            ops[-1][1].extend(qw)
            ops[-1][2].extend(sw)
        else:
            ops.append((op, list(qw), list(sw)))

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            add(tag, q[i1:i2], s[j1:j2])
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            a, b = _printed(q[i]), _printed(s[j])
            if i == len(q) - 1:
                a, b = a.rstrip(",.;:"), b.rstrip(",.;:")
            add("equal" if a == b else "punctuation", [q[i]], [s[j]])
    rows = [(op, " ".join(qw), " ".join(sw)) for op, qw, sw in ops]
    return WordDiff(pd.DataFrame(rows, columns=["op", "quote_words", "source_words"]))


def pick_quote(traced: pd.DataFrame, start: str | None = None) -> pd.Series | None:
    """The quote most worth a word-by-word look, chosen from the data: the one closest to
    its source whose wording still changed (altered, then punctuation, then paraphrase),
    with the most changes, then the highest similarity. None when no quote has a source
    that differs from it. With ``start``, the first traced quote with a source whose text
    starts with it (None when there is none).

    Example:
        >>> t = pd.DataFrame({"verdict": ["verbatim", "altered"], "changes": ["", "a → b"],
        ...                   "similarity": [1.0, 0.9]})
        >>> pick_quote(t).name
        1
    """
    if start is not None:
        found = traced[
            (traced["verdict"] != "no source") & traced["quote_text"].str.startswith(start)
        ]
        return None if found.empty else traced.loc[found.index[0]]
    rank = {"altered": 0, "punctuation": 1, "paraphrase": 2}
    t = traced[traced["verdict"].isin(list(rank))]
    if t.empty:
        return None
    n = t["changes"].map(lambda c: len([p for p in str(c).split("; ") if p]))
    t = t.assign(_r=t["verdict"].map(rank), _n=n)
    t = t.sort_values(["_r", "_n", "similarity"], ascending=[True, False, False], kind="stable")
    return traced.loc[t.index[0]]


def near_misses(traced: pd.DataFrame, n: int = 5, *, skip: pd.Series | None = None) -> pd.DataFrame:
    """The quotes with a source that are not verbatim (in the order :func:`pick_quote`
    ranks them), leaving out ``skip`` (a row of ``traced``); at most ``n``.

    Example:
        >>> t = pd.DataFrame({"verdict": ["verbatim", "altered", "punctuation"],
        ...                   "changes": ["", "a → b", ""], "similarity": [1.0, 0.9, 1.0]})
        >>> near_misses(t).index.tolist()
        [1, 2]
    """
    rank = {"altered": 0, "punctuation": 1, "paraphrase": 2}
    t = traced[traced["verdict"].isin(list(rank))]
    if skip is not None:
        t = t.drop(index=[skip.name], errors="ignore")
    n_changes = t["changes"].map(lambda c: len([p for p in str(c).split("; ") if p]))
    t = t.assign(_r=t["verdict"].map(rank), _n=n_changes)
    t = t.sort_values(["_r", "_n", "similarity"], ascending=[True, False, False], kind="stable")
    return traced.loc[t.index[:n]]
