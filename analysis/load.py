"""Load transcripts from files or strings into a :class:`~analysis.corpus.Corpus`."""

from __future__ import annotations

import csv
import datetime
import glob as globlib
import io
import logging
import multiprocessing as mp
import os
import re
import stat
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .corpus import Corpus, saved_format
from .decode import (
    LoadError,
    Problem,
    captions_to_text,
    decode_bytes,
    docx_to_text,
    html_to_text,
    looks_like_html,
    normalise_newlines,
    odt_to_text,
    pdf_to_text,
    rtf_to_text,
)
from .parse import HEADER_DATE_CHARS, date_in_text, parse_structure
from .quotes import extract_quotes
from .schema import conform, empty
from .speakers import attribute, official_name
from .tokenize import byte_positions, codepoints, sentence_arrays, spans_array, word_spans

log = logging.getLogger(__name__)

#: File name endings read from a folder.
EXTENSIONS = (
    ".txt", ".md", ".markdown", ".text", ".html", ".htm", ".docx", ".odt", ".pdf", ".rtf",
    ".srt", ".vtt",
)  # fmt: skip
#: Files larger than this are reported and skipped (pass ``max_bytes`` to change it).
MAX_BYTES = 25_000_000
#: Columns of metadata.csv that are used (besides ``doc_id``).
META_FIELDS = ("title", "date", "kind", "outlet", "location", "source")

_KINDS = (
    ("press briefing", r"press briefing|briefing by|daily briefing"),
    ("press gaggle", r"gaggle"),
    ("press call", r"press call|background call|conference call|teleconference|on-the-record call"),
    ("press availability", r"press availability|joint availability"),
    ("press conference", r"press conference|news conference"),
    (
        "interview",
        r"interview| with [A-Z][a-z]+ [A-Z][a-z]+ of |\bon (?:NBC|CBS|ABC|CNN|MSNBC|Fox)",
    ),
    ("remarks", r"remarks|speech|address|toast|eulogy"),
    ("statement", r"statement"),
    ("readout", r"readout"),
    ("hearing", r"\bhearings?\b|\bnomination of\b"),
    ("debate", r"congressional record|\bhansard\b|\bdebates?\b"),
)
_REMARKS_BY_RE = re.compile(
    r"\b(?:Remarks|Statement|Address|Speech)\s+(?:by|of)\s+(?:the\s+)?(?P<who>(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]+)"
)
_DATE_IN_NAME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# a run of capitals ending in a colon at the start of a block, as a speaker label does
_LABEL_LIKE_RE = re.compile(
    r"[^\S\n]*(?P<label>[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de0-9.'’\-]*"
    r"(?:[^\S\n]+[A-Z\u00c0-\u00de0-9.'’\-]+){0,20})[^\S\n]*:"
)


# -- one document -----------------------------------------------------------------------


#: Characters of a text above which :class:`Vocabulary` lists its words once rather than
#: searching it for each (a whole archive pasted into one file).
VOCABULARY_SET_CHARS = 1_000_000
# a word as Vocabulary._find bounds it: letters and digits, with ’ ' - _ inside
_RUN_RE = re.compile(r"[^\W_][\w’'\-]*|[’'\-_][\w’'\-]*")


