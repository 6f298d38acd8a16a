"""Load transcripts from files or strings into a :class:`~analysis.corpus.Corpus`."""

from __future__ import annotations

import glob as globlib
import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .corpus import Corpus, saved_format
from .decode import LoadError, Problem, decode_bytes, html_to_text, looks_like_html
from .parse import parse_structure
from .quotes import extract_quotes
from .schema import conform, empty
from .speakers import attribute, official_name
from .tokenize import codepoints, sentence_arrays, word_array, word_spans

log = logging.getLogger(__name__)

#: File name endings read from a folder.
EXTENSIONS = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
#: Files larger than this are reported and skipped (pass ``max_bytes`` to change it).
MAX_BYTES = 25_000_000

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
)
_REMARKS_BY_RE = re.compile(
    r"\b(?:Remarks|Statement|Address|Speech)\s+(?:by|of)\s+(?:the\s+)?(?P<who>(?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w’'\-]+)"
)
_DATE_IN_NAME_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# -- one document -----------------------------------------------------------------------


class Vocabulary:
    """Words a text prints in lower case, looked up on demand (a few names per document
    are checked, so a search per word beats building the whole set)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.seen: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        w = str(word).lower()
        if w not in self.seen:
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
    cp_text = codepoints(text)
    t_start, t_end = word_spans(masked, cp)
    toks = word_array(masked, t_start, t_end, cp)
    turn_starts = np.fromiter((s for _, s, _ in st.turns), dtype=np.int64, count=len(st.turns))
    tok_turn = np.searchsorted(turn_starts, t_start, side="right") - 1
    # sentences never cross a turn's edges; those with no spoken word are dropped
    turn_ends = np.fromiter((e for _, _, e in st.turns), dtype=np.int64, count=len(st.turns))
    s_start, s_end = sentence_arrays(masked, np.concatenate([turn_starts, turn_ends]), cp)
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
    date = meta.get("date") or fm.get("date")
    if not date:
        m = _DATE_IN_NAME_RE.search(doc_id)
        date = m.group(0) if m else None
    source = str(meta.get("source") or "")
    if not source and fm.get("source_url"):
        source = urlparse(str(fm["source_url"])).netloc
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
            "text": text,
            "n_chars": len(text),
            "n_turns": n_turns,
            "n_words": len(toks),
        },
        "turns": {
            "turn": np.arange(n_turns),
            "speaker": labels if not default_speaker else [default_speaker] * n_turns,
            "speaker_name": info.speaker_name,
            "role": info.role,
            "asks": info.asks,
            "reply_to": info.reply_to,
            "text": texts,
            "start": [s for _, s, _ in st.turns],
            "end": [e for _, _, e in st.turns],
            "n_words": words_per_turn,
            "n_sentences": sents_per_turn,
        },
        "qa": info.qa,
        "sentences": (s_turn, s_start, s_end),
        "sentence_text": word_array(text, s_start, s_end, cp_text),
        "sent_words": words_per_sent,
        "tokens": (toks, t_start, t_end, tok_turn, tok_sent),
        "quotes": quotes,
        "segments": st.segments,
        "segment_text": word_array(
            text,
            np.fromiter((a for _, a, _, _ in st.segments), np.int64, len(st.segments)),
            np.fromiter((b for _, _, b, _ in st.segments), np.int64, len(st.segments)),
            cp_text,
        ),
        "problems": problems,
    }


# -- assembling tables ------------------------------------------------------------------


def _strings(values: Sequence[str] | pa.Array) -> pd.api.extensions.ExtensionArray:
    """A pandas string column built through Arrow (several times faster than from a list)."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    return pd.array(arr, dtype="str")


def _repeat(ids: list[str], counts: Sequence[int]) -> pd.api.extensions.ExtensionArray:
    """``ids[i]`` repeated ``counts[i]`` times, as a string column."""
    idx = np.repeat(np.arange(len(ids)), np.asarray(counts, dtype=np.int64))
    return _strings(pa.array(ids, type=pa.large_string()).take(pa.array(idx)))


