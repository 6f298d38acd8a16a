"""The report: every notebook executed on a folder of transcripts, as browsable HTML pages.

:func:`build_report` loads the folder once (for the summary and the exported tables), then
runs each ``notebooks/NN_*.ipynb`` on it the way papermill does: a cell setting ``DATA`` (and
any other parameters) is inserted after the cell tagged ``parameters``, and the notebook runs
in a fresh kernel of the current Python, from the notebooks folder so relative paths work.
Each executed notebook becomes one HTML page: charts embedded, code hidden behind a "Show
code" switch (CSS only: no script, nothing fetched from the network), links to the index and
to the previous and next analysis. A notebook that stops with an error still gets its page,
with everything up to the error and a note saying where it stopped; the other notebooks run.

Example:
    >>> from analysis.report import build_report
    >>> result = build_report("data/raw", "reports")  # doctest: +SKIP
    >>> result.index  # doctest: +SKIP
    PosixPath('reports/index.html')
"""

from __future__ import annotations

import copy
import fnmatch
import html
import os
import re
import subprocess
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import papermill
import pyarrow as pa
import pyarrow.csv as pa_csv
from jinja2 import DictLoader
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from papermill.execute import remove_error_markers
from traitlets import default

from . import __version__
from .corpus import Corpus
from .load import EXTENSIONS, _paths, load_corpus
from .schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

#: What each exported table holds (one line, for the index page).
TABLE_NOTES = {
    "documents": "one row per file: title, date, kind, outlet, text",
    "turns": "one row per speaker turn: speaker, role, words",
    "qa": "one row per question, with the turns that answer it",
    "sentences": "one row per sentence",
    "tokens": "one row per spoken word",
    "quotes": "one row per quotation in a news article",
    "segments": "where every character of every document went",
    "problems": "what could not be read, and why",
}

_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
_ACCENT = "#0072B2"  # analysis.style's blue

# the index page
_INDEX_CSS = f"""
* {{ box-sizing: border-box; }}
body {{ font: 15px/1.55 {_FONT}; color: #1d2733; background: #fff; max-width: 1000px;
       margin: 0 auto; padding: 2.2em 1.4em 3em; }}
a {{ color: {_ACCENT}; }}
header {{ border-bottom: 3px solid {_ACCENT}; padding-bottom: .9em; margin-bottom: 1.2em; }}
h1 {{ font-size: 1.9em; margin: 0 0 .15em; letter-spacing: -.01em; }}
h2 {{ font-size: 1.2em; margin: 2em 0 .6em; padding-bottom: .25em;
      border-bottom: 1px solid #dde3ea; }}
.sub {{ color: #4b5b6b; margin: .1em 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(125px, 1fr));
          gap: .7em; margin: 1.3em 0; }}
.card {{ background: #f3f6f9; border-radius: 8px; padding: .65em .9em; color: #3b4a5a; }}
.card b {{ display: block; font-size: 1.55em; color: {_ACCENT};
          font-variant-numeric: tabular-nums; }}
ul.pages {{ list-style: none; padding: 0; margin: 0; }}
ul.pages li {{ padding: .75em 0; border-bottom: 1px solid #eef1f4; }}
ul.pages li:last-child {{ border-bottom: 0; }}
ul.pages a.title {{ font-weight: 600; text-decoration: none; font-size: 1.1em; }}
ul.pages a.title:hover {{ text-decoration: underline; }}
ul.pages p {{ margin: .2em 0 0; color: #3b4a5a; }}
.meta {{ font-size: .83em; color: #7a8a9a; margin-top: .25em; }}
.meta a {{ color: #7a8a9a; }}
.failed {{ color: #b03a00; font-weight: 600; }}
.scroll {{ overflow-x: auto; }}
table {{ border-collapse: collapse; font-size: .85em; width: 100%; }}
th, td {{ border-bottom: 1px solid #dde3ea; padding: .4em .6em; text-align: left;
          vertical-align: top; }}
th {{ background: #f3f6f9; font-weight: 600; white-space: nowrap; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
td.id {{ font-size: .92em; color: #3b4a5a; min-width: 12em; }}
details > summary {{ cursor: pointer; color: {_ACCENT}; margin: .5em 0; }}
footer {{ margin-top: 3em; padding-top: .8em; border-top: 1px solid #dde3ea; color: #7a8a9a;
          font-size: .85em; }}
@media print {{ body {{ max-width: none; }} }}
"""

