"""Charts of the topic tables of :mod:`analysis.topics`, lexicon and NMF alike.

:func:`plot_topic_mix` (stacked bars per group), :func:`plot_topic_heatmap` (groups by
topics), :func:`plot_topic_flow` (the mix over the turns of one conversation) and
:func:`plot_n_topics` (the table of :func:`~analysis.topics.choose_n_topics`). Each takes
``ax=`` and returns the axes.

>>> from analysis import parse_text, topics
>>> c = parse_text("Q  Will sanctions work?\\n\\nMS. LEE:  The sanctions and the nuclear deal.")
>>> mix = topics.topic_mix(c, {"sanctions": ["sanction*"], "iran": ["nuclear deal"]}, by="role")
>>> plot_topic_mix(mix, by="role").get_title()
'Topic mix per role'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .corpus import Corpus
from .style import PALETTE, get_ax, shorten
from .topics import _as_lexicon, _by_list, _mix, topic_mix

_OTHER = "other topics"
_OTHER_COLOR = "#BBBBBB"

_BY_NAMES = {"doc_id": "document", "speaker_name": "speaker name"}


def _by_name(keys: list[str]) -> str:
    return " and ".join(_BY_NAMES.get(k, k) for k in keys)


def _wide(table: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """Groups (rows, table order) by topic labels (columns, table order) of ``value``."""
    missing = [c for c in [*keys, "topic", value] if c not in table.columns]
    if missing:
        raise ValueError(
            f"the table has no column(s) {missing}; pass the output of topic_mix, "
            "TopicModel.doc_mix/turn_mix/mix, with the by= it was made with"
        )
    if table.duplicated([*keys, "topic"]).any():
        raise ValueError(
            f"the table has several rows per {keys} and topic; pass the by= it was made with"
        )
    name = "label" if "label" in table.columns else "topic"
    group = table[keys].astype("str").agg(" · ".join, axis=1) if len(keys) > 1 else table[keys[0]]
    group = group.astype("str").replace("", "(no label)")
    wide = pd.DataFrame({"group": group, "col": table[name].astype("str"), "v": table[value]})
    out = wide.pivot(index="group", columns="col", values="v")
    out = out.reindex(index=pd.unique(group), columns=pd.unique(wide["col"]))
    return out.fillna(0.0).astype("float64")


def _lump(wide: pd.DataFrame, top: int | None) -> pd.DataFrame:
    """Keep the ``top - 1`` largest topics (by mean) and add the rest up as 'other topics'."""
    if top is None or wide.shape[1] <= top:
        return wide
    mean = wide.mean(axis=0)
    order = np.lexsort((np.arange(len(mean)), -mean.to_numpy()))
    keep = [wide.columns[i] for i in sorted(order[: max(1, top - 1)])]
    rest = [c for c in wide.columns if c not in keep]
    out = wide[keep].copy()
    out[_OTHER] = wide[rest].sum(axis=1)
    return out


def _colors(columns: Iterable[str]) -> list[str]:
    out, i = [], 0
    for c in columns:
        if c == _OTHER:
            out.append(_OTHER_COLOR)
        else:
            out.append(PALETTE[i % len(PALETTE)])
            i += 1
    return out


def _share_label(table: pd.DataFrame) -> str:
    return "share of topic hits (%)" if "hits" in table.columns else "share of topic weight (%)"


def plot_topic_mix(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] = "doc_id",
    top: int | None = 8,
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """Stacked bars of the topic mix, one bar per group (document, speaker, role...).

    Args:
        table: a topic mix: :func:`topic_mix`, ``TopicModel.doc_mix`` or
            ``TopicModel.mix(...)`` (columns ``by``, ``topic``, ``share``, and ``label``
            when present, which names the topics in the legend).
        by: the grouping column(s) the table was made with.
        top: show the ``top - 1`` largest topics (by mean share) and add up the rest as
            "other topics", in grey; None shows every topic (colours repeat after eight).
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.barh`.

    Returns:
        The axes.
    """
    keys = _by_list(by)
    wide = _lump(_wide(table, keys, "share") * 100, top)
    n = len(wide)
    ax = get_ax(ax, figsize=(9, max(2.5, 0.45 * n + 1.6)))
    y = np.arange(n)
    left = np.zeros(n)
    opts: dict[str, Any] = {"height": 0.7, "edgecolor": "white", "linewidth": 0.5} | style
    for name, color in zip(wide.columns, _colors(wide.columns), strict=True):
        vals = wide[name].to_numpy()
        ax.barh(y, vals, left=left, color=color, label=shorten(name, 40), **opts)
        left += vals
    for i in np.flatnonzero(left == 0).tolist():
        ax.text(1, i, "no topic hits", va="center", fontsize=8, color="#666666")
    ax.set_yticks(y, [shorten(g, 36) for g in wide.index], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(_share_label(table))
    ax.set_title(f"Topic mix per {_by_name(keys)}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_topic_heatmap(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] = "doc_id",
    value: str = "share",
    drop_empty: bool = True,
    annotate: bool | None = None,
    cmap: str = "Blues",
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """A heatmap of groups (rows) by topics (columns), coloured by share, hits or rate.

    Args:
        table: a topic mix, as for :func:`plot_topic_mix`.
        by: the grouping column(s) the table was made with.
        value: ``"share"`` (shown in %), or another numeric column such as ``"per_1k"`` or
            ``"hits"`` of :func:`topic_mix`.
        drop_empty: leave out topics that are zero in every group.
        annotate: write the value in each cell (None: when there are at most 400 cells).
        cmap: a sequential matplotlib colour map.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.imshow`.

    Returns:
        The axes.
    """
    keys = _by_list(by)
    wide = _wide(table, keys, value)
    if value == "share":
        wide = wide * 100
    if drop_empty:
        wide = wide.loc[:, (wide > 0).any(axis=0)]
    n_rows, n_cols = wide.shape
    ax = get_ax(ax, figsize=(min(16, 2.5 + 0.55 * n_cols), max(2.5, 0.4 * n_rows + 2.2)))
    im = ax.imshow(
        wide.to_numpy(), aspect="auto", cmap=cmap, vmin=0, interpolation="nearest", **style
    )
    ax.set_xticks(
        np.arange(n_cols),
        [shorten(c, 30) for c in wide.columns],
        rotation=40,
        ha="right",
        fontsize=8,
    )
    ax.set_yticks(np.arange(n_rows), [shorten(g, 36) for g in wide.index], fontsize=8)
    units = {
        "share": _share_label(table),
        "per_1k": "hits per 1,000 words",
        "hits": "hits (matches)",
    }
    ax.figure.colorbar(im, ax=ax, label=units.get(value, value), shrink=0.8)
    if annotate if annotate is not None else n_rows * n_cols <= 400:
        top = float(wide.to_numpy().max()) if wide.size else 0.0
        fmt = "{:.1f}" if value == "per_1k" else "{:.0f}"
        small = 0.05 if value == "per_1k" else 0.5
        for i in range(n_rows):
            for j in range(n_cols):
                v = float(wide.iat[i, j])
                if v > 0:
                    ax.text(
                        j,
                        i,
                        fmt.format(v) if v >= small else f"<{small:g}",
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if v > 0.6 * top else "black",
                    )
    ax.set_xlabel("topic")
    ax.set_ylabel(_by_name(keys))
    ax.set_title(f"Topics by {_by_name(keys)}")
    return ax


def plot_topic_flow(
    data: Corpus | pd.DataFrame,
    doc_id: str,
    *,
    lexicon: str | Path | Mapping[str, Any] | pd.DataFrame | None = None,
    window: int = 3,
    x: str = "turn",
    top: int | None = 6,
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """The topic mix over the course of one conversation, turn by turn, as stacked blocks.

    Each turn's mix is taken over a centred window of ``window`` turns, so a topic raised
    in a question and answered in the next turn reads as one stretch: with lexicon hits,
    the window's hits are added up and shared out; with NMF shares, the window's shares
    are averaged. A turn whose window has no hits shows as a gap.

    Args:
        data: a corpus (the mix is computed with ``lexicon``), or a turn-level table: the
            output of ``topic_mix(corpus, by=["doc_id", "turn"])`` or
            ``TopicModel.turn_mix`` (turns left out of the model show as gaps).
        doc_id: the document.
        lexicon: the lexicon when ``data`` is a corpus (None: the shipped one).
        window: turns per window (1: each turn on its own).
        x: ``"turn"`` (every turn one unit wide) or ``"words"`` (every turn as wide as its
            words, so long answers take the room they took in the conversation).
        top: show the ``top - 1`` largest topics of the document and add up the rest as
            "other topics"; None shows every topic with hits.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.stackplot`.

    Returns:
        The axes.

    Raises:
        KeyError: ``doc_id`` is not in the data.
        ValueError: ``x`` is not "turn" or "words".
    """
    if x not in ("turn", "words"):
        raise ValueError(f"x must be 'turn' or 'words', got {x!r}")
    if isinstance(data, Corpus) and not getattr(data, "is_store", False):
        # only this document's turns: the same rows as in the whole table
        sub = _mix(data, _as_lexicon(lexicon), ["doc_id", "turn"], doc_id)
        docs = data.turns["doc_id"]
    else:
        table = (
            data
            if isinstance(data, pd.DataFrame)
            else topic_mix(data, lexicon, by=["doc_id", "turn"])
        )
        sub, docs = table[table["doc_id"] == doc_id], table["doc_id"]
    if sub.empty:
        raise KeyError(
            f"no turns for document {doc_id!r}; documents are: "
            + ", ".join(map(str, pd.unique(docs)))
        )
    value = "hits" if "hits" in sub.columns else "share"
    wide = _wide(sub, ["turn"], value)
    wide.index = wide.index.astype("int64")
    turns = pd.RangeIndex(int(wide.index.min()), int(wide.index.max()) + 1)
    wide = wide.reindex(turns)
    roll = wide.rolling(max(1, window), center=True, min_periods=1)
    wide = (roll.sum() if value == "hits" else roll.mean()).fillna(0.0)
    total = wide.sum(axis=1)
    shares = wide.div(total.where(total > 0), axis=0).fillna(0.0) * 100
    shares = _lump(shares.loc[:, (shares > 0).any(axis=0)], top)
    if x == "words":
        if "words" not in sub.columns:
            raise ValueError("x='words' needs a 'words' column in the table")
        width = sub.drop_duplicates("turn").set_index("turn")["words"].reindex(turns).fillna(0)
        edges = np.r_[0.0, np.cumsum(width.to_numpy(dtype=float))]
    else:
        edges = np.r_[turns.to_numpy() - 0.5, turns[-1] + 0.5]
    xs = np.column_stack([edges[:-1], edges[1:]]).ravel()
    ax = get_ax(ax, figsize=(9, 4))
    if shares.shape[1]:
        ax.stackplot(
            xs,
            np.repeat(shares.to_numpy(), 2, axis=0).T,
            labels=[shorten(c, 40) for c in shares.columns],
            colors=_colors(shares.columns),
            alpha=0.9,
            **style,
        )
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_xlim(edges[0], max(edges[-1], edges[0] + 1))
    ax.set_ylim(0, 100)
    if x == "turn":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("turn (0-based order in the conversation)")
    else:
        ax.set_xlabel("position in the conversation (words spoken so far)")
    what = "topic hits" if value == "hits" else "topic weight"
    ax.set_ylabel(
        f"share of {what} (%)\n{window}-turn window" if window > 1 else f"share of {what} (%)"
    )
    ax.set_title(f"Topic flow: {shorten(doc_id, 60)}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_n_topics(table: pd.DataFrame, *, ax: Axes | None = None, **style: Any) -> Axes:
    """The table of :func:`choose_n_topics`: error, coherence and stability against ``k``.

    Args:
        table: the output of :func:`choose_n_topics`.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.plot`.

    Returns:
        The axes, with a dashed line at the ``best`` ``k``.
    """
    ax = get_ax(ax, figsize=(7, 4))
    lines = (
        ("error", "reconstruction error (share of TF-IDF not explained)", PALETTE[5], "s"),
        ("coherence", "coherence (mean NPMI of top terms)", PALETTE[0], "o"),
        ("stability", "stability (Jaccard of top terms across samples)", PALETTE[2], "^"),
    )
    for col, label, color, marker in lines:
        ax.plot(table["k"], table[col], color=color, marker=marker, label=label, **style)
    best = table.loc[table["best"], "k"]
    if len(best):
        ax.axvline(int(best.iloc[0]), color="#666666", ls="--", lw=1, label="best k")
    ax.set_xticks(table["k"])
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("score (error and stability 0-1, NPMI -1 to 1)")
    ax.set_title("Choosing the number of topics")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