class Vocabulary:
    """Words a text prints in lower case, looked up on demand (a few names per document
    are checked, so a search per word beats building the whole set)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[str, bool] = {}
        self.words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        w = str(word).lower()
        if w not in self.seen:
            if len(self.text) > VOCABULARY_SET_CHARS and _RUN_RE.fullmatch(w):
                # a long text: each search would scan it all, so its words are listed once
                if self.words is None:
                    self.words = set(_RUN_RE.findall(self.text))
                self.seen[w] = w in self.words
            else:
                self.seen[w] = self._find(w)
        return self.seen[w]

    def _find(self, w: str) -> bool:
        text, n = self.text, len(w)
        i = text.find(w)
        while i != -1:
            before = text[i - 1] if i else " "
            after = text[i + n] if i + n < len(text) else " "
            if not (before.isalnum() or before in "’'-_") and not (
                after.isalnum() or after in "’'-_"
            ):
                return True
            i = text.find(w, i + 1)
        return False


def _kind(title: str, labelled: bool, news: bool, roles: list[str], tags: str) -> str:
    if news:
        return "news article"
    for kind, pat in _KINDS:
        if re.search(pat, title, re.IGNORECASE if kind != "interview" else 0) or (
            kind == "interview" and re.search("interview", title, re.IGNORECASE)
        ):
            return kind
    if "press-briefing" in tags:
        return "press briefing"
    if not labelled:
        return "remarks"
    if "question" in roles:
        return "interview" if "moderator" not in roles else "press availability"
    return "transcript"


def _document(text: str, doc_id: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Every table's rows for one decoded text (lists and arrays, built into frames later)."""
    st = parse_structure(text, title=str(meta.get("title") or ""), kind=str(meta.get("kind") or ""))
    fm = st.front_matter
    title = " ".join(str(meta.get("title") or fm.get("title") or st.title or "").split())
    # speech-only view of the text: everything that is not spoken becomes spaces
    speech = [(s, e) for kind, s, e, _ in st.segments if kind == "speech"]
    parts, pos = [], 0
    for s, e in speech:
        parts.append(" " * (s - pos))
        parts.append(text[s:e])
        pos = e
    parts.append(" " * (len(text) - pos))
    masked = "".join(parts)
    cp = codepoints(masked)
    t_start, t_end = word_spans(masked, cp)
    turn_starts = np.fromiter((s for _, s, _ in st.turns), dtype=np.int64, count=len(st.turns))
    tok_turn = np.searchsorted(turn_starts, t_start, side="right") - 1
    # sentences never cross a turn's edges; those with no spoken word are dropped
    turn_ends = np.fromiter((e for _, _, e in st.turns), dtype=np.int64, count=len(st.turns))
    s_start, s_end = sentence_arrays(masked, np.concatenate([turn_starts, turn_ends]), cp)
    del masked, parts
    tok_sent = np.searchsorted(s_start, t_start, side="right") - 1
    words_per_sent = np.bincount(tok_sent, minlength=len(s_start))
    keep = words_per_sent > 0
    new_id = np.cumsum(keep) - 1
    tok_sent = new_id[tok_sent] if len(tok_sent) else tok_sent
    s_start, s_end, words_per_sent = s_start[keep], s_end[keep], words_per_sent[keep]
    s_turn = np.searchsorted(turn_starts, s_start, side="right") - 1
    n_turns = len(st.turns)
    words_per_turn = np.bincount(tok_turn, minlength=n_turns) if n_turns else np.zeros(0, int)
    sents_per_turn = np.bincount(s_turn, minlength=n_turns) if n_turns else np.zeros(0, int)
    labels = [lab for lab, _, _ in st.turns]
    texts = [text[s:e] for _, s, e in st.turns]
    default_speaker = ""
    if not st.labelled and not st.news:
        m = _REMARKS_BY_RE.search(title)
        if m:
            default_speaker = official_name(m.group("who").upper(), title, text) or m.group("who")
    common = Vocabulary(text)
    info = attribute(
        labels,
        texts,
        words_per_turn.tolist(),
        title=title,
        doc_text=text,
        narration=st.news,
        default_speaker=default_speaker,
        common=common,
        bracketed=_bracketed(text, st.segments, len(labels)),
    )
    quotes = extract_quotes(text, [(s, e) for _, s, e in st.turns]) if st.news else []
    tags = str(fm.get("tags") or "")
    kind = str(meta.get("kind") or "") or _kind(title, st.labelled, st.news, info.role, tags)
    problems = []
    if not st.labelled and not st.news and kind not in ("remarks", "statement"):
        problems.append(
            Problem("warning", "no speaker labels found: read as remarks by one speaker")
        )
    elif not st.labelled and not st.news:
        problems.append(Problem("info", "no speaker labels: read as remarks by one speaker"))
    if not st.turns:
        problems.append(
            Problem("warning", "no spoken text found: every block looks like page furniture")
        )
    if st.front_matter_problem:
        problems.append(st.front_matter_problem)
    problems.extend(_long_labels(text, st.segments))
    # the page's own words above the first turn (front matter has had its say)
    top = next((e for k, _, e, _ in st.segments if k == "front_matter"), 0)
    first = st.turns[0][1] if st.turns else len(text)
    header = f"{title}\n{text[top : min(first, top + HEADER_DATE_CHARS)]}"
    date, date_problems = _date(meta, fm, doc_id, header)
    problems.extend(date_problems)
    source = str(meta.get("source") or "")
    if not source and fm.get("source_url"):
        source = urlparse(str(fm["source_url"])).netloc
    n_seg = len(st.segments)
    seg_start = np.fromiter((a for _, a, _, _ in st.segments), np.int64, n_seg)
    seg_end = np.fromiter((b for _, _, b, _ in st.segments), np.int64, n_seg)
    data = text.encode("utf-8")
    # UTF-8 byte offsets of every span: the text columns are cut from the bytes at the end
    bpos = None if len(data) == len(text) else byte_positions(codepoints(text))
    words = (
        spans_array(data, t_start, t_end)
        if bpos is None
        else spans_array(data, bpos[t_start], bpos[t_end])
    )
    # each distinct word once per document; the corpus's vocabulary is merged at the end
    coded = pc.dictionary_encode(words)
    del words

    def nbytes(offsets: np.ndarray) -> np.ndarray:
        return offsets if bpos is None else bpos[offsets]

    i32 = np.int32
    return {
        "doc": {
            "doc_id": doc_id,
            "path": str(meta.get("path", "")),
            "title": title,
            "date": str(date) if date else "",
            "kind": kind,
            "source": source,
            "outlet": str(meta.get("outlet") or ""),
            "location": str(meta.get("location") or st.location or ""),
            "encoding": str(meta.get("encoding", "utf-8")),
            "n_chars": len(text),
            "n_turns": n_turns,
            "n_words": len(t_start),
        },
        "utf8": data,
        "turns": {
            "turn": np.arange(n_turns),
            "speaker": labels if not default_speaker else [default_speaker] * n_turns,
            "speaker_name": info.speaker_name,
            "role": info.role,
            "asks": info.asks,
            "reply_to": info.reply_to,
            "start": turn_starts,
            "end": turn_ends,
            "n_words": words_per_turn,
            "n_sentences": sents_per_turn,
        },
        "turn_bytes": (nbytes(turn_starts), nbytes(turn_ends)),
        "qa": info.qa,
        "sentences": (s_turn, s_start, s_end, words_per_sent),
        "sentence_bytes": (nbytes(s_start), nbytes(s_end)),
        # a token's turn and sentence are not kept: both are in order, so the per-turn and
        # per-sentence word counts give them back
        "tokens": [t_start.astype(i32), t_end.astype(i32)],
        "words": (coded.indices.to_numpy(), coded.dictionary),
        "quotes": quotes,
        "segments": (
            [k for k, _, _, _ in st.segments],
            np.fromiter((t for _, _, _, t in st.segments), np.int64, n_seg),
            seg_start,
            seg_end,
        ),
        "segment_bytes": (nbytes(seg_start), nbytes(seg_end)),
        "problems": problems,
    }


_BRACKETED_RE = re.compile(r"\(([^()\n]{1,60})\)[^\S\n]*:?[^\S\n]*\Z")


def _bracketed(text: str, segments: list[tuple[str, int, int, int]], n: int) -> list[str]:
    """What each turn's label holds in brackets after its words ("The Prime Minister (Keir
    Starmer): " -> "Keir Starmer"), '' where nothing."""
    out = [""] * n
    for kind, s, e, t in segments:
        if kind == "label" and 0 <= t < n and text.find("(", s, e) >= 0:
            m = _BRACKETED_RE.search(text[s:e].rstrip())
            out[t] = " ".join(m.group(1).split()) if m else ""
    return out


