"""Command line: ``python -m analysis COMMAND DATA ...`` (also installed as ``transcripts``).

Every command takes a folder, a file or a glob of transcripts, prints a table on stdout
(``--csv`` for CSV to pipe elsewhere) and messages on stderr. A user error (a missing folder,
a bad option) is one line on stderr and exit status 2; ``report`` exits with 1 when a
notebook stopped with an error (the report is still written).

Example:
    >>> from analysis.cli import main
    >>> main(["kwic", "data/raw", "outlast*", "--limit", "3"])  # doctest: +SKIP
    0
"""

from __future__ import annotations

import argparse
import ast
import logging
import os
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pandas as pd

from .load import MAX_BYTES

if TYPE_CHECKING:
    from .corpus import Corpus

PROG = "python -m analysis"

OVERVIEW = """examples:
  python -m analysis load data/raw                     # one line per document
  python -m analysis load data/raw --out tables/       # ... and every table as CSV and Parquet
  python -m analysis kwic data/raw "swift, severe"     # a phrase in context
  python -m analysis phrases data/raw --n 2-3 --top 10
  python -m analysis topics data/raw --by speaker
  python -m analysis provenance data/raw               # where each news quote was said
  python -m analysis report data/raw --out reports/    # every notebook, as an HTML report

DATA is a folder (read recursively: .txt, .md, .html, .docx, .pdf, .srt, .vtt), one file,
or a quoted glob such as "transcripts/2022-*.md", or a store made by
"python -m analysis store DATA STORE".
Run "python -m analysis COMMAND --help" for a command's options.
"""

EXAMPLES = {
    "load": """examples:
  python -m analysis load data/raw
  python -m analysis load ~/transcripts --out tables/ --format parquet
  python -m analysis load "briefings/2022-01-*.md" --csv > summary.csv
""",
    "kwic": """examples:
  python -m analysis kwic data/raw outlast                  # 8 words either side
  python -m analysis kwic data/raw "swift, severe" --window sentence
  python -m analysis kwic data/raw "cluster munition*" --limit 5
  python -m analysis kwic data/raw "(russia|ukraine)" --regex --csv > hits.csv
""",
    "phrases": """examples:
  python -m analysis phrases data/raw                       # top 20 n-grams per document
  python -m analysis phrases data/raw --n 2-3 --by speaker --top 10
  python -m analysis phrases data/raw --n 1 --by "" --top 50   # whole corpus, single words
""",
    "topics": """examples:
  python -m analysis topics data/raw
  python -m analysis topics data/raw --by speaker
  python -m analysis topics data/raw --by doc_id,role --lexicon my_topics.yaml
""",
    "provenance": """examples:
  python -m analysis provenance data/raw
  python -m analysis provenance data/raw --csv > quotes.csv

The folder needs the news articles and the transcripts they quote.
""",
    "report": """examples:
  python -m analysis report data/raw                      # writes reports/index.html
  python -m analysis report ~/transcripts --out ~/report --title "Briefings, January"
  python -m analysis report ~/transcripts -p FLOW_DOC=2022-01-04-press-briefing

Each notebook's parameters cell (DATA, and the others it lists) can be set with -p; DATA is
always the folder given. A notebook that stops with an error still gets a page showing how
far it got, and the exit status is 1.
""",
}


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def _window(text: str) -> int | str:
    from .phrases import MAX_WINDOW

    if text == "sentence":
        return text
    if text.isdigit() and int(text) <= MAX_WINDOW:
        return int(text)
    if text.isdigit():
        raise argparse.ArgumentTypeError(
            f"at most {MAX_WINDOW:,} words either side, not {text}; use 'sentence' for "
            "whole sentences"
        )
    raise argparse.ArgumentTypeError(f"a number of words or 'sentence', not {text!r}")


_BYTE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9}


def _max_bytes(text: str) -> int:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?b?)\s*", text.lower())
    if not m or float(m.group(1)) * _BYTE_UNITS.get(m.group(2), 0) < 1:
        raise argparse.ArgumentTypeError(f"a size such as 50000000 or 50MB, not {text!r}")
    return int(float(m.group(1)) * _BYTE_UNITS[m.group(2)])


