"""One look for every chart: a colour-blind-safe palette, role colours and an axes helper."""

from __future__ import annotations

import html
import re
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
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


def draw_once() -> None:
    """In a notebook, draw each chart once, when the cell that made it ends.

    By default, after each cell pyplot redraws every figure the cell changed, and then the
    inline backend draws it again into its PNG, cropped to the tight bounding box of
    everything on it. The charts here are laid out by constrained layout (:func:`get_ax`),
    which already fits everything inside the figure, so the first draw and the bounding box
    only cost time (a fifth to a third of a notebook's run). This turns both off, and lays out
    the figures a reader makes in the notebook the same way, so that nothing of theirs is cut
    off either; outside IPython's inline backend it does nothing.
    """
    from IPython import get_ipython  # comes with the notebooks' kernel

    ip = get_ipython()
    backend = matplotlib.get_backend()
    if ip is None or "inline" not in backend:
        return
    # loading the backend (else done by the first figure) registers the hooks changed here
    plt.switch_backend(backend)
    ip.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")
    plt.uninstall_repl_displayhook()
    matplotlib.rcParams["figure.constrained_layout.use"] = True


def note_empty(ax: Axes, text: str) -> Axes:
    """Write ``text`` in the middle of ``ax``: a chart with nothing to draw says why."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#666666")
    return ax


def shorten(text: str, width: int = 30) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, for axis labels.

    >>> shorten("2023-07-11_blinken_nbc-today_interview", 20)
    '2023-07-11_blinken_…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


# -- tables on a page ----------------------------------------------------------------------

#: Inline style of a table cell: long text wraps inside a bounded column instead of
#: stretching the table past the page.
_CELL = "white-space:normal;word-break:break-word;max-width:32em;text-align:left"


def number(x: float) -> str:
    """A float as a reader wants it in a table: whole numbers from 100 up with thousands
    separators, smaller ones to three significant digits, never in scientific notation.

    >>> number(1812.4), number(45.678), number(0.12345), number(0.0)
    ('1,812', '45.7', '0.123', '0')
    """
    if x != x:  # NaN
        return ""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    text = f"{x:.3g}"
    return text if "e" not in text else f"{x:.6f}".rstrip("0").rstrip(".")


def wrapped_html(df: pd.DataFrame, *, index: bool = True) -> str:
    """``df`` as an HTML table (every value escaped) whose long text cells wrap and whose
    floats read as :func:`number` writes them.

    Example:
        >>> "max-width:32em" in wrapped_html(pd.DataFrame({"a": ["<b>"]}))
        True
        >>> "&lt;b&gt;" in wrapped_html(pd.DataFrame({"a": ["<b>"]}))
        True
        >>> "1,812" in wrapped_html(pd.DataFrame({"a": [1812.4]}))
        True
    """
    body = df.to_html(
        index=index, escape=True, border=0, classes="dataframe", na_rep="", float_format=number
    )
    return (
        '<div style="max-width:100%;overflow-x:auto">'
        + re.sub(r"<td>", f'<td style="{_CELL}">', body)
        + "</div>"
    )


class Head:
    """The first rows of a table, with a line saying how many more there are and where
    they all are. Shows itself in Jupyter as a wrapped HTML table and the line.

    Attributes:
        frame: the rows shown.
        total: rows of the whole table.
        note: the line under the table ('' when every row is shown).
    """

    def __init__(self, frame: pd.DataFrame, total: int, note: str, *, index: bool) -> None:
        self.frame, self.total, self.note, self._index = frame, total, note, index

    def _repr_html_(self) -> str:
        note = f"<p><em>{html.escape(self.note)}</em></p>" if self.note else ""
        return wrapped_html(self.frame, index=self._index) + note

    def __repr__(self) -> str:
        return repr(self.frame) + (f"\n{self.note}" if self.note else "")


def head(
    df: pd.DataFrame,
    n: int = 10,
    *,
    table: str | None = None,
    call: str | None = None,
    index: bool = False,
) -> Head:
    """The first ``n`` rows of ``df``, with a line saying how many more there are and which
    file of the report's ``tables/`` holds them all (``table``), or which call returns them
    (``call``).

    Example:
        >>> h = head(pd.DataFrame({"a": range(25)}), 10, table="turns")
        >>> len(h.frame), h.note
        (10, '… and 15 more rows, 25 in all: every row is in tables/turns.csv.')
        >>> head(pd.DataFrame({"a": range(3)}), 10).note
        ''
    """
    total = len(df)
    if total <= n:
        return Head(df, total, "", index=index)
    more = total - n
    where = (
        f"every row is in tables/{table}.csv"
        if table
        else f"{call} returns them all"
        if call
        else "the rest are not shown"
    )
    note = f"… and {more:,} more row{'s' * (more != 1)}, {total:,} in all: {where}."
    return Head(df.head(n), total, note, index=index)
