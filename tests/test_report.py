"""The report: the project's notebooks on the bundled data, and small notebooks on edge cases.

``test_report_on_the_bundled_data`` executes every notebook in notebooks/ (about 15 s, the
slowest test of the suite); the others use two tiny notebooks written into a temporary folder
(about 2 s each, a kernel start per notebook).
"""

from __future__ import annotations

import re
import shutil

import nbformat
import pandas as pd
import pytest
from conftest import DATA, INTERVIEW, ROOT

from analysis import report
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
        assert "Traceback" not in html and "report-error" not in html.split("</style>")[-1]
        # nothing fetched at view time: no external script, stylesheet or image
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)
        assert "cdnjs" not in html and "mathjax" not in html.lower()
        # code is there but hidden until the switch is ticked
        assert '<input aria-label="show code" id="show-code" type="checkbox"/>' in html
        assert "#show-code:not(:checked) ~ main .jp-CodeCell .jp-Cell-inputWrapper" in html
        code = re.sub(r"<[^>]+>", "", html)  # syntax highlighting splits code into spans
        assert f"DATA = {str(DATA.resolve())!r}" in code  # the injected cell, hidden with the code
        assert ('href="index.html"' in html) and (i == 0 or bundled.pages[i - 1].html.name in html)
        assert "report-note" not in html.split("</style>")[-1]  # the prose is about this data
    assert sum(n > 0 for n in drawn) >= 4  # 01 to 04 draw charts (05 shows word diffs)


# two tiny notebooks: one that draws a chart, one that stops with an error
_OK = [
    nbformat.v4.new_markdown_cell("# 01 · Count\n\nHow many *documents* there are. More."),
    nbformat.v4.new_code_cell(
        "DATA = '../nowhere'\nLABEL = 'n'", metadata={"tags": ["parameters"]}
    ),
    nbformat.v4.new_code_cell(
        "import analysis\nimport matplotlib.pyplot as plt\n"
        "corpus = analysis.load_corpus(DATA)\nprint(LABEL, len(corpus.documents))\n"
        "ax = plt.bar(['documents'], [len(corpus.documents)])"
    ),
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
    executed = nbformat.read(small.index.parent / "notebooks" / "01_count.ipynb", as_version=4)
    injected = executed.cells[2]
    assert injected.metadata["tags"] == ["injected-parameters"]
    data = (small.index.parent.parent / "data").resolve()
    assert injected.source == f"DATA = {str(data)!r}\nLABEL = 'documents:'"


def test_a_failing_notebook_gets_a_page_up_to_its_error(small):
    ok, fails = small.pages
    assert small.failed == (fails,)
    # numbered as in the executed notebook (and its traceback's In [4]): the injected cell counts
    assert fails.error == "cell 4: KeyError: 'no such key'"
    html = fails.html.read_text(encoding="utf-8")
    body = html.split("</style>")[-1]
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
    first, second = (p.html.read_text(encoding="utf-8").split("</style>")[-1] for p in small.pages)
    assert 'href="02_fails.html"' in first and 'href="01_count.html"' not in first
    assert 'href="01_count.html"' in second and 'href="02_fails.html"' not in second
    for body in (first, second):  # not the bundled data: the prose is not about it
        assert 'class="report-note"' in body


def test_index_escapes_what_the_transcripts_say(small):
    index = small.index.read_text(encoding="utf-8")
    assert "<script>alert" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in index
    assert "<title>Q&amp;A &lt;1&gt;</title>" in index
    assert "21 January 2022 to 3 February 2024" in index  # first date to last


def test_inject_parameters_after_the_tagged_cell():
    nb = nbformat.read(ROOT / "notebooks" / "01_corpus_overview.ipynb", as_version=4)
    report.inject_parameters(nb, DATA="/somewhere", N=3, LEXICON=None)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    i = tags.index(["parameters"])
    assert tags[i + 1] == ["injected-parameters"]
    assert nb.cells[i + 1].source == "DATA = '/somewhere'\nN = 3\nLEXICON = None"
    nbformat.validate(nb)
    nb.cells.pop(i)
    with pytest.raises(ValueError, match="parameters"):
        report.inject_parameters(nb, DATA="x")


def test_errors_before_any_work(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebooks"):
        report.build_report(DATA, tmp_path / "out", notebooks_dir=tmp_path)
    with pytest.raises(ValueError, match="DATA is set from data"):
        report.build_report(DATA, tmp_path / "out", params={"DATA": "elsewhere"})
    assert not (tmp_path / "out").exists()
