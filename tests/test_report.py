"""The report: the project's notebooks on the bundled data, and small notebooks on edge cases.

``test_report_on_the_bundled_data`` executes every notebook in notebooks/ (about 15 s, the
slowest test of the suite); the others use tiny notebooks written into a temporary folder
(about 2 s each, a kernel start per notebook). Notebooks run with papermill, on the tables the
report saved (the folder is loaded once). One test opens a page in headless Chromium, and is
skipped where none is installed.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import shutil
import subprocess
from typing import Any

import nbformat
import pandas as pd
import pytest
from conftest import DATA, INTERVIEW, ROOT
from pandas.testing import assert_frame_equal

import analysis
from analysis import report
from analysis.cli import main
from analysis.corpus import Corpus, check_columns, saved_format
from analysis.schema import TABLES


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> report.Report:
    """The report of every notebook on data/raw, built once (about 15 s)."""
    return report.build_report(DATA, tmp_path_factory.mktemp("report"))


def test_report_on_the_bundled_data(bundled):
    out = bundled.index.parent
    names = [p.stem for p in report.notebooks()]
    assert len(names) >= 5 and names == sorted(names)
    assert [p.html.name for p in bundled.pages] == [f"{n}.html" for n in names]
    assert bundled.failed == ()
    index = bundled.index.read_text(encoding="utf-8")
    for page in bundled.pages:
        assert f'href="{page.html.name}"' in index
        assert f">{page.title}</a>" in index and page.title[:2].isdigit()
        assert page.blurb and page.blurb in index.replace("&#x27;", "'")
    assert "Corpus overview" in index and INTERVIEW in index
    assert "21 January 2022 to 11 July 2023" in index  # the corpus's dates
    assert "<b>3</b>documents" in index and "<b>53</b>speaker turns" in index
    for name in TABLES:  # every table, both formats, linked from the index
        assert (out / "tables" / f"{name}.csv").is_file(), name
        assert (out / "tables" / f"{name}.parquet").is_file(), name
        assert f'href="tables/{name}.parquet"' in index
    assert len(pd.read_parquet(out / "tables" / "turns.parquet")) == 17 + 21 + 15
    drawn = []
    for i, page in enumerate(bundled.pages):
        html = page.html.read_text(encoding="utf-8")
        executed = nbformat.read(out / "notebooks" / page.notebook.name, as_version=4)
        charts = sum(
            "image/png" in o.get("data", {}) for c in executed.cells for o in c.get("outputs", [])
        )
        # every chart the notebook drew is on its page, embedded
        assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == charts
        drawn.append(charts)
        assert "Traceback" not in html and "report-error" not in html.split("</head>", 1)[-1]
        # nothing fetched at view time: no external script, stylesheet or image
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)
        assert "cdnjs" not in html and "mathjax" not in html.lower()
        # code is there but hidden until the switch is ticked
        assert '<input aria-label="show code" id="show-code" type="checkbox"/>' in html
        assert "#show-code:not(:checked) ~ main .jp-CodeCell .jp-Cell-inputWrapper" in html
        code = html_lib.unescape(re.sub(r"<[^>]+>", "", html))  # highlighting splits code
        # loaded once: papermill gave every notebook the tables the report saved, not the folder
        tables = str((out / "tables").resolve())
        assert f'DATA = "{tables}"' in code  # the injected cell, hidden with the code
        assert executed.metadata["papermill"]["parameters"] == {"DATA": tables}
        assert "start_time" not in executed.metadata["papermill"]  # same folder, same files
        assert ('href="index.html"' in html) and (i == 0 or bundled.pages[i - 1].html.name in html)
        assert 'class="report-source"' in html  # the page says which folder it describes
    assert sum(n > 0 for n in drawn) >= 4  # 01 to 04 draw charts (05 shows word diffs)


def test_the_report_tables_read_back_as_the_corpus(bundled, seeds, tmp_path):
    """Both formats the report writes (CSV by Arrow) hold exactly the loaded corpus."""
    tables = bundled.tables
    assert_frame_equal(pd.read_csv(tables / "qa.csv"), pd.read_csv(_pandas_csv(seeds, tmp_path)))
    for fmt in ("parquet", "csv"):
        one = tmp_path / fmt
        one.mkdir()
        for f in tables.glob(f"*.{fmt}"):
            shutil.copy(f, one)
        back = Corpus.read(one)
        for name, df in seeds.tables().items():
            assert_frame_equal(getattr(back, name), df, obj=f"{name}.{fmt}")


def _pandas_csv(corpus: Corpus, tmp_path):
    return corpus.save(tmp_path / "pandas", formats=("csv",)) / "qa.csv"


# two tiny notebooks: one that draws a chart, one that stops with an error
_OK = [
    nbformat.v4.new_markdown_cell("# 01 · Count\n\nHow many *documents* there are. More."),
    nbformat.v4.new_code_cell(
        "DATA = '../nowhere'\nLABEL = 'n'", metadata={"tags": ["parameters"]}
    ),
    nbformat.v4.new_code_cell(
        "import analysis\nimport matplotlib.pyplot as plt\n"
        "corpus = analysis.load_corpus(DATA)\nprint(LABEL, len(corpus.documents))\n"
        "print('read from', analysis.corpus.saved_format(DATA))\n"
        "ax = plt.bar(['documents'], [len(corpus.documents)])"
    ),
    nbformat.v4.new_code_cell("corpus.documents  # 13 columns, long titles and texts: too wide"),
]
_FAILS = [
    nbformat.v4.new_markdown_cell("# 02 · Fails\n\nA notebook that stops half way."),
    nbformat.v4.new_code_cell("DATA = '../nowhere'", metadata={"tags": ["parameters"]}),
    nbformat.v4.new_code_cell("print('before the error')"),
    nbformat.v4.new_code_cell("{}['no such key']"),
    nbformat.v4.new_markdown_cell("Prose after the error, about numbers that were never made."),
    nbformat.v4.new_code_cell("print('after the error')"),
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> report.Report:
    """The two tiny notebooks on a copy of the seeds, one title holding markup."""
    root = tmp_path_factory.mktemp("small")
    nbs, data = root / "notebooks", root / "data"
    nbs.mkdir()
    shutil.copytree(DATA, data)
    (data / "markup.md").write_text(
        '---\ntitle: "<script>alert(1)</script> & co"\ndate: 2024-02-03\n---\n\n'
        "MS. LEE:  Hello there.\n\nQ  Any news?\n\nMS. LEE:  None.\n",
        encoding="utf-8",
    )
    for name, cells in (("01_count.ipynb", _OK), ("02_fails.ipynb", _FAILS)):
        nb = nbformat.v4.new_notebook()
        nb.cells = cells
        nb.cells[-1].outputs = [nbformat.v4.new_output("stream", text="STALE OUTPUT\n")]
        nbformat.write(nb, nbs / name)
    return report.build_report(
        data, root / "out", notebooks_dir=nbs, params={"LABEL": "documents:"}, title="Q&A <1>"
    )


def test_parameters_reach_the_notebook(small):
    ok = small.pages[0]
    assert ok.error is None and ok.title == "01 · Count"
    assert ok.blurb == "How many documents there are."
    html = ok.html.read_text(encoding="utf-8")
    assert "documents: 4" in html  # DATA and LABEL injected: 3 seeds + markup.md
    assert 'src="data:image/png;base64,' in html
    assert "read from parquet" in html  # the notebook started from the saved tables
    executed = nbformat.read(small.index.parent / "notebooks" / "01_count.ipynb", as_version=4)
    injected = executed.cells[2]  # papermill's cell, right after the one tagged parameters
    assert injected.metadata["tags"] == ["injected-parameters"]
    tables = str((small.index.parent / "tables").resolve())
    assert injected.source == f'# Parameters\nDATA = "{tables}"\nLABEL = "documents:"\n'
    assert executed.metadata["papermill"]["parameters"] == {"DATA": tables, "LABEL": "documents:"}


def test_a_failing_notebook_gets_a_page_up_to_its_error(small):
    ok, fails = small.pages
    assert small.failed == (fails,)
    # numbered as in the executed notebook (and its traceback's In [4]): the injected cell counts
    assert fails.error == "cell 4: KeyError: 'no such key'"
    html = fails.html.read_text(encoding="utf-8")
    body = html.split("</head>", 1)[-1]
    assert "This analysis stopped with an error" in body and "before the error" in body
    assert "KeyError" in body
    assert "Prose after the error" not in body and "after the error')" not in body
    assert "STALE OUTPUT" not in body  # stored outputs never survive into the report
    assert "STALE OUTPUT" not in ok.html.read_text(encoding="utf-8")
    index = small.index.read_text(encoding="utf-8")
    assert "1 of 2 analyses stopped with an error" in index
    assert "cell 4: KeyError: &#x27;no such key&#x27;" in index
    executed = nbformat.read(small.index.parent / "notebooks" / "02_fails.ipynb", as_version=4)
    assert "STALE OUTPUT" not in nbformat.writes(executed)  # cleared, not merely cut off


def test_pages_link_to_each_other_and_say_whose_data(small):
    first, second = (p.html.read_text("utf-8").split("</head>", 1)[-1] for p in small.pages)
    assert 'href="02_fails.html"' in first and 'href="01_count.html"' not in first
    assert 'href="01_count.html"' in second and 'href="02_fails.html"' not in second
    for body in (first, second):  # each page says which folder it describes
        assert 'class="report-source"' in body and "bundled example" not in body


def test_index_escapes_what_the_transcripts_say(small):
    index = small.index.read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in index
    assert "<title>Q&amp;A &lt;1&gt;</title>" in index
    assert "21 January 2022 to 3 February 2024" in index  # first date to last


def test_one_at_a_time_or_side_by_side_the_report_is_the_same(small, tmp_path):
    """Pages in notebook order, error reporting alike, and the same executed notebooks
    whether the notebooks run one at a time or two at once (the ``small`` report)."""
    root = small.index.parent.parent
    one = report.build_report(
        root / "data",
        tmp_path / "out",
        notebooks_dir=root / "notebooks",
        params={"LABEL": "documents:"},
        title="Q&A <1>",
        jobs=1,
    )
    assert [p.html.name for p in one.pages] == [p.html.name for p in small.pages]
    assert [p.error for p in one.pages] == [p.error for p in small.pages]
    for page in small.pages:
        both = [
            nbformat.read(r.index.parent / "notebooks" / page.notebook.name, as_version=4)
            for r in (one, small)
        ]
        outputs = [[c.get("outputs") for c in nb.cells] for nb in both]
        tables = [str((r.index.parent / "tables").resolve()) for r in (one, small)]
        assert str(outputs[0]).replace(tables[0], tables[1]) == str(outputs[1])


def test_a_long_running_notebook_starts_first_and_keeps_its_page_order(tmp_path):
    mark = tmp_path / "started"
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name, code, long_running in (
        ("01_first.ipynb", f"import os\nprint(os.path.exists({str(mark)!r}))", False),
        ("02_long.ipynb", f"open({str(mark)!r}, 'w').close()", True),
    ):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_markdown_cell(f"# {name[:2]} · {name}"),
            nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(code),
        ]
        if long_running:
            nb.metadata["report"] = {"long_running": True}
        nbformat.write(nb, nbs / name)
    done = report.build_report(DATA, tmp_path / "out", notebooks_dir=nbs, jobs=1)
    assert [p.html.name for p in done.pages] == ["01_first.html", "02_long.html"]
    first = nbformat.read(tmp_path / "out" / "notebooks" / "01_first.ipynb", as_version=4)
    assert first.cells[-1].outputs[0]["text"] == "True\n"  # 02 had run before it


def test_side_by_side_kernels_start_in_the_notebook_folder_and_leave_ours_alone(
    tmp_path, monkeypatch
):
    """Notebooks run side by side in threads of this process: a chdir of the process (as
    papermill's cwd= makes) would send another notebook's relative paths astray."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name in ("01_a.ipynb", "02_b.ipynb"):
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("import os\nprint(os.getcwd())"),
        ]
        nbformat.write(nb, nbs / name)
    here = os.getcwd()
    moved: list[str] = []
    real_chdir = os.chdir

    def chdir(path: Any) -> None:
        if os.path.abspath(path) != here:
            moved.append(str(path))
        real_chdir(path)

    monkeypatch.setattr(os, "chdir", chdir)
    done = report.build_report(DATA, tmp_path / "out", notebooks_dir=nbs, jobs=2)
    assert done.failed == () and moved == [] and os.getcwd() == here
    for name in ("01_a.ipynb", "02_b.ipynb"):
        ran = nbformat.read(tmp_path / "out" / "notebooks" / name, as_version=4)
        assert ran.cells[-1].outputs[0]["text"].strip() == str(nbs.resolve())


