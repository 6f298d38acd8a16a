"""Question and answer lengths: who talks how much, how long questions and answers run.

Every measure takes a :class:`~analysis.corpus.Corpus` and returns a tidy DataFrame keyed by
``doc_id`` and ``turn`` or ``qa``, so it joins with the corpus tables; every ``plot_*``
function draws one chart on ``ax`` (a new figure when ``ax`` is None) and returns the axes.

- :func:`turn_lengths`: words, sentences, characters, speaking time and position per turn.
- :func:`length_summary`: count, total, quartiles, mean and max of turn lengths per group.
- :func:`speaker_shares`: each speaker's share of a document's words.
- :func:`qa_lengths`: question and answer lengths per question, parts, follow-ups, cut-offs.
- :func:`qa_summary`: those pairs summed up per document, kind of event or questioner.
- :func:`count_questions`: how many questions one turn asks.
- :func:`responsiveness`: how much of a question's content words (and topics) its answer uses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .corpus import Corpus
from .memo import memo
from .phrases import token_index
from .schema import ROLES
from .stopwords import STOPWORDS
from .style import PALETTE, ROLE_COLORS, get_ax, shorten

#: Default speaking rate, in words per minute, for the time estimates of :func:`turn_lengths`.
#: 150 wpm is the conventional figure for conversational American English (it is often
#: attributed to the National Center for Voice and Speech; public-speaking textbooks give
#: 125 to 150). It is a convention, not a measurement of these speakers: prepared remarks
#: tend to run slower and briefings faster, so pass your own ``wpm`` where you know better.
WPM = 150

_OTHER = "#DDDDDD"  # the "other speakers" remainder of a bar
_UNKNOWN = "#999999"  # a role without a colour of its own


# -- measures --------------------------------------------------------------------------


def turn_lengths(corpus: Corpus, *, wpm: float = WPM) -> pd.DataFrame:
    """Length of every turn, and where it falls in its conversation.

    Args:
        corpus: a loaded corpus.
        wpm: speaking rate in words per minute used for ``seconds`` (default :data:`WPM`,
            150, the conventional conversational rate; see :data:`WPM` for its source).

    Returns:
        One row per turn, in ``corpus.turns`` order: ``doc_id``, ``turn`` (0-based turn
        index, the position in turns), ``speaker``, ``speaker_name``, ``role``, ``words``
        (spoken words), ``sentences``, ``chars`` (characters of the turn's text, stage
        directions included), ``seconds`` (estimated speaking time, ``words / wpm * 60``)
        and ``position`` (fraction of the document's spoken words said before this turn:
        0 for the first turn, below 1 for any turn that says something).

    Example:
        >>> from analysis import parse_text
        >>> t = turn_lengths(parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time."))
        >>> t[["speaker", "words", "seconds", "position"]].values.tolist()
        [['Q', 2, 0.8, 0.0], ['MS. LEE', 4, 1.6, 0.3333333333333333]]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.turn_lengths(corpus, wpm=wpm)
    if wpm <= 0:
        raise ValueError(f"wpm must be a positive speaking rate in words per minute, not {wpm}")
    t = corpus.turns
    words = t["n_words"]
    before = words.groupby(t["doc_id"], sort=False).cumsum() - words
    total = words.groupby(t["doc_id"], sort=False).transform("sum")
    return pd.DataFrame(
        {
            "doc_id": t["doc_id"],
            "turn": t["turn"],
            "speaker": t["speaker"],
            "speaker_name": t["speaker_name"],
            "role": t["role"],
            "words": words,
            "sentences": t["n_sentences"],
            "chars": t["end"] - t["start"],
            "seconds": words / wpm * 60,
            "position": (before / total.where(total > 0)).fillna(0.0),
        }
    )


def _doc_order(corpus: Corpus) -> dict[str, int]:
    return {d: i for i, d in enumerate(corpus.documents["doc_id"])}


def _turns_with(corpus: Corpus, keys: list[str]) -> pd.DataFrame:
    """``corpus.turns`` with any ``keys`` that are document columns (``kind``...) joined in."""
    turns = corpus.turns
    docs = [k for k in keys if k not in turns.columns and k in corpus.documents.columns]
    unknown = [k for k in keys if k not in turns.columns and k not in docs]
    if unknown or not keys:
        raise ValueError(
            f"cannot group by {unknown or keys}: use columns of corpus.turns "
            f"({', '.join(turns.columns)}) or of corpus.documents (such as kind, outlet)"
        )
    if "text" in docs or "n_words" in docs:
        raise ValueError("group by a label column, not text or n_words")
    if not docs:
        return turns
    return turns.merge(corpus.documents[["doc_id", *docs]], on="doc_id", how="left")


def length_summary(corpus: Corpus, *, by: str | Sequence[str] = "doc_id") -> pd.DataFrame:
    """Turn-length statistics, in words, per group of turns.

    Args:
        corpus: a loaded corpus.
        by: what to group the turns by: a column of ``corpus.turns`` (``"doc_id"``,
            ``"speaker"``, ``"speaker_name"``, ``"role"``), a column of
            ``corpus.documents`` (``"kind"``, ``"outlet"``), or a list of them such as
            ``["doc_id", "role"]``. ``"speaker"`` groups by the label as printed, so
            ``Q`` in two documents is one group; add ``"doc_id"`` to keep them apart.

    Returns:
        One row per group: the ``by`` column(s), ``turns``, ``total`` words, ``median``,
        ``q1`` and ``q3`` (first and third quartiles, linear interpolation), ``mean`` and
        ``max`` words per turn, and ``share``: the group's fraction of all the words in
        the table, or of its document's words when ``by`` holds ``doc_id`` and more. In
        document order when ``by`` holds ``doc_id``, then by ``total``, largest first.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time.  We waited.")
        >>> length_summary(c, by="role")[["role", "turns", "total", "share"]].values.tolist()
        [['answer', 1, 6, 0.75], ['question', 1, 2, 0.25]]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.length_summary(corpus, by=by)
    keys = [by] if isinstance(by, str) else list(by)
    t = _turns_with(corpus, keys)
    g = t.groupby(keys, sort=True)["n_words"]
    out = pd.DataFrame(
        {
            "turns": g.size(),
            "total": g.sum(),
            "median": g.median(),
            "q1": g.quantile(0.25),
            "q3": g.quantile(0.75),
            "mean": g.mean(),
            "max": g.max(),
        }
    ).reset_index()
    if "doc_id" in keys and len(keys) > 1:
        denom = out.groupby("doc_id")["total"].transform("sum")
    else:
        denom = pd.Series(out["total"].sum(), index=out.index)
    out["share"] = (out["total"] / denom.where(denom > 0)).fillna(0.0)
    if "doc_id" in keys:
        out["_o"] = out["doc_id"].map(_doc_order(corpus))
        out = out.sort_values(["_o", "total"], ascending=[True, False], kind="stable")
        out = out.drop(columns="_o")
    else:
        out = out.sort_values("total", ascending=False, kind="stable")
    return out.reset_index(drop=True)


def _who(turns: pd.DataFrame) -> pd.Series:
    """Each turn's speaker name, filled in from its label where the label has one name only.

    In a document where every ``SECRETARY BLINKEN`` turn that names anybody names Antony J.
    Blinken, the unnamed ones are his too; a ``QUESTION`` label shared by four journalists
    keeps its per-turn names and leaves unnamed turns unnamed (nothing is guessed).
    """
    keys = ["doc_id", "speaker"]
    named = turns.loc[turns["speaker_name"] != "", [*keys, "speaker_name"]]
    g = named.groupby(keys, observed=True)["speaker_name"]
    one = g.first().where(g.nunique() == 1, "").rename("_one").reset_index()
    fill = turns[keys].merge(one, on=keys, how="left")["_one"].fillna("")
    return turns["speaker_name"].where(
        turns["speaker_name"] != "", pd.Series(fill.to_numpy(), index=turns.index)
    )


def speaker_shares(corpus: Corpus) -> pd.DataFrame:
    """Each speaker's share of the words spoken in each document.

    A speaker is a label as printed together with the name a cue gives for it, so the four
    journalists who share the label ``QUESTION`` in a press availability are four speakers
    when the moderator names them, and one unnamed speaker when nobody does.

    Args:
        corpus: a loaded corpus.

    Returns:
        One row per ``(doc_id, speaker, speaker_name)``: ``role`` (the role in which the
        speaker says most words; ties go to the earlier of :data:`analysis.schema.ROLES`),
        ``turns``, ``words`` and ``share`` (of the document's spoken words; a document's
        shares sum to 1, or are all 0 when it has no words). In document order, then
        largest share first, then by label and name.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time.  We waited.")
        >>> speaker_shares(c)[["speaker", "role", "words", "share"]].values.tolist()
        [['MS. LEE', 'answer', 6, 0.75], ['Q', 'question', 2, 0.25]]
    """
    t = corpus.turns.assign(speaker_name=_who(corpus.turns))
    keys = ["doc_id", "speaker", "speaker_name"]
    out = t.groupby(keys, sort=True).agg(turns=("turn", "size"), words=("n_words", "sum"))
    by_role = t.groupby([*keys, "role"], sort=True)["n_words"].sum().reset_index()
    by_role["_r"] = by_role["role"].map({r: i for i, r in enumerate(ROLES)}).fillna(len(ROLES))
    by_role = by_role.sort_values([*keys, "n_words", "_r"], ascending=[True] * 3 + [False, True])
    main = by_role.drop_duplicates(keys).set_index(keys)["role"]
    out.insert(0, "role", main.reindex(out.index).astype("str"))
    out = out.reset_index()
    total = out.groupby("doc_id")["words"].transform("sum")
    out["share"] = (out["words"] / total.where(total > 0)).fillna(0.0)
    out["_o"] = out["doc_id"].map(_doc_order(corpus))
    out = out.sort_values(
        ["_o", "share", "speaker", "speaker_name"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return out.drop(columns="_o").reset_index(drop=True)


# How many questions an asker announces or numbers: "two questions", "a couple of quick
# questions", "a second question", "secondly,", "the third thing". "those two things" is a
# reference back and "a couple questions ago" a time, not announcements; "last-second" is
# not an ordinal.
_COUNT_RE = re.compile(
    r"(?<!\bthose )(?<!\bthese )(?<!\bthe )(?<!\bboth )"
    r"\b(two|three|four|five|a couple of|couple of|a couple)\s+"
    r"(?:[a-z-]+\s+)?(?:questions|things)\b(?!\s+ago\b)",
    re.IGNORECASE,
)
_ORDINAL_RE = re.compile(
    r"(?<![-\w])(second|third|fourth|fifth)(?:ly)?\b"
    r"(?=\s*[,:—–]|\s+(?:[a-z-]+\s+)?(?:question|thing|part|one|issue|topic|point)\b)",
    re.IGNORECASE,
)
_FIRST_RE = re.compile(r"\b(?:first|firstly|one question)\b", re.IGNORECASE)
_NUMBER = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_QMARKS_RE = re.compile(r"\?+")


def question_parts(text: str) -> tuple[int, int]:
    """The two counts behind :func:`count_questions`: question marks, and questions announced.

    An ordinal counts only after a first part in the same turn (a question mark, "first",
    "one question"): a turn that opens "A second question." continues the asker's previous
    turn and asks one.

    Returns:
        ``(marks, announced)``: how many questions the text punctuates (runs of "?"), and how
        many its asker announces or numbers ("two questions" -> 2, "a second question" -> 2,
        "thirdly," -> 3; the largest such number, 0 when there is none).

    Example:
        >>> question_parts("Two questions.  First, why?  Second, how?  And when?")
        (3, 2)
        >>> question_parts("A second question.  Is there any comment?")
        (1, 0)
    """
    marks = len(_QMARKS_RE.findall(text))
    numbers = [_NUMBER[m.group(1).lower()] for m in _COUNT_RE.finditer(text)]
    numbers += [
        _NUMBER[m.group(1).lower()]
        for m in _ORDINAL_RE.finditer(text)
        if "?" in text[: m.start()] or _FIRST_RE.search(text, 0, m.start())
    ]
    return marks, max(numbers, default=0)


def count_questions(text: str) -> int:
    """How many questions one turn asks.

    When the asker announces or numbers them ("One question ... And a second question if I
    may", "And then a second question:", "I have two questions", "first ... secondly,"),
    that number: the asker's own count beats the punctuation, which also counts rephrasings
    ("How do you interpret that?  What do you see?"). Otherwise the number of question
    marks, and at least 1 (a turn can ask without one: "That's interesting that you just
    said that."). A heuristic: read :func:`question_parts` for its two ingredients.

    Example:
        >>> count_questions("Will he get it?  And a second question if I may: why now?")
        2
        >>> count_questions("One question.  And a second question if I may: why now.")
        2
        >>> count_questions("Is it him?  Is it the Vice President?  Does it matter?")
        3
        >>> count_questions("That’s interesting that you just said that.")
        1
    """
    marks, announced = question_parts(text)
    return announced or max(marks, 1)


_QA_COLUMNS = [
    "doc_id",
    "qa",
    "question_turn",
    "answer_turns",
    "questioner",
    "question_speaker",
    "answerer",
    "answerer_name",
    "question_words",
    "answer_words",
    "ratio",
    "question_marks",
    "announced",
    "parts",
    "follow_up",
    "interrupted",
    "answered",
    "position",
]


def qa_lengths(corpus: Corpus) -> pd.DataFrame:
    """Question and answer lengths, one row per question/answer pair of ``corpus.qa``.

    Pairs, follow-ups and interruptions are the loader's (``corpus.qa``), not recomputed:
    a question is a turn that asks something (not an introduction or a thank-you); its
    answer is every turn that answers it; ``follow_up`` means the same questioner asked
    the previous question too; ``interrupted`` means the question is cut off (it ends in
    a dash) or the moderator stepped in before an answer.

    Args:
        corpus: a loaded corpus.

    Returns:
        One row per row of ``corpus.qa``, in its order: ``doc_id``, ``qa``,
        ``question_turn``, ``answer_turns`` (tuple, empty when unanswered),
        ``questioner`` (name, '' when no cue gives it), ``question_speaker`` (label),
        ``answerer`` (label of the first answer turn), ``answerer_name``,
        ``question_words``, ``answer_words`` (all answer turns together), ``ratio`` (answer
        words per question word; NaN when unanswered or the question has no words),
        ``question_marks`` and ``announced`` (see :func:`question_parts`), ``parts``
        (questions the turn asks, :func:`count_questions`), ``follow_up``,
        ``interrupted``, ``answered``, and ``position`` (fraction of the document's words
        said before the question, as in :func:`turn_lengths`).

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why now?  And who?\\n\\nMS. LEE:  Because it is time.")
        >>> qa_lengths(c)[["question_words", "answer_words", "ratio", "parts"]].to_dict("records")
        [{'question_words': 4, 'answer_words': 4, 'ratio': 1.0, 'parts': 2}]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.qa_lengths(corpus)
    return memo(corpus, "qa_lengths", lambda: _qa_lengths(corpus))


def _qa_lengths(corpus: Corpus) -> pd.DataFrame:
    qa = corpus.qa
    tl = turn_lengths(corpus)[["doc_id", "turn", "position"]]
    at = qa[["doc_id", "question_turn"]].merge(
        tl.assign(text=corpus.turns["text"]),
        left_on=["doc_id", "question_turn"],
        right_on=["doc_id", "turn"],
        how="left",
        validate="many_to_one",
    )
    parts = [question_parts(str(x)) for x in at["text"]]
    answered = qa["answer_turns"].map(len).astype("bool")
    ratio = qa["answer_words"] / qa["question_words"].where(qa["question_words"] > 0)
    out = pd.DataFrame(
        {
            **{c: qa[c] for c in _QA_COLUMNS[:10]},
            "ratio": ratio.where(answered).astype("float64"),
            "question_marks": pd.Series([m for m, _ in parts], index=qa.index, dtype="int64"),
            "announced": pd.Series([a for _, a in parts], index=qa.index, dtype="int64"),
            "parts": pd.Series([a or max(m, 1) for m, a in parts], index=qa.index, dtype="int64"),
            "follow_up": qa["follow_up"],
            "interrupted": qa["interrupted"],
            "answered": answered,
            "position": at["position"].to_numpy(dtype="float64"),
        }
    )
    return out.reset_index(drop=True)


def qa_summary(corpus: Corpus, *, by: str | Sequence[str] = "doc_id") -> pd.DataFrame:
    """The question/answer pairs of :func:`qa_lengths`, summed up per document (or group).

    Args:
        corpus: a loaded corpus.
        by: ``"doc_id"``, a column of ``corpus.documents`` such as ``"kind"``, a column of
            :func:`qa_lengths` such as ``"questioner"``, or a list of them.

    Returns:
        One row per group with questions: ``questions``, ``questioners`` (distinct names or,
        where no name is given, labels), ``answered``, ``follow_ups``, ``interrupted``,
        ``multi_part`` (questions whose turn asks more than one), ``question_median`` and
        ``answer_median`` (words; answers of answered questions only), ``ratio_median``
        (answer words per question word), ``answer_total`` (words in all answers). In
        document order when ``by`` holds ``doc_id``, else largest ``questions`` first (ties
        in alphabetical order).

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why now?  And who?\\n\\nMS. LEE:  Because it is time.")
        >>> qa_summary(c)[["questions", "multi_part", "answer_median"]].to_dict("records")
        [{'questions': 1, 'multi_part': 1, 'answer_median': 4.0}]
    """
    keys = [by] if isinstance(by, str) else list(by)
    q = qa_lengths(corpus)
    extra = [k for k in keys if k not in q.columns]
    bad = [k for k in extra if k not in corpus.documents.columns or k in ("text", "n_words")]
    if bad or not keys:
        raise ValueError(
            f"cannot group questions by {bad or keys}: use columns of qa_lengths "
            f"({', '.join(_QA_COLUMNS)}) or of corpus.documents (such as kind, outlet)"
        )
    if extra:
        q = q.merge(corpus.documents[["doc_id", *extra]], on="doc_id", how="left")
    q = q.assign(
        _who=q["questioner"].where(q["questioner"] != "", q["question_speaker"]),
        _answer=q["answer_words"].where(q["answered"]),
    )
    g = q.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "questions": g.size(),
            "questioners": g["_who"].nunique(),
            "answered": g["answered"].sum(),
            "follow_ups": g["follow_up"].sum(),
            "interrupted": g["interrupted"].sum(),
            "multi_part": g["parts"].apply(lambda p: int((p > 1).sum())),
            "question_median": g["question_words"].median(),
            "answer_median": g["_answer"].median(),
            "ratio_median": g["ratio"].median(),
            "answer_total": g["_answer"].sum(),
        }
    ).reset_index()
    out = out.astype({"multi_part": "int64", "answer_total": "int64"})
    if "doc_id" in keys:
        out["_o"] = out["doc_id"].map(_doc_order(corpus))
        out = out.sort_values(["_o", *keys], kind="stable").drop(columns="_o")
    else:
        out = out.sort_values("questions", ascending=False, kind="stable")
    return out.reset_index(drop=True)


#: Forms of address and politeness, not content ("Thank you, Mr. Secretary, one question").
_ADDRESS = frozenset("secretary president minister thank thanks question questions".split())
_SUFFIX_RE = re.compile(r"(?:'s|s'|ing|ed|es|s)$")


def _stem(word: str) -> str:
    """A light stem, so that "munitions"/"munition", "ukraine's"/"ukraine" and
    "talked"/"talk" match (but "invading"/"invasion" do not)."""
    return _SUFFIX_RE.sub("", word) if len(word) > 4 else word


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOPWORDS and word not in _ADDRESS and not word.isdigit()


_R_COLUMNS = [
    "doc_id",
    "qa",
    "question_turn",
    "answer_turns",
    "questioner",
    "answerer",
    "question_content",
    "shared",
    "responsiveness",
    "missing",
    "question_topics",
    "topic_uptake",
    "question",
    "answer",
]


def _stems(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """The stem code of every word of the corpus's token index, and stem code -> stem."""
    vocab = token_index(corpus).vocab
    codes, stems = pd.factorize(pd.Series([_stem(str(w)) for w in vocab], dtype="str"))
    return codes, np.asarray(stems, dtype=object)


def _stems_of(corpus: Corpus, keys: pd.DataFrame) -> pd.DataFrame:
    """The distinct stems of the words of the turns in ``keys`` (columns ``row``, ``doc_id``,
    ``turn``), found in one pass over ``corpus.tokens``: columns ``row``, ``stem``,
    ``word`` (its first form in those turns, as in ``tokens.norm``) and ``content``."""
    tok = corpus.tokens
    if keys.empty or tok.empty:
        return pd.DataFrame({"row": [], "stem": [], "word": [], "content": []})
    cats = tok["doc_id"].cat.categories
    span = int(tok["turn"].max()) + 1
    tok_key = tok["doc_id"].cat.codes.to_numpy(dtype="int64") * span + tok["turn"].to_numpy()
    want = cats.get_indexer(keys["doc_id"]).astype("int64") * span + keys["turn"].to_numpy()
    keep = np.isin(tok_key, want)
    idx = token_index(corpus)
    codes, vocab = idx.codes[keep], idx.vocab
    stem_codes, stem_vocab = _stems(corpus)
    content = np.array([_is_content(w) for w in vocab], dtype="bool")
    found = pd.DataFrame(
        {"key": tok_key[keep], "stem": stem_codes[codes], "word": codes, "content": content[codes]}
    )
    found = (
        found.groupby(["key", "stem"], sort=False)
        .agg(word=("word", "first"), content=("content", "any"))
        .reset_index()
    )
    found = found.merge(pd.DataFrame({"key": want, "row": keys["row"].to_numpy()}), on="key")
    found["stem"] = stem_vocab[found["stem"].to_numpy()]
    found["word"] = np.asarray(vocab)[found["word"].to_numpy()]
    return found[["row", "stem", "word", "content"]]


#: Answers shorter than this many words are left out of the least responsive ones: they
#: pass the floor ("Go ahead, Nancy."), break off ("I —") or defer, they do not answer.
MIN_ANSWER_WORDS = 15


def responsiveness(
    corpus: Corpus,
    *,
    least: int | None = None,
    excerpt: int = 200,
    min_answer_words: int = MIN_ANSWER_WORDS,
) -> pd.DataFrame:
    """How much of each question's content its answer takes up: a first, transparent measure.

    The question's *content words* are its distinct words (``tokens.norm``, lightly stemmed:
    a final "'s", "s", "es", "ed" or "ing" is dropped from words of five letters or more)
    that are not stopwords (:data:`analysis.stopwords.STOPWORDS`), forms of address
    ("secretary", "thank"), digits, or shorter than three letters. ``responsiveness`` is the
    share of them that occur anywhere in the answer turns: 1 when the answer uses every
    content word of the question, 0 when it uses none. It measures lexical uptake, not
    relevance: an answer can address a question in other words, or repeat its words and
    evade it. So read the least responsive answers (``least=10``) rather than trusting the
    number.

    The same at the level of topics: ``topic_uptake`` is the share of the question's topics
    (from the shipped topic lexicon, :func:`analysis.topics.topic_hits`) that the answer
    touches too, which forgives an answer for using other words on the same subject.

    Args:
        corpus: a loaded corpus.
        least: when given, only the ``least`` least responsive answers, least first (by
            ``responsiveness``, then ``topic_uptake``, then the longer question first, then
            document order); questions without a content word come last. Answers of fewer
            than ``min_answer_words`` words, and moderators' turns, are not answers here and
            are left out.
        min_answer_words: the shortest answer ``least`` considers.
        excerpt: characters of the question and answer texts to show.

    Returns:
        One row per answered question (in ``corpus.qa`` order unless ``least`` is given):
        ``doc_id``, ``qa``, ``question_turn``, ``answer_turns``, ``questioner``,
        ``answerer``, ``question_content`` (how many content words), ``shared`` (how many
        the answer uses), ``responsiveness`` (shared / question_content; NaN when the
        question has no content word), ``missing`` (the content words the answer does not
        use, as the question says them, sorted, space-separated), ``question_topics``
        (lexicon topics of the question, space-separated), ``topic_uptake`` (share of them
        the answer touches; NaN when the question hits no topic), ``question`` and
        ``answer`` (their first ``excerpt`` characters, line breaks made spaces),
        ``answer_words``.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Will munitions reach Kyiv soon?\\n\\nMS. LEE:  Munitions will.")
        >>> r = responsiveness(c)
        >>> r[["question_content", "shared", "responsiveness", "missing"]].values.tolist()
        [[4, 1, 0.25, 'kyiv reach soon']]
    """
    out = memo(corpus, ("responsiveness", excerpt), lambda: _responsiveness(corpus, excerpt))
    moderated = out.pop("_moderated").to_numpy(dtype=bool)
    if least is None or out.empty:
        return out
    out = out[(out["answer_words"] >= min_answer_words) & ~moderated]
    order = out.assign(_o=out["doc_id"].map(_doc_order(corpus)))
    order = order.sort_values(
        ["responsiveness", "topic_uptake", "question_content", "_o", "qa"],
        ascending=[True, True, False, True, True],
        na_position="last",
        kind="stable",
    )
    return order.drop(columns="_o").head(least).reset_index(drop=True)


def _joined(row: np.ndarray, text: Sequence[str], n: int) -> list[str]:
    """The ``text`` of each row number ``0 .. n-1`` joined by spaces ('' for a row without
    any), where ``row`` (ascending) is the row number of each text."""
    bounds = np.searchsorted(row, np.arange(n + 1)).tolist()
    return [" ".join(text[a:b]) for a, b in itertools.pairwise(bounds)]


def _responsiveness(corpus: Corpus, excerpt: int) -> pd.DataFrame:
    """Every answered question's row of :func:`responsiveness`, and ``_moderated`` (True
    when every answer turn is the moderator's)."""
    qa = corpus.qa[corpus.qa["answer_turns"].map(len) > 0].reset_index(drop=True)
    if qa.empty:
        return pd.DataFrame(columns=[*_R_COLUMNS, "_moderated"])
    row = pd.RangeIndex(len(qa))
    q_keys = pd.DataFrame({"row": row, "doc_id": qa["doc_id"], "turn": qa["question_turn"]})
    a_turns = qa["answer_turns"].explode()
    a_keys = pd.DataFrame(
        {"row": a_turns.index, "doc_id": qa["doc_id"].loc[a_turns.index], "turn": a_turns}
    ).astype({"turn": "int64"})
    q = _stems_of(corpus, q_keys)
    q = q[q["content"]].drop(columns="content")
    a = _stems_of(corpus, a_keys)[["row", "stem"]].drop_duplicates()
    q = q.merge(a.assign(used=True), on=["row", "stem"], how="left")
    q["used"] = q["used"].fillna(False).astype("bool")
    n_content = q.groupby("row").size().reindex(row, fill_value=0)
    n_shared = q.groupby("row")["used"].sum().reindex(row, fill_value=0)
    unused = q[~q["used"]].sort_values(["row", "word"])
    missing = _joined(unused["row"].to_numpy(), unused["word"].tolist(), len(qa))

    from .topics import topic_hits  # the shipped topic lexicon (imports scikit-learn)

    hits = topic_hits(corpus)[["doc_id", "turn", "topic"]].drop_duplicates()
    q_top = q_keys.merge(hits, on=["doc_id", "turn"])[["row", "topic"]]
    a_top = a_keys.merge(hits, on=["doc_id", "turn"])[["row", "topic"]].drop_duplicates()
    q_top = q_top.merge(a_top.assign(used=True), on=["row", "topic"], how="left")
    q_top["used"] = q_top["used"].fillna(False).astype("bool")
    n_topics = q_top.groupby("row").size().reindex(row, fill_value=0)
    by_row = q_top.sort_values(["row", "topic"])
    topics = _joined(by_row["row"].to_numpy(), by_row["topic"].tolist(), len(qa))
    uptake = q_top.groupby("row")["used"].mean().reindex(row)

    texts = corpus.turns.set_index(["doc_id", "turn"])["text"]
    a_idx = pd.MultiIndex.from_frame(a_keys[["doc_id", "turn"]])
    n_words = corpus.turns.set_index(["doc_id", "turn"])["n_words"].reindex(a_idx).fillna(0)
    a_words = pd.Series(n_words.to_numpy(), index=a_keys["row"]).groupby(level=0).sum()
    roles = corpus.turns.set_index(["doc_id", "turn"])["role"].reindex(a_idx)
    moderated = (
        pd.Series(roles.to_numpy(dtype=object) == "moderator", index=a_keys["row"])
        .groupby(level=0)
        .all()
        .reindex(row, fill_value=False)
        .to_numpy()
    )
    q_text = texts.reindex(pd.MultiIndex.from_frame(q_keys[["doc_id", "turn"]])).to_numpy()
    a_text = texts.reindex(pd.MultiIndex.from_frame(a_keys[["doc_id", "turn"]]))
    a_text = _joined(a_keys["row"].to_numpy(), a_text.tolist(), len(qa))
    out = pd.DataFrame(
        {
            "doc_id": qa["doc_id"],
            "qa": qa["qa"],
            "question_turn": qa["question_turn"],
            "answer_turns": qa["answer_turns"],
            "questioner": qa["questioner"],
            "answerer": qa["answerer"],
            "question_content": n_content.to_numpy(dtype="int64"),
            "shared": n_shared.to_numpy(dtype="int64"),
            "responsiveness": (n_shared / n_content.where(n_content > 0)).to_numpy("float64"),
            "missing": missing,
            "question_topics": topics,
            "topic_uptake": uptake.where(n_topics > 0).to_numpy("float64"),
            "question": [_flat(s)[:excerpt] for s in q_text],
            "answer": [_flat(s)[:excerpt] for s in a_text],
            "answer_words": a_words.reindex(row, fill_value=0).to_numpy(dtype="int64"),
            "_moderated": moderated,
        }
    )
    return out


def _flat(text: object) -> str:
    """``text`` on one line: runs of whitespace (line breaks included) made one space."""
    return " ".join(str(text).split())


def busiest(corpus: Corpus, n: int = 1, *, questions: bool = False) -> list[str]:
    """The ``n`` documents with the most speaker turns, most first (ties: corpus order);
    with ``questions``, only documents with at least one question. The data's own choice of
    "the conversation to look at".

    Example:
        >>> from analysis import parse_text
        >>> busiest(parse_text("Q  Why?\\n\\nMS. LEE:  Because.", doc_id="d"))
        ['d']
    """
    t = corpus.turns
    if questions:
        t = t[t["doc_id"].isin(set(corpus.qa["doc_id"]))]
    counts = t.groupby("doc_id", sort=False).size()
    order = _doc_order(corpus)
    ranked = sorted(counts.index, key=lambda d: (-counts[d], order.get(d, 0)))
    return [str(d) for d in ranked[:n]]


# -- charts ----------------------------------------------------------------------------


def _doc_labels(corpus: Corpus) -> dict[str, str]:
    """A short label per document for axes: "2022-01-21 press availability" where date and
    kind tell documents apart, else the (shortened) ``doc_id`` (made once per corpus: the
    findings name many documents; not to be changed)."""
    return memo(corpus, "doc labels", lambda: _make_doc_labels(corpus))


def _make_doc_labels(corpus: Corpus) -> dict[str, str]:
    d = corpus.documents
    dated = [
        f"{date:%Y-%m-%d} {kind}" if pd.notna(date) and kind else ""
        for date, kind in zip(d["date"], d["kind"], strict=True)
    ]
    seen = pd.Series(dated).value_counts()
    return {
        doc: lab if lab and seen[lab] == 1 else shorten(doc, 36)
        for doc, lab in zip(d["doc_id"], dated, strict=True)
    }


def _groups(
    corpus: Corpus, doc_ids: Sequence[str] | None, by: str
) -> tuple[dict[str, str], list[str]]:
    """Each chosen document's group label, and the labels in document order."""
    from .overview import with_month

    corpus = with_month(corpus)
    docs = list(corpus.documents["doc_id"])
    if doc_ids is not None:
        unknown = sorted(set(doc_ids) - set(docs))
        if unknown:
            raise KeyError(f"no document {unknown[0]!r} in the corpus")
        docs = [d for d in docs if d in set(doc_ids)]
    if by == "doc_id":
        names = _doc_labels(corpus)
        label = {d: names[d] for d in docs}
    elif by in corpus.documents.columns and by not in ("text", "path"):
        col = corpus.documents.set_index("doc_id")[by]
        label = {d: str(col[d]) if pd.notna(col[d]) and col[d] != "" else "(unknown)" for d in docs}
    else:
        raise ValueError(f"by must be 'doc_id' or a column of corpus.documents, not {by!r}")
    groups = list(dict.fromkeys(label.values()))
    return label, sorted(groups) if by == "month" else groups


def _summarised(
    corpus: Corpus, by: str, doc_ids: Sequence[str] | None, n_docs: int, most: int
) -> str:
    """``by``, or (for ``by="doc_id"`` over more than ``most`` documents when none were
    picked) the grouping that keeps a chart readable: month, else kind."""
    if by != "doc_id" or doc_ids is not None or n_docs <= most:
        return by
    from .overview import readable_by, with_month

    return readable_by(with_month(corpus), max_rows=0)


def _tidy(ax: Axes) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def plot_qa_lengths(
    corpus: Corpus,
    *,
    by: str = "doc_id",
    doc_ids: Sequence[str] | None = None,
    log: bool = True,
    most: int = 12,
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """Question and answer lengths side by side: a box for each, with every one as a point.

    Args:
        corpus: a loaded corpus.
        by: ``"doc_id"`` for a pair of boxes per document, or a column of
            ``corpus.documents`` such as ``"kind"`` for one per press briefing, interview...
            (the readable choice for hundreds of documents).
        doc_ids: the documents to show (default: every document with a question).
        log: log-scale the word axis (lengths are skewed; on by default). Zero-word turns
            cannot be drawn on a log scale and are left out.
        most: with ``by="doc_id"`` and more than ``most`` documents with questions (and no
            ``doc_ids``), one pair of boxes per month (or kind of document) instead.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.boxplot`.

    Returns:
        The axes: boxes span the quartiles, whiskers reach 1.5 IQR, the black line is the
        median; points are jittered sideways (with a fixed seed) so they do not overlap.

    Example:
        >>> from analysis import parse_text
        >>> ax = plot_qa_lengths(parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time."))
        >>> ax.get_ylabel()
        'words per turn (log scale)'
    """
    q = qa_lengths(corpus)
    by = _summarised(corpus, by, doc_ids, q["doc_id"].nunique(), most)
    label, groups = _groups(corpus, doc_ids, by)
    q = q[q["doc_id"].isin(label)].assign(group=lambda d: d["doc_id"].map(label))
    groups = [g for g in groups if g in set(q["group"])]
    ax = get_ax(ax, figsize=(8, 4.5) if len(groups) <= 8 else (min(16, 1 + 0.9 * len(groups)), 4.5))
    rng = np.random.default_rng(0)
    pairs = (
        ("question_words", ROLE_COLORS["question"], q),
        ("answer_words", ROLE_COLORS["answer"], q[q["answered"]]),
    )
    for i, group in enumerate(groups):
        for j, (col, color, rows) in enumerate(pairs):
            vals = rows.loc[rows["group"] == group, col]
            vals = vals[vals > 0] if log else vals
            if vals.empty:
                continue
            x = i * 3 + j
            ax.boxplot(
                [vals],
                positions=[x],
                widths=0.6,
                showfliers=False,
                medianprops={"color": "black"},
                boxprops={"color": color},
                whiskerprops={"color": color},
                capprops={"color": color},
                **style,
            )
            ax.scatter(
                x + rng.uniform(-0.2, 0.2, len(vals)),
                vals,
                s=14 if len(vals) < 200 else 4,
                color=color,
                alpha=0.7 if len(vals) < 200 else 0.2,
                zorder=3,
                linewidths=0,
            )
    n = q.groupby("group").size()
    many = len(groups) > 3
    ax.set_xticks(
        [i * 3 + 0.5 for i in range(len(groups))],
        [f"{shorten(g, 36)}\n({n[g]} questions)" for g in groups],
        rotation=25 if many else 0,
        ha="right" if many else "center",
        fontsize=8,
    )
    if log:
        ax.set_yscale("log")
    ax.set_ylabel("words per turn (log scale)" if log else "words per turn")
    ax.set_title("How long questions and answers run")
    ax.legend(
        handles=[
            Line2D([], [], color=ROLE_COLORS["question"], marker="o", ls="", label="questions"),
            Line2D([], [], color=ROLE_COLORS["answer"], marker="o", ls="", label="answers"),
        ],
        frameon=False,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    if by != "doc_id":
        ax.set_xlabel(f"by {by}")
    _tidy(ax)
    return ax


def plot_turn_timeline(
    corpus: Corpus, doc_id: str, *, ax: Axes | None = None, **style: Any
) -> Axes:
    """One bar per turn of a document, in order: its height the turn's words, its colour the
    turn's role, its label the speaker (the name a cue gave, else the label as printed).

    Args:
        corpus: a loaded corpus.
        doc_id: the document to draw.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.bar`.

    Returns:
        The axes. Long documents label every n-th turn only, so labels stay legible.

    Raises:
        KeyError: ``doc_id`` is not in the corpus.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time.", doc_id="d")
        >>> [t.get_text() for t in plot_turn_timeline(c, "d").get_xticklabels()]
        ['Q', 'Lee']
    """
    t = corpus.turns[corpus.turns["doc_id"] == doc_id]
    if t.empty:
        raise KeyError(f"no turns for document {doc_id!r}")
    ax = get_ax(ax, figsize=(8, 4))
    colors = [ROLE_COLORS.get(r, _UNKNOWN) for r in t["role"]]
    ax.bar(t["turn"], t["n_words"], color=colors, width=0.8, **style)
    step = max(1, -(-len(t) // 40))
    shown = t.iloc[::step]  # a tick per labelled turn only: hundreds of ticks take seconds
    labels = [
        shorten(n or s or f"({r})", 24)
        for s, n, r in zip(shown["speaker"], shown["speaker_name"], shown["role"], strict=True)
    ]
    ax.set_xticks(shown["turn"], labels, rotation=90, fontsize=7)
    ax.set_xlabel("turn, in order (labelled by speaker)")
    ax.set_ylabel("words per turn")
    ax.set_title(f"Turn lengths over the conversation: {_doc_labels(corpus)[doc_id]}")
    roles = [r for r in (*ROLES, *sorted(set(t["role"]) - set(ROLES))) if r in set(t["role"])]
    ax.legend(
        handles=[Patch(color=ROLE_COLORS.get(r, _UNKNOWN), label=r) for r in roles],
        frameon=False,
        fontsize=8,
    )
    _tidy(ax)
    return ax


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def plot_answer_vs_question(
    corpus: Corpus,
    *,
    by: str = "doc_id",
    doc_ids: Sequence[str] | None = None,
    log: bool = True,
    most: int = 12,
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """Answer length against question length, one marker (shape and colour) per document.

    Args:
        corpus: a loaded corpus.
        by: ``"doc_id"`` for a marker per document, or a column of ``corpus.documents``
            such as ``"kind"`` for one per kind of event.
        doc_ids: the documents to show (default: every document with an answered question).
        log: log-scale both axes (on by default; zero-word turns are then left out).
        most: with ``by="doc_id"`` and more than ``most`` documents (and no ``doc_ids``),
            one marker per month (or kind of document) instead.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.scatter`.

    Returns:
        The axes; the dashed diagonal marks answers as long as their question. Shapes and
        colours repeat after eight groups, and the legend is left out beyond twelve.

    Example:
        >>> from analysis import parse_text
        >>> ax = plot_answer_vs_question(parse_text("Q  Why?\\n\\nMS. LEE:  Because."))
        >>> ax.get_xlabel(), ax.get_ylabel()
        ('question (words)', 'answer (words)')
    """
    q = qa_lengths(corpus)
    by = _summarised(corpus, by, doc_ids, q.loc[q["answered"], "doc_id"].nunique(), most)
    label, groups = _groups(corpus, doc_ids, by)
    q = q[q["answered"] & q["doc_id"].isin(label)].assign(group=lambda d: d["doc_id"].map(label))
    if log:
        q = q[(q["question_words"] > 0) & (q["answer_words"] > 0)]
    groups = [g for g in groups if g in set(q["group"])]
    ax = get_ax(ax, figsize=(6.5, 5))
    for i, group in enumerate(groups):
        sub = q[q["group"] == group]
        ax.scatter(
            sub["question_words"],
            sub["answer_words"],
            s=36 if len(q) < 500 else 8,
            alpha=0.8 if len(q) < 500 else 0.3,
            marker=_MARKERS[i % len(_MARKERS)],
            color=PALETTE[i % len(PALETTE)],
            label=f"{shorten(group, 36)} ({len(sub)})",
            **style,
        )
    if len(q):
        lo = max(1, min(q["question_words"].min(), q["answer_words"].min()))
        hi = max(q["question_words"].max(), q["answer_words"].max())
        ax.plot([lo, hi], [lo, hi], color=_UNKNOWN, lw=1, ls="--", label="answer as long")
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("question (words)")
    ax.set_ylabel("answer (words)")
    ax.set_title("Answer length against question length" + (" (log scales)" if log else ""))
    if 0 < len(groups) <= 12:
        ax.legend(
            frameon=False,
            fontsize=7,
            title="answered questions",
            title_fontsize=7,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
        )
    _tidy(ax)
    return ax


def _ink(color: str) -> str:
    """Black or white text, whichever reads better on ``color`` (WCAG relative luminance)."""
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(color)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "black" if lum > 0.18 else "white"


def plot_speaker_shares(
    corpus: Corpus,
    *,
    doc_ids: Sequence[str] | None = None,
    top: int = 6,
    most: int = 25,
    ax: Axes | None = None,
    **style: Any,
) -> Axes:
    """Who takes the words: one bar per document, split by speaker, coloured by role.

    With more than ``most`` documents (and no ``doc_ids``) a bar per document cannot be
    read, so the chart shows each month's (or kind of document's) words split by role
    instead: :func:`plot_role_shares`.

    Args:
        corpus: a loaded corpus.
        doc_ids: the documents to show (default: all; pass a few for a large corpus).
        top: speakers drawn per document, largest first; the rest are one grey remainder.
        ax: axes to draw on (a new figure when None).
        **style: passed to :meth:`~matplotlib.axes.Axes.barh`.

    Returns:
        The axes. Each segment is a speaker of :func:`speaker_shares` in the colour of the
        role they speak most in; segments wider than 8% are labelled with the speaker's
        name (else label) and share.

    Example:
        >>> from analysis import parse_text
        >>> ax = plot_speaker_shares(parse_text("Q  Why?\\n\\nMS. LEE:  Because.", doc_id="d"))
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ['d']
    """
    label, _ = _groups(corpus, doc_ids, "doc_id")
    s = speaker_shares(corpus)
    s = s[s["doc_id"].isin(label)]
    docs = list(dict.fromkeys(s["doc_id"]))
    if doc_ids is None and len(docs) > most:
        return plot_role_shares(
            corpus, by=_summarised(corpus, "doc_id", None, 2, 1), ax=ax, **style
        )
    ax = get_ax(ax, figsize=(8, min(12.0, max(2.2, 0.55 * len(docs) + 1.3))))
    y = np.arange(len(docs))[::-1]
    rest = False
    for yi, doc in zip(y, docs, strict=True):
        left = 0.0
        for r in s[s["doc_id"] == doc].head(top).itertuples():
            color = ROLE_COLORS.get(r.role, _UNKNOWN)
            ax.barh(yi, r.share, left=left, color=color, edgecolor="white", lw=1, **style)
            if r.share > 0.08:
                who = r.speaker_name or r.speaker or f"({r.role})"
                ax.text(
                    left + r.share / 2,
                    yi,
                    f"{shorten(who, int(r.share * 60) + 4)}\n{r.share:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=_ink(color),
                )
            left += r.share
        if left < 0.999:
            rest = True
            ax.barh(yi, 1 - left, left=left, color=_OTHER, edgecolor="white", lw=1)
    ax.set_yticks(y, [label[d] for d in docs], fontsize=8)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("share of the document’s spoken words")
    ax.set_title("Who takes the words, per document")
    roles = [r for r in ROLES if r in set(s["role"])]
    handles = [Patch(color=ROLE_COLORS.get(r, _UNKNOWN), label=r) for r in roles]
    if rest:
        handles.append(Patch(color=_OTHER, label="other speakers"))
    ax.legend(
        handles=handles,
        frameon=False,
        fontsize=7,
        title="role",
        title_fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
    )
    _tidy(ax)
    return ax


def plot_role_shares(
    corpus: Corpus, *, by: str = "month", ax: Axes | None = None, **style: Any
) -> Axes:
    """Stacked bars: the share of the spoken words each role takes, one bar per value of
    ``by`` (a column of ``corpus.documents``, or ``"month"``), with the number of documents.

    Example:
        >>> from analysis import parse_text
        >>> ax = plot_role_shares(parse_text("Q  Why?\\n\\nMS. LEE:  Because."), by="kind")
        >>> ax.get_xlabel()
        'share of the spoken words'
    """
    label, groups = _groups(corpus, None, by)
    t = corpus.turns.assign(group=corpus.turns["doc_id"].map(label))
    words = t.groupby(["group", "role"], sort=False)["n_words"].sum().unstack("role").fillna(0)
    words = words.reindex([g for g in groups if g in words.index])
    shares = words.div(words.sum(axis=1).where(lambda v: v > 0), axis=0).fillna(0)
    docs = t.groupby("group")["doc_id"].nunique()
    roles = [r for r in (*ROLES, *sorted(set(shares.columns) - set(ROLES))) if r in shares.columns]
    ax = get_ax(ax, figsize=(8, max(2.2, 0.4 * len(shares) + 1.3)))
    y = np.arange(len(shares))[::-1]
    left = np.zeros(len(shares))
    for role in roles:
        vals = shares[role].to_numpy()
        ax.barh(y, vals, left=left, color=ROLE_COLORS.get(role, _UNKNOWN), label=role, **style)
        left += vals
    ax.set_yticks(
        y, [f"{shorten(g, 30)} ({docs.get(g, 0)} docs)" for g in shares.index], fontsize=8
    )
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.set_xlabel("share of the spoken words")
    ax.set_title(f"Who takes the words, by role and {by}")
    ax.legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
    _tidy(ax)
    return ax