def _assemble(docs: list[dict[str, Any]], problems: list[dict[str, str]]) -> Corpus:
    if not docs:
        c = Corpus.empty()
        c.problems = conform("problems", pd.DataFrame(problems)) if problems else empty("problems")
        return c
    ids = [d["doc"]["doc_id"] for d in docs]
    documents = pd.DataFrame([d["doc"] for d in docs])
    documents["date"] = pd.to_datetime(documents["date"], errors="coerce", format="mixed")
    documents = conform("documents", documents)

    def rep(counts: list[int]) -> pd.api.extensions.ExtensionArray:
        return _repeat(ids, counts)

    n_t = [len(d["turns"]["turn"]) for d in docs]
    turns = {
        k: np.concatenate(
            [
                np.asarray(
                    d["turns"][k],
                    dtype=object if k in ("speaker", "speaker_name", "role", "text") else None,
                )
                for d in docs
            ]
        )
        for k in docs[0]["turns"]
    }
    turns_df = pd.DataFrame({"doc_id": rep(n_t), **turns}, copy=False)
    for k in ("speaker", "speaker_name", "role", "text"):
        turns_df[k] = _strings(turns_df[k].tolist())
    turns_df["reply_to"] = turns_df["reply_to"].where(turns_df["reply_to"] >= 0)
    qa_rows = [
        {"doc_id": i, "qa": k, **row}
        for i, d in zip(ids, docs, strict=True)
        for k, row in enumerate(d["qa"])
    ]
    qa = conform("qa", pd.DataFrame(qa_rows)) if qa_rows else empty("qa")

    n_s = [len(d["sentences"][0]) for d in docs]
    s_turn = np.concatenate([d["sentences"][0] for d in docs]).astype(np.int64, copy=False)
    s_start = np.concatenate([d["sentences"][1] for d in docs]).astype(np.int64, copy=False)
    s_end = np.concatenate([d["sentences"][2] for d in docs]).astype(np.int64, copy=False)
    s_text = _strings(pa.concat_arrays([d["sentence_text"] for d in docs]))
    sentences = pd.DataFrame(
        copy=False,
        data={
            "doc_id": rep(n_s),
            "turn": s_turn,
            "sent": np.concatenate([np.arange(k) for k in n_s]),
            "text": s_text,
            "start": s_start,
            "end": s_end,
            "n_words": np.concatenate([d["sent_words"] for d in docs]).astype(np.int64, copy=False),
        },
    )

    n_w = [len(d["tokens"][0]) for d in docs]
    words = pa.concat_arrays([d["tokens"][0] for d in docs])
    # normalise each distinct word once, then spread back over the two million tokens
    coded = pc.dictionary_encode(words)
    norm_dict = pc.replace_substring(pc.utf8_lower(coded.dictionary), "’", "'")
    norm = pc.take(norm_dict, coded.indices)
    # integer codes of the normalised words, kept for searching and counting (analysis.phrases)
    nd_codes, nd_words = pd.factorize(np.asarray(norm_dict.to_pylist(), dtype=object))
    norm_codes = nd_codes.astype(np.int64)[coded.indices.to_numpy()]
    tokens = pd.DataFrame(
        copy=False,
        data={
            # categorical: two million copies of long file names would cost hundreds of MB
            "doc_id": pd.Categorical.from_codes(
                np.repeat(np.arange(len(ids)), n_w), categories=pd.Index(ids, dtype="str")
            ),
            "turn": np.concatenate([d["tokens"][3] for d in docs]).astype(np.int64, copy=False),
            "sent": np.concatenate([d["tokens"][4] for d in docs]).astype(np.int64, copy=False),
            "token": np.concatenate([np.arange(k) for k in n_w]).astype(np.int64, copy=False),
            "text": _strings(words),
            "norm": _strings(norm),
            "start": np.concatenate([d["tokens"][1] for d in docs]).astype(np.int64, copy=False),
            "end": np.concatenate([d["tokens"][2] for d in docs]).astype(np.int64, copy=False),
        },
    )
    q_rows = [
        {"doc_id": i, "quote": k, **row}
        for i, d in zip(ids, docs, strict=True)
        for k, row in enumerate(d["quotes"])
    ]
    quotes = conform("quotes", pd.DataFrame(q_rows)) if q_rows else empty("quotes")
    n_g = [len(d["segments"]) for d in docs]
    seg_turn = np.fromiter((t for d in docs for _, _, _, t in d["segments"]), np.int64, sum(n_g))
    segments = pd.DataFrame(
        copy=False,
        data={
            "doc_id": rep(n_g),
            "seg": np.concatenate([np.arange(k) for k in n_g]),
            "kind": _strings([k for d in docs for k, _, _, _ in d["segments"]]),
            "turn": pd.array(np.where(seg_turn >= 0, seg_turn, 0), dtype="Int64"),
            "start": [s for d in docs for _, s, _, _ in d["segments"]],
            "end": [e for d in docs for _, _, e, _ in d["segments"]],
            "text": _strings(pa.concat_arrays([d["segment_text"] for d in docs])),
        },
    )
    segments.loc[seg_turn < 0, "turn"] = pd.NA
    for d, i in zip(docs, ids, strict=True):
        problems.extend(
            {"path": d["doc"]["path"], "doc_id": i, "severity": p.severity, "message": p.message}
            for p in d["problems"]
        )
    corpus = Corpus(
        documents=documents,
        turns=conform("turns", turns_df),
        qa=qa,
        sentences=conform("sentences", sentences),
        tokens=conform("tokens", tokens),
        quotes=quotes,
        segments=conform("segments", segments),
        problems=conform("problems", pd.DataFrame(problems)) if problems else empty("problems"),
    )
    object.__setattr__(corpus, "_norm_codes", (norm_codes, np.asarray(nd_words, dtype=object)))
    # the row in turns of every token's turn (turns and tokens are both in document order)
    first_turn = np.concatenate([[0], np.cumsum(n_t)[:-1]]).astype(np.int64)
    turn_rows = np.repeat(first_turn, n_w) + tokens["turn"].to_numpy()
    object.__setattr__(corpus, "_turn_rows", turn_rows)
    object.__setattr__(corpus, "_token_docs", np.repeat(np.arange(len(docs)), n_w))
    return corpus


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
    problems: list[Problem] = []
    if looks_like_html(text):
        text, html_title, problems = html_to_text(text)
        meta["title"] = meta["title"] or html_title
    d = _document(text, doc_id, meta)
    d["problems"] = problems + d["problems"]
    return _assemble([d], [])


