"""An incremental, crash-safe Parquet store of a corpus, analysed partition by partition.

:func:`build_store` parses transcripts in batches (in parallel on a local or remote Dask
cluster) and writes each batch's tables as one Parquet file per table::

    store/
      manifest.json              what is in the store: written last, atomically
      documents/<part>.parquet   one file per batch and table ...
      turns/<part>.parquet
      ...

A batch's files are written under a temporary name and renamed into place, and the manifest
(also renamed into place) is the only record of which files belong to the store, so a build
killed at any moment leaves a store that opens with the batches that were complete; the next
build removes the leftovers and parses only what is missing. Files are recognised by a hash
of their content (with their document id and metadata): a rebuild parses new or changed files
only and drops the rows of files that were removed.

:func:`open_store` returns a :class:`StoreCorpus`, whose tables are Dask DataFrames. The
analyses ``ngrams``, ``track``, ``kwic``, ``keyness``, ``topic_mix``, ``turn_lengths``,
``qa_lengths`` and ``length_summary`` accept it: each runs the ordinary pandas function on
every partition (a small in-memory corpus of the partition's documents) and combines the
partial results exactly, so the answer equals the in-memory corpus's on the same files.
Nothing crosses a document (n-grams, matches and contexts stay inside one document), which
is what makes the split exact.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .corpus import Corpus
from .schema import COLUMNS, TABLES, conform, empty

if TYPE_CHECKING:
    import dask.dataframe as dd

    from .phrases import KWIC

MANIFEST = "manifest.json"
#: Bumped when the layout or the parser's output changes: an older store is rebuilt.
FORMAT = 1
#: A batch holds at most this many bytes of source files (or :data:`BATCH_FILES` files):
#: parsing 1 MB of transcripts takes about 60 MB of memory, so a worker stays near 150 MB.
BATCH_BYTES = 2_000_000
BATCH_FILES = 64
#: Partial results are combined this many at a time (a tree), so memory stays bounded.
FAN_IN = 8


# -- layout -------------------------------------------------------------------------------


def _arrow_type(dtype: str) -> pa.DataType:
    return {
        "str": pa.large_string(),
        "int64": pa.int64(),
        "int32": pa.int32(),
        "Int64": pa.int64(),
        "bool": pa.bool_(),
        "datetime64[s]": pa.timestamp("ms"),
        "category": pa.dictionary(pa.int32(), pa.large_string()),
        "object": pa.list_(pa.int64()),  # qa.answer_turns
    }[dtype]


#: The Arrow schema every partition file of a table is written with (so they all agree).
SCHEMAS = {t: pa.schema([(c, _arrow_type(d)) for c, (d, _) in COLUMNS[t].items()]) for t in TABLES}


def _to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    cols = []
    for name, typ in zip(SCHEMAS[table].names, SCHEMAS[table].types, strict=True):
        s = df[name]
        if table == "qa" and name == "answer_turns":
            cols.append(pa.array([list(map(int, t)) for t in s], type=typ))
        elif pa.types.is_dictionary(typ):
            cat = s.astype("category")
            cols.append(
                pa.DictionaryArray.from_arrays(
                    pa.array(cat.cat.codes.to_numpy(), type=pa.int32()),
                    pa.array(cat.cat.categories.astype("str").tolist(), type=pa.large_string()),
                )
            )
        else:
            cols.append(pa.array(s, type=typ, from_pandas=True))
    return pa.Table.from_arrays(cols, schema=SCHEMAS[table])


def _from_arrow(table: str, at: pa.Table) -> pd.DataFrame:
    """A partition file's table as the loader makes it (documented dtypes)."""
    if at.num_rows == 0:
        return empty(table)
    df = at.to_pandas()
    for name, (dtype, _) in COLUMNS[table].items():
        if dtype == "Int64":  # read as float64 where there are nulls
            df[name] = df[name].astype("Int64")
        elif dtype == "object":  # qa.answer_turns: lists back to tuples
            df[name] = pd.Series([tuple(map(int, v)) for v in df[name]], dtype=object)
    return conform(table, df)