def _date_string(value: str) -> str:
    """``value`` as an ISO date, or ``""`` when it is no real day (``2022-02-30``). A UTC
    offset is dropped, keeping the time as printed, so that documents from several time
    zones share one date column."""
    if _ISO_DATE_RE.fullmatch(value):  # the common case, a hundred times faster than pandas
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            return ""
    try:
        ts = pd.to_datetime(value, format="mixed")
    except (ValueError, TypeError, OverflowError):
        return ""
    if pd.isna(ts):
        return ""
    return str(ts.tz_localize(None).isoformat() if ts.tzinfo is not None else ts.isoformat())


def _date(
    meta: dict[str, Any], fm: dict[str, Any], doc_id: str, header: str = ""
) -> tuple[str, list[Problem]]:
    """The document's date: given, else front matter, else the file name, else the first
    date printed in ``header`` (the title and what precedes the first turn); a date that is
    no real day (``2022-02-30``) is reported and the next source is used."""
    m = _DATE_IN_NAME_RE.search(doc_id)
    candidates = [
        ("given", meta.get("date")),
        ("front matter", fm.get("date")),
        ("file name", m.group(0) if m else None),
        ("page", date_in_text(header) or None),
    ]
    bad: list[str] = []
    date, source = "", ""
    for where, value in candidates:
        if value in (None, ""):
            continue
        if iso := _date_string(str(value)):
            date, source = iso, where
            break
        bad.append(f"{where} date {str(value)[:40]!r} is not a real date")
    then = f"the {source} date ({date}) is used" if date else "the date is left empty"
    return date, [Problem("warning", f"{b}: {then}") for b in bad]


def _long_labels(text: str, segments: list[tuple[str, int, int, int]]) -> list[Problem]:
    """Boilerplate that opens like a speaker label too long to be one ("AAAA…:"): its
    words are in no turn, so say so."""
    out = []
    for kind, s, e, _ in segments:
        if kind != "boilerplate":
            continue
        m = _LABEL_LIKE_RE.match(text, s, min(e, s + 2000))
        if not m:
            continue
        words = m.group("label").split()
        if len(words) > 8 or max(len(w) for w in words) > 31:
            shown = m.group("label")[:30] + ("…" if len(m.group("label")) > 30 else "")
            out.append(
                Problem(
                    "warning",
                    f"characters {s:,}–{e:,} open like a speaker label ({shown!r}, "
                    f"{len(m.group('label')):,} characters) too long to be one: read as "
                    "boilerplate, so those words are in no turn; check the file",
                )
            )
    return out


# -- assembling tables ------------------------------------------------------------------


def _strings(values: Sequence[str] | pa.Array) -> pd.api.extensions.ExtensionArray:
    """A pandas string column built through Arrow (several times faster than from a list)."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    return pd.array(arr, dtype="str")


def _repeat(ids: list[str], counts: Sequence[int]) -> pd.api.extensions.ExtensionArray:
    """``ids[i]`` repeated ``counts[i]`` times, as a string column."""
    idx = np.repeat(np.arange(len(ids)), np.asarray(counts, dtype=np.int64))
    return _strings(pa.array(ids, type=pa.large_string()).take(pa.array(idx)))


def _cat(values: pa.Array, codes: np.ndarray, via: np.ndarray | None = None) -> pd.Categorical:
    """``values.take(codes)`` (or ``values.take(via[codes])``) as a categorical whose
    categories are sorted, so that sorting and grouping by it go in the same order as by the
    strings themselves."""
    order = pc.sort_indices(values).to_numpy()
    small = np.int16 if len(order) < 2**15 else np.int32  # the codes pandas would keep
    rank = np.empty(len(order), dtype=small)
    rank[order] = np.arange(len(order), dtype=small)
    if via is not None:
        rank = rank[via]
    cats = pd.Index(_strings(values.take(pa.array(order))))
    return pd.Categorical.from_codes(rank[codes], categories=cats, validate=False)


def _release_freed() -> None:
    """Hand memory freed on the C heap back to the system (glibc keeps the holes that
    thousands of small per-document arrays leave, so the resident size would only grow), and
    what Arrow's allocator keeps of the columns its compute functions made and dropped."""
    if _TRIM is not None:
        _TRIM(0)
    pa.default_memory_pool().release_unused()


def _malloc_trim() -> Any:
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


_TRIM = _malloc_trim()


def _doc_ids_column(ids: list[str], counts: Sequence[int]) -> pd.Categorical:
    """``ids[i]`` repeated ``counts[i]`` times, as a categorical in document order."""
    codes = np.repeat(np.arange(len(ids), dtype=np.int32), np.asarray(counts, dtype=np.int64))
    return pd.Categorical.from_codes(codes, categories=pd.Index(ids, dtype="str"))


