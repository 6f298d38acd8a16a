"""The tables a corpus is made of: their columns, dtypes and meaning, documented once.

Every table is a long, tidy :class:`pandas.DataFrame` whose key columns join with the others:
``doc_id`` everywhere, ``turn`` (0-based order of a speaker turn in its document), ``sent``
(0-based order of a sentence in its document) and ``token`` (0-based order of a word in its
document). Offsets (``start``, ``end``) are character positions into ``documents.text`` of the
same ``doc_id``, end-exclusive, so ``documents.text[start:end]`` is always the row's ``text``.

Roles (``turns.role``):

- ``question``: a journalist, interviewer or audience member asking (labels such as ``Q``,
  ``QUESTION``, ``REPORTER``, ``AUDIENCE MEMBER``).
- ``answer``: an official's turn that follows a question.
- ``statement``: an official's turn that follows no question (opening remarks, a speech).
- ``moderator``: a turn that runs the event (``MODERATOR``, ``OPERATOR``, or a spokesperson
  who only names the next questioner, like ``MR PRICE`` in a State Department availability).
- ``narration``: the reporter's own words in a news article (its quotes are in ``quotes``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

ROLES = ("question", "answer", "statement", "moderator", "narration")

#: Segment kinds: every character of every document lies in exactly one segment.
SEGMENT_KINDS = (
    "front_matter",  # YAML block at the top of a Markdown file
    "title",  # the document's title or headline
    "metadata",  # dateline, byline, location, time stamp, dek, END line
    "boilerplate",  # web-page chrome: banners, related links, author bios, share buttons
    "label",  # a speaker label with its colon and the spaces after it ("MS. PSAKI:  ")
    "speech",  # spoken words inside a turn
    "stage",  # stage direction or markup inside or between turns: "(Laughter.)", "<s>"
    "whitespace",  # blank space between the parts above
)

#: Column name -> (dtype, meaning), per table.
COLUMNS: dict[str, dict[str, tuple[str, str]]] = {
    "documents": {
        "doc_id": (
            "str",
            "file name without extension; with it, then with the folder, where names collide",
        ),
        "path": ("str", "file the document was read from ('' for parse_text)"),
        "title": ("str", "title from metadata.csv, front matter, or the page's title line"),
        "date": ("datetime64[s]", "date of the event (NaT when unknown)"),
        "kind": (
            "str",
            "interview, press briefing, press availability, press call, "
            "press gaggle, press conference, remarks, statement, readout, hearing, "
            "debate (a floor debate, the Congressional Record), news article, transcript",
        ),
        "source": ("str", "who published the page (front matter source_url host, metadata)"),
        "outlet": ("str", "news outlet or programme, when known ('' otherwise)"),
        "location": ("str", "where it was said, when known ('' otherwise)"),
        "encoding": (
            "str",
            "how the bytes were decoded: utf-8, utf-8-sig, utf-16, cp1252, ...; docx for a "
            "Word document, odt for an OpenDocument text, rtf for an RTF document, pdf for a PDF",
        ),
        "text": ("str", "the decoded text every offset points into"),
        "n_chars": ("int64", "characters in text"),
        "n_turns": ("int64", "rows in turns for this document"),
        "n_words": ("int64", "spoken words (rows in tokens) in this document"),
    },
    "turns": {
        "doc_id": ("str", "document"),
        "turn": ("int64", "0-based order of the turn in its document"),
        "speaker": (
            "str",
            "the label as printed, e.g. 'SECRETARY BLINKEN', 'Q'; '' for unlabelled text",
        ),
        "speaker_name": ("str", "person's name when a cue gives it, else '' (never guessed)"),
        "role": ("str", "question, answer, statement, moderator or narration"),
        "asks": (
            "bool",
            "a question turn that asks something (not an introduction, a greeting or a thank-you)",
        ),
        "reply_to": ("Int64", "turn this one responds to (an answer's question), or <NA>"),
        "text": ("str", "documents.text[start:end]: the turn without its label"),
        "start": ("int64", "offset of the first character of the turn"),
        "end": ("int64", "offset one past the last character of the turn"),
        "n_words": ("int64", "spoken words (stage directions and markup excluded)"),
        "n_sentences": ("int64", "sentences in the turn"),
    },
    "qa": {
        "doc_id": ("str", "document"),
        "qa": ("int64", "0-based order of the question in its document"),
        "question_turn": ("int64", "turn that asks"),
        "answer_turns": ("object", "tuple of the turns that answer it (empty if unanswered)"),
        "questioner": ("str", "questioner's name when a cue gives it, else ''"),
        "question_speaker": ("str", "the questioner's label as printed"),
        "answerer": ("str", "label of the first answering turn, '' when unanswered"),
        "answerer_name": ("str", "answerer's name when known, else ''"),
        "question_words": ("int64", "words in the question turn"),
        "answer_words": ("int64", "words in all answer turns"),
        "follow_up": (
            "bool",
            "same questioner as the previous question, with no other questioner between",
        ),
        "interrupted": (
            "bool",
            "the question is cut off (ends with a dash) or the moderator steps in before an answer",
        ),
    },
    "sentences": {
        "doc_id": ("category", "document (categorical, categories in document order)"),
        "turn": ("int64", "turn the sentence belongs to"),
        "sent": ("int64", "0-based order of the sentence in its document"),
        "text": ("str", "documents.text[start:end]"),
        "start": ("int64", "offset of the sentence"),
        "end": ("int64", "offset one past its end"),
        "n_words": ("int64", "words in the sentence"),
    },
    "tokens": {
        "doc_id": ("category", "document (categorical, categories in document order)"),
        "turn": ("int32", "turn the word belongs to"),
        "sent": ("int32", "sentence the word belongs to (document order)"),
        "token": ("int32", "0-based order of the word in its document"),
        "text": (
            "category",
            "the word as printed: documents.text[start:end] (categorical, categories sorted)",
        ),
        "norm": (
            "category",
            "lower case, curly apostrophes made straight: 'can’t' -> \"can't\" "
            "(categorical, categories sorted)",
        ),
        "start": ("int32", "offset of the word"),
        "end": ("int32", "offset one past its end"),
    },
    "quotes": {
        "doc_id": ("str", "news article the quote is in"),
        "quote": ("int64", "0-based order of the quote in its document"),
        "turn": ("int64", "narration turn (paragraph) holding the quote"),
        "text": ("str", "the quoted words, without the quotation marks"),
        "speaker": (
            "str",
            "who the article says said it (full name when the article "
            "gives it), '' when no attribution is found",
        ),
        "start": ("int64", "offset of the quoted words"),
        "end": ("int64", "offset one past them"),
        "n_words": ("int64", "words in the quote"),
    },
    "segments": {
        "doc_id": ("category", "document (categorical, categories in document order)"),
        "seg": ("int64", "0-based order of the segment in its document"),
        "kind": ("str", "one of SEGMENT_KINDS"),
        "turn": ("Int64", "turn the segment belongs to (labels, speech, inline stage), or <NA>"),
        "start": ("int64", "offset of the segment"),
        "end": ("int64", "offset one past its end"),
        "text": ("str", "documents.text[start:end]"),
    },
    "problems": {
        "path": ("str", "file the problem is in"),
        "doc_id": ("str", "document, '' when the file could not be read"),
        "severity": ("str", "error (file not loaded), warning (loaded, check it) or info"),
        "message": ("str", "what is wrong and what to do"),
    },
}

TABLES = tuple(COLUMNS)


def empty(table: str) -> pd.DataFrame:
    """An empty table with the documented columns and dtypes.

    >>> list(empty("problems").columns)
    ['path', 'doc_id', 'severity', 'message']
    """
    return pd.DataFrame({col: pd.Series(dtype=dtype) for col, (dtype, _) in COLUMNS[table].items()})


def conform(table: str, df: pd.DataFrame | Mapping[str, object]) -> pd.DataFrame:
    """Return ``df`` with exactly the documented columns, in order, cast to their dtypes."""
    df = pd.DataFrame(df, copy=False)
    if df.empty:
        return empty(table)
    cols = COLUMNS[table]
    out = {}
    for col, (dtype, _) in cols.items():
        s = df[col]
        out[col] = s if dtype == "object" or str(s.dtype) == dtype else s.astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)), copy=False)


def describe(table: str) -> pd.DataFrame:
    """The documented columns of ``table`` as a DataFrame (column, dtype, meaning)."""
    return pd.DataFrame(
        [(c, d, m) for c, (d, m) in COLUMNS[table].items()],
        columns=["column", "dtype", "meaning"],
    )
