"""The Parquet store: analyses of a store equal those of the in-memory corpus; incremental
rebuilds; a killed build; a bad file; a 2-worker Dask cluster; the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, need_whitehouse
from pandas.testing import assert_frame_equal

import analysis
from analysis import store as st
from analysis.cli import main

#: A background press call with questions and answers (7 KB), from the shared corpus.
PICK = (
    "press-briefings/2022-01-14-background-press-call-by-a-senior-administration-official"
    "-on-cybersecurity.md"
)


def _folder(dest: Path, n: int = 5) -> Path:
    """``n`` transcripts of the shared corpus linked into ``dest`` (PICK and the smallest
    over 9 KB, so a build takes a second or two), and one file that cannot be read."""
    wh = need_whitehouse()
    dest.mkdir(parents=True)
    files = [wh / PICK] if (wh / PICK).is_file() else []
    rest = sorted(
        (f for f in wh.rglob("*.md") if 9_000 < f.stat().st_size < 16_000 and f not in files),
        key=lambda f: (f.stat().st_size, f.name),
    )
    for f in [*files, *rest][:n]:
        (dest / f.name).symlink_to(f)
    (dest / "zz-broken.txt").write_bytes(b"\x00\x01\x02 not a transcript \x00")
    return dest


def _same_corpus(a: analysis.Corpus, b: analysis.Corpus) -> None:
    for name in a.tables():
        assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, analysis.Corpus]:
    """A small folder, its store (3 partitions) and its in-memory corpus."""
    tmp = tmp_path_factory.mktemp("store")
    src = _folder(tmp / "src")
    report = analysis.build_store(src, tmp / "store", workers=0, batch_files=2)
    assert (report.parsed, report.failed, report.parts) == (6, 1, 3)
    return src, tmp / "store", analysis.load_corpus(src)


def test_store_tables_equal_the_loaded_corpus_and_the_bad_file_is_reported(built):
    src, path, mem = built
    store = analysis.open_store(path)
    assert len(store) == 5 and len(store.parts) == 3
    assert store.doc_ids == mem.documents["doc_id"].tolist()
    _same_corpus(store.to_pandas(), mem)
    bad = store.problems[store.problems["severity"] == "error"]
    assert bad["path"].tolist() == [str(src / "zz-broken.txt")]
    assert "binary" in bad["message"].iloc[0]
    # the tables are Dask DataFrames with the documented columns
    tokens = store.tokens
    assert type(tokens).__module__.startswith("dask")
    assert list(tokens.columns) == list(mem.tokens.columns)
    assert int(tokens["token"].count().compute()) == len(mem.tokens)
    assert store.turns["n_words"].sum().compute() == mem.turns["n_words"].sum()


ANALYSES = {
    "ngrams": lambda c: analysis.ngrams(c),
    "ngrams_whole_corpus": lambda c: analysis.ngrams(c, n=(2, 3), by=None, min_count=3),
    "ngrams_by_speaker_and_kind": lambda c: analysis.ngrams(c, n=1, by=["speaker", "kind"]),
    "track": lambda c: analysis.track(c, ["thank you", "president*", "swift, severe"]),
    "track_by_role": lambda c: analysis.track(c, ["president", "cyber*"], by="role"),
    "kwic": lambda c: analysis.kwic(c, ["cyber*", "thank you"]),
    "kwic_sentence": lambda c: analysis.kwic(c, "president", window="sentence"),
    "topic_mix": lambda c: analysis.topic_mix(c),
    "topic_mix_by_role": lambda c: analysis.topic_mix(c, by="role"),
    "turn_lengths": lambda c: analysis.turn_lengths(c),
    "qa_lengths": lambda c: analysis.qa_lengths(c),
    "length_summary_by_role": lambda c: analysis.length_summary(c, by="role"),
    "length_summary_by_doc_role": lambda c: analysis.length_summary(c, by=["doc_id", "role"]),
    "keyness": lambda c: analysis.keyness(c, "question"),
}


@pytest.mark.parametrize("name", list(ANALYSES))
def test_analysis_of_a_store_equals_the_in_memory_one(built, name):
    _, path, mem = built
    want = ANALYSES[name](mem)
    got = ANALYSES[name](analysis.open_store(path, scheduler="sync"))
    assert type(got) is type(want)
    assert len(want) > 0  # the folder exercises the analysis
    assert_frame_equal(pd.DataFrame(got), pd.DataFrame(want), check_exact=True)


def test_sums_span_partitions(built):
    """Whole-corpus counts add up across partitions (the same words in several of them)."""
    _, path, _ = built
    store = analysis.open_store(path)
    got = analysis.ngrams(store, n=1, by=None)
    per_part = [analysis.ngrams(st._read_part(path, p), n=1, by=None) for p in store.parts]
    the = [int(t.set_index("ngram")["count"].get("president", 0)) for t in per_part]
    assert sum(1 for x in the if x) >= 2  # "president" is in more than one partition
    assert int(got.set_index("ngram").loc["president", "count"]) == sum(the)


def test_incremental_update_adds_changes_and_removes(tmp_path):
    src = _folder(tmp_path / "src", n=3)
    store = tmp_path / "store"
    first = analysis.build_store(src, store, workers=0, batch_files=2)
    assert (first.parsed, first.kept, first.removed) == (4, 0, 0)
    files = sorted(p for p in src.iterdir() if p.suffix == ".md")
    # change one (a real file in place of the link), remove one, add one
    changed = files[0]
    text = changed.read_text()
    changed.unlink()
    changed.write_text(text + "\n\nQ  One more question about the store?\n\nMS. LEE:  Yes.\n")
    files[1].unlink()
    extra = next(
        f
        for f in sorted(need_whitehouse().rglob("*.md"))
        if 15_000 < f.stat().st_size < 30_000
        and not (src / f.name).exists()
        and f.name != files[1].name
    )
    (src / extra.name).symlink_to(extra)
    again = analysis.build_store(src, store, workers=0, batch_files=2)
    assert (again.parsed, again.kept, again.removed, again.failed) == (2, 2, 2, 1)
    s = analysis.open_store(store)
    mem = analysis.load_corpus(src)
    _same_corpus(s.to_pandas(), mem)
    assert files[1].stem not in s.doc_ids and extra.stem in s.doc_ids
    assert "One more question about the store?" in s.to_pandas().text(changed.stem)
    # nothing is left of the old partitions: every file in the store is in the manifest
    parts = set(json.loads((store / "manifest.json").read_text())["parts"])
    on_disk = {f.stem for f in (store / "tokens").iterdir()}
    assert on_disk == parts
    # and a third run with nothing new parses nothing
    third = analysis.build_store(src, store, workers=0)
    assert (third.parsed, third.kept, third.removed) == (0, 4, 0)


KILLABLE = """
import sys, time
import analysis
analysis.build_store(sys.argv[1], sys.argv[2], workers=0, batch_files=1,
                     progress=lambda done, total: time.sleep(0.5))