# added to nbconvert's JupyterLab styles on every notebook page
_PAGE_CSS = f"""
body.jp-Notebook {{ font-family: {_FONT}; background: #fff; padding: 0; margin: 0;
  --jp-content-font-family: {_FONT}; --jp-ui-font-family: {_FONT};
  --jp-content-link-color: {_ACCENT}; }}
main {{ max-width: 1240px; margin: 0 auto; padding: 1.2em 1.4em 3em; }}
.jp-MarkdownCell .jp-RenderedMarkdown {{ display: block; max-width: 58em; }}  /* prose */
nav.report {{ position: sticky; top: 0; z-index: 10; background: #f3f6f9;
  border-bottom: 1px solid #dde3ea; font: 14px/1.4 {_FONT}; }}
nav.report .bar {{ max-width: 1240px; margin: 0 auto; padding: .55em 1.4em; display: flex;
  gap: 1.2em; align-items: center; flex-wrap: wrap; }}
nav.report a {{ color: {_ACCENT}; text-decoration: none; }}
nav.report a:hover {{ text-decoration: underline; }}
nav.report .here {{ color: #4b5b6b; flex: 1; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }}
nav.report label {{ cursor: pointer; color: {_ACCENT}; user-select: none;
  border: 1px solid #b8c6d4; border-radius: 4px; padding: .1em .6em; background: #fff; }}
#show-code {{ position: absolute; opacity: 0; pointer-events: none; }}
#show-code:focus-visible ~ nav.report label {{ outline: 2px solid {_ACCENT}; }}
nav.report label::after {{ content: "Show code"; }}
#show-code:checked ~ nav.report label::after {{ content: "Hide code"; }}
#show-code:not(:checked) ~ main .jp-CodeCell .jp-Cell-inputWrapper,
#show-code:not(:checked) ~ main .jp-CodeCell.jp-mod-noOutputs {{ display: none; }}
.jp-Cell {{ padding-left: 0; padding-right: 0; }}
.jp-OutputArea-output {{ overflow-x: auto; }}
.jp-RenderedHTMLCommon table {{ font-size: 12.5px; }}
main .jp-OutputArea-output table.dataframe td,
main .jp-OutputArea-output table.dataframe th {{ text-align: left; vertical-align: top;
  font-variant-numeric: tabular-nums; white-space: nowrap; }}
/* a wide table wraps its text cells to fit the page; one still too wide scrolls sideways */
main .jp-OutputArea-output table.dataframe td {{ white-space: normal; min-width: 6em;
  max-width: 36em; }}
.jp-RenderedHTMLCommon h1 {{ border-bottom: 3px solid {_ACCENT}; padding-bottom: .3em; }}
.jp-RenderedImage img {{ max-width: 100%; height: auto; }}
.report-error {{ background: #fff4ec; border-left: 4px solid #d55e00; padding: .7em 1em;
  margin: 1em 0; font: 14px/1.5 {_FONT}; }}
.report-error code {{ white-space: pre-wrap; }}
.report-source {{ color: #555; font-size: .9em; }}
nav.pager {{ display: flex; justify-content: space-between; gap: 1em; margin-top: 3em;
  padding-top: .8em; border-top: 1px solid #dde3ea; font: 14px/1.4 {_FONT}; }}
nav.pager a {{ color: {_ACCENT}; text-decoration: none; }}
@media print {{ nav.report, nav.pager {{ display: none; }} }}
"""