def _paths(source: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(source, (str, Path)):
        p = Path(source)
        if p.is_dir():
            return sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in EXTENSIONS and not f.name.startswith(".")
            )
        if p.is_file():
            return [p]
        hits = sorted(Path(h) for h in globlib.glob(str(source), recursive=True))
        if hits:
            return [h for h in hits if h.is_file()]
        raise FileNotFoundError(
            f"{source}: no such file or folder, and no file matches it as a glob pattern"
        )
    return [Path(p) for p in source]


def _read_metadata(
    metadata: str | Path | pd.DataFrame | None, paths: Sequence[Path], root: Path | None
) -> dict[str, dict[str, Any]]:
    if metadata is None and root is not None:
        for cand in (root / "metadata.csv", root.parent / "metadata.csv"):
            if cand.is_file():
                metadata = cand
                break
    if metadata is None:
        return {}
    df = (
        metadata
        if isinstance(metadata, pd.DataFrame)
        else pd.read_csv(metadata, dtype=str, keep_default_na=False)
    )
    if "doc_id" not in df.columns:
        raise ValueError(
            f"{metadata}: metadata needs a doc_id column (found {', '.join(df.columns)})"
        )
    return {
        str(r["doc_id"]): {k: v for k, v in r.items() if v not in ("", None)}
        for r in df.to_dict("records")
    }


