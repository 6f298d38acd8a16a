"""The loader on the seeds: turns, titles, boilerplate, questioners, quotes, metadata."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import ARTICLE, AVAILABILITY, DATA, INTERVIEW

import analysis
from analysis.corpus import check_columns


def turns_of(corpus: analysis.Corpus, doc_id: str) -> pd.DataFrame:
    return corpus.turns[corpus.turns["doc_id"] == doc_id].reset_index(drop=True)


def test_tables_match_the_documented_schema(seeds):
    assert check_columns(seeds) == []
    assert len(seeds.documents) == 3


def test_interview_turn_sequence(seeds):
    t = turns_of(seeds, INTERVIEW)
    assert len(t) == 17
    q, a = "QUESTION", "SECRETARY BLINKEN"
    assert t["speaker"].tolist() == [q, q] + [a, q] * 7 + [a]
    assert t["turn"].tolist() == list(range(17))
    assert t.loc[0, "text"].startswith("And joining us now with a very busy day ahead")
    assert t.loc[16, "text"] == "Thanks, Savannah.\u00a0 Good to be with you."
    # the unlabelled paragraph "The Russians have already saturated ..." continues Blinken
    assert "The Russians have already saturated Ukraine" in t.loc[6, "text"]
    assert t.loc[6, "text"].startswith("It comes down to this.")


def test_availability_turn_sequence(seeds):
    t = turns_of(seeds, AVAILABILITY)
    assert len(t) == 21
    b, p, q = "SECRETARY BLINKEN", "MR PRICE", "QUESTION"
    assert t["speaker"].tolist() == [
        b,
        p,
        q,
        b,
        p,
        q,
        p,
        q,
        b,
        p,
        q,
        b,
        q,
        b,
        p,
        q,
        b,
        p,
        q,
        b,
        p,
    ]
    assert t.loc[5, "text"] == "And your —"
    assert t.loc[20, "text"] == "Thank you, Mr. Secretary."


def test_roles(seeds):
    t = turns_of(seeds, AVAILABILITY)
    assert set(t.loc[t["speaker"] == "MR PRICE", "role"]) == {"moderator"}
    assert t.loc[0, "role"] == "statement"  # opening remarks, before any question
    assert set(t.loc[t["speaker"] == "SECRETARY BLINKEN", "role"].iloc[1:]) == {"answer"}
    assert set(turns_of(seeds, ARTICLE)["role"]) == {"narration"}


def test_titles_dates_kinds(seeds):
    d = seeds.documents.set_index("doc_id")
    assert d.loc[AVAILABILITY, "title"] == "Secretary Antony J. Blinken at a Press Availability"
    assert d.loc[AVAILABILITY, "date"] == pd.Timestamp("2022-01-21")
    assert d.loc[INTERVIEW, "date"] == pd.Timestamp("2023-07-11")
    assert d.loc[ARTICLE, "kind"] == "news article"
    assert d.loc[INTERVIEW, "kind"] == "interview"
    assert d.loc[ARTICLE, "title"].startswith("Blinken says Ukraine would be 'defenseless'")


def test_boilerplate_stripped_and_kept_as_segments(seeds):
    text = " ".join(seeds.turns["text"])
    for chrome in (
        "Official websites use .gov",
        "# # #",
        "U.S. Department of State",
        "The Lessons of 1989",
        "Marco Emanuele",
        "Latest articles",
        "Related articles",
        "IE 11 is not supported",
        "Get more news",
        "reported from Vilnius",
    ):
        assert chrome not in text, chrome
    seg = seeds.segments
    bp = " ".join(seg.loc[seg["kind"].isin(["boilerplate", "metadata"]), "text"])
    for chrome in (
        "Official websites use .gov",
        "# # #",
        "Marco Emanuele è appassionato",
        "Latest articles",
        "Get more news",
    ):
        assert chrome in bp, chrome
    title = seg[(seg["doc_id"] == AVAILABILITY) & (seg["kind"] == "title")]["text"].tolist()
    assert title == ["Secretary Antony J. Blinken at a Press Availability (US Department of State)"]


def test_questioners_in_the_press_availability(seeds):
    qa = seeds.qa[seeds.qa["doc_id"] == AVAILABILITY]
    assert qa["question_turn"].tolist() == [2, 5, 7, 10, 12, 15, 18]
    assert qa["questioner"].tolist() == [
        "Andrea Mitchell",
        "Andrea Mitchell",
        "Andrea Mitchell",  # cut off, then back
        "Michael Crowley",
        "Michael Crowley",
        "Ben Hall",
        "Laurent Burkhalter",
    ]
    assert qa["answer_turns"].tolist() == [(3,), (), (8,), (11,), (13,), (16,), (19,)]
    assert qa["interrupted"].tolist() == [False, True, True, False, False, False, False]
    assert qa["follow_up"].tolist() == [False, True, True, False, True, False, False]


def test_interview_questions_and_interviewer(seeds):
    qa = seeds.qa[seeds.qa["doc_id"] == INTERVIEW]
    # the introduction (turn 0) and the closing thanks (turn 15) ask nothing
    assert qa["question_turn"].tolist() == [1, 3, 5, 7, 9, 11, 13]
    t = turns_of(seeds, INTERVIEW)
    assert t.loc[[0, 15], "asks"].tolist() == [False, False]
    # Blinken addresses her as Savannah: the only interviewer in the interview
    assert set(t.loc[t["role"] == "question", "speaker_name"]) == {"Savannah"}
    assert set(t.loc[t["role"] == "answer", "speaker_name"]) == {"Antony J. Blinken"}
    assert t.loc[2, "reply_to"] == 1


def test_quotes_and_their_speakers(seeds):
    q = seeds.quotes
    assert set(q["doc_id"]) == {ARTICLE}

    def speaker(start: str) -> str:
        (who,) = q.loc[q["text"].str.startswith(start), "speaker"]
        return who

    assert speaker("I think everyone’s been clear") == "Antony Blinken"
    assert speaker("That tells President Putin") == "Antony Blinken"
    assert speaker("enhancing defense and deterrence") == "Joe Biden"
    assert speaker("Well, these for us") == "Antony Blinken"  # ", he said."
    assert speaker("It’s been the policy") == "Antony Blinken"  # same paragraph
    texts = " | ".join(q["text"])
    for not_speech in ("TODAY", "Andrea Mitchell Reports", "bomblets", "defenseless"):
        assert not any(t.strip(' ,."') == not_speech for t in q["text"]), not_speech
    assert "he can’t outlast all of the countries" in texts
    # offsets point into the article
    art = seeds.text(ARTICLE)
    assert all(art[r.start : r.end] == r.text for r in q.itertuples())


def test_lossless_offsets(seeds):
    docs = seeds.documents.set_index("doc_id")["text"]
    for table in ("turns", "sentences", "tokens", "quotes", "segments"):
        df = getattr(seeds, table)
        bad = [r for r in df.itertuples() if docs[r.doc_id][r.start : r.end] != r.text]
        assert bad == [], table


def test_segments_partition_every_document(seeds):
    for doc_id, g in seeds.segments.groupby("doc_id", sort=False):
        assert g["start"].iloc[0] == 0
        assert (g["end"].to_numpy()[:-1] == g["start"].to_numpy()[1:]).all()
        assert g["end"].iloc[-1] == len(seeds.text(doc_id))
        assert "".join(g["text"]) == seeds.text(doc_id)


def test_tokens_and_sentences(seeds):
    tok = seeds.tokens[seeds.tokens["doc_id"] == INTERVIEW]
    assert tok["token"].tolist() == list(range(len(tok)))
    assert (tok["norm"] == tok["text"].str.lower().str.replace("’", "'")).all()
    assert "can't" in set(tok["norm"])
    # no word of a label or of boilerplate is a token
    assert not {"QUESTION", "SECRETARY", "gov"} & set(tok["text"])
    t = turns_of(seeds, INTERVIEW)
    assert tok.groupby("turn").size().tolist() == t["n_words"].tolist()
    s = seeds.sentences[seeds.sentences["doc_id"] == INTERVIEW]
    assert s.groupby("turn").size().tolist() == t["n_sentences"].tolist()
    assert t.loc[16, "n_sentences"] == 2
    # "(inaudible)" in 003 is a stage direction: not a word
    assert "inaudible" not in set(seeds.tokens["norm"])


def test_metadata_sidecar_is_optional(tmp_path):
    src = DATA / f"{AVAILABILITY}.txt"
    (tmp_path / "a.txt").write_bytes(src.read_bytes())
    c = analysis.load_corpus(tmp_path)
    d = c.documents.iloc[0]
    assert d["doc_id"] == "a"
    # without metadata the title comes from the first line of the page
    assert (
        d["title"] == "Secretary Antony J. Blinken at a Press Availability (US Department of State)"
    )
    assert pd.isna(d["date"])
    assert d["kind"] == "press availability"


def test_sources_a_file_a_glob_a_list(tmp_path):
    one = analysis.load_corpus(DATA / f"{INTERVIEW}.txt")
    assert one.documents["doc_id"].tolist() == [INTERVIEW]
    glob = analysis.load_corpus(str(DATA / "2023-*.txt"))
    assert sorted(glob.documents["doc_id"]) == [INTERVIEW, ARTICLE]
    lst = analysis.load_corpus([DATA / f"{ARTICLE}.txt", DATA / f"{INTERVIEW}.txt"])
    assert len(lst.documents) == 2
    with pytest.raises(FileNotFoundError, match="no-such-folder"):
        analysis.load_corpus(tmp_path / "no-such-folder")


def test_save_writes_csv_and_parquet(seeds, tmp_path):
    out = seeds.save(tmp_path / "tables")
    for name in (
        "documents",
        "turns",
        "qa",
        "sentences",
        "tokens",
        "quotes",
        "segments",
        "problems",
    ):
        assert (out / f"{name}.csv").is_file()
        back = pd.read_parquet(out / f"{name}.parquet")
        assert len(back) == len(getattr(seeds, name))
    qa = pd.read_csv(out / "qa.csv", keep_default_na=False)
    assert qa.loc[qa["question_turn"] == 2, "answer_turns"].tolist()[0] in ("3", 3)


def test_parse_text_matches_load(seeds):
    text = (DATA / f"{AVAILABILITY}.txt").read_text(encoding="utf-8")
    one = analysis.parse_text(text, doc_id="x")
    assert one.turns["speaker"].tolist() == turns_of(seeds, AVAILABILITY)["speaker"].tolist()
    assert one.turns["speaker_name"].tolist()[2] == "Andrea Mitchell"


def test_parallel_load_gives_the_same_tables(seeds):
    par = analysis.load_corpus(DATA, workers=2)
    for name, df in seeds.tables().items():
        pd.testing.assert_frame_equal(getattr(par, name), df, obj=name)


def test_workers_by_default_follow_the_folder_size_and_the_cores(monkeypatch, seeds):
    import multiprocessing

    from analysis import load

    paths = sorted(DATA.glob("*.txt"))
    size = sum(p.stat().st_size for p in paths)
    monkeypatch.setattr(load.sys, "platform", "linux")
    monkeypatch.setattr(load.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5}, raising=False)
    monkeypatch.setattr(load, "PARALLEL_BYTES", size + 1)
    assert load.auto_workers(paths) == 1  # too little to be worth a process
    monkeypatch.setattr(load, "PARALLEL_BYTES", size)
    assert load.auto_workers(paths) == 4  # one per core, at most 4
    assert load.auto_workers(paths[:1]) == 1  # one file: nothing to share
    monkeypatch.setattr(load.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert load.auto_workers(paths) == 2
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True, raising=False)
    assert load.auto_workers(paths) == 1  # a daemon process may not have children
    monkeypatch.undo()
    monkeypatch.setattr(load.sys, "platform", "darwin")
    monkeypatch.setattr(load, "PARALLEL_BYTES", 1)
    assert load.auto_workers(paths) == 1  # fork is unsafe on macOS


def test_default_workers_give_the_same_tables(monkeypatch, seeds):
    from analysis import load

    calls = []
    monkeypatch.setattr(load, "auto_workers", lambda paths: calls.append(paths) or 2)
    par = analysis.load_corpus(DATA)
    assert len(calls) == 1 and len(calls[0]) == len(seeds.documents)
    for name, df in seeds.tables().items():
        pd.testing.assert_frame_equal(getattr(par, name), df, obj=name)


def test_official_names_take_the_given_name_only():
    from analysis.speakers import official_name

    title = (
        "Press Briefing by Press Secretary Karine Jean-Pierre and NSC Coordinator for "
        "Strategic Communications John Kirby"
    )
    assert official_name("MR. KIRBY", title, "") == "John Kirby"
    assert official_name("MS. JEAN-PIERRE", title, "") == "Karine Jean-Pierre"
    assert official_name("SECRETARY BLINKEN", "Secretary Antony J. Blinken in Geneva", "") == (
        "Antony J. Blinken"
    )
    # the words after "President" in a title stop where the name does
    said = "Well, before I get on board, let me say a word to members of the press."
    for title, name in [
        ("Remarks by President Biden Before Marine One Departure", "Biden"),
        ("Remarks by President Biden Celebrating Labor Unions", "Biden"),
        ("Remarks by Vice President Harris To Members of the Press", "Harris"),
        ("Remarks by President Joe Biden at a Reception", "Joe Biden"),
    ]:
        role = "THE VICE PRESIDENT" if "Vice" in title else "THE PRESIDENT"
        assert official_name(role, title, said) == name, title


def test_metadata_dataframe_faults_name_the_row(tmp_path):
    (tmp_path / "a.txt").write_bytes((DATA / f"{INTERVIEW}.txt").read_bytes())
    meta = pd.DataFrame(
        {"doc_id": ["a", "a", "zz"], "date": ["2023-02-29", "2023-01-01", ""], "outlet": "NBC"}
    )
    c = analysis.load_corpus(tmp_path, metadata=meta)
    d = c.documents.iloc[0]
    assert d["outlet"] == "NBC" and pd.isna(d["date"])
    assert c.problems["message"].tolist() == [
        "row 0: date '2023-02-29' of 'a' is not a real date: the rest of the row is used, the "
        "date comes from the front matter or the file name",
        "row 1: doc_id 'a' repeats row 0: this row is not used (the first one is)",
        "row 2: doc_id 'zz' matches no file loaded: row not used",
    ]
    assert set(c.problems["path"]) == {"<metadata DataFrame>"}


def test_metadata_rows_of_other_files_are_no_fault_for_one_file_or_a_glob():
    glob = analysis.load_corpus(str(DATA / "2023-*.txt"))
    assert glob.problems.empty
    assert glob.documents.set_index("doc_id").loc[INTERVIEW, "outlet"] == "NBC TODAY"
    given = analysis.load_corpus(str(DATA / "2023-*.txt"), metadata=DATA.parent / "metadata.csv")
    assert given.problems["message"].tolist() == [
        f"line 4: doc_id {AVAILABILITY!r} matches no file loaded: row not used"
    ]


def test_token_words_are_categories_that_sort_and_compare_as_strings(seeds, tmp_path):
    tok = seeds.tokens
    for col in ("text", "norm"):
        cats = list(tok[col].cat.categories)
        assert cats == sorted(cats)  # so sorting and grouping go as with plain strings
    plain = tok["norm"].astype(str)
    assert ((tok["norm"] == "the") == (plain == "the")).all()
    assert tok["norm"].str.startswith("pres").sum() == plain.str.startswith("pres").sum()
    by_word = tok.groupby("norm").size()
    assert by_word.index.tolist() == sorted(set(plain))
    assert by_word.sum() == len(tok)
    for col in ("turn", "sent", "token", "start", "end"):
        assert tok[col].dtype == "int32"
    back = analysis.Corpus.read(seeds.save(tmp_path / "t", formats=("csv",)))
    pd.testing.assert_frame_equal(back.tokens, tok)


def test_word_codes_for_phrases_match_the_tables(seeds):
    tok, turns = seeds.tokens, seeds.turns
    codes, words = seeds._norm_codes
    assert (words[codes] == tok["norm"].astype(str).to_numpy()).all()
    assert codes[0] == 0 and (codes[1:] <= np.maximum.accumulate(codes)[:-1] + 1).all()
    rows = seeds._turn_rows
    assert (turns["doc_id"].to_numpy()[rows] == tok["doc_id"].astype(str).to_numpy()).all()
    assert (turns["turn"].to_numpy()[rows] == tok["turn"].to_numpy()).all()
    docs = seeds._token_docs
    assert (seeds.documents["doc_id"].to_numpy()[docs] == tok["doc_id"].astype(str)).all()


def test_a_long_text_s_vocabulary_lists_its_words_once_with_the_same_answers(monkeypatch):
    # a whole archive pasted into one file: the words are listed once rather than searched
    # for each name, and every answer is the one the search gives
    from analysis import load

    parts = ["the o’connell case", "Jean-Pierre said", "jean-pierre's note", "_under", "x-ray"]
    text = " ".join(parts * 40_000) + " darlene. CAN'T can't 'quoted' U.S. 42nd"
    words = [w.lower() for w in re.findall(r"[\w’'\-.]+", text[-200:])]
    words += ["o’connell", "jean-pierre", "ray", "under", "zzz", "connell", "quoted", "nd"]
    assert len(text) > load.VOCABULARY_SET_CHARS
    listed = load.Vocabulary(text)
    found = [w in listed for w in words]
    assert listed.words is not None  # the long path was taken
    monkeypatch.setattr(load, "VOCABULARY_SET_CHARS", 10**12)
    searched = load.Vocabulary(text)
    assert [w in searched for w in words] == found
    # a word inside a longer one ("jean-pierre's", "o’connell") is not printed alone
    assert found[words.index("o’connell")] and not found[words.index("connell")]
    assert not found[words.index("jean-pierre")] and not found[words.index("ray")]