def _fsync_write(path: Path, write: Callable[[Path], object]) -> None:
    """Write through a temporary name in the same folder, then rename atomically."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    _fsync_write(path, lambda p: p.write_text(json.dumps(data, indent=1, sort_keys=True)))


def _part_file(root: Path, table: str, part: str) -> Path:
    return root / table / f"{part}.parquet"


def _write_part(root: Path, part: str, corpus: Corpus) -> None:
    """Every table of ``corpus`` as ``<table>/<part>.parquet`` (each renamed into place)."""
    for name, df in corpus.tables().items():
        (root / name).mkdir(parents=True, exist_ok=True)
        at = _to_arrow(name, df)

        def write(p: Path, at: pa.Table = at) -> None:
            pq.write_table(at, p)

        _fsync_write(_part_file(root, name, part), write)


def _read_table(root: Path, table: str, part: str) -> pd.DataFrame:
    return _from_arrow(table, pq.read_table(_part_file(root, table, part)))


def _read_part(root: Path, part: str) -> Corpus:
    """One partition as an in-memory corpus (its documents in store order)."""
    tables = {t: _read_table(root, t, part) for t in TABLES}
    ids = tables["documents"]["doc_id"].astype("str").tolist()
    tok = tables["tokens"]
    if len(tok):  # categories: this partition's documents, in order
        tok["doc_id"] = tok["doc_id"].cat.set_categories(pd.Index(ids, dtype="str"))
    return Corpus(**tables)


# -- the manifest -------------------------------------------------------------------------


def _new_manifest() -> dict[str, Any]:
    return {"format": FORMAT, "order": [], "files": {}, "parts": {}, "source_problems": []}


def _read_manifest(root: Path) -> dict[str, Any] | None:
    path = root / MANIFEST
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data if data.get("format") == FORMAT else None


def is_store(obj: object) -> bool:
    """True for a :class:`StoreCorpus`, or a path to a folder holding a store's manifest."""
    if isinstance(obj, StoreCorpus):
        return True
    if isinstance(obj, (str, Path)):
        try:
            return (Path(obj) / MANIFEST).is_file()
        except OSError:
            return False
    return False


def _file_key(data: bytes, doc_id: str, meta: dict[str, Any], path: str, max_bytes: int) -> str:
    """What decides a file's rows: its bytes, its id, its metadata row, its path, the limit."""
    h = hashlib.sha256(data)
    extra = json.dumps([doc_id, meta, path, max_bytes, FORMAT], sort_keys=True, default=str)
    h.update(b"\0" + extra.encode())
    return h.hexdigest()


def _part_id(keys: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:20]


# -- building -----------------------------------------------------------------------------


@dataclass
class _Job:
    path: str
    doc_id: str
    meta: dict[str, Any]
    key: str
    size: int


def _parse_batch(root: str, part: str, jobs: list[_Job], max_bytes: int) -> dict[str, Any]:
    """Parse a batch of files and write its partition (runs on a worker).

    Returns:
        What the manifest records: every file's key and doc_id, the partition's documents,
        and the problem row of each file that could not be loaded.
    """
    from .load import _assemble, _load_one

    docs, failed = [], {}
    for job in jobs:
        kind, value = _load_one((Path(job.path), job.doc_id, job.meta, max_bytes, False))
        if kind == "doc":
            docs.append(value)
        else:
            failed[job.path] = value
    ok = [j for j in jobs if j.path not in failed]
    if docs:
        _write_part(Path(root), part, _assemble(docs, []))
    return {
        "part": part if docs else None,
        "docs": [j.doc_id for j in ok],
        "files": {
            j.path: {
                "key": j.key,
                "doc_id": j.doc_id,
                "part": part if j.path not in failed else None,
                "problem": failed.get(j.path),
            }
            for j in jobs
        },
    }


def _batches(jobs: list[_Job], batch_bytes: int, batch_files: int) -> list[list[_Job]]:
    out: list[list[_Job]] = []
    cur: list[_Job] = []
    size = 0
    for job in jobs:
        if cur and (size + job.size > batch_bytes or len(cur) >= batch_files):
            out.append(cur)
            cur, size = [], 0
        cur.append(job)
        size += job.size
    if cur:
        out.append(cur)
    return out


def _drop_docs(root: Path, manifest: dict[str, Any], gone: dict[str, set[str]]) -> None:
    """Rewrite each partition in ``gone`` without those documents, under a new name, or
    forget it when nothing is left of it; then the manifest; then delete the old files (a
    crash before the manifest is written leaves the old store whole)."""
    if not gone:
        return
    for part, doc_ids in gone.items():
        info = manifest["parts"].pop(part)
        keep = [d for d in info["docs"] if d not in doc_ids]
        if not keep:
            continue
        old = _read_part(root, part)
        kept_paths = [p for p, f in manifest["files"].items() if f.get("part") == part]
        new = _part_id(manifest["files"][p]["key"] for p in kept_paths)
        tables = {
            name: df[df["doc_id"].astype("str").isin(keep)].reset_index(drop=True)
            for name, df in old.tables().items()
        }
        _write_part(root, new, Corpus(**tables))
        manifest["parts"][new] = {"docs": keep}
        for p in kept_paths:
            manifest["files"][p]["part"] = new
    _write_json(root / MANIFEST, manifest)
    for part in gone:
        for name in TABLES:
            _part_file(root, name, part).unlink(missing_ok=True)


def _clean(root: Path, manifest: dict[str, Any]) -> None:
    """Remove files of the table folders the manifest does not list (a killed build's)."""
    wanted = set(manifest["parts"])
    for name in TABLES:
        folder = root / name
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            if f.name.startswith(".") or f.name.removesuffix(".parquet") not in wanted:
                f.unlink(missing_ok=True)