def _doc_ids(paths: Sequence[Path]) -> list[str]:
    stems = [p.stem for p in paths]
    seen: dict[str, int] = {}
    for s in stems:
        seen[s] = seen.get(s, 0) + 1
    return [
        s if seen[s] == 1 else str(p.with_suffix("")).replace("\\", "/")
        for s, p in zip(stems, paths, strict=True)
    ]


def read_document(
    path: str | Path, *, max_bytes: int = MAX_BYTES
) -> tuple[str, str, list[Problem], str]:
    """Read and decode one file: ``(text, encoding, problems, html_title)``.

    Raises:
        LoadError: the file is missing, too large, empty or binary.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as err:
        raise LoadError(f"{p}: cannot be read ({err.strerror})") from err
    if size > max_bytes:
        raise LoadError(
            f"{p}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit "
            "for one transcript; split it, or pass max_bytes= to load it anyway"
        )
    data = p.read_bytes()
    text, encoding, problems = decode_bytes(data, str(p))
    html_title = ""
    if looks_like_html(text, p.name):
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
    workers: int = 1,
) -> Corpus:
    """Load transcripts into tidy tables.

    Args:
        source: a folder (read recursively: .txt, .md, .html, ...), one file, a glob
            pattern, or a list of paths. A folder of tables written by
            :meth:`Corpus.save <analysis.corpus.Corpus.save>` is read back as it was saved.
        metadata: a CSV (or DataFrame) with ``doc_id`` and any of title, date, kind,
            outlet, location, source; defaults to ``metadata.csv`` in the folder or its
            parent, when there is one.
        max_bytes: files larger than this are reported and skipped (default 25 MB).
        errors: ``"report"`` (default) puts a bad file in ``corpus.problems`` and loads the
            rest; ``"raise"`` raises :class:`~analysis.decode.LoadError`. A single file
            given by path always raises.
        progress: show a progress bar (tqdm) while reading.
        workers: processes that parse files in parallel (default 1). The tables are the
            same whatever the number; use the machine's cores for large folders.

    Returns:
        A :class:`~analysis.corpus.Corpus`.

    Example:
        >>> corpus = load_corpus("data/raw")  # doctest: +SKIP
        >>> corpus.turns.groupby("speaker")["n_words"].sum()  # doctest: +SKIP
    """
    if isinstance(source, (str, Path)) and saved_format(source) is not None:
        return Corpus.read(source)  # tables that Corpus.save wrote: read back, not parsed
    single = isinstance(source, (str, Path)) and Path(source).is_file()
    paths = _paths(source)
    root = (
        Path(source)
        if isinstance(source, (str, Path)) and Path(source).is_dir()
        else (paths[0].parent if paths else None)
    )
    meta_by_id = _read_metadata(metadata, paths, root)
    ids = _doc_ids(paths)
    docs: list[dict[str, Any]] = []
    problems: list[dict[str, str]] = []
    jobs = [
        (path, doc_id, meta_by_id.get(doc_id, {}), max_bytes, single or errors == "raise")
        for path, doc_id in zip(paths, ids, strict=True)
    ]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            results = pool.map(_load_one, jobs, chunksize=max(1, len(jobs) // (8 * workers)))
            outcomes = _progress(results, len(jobs), progress)
    else:
        outcomes = _progress(map(_load_one, jobs), len(jobs), progress)
    for kind, value in outcomes:
        if kind == "doc":
            docs.append(value)
        else:
            problems.append(value)
    if not paths:
        problems.append(
            {
                "path": str(source),
                "doc_id": "",
                "severity": "error",
                "message": f"no transcript files ({', '.join(EXTENSIONS)}) found",
            }
        )
    return _assemble(docs, problems)
