"""The whole HTML report against one load of the same folder, measured in one run.

Run: ``.venv/bin/python benchmarks/bench_report.py [FOLDER]`` (default
../shared/corpus/whitehouse). Times one ``load_corpus(FOLDER)``, then the whole report
(``build_report``: its own load, the tables saved as CSV and Parquet, five notebooks run with
papermill on those tables, two at a time, the HTML pages), then one ``load_corpus`` of the
saved tables (what each notebook pays to start, instead of parsing the folder again). Goals:
the report in at most 5x the load; its largest page at most 2 MB. Each is timed once (the
report takes minutes); the report is written to a temporary folder and removed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import analysis
from analysis.report import build_report

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "whitehouse"
GOAL_RATIO = 5.0
GOAL_PAGE = 2_000_000  # bytes


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"bench_report: {folder} not found; pass a folder of transcripts")
        return
    t0 = time.perf_counter()
    corpus = analysis.load_corpus(folder)
    t_load = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        t0 = time.perf_counter()
        report = build_report(folder, Path(tmp) / "report")
        t_report = time.perf_counter() - t0
        t0 = time.perf_counter()
        analysis.load_corpus(report.tables)
        t_read = time.perf_counter() - t0
        files = [report.index, *(p.html for p in report.pages)]
        sizes = {f.name: f.stat().st_size for f in files}
    largest = max(sizes, key=lambda k: sizes[k])
    print(f"report on {folder}: {corpus!r}")
    print(f"  load_corpus (parse the folder)   {t_load:8.1f} s")
    print(f"  load_corpus (saved tables)       {t_read:8.1f} s   (each notebook's start)")
    print(f"  whole report                     {t_report:8.1f} s")
    for page in report.pages:
        status = "ok" if page.error is None else f"STOPPED: {page.error}"
        size = sizes[page.html.name]
        print(f"    {page.html.name:<38} {page.seconds:7.1f} s  {size:>11,} B  {status}")
    notebooks = sum(p.seconds for p in report.pages)
    print(f"    notebooks together (two at a time) {notebooks:5.1f} s")
    ratio = t_report / t_load
    print(f"  ratio report/load                {ratio:8.1f}x   (goal: <= {GOAL_RATIO:g}x)")
    mb = sizes[largest] / 1e6
    print(f"  largest page  {largest}: {mb:.2f} MB   (goal: <= {GOAL_PAGE / 1e6:g} MB)")


if __name__ == "__main__":
    main()