def _concat(parts: list[np.ndarray], dtype: type = np.int64) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _assemble(docs: list[dict[str, Any]], problems: list[dict[str, str]]) -> Corpus:
    """The corpus's tables from every document's arrays. Each column is built in turn and
    the documents' pieces of it are let go at once, so the peak stays near the result."""
    if not docs:
        c = Corpus.empty()
        c.problems = conform("problems", pd.DataFrame(problems)) if problems else empty("problems")
        return c
    ids = [d["doc"]["doc_id"] for d in docs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"document ids must be unique; repeated: {', '.join(dup)}")
    # every document's UTF-8 bytes, end to end: all text columns are cut from (or share) them
    doc_bytes = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d["utf8"]) for d in docs], out=doc_bytes[1:])
    data = b"".join([d.pop("utf8") for d in docs])
    _release_freed()
    documents = pd.DataFrame([d["doc"] for d in docs])
    documents["date"] = pd.to_datetime(documents["date"], errors="coerce", format="mixed")
    documents["text"] = _strings(
        pa.LargeStringArray.from_buffers(len(docs), pa.py_buffer(doc_bytes), pa.py_buffer(data))
    )
    documents = conform("documents", documents)

    def rep(counts: list[int]) -> pd.api.extensions.ExtensionArray:
        return _repeat(ids, counts)

    def text_of(key: str, counts: list[int]) -> pd.api.extensions.ExtensionArray:
        """The text column of one table from the documents' byte offsets (let go of)."""
        shift = np.repeat(doc_bytes[:-1], counts)
        parts = [d.pop(key) for d in docs]
        start = _concat([p[0] for p in parts]) + shift
        end = _concat([p[1] for p in parts]) + shift
        del parts
        if len(start) and start[0] == 0 and end[-1] == len(data) and (start[1:] == end[:-1]).all():
            # the spans tile the text (segments do): share its bytes rather than copy them
            offsets = np.append(start, end[-1]) if len(start) else np.zeros(1, np.int64)
            arr = pa.LargeStringArray.from_buffers(
                len(start), pa.py_buffer(offsets), pa.py_buffer(data)
            )
        else:
            arr = spans_array(data, start, end)
        return _strings(arr)

    # tokens first, while little else is held: the biggest table sets the peak
    n_w = [len(d["tokens"][0]) for d in docs]
    # the corpus's vocabulary: the documents' own vocabularies merged, in order of first use
    dicts = [d["words"][1] for d in docs]
    at = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in dicts], out=at[1:])
    merged = pc.dictionary_encode(pa.concat_arrays(dicts))
    del dicts
    vocab, where = merged.dictionary, merged.indices.to_numpy()
    code = np.empty(sum(n_w), dtype=np.int32)
    o = 0
    for j, d in enumerate(docs):
        local = d["words"][0]
        code[o : o + len(local)] = where[at[j] + local]
        o += len(local)
        del d["words"]
    del where, merged
    # normalise each distinct word once, then spread back over the tokens
    norms = pc.dictionary_encode(pc.replace_substring(pc.utf8_lower(vocab), "’", "'"))
    norm_of = norms.indices.to_numpy()
    _release_freed()
    i32 = np.int32

    def column(k: int) -> np.ndarray:
        """One int32 column of tokens; the documents' pieces of it are let go at once."""
        out = _concat([d["tokens"][k] for d in docs], i32)
        for d in docs:
            d["tokens"][k] = None
        return out

    tokens = pd.DataFrame(
        copy=False,
        data={
            # categorical: two million copies of long file names would cost hundreds of MB
            "doc_id": _doc_ids_column(ids, n_w),
            "turn": np.repeat(
                _concat([np.arange(len(d["turns"]["turn"]), dtype=i32) for d in docs], i32),
                _concat([d["turns"]["n_words"] for d in docs]),
            ),
            "sent": np.repeat(
                _concat([np.arange(len(d["sentences"][3]), dtype=i32) for d in docs], i32),
                _concat([d["sentences"][3] for d in docs]),
            ),
            "token": np.arange(sum(n_w), dtype=i32)
            - np.repeat(np.cumsum([0, *n_w[:-1]]).astype(i32), n_w),
            "text": _cat(vocab, code),
            "norm": _cat(norms.dictionary, code, via=norm_of),
            "start": column(0),
            "end": column(1),
        },
    )
    del code
    for d in docs:
        del d["tokens"]
    _release_freed()
    n_t = [len(d["turns"]["turn"]) for d in docs]
    turns = {
        k: np.concatenate(
            [
                np.asarray(
                    d["turns"][k],
                    dtype=object if k in ("speaker", "speaker_name", "role") else None,
                )
                for d in docs
            ]
        )
        for k in docs[0]["turns"]
    }
    turns_df = pd.DataFrame({"doc_id": rep(n_t), **turns}, copy=False)
    for k in ("speaker", "speaker_name", "role"):
        turns_df[k] = _strings(turns_df[k].tolist())
    turns_df["text"] = text_of("turn_bytes", n_t)
    turns_df["reply_to"] = turns_df["reply_to"].where(turns_df["reply_to"] >= 0)
    _release_freed()
    qa_rows = [
        {"doc_id": i, "qa": k, **row}
        for i, d in zip(ids, docs, strict=True)
        for k, row in enumerate(d["qa"])
    ]
    qa = conform("qa", pd.DataFrame(qa_rows)) if qa_rows else empty("qa")
    _release_freed()
    n_s = [len(d["sentences"][0]) for d in docs]
    sentences = pd.DataFrame(
        copy=False,
        data={
            "doc_id": _doc_ids_column(ids, n_s),
            "turn": _concat([d["sentences"][0] for d in docs]),
            "sent": _concat([np.arange(k) for k in n_s]),
            "text": text_of("sentence_bytes", n_s),
            "start": _concat([d["sentences"][1] for d in docs]),
            "end": _concat([d["sentences"][2] for d in docs]),
            "n_words": _concat([d["sentences"][3] for d in docs]),
        },
    )
    for d in docs:
        del d["sentences"]
    _release_freed()
    q_rows = [
        {"doc_id": i, "quote": k, **row}
        for i, d in zip(ids, docs, strict=True)
        for k, row in enumerate(d["quotes"])
    ]
    quotes = conform("quotes", pd.DataFrame(q_rows)) if q_rows else empty("quotes")
    n_g = [len(d["segments"][0]) for d in docs]
    seg_turn = _concat([d["segments"][1] for d in docs])
    segments = pd.DataFrame(
        copy=False,
        data={
            "doc_id": _doc_ids_column(ids, n_g),
            "seg": _concat([np.arange(k) for k in n_g]),
            "kind": _strings([k for d in docs for k in d["segments"][0]]),
            "turn": pd.array(np.where(seg_turn >= 0, seg_turn, 0), dtype="Int64"),
            "start": _concat([d["segments"][2] for d in docs]),
            "end": _concat([d["segments"][3] for d in docs]),
            "text": text_of("segment_bytes", n_g),
        },
    )
    segments.loc[seg_turn < 0, "turn"] = pd.NA
    for d, i in zip(docs, ids, strict=True):
        problems.extend(
            {"path": d["doc"]["path"], "doc_id": i, "severity": p.severity, "message": p.message}
            for p in d["problems"]
        )
    return Corpus(
        documents=documents,
        turns=conform("turns", turns_df),
        qa=qa,
        sentences=conform("sentences", sentences),
        tokens=conform("tokens", tokens),
        quotes=quotes,
        segments=conform("segments", segments),
        problems=conform("problems", pd.DataFrame(problems)) if problems else empty("problems"),
    )


# -- public entry points ----------------------------------------------------------------