"""


def test_a_killed_build_opens_with_what_was_complete_and_resumes(tmp_path):
    src = _folder(tmp_path / "src", n=4)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(src), str(store)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    manifest = store / "manifest.json"
    deadline = time.time() + 60
    while time.time() < deadline:
        if manifest.is_file() and len(json.loads(manifest.read_text())["parts"]) >= 2:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # a half-written partition: a temporary file, and a part the manifest does not list
    (store / "tokens" / ".junk.parquet.123.tmp").write_bytes(b"PAR1 half")
    (store / "turns" / "deadbeef.parquet").write_bytes(b"PAR1 half")
    half = analysis.open_store(store)
    assert 2 <= len(half) < 4
    mem = analysis.load_corpus(src)
    done = mem.documents[mem.documents["doc_id"].isin(half.doc_ids)].reset_index(drop=True)
    assert_frame_equal(half.to_pandas().documents, done)
    assert analysis.ngrams(half, n=1, by=None)["count"].sum() > 0
    # the next run completes it, and the store equals one built in one go
    report = analysis.build_store(src, store, workers=0, batch_files=1)
    assert report.kept == len(half) and report.parsed == 5 - len(half)
    whole = analysis.build_store(src, tmp_path / "whole", workers=0, batch_files=1)
    assert whole.parsed == 5
    _same_corpus(
        analysis.open_store(store).to_pandas(), analysis.open_store(tmp_path / "whole").to_pandas()
    )
    _same_corpus(analysis.open_store(store).to_pandas(), mem)
    assert not (store / "turns" / "deadbeef.parquet").exists()
    assert not list((store / "tokens").glob(".*"))


def test_a_two_worker_cluster_builds_the_same_store(built, tmp_path):
    src, _, mem = built
    report = analysis.build_store(src, tmp_path / "store", workers=2, batch_files=2)
    assert (report.parsed, report.failed, report.parts) == (6, 1, 3)
    store = analysis.open_store(tmp_path / "store")
    _same_corpus(store.to_pandas(), mem)


def test_open_store_without_a_store_says_how_to_make_one(tmp_path):
    with pytest.raises(FileNotFoundError, match="build_store"):
        analysis.open_store(tmp_path)
    assert not st.is_store(tmp_path) and not st.is_store(analysis.Corpus.empty())


def test_cli_store_then_commands_accept_the_store(built, tmp_path, capsys):
    src, _, _ = built
    out = tmp_path / "store"
    assert main(["store", str(src), str(out), "--workers", "0", "--csv"]) == 0
    captured = capsys.readouterr()
    summary = captured.out.splitlines()
    assert summary[0] == "documents,partitions,parsed,unchanged,removed,failed"
    assert summary[1] == "5,1,6,0,0,1"
    assert "zz-broken.txt" in captured.err
    for cmd in (["phrases", "--n", "2", "--by", "speaker", "--top", "3"], ["kwic", "cyber*"]):
        assert main([cmd[0], str(out), *cmd[1:], "--csv"]) == 0
        from_store = capsys.readouterr().out
        assert main([cmd[0], str(src), *cmd[1:], "--csv"]) == 0
        assert from_store == capsys.readouterr().out
        assert from_store.count("\n") > 2


# the report on a store: test_report.py::test_the_report_runs_on_a_store (beside the report
# on the same seeds, whose tables it must equal)