class _Runner:
    """Runs batches in this process or on a Dask cluster, a few at a time."""

    def __init__(self, workers: int | None, scheduler: str | None, n_batches: int) -> None:
        self.client: Any = None
        self.cluster: Any = None
        self.own = False
        if scheduler is not None:
            from distributed import Client

            self.client = Client(scheduler)
            self.own = True
            return
        if workers is None:
            try:
                from distributed import default_client

                self.client = default_client()
                return
            except ValueError:  # no client running
                workers = min(os.cpu_count() or 1, 4) if n_batches > 1 else 0
        if workers:
            import logging

            from distributed import Client, LocalCluster

            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: never a clash
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
            self.own = True

    def run(
        self, fn: Callable[..., dict[str, Any]], calls: list[tuple[Any, ...]]
    ) -> Iterator[dict[str, Any]]:
        """Results of ``fn(*call)`` for every call, in the order they finish."""
        if self.client is None:
            for call in calls:
                yield fn(*call)
            return
        from distributed import as_completed

        window = 2 * max(1, len(self.client.scheduler_info().get("workers", {}))) + 1
        pending = iter(calls)
        futures = [self.client.submit(fn, *c, pure=False) for c in _take(pending, window)]
        ac = as_completed(futures)
        for fut in ac:
            result = fut.result()
            fut.release()
            for c in _take(pending, 1):
                ac.add(self.client.submit(fn, *c, pure=False))
            yield result

    def close(self) -> None:
        if self.own and self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _take(it: Iterator[Any], n: int) -> list[Any]:
    out = []
    for _ in range(n):
        try:
            out.append(next(it))
        except StopIteration:
            break
    return out


@dataclass
class BuildReport:
    """What a :func:`build_store` run did.

    Attributes:
        store: the store's folder.
        parsed: files parsed this run (new or changed).
        kept: files already in the store, unchanged.
        removed: files dropped because they are gone or changed.
        failed: files that could not be loaded (see ``StoreCorpus.problems``).
        parts: partitions in the store.
    """

    store: Path
    parsed: int = 0
    kept: int = 0
    removed: int = 0
    failed: int = 0
    parts: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    def __repr__(self) -> str:
        return (
            f"BuildReport({self.store.name}: {self.parsed} parsed, {self.kept} unchanged, "
            f"{self.removed} removed, {self.failed} failed, {self.parts} partitions)"
        )


