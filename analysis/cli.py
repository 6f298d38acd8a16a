"""Command line: ``python -m analysis COMMAND FOLDER ...`` (also installed as ``transcripts``)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

EPILOG = """examples:
  python -m analysis load data/raw --out tables/
  python -m analysis kwic data/raw "swift, severe" --window 6
  python -m analysis phrases data/raw --n 2-3 --top 10
  python -m analysis topics data/raw --by speaker
  python -m analysis provenance data/raw
  python -m analysis report data/raw --out reports/
"""


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def _corpus(args: argparse.Namespace):
    from .load import load_corpus

    src = Path(args.data)
    if not src.exists() and not any(ch in args.data for ch in "*?["):
        raise CliError(f"{args.data}: no such file or folder")
    progress = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        corpus = load_corpus(args.data, progress=progress, workers=args.workers)
    except FileNotFoundError as err:
        raise CliError(str(err)) from err
    if corpus.documents.empty:
        msgs = "; ".join(corpus.problems["message"]) or "nothing to read"
        raise CliError(f"{args.data}: no transcript could be loaded ({msgs})")
    return corpus


def _show(df: pd.DataFrame, args: argparse.Namespace) -> None:
    if getattr(args, "csv", False):
        df.to_csv(sys.stdout, index=False)
        return
    with pd.option_context("display.max_colwidth", args.width, "display.width", 200):
        print(df.to_string(index=False) if len(df) else "(no rows)")


def cmd_load(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    _show(corpus.summary(), args)
    if len(corpus.problems):
        print(f"\n{len(corpus.problems)} problem(s):", file=sys.stderr)
        for r in corpus.problems.itertuples():
            print(f"  {r.severity}: {r.path}: {r.message}", file=sys.stderr)
    if args.out:
        formats = tuple(f.strip() for f in args.format.split(","))
        bad = set(formats) - {"csv", "parquet"}
        if bad:
            raise CliError(
                f"--format: unknown format(s) {', '.join(sorted(bad))}; use csv, parquet or both"
            )
        folder = corpus.save(args.out, formats=formats)
        print(f"\ntables written to {folder}/ ({', '.join(formats)})", file=sys.stderr)
    return 0


def cmd_kwic(args: argparse.Namespace) -> int:
    from .phrases import kwic

    window: int | str = args.window if args.window == "sentence" else int(args.window)
    hits = kwic(_corpus(args), args.pattern, window=window, regex=args.regex)
    cols = ["doc_id", "turn", "speaker", "left", "match", "right"]
    _show(hits[cols].head(args.limit) if args.limit else hits[cols], args)
    print(f"{len(hits)} match(es)", file=sys.stderr)
    return 0


def cmd_phrases(args: argparse.Namespace) -> int:
    from .phrases import ngrams

    lo, _, hi = args.n.partition("-")
    n = (int(lo), int(hi or lo))
    by = [b.strip() for b in args.by.split(",")] if args.by else None
    table = ngrams(_corpus(args), n=n, by=by, stopwords=not args.keep_stopwords)
    table = table.groupby(by, sort=False).head(args.top) if by else table.head(args.top)
    _show(table, args)
    return 0


def cmd_topics(args: argparse.Namespace) -> int:
    from .topics import topic_mix

    by = [b.strip() for b in args.by.split(",")]
    table = topic_mix(_corpus(args), lexicon=args.lexicon, by=by)
    _show(table[table["hits"] > 0], args)
    return 0


def cmd_provenance(args: argparse.Namespace) -> int:
    from .provenance import provenance

    table = provenance(_corpus(args))
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


def cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report

    corpus = _corpus(args)
    _show(corpus.summary(), args)
    print(f"\nrunning the notebooks on {args.data} ...", file=sys.stderr)
    index = build_report(args.data, args.out, corpus=corpus)
    print(f"report written to {index} (tables in {index.parent / 'tables'}/)", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (one subcommand per verb)."""
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Exploratory analysis of political-speech transcripts: load a folder of "
        "transcripts (.txt, .md, .html) into tidy tables, search and count phrases, code "
        "topics, trace news quotes to their source, and build an HTML report.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_: str, desc: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(
            name,
            help=help_,
            description=desc,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sp.add_argument("data", help="folder, file or glob of transcripts")
        sp.add_argument("--csv", action="store_true", help="print CSV instead of a table")
        sp.add_argument("--width", type=int, default=60, help="widest column shown (chars)")
        sp.add_argument("--workers", type=int, default=1, help="processes that parse files")
        sp.add_argument(
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
        "Load transcripts and print one line per document (kind, date, turns, "
        "questions, speakers, words, problems); with --out, write every table "
        "(documents, turns, qa, sentences, tokens, quotes, segments, problems).",
    )
    sp.add_argument("--out", help="folder to write the tables to")
    sp.add_argument("--format", default="csv,parquet", help="csv, parquet or both")

    sp = add(
        "kwic",
        cmd_kwic,
        "keyword in context",
        "Every occurrence of a word or phrase with the words around it. Patterns are "
        "case- and punctuation-tolerant ('swift, severe' also finds 'swift and "
        "severe'); '*' is a wildcard ('outlast*').",
    )
    sp.add_argument("pattern", help="word, phrase or wildcard pattern")
    sp.add_argument("--window", default="8", help="words of context, or 'sentence'")
    sp.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    sp.add_argument("--limit", type=int, default=0, help="show at most this many lines")

    sp = add(
        "phrases",
        cmd_phrases,
        "most frequent n-grams",
        "The most frequent n-grams, overall or per group (--by doc_id, speaker, role).",
    )
    sp.add_argument("--n", default="1-3", help="n-gram sizes, e.g. 2 or 1-3")
    sp.add_argument("--by", default="doc_id", help="group column(s), comma-separated; '' for none")
    sp.add_argument("--top", type=int, default=15, help="n-grams shown per group")
    sp.add_argument(
        "--keep-stopwords",
        action="store_true",
        help="keep n-grams that start or end with a stopword",
    )

    sp = add(
        "topics",
        cmd_topics,
        "topic mix from the topic lexicon",
        "Hits and shares of each topic of the lexicon (data/lexicon/topics.yaml or "
        "--lexicon) per document, speaker or role.",
    )
    sp.add_argument("--by", default="doc_id", help="group column(s), comma-separated")
    sp.add_argument("--lexicon", help="YAML lexicon (default: the shipped one)")

    add(
        "provenance",
        cmd_provenance,
        "where each news quote was said",
        "For every quote in a news article, the transcript passage it comes from and a "
        "verdict: verbatim, punctuation (verbatim apart from punctuation or case), altered, "
        "paraphrase or no source.",
    )

    sp = add(
        "report",
        cmd_report,
        "run every notebook and write an HTML report",
        "Run every notebook on the folder and write index.html, one page per notebook "
        "and every table (CSV and Parquet).",
    )
    sp.add_argument("--out", default="reports", help="folder to write the report to")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        return int(args.func(args))
    except CliError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except (ValueError, KeyError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
