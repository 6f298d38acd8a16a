"""The :class:`Corpus`: the tables of a set of transcripts, and their export."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .schema import COLUMNS, TABLES, empty


@dataclass(repr=False)
class Corpus:
    """Tables of a set of transcripts (columns documented in :mod:`analysis.schema`).

    Attributes:
        documents: one row per document, with its decoded ``text``.
        turns: one row per speaker turn (``documents.text[start:end] == turns.text``).
        qa: one row per question that asks something, with the turns that answer it.
        sentences: one row per sentence of spoken words.
        tokens: one row per spoken word.
        quotes: one row per quotation in a news article, with its attributed speaker.
        segments: every character of every document in exactly one segment.
        problems: what could not be read, or was read with a caveat.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why?\\n\\nMS. LEE:  Because.", doc_id="d")
        >>> c.turns[["speaker", "role", "text"]].values.tolist()
        [['Q', 'question', 'Why?'], ['MS. LEE', 'answer', 'Because.']]
    """

    documents: pd.DataFrame
    turns: pd.DataFrame
    qa: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    quotes: pd.DataFrame
    segments: pd.DataFrame
    problems: pd.DataFrame

    @classmethod
    def empty(cls) -> Corpus:
        """A corpus with no documents (every table empty, with its columns)."""
        return cls(**{t: empty(t) for t in TABLES})

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name, in schema order."""
        return {t: getattr(self, t) for t in TABLES}

    def text(self, doc_id: str) -> str:
        """The decoded text of one document."""
        rows = self.documents.loc[self.documents["doc_id"] == doc_id, "text"]
        if rows.empty:
            raise KeyError(
                f"no document {doc_id!r}; documents are: {', '.join(self.documents['doc_id'])}"
            )
        return str(rows.iloc[0])

    def summary(self) -> pd.DataFrame:
        """One row per document: kind, date, turns, questions, words, speakers, problems."""
        d = self.documents
        q = self.qa.groupby("doc_id").size()
        sp = self.turns[self.turns["speaker"] != ""].groupby("doc_id")["speaker"].nunique()
        pr = self.problems[self.problems["doc_id"] != ""].groupby("doc_id").size()
        out = pd.DataFrame(
            {
                "doc_id": d["doc_id"],
                "kind": d["kind"],
                "date": d["date"],
                "title": d["title"].str.slice(0, 60),
                "turns": d["n_turns"],
                "questions": d["doc_id"].map(q).fillna(0).astype("int64"),
                "speakers": d["doc_id"].map(sp).fillna(0).astype("int64"),
                "words": d["n_words"],
                "problems": d["doc_id"].map(pr).fillna(0).astype("int64"),
            }
        )
        return out.reset_index(drop=True)

    def save(self, folder: str | Path, *, formats: tuple[str, ...] = ("csv", "parquet")) -> Path:
        """Write every table to ``folder`` as ``<table>.csv`` and ``<table>.parquet``.

        ``qa.answer_turns`` (a tuple) is written as space-separated turn numbers in CSV.
        In CSV only, a text cell that a spreadsheet would run as a formula (it begins with
        ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a ``'``
        in front (see :func:`csv_safe`); Parquet keeps every value as it is.

        Returns:
            The folder, created if needed.
        """
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name, df in self.tables().items():
            df = df.copy()
            if name == "qa":
                df["answer_turns"] = df["answer_turns"].map(lambda t: " ".join(map(str, t)))
            if "csv" in formats:
                csv_safe(df).to_csv(out / f"{name}.csv", index=False)
            if "parquet" in formats:
                df.to_parquet(out / f"{name}.parquet", index=False)
        return out

    @classmethod
    def read(cls, folder: str | Path) -> Corpus:
        """Read back a corpus that :meth:`save` wrote to ``folder`` (Parquet, else CSV).

        The tables come back with the documented columns and dtypes (``qa.answer_turns`` as
        tuples again, ``tokens.doc_id`` categorical in document order), equal to the saved
        corpus's.

        Raises:
            FileNotFoundError: ``folder`` does not hold every table in one format.

        Example:
            >>> from analysis import parse_text
            >>> import tempfile
            >>> c = parse_text("Q  Why?\\n\\nMS. LEE:  Because.", doc_id="d")
            >>> back = Corpus.read(c.save(tempfile.mkdtemp()))
            >>> back.qa["answer_turns"].tolist()
            [(1,)]
        """
        fmt = saved_format(folder)
        if fmt is None:
            raise FileNotFoundError(
                f"{folder}: not a folder of saved tables (it needs "
                f"{', '.join(t + '.parquet' for t in TABLES)}, or the same as .csv)"
            )
        root = Path(folder)
        tables = {}
        for name in TABLES:
            path = root / f"{name}.{fmt}"
            if fmt == "parquet":
                df = pd.read_parquet(path)
            else:  # every cell as written; the schema says what each column is
                df = pd.read_csv(path, dtype=str, keep_default_na=False)
            tables[name] = _restore(name, df, fmt)
        order = tables["documents"]["doc_id"].tolist()
        for name in TABLES:  # categorical document ids: categories in document order
            if name == "documents" or COLUMNS[name]["doc_id"][0] != "category":
                continue
            ids = tables[name]["doc_id"]
            if not isinstance(ids.dtype, pd.CategoricalDtype):
                tables[name]["doc_id"] = pd.Categorical(ids, categories=order)
            elif list(ids.cat.categories) != order:  # Parquet keeps the categories
                tables[name]["doc_id"] = ids.cat.set_categories(order)
        return cls(**tables)

    def __getattr__(self, name: str) -> object:
        """Word codes kept for :mod:`analysis.phrases`, derived from the tables on first use
        (cheap from the categorical columns) rather than stored by the loader."""
        make = _DERIVED.get(name)
        if make is None or name.startswith("__"):
            raise AttributeError(name)
        value = make(self)
        object.__setattr__(self, name, value)
        return value

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(getattr(self, t)):,} {t}" for t in TABLES if t != "documents")
        return f"Corpus({len(self.documents)} documents: {sizes})"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(repr(self))}</p>" + self.summary().to_html(index=False)