def build_store(
    source: str | Path | Iterable[str | Path],
    store: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | Callable[[int, int], None] | None = None,
    metadata: str | Path | pd.DataFrame | None = None,
    max_bytes: int | None = None,
    batch_bytes: int = BATCH_BYTES,
    batch_files: int = BATCH_FILES,
) -> BuildReport:
    """Parse transcripts into a Parquet store, or bring an existing store up to date.

    Files are parsed in batches (at most ``batch_bytes`` of source, ``batch_files`` files),
    each written as one partition of every table, so memory is bounded by the batch, not the
    corpus. Run it again after files arrive, change or go: only new or changed files (by a
    hash of their content) are parsed, and the rows of removed or changed files are dropped.
    A build killed midway leaves a store that opens with the batches it finished; the next
    run completes it. Files that cannot be read are recorded in ``problems`` as
    :func:`~analysis.load.load_corpus` records them, and the rest is stored.

    Args:
        source: a folder (read recursively), a glob pattern, or a list of files.
        store: the store's folder (created if needed).
        workers: Dask worker processes to start on this machine (a ``LocalCluster``); 0
            parses in this process.
        scheduler: address of a running Dask scheduler (``"tcp://host:8786"``) to use
            instead; its workers must see ``source`` and ``store`` at the same paths.
        progress: True for a progress bar, or a function called as ``progress(done, total)``
            after each batch (done and total in batches).
        metadata: as for :func:`~analysis.load.load_corpus` (default: ``metadata.csv`` in the
            folder or its parent).
        max_bytes: files larger than this are reported and skipped (as ``load_corpus``).
        batch_bytes: source bytes per batch (default 2 MB).
        batch_files: files per batch, at most (default 64).

    Without ``workers`` or ``scheduler``: a Dask client already running in this process is
    used; otherwise a single batch is parsed in this process and more start a local cluster
    of up to 4 workers (one per core).

    Returns:
        A :class:`BuildReport` (files parsed, kept, removed, failed).

    Example:
        >>> report = build_store("data/raw", "/tmp/store")  # doctest: +SKIP
        >>> open_store("/tmp/store")  # doctest: +SKIP
    """
    from .load import MAX_BYTES, plan_files

    limit = MAX_BYTES if max_bytes is None else max_bytes
    if workers is not None and workers < 0:
        raise ValueError(f"workers: a number of processes (0 or more), not {workers}")
    root = Path(store).resolve()
    if root.exists() and not root.is_dir():
        raise ValueError(f"{store}: not a folder")
    plan = plan_files(source, metadata=metadata)
    root.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(root)
    if manifest is None:
        manifest = _new_manifest()
    _clean(root, manifest)

    jobs = []
    for path, doc_id, row in plan.files:
        meta = {k: str(v) for k, v in row.items()}
        try:
            data = path.read_bytes() if path.stat().st_size <= limit else b"\0too-large"
            size = len(data)
        except OSError:
            data, size = b"\0unreadable", 0
        key = _file_key(data, doc_id, meta, str(path), limit)
        jobs.append(_Job(str(path), doc_id, meta, key, size))
    report = BuildReport(store=root)
    current = {j.path: j for j in jobs}
    gone: dict[str, set[str]] = {}
    for p, f in list(manifest["files"].items()):
        job = current.get(p)
        if job is None or job.key != f["key"]:
            report.removed += 1
            if f.get("part"):
                gone.setdefault(f["part"], set()).add(f["doc_id"])
            del manifest["files"][p]
    manifest["order"] = [j.path for j in jobs]
    # what the plan reports (skipped entries, metadata faults, no files at all)
    manifest["source_problems"] = [*plan.problems, *plan.after]
    _drop_docs(root, manifest, gone)
    todo = [j for j in jobs if j.path not in manifest["files"]]
    report.kept = len(jobs) - len(todo)
    batches = _batches(todo, batch_bytes, batch_files)
    _write_json(root / MANIFEST, manifest)
    bar = None
    if progress is True:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc="storing", unit="file")
    runner = _Runner(workers, scheduler, len(batches))
    try:
        calls = [(str(root), _part_id(j.key for j in batch), batch, limit) for batch in batches]
        for done, result in enumerate(runner.run(_parse_batch, calls), start=1):
            if result["part"] is not None:
                manifest["parts"][result["part"]] = {"docs": result["docs"]}
            manifest["files"].update(result["files"])
            _write_json(root / MANIFEST, manifest)
            report.parsed += len(result["files"])
            if bar is not None:
                bar.update(len(result["files"]))
            elif callable(progress):
                progress(done, len(batches))
    finally:
        runner.close()
        if bar is not None:
            bar.close()
    _clean(root, manifest)
    report.failed = sum(1 for f in manifest["files"].values() if f.get("problem"))
    report.problems = [f["problem"] for f in manifest["files"].values() if f.get("problem")]
    report.parts = len(manifest["parts"])
    return report


# -- opening ------------------------------------------------------------------------------


