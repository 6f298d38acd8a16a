"""Charts of the tables :mod:`analysis.phrases` computes (quanteda's ``textplot_*`` to its
``textstat_*``): each takes a table and ``ax=``, and returns the axes.

>>> from analysis import parse_text, phrases
>>> c = parse_text("MS. LEE:  Swift and severe.  Q  Swift?")
>>> plot_track(phrases.track(c, ["swift"], by="role"), by="role").get_ylabel()
'occurrences per 10,000 words'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .style import PALETTE, ROLE_COLORS, get_ax, note_empty, shorten


def plot_track(
    table: pd.DataFrame, *, by: str = "doc_id", ax: Axes | None = None, **style: Any
) -> Axes:
    """Grouped bars of a :func:`~analysis.phrases.track` table: rate per 10,000 words of
    each phrase, per value of ``by`` (summed over the table's other groups)."""
    g = table.groupby([by, "phrase"], sort=False)[["count", "words"]].sum()
    words = (
        table.drop_duplicates([c for c in table.columns if c not in ("phrase", "count", "per_10k")])
        .groupby(by, sort=False)["words"]
        .sum()
    )
    rate = (g["count"] / words.reindex(g.index.get_level_values(0)).to_numpy() * 10_000).unstack(
        "phrase"
    )
    rate = rate[list(dict.fromkeys(table["phrase"]))]
    ax = get_ax(ax, figsize=(8, 4.2))
    groups, phrases = list(rate.index), list(rate.columns)
    width = 0.8 / max(1, len(phrases))
    for k, ph in enumerate(phrases):
        x = np.arange(len(groups)) + (k - (len(phrases) - 1) / 2) * width
        ax.bar(
            x, rate[ph].to_numpy(), width=width, color=PALETTE[k % len(PALETTE)], label=ph, **style
        )
    ax.set_xticks(
        np.arange(len(groups)),
        [shorten(str(v), 30) for v in groups],
        rotation=20 if len(groups) > 2 else 0,
        ha="right" if len(groups) > 2 else "center",
        fontsize=8,
    )
    ax.set_ylabel("occurrences per 10,000 words")
    ax.set_title(f"Phrase rates by {by}")
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_trends(table: pd.DataFrame, *, ax: Axes | None = None, **style: Any) -> Axes:
    """Lines of a :func:`~analysis.phrases.track_over_time` table: rate per 10,000 words
    per period."""
    ax = get_ax(ax, figsize=(8, 4))
    for k, (ph, sub) in enumerate(table.groupby("phrase", sort=False)):
        ax.plot(
            sub["period"],
            sub["per_10k"],
            marker="o",
            color=PALETTE[k % len(PALETTE)],
            label=ph,
            **style,
        )
    ax.set_ylabel("occurrences per 10,000 words")
    ax.set_xlabel("period")
    ax.set_title("Phrase rates over time")
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_dispersion(
    table: pd.DataFrame, *, top: int = 20, ax: Axes | None = None, **style: Any
) -> Axes:
    """A lexical dispersion plot of a :func:`~analysis.phrases.dispersion` table: one row
    per document and phrase, a tick where the phrase occurs (position through the document,
    0 to 1). Only the ``top`` rows with the most occurrences are drawn (the title says so
    when rows are left out), in the table's order."""
    keys = list(dict.fromkeys(zip(table["doc_id"], table["phrase"], strict=True)))
    n_keys = len(keys)
    if n_keys > top:
        size = table.groupby(["doc_id", "phrase"], sort=False).size()
        best = set(size.sort_values(ascending=False, kind="stable").index[:top])
        keys = [k for k in keys if k in best]
    ax = get_ax(ax, figsize=(8, max(2.0, 0.35 * len(keys) + 1)))
    phrases = list(dict.fromkeys(table["phrase"]))
    for y, (doc, ph) in enumerate(reversed(keys)):
        sub = table[(table["doc_id"] == doc) & (table["phrase"] == ph)]
        ax.scatter(
            sub["position"],
            [y] * len(sub),
            marker="|",
            s=250,
            color=PALETTE[phrases.index(ph) % len(PALETTE)],
            **style,
        )
    ax.set_yticks(
        range(len(keys)), [f"{shorten(d, 28)} · {p}" for d, p in reversed(keys)], fontsize=8
    )
    ax.set_xlim(0, 1)
    ax.set_xlabel("position in the document (share of its words)")
    ax.set_title(
        "Lexical dispersion"
        + (f": the {len(keys)} of {n_keys} rows with the most uses" if n_keys > len(keys) else "")
    )
    if not keys:
        note_empty(ax, "none of the phrases occurs")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_keyness(
    table: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    target_label: str = "target",
    reference_label: str = "reference",
    **style: Any,
) -> Axes:
    """Diverging bars of a :func:`~analysis.phrases.keyness` table: the ``top`` n-grams
    most characteristic of the target (right) and of the reference (left), by signed
    log-likelihood."""
    if table.empty:
        ax = get_ax(ax, figsize=(7, 2.5))
        note_empty(ax, "nothing to compare")
        return ax
    pos = table[table["g2"] > 0].head(top)
    neg = table[table["g2"] < 0].sort_values("g2").head(top)
    t = pd.concat([neg.iloc[::-1], pos.iloc[::-1]])
    ax = get_ax(ax, figsize=(7, max(3, 0.25 * len(t) + 1)))
    colors = [ROLE_COLORS["question"] if g > 0 else ROLE_COLORS["answer"] for g in t["g2"]]
    ax.barh(range(len(t)), t["g2"], color=colors, **style)
    ax.set_yticks(range(len(t)), t["ngram"], fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"log-likelihood G² (→ {target_label}, ← {reference_label})")
    ax.set_title(f"Keyness: {target_label} against {reference_label}")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