def test_kernels_side_by_side_get_one_numeric_thread(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")  # the caller's own (tests set 1)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import os\nprint(os.environ.get('OPENBLAS_NUM_THREADS'))"),
    ]
    nbformat.write(nb, tmp_path / "01_threads.ipynb")
    seen = []
    for side_by_side in (True, False):
        executed, error = report.run_notebook(
            tmp_path / "01_threads.ipynb",
            {"DATA": "y"},
            tmp_path / "out" / "01_threads.ipynb",
            side_by_side=side_by_side,
        )
        assert error is None
        seen.append(executed.cells[-1].outputs[0]["text"].strip())
    # side by side: one thread; alone: whatever the caller's environment says
    assert seen == ["1", "3"]


def test_errors_before_any_work(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebooks"):
        report.build_report(DATA, tmp_path / "out", notebooks_dir=tmp_path)
    with pytest.raises(ValueError, match="DATA is set from data"):
        report.build_report(DATA, tmp_path / "out", params={"DATA": "elsewhere"})
    assert not (tmp_path / "out").exists()


def test_a_notebook_without_parameters_cell_is_refused_before_any_work(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("DATA = '../data/raw'")]  # untagged: would override
    nbformat.write(nb, tmp_path / "01_untagged.ipynb")
    with pytest.raises(ValueError, match=r"01_untagged\.ipynb: no cell tagged 'parameters'"):
        report.build_report(DATA, tmp_path / "out", notebooks_dir=tmp_path)
    assert not (tmp_path / "out").exists()


def test_a_kernel_that_dies_gets_a_page_and_a_reason(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('still here')"),
        nbformat.v4.new_code_cell("import os\nos._exit(3)"),
    ]
    nbformat.write(nb, tmp_path / "01_dies.ipynb")
    executed, error = report.run_notebook(
        tmp_path / "01_dies.ipynb", {"DATA": "y"}, tmp_path / "out" / "01_dies.ipynb", timeout=60
    )
    assert error == "cell 4: the kernel died (Kernel died)"  # counting the injected cell
    assert "still here" in nbformat.writes(executed)  # what ran before is kept
    assert (tmp_path / "out" / "01_dies.ipynb").is_file()


def test_the_same_run_gives_the_same_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()  # nbformat 4.5: every cell has an id
    nb.cells = [
        nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import time\ntime.sleep(0.01)\nprint(DATA)"),
    ]
    nbformat.write(nb, tmp_path / "01_same.ipynb")
    runs = []
    for _ in range(2):
        executed, error = report.run_notebook(
            tmp_path / "01_same.ipynb", {"DATA": "y"}, tmp_path / "out" / "01_same.ipynb"
        )
        assert error is None
        runs.append((tmp_path / "out" / "01_same.ipynb").read_text(encoding="utf-8"))
        assert runs[-1] == nbformat.writes(executed) + "\n"
    assert runs[0] == runs[1]
    assert '"id": "injected-parameters"' in runs[0] and "start_time" not in runs[0]


# --- the tables the report saves are what its notebooks start from -------------------------


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_saved_tables_read_back_as_an_equal_corpus(seeds, tmp_path, fmt):
    folder = seeds.save(tmp_path / "tables", formats=(fmt,))
    assert saved_format(folder) == fmt and saved_format(DATA) is None
    back = analysis.load_corpus(folder)  # recognised: read back, not parsed as transcripts
    assert check_columns(back) == []
    for name, df in seeds.tables().items():
        assert_frame_equal(getattr(back, name), df, obj=name)
    assert back.qa["answer_turns"].map(type).eq(tuple).all()
    assert list(back.tokens["doc_id"].cat.categories) == back.documents["doc_id"].tolist()
    assert back.summary().equals(seeds.summary())
    (folder / f"quotes.{fmt}").unlink()  # one table short: not a saved corpus
    assert saved_format(folder) is None
    with pytest.raises(FileNotFoundError, match="not a folder of saved tables"):
        Corpus.read(folder)


def test_an_empty_table_reads_back_with_its_columns(tmp_path):
    one = analysis.parse_text("MS. LEE:  Hello.\n\nQ  Why?\n\nMS. LEE:  Because.", doc_id="d")
    assert one.quotes.empty and one.problems.empty
    back = Corpus.read(one.save(tmp_path, formats=("csv",)))
    assert check_columns(back) == [] and back.quotes.empty
    assert back.qa["answer_turns"].tolist() == [(2,)]
    assert back.turns["reply_to"].tolist()[2] == 1 and pd.isna(back.turns["reply_to"][0])


# --- the report never overwrites or re-reads its input --------------------------------------

NAMES = ["01_a.ipynb", "02_b.ipynb"]


@pytest.fixture
def folder(tmp_path):
    """A copy of the seeds plus an HTML transcript named index.html, as a downloaded page is."""
    d = tmp_path / "in"
    shutil.copytree(DATA, d)
    (d / "index.html").write_text(
        "<html><head><title>Briefing</title></head><body><p>MS. LEE: Hello.</p>"
        "<p>Q Why?</p><p>MS. LEE: Because.</p></body></html>",
        encoding="utf-8",
    )
    return d


def test_out_equal_to_or_inside_the_input_folder_is_refused(folder):
    before = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    for out in (folder, folder / "report", folder / "a" / "b", folder / ".." / "in" / "r"):
        with pytest.raises(ValueError, match=r"is inside the input folder .*write it outside"):
            report.check_output(folder, out, NAMES)
        with pytest.raises(ValueError, match="inside the input folder"):
            report.build_report(folder, out)  # refused before loading or writing anything
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == before
    report.check_output(folder, folder.parent / "report", NAMES)  # beside it: fine
    report.check_output(folder, folder.parent / "in-report", NAMES)  # a prefix is no parent


def test_out_that_would_write_into_or_over_the_input_is_refused(folder):
    # the input folder inside the report: the tables would be written among the transcripts
    transcripts = folder.parent / "work" / "tables"
    transcripts.mkdir(parents=True)
    (transcripts / "a.txt").write_text("MS. LEE:  Hi.", encoding="utf-8")
    with pytest.raises(ValueError, match=r"tables/documents\.csv into the input folder"):
        report.check_output(transcripts, folder.parent / "work", NAMES)
    # one file given: the report may sit beside it, but index.html may not replace it
    with pytest.raises(ValueError, match=r"would overwrite the input file .*index\.html"):
        report.check_output(folder / "index.html", folder, NAMES)
    report.check_output(folder / f"{INTERVIEW}.txt", folder, NAMES)
    # a glob: only what it matches is read, so a report that it does not match may go inside
    report.check_output(str(folder / "*.txt"), folder / "report", NAMES)
    report.check_output(str(folder / "*.html"), folder / "report", NAMES)  # not in report/
    with pytest.raises(ValueError, match=r"its page index\.html matches .* read as a document"):
        report.check_output(str(folder / "**" / "*.html"), folder / "report", NAMES)
    with pytest.raises(ValueError, match="would overwrite the input file"):
        report.check_output(str(folder / "*.html"), folder, NAMES)
    # saved tables as the input: the report's own tables may not be written over them
    tables = analysis.parse_text("MS. LEE:  Hi.", doc_id="d").save(folder.parent / "r" / "tables")
    with pytest.raises(ValueError, match="into the input folder"):
        report.check_output(tables, folder.parent / "r", NAMES)


def test_glob_matching_follows_glob():
    m = report._glob_matches
    assert m("/a/*.md", ROOT.parent / "x.md") is False
    assert m("/a/*.md", __import__("pathlib").Path("/a/x.md"))
    P = __import__("pathlib").Path
    assert not m("/a/*", P("/a/r/index.html"))  # * stays within one folder
    assert m("/a/**/*.html", P("/a/r/index.html")) and m("/a/**/*.html", P("/a/index.html"))
    assert m("/a/r?/[ix]*.html", P("/a/r1/index.html")) and not m("/a/r?/x*", P("/a/r1/i"))


# --- the report on a store ------------------------------------------------------------------


def test_the_report_runs_on_a_store(bundled, tmp_path, capsys):
    """The report command takes a store made by the store command. The notebooks start from
    the tables the report saves, and those equal, file for file, the tables of the report on
    the same seeds (``bundled``): so every notebook's page is as on the bundled data, which
    test_report_on_the_bundled_data checks; one small notebook runs here."""
    store = tmp_path / "store"
    assert main(["store", str(DATA), str(store), "--workers", "0"]) == 0
    capsys.readouterr()
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Count\n\nHow many documents."),
        nbformat.v4.new_code_cell("DATA = 'x'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import analysis\nprint('documents:', len(analysis.load_corpus(DATA).documents))"
        ),
    ]
    nbformat.write(nb, nbs / "01_count.ipynb")
    out = tmp_path / "report"
    assert main(["report", str(store), "--out", str(out), "--notebooks", str(nbs)]) == 0
    assert sorted(p.name for p in out.glob("*.html")) == ["01_count.html", "index.html"]
    assert "3 documents" in (out / "index.html").read_text(encoding="utf-8")
    assert "documents: 3" in (out / "01_count.html").read_text(encoding="utf-8")
    want = sorted(p.name for p in bundled.tables.iterdir())
    assert sorted(p.name for p in (out / "tables").iterdir()) == want
    for name in want:
        assert (out / "tables" / name).read_bytes() == (bundled.tables / name).read_bytes(), name
    assert len(bundled.pages) == 5 and bundled.failed == ()  # the project's notebooks