class StoreCorpus:
    """A corpus kept in a Parquet store: its tables are Dask DataFrames.

    Pass it to ``ngrams``, ``track``, ``kwic``, ``keyness``, ``topic_mix``, ``turn_lengths``,
    ``qa_lengths`` or ``length_summary`` for ordinary pandas results, equal to those of the
    in-memory corpus of the same files; :meth:`to_pandas` (or :meth:`compute`) loads a small
    store as an in-memory :class:`~analysis.corpus.Corpus`.

    Attributes:
        path: the store's folder.
        parts: partition names, in store order.
        doc_ids: the documents, in the order ``load_corpus`` gives them.
        scheduler: what computes the partitions (see :func:`open_store`).
    """

    #: Lets the analysis functions recognise a store without importing this module.
    is_store = True

    def __init__(self, path: Path, manifest: dict[str, Any], scheduler: str | None) -> None:
        self.path = path
        self.scheduler = scheduler
        self._manifest = manifest
        rank = {p: i for i, p in enumerate(manifest["order"])}
        by_doc = {
            f["doc_id"]: rank.get(p, len(rank))
            for p, f in manifest["files"].items()
            if f.get("part")
        }
        self.doc_ids: list[str] = sorted(by_doc, key=lambda d: by_doc[d])
        self._rank = {d: i for i, d in enumerate(self.doc_ids)}
        first = {
            part: min((by_doc[d] for d in info["docs"]), default=0)
            for part, info in manifest["parts"].items()
        }
        self.parts: list[str] = sorted(manifest["parts"], key=lambda p: first[p])

    # tables -------------------------------------------------------------------------

    def _table(self, name: str) -> dd.DataFrame:
        import dask.dataframe as dd

        if name == "problems":
            return dd.from_pandas(self._problems(), npartitions=1)
        if not self.parts:
            return dd.from_pandas(empty(name), npartitions=1)
        return dd.from_map(
            functools.partial(_read_table, self.path, name),
            self.parts,
            meta=empty(name),
            enforce_metadata=False,
        )

    @property
    def documents(self) -> dd.DataFrame:
        """One row per document (``text`` included)."""
        return self._table("documents")

    @property
    def turns(self) -> dd.DataFrame:
        """One row per speaker turn."""
        return self._table("turns")

    @property
    def qa(self) -> dd.DataFrame:
        """One row per question that asks something."""
        return self._table("qa")

    @property
    def sentences(self) -> dd.DataFrame:
        """One row per sentence."""
        return self._table("sentences")

    @property
    def tokens(self) -> dd.DataFrame:
        """One row per spoken word."""
        return self._table("tokens")

    @property
    def quotes(self) -> dd.DataFrame:
        """One row per news quote."""
        return self._table("quotes")

    @property
    def segments(self) -> dd.DataFrame:
        """Every character of every document in exactly one segment."""
        return self._table("segments")

    @property
    def problems(self) -> pd.DataFrame:
        """What could not be read, or was read with a caveat (a small pandas table)."""
        return self._problems()

    def _problems(self) -> pd.DataFrame:
        failed = [
            f["problem"]
            for p in self._manifest["order"]
            for f in [self._manifest["files"].get(p)]
            if f is not None and f.get("problem")
        ]
        failed.extend(self._manifest.get("source_problems") or [])
        parts = [pd.DataFrame(failed)] if failed else []
        for p in self.parts:
            df = _read_table(self.path, "problems", p)
            if len(df):
                parts.append(df)
        if not parts:
            return empty("problems")
        out = conform("problems", pd.concat(parts, ignore_index=True))
        order = out["doc_id"].map(self._rank).fillna(-1).where(out.index >= len(failed), -1)
        return (
            out.assign(_o=order.to_numpy())
            .sort_values("_o", kind="stable")
            .drop(columns="_o")
            .reset_index(drop=True)
        )

    # whole corpus -------------------------------------------------------------------

    def to_pandas(self) -> Corpus:
        """The whole store as an in-memory corpus, equal to ``load_corpus`` of the files."""
        if not self.parts:
            c = Corpus.empty()
            c.problems = self._problems()
            return c
        parts = [_read_part(self.path, p) for p in self.parts]
        tables: dict[str, pd.DataFrame] = {}
        for name in TABLES:
            if name == "problems":
                tables[name] = self._problems()
                continue
            frames = [getattr(c, name) for c in parts]
            nonempty = [f for f in frames if len(f)]
            if not nonempty:
                tables[name] = empty(name)
                continue
            df = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0]
            df = _in_order(df, self._rank)
            if name == "tokens":
                df["doc_id"] = pd.Categorical(
                    df["doc_id"].astype("str"), categories=pd.Index(self.doc_ids, dtype="str")
                )
            tables[name] = conform(name, df)
        return Corpus(**tables)

    def compute(self) -> Corpus:
        """Same as :meth:`to_pandas` (the Dask spelling)."""
        return self.to_pandas()

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __repr__(self) -> str:
        n_failed = sum(1 for f in self._manifest["files"].values() if f.get("problem"))
        return (
            f"StoreCorpus({len(self.doc_ids)} documents in {len(self.parts)} partitions"
            f"{f', {n_failed} file(s) not loaded' if n_failed else ''})"
        )

    # partition-wise analysis --------------------------------------------------------

    def map_reduce(
        self,
        leaf: Callable[[Corpus, dict[str, int]], Any],
        combine: Callable[[list[Any]], Any],
    ) -> Any:
        """``combine`` of ``leaf(partition corpus, rank)`` over every partition (``rank``:
        the store-wide position of each of the partition's documents) (a tree of
        ``combine`` calls, :data:`FAN_IN` at a time), computed with Dask.

        ``combine`` must accept its own output, so partial results can be merged in any
        grouping; the result is None for a store without documents.
        """
        if not self.parts:
            return None
        import dask

        root = self.path
        docs = self._manifest["parts"]
        level = [
            dask.delayed(_leaf)(root, p, leaf, {d: self._rank[d] for d in docs[p]["docs"]})
            for p in self.parts
        ]
        while len(level) > 1:
            level = [
                dask.delayed(combine)(level[i : i + FAN_IN]) for i in range(0, len(level), FAN_IN)
            ]
        return _compute(level[0], self.scheduler)

    def empty_corpus(self) -> Corpus:
        """An empty corpus with the right columns (what an analysis of no documents sees)."""
        return Corpus.empty()


def _leaf(
    root: Path, part: str, fn: Callable[[Corpus, dict[str, int]], Any], rank: dict[str, int]
) -> Any:
    return fn(_read_part(root, part), rank)


def _compute(obj: Any, scheduler: str | None) -> Any:
    import dask

    if scheduler is None:
        return dask.compute(obj)[0]
    if scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        from distributed import Client

        with Client(scheduler) as client:
            return client.compute(obj).result()
    return dask.compute(obj, scheduler=scheduler)[0]


def _in_order(df: pd.DataFrame, rank: dict[str, int]) -> pd.DataFrame:
    """Rows in document order (rows of one document keep their order)."""
    r = df["doc_id"].astype("str").map(rank).to_numpy()
    if len(r) < 2 or bool(np.all(r[1:] >= r[:-1])):
        return df.reset_index(drop=True)
    order = np.argsort(r, kind="stable")
    return df.iloc[order].reset_index(drop=True)


