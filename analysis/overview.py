"""What a corpus holds: who speaks how much, and where every character of a page went."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd
from matplotlib.axes import Axes

from .corpus import Corpus
from .schema import SEGMENT_KINDS
from .style import ROLE_COLORS, get_ax, shorten

#: Colours of the segment kinds (speech first, page furniture in greys).
SEGMENT_COLORS = {
    "speech": "#0072B2",
    "label": "#56B4E9",
    "stage": "#CC79A7",
    "title": "#E69F00",
    "metadata": "#F0E442",
    "front_matter": "#999999",
    "boilerplate": "#D55E00",
    "whitespace": "#DDDDDD",
}


#: Beyond this many documents a chart with one row per document is drawn summarised.
MAX_ROWS = 25


def with_month(corpus: Corpus) -> Corpus:
    """``corpus`` with a ``month`` column in its documents ("2023-01"; "undated" when the
    date is unknown), so every ``by=`` argument can group documents by month.

    Example:
        >>> from analysis import parse_text
        >>> with_month(parse_text("Q  Why?")).documents["month"].tolist()
        ['undated']
    """
    d = corpus.documents
    if "month" in d.columns:
        return corpus
    dates = pd.to_datetime(d["date"], errors="coerce")
    month = dates.dt.strftime("%Y-%m").fillna("undated").astype("str")
    return dataclasses.replace(corpus, documents=d.assign(month=month))


def readable_by(corpus: Corpus, *, max_rows: int = MAX_ROWS) -> str:
    """How to group documents so that a chart with one row per group stays readable:
    ``"doc_id"`` for at most ``max_rows`` documents, else ``"month"`` when the documents
    span several months (see :func:`with_month`), else ``"kind"``.

    Example:
        >>> from analysis import parse_text
        >>> readable_by(parse_text("Q  Why?"))
        'doc_id'
    """
    d = corpus.documents
    if len(d) <= max_rows:
        return "doc_id"
    months = pd.to_datetime(d["date"], errors="coerce").dt.strftime("%Y-%m").dropna()
    return "month" if months.nunique() > 1 else "kind"


def documents_table(corpus: Corpus) -> pd.DataFrame:
    """``corpus.documents`` without its ``text`` column, for display.

    Example:
        >>> from analysis import parse_text
        >>> documents_table(parse_text("Q  Why?\\n\\nMS. LEE:  Because.")).columns.tolist()[:3]
        ['doc_id', 'path', 'title']
    """
    return corpus.documents.drop(columns=["text"])


def speakers(corpus: Corpus) -> pd.DataFrame:
    """Turns and words per document, speaker and role.

    Returns:
        One row per ``(doc_id, speaker, role)``: ``speaker_name`` (the names cues gave,
        joined with "; " when several people share a label, like ``Q``), ``turns``,
        ``words``, ``sentences``, and ``share``, the speaker's fraction of the document's
        spoken words. Sorted by document, then by words, most first.

    Example:
        >>> from analysis import parse_text
        >>> speakers(parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time."))[
        ...     ["speaker", "role", "words", "share"]].values.tolist()
        [['MS. LEE', 'answer', 4, 0.666...], ['Q', 'question', 2, 0.333...]]
    """
    t = corpus.turns
    if t.empty:
        return pd.DataFrame(
            columns=[
                "doc_id",
                "speaker",
                "role",
                "speaker_name",
                "turns",
                "words",
                "sentences",
                "share",
            ]
        )
    names = (
        t[t["speaker_name"] != ""]
        .groupby(["doc_id", "speaker", "role"])["speaker_name"]
        .agg(lambda s: "; ".join(dict.fromkeys(s)))
    )
    g = t.groupby(["doc_id", "speaker", "role"], sort=False).agg(
        turns=("turn", "size"), words=("n_words", "sum"), sentences=("n_sentences", "sum")
    )
    g.insert(0, "speaker_name", names.reindex(g.index).fillna("").astype("str"))
    g = g.reset_index()
    total = g.groupby("doc_id")["words"].transform("sum")
    g["share"] = (g["words"] / total.where(total > 0)).fillna(0.0)
    order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    g["_o"] = g["doc_id"].map(order)
    g = g.sort_values(["_o", "words", "speaker"], ascending=[True, False, True], kind="stable")
    return g.drop(columns="_o").reset_index(drop=True)


def segment_summary(corpus: Corpus) -> pd.DataFrame:
    """Characters per document and segment kind: what was speech and what was stripped.

    Returns:
        One row per ``(doc_id, kind)`` present: ``segments`` (count), ``chars`` and
        ``share`` of the document's characters. The shares of a document sum to 1, since
        every character lies in exactly one segment.
    """
    seg = corpus.segments.assign(chars=corpus.segments["end"] - corpus.segments["start"])
    g = (
        seg.groupby(["doc_id", "kind"], sort=False)
        .agg(segments=("seg", "size"), chars=("chars", "sum"))
        .reset_index()
    )
    g["share"] = g["chars"] / g.groupby("doc_id")["chars"].transform("sum")
    rank = {k: i for i, k in enumerate(SEGMENT_KINDS)}
    order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    g = g.assign(_d=g["doc_id"].map(order), _k=g["kind"].map(rank)).sort_values(["_d", "_k"])
    return g.drop(columns=["_d", "_k"]).reset_index(drop=True)


def plot_words_by_speaker(
    corpus: Corpus,
    *,
    ax: Axes | None = None,
    top: int = 12,
    max_rows: int = MAX_ROWS,
    **style: Any,
) -> Axes:
    """Horizontal bars: words spoken per speaker (label as printed) and document, coloured
    by role; the ``top`` speakers of each document are shown. With more than ``max_rows``
    documents the bars are per speaker over the whole corpus instead (the name a cue gave,
    else the label), the ``2 * top`` speakers with the most words.

    Example:
        >>> from analysis import parse_text
        >>> ax = plot_words_by_speaker(parse_text("Q  Why?\\n\\nMS. LEE:  Because."))
        >>> ax.get_xlabel()
        'words spoken'
    """
    sp = speakers(corpus)
    sp = sp[sp["words"] > 0]
    if len(corpus.documents) > max_rows:
        who = sp["speaker_name"].where(sp["speaker_name"] != "", sp["speaker"])
        sp = sp.assign(who=who.replace("", "(unlabelled)"))
        g = sp.groupby("who", sort=False).agg(
            words=("words", "sum"), documents=("doc_id", "nunique")
        )
        role = sp.sort_values("words", ascending=False, kind="stable").drop_duplicates("who")
        g["role"] = role.set_index("who")["role"].reindex(g.index)
        g = g.sort_values("words", ascending=False, kind="stable").head(2 * top)
        labels = [
            f"{shorten(w, 40)} ({n} docs)" for w, n in zip(g.index, g["documents"], strict=True)
        ]
        words, roles = g["words"], g["role"]
        title = f"The {len(g)} speakers with the most words, over {len(corpus.documents)} documents"
    else:
        sp = sp.groupby("doc_id", sort=False).head(top)
        labels = [
            f"{shorten(d, 28)} · {s or '(unlabelled)'}"
            for d, s in zip(sp["doc_id"], sp["speaker"], strict=True)
        ]
        words, roles = sp["words"], sp["role"]
        title = "Who speaks how much, by document (colour: role)"
    ax = get_ax(ax, figsize=(8, max(2.5, 0.32 * len(labels) + 1)))
    y = list(range(len(labels)))[::-1]
    colors = [ROLE_COLORS.get(r, "#999999") for r in roles]
    ax.barh(y, words, color=colors, **style)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("words spoken")
    ax.set_title(title)
    for role in dict.fromkeys(roles):
        ax.bar(0, 0, color=ROLE_COLORS.get(role, "#999999"), label=role)
    if len(labels):
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_segments(
    corpus: Corpus, *, ax: Axes | None = None, max_rows: int = MAX_ROWS, **style: Any
) -> Axes:
    """Stacked horizontal bars: each document's characters by segment kind (speech, labels,
    stage directions, title, metadata, boilerplate, ...), as a share of the document. With
    more than ``max_rows`` documents, one bar per month (or kind of document) instead,
    see :func:`readable_by`.

    Example:
        >>> from analysis import parse_text
        >>> plot_segments(parse_text("Q  Why?\\n\\nMS. LEE:  Because.")).get_xlabel()
        'share of the characters'
    """
    c = with_month(corpus)
    by = readable_by(c, max_rows=max_rows)
    seg = segment_summary(c)
    group = pd.Series(
        c.documents[by].astype("str").replace("", "(unknown)").to_numpy(),
        index=c.documents["doc_id"],
    )
    seg = seg.assign(group=seg["doc_id"].map(group))
    chars = seg.groupby(["group", "kind"], sort=False)["chars"].sum().unstack("kind").fillna(0)
    s = chars.div(chars.sum(axis=1).where(lambda v: v > 0), axis=0).fillna(0)
    order = list(dict.fromkeys(group.reindex(c.documents["doc_id"])))
    if by == "month":
        order = sorted(order)
    s = s.reindex(index=[g for g in order if g in s.index])
    kinds = [k for k in SEGMENT_KINDS if k in s.columns]
    ax = get_ax(ax, figsize=(8, max(2.0, 0.45 * len(s) + 1.2)))
    left = pd.Series(0.0, index=s.index)
    y = list(range(len(s)))[::-1]
    for kind in kinds:
        ax.barh(y, s[kind], left=left, color=SEGMENT_COLORS[kind], label=kind, **style)
        left += s[kind]
    if by == "doc_id":
        labels = [shorten(d, 38) for d in s.index]
    else:
        n = c.documents[by].astype("str").replace("", "(unknown)").value_counts()
        labels = [f"{shorten(g, 30)} ({n.get(g, 0)} docs)" for g in s.index]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the characters")
    ax.set_title("Where every character went" + ("" if by == "doc_id" else f", by {by}"))
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.spines[["top", "right"]].set_visible(False)
    return ax