# nbconvert's JupyterLab template without its scripts (require.js, MathJax and mermaid.js
# come from a CDN) and with the report's navigation and code switch
_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">{{ resources.report.css }}</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{%- set r = resources.report -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
<input type="checkbox" id="show-code" aria-label="show code">
<nav class="report"><div class="bar">
<a href="index.html">&larr; All analyses</a>
<span class="here">{{ r.title | e }}</span>
{%- if r.prev %}
<a href="{{ r.prev[0] | e }}" title="{{ r.prev[1] | e }}">&lsaquo; Previous</a>
{%- endif %}
{%- if r.next %}
<a href="{{ r.next[0] | e }}" title="{{ r.next[1] | e }}">Next &rsaquo;</a>
{%- endif %}
<label for="show-code"></label>
</div></nav>
<main>
{%- if r.error %}
<div class="report-error"><b>This analysis stopped with an error</b> on {{ r.data | e }}.
Everything up to that point is shown below; the error is at the end.<br>
<code>{{ r.error | e }}</code></div>
{%- endif %}
<p class="report-source">Computed from <code>{{ r.data | e }}</code>: every table, chart and
finding on this page describes that folder.</p>
{%- endblock body_header -%}
{%- block body_footer -%}
{%- set r = resources.report -%}
<nav class="pager">
<span>{% if r.prev %}<a href="{{ r.prev[0]|e }}">&lsaquo; {{ r.prev[1] | e }}</a>{% endif %}</span>
<a href="index.html">All analyses</a>
<span>{% if r.next %}<a href="{{ r.next[0]|e }}">{{ r.next[1] | e }} &rsaquo;</a>{% endif %}</span>
</nav>
</main>
</body>
{%- endblock body_footer -%}
"""


@dataclass(frozen=True)
class Page:
    """One executed notebook of the report.

    Attributes:
        notebook: the notebook that was run.
        html: the page written for it.
        title: the notebook's first heading.
        blurb: the first sentence of its introduction.
        seconds: how long it ran.
        error: ``None`` when every cell ran; else a one-line account of the error.
    """

    notebook: Path
    html: Path
    title: str
    blurb: str
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class Report:
    """What :func:`build_report` wrote.

    Attributes:
        index: the report's ``index.html``.
        pages: one :class:`Page` per notebook, in order.
        tables: the folder with every table as CSV and Parquet.
    """

    index: Path
    pages: tuple[Page, ...]
    tables: Path

    @property
    def failed(self) -> tuple[Page, ...]:
        """The pages whose notebook stopped with an error."""
        return tuple(p for p in self.pages if p.error is not None)


class _NativeKernelManager(AsyncKernelManager):
    """A kernel of the Python running the report, whatever kernels the user has installed,
    started in ``notebook_dir`` (set per notebook by :func:`run_notebook`) when given."""

    notebook_dir: str | None = None

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[], ensure_native_kernel=True)

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        # the kernel's own log lines (e.g. ipykernel's TCP notice) are not the reader's
        # business; errors in cells come back through the notebook, not through stderr
        kw.setdefault("stderr", subprocess.DEVNULL)
        if self.notebook_dir is not None:
            kw.setdefault("cwd", self.notebook_dir)
        await super()._async_start_kernel(**kw)


#: One thread for the numeric libraries: with notebooks running side by side, every core
#: already has a kernel, and BLAS threads waiting for a core cost more than they save (NMF
#: in notebook 04 ran twice as fast with one). Their results do not depend on it.
_ONE_THREAD = {v: "1" for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


class _SideBySideKernelManager(_NativeKernelManager):
    """A native kernel whose numeric libraries use one thread (see :data:`_ONE_THREAD`)."""

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        kw["env"] = {**kw.get("env", os.environ), **_ONE_THREAD}
        await super().start_kernel(**kw)


def notebooks(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The report's notebooks, in order (``NN_name.ipynb``), without those whose metadata
    says ``"analysis": {"report": false}`` (a notebook that shows a tool, such as the store,
    rather than analysing the folder).

    Raises:
        FileNotFoundError: the folder has no such notebooks.
    """
    found = [
        p
        for p in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))
        if nbformat.read(p, as_version=4).metadata.get("analysis", {}).get("report", True)
    ]
    if not found:
        raise FileNotFoundError(
            f"{folder}: no notebooks (NN_name.ipynb) to run; the report needs the "
            "project's notebooks folder (pass notebooks_dir, or --notebooks on the command line)"
        )
    return found


def _long_running(nb: nbformat.NotebookNode) -> bool:
    return bool(nb.metadata.get("report", {}).get("long_running", False))


def _has_parameters_cell(nb: nbformat.NotebookNode) -> bool:
    return any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells)


#: Per-run timestamps papermill records; dropped (and the injected cell's random id fixed) so
#: that the same folder gives the same files.
_TIMES = ("start_time", "end_time", "duration")