def open_store(store: str | Path, *, scheduler: str | None = None) -> StoreCorpus:
    """Open a store written by :func:`build_store`.

    Args:
        store: the store's folder.
        scheduler: how analyses compute the partitions: None (Dask's default: the running
            Dask client if there is one, else threads), ``"threads"``, ``"processes"``,
            ``"sync"``, or the address of a Dask scheduler (``"tcp://host:8786"``).

    Raises:
        FileNotFoundError: no store (no ``manifest.json``) in that folder.
    """
    root = Path(store).resolve()
    manifest = _read_manifest(root)
    if manifest is None:
        raise FileNotFoundError(
            f"{store}: no store here (no {MANIFEST} of format {FORMAT}); "
            "create one with build_store or `python -m analysis store DATA STORE`"
        )
    return StoreCorpus(root, manifest, scheduler)


# -- the analyses -------------------------------------------------------------------------


def _as_store(obj: Corpus | StoreCorpus) -> StoreCorpus:
    if not isinstance(obj, StoreCorpus):
        raise TypeError(f"expected a StoreCorpus (open_store), not {type(obj).__name__}")
    return obj


def _keys(by: str | Sequence[str] | None) -> list[str]:
    return [] if by is None else [by] if isinstance(by, str) else list(by)


def _group_firsts(c: Corpus, keys: list[str], rank: dict[str, int]) -> pd.DataFrame:
    """Each group of turns (by ``keys``, columns of turns or documents) with the position of
    its first turn in the whole store: what "order of first appearance" means."""
    if not keys:
        return pd.DataFrame({"_first": pd.Series(dtype="int64")})
    t = c.turns
    docs = c.documents.set_index("doc_id")
    cols: dict[str, Any] = {}
    for k in keys:
        if k in t.columns:
            cols[k] = t[k].reset_index(drop=True)
        elif k in docs.columns:
            cols[k] = docs[k].reindex(t["doc_id"]).reset_index(drop=True)
        else:
            return pd.DataFrame(columns=[*keys, "_first"])
    frame = pd.DataFrame(cols)
    doc_rank = t["doc_id"].astype("str").map(rank).to_numpy(dtype=np.int64)
    within = t.groupby("doc_id", sort=False).cumcount().to_numpy()
    frame["_first"] = doc_rank * (1 << 32) + within
    return frame.drop_duplicates(keys, keep="first").reset_index(drop=True)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate, ignoring empty frames (whose object columns would spoil the dtypes)."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0]
    return full[0] if len(full) == 1 else pd.concat(full, ignore_index=True)