def _sizes(text: str) -> tuple[int, int]:
    lo, sep, hi = text.partition("-")
    if not lo.isdigit() or (sep and not hi.isdigit()):
        raise argparse.ArgumentTypeError(f"a size or a range such as 1-3, not {text!r}")
    n = (int(lo), int(hi) if sep else int(lo))
    if not 1 <= n[0] <= n[1] <= 5:
        raise argparse.ArgumentTypeError(f"sizes between 1 and 5, smallest first, not {text!r}")
    return n


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a whole number (0 or more), not {text!r}")
    return int(text)


def _formats(text: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in formats if f not in ("csv", "parquet")]
    if bad or not formats:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(bad) or repr(text)}; use csv, parquet or csv,parquet"
        )
    return formats


def _param(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise argparse.ArgumentTypeError(f"NAME=VALUE, not {text!r}")
    try:  # numbers, None, lists, quoted strings; anything else is a string
        value: object = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return name.strip(), value


def _columns(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _data(args: argparse.Namespace) -> Corpus:
    """DATA opened as a store when it is one (analyses run partition by partition), else
    loaded as :func:`_corpus` does."""
    from .store import is_store, open_store

    if not is_store(args.data):
        return _corpus(args)
    store = open_store(args.data)
    if not len(store):
        raise CliError(f"{args.data}: the store holds no document")
    return cast("Corpus", store)  # kwic, ngrams and topic_mix dispatch on a store


def _corpus(args: argparse.Namespace) -> Corpus:
    from .load import load_corpus
    from .store import is_store, open_store

    if is_store(args.data):  # a store made by `store`: loaded whole
        return open_store(args.data).to_pandas()
    if not Path(args.data).exists() and not any(ch in args.data for ch in "*?["):
        raise CliError(f"{args.data}: no such file or folder")
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        corpus = load_corpus(
            args.data, progress=progress, workers=args.workers, max_bytes=args.max_bytes
        )
    except FileNotFoundError as err:
        raise CliError(str(err)) from err
    if corpus.documents.empty:
        msgs = "; ".join(dict.fromkeys(corpus.problems["message"])) or "no transcript file"
        raise CliError(f"{args.data}: no transcript could be loaded ({msgs})")
    return corpus


def _float(x: float) -> str:
    return f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"


_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff]")  # zero-width: no column


def _cell(value: object, width: int) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        text = ""
    elif isinstance(value, pd.Timestamp) and value == value.normalize():
        text = value.date().isoformat()  # a date, not midnight
    else:
        text = str(value)
    text = " ".join(_INVISIBLE.sub("", text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _text_table(df: pd.DataFrame, width: int) -> str:
    """``df`` as aligned text: words left-aligned (the ``left`` context of KWIC right-aligned,
    so the matches line up), numbers right-aligned, long cells cut to ``width`` with '…'."""
    cols: dict[str, pd.Series] = {}
    for col in df.columns:
        values = df[col].reset_index(drop=True)
        name = str(col)
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            cols[name] = values
            continue
        cells = [_cell(v, width) for v in values]
        w = max([len(name), *map(len, cells)])  # header and cells as wide as the column
        pad = str.rjust if name == "left" else str.ljust
        cols[pad(name, w)] = pd.Series([pad(c, w) for c in cells], dtype=object)
    text = pd.DataFrame(cols).to_string(index=False, float_format=_float)
    return "\n".join(line.rstrip() for line in text.splitlines())


def _show(df: pd.DataFrame, args: argparse.Namespace) -> None:
    """A table on stdout: aligned text, or CSV with --csv."""
    if args.csv:
        df.to_csv(sys.stdout, index=False)
    elif df.empty:
        print("(no rows)")
    else:
        print(_text_table(df, args.width))


def _problems(corpus: Corpus) -> None:
    if len(corpus.problems):
        print(f"\n{len(corpus.problems)} problem(s) while loading:", file=sys.stderr)
        for r in corpus.problems.itertuples():
            print(f"  {r.severity}: {r.path}: {r.message}", file=sys.stderr)


def cmd_load(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    _show(corpus.summary(), args)
    _problems(corpus)
    if args.out:
        folder = corpus.save(args.out, formats=args.format)
        print(f"tables written to {folder}/ ({', '.join(args.format)})", file=sys.stderr)
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from .phrases import kwic

    hits = kwic(_data(args), args.pattern, window=args.window, regex=args.regex)
    shown = hits.head(args.limit) if args.limit else hits
    _show(pd.DataFrame(shown[["doc_id", "turn", "speaker", "left", "match", "right"]]), args)
    more = f", {len(shown)} shown" if len(shown) < len(hits) else ""
    print(f"{len(hits)} match(es){more}", file=sys.stderr)
    return 0


def cmd_phrases(args: argparse.Namespace) -> int:
    from .phrases import ngrams

    by = args.by or None
    table = ngrams(_data(args), n=args.n, by=by, stopwords=not args.keep_stopwords)
    table = table.groupby(by, sort=False).head(args.top) if by else table.head(args.top)
    _show(table, args)
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    from .topics import topic_mix

    if not args.by:
        raise CliError("--by: name at least one column (doc_id, speaker, role, kind, ...)")
    table = topic_mix(_data(args), lexicon=args.lexicon, by=args.by)
    if not args.all:
        table = table[table["hits"] > 0]
    _show(table, args)
    return 0


def cmd_provenance(args: argparse.Namespace) -> int:
    from .provenance import provenance

    corpus = _corpus(args)
    if corpus.quotes.empty:
        print(f"{args.data}: no news quotes to trace (no news article found)", file=sys.stderr)
    table = provenance(corpus)
    cols = [
        "quote_doc_id",
        "quote",
        "speaker",
        "verdict",
        "source_doc_id",
        "source_turn",
        "similarity",
        "changes",
        "quote_text",
    ]
    _show(table[cols], args)
    return 0


def cmd_store(args: argparse.Namespace) -> int:
    from .store import build_store, open_store

    if not Path(args.data).exists() and not any(ch in args.data for ch in "*?["):
        raise CliError(f"{args.data}: no such file or folder")
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        report = build_store(
            args.data,
            args.store,
            workers=args.workers,
            scheduler=args.scheduler,
            progress=progress,
            batch_bytes=int(args.batch_mb * 1_000_000),
        )
    except FileNotFoundError as err:
        raise CliError(str(err)) from err
    store = open_store(args.store)
    _show(
        pd.DataFrame(
            [
                {
                    "documents": len(store),
                    "partitions": report.parts,
                    "parsed": report.parsed,
                    "unchanged": report.kept,
                    "removed": report.removed,
                    "failed": report.failed,
                }
            ]
        ),
        args,
    )
    problems = store.problems
    if len(problems):
        print(f"\n{len(problems)} problem(s) while loading:", file=sys.stderr)
        for r in problems.itertuples():
            print(f"  {r.severity}: {r.path}: {r.message}", file=sys.stderr)
    print(f"store written to {args.store}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import NOTEBOOKS, build_report, check_output, notebooks

    # a missing notebooks folder, or an --out that would overwrite or be read back as the
    # input, fails before loading
    names = [p.name for p in notebooks(args.notebooks or NOTEBOOKS)]
    check_output(args.data, args.out, names)
    corpus = _corpus(args)
    _show(corpus.summary(), args)
    _problems(corpus)
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    print(f"\nrunning the notebooks on {args.data} ...", file=sys.stderr)
    report = build_report(
        args.data,
        args.out,
        notebooks_dir=args.notebooks,
        params=dict(args.param),
        timeout=args.timeout,
        corpus=corpus,
        title=args.title,
        progress=progress,
    )
    for page in report.pages:
        status = "ok" if page.error is None else "STOPPED (see below)"
        print(f"  {page.html.name:<40} {page.seconds:5.1f} s  {status}", file=sys.stderr)
    print(f"report written to {report.index} (tables in {report.tables}/)", file=sys.stderr)
    for page in report.failed:  # one line each: which notebook, where and why
        print(
            f"error: {page.notebook.name} stopped at {page.error} (page: {page.html})",
            file=sys.stderr,
        )
    return 1 if report.failed else 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (one subcommand per verb)."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    p = argparse.ArgumentParser(
        prog=PROG if name in ("", "__main__.py", "-c") else name,  # or the console script's
        description=textwrap.fill(
            "Exploratory analysis of political-speech transcripts: load a folder of "
            "transcripts (.txt, .md, .html, .docx, .pdf, .srt, .vtt) into tidy tables, search and "
            "count phrases, code topics, trace news quotes to their source, and build an HTML "
            "report.",
            88,
        ),
        epilog=OVERVIEW,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help_: str, desc: str
    ) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name,
            help=help_,
            description=textwrap.fill(desc, 88),
            epilog=EXAMPLES[name],
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sp.add_argument("data", metavar="DATA", help="folder, file or quoted glob of transcripts")
        out = sp.add_argument_group("output")
        out.add_argument("--csv", action="store_true", help="print CSV instead of a table")
        out.add_argument(
            "--width", type=_count, default=60, help="widest column shown, in characters (60)"
        )
        load = sp.add_argument_group("loading")
        load.add_argument(
            "--workers",
            type=_count,
            default=None,
            help="processes that parse files (default: one per core, up to 4, for 2 MB or more)",
        )
        load.add_argument(
            "--max-bytes",
            type=_max_bytes,
            default=MAX_BYTES,
            metavar="SIZE",
            help=f"larger files are reported and skipped ({MAX_BYTES // 10**6} MB; e.g. 50MB)",
        )
        load.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="progress bar while loading (default: when stderr is a terminal)",
        )
        sp.set_defaults(func=func)
        return sp

    sp = add(
        "load",
        cmd_load,
        "load transcripts, print a summary, export the tables",
        "Load transcripts and print one line per document: kind, date, title, turns, "
        "questions, speakers, spoken words and problems met. Files that cannot be read "
        "are listed on stderr. With --out, write every table (documents, turns, qa, "
        "sentences, tokens, quotes, segments, problems) as CSV and/or Parquet.",
    )
    sp.add_argument("--out", metavar="DIR", help="folder to write the tables to")
    sp.add_argument(
        "--format",
        type=_formats,
        default=("csv", "parquet"),
        help="csv, parquet or csv,parquet (default: both)",
    )

    sp = add(
        "kwic",
        cmd_kwic,
        "keyword in context: every occurrence with the words around it",
        "Every occurrence of a word or phrase with the words around it, in corpus order. "
        "Case and punctuation never matter ('swift, severe' also finds 'swift and "
        "severe'); '*' is a wildcard ('outlast*'). The number of matches goes to stderr.",
    )
    sp.add_argument("pattern", metavar="PATTERN", help="word, phrase or wildcard pattern")
    sp.add_argument(
        "--window",
        type=_window,
        default=8,
        metavar="N|sentence",
        help="words of context either side (8), or 'sentence' for the whole sentence",
    )
    sp.add_argument(
        "--regex", action="store_true", help="each word of PATTERN is a regular expression"
    )
    sp.add_argument(
        "--limit", type=_count, default=0, metavar="N", help="show at most N lines (0: all)"
    )

    sp = add(
        "phrases",
        cmd_phrases,
        "most frequent n-grams, per document, speaker or role",
        "The most frequent n-grams (runs of 1 to 5 words), overall or per group. N-grams "
        "that start or end with a stopword ('of the') are left out unless --keep-stopwords.",
    )
    sp.add_argument(
        "--n", type=_sizes, default=(1, 3), metavar="SIZES", help="n-gram sizes: 2, or 1-3 (1-3)"
    )
    sp.add_argument(
        "--by",
        type=_columns,
        default=["doc_id"],
        metavar="COLS",
        help="group by doc_id (default), speaker, role, kind, ... (comma-separated; '' for "
        "the whole corpus)",
    )
    sp.add_argument("--top", type=_count, default=20, metavar="N", help="n-grams per group (20)")
    sp.add_argument(
        "--keep-stopwords",
        action="store_true",
        help="keep n-grams that start or end with a stopword",
    )

    sp = add(
        "topics",
        cmd_topics,
        "topic mix from the topic lexicon",
        "Hits, shares and rates (per 1,000 words) of each topic of the lexicon "
        "(data/lexicon/topics.yaml, or --lexicon) per document, speaker or role. Topics "
        "with no hits in a group are left out unless --all.",
    )
    sp.add_argument(
        "--by",
        type=_columns,
        default=["doc_id"],
        metavar="COLS",
        help="group by doc_id (default), speaker, role, kind, ... (comma-separated)",
    )
    sp.add_argument("--lexicon", metavar="YAML", help="topic lexicon (default: the shipped one)")
    sp.add_argument("--all", action="store_true", help="show topics with no hits too")

    add(
        "provenance",
        cmd_provenance,
        "where each news quote was said, and how faithfully",
        "For every quote in a news article, the transcript passage it comes from and a "
        "verdict: verbatim, punctuation (verbatim apart from punctuation or case), altered, "
        "paraphrase or no source; 'changes' lists the differences (source → quote).",
    )

    sp = sub.add_parser(
        "store",
        help="parse transcripts into a Parquet store (incremental, parallel with Dask)",
        description=textwrap.fill(
            "Parse DATA into a Parquet store at STORE, in batches, in parallel on a local Dask "
            "cluster (--workers) or a running one (--scheduler). Run it again after files "
            "arrive, change or go: only new or changed files are parsed, and removed files' "
            "rows are dropped. Other commands accept STORE wherever they accept a folder.",
            88,
        ),
        epilog="""examples:
  python -m analysis store ~/transcripts ~/store              # a local cluster (one per core)
  python -m analysis store ~/transcripts ~/store --workers 2
  python -m analysis store ~/transcripts ~/store --scheduler tcp://10.0.0.5:8786
  python -m analysis phrases ~/store --by "" --top 20          # analyses read the store
""",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sp.add_argument("data", metavar="DATA", help="folder, file or quoted glob of transcripts")
    sp.add_argument("store", metavar="STORE", help="the store's folder (created if needed)")
    sp.add_argument(
        "--workers",
        type=_count,
        default=None,
        metavar="N",
        help="Dask worker processes to start here (default: one per core, up to 4; 0: parse "
        "in this process)",
    )
    sp.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="a running Dask scheduler, e.g. tcp://host:8786 (its workers must see DATA and "
        "STORE at the same paths)",
    )
    sp.add_argument(
        "--batch-mb", type=float, default=2.0, metavar="MB", help="source MB per batch (2)"
    )
    sp.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    sp.add_argument("--width", type=_count, default=60, help=argparse.SUPPRESS)
    sp.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar (default: when stderr is a terminal)",
    )
    sp.set_defaults(func=cmd_store)

    sp = add(
        "report",
        cmd_report,
        "run every notebook on DATA and write an HTML report",
        "Load DATA, print its summary, run every notebook (notebooks/NN_name.ipynb) on it "
        "and write OUT/index.html, one page per notebook (charts embedded, code hidden "
        "behind a switch, nothing fetched from the network), the executed notebooks and "
        "every table as CSV and Parquet in OUT/tables/.",
    )
    sp.add_argument("--out", default="reports", metavar="DIR", help="report folder (reports)")
    sp.add_argument("--title", default="Transcript analysis", help="the index page's heading")
    sp.add_argument(
        "-p",
        "--param",
        type=_param,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a notebook parameter (repeatable); VALUE is read as a Python literal when "
        "it is one, else as a string",
    )
    sp.add_argument(
        "--notebooks", metavar="DIR", help="notebooks folder (default: the project's notebooks/)"
    )
    sp.add_argument(
        "--timeout", type=_count, default=600, metavar="S", help="seconds a cell may run (600)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status.

    0: done; 1: the report was written but a notebook stopped with an error; 2: a user
    error (bad path, bad option: argparse exits with 2 itself); 130: interrupted.
    """
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `... | head` closed stdout: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except (CliError, ValueError, KeyError, OSError) as err:
        # ValueError covers analysis.LoadError; OSError a folder that cannot be written
        msg = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