#: Seconds a notebook's kernel may take to start: papermill's 60 s default was too few on a
#: 2-core machine whose suite ran slow (a report test stopped with "Kernel didn't respond in
#: 60 seconds" once in this session's ten runs).
KERNEL_START_TIMEOUT = 300


def _without_timestamps(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for key in _TIMES:
        nb.metadata.get("papermill", {}).pop(key, None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []) and "id" in cell:
            cell["id"] = "injected-parameters"  # papermill draws a random one
        for key in _TIMES:
            cell.metadata.get("papermill", {}).pop(key, None)
    return nb


def run_notebook(
    path: str | Path,
    params: Mapping[str, object],
    output: str | Path,
    *,
    timeout: int = 600,
    side_by_side: bool = False,
) -> tuple[nbformat.NotebookNode, str | None]:
    """Run the notebook at ``path`` with papermill, ``params`` injected, and save it to ``output``.

    Papermill inserts a cell tagged ``injected-parameters`` after the cell tagged
    ``parameters`` and records the values in the notebook's ``metadata.papermill.parameters``.
    The kernel is the current Python's, started in the notebook's folder so its relative
    paths work (this process's working directory is left alone); outputs stored in the
    notebook are cleared first. Execution stops at the first cell that raises. Run
    timestamps are left out of the saved notebook.

    Args:
        path: the ``.ipynb`` file (not changed).
        params: parameter values, e.g. ``{"DATA": "/abs/folder"}``.
        output: where the executed notebook is written (also when it stops with an error).
        timeout: seconds any one cell may run.
        side_by_side: other notebooks run at the same time, so the kernel's numeric
            libraries get one thread each.

    Returns:
        The executed notebook (with outputs up to the error, if there was one) and ``None``,
        or a one-line description of the error (``"cell 12: KeyError: ..."``).

    Raises:
        ValueError: the notebook has no cell tagged ``parameters`` (papermill would put the
            values first, where the notebook's own defaults would override them).
    """
    path, output = Path(path).resolve(), Path(output).resolve()
    source = nbformat.read(path, as_version=4)
    if not _has_parameters_cell(source):
        raise ValueError(
            f"{path.name}: no cell tagged 'parameters' (the notebook cannot be given a folder)"
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)  # an earlier report's notebook is no account of this run
    # the kernel, not this process, starts in the notebook's folder: papermill's cwd= would
    # chdir the whole process, which notebooks running side by side (threads) then race on
    manager = type(
        "_Kernel",
        (_SideBySideKernelManager if side_by_side else _NativeKernelManager,),
        {"notebook_dir": str(path.parent)},
    )
    error: str | None = None
    try:
        nb = papermill.execute_notebook(
            str(path),
            str(output),
            parameters=dict(params),
            kernel_name="python3",
            language="python",  # notebooks written by hand may not say
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            start_timeout=KERNEL_START_TIMEOUT,
            kernel_manager_class=manager,
        )
    except PapermillExecutionError as err:
        error = f"{err.ename}: {_first_line(err.evalue)}"
    except CellTimeoutError:
        error = f"a cell ran longer than {timeout} s"
    except DeadKernelError as err:
        error = f"the kernel died ({_first_line(str(err))})"
    except Exception as err:  # the kernel could not start, a file could not be written, ...
        error = f"{type(err).__name__}: {_first_line(str(err))}"
    if error is not None:
        # papermill saved the notebook up to the failing cell (with its own error banners,
        # which the page replaces); a run that never started leaves the bare notebook
        nb = nbformat.read(output, as_version=4) if output.is_file() else source
        nb = remove_error_markers(nb)
        if _stopped_at(nb) is None:  # nothing ran: no stored output may pass for this run's
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
        error = _failed_cell(nb) + error
    nbformat.write(_without_timestamps(nb), output)
    return nb, error


def _first_line(text: str, width: int = 300) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def _stopped_at(nb: nbformat.NotebookNode) -> int | None:
    """Index of the cell a failed run stopped at: the first with an error output, else (a
    timeout, a dead kernel) the last cell that started; None when no cell ran."""
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    for i, cell in code:
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    # papermill marks each cell it starts (a cell that killed its kernel may have no count)
    status = [c.get("metadata", {}).get("papermill", {}).get("status") for _, c in code]
    started = [i for (i, c), st in zip(code, status, strict=True) if st not in (None, "pending")]
    started = started or [i for i, c in code if c.get("execution_count")]
    return started[-1] if started else None


def _failed_cell(nb: nbformat.NotebookNode) -> str:
    """'cell N: ' for the cell a failed run stopped at (N counts code cells, from 1)."""
    at = _stopped_at(nb)
    if at is None:
        return ""
    return f"cell {sum(c.cell_type == 'code' for c in nb.cells[: at + 1])}: "


def describe(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """Title (the first heading) and first sentence of a notebook's opening markdown.

    Markdown links keep their text, code and emphasis marks are dropped.

    Example:
        >>> nb = nbformat.v4.new_notebook()
        >>> nb.cells = [nbformat.v4.new_markdown_cell("# 01 · Overview\\n\\nWhat `x` is. More.")]
        >>> describe(nb)
        ('01 · Overview', 'What x is.')
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [ln.strip() for ln in cell.source.splitlines()]
            title = next((ln.lstrip("# ").strip() for ln in lines if ln.startswith("#")), "")
            paras = " ".join(ln if ln else "\n" for ln in lines if not ln.startswith("#"))
            body = next((p.strip() for p in paras.split("\n") if p.strip()), "")
            first = re.split(r"(?<=[.?!])\s", body, maxsplit=1)[0] if body else ""
            first = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)
            return title, re.sub(r"[`*_]", "", first)
    return "", ""


def _exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name="lab",
        template_file="report.html.j2",
        extra_loaders=[DictLoader({"report.html.j2": _TEMPLATE})],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,  # images a markdown cell links to travel inside the page
    )


def _documents_html(corpus: Corpus) -> str:
    s = corpus.summary()
    titles = corpus.documents.set_index("doc_id")["title"]  # the summary's are cut at 60
    head = (
        "<th>document</th><th>title</th><th>kind</th><th>date</th>"
        + "".join(f'<th class="num">{h}</th>' for h in ("turns", "questions", "speakers", "words"))
        + '<th class="num">problems</th>'
    )
    rows = []
    for r in s.itertuples(index=False):
        d = "" if pd.isna(r.date) else r.date.date().isoformat()
        nums = (r.turns, r.questions, r.speakers, r.words, r.problems)
        rows.append(
            f'<tr><td class="id">{html.escape(str(r.doc_id))}</td>'
            f"<td>{html.escape(str(titles.get(r.doc_id, r.title)))}</td>"
            f"<td>{html.escape(str(r.kind))}</td>"
            f'<td class="num">{d}</td>'
            + "".join(f'<td class="num">{int(n):,}</td>' for n in nums)
            + "</tr>"
        )
    table = (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    if len(s) > 25:  # a long list stays out of the way until asked for
        return f"<details><summary>Show all {len(s):,} documents</summary>{table}</details>"
    return table


def _tables_html(corpus: Corpus) -> str:
    rows = "".join(
        f"<tr><td><b>{name}</b></td><td>{html.escape(TABLE_NOTES.get(name, ''))}</td>"
        f'<td class="num">{len(df):,}</td>'
        f'<td><a href="tables/{name}.csv">CSV</a> · <a href="tables/{name}.parquet">Parquet</a>'
        "</td></tr>"
        for name, df in corpus.tables().items()
    )
    return (
        '<div class="scroll"><table><thead><tr><th>table</th><th>what a row is</th>'
        f'<th class="num">rows</th><th>files</th></tr></thead><tbody>{rows}</tbody>'
        "</table></div>"
    )


def _pages_html(pages: list[Page]) -> str:
    items = []
    for p in pages:
        if p.error is None:
            status = f"ran in {p.seconds:.0f} s"
        else:
            status = f'<span class="failed">stopped with an error</span>: {html.escape(p.error)}'
        items.append(
            f'<li><a class="title" href="{html.escape(p.html.name)}">{html.escape(p.title)}</a>'
            f"<p>{html.escape(p.blurb)}</p>"
            f'<div class="meta">{status} · <a href="notebooks/{html.escape(p.notebook.name)}">'
            "executed notebook</a></div></li>"
        )
    return f'<ul class="pages">{"".join(items)}</ul>'


def _index_html(corpus: Corpus, pages: list[Page], *, data: str, title: str, made: date) -> str:
    d = corpus.documents
    dates = d["date"].dropna()
    if len(dates) and dates.min() != dates.max():
        span = f"{dates.min():%-d %B %Y} to {dates.max():%-d %B %Y}"
    elif len(dates):
        span = f"{dates.min():%-d %B %Y}"
    else:
        span = "undated"
    if len(dates) < len(d) and len(dates):
        span += f" ({len(d) - len(dates):,} undated)"
    kinds = d["kind"].replace("", "unknown kind").value_counts()
    kinds_text = ", ".join(f"{n:,} {k}" for k, n in sorted(kinds.items(), key=lambda t: -t[1]))
    cards = [
        (len(d), "documents"),
        (len(corpus.turns), "speaker turns"),
        (len(corpus.qa), "questions"),
        (len(corpus.tokens), "spoken words"),
        (len(corpus.quotes), "news quotes"),
        (len(corpus.problems), "problems"),
    ]
    card_html = "".join(
        f'<div class="card"><b>{n:,}</b>{html.escape(label)}</div>' for n, label in cards
    )
    failed = [p for p in pages if p.error is not None]
    warning = (
        f'<p class="failed">{len(failed)} of {len(pages)} analyses stopped with an error on '
        "this folder; their pages show how far they got.</p>"
        if failed
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_INDEX_CSS}</style></head><body>
<header>
<h1>{html.escape(title)}</h1>
<p class="sub">{len(d):,} documents from <code>{html.escape(data)}</code>, {html.escape(span)}</p>
<p class="sub">{html.escape(kinds_text)}</p>
</header>
<div class="cards">{card_html}</div>
<h2>Analyses</h2>
{warning}{_pages_html(pages)}
<h2>Documents</h2>
{_documents_html(corpus)}
<h2>Tables</h2>
<p>Every table the analyses start from, as CSV (for a spreadsheet) and Parquet (for pandas,
R or DuckDB). They join on <code>doc_id</code>, <code>turn</code>, <code>sent</code> and
<code>token</code>.</p>
{_tables_html(corpus)}
<footer>Made with transcript-analysis {html.escape(__version__)} on {made:%-d %B %Y}.
The pages open offline: charts are embedded, and nothing is fetched from the network.</footer>
</body></html>
"""


def save_tables(corpus: Corpus, folder: str | Path) -> Path:
    """Every table of ``corpus`` as Parquet and CSV in ``folder``, as :meth:`Corpus.save`
    writes them, the CSV written by Arrow (several times faster on a large corpus).

    The CSV cells read back as pandas writes them (``True``/``False``, dates as
    ``2022-01-04``, ``qa.answer_turns`` as space-separated turn numbers); Arrow quotes every
    string, pandas only those that need it.

    Example:
        >>> from analysis import parse_text
        >>> import tempfile
        >>> c = parse_text("Q  Why?\\n\\nMS. LEE:  Because.", doc_id="d")
        >>> back = Corpus.read(save_tables(c, tempfile.mkdtemp()))
        >>> back.qa["answer_turns"].tolist()
        [(1,)]
    """
    out = corpus.save(folder, formats=("parquet",))
    for name, df in corpus.tables().items():
        cells = {}
        for col in df.columns:
            s = df[col]
            if name == "qa" and col == "answer_turns":
                s = s.map(lambda t: " ".join(map(str, t)))
            elif s.dtype == bool:
                s = s.map({True: "True", False: "False"})
            elif isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(s):
                midnight = s.dropna().dt.normalize().eq(s.dropna()).all()
                s = s.dt.strftime("%Y-%m-%d" if midnight else "%Y-%m-%d %H:%M:%S")
            cells[col] = s
        table = pa.Table.from_pandas(pd.DataFrame(cells), preserve_index=False)
        pa_csv.write_csv(table, out / f"{name}.csv")
    return out


def _planned(out: Path, notebook_names: list[str]) -> list[Path]:
    """Every file a report to ``out`` writes."""
    files = [out / "index.html"]
    files += [out / f"{Path(n).stem}.html" for n in notebook_names]
    files += [out / "notebooks" / n for n in notebook_names]
    files += [out / "tables" / f"{t}.{fmt}" for t in TABLES for fmt in ("csv", "parquet")]
    return [f.resolve() for f in files]


def _glob_matches(pattern: str, path: Path) -> bool:
    """Whether ``glob.glob(pattern, recursive=True)`` would list ``path`` (were it there)."""
    pat = Path(os.path.abspath(os.path.expanduser(pattern))).parts
    parts = path.parts

    def match(i: int, j: int) -> bool:
        if i == len(pat):
            return j == len(parts)
        if pat[i] == "**":  # any number of folders, none included
            return any(match(i + 1, k) for k in range(j, len(parts) + 1))
        return j < len(parts) and fnmatch.fnmatchcase(parts[j], pat[i]) and match(i + 1, j + 1)

    return match(0, 0)


def check_output(data: str | Path, out: str | Path, notebook_names: list[str]) -> None:
    """Refuse an output folder whose report would overwrite ``data`` or be read back from it.

    A report written inside the folder it reads (or into it) would be loaded as documents
    the next time the folder is read (its pages are ``.html``); and none of the report's files
    may replace a file being read. A glob or a single file only protects what it matches.

    Raises:
        ValueError: one line saying which and why.

    """
    src, dest = Path(data).expanduser(), Path(out).expanduser()
    magic = isinstance(data, str) and any(ch in data for ch in "*?[")
    if not src.exists() and not magic:
        return  # nothing to protect; loading says what is missing
    planned = _planned(dest, notebook_names)
    if src.is_dir():
        root = src.resolve()
        if dest.resolve() == root or root in dest.resolve().parents:
            raise ValueError(
                f"--out {out} is inside the input folder {data}: the report's pages would be "
                f"read as documents the next time; write it outside {data}"
            )
        if hit := next((f for f in planned if root in f.parents), None):
            raise ValueError(f"--out {out} would write {hit} into the input folder {data}")
        return
    try:
        inputs = {p.resolve() for p in _paths(str(data))[0]}
    except FileNotFoundError:
        inputs = set()
    if hit := next((f for f in planned if f in inputs), None):
        raise ValueError(f"--out {out} would overwrite the input file {hit}; write it elsewhere")
    if magic:
        loadable = [f for f in planned if f.suffix.lower() in EXTENSIONS]
        if hit := next((f for f in loadable if _glob_matches(str(data), f)), None):
            raise ValueError(
                f"--out {out}: its page {hit.name} matches {data} and would be read as a "
                "document the next time; write the report elsewhere"
            )


def build_report(
    data: str | Path,
    out: str | Path,
    *,
    notebooks_dir: str | Path | None = None,
    params: Mapping[str, object] | None = None,
    timeout: int = 600,
    corpus: Corpus | None = None,
    title: str = "Transcript analysis",
    progress: bool = False,
    jobs: int = 2,
) -> Report:
    """Execute every notebook on ``data`` and write a browsable report to ``out``.

    Writes ``index.html`` (corpus summary and a link to each analysis), one ``NN_name.html``
    page per notebook (charts embedded, code hidden behind a "Show code" switch), the
    executed notebooks in ``notebooks/`` and every table of the corpus in ``tables/`` as CSV
    and Parquet. A notebook that fails gets a page showing how far it got; the others run.

    Args:
        data: folder (or file, or glob) of transcripts.
        out: folder to write to (created; files of an earlier report are overwritten).
        notebooks_dir: where the ``NN_name.ipynb`` notebooks are (default: the project's
            ``notebooks/``).
        params: more parameter values for every notebook (``DATA`` is set from ``data``),
            e.g. ``{"FLOW_DOC": "2022-01-04-press-briefing"}``.
        timeout: seconds any one notebook cell may run.
        corpus: the loaded corpus, when the caller has it already (else ``data`` is loaded).
        title: the index page's heading.
        progress: show a progress bar (tqdm, on stderr) while the notebooks run.
        jobs: how many notebooks run at the same time (each in its own kernel); 1 runs them
            one after the other. Each page's ``seconds`` is its notebook's own run. Those
            whose metadata has ``"report": {"long_running": true}`` start first.

    Returns:
        A :class:`Report`: ``index`` (the path of ``index.html``), ``pages`` (one
        :class:`Page` per notebook: ``notebook``, ``html``, ``title``, ``blurb``,
        ``seconds``, ``error``), ``tables`` and ``failed``.

    Raises:
        FileNotFoundError: no notebooks in ``notebooks_dir``.
        ValueError: nothing could be loaded from ``data``, a notebook has no cell tagged
            ``parameters``, or ``out`` is inside the input folder or would overwrite an
            input file (:func:`check_output`); nothing is written then.

    Example:
        >>> report = build_report("data/raw", "reports")  # doctest: +SKIP
        >>> [p.html.name for p in report.pages]  # doctest: +SKIP
        ['01_corpus_overview.html', '02_question_answer_lengths.html', ...]
    """
    if params and "DATA" in params:
        raise ValueError("params: DATA is set from data; pass the folder as data")
    paths = notebooks(NOTEBOOKS if notebooks_dir is None else notebooks_dir)
    sources = [nbformat.read(p, as_version=4) for p in paths]
    for p, nb in zip(paths, sources, strict=True):
        if not _has_parameters_cell(nb):
            raise ValueError(
                f"{p}: no cell tagged 'parameters' (the notebook cannot be given a folder)"
            )
    out = Path(out)
    check_output(data, out, [p.name for p in paths])
    corpus = load_corpus(data) if corpus is None else corpus
    if corpus.documents.empty:
        raise ValueError(f"{data}: no transcript could be loaded")
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    tables = save_tables(corpus, out / "tables")
    # loaded once: the notebooks read back the tables just written instead of parsing again
    values = {"DATA": str(tables.resolve()), **(params or {})}

    # titles first, so each page can name its neighbours
    described = [describe(nb) for nb in sources]
    titles = [t or p.stem for (t, _), p in zip(described, paths, strict=True)]
    links = [(f"{p.stem}.html", t) for p, t in zip(paths, titles, strict=True)]

    def run(path: Path) -> tuple[nbformat.NotebookNode, str | None, float]:
        started = time.perf_counter()
        nb, error = run_notebook(
            path, values, out / "notebooks" / path.name, timeout=timeout, side_by_side=jobs > 1
        )
        return nb, error, time.perf_counter() - started

    # each notebook runs in a kernel of its own, ``jobs`` at a time; the pages are written
    # in notebook order once all have run, so the report is the same whatever finished first
    bar: Any = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(paths), desc="notebooks", unit="notebook")
    # a notebook whose metadata says ``"report": {"long_running": true}`` starts first, so
    # the others fill the other kernel meanwhile instead of leaving it idle at the end
    first = sorted(range(len(paths)), key=lambda i: not _long_running(sources[i]))
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running = {i: pool.submit(run, paths[i]) for i in first}
        if bar is not None:
            for _ in as_completed(running.values()):
                bar.update(1)
            bar.close()
        results = [running[i].result() for i in range(len(paths))]

    exporter = _exporter()
    pages: list[Page] = []
    for i, (path, (nb, error, seconds)) in enumerate(zip(paths, results, strict=True)):
        shown = nb
        if error is not None and (at := _stopped_at(nb)) is not None:
            shown = copy.deepcopy(nb)  # the page ends at the error: later prose has no numbers
            shown.cells = shown.cells[: at + 1]
        shown.metadata["title"] = titles[i]
        resources = {
            "metadata": {"name": path.stem, "path": str(path.parent.resolve())},
            "report": {
                "css": _PAGE_CSS,
                "title": titles[i],
                "data": str(data),
                "error": error,
                "prev": links[i - 1] if i > 0 else None,
                "next": links[i + 1] if i + 1 < len(links) else None,
            },
        }
        body, _ = exporter.from_notebook_node(shown, resources=resources)
        page = out / links[i][0]
        page.write_text(body, encoding="utf-8")
        pages.append(Page(path, page, titles[i], described[i][1], seconds, error))

    index = out / "index.html"
    index.write_text(
        _index_html(corpus, pages, data=str(data), title=title, made=date.today()),
        encoding="utf-8",
    )
    return Report(index=index, pages=tuple(pages), tables=tables)