def parse_text(
    text: str,
    *,
    doc_id: str = "doc",
    title: str = "",
    date: str = "",
    kind: str = "",
    outlet: str = "",
    location: str = "",
    source: str = "",
) -> Corpus:
    """Parse one transcript given as a string.

    Args:
        text: the transcript (Markdown with front matter, plain text, or an HTML page).
        doc_id: the document's key in every table; defaults to ``"doc"``.
        title: known title (else front matter or the first heading).
        date: known date, ISO format.
        kind: known kind ("interview", "news article", ...); inferred when empty.
        outlet: news outlet or programme.
        location: where it was said.
        source: who published it.

    Returns:
        A one-document :class:`Corpus`.

    Example:
        >>> c = parse_text("MR PRICE:  Andrea Mitchell.\\n\\nQUESTION:  Why now?\\n\\n"
        ...                "SECRETARY BLINKEN:  Because the time is now.\\n\\nMR PRICE:  Ben Hall.")
        >>> c.turns[["speaker", "speaker_name", "role"]].values.tolist()[:3]
        [['MR PRICE', 'Price', 'moderator'], ['QUESTION', 'Andrea Mitchell', 'question'], \
['SECRETARY BLINKEN', 'Blinken', 'answer']]
    """
    meta = {
        "title": title,
        "date": date,
        "kind": kind,
        "outlet": outlet,
        "location": location,
        "source": source,
    }
    text, problems = normalise_newlines(text)
    if looks_like_html(text):
        text, html_title, more = html_to_text(text)
        problems += more
        meta["title"] = meta["title"] or html_title
    d = _document(text, doc_id, meta)
    d["problems"] = problems + d["problems"]
    return _assemble([d], [])


def _problem(path: str | Path, message: str, severity: str, doc_id: str = "") -> dict[str, str]:
    return {"path": str(path), "doc_id": doc_id, "severity": severity, "message": message}