def _firsts_combine(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    df = _concat(frames)
    if not len(df) or not keys:
        return df
    return (
        df.sort_values("_first", kind="stable")
        .drop_duplicates(keys, keep="first")
        .reset_index(drop=True)
    )


def _order_groups(df: pd.DataFrame, firsts: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The first-appearance position of each row's group."""
    if not keys:
        return pd.Series(np.zeros(len(df), np.int64), index=df.index)
    pos = df[keys].merge(firsts, on=keys, how="left")["_first"]
    return pd.Series(pos.to_numpy(), index=df.index)


# n-grams ----------------------------------------------------------------------------------


def ngrams(
    store: Corpus | StoreCorpus,
    n: int | tuple[int, int] = (1, 3),
    by: str | Sequence[str] | None = "doc_id",
    *,
    stopwords: bool = True,
    min_count: int = 1,
) -> pd.DataFrame:
    """:func:`analysis.phrases.ngrams` of a store (same arguments, same result)."""
    store = _as_store(store)
    from . import phrases

    keys = _keys(by)
    disjoint = "doc_id" in keys  # groups never span partitions: no summing needed

    def leaf(c: Corpus, rank: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
        counts = phrases.ngrams(c, n=n, by=by, stopwords=stopwords, min_count=1)
        if disjoint and len(counts):  # each partition has its own categories: plain strings
            counts["doc_id"] = counts["doc_id"].astype("str")
        return counts, _group_firsts(c, keys, rank)

    def combine(parts: list[tuple[pd.DataFrame, pd.DataFrame]]) -> Any:
        counts = _concat([p[0] for p in parts])
        if not disjoint and len(parts) > 1 and len(counts):
            counts = (
                counts.groupby([*keys, "ngram", "n"], sort=False, dropna=False)["count"]
                .sum()
                .reset_index()
            )
        return counts, _firsts_combine([p[1] for p in parts], keys)

    result = store.map_reduce(leaf, combine)
    if result is None:
        return phrases.ngrams(store.empty_corpus(), n=n, by=by, stopwords=stopwords)
    counts, firsts = result
    if not len(counts):
        return pd.DataFrame(columns=[*keys, "ngram", "n", "count"])
    counts = counts[counts["count"] >= min_count]
    if not len(counts):
        return pd.DataFrame(columns=[*keys, "ngram", "n", "count"])
    order = _order_groups(counts, firsts, keys)
    out = (
        counts.assign(_g=order.to_numpy())
        .sort_values(["_g", "count", "ngram"], ascending=[True, False, True], kind="stable")
        .drop(columns="_g")
        .reset_index(drop=True)
    )
    out["n"] = out["n"].astype(np.int64)
    out["count"] = out["count"].astype(np.int64)
    if disjoint:  # categorical, the store's documents in order, as phrases.ngrams gives it
        out["doc_id"] = pd.Categorical(
            out["doc_id"].astype("str"), categories=pd.Index(store.doc_ids, dtype="str")
        )
    return out[[*keys, "ngram", "n", "count"]]


# phrase tracking ---------------------------------------------------------------------------


def track(
    store: Corpus | StoreCorpus,
    phrases: str | Iterable[str],
    *,
    by: str | Sequence[str] = ("doc_id", "speaker", "role"),
    regex: bool = False,
) -> pd.DataFrame:
    """:func:`analysis.phrases.track` of a store (same arguments, same result)."""
    store = _as_store(store)
    from . import phrases as ph

    plist = ph._patterns(phrases)
    keys = _keys(by)

    def leaf(c: Corpus, rank: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
        t = ph.track(c, plist, by=by, regex=regex)
        t["_p"] = np.tile(np.arange(len(plist)), len(t) // max(len(plist), 1))
        return t.drop(columns=["phrase", "per_10k"]), _group_firsts(c, keys, rank)

    def combine(parts: list[tuple[pd.DataFrame, pd.DataFrame]]) -> Any:
        t = _concat([p[0] for p in parts])
        if len(parts) > 1 and len(t):
            t = t.groupby([*keys, "_p"], sort=False, dropna=False)[["count", "words"]].sum()
            t = t.reset_index()
        return t, _firsts_combine([p[1] for p in parts], keys)

    result = store.map_reduce(leaf, combine)
    if result is None:
        return ph.track(store.empty_corpus(), plist, by=by, regex=regex)
    t, firsts = result
    t = (
        t.assign(_g=_order_groups(t, firsts, keys).to_numpy())
        .sort_values(["_g", "_p"], kind="stable")
        .reset_index(drop=True)
    )
    out = t[keys].copy()
    out["phrase"] = pd.Series(np.asarray(plist, dtype=object)[t["_p"].to_numpy()]).astype("str")
    out["count"] = t["count"].to_numpy().astype(np.int64)
    out["words"] = t["words"].to_numpy().astype(np.int64)
    out["per_10k"] = out["count"] / out["words"].where(out["words"] > 0) * 10_000
    return out


# keyword in context ------------------------------------------------------------------------


def _rows_in_order(store: StoreCorpus, fn: Callable[[Corpus], pd.DataFrame]) -> pd.DataFrame:
    """Per-document rows of every partition, concatenated in document order."""
    result = store.map_reduce(lambda c, _: fn(c), _concat)
    if result is None:
        return fn(store.empty_corpus())
    return _in_order(result, store._rank)


def kwic(
    store: Corpus | StoreCorpus,
    pattern: str | Iterable[str],
    window: int | str = 8,
    *,
    regex: bool = False,
    cross_turns: bool = False,
) -> KWIC:
    """:func:`analysis.phrases.kwic` of a store (same arguments, same result)."""
    store = _as_store(store)
    from . import phrases

    pats = phrases._patterns(pattern)

    def leaf(c: Corpus) -> pd.DataFrame:
        return pd.DataFrame(
            phrases.kwic(c, pats, window=window, regex=regex, cross_turns=cross_turns)
        )

    return phrases.KWIC(_rows_in_order(store, leaf))


# lengths ---------------------------------------------------------------------------------


def turn_lengths(store: Corpus | StoreCorpus, *, wpm: float) -> pd.DataFrame:
    """:func:`analysis.lengths.turn_lengths` of a store (same arguments, same result)."""
    store = _as_store(store)
    from . import lengths

    return _rows_in_order(store, lambda c: lengths.turn_lengths(c, wpm=wpm))


def qa_lengths(store: Corpus | StoreCorpus) -> pd.DataFrame:
    """:func:`analysis.lengths.qa_lengths` of a store (same result)."""
    store = _as_store(store)
    from . import lengths

    return _rows_in_order(store, lengths.qa_lengths)


def length_summary(
    store: Corpus | StoreCorpus, *, by: str | Sequence[str] = "doc_id"
) -> pd.DataFrame:
    """:func:`analysis.lengths.length_summary` of a store (same arguments, same result).

    Each partition gives how many turns of each group have each length; the statistics
    (quartiles included) are then computed by the pandas function on those lengths.
    """
    store = _as_store(store)
    from . import lengths

    keys = _keys(by)
    cols = list(dict.fromkeys([*keys, "n_words"]))

    def leaf(c: Corpus, rank: dict[str, int]) -> pd.DataFrame:
        t = lengths._turns_with(c, keys)
        return t.groupby(cols, sort=False, dropna=False).size().rename("_n").reset_index()

    def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
        df = _concat(parts)
        if len(parts) > 1 and len(df):
            df = df.groupby(cols, sort=False, dropna=False)["_n"].sum().reset_index()
        return df

    hist = store.map_reduce(leaf, combine)
    if hist is None:
        return lengths.length_summary(store.empty_corpus(), by=by)
    reps = np.repeat(np.arange(len(hist)), hist["_n"].to_numpy())
    turns = hist[cols].iloc[reps].reset_index(drop=True)
    documents = pd.DataFrame({"doc_id": pd.Series(store.doc_ids, dtype="str")})
    synthetic = Corpus.empty()
    synthetic.documents, synthetic.turns = documents, turns
    return lengths.length_summary(synthetic, by=by)


# topics ------------------------------------------------------------------------------------


def _term_counts(tm: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The ``terms`` column of a topic mix (``term:count, ...``) back as counts (a term is
    words joined by spaces: no comma or colon can be part of one)."""
    rows = tm[tm["terms"] != ""]
    pieces = rows["terms"].str.split(", ")
    flat = rows.loc[rows.index.repeat(pieces.str.len()), [*keys, "topic"]].reset_index(drop=True)
    terms = [p for ps in pieces for p in ps]
    flat["norm"] = pd.Series([t.rsplit(":", 1)[0] for t in terms], dtype="str")
    flat["n"] = np.array([int(t.rsplit(":", 1)[1]) for t in terms], dtype=np.int64)
    return flat


def topic_mix(
    store: Corpus | StoreCorpus,
    lexicon: Any = None,
    *,
    by: str | Sequence[str] = "doc_id",
) -> pd.DataFrame:
    """:func:`analysis.topics.topic_mix` of a store (same arguments, same result)."""
    store = _as_store(store)
    from . import topics

    keys = topics._by_list(by)
    lex = topics._as_lexicon(lexicon)

    def leaf(c: Corpus, rank: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        tm = topics.topic_mix(c, lex, by=keys)
        if keys == ["doc_id"]:
            d = c.documents["doc_id"].astype("str")
            firsts = pd.DataFrame({"doc_id": d, "_first": d.map(rank).to_numpy() * (1 << 32)})
        else:
            firsts = _group_firsts(c, keys, rank)
        return tm.drop(columns=["share", "per_1k", "terms"]), _term_counts(tm, keys), firsts

    def combine(parts: list[Any]) -> Any:
        tm = _concat([p[0] for p in parts])
        terms = _concat([p[1] for p in parts])
        if len(parts) > 1:
            tm = (
                tm.groupby([*keys, "topic", "label"], sort=False, dropna=False)[["hits", "words"]]
                .sum()
                .reset_index()
            )
            if len(terms):
                terms = terms.groupby([*keys, "topic", "norm"], sort=False, dropna=False)["n"]
                terms = terms.sum().reset_index()
        return tm, terms, _firsts_combine([p[2] for p in parts], keys)

    result = store.map_reduce(leaf, combine)
    if result is None:
        return topics.topic_mix(store.empty_corpus(), lex, by=keys)
    tm, terms, firsts = result
    t_order = {t: i for i, t in enumerate(pd.unique(lex["topic"]))}
    tm = (
        tm.assign(_g=_order_groups(tm, firsts, keys).to_numpy(), _t=tm["topic"].map(t_order))
        .sort_values(["_g", "_t"], kind="stable")
        .drop(columns=["_g", "_t"])
        .reset_index(drop=True)
    )
    if len(terms):
        terms = terms.sort_values(["n", "norm"], ascending=[False, True], kind="stable")
        terms["piece"] = terms["norm"] + ":" + terms["n"].astype("str")
        joined = (
            terms.groupby([*keys, "topic"], sort=False, dropna=False)["piece"]
            .agg(", ".join)
            .rename("terms")
            .reset_index()
        )
        tm = tm.merge(joined, on=[*keys, "topic"], how="left")
    else:
        tm["terms"] = ""
    tm["hits"] = tm["hits"].astype("int64")
    tm["words"] = tm["words"].astype("int64")
    total = tm.groupby(keys, sort=False, dropna=False)["hits"].transform("sum")
    tm["share"] = (tm["hits"] / total.where(total > 0)).fillna(0.0)
    tm["per_1k"] = (tm["hits"] / tm["words"].where(tm["words"] > 0) * 1000).fillna(0.0)
    tm["terms"] = tm["terms"].fillna("").astype("str")
    return tm[[*keys, "topic", "label", "hits", "share", "words", "per_1k", "terms"]]
