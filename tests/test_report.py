"""The report on the bundled data: an index and one page per notebook, each with its charts."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, ROOT

from analysis import report


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return report.build_report(DATA, out)  # runs every notebook: about 15 s


def test_index_links_every_notebook(built):
    index = built.read_text(encoding="utf-8")
    names = [p.stem for p in report.notebooks()]
    assert len(names) == 5
    for name in names:
        assert f'href="{name}.html"' in index
        assert (built.parent / f"{name}.html").is_file()
    assert "Corpus overview" in index and "2023-07-11_blinken_nbc-today_interview" in index
    assert (built.parent / "tables" / "turns.parquet").is_file()


def test_pages_have_charts_and_no_code_or_cdn(built):
    for page in sorted(built.parent.glob("[0-9][0-9]_*.html")):
        html = page.read_text(encoding="utf-8")
        assert html.count("data:image/png;base64") >= 1, page.name
        assert "import analysis" not in html, page.name  # code hidden
        # nothing fetched at view time (mermaid.js is imported only for mermaid diagrams)
        assert not re.search(r'<script[^>]+src="https?://', html), page.name
        assert "Traceback" not in html, page.name


def test_parameters_are_injected(tmp_path):
    nb = report.nbformat.read(ROOT / "notebooks" / "01_corpus_overview.ipynb", as_version=4)
    report.inject_parameters(nb, DATA="/somewhere")
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    i = tags.index(["parameters"])
    assert tags[i + 1] == ["injected-parameters"]
    assert nb.cells[i + 1].source == "DATA = '/somewhere'"
    nb.cells.pop(i)
    with pytest.raises(ValueError, match="parameters"):
        report.inject_parameters(nb, DATA="x")
