"""The command line on the seeds and on a few White House files, with its outputs checked.

Commands run in-process through ``analysis.cli.main(argv)`` (which returns the exit status);
one test runs ``python -m analysis`` in a subprocess to check the entry point itself.
"""

from __future__ import annotations

import base64
import html
import io
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import AVAILABILITY, DATA, INTERVIEW, ROOT, need_whitehouse
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from papermill.translators import translate_parameters

import analysis
from analysis.cli import main
from analysis.report import NOTEBOOKS, _NativeKernelManager, notebooks, save_tables

ARTICLE_QUOTES = "2023-07-11_nbc-news_blinken-cluster-munitions_article"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """argparse's own exit (status 2) on a bad option; returns its message."""
    with pytest.raises(SystemExit) as exc:
        main(list(argv))
    assert exc.value.code == 2
    return capsys.readouterr().err


def test_load_prints_one_line_per_document(capsys):
    code, out, err = run(capsys, "load", str(DATA))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["doc_id", "kind", "date", "title"]
    assert len(lines) == 4
    rows = {ln.split()[0]: ln for ln in lines[1:]}
    assert set(rows) == {INTERVIEW, AVAILABILITY, ARTICLE_QUOTES}
    # turns, questions, speakers as a person counts them in the seeds
    assert rows[INTERVIEW].split()[-5:-2] == ["17", "7", "2"]
    assert rows[AVAILABILITY].split()[-5:-2] == ["21", "7", "3"]
    assert "2022-01-21" in rows[AVAILABILITY].split()  # a date, not "2022-01-21 00:00:00"
    assert "00:00:00" not in out


def test_load_csv_and_export(capsys, tmp_path):
    code, out, err = run(
        capsys, "load", str(DATA), "--csv", "--out", str(tmp_path / "t"), "--format", "parquet"
    )
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.set_index("doc_id").loc[INTERVIEW, "turns"] == 17
    assert table.set_index("doc_id").loc[AVAILABILITY, "turns"] == 21
    assert (tmp_path / "t" / "tokens.parquet").is_file()
    assert not (tmp_path / "t" / "tokens.csv").exists()  # only the format asked for
    assert pd.read_parquet(tmp_path / "t" / "turns.parquet").shape[0] == 17 + 21 + 15
    assert f"tables written to {tmp_path / 't'}" in err


def test_kwic_lines_up_the_matches(capsys):
    code, out, err = run(capsys, "kwic", str(DATA), "outlast")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1 + 10 and "10 match(es)" in err
    header = lines[0]
    assert header.split() == ["doc_id", "turn", "speaker", "left", "match", "right"]
    col = header.index("match")
    assert all(ln[col:].startswith("outlast") for ln in lines[1:])  # one column of matches
    code, out, err = run(capsys, "kwic", str(DATA), "outlast", "--limit", "3", "--csv")
    assert code == 0
    hits = pd.read_csv(io.StringIO(out))
    assert len(hits) == 3 and "10 match(es), 3 shown" in err
    assert hits["match"].str.lower().eq("outlast").all() and hits["turn"].tolist() == [4, 4, 4]


def test_kwic_sentence_window_and_wildcard(capsys):
    code, out, _ = run(capsys, "kwic", str(DATA), "swift, severe", "--window", "sentence")
    assert code == 0 and out.count("swift, severe") == 3
    code, out, err = run(capsys, "kwic", str(DATA), "outlast*", "--csv")
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 10
    code, out, err = run(capsys, "kwic", str(DATA), "zzzyzx")
    assert code == 0 and out.strip() == "(no rows)" and "0 match(es)" in err


