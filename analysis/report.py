"""The report: every notebook executed on a folder of transcripts, as browsable HTML pages.

:func:`build_report` loads the folder once (for the summary and the exported tables), then
runs each ``notebooks/NN_*.ipynb`` on it the way papermill does: a cell setting ``DATA`` is
inserted after the cell tagged ``parameters``, and the notebook runs in a fresh kernel from
the notebooks folder. Each executed notebook becomes one HTML page (code hidden, charts
embedded, nothing fetched from the network), and ``index.html`` links them.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from .corpus import Corpus
from .load import load_corpus

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

_CSS = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733;
       max-width: 980px; margin: 2.5em auto; padding: 0 1.2em; }
h1 { font-size: 1.7em; margin-bottom: .1em; } .sub { color: #5b6b7b; margin-top: 0; }
.cards { display: flex; gap: .8em; flex-wrap: wrap; margin: 1.4em 0; }
.card { background: #f3f6f9; border-radius: 8px; padding: .7em 1.1em; min-width: 7em; }
.card b { display: block; font-size: 1.5em; color: #0072B2; }
ol.pages { padding-left: 1.2em; } ol.pages li { margin: .8em 0; }
ol.pages a { font-weight: 600; color: #0072B2; text-decoration: none; font-size: 1.1em; }
ol.pages p { margin: .2em 0; color: #3b4a5a; }
table { border-collapse: collapse; font-size: .85em; margin: 1em 0; }
th, td { border-bottom: 1px solid #dde3ea; padding: .35em .6em; text-align: left; }
th { background: #f3f6f9; } td.num { text-align: right; }
footer { margin-top: 3em; color: #7a8a9a; font-size: .85em; }
"""


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The report's notebooks, in order (``NN_name.ipynb``)."""
    found = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise FileNotFoundError(
            f"{folder}: no notebooks (NN_name.ipynb) to run; the report "
            "needs the project's notebooks folder"
        )
    return found


def inject_parameters(nb: nbformat.NotebookNode, **params: object) -> nbformat.NotebookNode:
    """Insert a cell assigning ``params`` after the cell tagged ``parameters`` (papermill's way).

    Raises:
        ValueError: the notebook has no cell tagged ``parameters``.
    """
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "\n".join(f"{k} = {v!r}" for k, v in params.items())
            new = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
            nb.cells.insert(i + 1, new)
            return nb
    raise ValueError("notebook has no cell tagged 'parameters'")


def execute(path: Path, data: str | Path, *, timeout: int = 900) -> nbformat.NotebookNode:
    """Run the notebook at ``path`` on ``data`` in a fresh kernel; return the executed copy."""
    nb = nbformat.read(path, as_version=4)
    inject_parameters(nb, DATA=str(Path(data).resolve()))
    NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return nb


def _describe(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """Title (the first heading) and first paragraph of a notebook's opening markdown."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = [ln.strip() for ln in cell.source.splitlines()]
            title = next((ln.lstrip("# ") for ln in lines if ln.startswith("#")), "")
            body = " ".join(ln for ln in lines if ln and not ln.startswith("#"))
            first = re.split(r"(?<=[.?!])\s", body, maxsplit=1)[0] if body else ""
            return title, re.sub(r"[`*]", "", first)
    return "", ""


def _summary_html(corpus: Corpus) -> str:
    s = corpus.summary()
    rows = []
    for r in s.itertuples(index=False):
        d = "" if pd.isna(r.date) else r.date.date().isoformat()
        cells = [html.escape(str(r.doc_id)), html.escape(str(r.kind)), d]
        nums = [r.turns, r.questions, r.speakers, r.words, r.problems]
        rows.append(
            "<tr>"
            + "".join(f"<td>{c}</td>" for c in cells)
            + "".join(f'<td class="num">{n:,}</td>' for n in nums)
            + "</tr>"
        )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("document", "kind", "date", "turns", "questions", "speakers", "words", "problems")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def build_report(
    data: str | Path,
    out: str | Path,
    *,
    notebooks_dir: str | Path = NOTEBOOKS,
    timeout: int = 900,
    corpus: Corpus | None = None,
) -> Path:
    """Execute every notebook on ``data`` and write the report to ``out``.

    Args:
        data: folder (or file, or glob) of transcripts.
        out: folder to write: ``index.html``, one ``NN_name.html`` per notebook, the
            executed notebooks in ``notebooks/``, and every table in ``tables/`` (CSV and
            Parquet).
        notebooks_dir: where the notebooks are (default: the project's ``notebooks/``).
        timeout: seconds a notebook cell may run.
        corpus: the loaded corpus, when the caller has it already.

    Returns:
        The path of ``index.html``.
    """
    out = Path(out)
    (out / "notebooks").mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(data) if corpus is None else corpus
    corpus.save(out / "tables")
    # code hidden; no require.js or MathJax from a CDN, so pages open offline as they are
    exporter = HTMLExporter(
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        require_js_url="",
        mathjax_url="",
    )
    pages = []
    for path in notebooks(Path(notebooks_dir)):
        nb = execute(path, data, timeout=timeout)
        nbformat.write(nb, out / "notebooks" / path.name)
        body, _ = exporter.from_notebook_node(nb)
        body = re.sub(r'<script src="">\s*</script>', "", body)
        page = out / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        title, blurb = _describe(nb)
        pages.append((page.name, title or path.stem, blurb))
    items = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        f"<p>{html.escape(blurb)}</p></li>"
        for name, title, blurb in pages
    )
    d = corpus.documents
    dates = d["date"].dropna()
    span = (
        f"{dates.min().date():%d %b %Y} to {dates.max().date():%d %b %Y}"
        if len(dates)
        else "undated"
    )
    cards = [
        (len(d), "documents"),
        (len(corpus.turns), "speaker turns"),
        (len(corpus.qa), "questions"),
        (len(corpus.tokens), "words"),
        (len(corpus.quotes), "news quotes"),
        (len(corpus.problems), "problems"),
    ]
    card_html = "".join(
        f'<div class="card"><b>{n:,}</b>{html.escape(label)}</div>' for n, label in cards
    )
    index = out / "index.html"
    index.write_text(
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Transcript analysis report</title>
<style>{_CSS}</style></head><body>
<h1>Transcript analysis</h1>
<p class="sub">{html.escape(str(data))} · {html.escape(span)}</p>
<div class="cards">{card_html}</div>
<h2>Analyses</h2><ol class="pages">{items}</ol>
<h2>Documents</h2>{_summary_html(corpus)}
<p>Every table is in <a href="tables/">tables/</a> as CSV and Parquet; the executed notebooks
are in <a href="notebooks/">notebooks/</a>.</p>
<footer>Made with transcript-analysis on {date.today():%d %B %Y}.</footer>
</body></html>""",
        encoding="utf-8",
    )
    return index
