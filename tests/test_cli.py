"""The command line on the seeds and on a few White House files, with its outputs checked."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import DATA, ROOT, WHITEHOUSE, need_whitehouse

from analysis.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_load_prints_a_summary_and_exports(capsys, tmp_path):
    code, out, err = run(capsys, "load", str(DATA), "--out", str(tmp_path / "t"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["doc_id", "kind", "date"]
    rows = {ln.split()[0]: ln.split() for ln in lines[1:]}
    assert rows["2023-07-11_blinken_nbc-today_interview"][1:3] == ["interview", "2023-07-11"]
    assert "17" in rows["2023-07-11_blinken_nbc-today_interview"]
    assert "21" in rows["2022-01-21_blinken_geneva_press-availability"]
    assert (tmp_path / "t" / "turns.csv").is_file()
    assert (tmp_path / "t" / "tokens.parquet").is_file()
    assert "tables written to" in err


def test_load_csv_output(capsys):
    code, out, _ = run(capsys, "load", str(DATA), "--csv")
    assert code == 0 and out.splitlines()[0].startswith("doc_id,kind,date,title")
    assert len(out.splitlines()) == 4


def test_kwic(capsys):
    code, out, err = run(capsys, "kwic", str(DATA), "outlast", "--window", "4", "--csv")
    assert code == 0
    assert out.splitlines()[0] == "doc_id,turn,speaker,left,match,right"
    assert len(out.splitlines()) == 11 and "10 match(es)" in err
    code, out, _ = run(capsys, "kwic", str(DATA), "swift, severe", "--window", "sentence")
    assert code == 0 and out.count("swift, severe") == 3


def test_phrases(capsys):
    code, out, _ = run(capsys, "phrases", str(DATA), "--n", "2", "--top", "3", "--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "doc_id,ngram,n,count" and len(lines) == 1 + 3 * 3
    assert "2023-07-11_blinken_nbc-today_interview,cluster munitions,2,4" in lines


def test_topics_and_provenance(capsys):
    code, out, _ = run(capsys, "topics", str(DATA), "--csv")
    assert code == 0 and "iran" in out.lower()
    code, out, _ = run(capsys, "provenance", str(DATA), "--csv")
    assert code == 0
    assert out.count("no source") >= 4 and "can → can’t" in out


def test_errors_are_one_line_and_non_zero(capsys, tmp_path):
    code, _, err = run(capsys, "load", str(tmp_path / "missing-folder"))
    assert code == 2 and "missing-folder: no such file or folder" in err
    assert "Traceback" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "load", str(empty))
    assert code == 2 and "no transcript could be loaded" in err
    code, _, err = run(capsys, "load", str(DATA), "--out", str(tmp_path / "x"), "--format", "xlsx")
    assert code == 2 and "unknown format" in err
    with pytest.raises(SystemExit):
        main(["kwic"])  # argparse: missing arguments


def test_white_house_files(capsys):
    need_whitehouse()
    pattern = str(WHITEHOUSE / "press-briefings" / "2022-01-0*.md")
    code, out, _ = run(capsys, "load", pattern, "--csv")
    assert code == 0 and len(out.splitlines()) > 3
    assert "press briefing" in out
    code, out, _ = run(capsys, "kwic", pattern, "vaccine*", "--csv", "--limit", "5")
    assert code == 0 and len(out.splitlines()) == 6


def test_module_entry_point_help():
    res = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert res.returncode == 0
    for cmd in ("load", "kwic", "phrases", "topics", "provenance", "report"):
        assert cmd in res.stdout
    res = subprocess.run(
        [sys.executable, "-m", "analysis", "kwic", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert "swift, severe" in res.stdout and "--window" in res.stdout