def test_phrases(capsys):
    code, out, _ = run(capsys, "phrases", str(DATA), "--n", "2", "--top", "3", "--csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert list(table.columns) == ["doc_id", "ngram", "n", "count"]
    assert len(table) == 3 * 3 and table["n"].eq(2).all()
    row = table[(table["doc_id"] == INTERVIEW) & (table["ngram"] == "cluster munitions")]
    assert row["count"].tolist() == [4]
    code, out, _ = run(capsys, "phrases", str(DATA), "--n", "1", "--by", "", "--top", "1")
    assert code == 0 and out.split()[-3:] == ["ukraine", "1", "77"]  # whole corpus


def test_topics(capsys):
    code, out, _ = run(capsys, "topics", str(DATA), "--csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table["hits"].gt(0).all()  # zero rows are left out without --all
    iran = table[(table["doc_id"] == AVAILABILITY) & (table["topic"] == "iran")]
    assert len(iran) == 1 and iran["hits"].iloc[0] > 0
    assert "iran" not in set(table.loc[table["doc_id"] == INTERVIEW, "topic"])
    code, out, _ = run(capsys, "topics", str(DATA), "--by", "role", "--all", "--csv")
    by_role = pd.read_csv(io.StringIO(out))
    assert set(by_role["role"]) >= {"question", "answer", "narration"}
    assert by_role["hits"].eq(0).any()


def test_provenance(capsys):
    code, out, _ = run(capsys, "provenance", str(DATA), "--csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert len(table) == 13  # the article's quotes
    assert table["verdict"].eq("no source").sum() >= 4
    assert table["changes"].fillna("").str.contains("can → can’t").any()
    code, _, err = run(capsys, "provenance", str(DATA / f"{INTERVIEW}.txt"))
    assert code == 0 and "no news quotes to trace" in err


def test_a_bad_folder_is_one_line_and_non_zero(capsys, tmp_path):
    missing = tmp_path / "missing-folder"
    for command in ("load", "kwic", "phrases", "topics", "provenance", "report"):
        argv = [command, str(missing)] + (["x"] if command == "kwic" else [])
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", command
        assert err == f"error: {missing}: no such file or folder\n", command
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "load", str(empty))
    assert code == 2 and f"{empty}: no transcript could be loaded" in err
    code, _, err = run(capsys, "load", str(tmp_path / "nothing-*.md"))
    assert code == 2 and "nothing-*.md" in err and "Traceback" not in err


def test_bad_options_are_usage_errors(capsys, tmp_path):
    err = usage_error(capsys, "load", str(DATA), "--out", str(tmp_path), "--format", "xlsx")
    assert "unknown format xlsx" in err
    assert "'sentence', not 'wide'" in usage_error(
        capsys, "kwic", str(DATA), "x", "--window", "wide"
    )
    assert "between 1 and 5" in usage_error(capsys, "phrases", str(DATA), "--n", "2-9")
    assert "NAME=VALUE" in usage_error(capsys, "report", str(DATA), "-p", "nonsense")
    assert "required" in usage_error(capsys, "kwic")
    assert not (tmp_path / "documents.csv").exists()


def _notebook(folder, name, *code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {name}\n\nA tiny notebook."),
        nbformat.v4.new_code_cell("DATA = 'x'\nN = 1", metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(c) for c in code),
    ]
    nbformat.write(nb, folder / f"{name}.ipynb")


def test_report_command_exit_status(capsys, tmp_path):
    """Exit 1 when a notebook stops, one line per failed notebook saying why, every page still
    written; 2 with no notebooks. (Exit 0 when every notebook completes: see
    test_report_command_on_a_folder_of_every_kind.)"""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs, "01_fine", "import analysis\nprint(len(analysis.load_corpus(DATA)), N)")
    _notebook(nbs, "02_fails", "assert N == 2, f'N is {N}'")
    _notebook(nbs, "03_also", "print('before')", "import missing_module_xyz")
    code, _, err = run(
        capsys, "report", str(DATA), "--out", str(tmp_path / "r"), "--notebooks", str(nbs),
        "-p", "N=3",
    )  # fmt: skip
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    r = tmp_path / "r"
    assert errors == [
        "error: 02_fails.ipynb stopped at cell 3: AssertionError: N is 3 "
        f"(page: {r}/02_fails.html)",
        "error: 03_also.ipynb stopped at cell 4: ModuleNotFoundError: No module named "
        f"'missing_module_xyz' (page: {r}/03_also.html)",
    ]
    for name in ("index", "01_fine", "02_fails", "03_also"):  # every page still written
        assert (r / f"{name}.html").is_file(), name
    assert "This analysis stopped with an error" in (r / "03_also.html").read_text("utf-8")
    assert "3 3" in (r / "01_fine.html").read_text(encoding="utf-8")  # -p reached it
    code, _, err = run(capsys, "report", str(DATA), "--notebooks", str(tmp_path / "none"))
    assert code == 2 and "no notebooks" in err


@pytest.fixture
def downloaded(tmp_path):
    """A folder of transcripts one of which is a saved web page called index.html."""
    d = tmp_path / "D"
    shutil.copytree(DATA, d)
    page = "<html><head><title>Remarks</title></head><body><p>MS. LEE: Hello.</p></body></html>"
    (d / "index.html").write_text(page, encoding="utf-8")
    return d


def _files(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_report_never_writes_into_its_input_folder(capsys, downloaded):
    """--out D overwrote D/index.html; --out D/report was read back as documents next time."""
    before = _files(downloaded)
    for out in (downloaded, downloaded / "report"):
        code, stdout, err = run(capsys, "report", str(downloaded), "--out", str(out))
        assert code == 2 and stdout == ""
        assert err == (
            f"error: --out {out} is inside the input folder {downloaded}: the report's pages "
            f"would be read as documents the next time; write it outside {downloaded}\n"
        )
    assert _files(downloaded) == before  # nothing written, nothing overwritten
    page = downloaded / "index.html"
    code, _, err = run(capsys, "report", str(page), "--out", str(downloaded))
    assert code == 2 and f"would overwrite the input file {page}" in err
    assert _files(downloaded) == before


def test_white_house_files(capsys):
    pattern = str(need_whitehouse() / "press-briefings" / "2022-01-0*.md")
    code, out, _ = run(capsys, "load", pattern, "--csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert len(table) >= 4 and table["doc_id"].str.startswith("2022-01-0").all()
    assert table["kind"].str.startswith("press ").all()  # briefings, gaggles, calls
    assert (table["turns"] >= 10).all() and (table["questions"] > 0).all()
    code, out, _ = run(capsys, "kwic", pattern, "vaccine*", "--csv", "--limit", "5")
    hits = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(hits) == 5
    assert hits["match"].str.lower().str.startswith("vaccin").all()
    code, out, _ = run(capsys, "phrases", pattern, "--n", "2", "--by", "", "--top", "5", "--csv")
    assert code == 0 and len(pd.read_csv(io.StringIO(out))) == 5
    code, out, _ = run(capsys, "topics", pattern, "--csv")
    assert code == 0 and "covid" in set(pd.read_csv(io.StringIO(out))["topic"])


def test_module_entry_point_help():
    def help_of(*argv: str) -> str:
        res = subprocess.run(
            [sys.executable, "-m", "analysis", *argv, "--help"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert res.returncode == 0 and res.stderr == ""
        return res.stdout

    top = help_of()
    for command in ("load", "kwic", "phrases", "topics", "provenance", "report"):
        assert f"\n    {command}" in top
    assert "examples:" in top
    kwic = help_of("kwic")
    assert "swift, severe" in kwic and "--window N|sentence" in kwic and "examples:" in kwic


# --- the report's notebooks on small real folders: every notebook completes, and says nothing
# of documents that are not there. The notebooks run as the report runs them (DATA injected
# after the cell tagged parameters, on the tables the report saves, from notebooks/), in one
# kernel (per test worker) for all the folders: a kernel start and the imports once, not once
# per notebook and folder. What only the report command does (exit status, pages, index) is
# checked once, on a folder holding every small folder's files.

#: Phrases of the bundled seeds that the notebooks' prose used to repeat whatever the folder.
SEED_PHRASES = ("Geneva", "TODAY", "swift, severe", "cluster munitions", "Blinken", "outlast")


def _html_page(md: Path) -> str:
    """A briefing saved as a web page: its front matter's title, one <p> per paragraph."""
    text = md.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    title = re.search(r"^title: \"?(.*?)\"?$", front, re.M).group(1).replace("\\_", " ")
    paras = "".join(
        f"<p>{html.escape(' '.join(p.split()))}</p>\n" for p in body.split("\n\n") if p.strip()
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1>\n{paras}</body></html>"
    )


def _folder(root: Path, case: str) -> Path:
    d = root / case
    d.mkdir()
    if case == "briefings":  # a dozen White House briefings, gaggles and calls
        for p in sorted((need_whitehouse() / "press-briefings").glob("2022-01-*.md"))[:12]:
            shutil.copy(p, d)
    elif case == "remarks":  # one page of remarks with no speaker labels at all
        wh = need_whitehouse() / "speeches-remarks"
        shutil.copy(wh / f"{UNLABELLED}.md", d)
    elif case == "article":  # a news article alone: its quotes have no transcript to trace
        shutil.copy(DATA / f"{ARTICLE_QUOTES}.txt", d)
    elif case == "article+transcript":  # the article with the interview it quotes
        shutil.copy(DATA / f"{ARTICLE_QUOTES}.txt", d)
        shutil.copy(DATA / f"{INTERVIEW}.txt", d)
    elif case == "html":  # one briefing saved as an .html page
        md = sorted((need_whitehouse() / "press-briefings").glob("2022-01-04-*.md"))[0]
        (d / f"{md.stem}.html").write_text(_html_page(md), encoding="utf-8")
    return d


UNLABELLED = (
    "2022-06-23-remarks-as-prepared-for-delivery-by-first-lady-jill-biden-at-a-cancer-"
    "moonshot-event-in-florida"
)
CASES = ["briefings", "remarks", "article", "article+transcript", "html"]
#: The folders the report's notebooks run on here. The article with its interview is left out:
#: the seeds hold both, and the bundled report and nbval run every notebook on them; the
#: other folders are the guard against sentences typed in about the seeds.
NOTEBOOK_CASES = ["briefings", "remarks", "article", "html"]


@pytest.fixture(scope="session")
def kernel() -> Iterator[NotebookClient]:
    """One kernel of this Python, started in notebooks/ as the report starts its kernels,
    for every small folder's notebooks (a fresh namespace for each: see :func:`_run`).
    Session-scoped: with ``make test``'s workers each folder is a work unit of its own, and a
    worker keeps its kernel from one to the next."""
    client = NotebookClient(
        nbformat.v4.new_notebook(),
        kernel_name="python3",
        kernel_manager_class=_NativeKernelManager,
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    with client.setup_kernel():
        yield client


def _cell(client: NotebookClient, code: str) -> None:
    client.nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    client.execute_cell(client.nb.cells[0], 0)


def _run(client: NotebookClient, path: Path, data: Path) -> tuple[nbformat.NotebookNode, str]:
    """The notebook at ``path`` run on ``data`` as the report runs it: stored outputs cleared,
    papermill's parameter cell inserted after the one tagged parameters, every cell in order
    until one raises. Returns the executed notebook and "" or "cell N: Error: message"."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    source = translate_parameters("python3", "python", {"DATA": str(data)}, "Parameters")
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell(source))
    # a new notebook's namespace: no name, figure or display left by the one before (the
    # modules stay imported, as a kernel's imports are what the shared kernel saves);
    # %reset_selective, not %reset, which runs two full garbage collections (0.3 s)
    _cell(client, "import matplotlib.pyplot\nmatplotlib.pyplot.close('all')\n%reset_selective -f .")
    client.nb = nb
    for i, cell in enumerate(nb.cells):
        try:
            client.execute_cell(cell, i)
        except CellExecutionError as err:
            n = sum(c.cell_type == "code" for c in nb.cells[: i + 1])
            return nb, f"cell {n}: {err.ename}: {err.evalue}"
    return nb, ""


def test_draw_once_draws_a_chart_once_at_its_size(kernel):
    """After style.draw_once a notebook's chart is drawn once into its PNG, which is the
    figure's own size, and new figures are laid out to fit in it; the notebooks call it
    before their first chart."""
    _cell(kernel, "%reset_selective -f .")
    make = (
        "import matplotlib.pyplot as plt\nfrom analysis.style import draw_once, get_ax\n"
        "draw_once()\nax = get_ax(figsize=(4, 3))\ndraws = []\n"
        "ax.figure.canvas.mpl_connect('draw_event', lambda e: draws.append(1))\n"
        "ax.plot([1, 2], [3, 4])\nax.set_title('a title')"
    )
    show = (
        "mine = plt.figure()\nprint(len(draws), int(plt.rcParams['figure.dpi']), "
        "type(mine.get_layout_engine()).__name__)\nplt.close(mine)"
    )
    kernel.nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(make), nbformat.v4.new_code_cell(show)]
    )
    for i, cell in enumerate(kernel.nb.cells):
        kernel.execute_cell(cell, i)
    png = next(o.data for o in kernel.nb.cells[0].outputs if "image/png" in o.get("data", {}))
    header = base64.b64decode(png["image/png"])[16:24]  # the PNG's IHDR: width, height
    draws, dpi, layout = kernel.nb.cells[1].outputs[0].text.split()
    assert (int.from_bytes(header[:4]), int.from_bytes(header[4:])) == (4 * int(dpi), 3 * int(dpi))
    # constrained layout's pass that renders nothing, then the PNG (IPython's default adds a
    # full redraw after every cell)
    assert draws == "2"
    # a figure of the reader's own is laid out to fit too, as nothing crops it any more
    assert layout == "ConstrainedLayoutEngine"
    for path in notebooks():
        if '"image/png"' in path.read_text(encoding="utf-8"):
            assert "draw_once()" in path.read_text(encoding="utf-8"), path.name


def _said(executed: nbformat.NotebookNode) -> str:
    """What a reader of the page reads: the prose, and every output (not the hidden code)."""
    parts = []
    for cell in executed.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        for o in cell.get("outputs", []):
            parts.append(o.get("text", ""))
            data = o.get("data", {})
            parts.append(str(data.get("text/html", data.get("text/plain", ""))))
    return "\n".join(parts)


@pytest.mark.parametrize("case", NOTEBOOK_CASES)
def test_report_on_small_folders(kernel, case, tmp_path):
    folder = _folder(tmp_path, case)
    corpus = analysis.load_corpus(folder)
    n_docs = len([p for p in folder.iterdir() if p.is_file()])
    assert len(corpus.documents) == n_docs  # what the index's first card shows
    tables = save_tables(corpus, tmp_path / "report" / "tables").resolve()
    # every notebook completes, and no sentence speaks of documents that are not in the
    # folder; every failure is listed, not only the first
    texts = " ".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    absent = [w for w in SEED_PHRASES if w not in texts]
    failures = []
    for path in notebooks():
        executed, error = _run(kernel, path, tables)
        if error:
            failures.append(f"{path.name} stopped at {error}")
        if named := [w for w in absent if w in _said(executed)]:
            failures.append(f"{path.name} speaks of {named}, which {case}/ does not hold")
    assert not failures, "\n".join(failures)


def test_report_command_on_a_folder_of_every_kind(capsys, tmp_path):
    """The report command on the small folders' files together (.md, .txt, .html; briefings,
    remarks without labels, an article and the interview it quotes): exit 0 when every
    notebook completes, the corpus summary, every page, a parameter given with -p, and every
    file counted as a document on the index and in the tables the notebooks read."""
    folder = tmp_path / "all"
    folder.mkdir()
    for case in CASES:
        for p in _folder(tmp_path, case).iterdir():
            shutil.copy(p, folder)
    n_docs = len(list(folder.iterdir()))
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(
        nbs,
        "01_count",
        "import analysis\nprint('documents:', len(analysis.load_corpus(DATA).documents), N)",
    )
    out = tmp_path / "report"
    code, printed, err = run(
        capsys, "report", str(folder), "--out", str(out), "--notebooks", str(nbs),
        "--no-progress", "-p", "N=3",
    )  # fmt: skip
    assert code == 0 and not [ln for ln in err.splitlines() if ln.startswith("error:")], err
    assert INTERVIEW in printed  # the corpus summary
    assert "01_count.html" in err and "error" not in err.lower()
    assert sorted(p.name for p in out.glob("*.html")) == ["01_count.html", "index.html"]
    assert f"<b>{n_docs}</b>documents" in (out / "index.html").read_text(encoding="utf-8")
    assert f"documents: {n_docs} 3" in (out / "01_count.html").read_text(encoding="utf-8")
