"""One look for every chart: a colour-blind-safe palette, role colours and an axes helper."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

#: Okabe-Ito palette, safe for the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A fixed colour per role, so questions and answers look the same in every chart.
ROLE_COLORS = {
    "question": "#E69F00",
    "answer": "#0072B2",
    "statement": "#56B4E9",
    "moderator": "#999999",
    "narration": "#009E73",
}


def color_for(i: int) -> str:
    """The ``i``-th colour of :data:`PALETTE` (cycling)."""
    return PALETTE[i % len(PALETTE)]


def get_ax(
    ax: Axes | None = None, *, figsize: tuple[float, float] = (8, 4.5), **kwargs: Any
) -> Axes:
    """``ax`` itself, or the axes of a new figure of ``figsize`` inches when ``ax`` is None."""
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=figsize, layout="constrained", **kwargs)
    return new


def shorten(text: str, width: int = 30) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for axis labels.

    >>> shorten("2023-07-11_blinken_nbc-today_interview", 20)
    '2023-07-11_blinken_…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"
