"""Question and answer lengths: who talks how much, how long questions and answers run.

Every function takes a :class:`~analysis.corpus.Corpus` and returns a tidy DataFrame; every
``plot_*`` function draws one chart on ``ax`` (a new figure when ``ax`` is None) and returns it.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from .corpus import Corpus
from .stopwords import STOPWORDS
from .style import PALETTE, ROLE_COLORS, get_ax, shorten

#: Words per minute used to turn words into speaking time. About 150 wpm is the usual
#: figure for conversational American English (the National Center for Voice and Speech
#: gives 150 wpm as the average conversational rate); prepared remarks run slower and
#: briefings often faster, so pass your own ``wpm`` where you know better.
WPM = 150

_ORDINAL_RE = re.compile(
    r"\b(?:a |my |one )?(?:second|third|fourth|another|last|final|follow-up) (?:question|"
    r"thing|one|part|issue|topic)\b|\b(?:two|three|a couple of|a few) (?:questions|things)\b|"
    r"\bsecondly\b|\bthirdly\b|\bthe (?:second|other) part\b",
    re.IGNORECASE,
)
_QMARKS_RE = re.compile(r"\?+")


def _doc_order(corpus: Corpus) -> dict[str, int]:
    return {d: i for i, d in enumerate(corpus.documents["doc_id"])}


def turn_lengths(corpus: Corpus, *, wpm: float = WPM) -> pd.DataFrame:
    """Length of every turn, and where it falls in its conversation.

    Args:
        corpus: a loaded corpus.
        wpm: speaking rate used for ``seconds`` (default :data:`WPM`, 150 words a minute).

    Returns:
        One row per turn: ``doc_id``, ``turn``, ``speaker``, ``speaker_name``, ``role``,
        ``words``, ``sentences``, ``chars`` (characters of the turn's text), ``seconds``
        (estimated speaking time: ``words / wpm * 60``), ``position`` (fraction of the
        document's spoken words said before this turn, 0 to 1).

    Example:
        >>> from analysis import parse_text
        >>> t = turn_lengths(parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time."))
        >>> t[["speaker", "words", "seconds", "position"]].values.tolist()
        [['Q', 2, 0.8, 0.0], ['MS. LEE', 4, 1.6, 0.3333333333333333]]
    """
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


def length_summary(corpus: Corpus, *, by: str | list[str] = "doc_id") -> pd.DataFrame:
    """Turn-length statistics (in words) per group.

    Args:
        corpus: a loaded corpus.
        by: column(s) of ``corpus.turns`` to group by: ``"doc_id"``, ``"speaker"``,
            ``"role"``, or a list such as ``["doc_id", "role"]``.

    Returns:
        One row per group: the ``by`` column(s), ``turns``, ``total`` words, ``median``,
        ``q1`` and ``q3`` (quartiles), ``mean`` and ``max`` words per turn, and ``share``,
        the group's fraction of all words in the table (of its document's words when
        ``doc_id`` is among ``by``).
    """
    keys = [by] if isinstance(by, str) else list(by)
    t = corpus.turns
    g = t.groupby(keys, sort=False)["n_words"]
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


def speaker_shares(corpus: Corpus) -> pd.DataFrame:
    """Each speaker's share of the words spoken in each document.

    Returns:
        One row per ``(doc_id, speaker)``: ``speaker_name`` (names the cues gave, "; "-joined),
        ``turns``, ``words`` and ``share`` (of the document's spoken words; a document's
        shares sum to 1). Largest share first within each document.
    """
    t = corpus.turns
    g = t.groupby(["doc_id", "speaker"], sort=False)
    out = g.agg(turns=("turn", "size"), words=("n_words", "sum")).reset_index()
    names = (
        t[t["speaker_name"] != ""]
        .groupby(["doc_id", "speaker"])["speaker_name"]
        .agg(lambda s: "; ".join(dict.fromkeys(s)))
    )
    out.insert(
        2,
        "speaker_name",
        [names.get((d, s), "") for d, s in zip(out["doc_id"], out["speaker"], strict=True)],
    )
    total = out.groupby("doc_id")["words"].transform("sum")
    out["share"] = (out["words"] / total.where(total > 0)).fillna(0.0)
    out["_o"] = out["doc_id"].map(_doc_order(corpus))
    out = out.sort_values(["_o", "share"], ascending=[True, False], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)


def count_questions(text: str) -> int:
    """How many questions one turn asks: its question marks, or its ordinal cues plus one.

    "One question ... And a second question if I may: ...?" asks two even with one "?".

    >>> count_questions("Will he get it?  And a second question if I may: why now?")
    2
    >>> count_questions("And a second question if I may: why now.")
    2
    >>> count_questions("That’s interesting that you just said that.")
    1
    """
    marks = len(_QMARKS_RE.findall(text))
    cues = len(_ORDINAL_RE.findall(text))
    return max(marks, cues + 1 if cues else 0, 1)


def qa_lengths(corpus: Corpus) -> pd.DataFrame:
    """Question and answer lengths per question/answer pair.

    Returns:
        One row per row of ``corpus.qa``: ``doc_id``, ``qa``, ``question_turn``,
        ``questioner``, ``answerer``, ``question_words``, ``answer_words``, ``ratio``
        (answer words per question word; NaN for an unanswered question), ``parts``
        (questions asked in the turn, see :func:`count_questions`), ``follow_up`` and
        ``interrupted`` (from ``corpus.qa``), ``answered``, and ``position`` (fraction of
        the document's words said before the question).
    """
    qa = corpus.qa
    if qa.empty:
        return pd.DataFrame(
            columns=[
                "doc_id",
                "qa",
                "question_turn",
                "questioner",
                "answerer",
                "question_words",
                "answer_words",
                "ratio",
                "parts",
                "follow_up",
                "interrupted",
                "answered",
                "position",
            ]
        )
    tl = turn_lengths(corpus).set_index(["doc_id", "turn"])
    text = corpus.turns.set_index(["doc_id", "turn"])["text"]
    key = list(zip(qa["doc_id"], qa["question_turn"], strict=True))
    answered = qa["answer_turns"].map(len) > 0
    return pd.DataFrame(
        {
            "doc_id": qa["doc_id"],
            "qa": qa["qa"],
            "question_turn": qa["question_turn"],
            "questioner": qa["questioner"],
            "answerer": qa["answerer"],
            "question_words": qa["question_words"],
            "answer_words": qa["answer_words"],
            "ratio": (
                qa["answer_words"] / qa["question_words"].where(qa["question_words"] > 0)
            ).where(answered),
            "parts": [count_questions(text[k]) for k in key],
            "follow_up": qa["follow_up"],
            "interrupted": qa["interrupted"],
            "answered": answered,
            "position": tl.loc[key, "position"].to_numpy(),
        }
    )


#: Forms of address and politeness, not content ("Thank you, Mr. Secretary").
_ADDRESS = frozenset("secretary president minister thank thanks question questions".split())
_SUFFIX_RE = re.compile(r"(?:'s|s'|ing|ed|es|s)$")


def _stem(word: str) -> str:
    """A light stem, so that "invading"/"invasion" don't match but "munitions"/"munition",
    "ukraine's"/"ukraine" and "talked"/"talk" do."""
    return _SUFFIX_RE.sub("", word) if len(word) > 4 else word


def _content(words: Any) -> set[str]:
    return {
        _stem(w)
        for w in words
        if len(w) > 2 and w not in STOPWORDS and w not in _ADDRESS and not w.isdigit()
    }


def responsiveness(corpus: Corpus) -> pd.DataFrame:
    """How much of each question's content the answer takes up: a first, transparent measure.

    The question's *content words* are its distinct words (``tokens.norm``, lightly stemmed:
    a final "'s", "s", "es", "ed" or "ing" is dropped from words of five letters or more)
    that are not stopwords, forms of address ("secretary", "thank"), digits, or shorter
    than three letters. ``responsiveness`` is the share of them
    that occur anywhere in the answer turns: 1 when the answer uses every content word of
    the question, 0 when it uses none. It measures lexical uptake, not relevance: an answer
    can address a question in other words, or repeat its words and evade it. Read the least
    responsive answers (``sort_values("responsiveness")``) rather than trusting the number.

    The same at the level of topics: ``topic_uptake`` is the share of the question's topics
    (from the shipped topic lexicon, :func:`analysis.topics.topic_hits`) that the answer
    touches too, which forgives an answer for using other words on the same subject.

    Returns:
        One row per answered question: ``doc_id``, ``qa``, ``question_turn``,
        ``answer_turns``, ``questioner``, ``answerer``, ``question_content`` (how many content
        words), ``shared`` (how many the answer uses), ``responsiveness`` (shared /
        question_content; NaN when the question has no content word), ``missing`` (the
        content words the answer does not use, sorted, space-separated),
        ``question_topics`` (lexicon topics of the question), ``topic_uptake`` (share of them
        the answer touches; NaN when the question hits no topic), ``question`` and ``answer``
        (their first 200 characters).
    """
    qa = corpus.qa[corpus.qa["answer_turns"].map(len) > 0]
    cols = [
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
    if qa.empty:
        return pd.DataFrame(columns=cols)
    tok = corpus.tokens
    norms = tok.groupby([tok["doc_id"].astype("str"), tok["turn"]], sort=False)["norm"]
    words = {k: set(v) for k, v in norms}
    texts = corpus.turns.set_index(["doc_id", "turn"])["text"]
    from .topics import topic_hits  # the shipped topic lexicon (imports scikit-learn)

    topics_of = {k: set(g) for k, g in topic_hits(corpus).groupby(["doc_id", "turn"])["topic"]}
    rows = []
    for r in qa.itertuples(index=False):
        q_top = topics_of.get((r.doc_id, r.question_turn), set())
        a_top = set().union(*(topics_of.get((r.doc_id, t), set()) for t in r.answer_turns))
        q = _content(words.get((r.doc_id, r.question_turn), ()))
        a = {_stem(w) for t in r.answer_turns for w in words.get((r.doc_id, t), ())}
        shared = q & a
        answer = " ".join(texts[(r.doc_id, t)] for t in r.answer_turns)
        rows.append(
            (
                r.doc_id,
                r.qa,
                r.question_turn,
                r.answer_turns,
                r.questioner,
                r.answerer,
                len(q),
                len(shared),
                len(shared) / len(q) if q else np.nan,
                " ".join(sorted(q - a)),
                " ".join(sorted(q_top)),
                len(q_top & a_top) / len(q_top) if q_top else np.nan,
                texts[(r.doc_id, r.question_turn)][:200],
                answer[:200],
            )
        )
    return pd.DataFrame(rows, columns=cols)


# -- charts ----------------------------------------------------------------------------


def plot_qa_lengths(
    corpus: Corpus, *, ax: Axes | None = None, log: bool = True, **style: Any
) -> Axes:
    """Question and answer lengths per document: a box for each, with every pair as a point.

    Args:
        corpus: a loaded corpus.
        ax: axes to draw on (a new figure when None).
        log: log-scale the word axis (lengths are skewed; on by default).
        **style: passed to the boxplot.
    """
    q = qa_lengths(corpus)
    docs = [d for d in corpus.documents["doc_id"] if d in set(q["doc_id"])]
    ax = get_ax(ax, figsize=(8, 4.5))
    rng = np.random.default_rng(0)
    for i, doc in enumerate(docs):
        sub = q[q["doc_id"] == doc]
        for j, (col, color) in enumerate(
            (("question_words", ROLE_COLORS["question"]), ("answer_words", ROLE_COLORS["answer"]))
        ):
            vals = sub[col][sub[col] > 0] if log else sub[col]
            x = i * 3 + j
            if len(vals):
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
                    x + rng.uniform(-0.18, 0.18, len(vals)),
                    vals,
                    s=14,
                    color=color,
                    alpha=0.7,
                    zorder=3,
                    linewidths=0,
                )
    ax.set_xticks(
        [i * 3 + 0.5 for i in range(len(docs))],
        [shorten(d, 28) for d in docs],
        rotation=20 if len(docs) > 2 else 0,
        ha="right" if len(docs) > 2 else "center",
        fontsize=8,
    )
    if log:
        ax.set_yscale("log")
    ax.set_ylabel("words (log scale)" if log else "words")
    ax.set_title("Question and answer lengths per document")
    ax.legend(
        handles=[
            Line2D([], [], color=ROLE_COLORS["question"], marker="o", ls="", label="questions"),
            Line2D([], [], color=ROLE_COLORS["answer"], marker="o", ls="", label="answers"),
        ],
        frameon=False,
        fontsize=8,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_turn_timeline(
    corpus: Corpus, doc_id: str, *, ax: Axes | None = None, **style: Any
) -> Axes:
    """One bar per turn of a document, in order, its height the turn's words, coloured by
    role and labelled by speaker.

    Raises:
        KeyError: ``doc_id`` is not in the corpus.
    """
    t = corpus.turns[corpus.turns["doc_id"] == doc_id]
    if t.empty:
        raise KeyError(f"no turns for document {doc_id!r}")
    ax = get_ax(ax, figsize=(8, 4))
    colors = [ROLE_COLORS.get(r, "#999999") for r in t["role"]]
    ax.bar(t["turn"], t["n_words"], color=colors, width=0.8, **style)
    step = max(1, len(t) // 30)
    labels = [
        (n or s) if i % step == 0 else ""
        for i, (s, n) in enumerate(zip(t["speaker"], t["speaker_name"], strict=True))
    ]
    ax.set_xticks(t["turn"], labels, rotation=90, fontsize=7)
    ax.set_xlabel("turn (labelled by speaker)")
    ax.set_ylabel("words")
    ax.set_title(f"Turn lengths over the conversation: {shorten(doc_id, 50)}")
    roles = list(dict.fromkeys(t["role"]))
    ax.legend(
        handles=[Line2D([], [], color=ROLE_COLORS.get(r, "#999999"), lw=6, label=r) for r in roles],
        frameon=False,
        fontsize=8,
    )
    ax.spines[["top", "right"]].set_visible(False)
    return ax


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def plot_answer_vs_question(
    corpus: Corpus, *, ax: Axes | None = None, log: bool = True, **style: Any
) -> Axes:
    """Answer length against question length, one marker shape and colour per document."""
    q = qa_lengths(corpus)
    q = q[q["answered"]]
    ax = get_ax(ax, figsize=(6.5, 5))
    for i, doc in enumerate(d for d in corpus.documents["doc_id"] if d in set(q["doc_id"])):
        sub = q[q["doc_id"] == doc]
        ax.scatter(
            sub["question_words"],
            sub["answer_words"],
            s=36,
            alpha=0.8,
            marker=_MARKERS[i % len(_MARKERS)],
            color=PALETTE[i % len(PALETTE)],
            label=shorten(doc, 40),
            **style,
        )
    if log:
        ax.set_xscale("log")
        ax.set_yscale("log")
    if len(q):
        lo = max(1, min(q["question_words"].min(), q["answer_words"].min()))
        hi = max(q["question_words"].max(), q["answer_words"].max())
        ax.plot([lo, hi], [lo, hi], color="#999999", lw=1, ls="--", label="answer = question")
    ax.set_xlabel("question (words)")
    ax.set_ylabel("answer (words)")
    ax.set_title("Answer length against question length")
    ax.legend(frameon=False, fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_speaker_shares(
    corpus: Corpus, *, ax: Axes | None = None, top: int = 6, **style: Any
) -> Axes:
    """Share of each document's words by speaker: one stacked bar per document (the ``top``
    speakers, the rest as "others")."""
    s = speaker_shares(corpus)
    docs = list(dict.fromkeys(s["doc_id"]))
    ax = get_ax(ax, figsize=(8, max(2.2, 0.5 * len(docs) + 1.2)))
    y = np.arange(len(docs))[::-1]
    for yi, doc in zip(y, docs, strict=True):
        sub = s[s["doc_id"] == doc].head(top)
        left = 0.0
        for k, r in enumerate(sub.itertuples()):
            label = r.speaker or "(unlabelled)"
            ax.barh(
                yi, r.share, left=left, color=PALETTE[k % len(PALETTE)], edgecolor="white", **style
            )
            if r.share > 0.08:
                ax.text(
                    left + r.share / 2,
                    yi,
                    f"{label}\n{r.share:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white",
                )
            left += r.share
        if left < 0.999:
            ax.barh(yi, 1 - left, left=left, color="#DDDDDD", edgecolor="white")
    ax.set_yticks(y, [shorten(d, 40) for d in docs], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the document’s spoken words")
    ax.set_title("Who takes the words, per document")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