# --- in a real browser -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

#: Appended to a copy of a page: writes, for the browser's layout, whether each chart fits
#: the page and each table either fits or sits in a box that scrolls sideways.
_LAYOUT_PROBE = """<script>
const out = [], W = document.documentElement.clientWidth;
for (const img of document.querySelectorAll("img")) {
  out.push(img.getBoundingClientRect().right <= W + 0.5 ? "img:fits" : "img:overflows");
}
for (const t of document.querySelectorAll("table")) {
  if (t.getBoundingClientRect().right <= W + 0.5) { out.push("table:fits"); continue; }
  let box = t.parentElement;
  while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) {
    box = box.parentElement;
  }
  const ok = box && box.getBoundingClientRect().right <= W + 0.5
    && box.scrollWidth > box.clientWidth;
  out.push(ok ? "table:scrolls" : "table:cut-off");
}
const pre = document.createElement("pre");
pre.id = "layout";
pre.textContent = out.join("\\n");
document.body.appendChild(pre);
</script>"""


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    if CHROMIUM is None:
        pytest.skip("no chromium installed (Debian: apt-get install chromium); page not opened")
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_page_in_a_real_browser_shows_its_charts(small, tmp_path):
    page = small.pages[0].html
    dom = _chromium("--dump-dom", page.as_uri()).stdout
    # the DOM the browser built (not the file): the chart is an <img> with an embedded PNG
    imgs = re.findall(r"<img\b[^>]*>", dom)
    assert len(imgs) == 1 and 'src="data:image/png;base64,' in imgs[0]
    assert "documents: 4" in dom and "01 · Count" in dom
    # laid out for a reader: the chart fits the page, the wide table wraps or scrolls sideways
    probe = tmp_path / "probe.html"
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", _LAYOUT_PROBE + "</body>"), "utf-8"
    )
    _chromium("--window-size=800,900", "--dump-dom", probe.as_uri())  # warm-up: fonts, layout
    dom = _chromium("--window-size=800,900", "--dump-dom", probe.as_uri()).stdout
    found = re.search(r'<pre id="layout">(.*?)</pre>', dom, re.S)
    assert found, "the probe script did not run"
    lines = found.group(1).split()
    assert lines[0] == "img:fits", lines
    tables = [ln for ln in lines if ln.startswith("table:")]
    assert tables and all(t in ("table:fits", "table:scrolls") for t in tables), lines
    shot = tmp_path / "page.png"
    _chromium(f"--screenshot={shot}", "--window-size=1000,900", page.as_uri())
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    assert pixels.shape[:2] == (900, 1000)
    # not a blank page: the chart's blue bar, and dark text, are on screen
    blue = (pixels[..., 2] > 0.6) & (pixels[..., 0] < 0.3) & (pixels[..., 1] < 0.6)
    assert blue.sum() > 2000, "no chart drawn on screen"
    assert (pixels.max(axis=2) < 0.3).sum() > 500, "no text on screen"