def norm_codes(c: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Every token's word (``tokens.norm``) as a code, in order of first use, and the words."""
    codes, words = pd.factorize(c.tokens["norm"])
    return codes.astype(np.int64, copy=False), np.asarray(words, dtype=object)


def cat_codes(s: pd.Series) -> np.ndarray:
    """The codes of the categorical column ``s``, read-only, without the copy of them that
    ``s.cat.codes`` makes (a few ms per two million rows, paid on every query)."""
    return cast(pd.Categorical, s.array).codes


def doc_rows(ids: pd.Series, documents: pd.DataFrame) -> np.ndarray:
    """The row in ``documents`` of each document id in ``ids`` (-1 for none): the codes
    themselves when ``ids`` is categorical with the documents, in order, as its categories
    (as loaded), else looked up (once per category when categorical)."""
    docs = pd.Index(documents["doc_id"])
    if isinstance(ids.dtype, pd.CategoricalDtype):
        codes = cat_codes(ids)
        if ids.cat.categories.equals(docs):
            return codes.astype(np.int64)
        return docs.get_indexer(ids.cat.categories)[codes].astype(np.int64)
    return docs.get_indexer(ids.astype("str")).astype(np.int64)


def _token_docs(c: Corpus) -> np.ndarray | None:
    """Every token's row in ``documents``, or None when a token's document is missing."""
    found = doc_rows(c.tokens["doc_id"], c.documents)
    return found if not (found < 0).any() else None


def _turn_docs(c: Corpus) -> np.ndarray:
    """Every turn's row in ``documents`` (-1 if none), looked up once per run of turns of
    the same document rather than once per turn."""
    ids = c.turns["doc_id"]
    if not len(ids):
        return np.zeros(0, np.int64)
    arr = pa.array(ids.astype("str"), type=pa.large_string(), from_pandas=True)
    change = pc.fill_null(pc.not_equal(arr[1:], arr[:-1]), True).to_numpy(zero_copy_only=False)
    starts = np.r_[0, np.flatnonzero(change) + 1]
    docs = pd.Index(c.documents["doc_id"])
    found = docs.get_indexer(pd.Index(arr.take(pa.array(starts)).to_pylist(), dtype=object))
    return np.repeat(found.astype(np.int64), np.diff(np.r_[starts, len(ids)]))


def turn_layout(c: Corpus) -> tuple[np.ndarray, np.ndarray] | None:
    """The row in ``turns`` of each document's first turn, and its number of turns, when
    turns hold each document's turns 0, 1, ... in document order (as loaded); else None."""
    t = c.turns
    tdoc = _turn_docs(c)
    if (tdoc < 0).any() or (np.diff(tdoc) < 0).any():
        return None
    first = np.searchsorted(tdoc, np.arange(len(c.documents)))
    if not (t["turn"].to_numpy() == np.arange(len(t)) - first[tdoc]).all():
        return None
    return first, np.bincount(tdoc, minlength=len(c.documents))  # first[d] + n[d] <= len


def _turn_rows(c: Corpus) -> np.ndarray | None:
    """Every token's row in ``turns``, when turns are laid out as loaded (see
    :func:`turn_layout`); else ``None`` (:mod:`analysis.phrases` then searches)."""
    doc = cast("np.ndarray | None", c._token_docs)  # derived once and kept (__getattr__)
    layout = turn_layout(c) if doc is not None else None
    if layout is None or doc is None:
        return None
    first, n = layout
    turn = c.tokens["turn"].to_numpy()
    if len(turn) and (turn.min() < 0 or (turn >= n[doc]).any()):
        return None
    return first[doc] + turn


_DERIVED = {"_norm_codes": norm_codes, "_token_docs": _token_docs, "_turn_rows": _turn_rows}


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that begins like a spreadsheet formula (``=HYPERLINK(…)``,
    ``+cmd|…``, ``@SUM(…)``, or a tab or CR first) prefixed with ``'``, which spreadsheets
    show as text and never run. For CSV export only: the tables keep the true values.

    >>> df = pd.DataFrame({"t": ["=1+1", "- 30 -", "ok"], "n": [-1, 2, 3]})
    >>> csv_safe(df).values.tolist()
    [["'=1+1", -1], ["'- 30 -", 2], ['ok', 3]]
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            fixed = [_neutral(c) for c in cats]
            if fixed != list(cats):
                out[col] = s.cat.rename_categories(fixed)
        elif pd.api.types.is_string_dtype(s.dtype) and s.dtype != object:
            risky = s.str.startswith(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = s.where(~risky, "'" + s)
        elif s.dtype == object:
            out[col] = s.map(_neutral)
    return out


def _neutral(v: object) -> object:
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v


def saved_format(folder: str | Path) -> str | None:
    """``"parquet"`` or ``"csv"`` when ``folder`` holds every table :meth:`Corpus.save` writes
    in that format (Parquet first), else ``None``.

    Example:
        >>> saved_format("data/raw") is None
        True
    """
    root = Path(folder)
    if not root.is_dir():
        return None
    for fmt in ("parquet", "csv"):
        if all((root / f"{name}.{fmt}").is_file() for name in TABLES):
            return fmt
    return None


def _turns(value: object) -> tuple[int, ...]:
    """``qa.answer_turns`` as saved ("3 5", or empty), or as a list where a writer kept one."""
    if isinstance(value, str):
        return tuple(int(t) for t in value.split())
    if value is None or isinstance(value, float):  # missing (NaN)
        return ()
    return tuple(int(t) for t in value)  # type: ignore[attr-defined]


def _restore(name: str, df: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """One table read back from ``fmt``, cast to the documented columns and dtypes."""
    if df.empty:
        return empty(name)
    cols = COLUMNS[name]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{name}.{fmt}: columns {', '.join(missing)} missing")
    out = {}
    for col, (dtype, _) in cols.items():
        s = df[col]
        if name == "qa" and col == "answer_turns":  # saved as space-separated turn numbers
            s = s.map(_turns)
        elif fmt == "csv" and dtype == "bool":
            s = s.map({"True": True, "False": False})
        elif fmt == "csv" and dtype in ("int64", "Int64"):
            s = s.replace("", None) if dtype == "Int64" else s
            s = s.astype("int64" if dtype == "int64" else "Int64")
        elif fmt == "csv" and dtype.startswith("datetime64"):
            s = pd.to_datetime(s.replace("", None), format="ISO8601")
        elif dtype == "category" and col != "doc_id" and s.dtype != "category":
            s = s.astype("str").astype("category")  # categories sorted, as the loader has them
        if dtype not in ("object", "category") and str(s.dtype) != dtype:
            s = s.astype(dtype)
        out[col] = s
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)), copy=False)


def check_columns(corpus: Corpus) -> list[str]:
    """Differences between the corpus's tables and the documented schema (empty if none)."""
    errors = []
    for name in TABLES:
        df = getattr(corpus, name)
        want = list(COLUMNS[name])
        if list(df.columns) != want:
            errors.append(f"{name}: columns {list(df.columns)} != {want}")
            continue
        for col, (dtype, _) in COLUMNS[name].items():
            if dtype != "object" and str(df[col].dtype) != str(pd.Series(dtype=dtype).dtype):
                errors.append(f"{name}.{col}: dtype {df[col].dtype} != {dtype}")
    return errors