def _paths(source: str | Path | Iterable[str | Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """The files to read, and notes on what a folder held that is not read."""
    if isinstance(source, (str, Path)):
        p = Path(source)
        if p.is_dir():
            return _walk(p)
        if p.is_file() or p.is_symlink() or (p.exists() and not p.is_dir()):
            return [p], []
        hits = sorted(Path(h) for h in globlib.glob(str(source), recursive=True))
        if hits:
            return [h for h in hits if not h.is_dir()], []
        raise FileNotFoundError(
            f"{source}: no such file or folder, and no file matches it as a glob pattern"
        )
    return [Path(p) for p in source], []


def _walk(root: Path) -> tuple[list[Path], list[dict[str, str]]]:
    """Transcript files under ``root``, following links to folders once (never in a loop).

    Dangling links, links to a folder already read and files of other kinds are reported,
    not skipped in silence; pipes, devices and sockets with a transcript's extension are
    kept, so that reading them reports why they are not read.
    """
    files: list[Path] = []
    notes: list[dict[str, str]] = []
    other: dict[str, int] = {}
    seen = {os.path.realpath(root)}

    def unreadable(err: OSError) -> None:
        why = "permission denied" if isinstance(err, PermissionError) else err.strerror or err
        notes.append(
            _problem(
                err.filename or root,
                f"folder cannot be read ({why}): the files in it are not loaded",
                "error",
            )
        )

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            full = here / d
            if full.is_symlink():
                target = os.path.realpath(full)
                if target in seen:
                    notes.append(
                        _problem(
                            full,
                            f"link to a folder already read ({target}): not followed again",
                            "info",
                        )
                    )
                    continue
                notes.append(_problem(full, f"link to the folder {target}: read", "info"))
            seen.add(os.path.realpath(full))
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = here / name
            if name.startswith("."):
                continue
            if full.is_symlink() and not full.exists():
                notes.append(
                    _problem(
                        full,
                        f"dangling link (to {os.readlink(full)}, which does not exist): "
                        "nothing to read",
                        "warning",
                    )
                )
            elif full.suffix.lower() in EXTENSIONS:
                files.append(full)
            elif name != "metadata.csv":
                ext = full.suffix.lower() or "no extension"
                other[ext] = other.get(ext, 0) + 1
    if other:
        kinds = ", ".join(f"{ext} ({n})" for ext, n in sorted(other.items()))
        notes.append(
            _problem(
                root,
                f"{sum(other.values())} file(s) not read, their extension is not a "
                f"transcript's ({', '.join(EXTENSIONS)}): {kinds}",
                "info",
            )
        )
    return sorted(files), notes


def _unique_files(paths: list[Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """``paths`` with each file once (a file listed twice, or reached by a link too)."""
    first: dict[str, Path] = {}
    out, notes = [], []
    for p in paths:
        key = os.path.realpath(p)
        if key in first:
            notes.append(_problem(p, f"the same file as {first[key]}: read once", "info"))
            continue
        first[key] = p
        out.append(p)
    return out, notes


class _Metadata:
    """metadata.csv rows by doc_id, with the problems found in them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: dict[str, dict[str, str]] = {}
        self.where: dict[str, str] = {}  # doc_id -> "line 3"
        self.used: set[str] = set()
        self.problems: list[dict[str, str]] = []

    def note(self, where: str, message: str, severity: str = "warning", doc_id: str = "") -> None:
        self.problems.append(_problem(self.name, f"{where}: {message}", severity, doc_id))

    def add(self, where: str, row: dict[str, str]) -> None:
        doc_id = row.get("doc_id", "").strip()
        if not doc_id:
            self.note(where, "no doc_id: row not used")
            return
        if doc_id in self.rows:
            self.note(
                where,
                f"doc_id {doc_id!r} repeats {self.where[doc_id]}: this row is not used "
                "(the first one is)",
            )
            return
        fields = {}
        for k in META_FIELDS:
            v = " ".join(str(row.get(k) or "").split()) if k == "title" else str(row.get(k) or "")
            v = v.strip()
            if not v:
                continue
            if k == "date" and _date_string(v):
                v = _date_string(v)
            elif k == "date":
                self.note(
                    where,
                    f"date {v[:40]!r} of {doc_id!r} is not a real date: the rest of the row is "
                    "used, the date comes from the front matter or the file name",
                    doc_id=doc_id,
                )
                continue
            fields[k] = v
        self.rows[doc_id] = fields
        self.where[doc_id] = where

    def find(self, keys: Sequence[str]) -> dict[str, str]:
        """The row of the first key found (doc_id, then path, then file name)."""
        for k in keys:
            if k in self.rows:
                self.used.add(k)
                return self.rows[k]
        return {}

    def unused(self) -> list[dict[str, str]]:
        return [
            _problem(
                self.name,
                f"{self.where[k]}: doc_id {k!r} matches no file loaded: row not used",
                "warning",
            )
            for k in self.rows
            if k not in self.used
        ]


def _read_metadata(
    metadata: str | Path | pd.DataFrame | None, root: Path | None, *, strict: bool
) -> _Metadata | None:
    """The metadata rows; a bad file, row or field is a problem naming it (or, with
    ``strict``, a :class:`LoadError`), and the rest is used."""
    if metadata is None and root is not None:
        for cand in (root / "metadata.csv", root.parent / "metadata.csv"):
            if cand.is_file():
                metadata = cand
                break
    if metadata is None:
        return None
    if isinstance(metadata, pd.DataFrame):
        meta = _Metadata("<metadata DataFrame>")
        header = [str(c) for c in metadata.columns]
        records: Iterable[tuple[str, dict[str, str]]] = (
            (f"row {i}", {str(k): "" if pd.isna(v) else str(v) for k, v in r.items()})
            for i, r in enumerate(metadata.to_dict("records"))
        )
    else:
        meta = _Metadata(str(metadata))
        try:
            text, _, _ = decode_bytes(_read_bytes(Path(metadata), MAX_BYTES), str(metadata))
            reader = csv.reader(io.StringIO(text, newline=""))
            header = [h.strip() for h in next(reader, [])]
            rows = [(f"line {reader.line_num}", r) for r in reader]
        except (LoadError, csv.Error) as err:
            if strict:
                raise LoadError(f"{metadata}: {err}") from err
            msg = str(err).removeprefix(f"{metadata}: ")
            meta.note("the file", f"{msg}: metadata not used", "error")
            return meta
        records = _csv_records(meta, header, rows)
    if "doc_id" not in header:
        msg = f"needs a doc_id column (found {', '.join(header) or 'none'}): metadata not used"
        if strict:
            raise LoadError(f"{meta.name}: {msg}")
        meta.note("the header", msg, "error")
        return meta
    unknown = [h for h in header if h not in META_FIELDS and h != "doc_id"]
    if unknown:
        meta.note(
            "the header",
            f"column(s) {', '.join(map(repr, unknown))} not used (known: {', '.join(META_FIELDS)})",
            "info",
        )
    for where, row in records:
        meta.add(where, row)
    return meta


def _csv_records(
    meta: _Metadata, header: list[str], rows: list[tuple[str, list[str]]]
) -> Iterable[tuple[str, dict[str, str]]]:
    for where, r in rows:
        if not any(c.strip() for c in r):
            continue
        if len(r) > len(header):
            meta.note(
                where,
                f"{len(r)} fields, the header has {len(header)} (an unquoted comma?): row not used",
            )
            continue
        if len(r) < len(header):
            meta.note(
                where,
                f"{len(r)} fields, the header has {len(header)}: the missing ones "
                f"({', '.join(header[len(r) :])}) are left empty",
                "info",
            )
        yield where, dict(zip(header, r, strict=False))


def _doc_ids(paths: Sequence[Path], root: Path | None) -> list[str]:
    """Unique, readable ids: the file name without extension, with the extension where
    two files share a name (``interview.txt``, ``interview.html``), with the folders where
    that is not enough either (``a/interview``), and a ``~2`` only as a last resort."""

    def rel(p: Path) -> str:
        if root is not None:
            try:
                return p.relative_to(root).as_posix()
            except ValueError:
                pass
        return p.as_posix()

    levels = [
        [p.stem for p in paths],
        [p.name for p in paths],
        [rel(p.with_suffix("")) for p in paths],
        [rel(p) for p in paths],
    ]
    level = [0] * len(paths)
    for _ in range(len(levels)):
        ids = [levels[lv][i] for i, lv in enumerate(level)]
        counts: dict[str, int] = {}
        for i in ids:
            counts[i] = counts.get(i, 0) + 1
        clash = [k for k, i in enumerate(ids) if counts[i] > 1 and level[k] < len(levels) - 1]
        if not clash:
            break
        for k in clash:
            level[k] += 1
    ids = [levels[lv][i] for i, lv in enumerate(level)]
    out, taken = [], set()
    for i in ids:
        new, n = i, 1
        while new in taken:
            n += 1
            new = f"{i}~{n}"
        taken.add(new)
        out.append(new)
    return out


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n:,} bytes"


def _too_big(p: Path, size: int, max_bytes: int) -> LoadError:
    return LoadError(
        f"{p}: {_size(size)} is over the {_size(max_bytes)} limit for one "
        "transcript; split it, or raise the limit (max_bytes= in load_corpus, --max-bytes "
        "on the command line)"
    )


def _read_bytes(p: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``, never blocking on a pipe or a
    device: the type is checked before opening, and again on the open file."""
    try:
        st = os.stat(p)
    except FileNotFoundError as err:
        if os.path.islink(p):
            raise LoadError(
                f"{p}: dangling link (to {os.readlink(p)}, which does not exist)"
            ) from err
        raise LoadError(f"{p}: no such file") from err
    except PermissionError as err:
        raise LoadError(f"{p}: permission denied (cannot look at the file)") from err
    except OSError as err:
        raise LoadError(f"{p}: cannot be read ({err.strerror or err})") from err
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"{p}: {_file_type(st.st_mode)}, not a file: only files are read")
    if st.st_size > max_bytes:
        raise _too_big(p, st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except PermissionError as err:
        raise LoadError(
            f"{p}: permission denied (the file's permissions do not let it be read)"
        ) from err
    except OSError as err:
        raise LoadError(f"{p}: cannot be read ({err.strerror or err})") from err
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the checks
            raise LoadError(f"{p}: {_file_type(os.fstat(fd).st_mode)}, not a file")
        chunks, n = [], 0
        while n <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - n))
            if not chunk:
                break
            chunks.append(chunk)
            n += len(chunk)
        if n > max_bytes:
            raise _too_big(p, n, max_bytes)
        return b"".join(chunks)
    except OSError as err:
        raise LoadError(f"{p}: cannot be read ({err.strerror or err})") from err
    finally:
        os.close(fd)


def read_document(
    path: str | Path, *, max_bytes: int = MAX_BYTES
) -> tuple[str, str, list[Problem], str]:
    """Read and decode one file: ``(text, encoding, problems, html_title)``.

    Only regular files are opened (a pipe or a device is refused before it can block);
    line endings are normalised before anything is parsed.

    Raises:
        LoadError: the file is missing, unreadable, not a regular file, too large, empty
            or binary.
    """
    p = Path(path)
    data = _read_bytes(p, max_bytes)
    if p.suffix.lower() in (".docx", ".odt", ".pdf"):
        kind = p.suffix.lower()[1:]
        try:
            if kind == "pdf":
                text, problems = pdf_to_text(data)
            else:
                text, problems = (docx_to_text if kind == "docx" else odt_to_text)(data, max_bytes)
            text, more = normalise_newlines(text)
            problems += more
        except LoadError as err:
            raise LoadError(f"{p}: {err}") from err
        if not text.strip():
            what = {"docx": "Word document", "odt": "OpenDocument text", "pdf": "PDF"}[kind]
            raise LoadError(f"{p}: the {what} has no text")
        return text, kind, problems, ""
    if p.suffix.lower() == ".rtf":
        try:
            text, problems = rtf_to_text(data)
            text, more = normalise_newlines(text)
        except LoadError as err:
            raise LoadError(f"{p}: {err}") from err
        if not text.strip():
            raise LoadError(f"{p}: the RTF document has no text")
        return text, "rtf", problems + more, ""
    text, encoding, problems = decode_bytes(data, str(p))
    if p.suffix.lower() in (".srt", ".vtt"):
        try:
            text, more = captions_to_text(text)
        except LoadError as err:
            raise LoadError(f"{p}: {err}") from err
        return text, encoding, problems + more, ""
    html_title = ""
    if looks_like_html(text, p.name):
        if not p.name.lower().endswith((".html", ".htm", ".xhtml")):
            problems.append(Problem("info", f"named {p.suffix} but opens as an HTML page"))
        text, html_title, more = html_to_text(text)
        problems += more
        if not text.strip():
            raise LoadError(f"{p}: the HTML page has no text outside its markup")
    return text, encoding, problems, html_title


def _load_one(job: tuple[Path, str, dict[str, Any], int, bool]) -> tuple[str, Any]:
    """Read and parse one file: ``("doc", rows)`` or ``("problem", problem row)``."""
    path, doc_id, meta_in, max_bytes, strict = job
    try:
        text, encoding, probs, html_title = read_document(path, max_bytes=max_bytes)
        meta = dict(meta_in)
        meta.setdefault("title", html_title)
        meta.update(path=str(path), encoding=encoding)
        d = _document(text, doc_id, meta)
        d["problems"] = probs + d["problems"]
        return "doc", d
    except LoadError as err:
        if strict:
            raise
        log.warning("%s", err)
        return "problem", {
            "path": str(path),
            "doc_id": "",
            "severity": "error",
            "message": str(err).removeprefix(f"{path}: "),
        }
    except Exception as err:  # a parser bug must not take the corpus down
        if strict:
            raise
        log.exception("failed to parse %s", path)
        return "problem", {
            "path": str(path),
            "doc_id": doc_id,
            "severity": "error",
            "message": f"could not be parsed ({type(err).__name__}: {err}); "
            "please report this file",
        }


def _progress(it: Iterable[Any], total: int, show: bool) -> Iterable[Any]:
    if not show:
        return it
    from tqdm.auto import tqdm

    return tqdm(it, total=total, desc="loading", unit="file")


def load_corpus(
    source: str | Path | Iterable[str | Path],
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    max_bytes: int = MAX_BYTES,
    errors: str = "report",
    progress: bool = False,
    workers: int | None = None,
) -> Corpus:
    """Load transcripts into tidy tables.

    Every file becomes a document or a problem row naming it; nothing in the folder is
    written. Document ids are file names without extension, with the extension added where
    two files share a name (``interview.txt``, ``interview.html``) and the folder where that
    is not enough (``a/x``, ``b/x``). Line endings are normalised to ``\\n`` before parsing.

    Args:
        source: a folder (read recursively, following links to folders once: .txt, .md,
            .html, ...), one file, a glob pattern, or a list of paths (a file listed twice
            is read once).
            A folder of tables written by :meth:`Corpus.save <analysis.corpus.Corpus.save>` is
            read back as it was saved.
        metadata: a CSV (or DataFrame) with ``doc_id`` and any of title, date, kind,
            outlet, location, source; defaults to ``metadata.csv`` in the folder or its
            parent, when there is one. A row matches a document by doc_id, by path from
            the folder, or by file name without extension. A bad date, a repeated doc_id,
            a doc_id of no file or a row of the wrong length is a problem naming the file,
            line and field (the rest is used); an unusable file is an error problem.
        max_bytes: files larger than this are reported and skipped (default 25 MB).
            Only regular files are opened: pipes, devices and sockets are reported.
        errors: ``"report"`` (default) puts a bad file in ``corpus.problems`` and loads the
            rest; ``"raise"`` raises :class:`~analysis.decode.LoadError`. A single file
            given by path always raises.
        progress: show a progress bar (tqdm) while reading.
        workers: processes that parse files in parallel. The tables are the same whatever
            the number. By default (None) one per core, up to 4, for folders of at least
            ``PARALLEL_BYTES`` (2 MB, about half a second of parsing) where processes can be
            forked (Linux, outside a daemon process); else 1.

    Returns:
        A :class:`~analysis.corpus.Corpus`.

    Example:
        >>> corpus = load_corpus("data/raw")  # doctest: +SKIP
        >>> corpus.turns.groupby("speaker")["n_words"].sum()  # doctest: +SKIP
    """
    if isinstance(source, (str, Path)) and saved_format(source) is not None:
        return Corpus.read(source)  # tables that Corpus.save wrote: read back, not parsed
    one = source if isinstance(source, (str, Path)) else None
    single = one is not None and Path(one).is_file()
    strict = single or errors == "raise"
    if errors not in ("report", "raise"):
        raise ValueError(f"errors: 'report' or 'raise', got {errors!r}")
    plan = plan_files(source, metadata=metadata, strict=strict)
    docs: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = list(plan.problems)
    jobs = [(path, doc_id, meta, max_bytes, strict) for path, doc_id, meta in plan.files]
    if workers is None:
        workers = auto_workers([path for path, _, _ in plan.files])
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            chunk = max(1, min(_CHUNK_FILES, len(jobs) // (8 * workers)))
            results = pool.map(_load_one, jobs, chunksize=chunk)
            _collect(_progress(results, len(jobs), progress), docs, problems)
    else:
        _collect(_progress(map(_load_one, jobs), len(jobs), progress), docs, problems)
    problems.extend(plan.after)
    return _assemble(docs, problems)


#: Files a worker process is given at a time: few, so that the last ones to finish are
#: about as late as each other.
_CHUNK_FILES = 4


def _collect(
    outcomes: Iterable[tuple[str, Any]], docs: list[dict[str, Any]], problems: list[Any]
) -> None:
    """Sort the loaded documents and the problems (as they come, while workers parse)."""
    for kind, value in outcomes:
        if kind == "doc":
            docs.append(value)
            if len(docs) % _PACK == 0:
                _pack(docs[-_PACK:])
        else:
            problems.append(value)


#: Bytes of files from which ``load_corpus(workers=None)`` parses in several processes:
#: below it, starting them costs more than it saves.
PARALLEL_BYTES = 2_000_000


def auto_workers(paths: Sequence[Path]) -> int:
    """Processes for ``load_corpus(workers=None)``: one per core this process may use, up
    to 4, when ``paths`` hold at least ``PARALLEL_BYTES`` and processes can be forked (a
    forked worker needs no imports: it starts in milliseconds); else 1.

    Example:
        >>> auto_workers([])
        1
    """
    if (
        not sys.platform.startswith("linux")  # fork is unsafe on macOS, absent on Windows
        or mp.current_process().daemon  # a daemon (a Dask worker's task) may not fork
        or len(paths) < 2
    ):
        return 1
    size = 0
    for p in paths:
        try:
            size += p.stat().st_size
        except OSError:
            continue  # read (and reported) by the loader
        if size >= PARALLEL_BYTES:
            return max(1, min(len(os.sched_getaffinity(0)), 4))
    return 1


#: Documents whose token arrays are packed together while loading.
_PACK = 32


def _pack(docs: list[dict[str, Any]]) -> None:
    """Put the token arrays of a few documents into one block each (the documents keep views
    of it), so that the many small arrays they replace are reused by the next documents
    rather than left as holes in the heap."""
    n = [len(d["tokens"][0]) for d in docs]
    cuts = np.cumsum([0, *n])
    blocks = [np.concatenate([d["tokens"][k] for d in docs]) for k in range(len(docs[0]["tokens"]))]
    words = np.concatenate([d["words"][0] for d in docs])
    for i, d in enumerate(docs):
        a, b = cuts[i], cuts[i + 1]
        d["tokens"] = [blk[a:b] for blk in blocks]
        d["words"] = (words[a:b], d["words"][1])


@dataclass
class Plan:
    """What :func:`plan_files` found: the files to read and what to report about the rest."""

    files: list[tuple[Path, str, dict[str, Any]]]  # path, doc_id, its metadata row
    problems: list[dict[str, str]]  # skipped entries, duplicates, metadata faults
    after: list[dict[str, str]]  # metadata rows of no file; "no transcript files found"


def plan_files(
    source: str | Path | Iterable[str | Path],
    *,
    metadata: str | Path | pd.DataFrame | None = None,
    strict: bool = False,
) -> Plan:
    """The files a load reads, their document ids and metadata rows, and the problems met on
    the way, without reading any transcript (shared by :func:`load_corpus` and
    :func:`analysis.store.build_store`, so both give every file the same id)."""
    one = source if isinstance(source, (str, Path)) else None
    found, notes = _paths(source)
    paths, dups = _unique_files(found)
    folder = Path(one) if one is not None and Path(one).is_dir() else None
    root = folder or (paths[0].parent if paths else None)
    meta = _read_metadata(metadata, root, strict=strict)
    ids = _doc_ids(paths, folder or _common_folder(paths))
    files = [
        (path, doc_id, meta.find(_meta_keys(path, doc_id, root)) if meta else {})
        for path, doc_id in zip(paths, ids, strict=True)
    ]
    after: list[dict[str, str]] = []
    if meta and (folder is not None or metadata is not None):
        # rows for files outside a glob, a list or one file are expected, not a fault
        after.extend(meta.unused())
    if not paths:
        after.append(
            _problem(
                str(one or ""), f"no transcript files ({', '.join(EXTENSIONS)}) found", "error"
            )
        )
    return Plan(files, notes + dups + (meta.problems if meta else []), after)


def _common_folder(paths: Sequence[Path]) -> Path | None:
    try:
        return Path(os.path.commonpath([str(p.parent) for p in paths])) if paths else None
    except ValueError:  # relative and absolute paths mixed, or on different drives
        return None


def _meta_keys(path: Path, doc_id: str, root: Path | None) -> list[str]:
    """Keys a metadata row may use for ``path``: its doc_id, its path from the folder
    (with and without extension), its file name without extension."""
    keys = [doc_id]
    if root is not None:
        try:
            rel = path.relative_to(root)
            keys += [rel.with_suffix("").as_posix(), rel.as_posix()]
        except ValueError:
            pass
    keys.append(path.stem)
    return keys
