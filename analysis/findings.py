"""Every sentence of the notebooks that states a finding, computed from the data.

A notebook's fixed prose explains a chart and how to read it; what the chart *shows* on the
folder at hand is written by a function here, so it stays true on any folder. Each function
returns one short paragraph of Markdown (text from the documents escaped), to be shown with
``display(Markdown(...))``. Where an analysis has nothing to work on (no questions, no
articles, no quote traced) the paragraph says so plainly.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .corpus import Corpus

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def md(text: object) -> str:
    """``text`` safe to put in Markdown: HTML-escaped, Markdown's special characters
    backslash-escaped, line breaks made spaces.

    >>> md("<b>*not bold*</b>")
    '&lt;b&gt;\\\\*not bold\\\\*&lt;/b&gt;'
    """
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def quoted(text: object, width: int = 90) -> str:
    """``text`` in quotation marks, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    if len(flat) > width:
        flat = flat[: width - 1].rstrip() + "…"
    return f"“{md(flat)}”"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 document"``, ``"3 documents"`` (``many`` for an irregular plural).

    >>> plural(1, "quote"), plural(2, "quote"), plural(2, "speech", "speeches")
    ('1 quote', '2 quotes', '2 speeches')
    """
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def listing(items: Sequence[str], *, most: int = 4) -> str:
    """``"a, b and c"``; beyond ``most`` items, ``"a, b, c, d and 3 more"``.

    >>> listing(["a"]), listing(["a", "b", "c"]), listing(list("abcdef"), most=2)
    ('a', 'a, b and c', 'a, b and 4 more')
    """
    items = list(items)
    if len(items) > most:
        return ", ".join(items[:most]) + f" and {len(items) - most} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def doc_name(corpus: Corpus, doc_id: str) -> str:
    """A document as prose names it: its date and kind when they tell it apart from the
    others ("the 2022-01-21 press availability"), else its ``doc_id``."""
    from .lengths import _doc_labels

    return md(_doc_labels(corpus).get(doc_id, doc_id))


def _pct(x: float) -> str:
    """A share as a percentage; a share above zero that rounds to 0% is "under 1%"."""
    return "under 1%" if 0 < x < 0.005 else f"{x:.0%}"


def _who(name: object, label: object, role: object = "") -> str:
    who = str(name or "") or str(label or "")
    return md(who) if who else f"the unlabelled {md(role) or 'text'}"


def _articles(corpus: Corpus) -> list[str]:
    d = corpus.documents
    kind = d["kind"].astype("str").str.contains("article|news", case=False, regex=True)
    narrated = set(corpus.turns.loc[corpus.turns["role"] == "narration", "doc_id"])
    quoting = set(corpus.quotes["doc_id"])
    return [
        str(doc)
        for doc, k in zip(d["doc_id"], kind, strict=True)
        if k or doc in narrated or doc in quoting
    ]


# -- 01 corpus overview ----------------------------------------------------------------------


def corpus_summary(corpus: Corpus) -> str:
    """What the folder holds: documents by kind, their dates, turns, questions and quotes.

    >>> from analysis import parse_text
    >>> corpus_summary(parse_text("Q  Why?\\n\\nMS. LEE:  Because."))
    '1 document (interview), undated. It holds 2 speaker turns, 1 question and no news quotes.'
    """
    d = corpus.documents
    if d.empty:
        return "Nothing could be loaded from this folder."
    kinds = d["kind"].astype("str").replace("", "of unknown kind").value_counts(sort=True)
    if len(kinds) == 1:
        head = f"{plural(len(d), 'document')} ({md(kinds.index[0])})"
    else:
        kind_text = listing([f"{md(k)} {n}" for k, n in kinds.items()], most=5)
        head = f"{plural(len(d), 'document')} by kind: {kind_text}"
    dates = pd.to_datetime(d["date"], errors="coerce")
    undated = int(dates.isna().sum())
    if undated == len(d):
        when = "undated"
    else:
        lo, hi = dates.min(), dates.max()
        span = f"dated {lo:%-d %B %Y}" if lo == hi else f"dated {lo:%-d %B %Y} to {hi:%-d %B %Y}"
        when = span + (f" ({undated} undated)" if undated else "")
    q, n_quotes = len(corpus.qa), len(corpus.quotes)
    holds = (
        f"It holds {plural(len(corpus.turns), 'speaker turn')}, "
        f"{plural(q, 'question') if q else 'no questions'} and "
        f"{plural(n_quotes, 'news quote') if n_quotes else 'no news quotes'}."
    )
    return f"{head}, {when}. {holds}"


def segments_finding(corpus: Corpus) -> str:
    """How much of the pages is speech, and which document carries the most furniture.

    >>> from analysis import parse_text
    >>> segments_finding(parse_text("MS. LEE:  Because."))[:40]
    'Speech and speaker labels make up 100% o'
    """
    seg = corpus.segments
    if seg.empty:
        return "There are no characters to account for."
    chars = (seg["end"] - seg["start"]).groupby(seg["kind"]).sum()
    total = chars.sum()
    spoken = chars.reindex(["speech", "label", "stage", "whitespace"]).fillna(0).sum()
    text = f"Speech and speaker labels make up {_pct(spoken / total)} of the characters"
    furniture = chars.reindex(["title", "metadata", "boilerplate", "front_matter"]).dropna()
    furniture = furniture[furniture > 0].sort_values(ascending=False)
    if furniture.empty:
        return text + "; nothing was taken out as page furniture."
    parts = [f"{md(k.replace('_', ' '))} {_pct(v / total)}" for k, v in furniture.items()]
    text += f"; the rest is {listing(parts)} (with whitespace and stage directions)."
    if len(corpus.documents) > 1:
        per = seg.assign(c=seg["end"] - seg["start"])
        kept = per[per["kind"].isin(["title", "metadata", "boilerplate", "front_matter"])]
        share = (kept.groupby("doc_id")["c"].sum() / per.groupby("doc_id")["c"].sum()).dropna()
        if len(share) and share.max() > 0:
            top = share.sort_values(ascending=False, kind="stable").index[0]
            text += (
                f" The most furniture is in {doc_name(corpus, str(top))}: "
                f"{_pct(share[top])} of its characters."
            )
    return text


def speakers_finding(corpus: Corpus) -> str:
    """Whether one speaker dominates the documents, and who says the most words overall.

    >>> from analysis import parse_text
    >>> speakers_finding(parse_text("Q  Why?\\n\\nMS. LEE:  Because it is.", doc_id="d"))
    'In 1 of 1 document one speaker says more than half of the words: Lee in d (75%). \
Over the whole folder Lee says the most words: 3 of 4 (75%).'
    """
    from .lengths import speaker_shares

    s = speaker_shares(corpus)
    s = s[s["words"] > 0]
    if s.empty:
        return "Nobody speaks in these documents: there are no spoken words."
    docs = s["doc_id"].nunique()
    top = s.sort_values(["doc_id", "share"], ascending=[True, False], kind="stable")
    top = top.drop_duplicates("doc_id")
    major = top[top["share"] > 0.5]
    order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    major = major.assign(_o=major["doc_id"].map(order)).sort_values("_o")
    if major.empty:
        text = (
            f"In none of the {plural(docs, 'document')} does one speaker say more than half "
            "of the words."
        )
    else:
        shown = [
            f"{_who(r.speaker_name, r.speaker, r.role)} in {doc_name(corpus, r.doc_id)} "
            f"({_pct(r.share)})"
            for r in major.itertuples()
        ]
        text = (
            f"In {len(major)} of {plural(docs, 'document')} one speaker says more than half "
            f"of the words: {listing(shown, most=3)}."
        )
    who = s["speaker_name"].where(s["speaker_name"] != "", s["speaker"])
    per = s.assign(who=who).groupby(["who", "role"], sort=False)["words"].sum()
    per = per.sort_values(ascending=False, kind="stable")
    (name, role), words = per.index[0], int(per.iloc[0])
    total = int(s["words"].sum())
    text += (
        f" Over the whole folder {_who(name, '', role)} says the most words: "
        f"{words:,} of {total:,} ({_pct(words / total)})."
    )
    return text


def qa_finding(corpus: Corpus) -> str:
    """How many questions, in how many documents, answered, followed up and cut off.

    >>> from analysis import parse_text
    >>> qa_finding(parse_text("MS. LEE:  Good morning."))[:42]
    'No document here has a question and answer'
    """
    qa = corpus.qa
    if qa.empty:
        return (
            "No document here has a question and answer: no labelled turn asks something, "
            "so the table below is empty and the question analyses have nothing to measure."
        )
    named = qa.loc[qa["questioner"] != "", "questioner"].nunique()
    answered = int((qa["answer_turns"].map(len) > 0).sum())
    text = (
        f"{plural(len(qa), 'question')} in {plural(qa['doc_id'].nunique(), 'document')}; "
        f"{answered:,} answered, {int(qa['follow_up'].sum()):,} asked again by the same "
        f"questioner, {int(qa['interrupted'].sum()):,} cut off."
    )
    unnamed = int((qa["questioner"] == "").sum())
    if named:
        text += f" Cues in the text name {plural(named, 'questioner')}"
        verb = "has" if unnamed == 1 else "have"
        text += f"; {plural(unnamed, 'question')} {verb} no name." if unnamed else "."
    else:
        text += " No cue in the text names a questioner."
    return text


def quotes_finding(corpus: Corpus) -> str:
    """How many quotes the news articles hold, and whom they quote most.

    >>> from analysis import parse_text
    >>> quotes_finding(parse_text("Q  Why?"))
    'There is no news article in this folder, so there are no quotes to list.'
    """
    q = corpus.quotes
    articles = _articles(corpus)
    if q.empty:
        if not articles:
            return "There is no news article in this folder, so there are no quotes to list."
        return (
            f"The {plural(len(articles), 'news article')} here quote nobody the loader "
            "could find a quotation for, so the table is empty."
        )
    speakers = q.loc[q["speaker"] != "", "speaker"].value_counts()
    text = f"{plural(len(q), 'quote')} in {plural(q['doc_id'].nunique(), 'article')}"
    if speakers.empty:
        return text + "; the articles attribute none of them to a speaker."
    return (
        text + f"; {int(speakers.sum())} attributed to a speaker, most to "
        f"{md(speakers.index[0])} ({speakers.iloc[0]})."
    )


def problems_finding(corpus: Corpus) -> str:
    """Whether any file could not be read or was read with a caveat.

    >>> from analysis import parse_text
    >>> problems_finding(parse_text("Q  Why?\\n\\nMS. LEE:  Because."))
    'No file had a problem: every one was read without a caveat.'
    """
    p = corpus.problems
    if p.empty:
        return "No file had a problem: every one was read without a caveat."
    col = "problem" if "problem" in p.columns else p.columns[-1]
    kinds = p[col].astype("str").value_counts()
    files = p["path"].nunique() if "path" in p.columns else len(p)
    parts = [f"{md(k)} ({n})" for k, n in kinds.items()]
    return f"{plural(files, 'file')} had a problem or a caveat: {listing(parts, most=6)}."


# -- 02 question and answer lengths ----------------------------------------------------------


def qa_overview(corpus: Corpus) -> str:
    """The conversations compared: median question and answer, and where answers run longest.

    >>> from analysis import parse_text
    >>> qa_overview(parse_text("MS. LEE:  Hello."))[:30]
    'No document here has questions'
    """
    from .lengths import qa_lengths

    q = qa_lengths(corpus)
    if q.empty:
        return (
            "No document here has questions and answers, so this page has no conversations "
            "to compare; the turn lengths further down still describe who speaks how much."
        )
    a = q[q["answered"]]
    text = (
        f"{plural(len(q), 'question')} in {plural(q['doc_id'].nunique(), 'document')}: the "
        f"median question runs {q['question_words'].median():.0f} words"
    )
    text += (
        f" and the median answer {a['answer_words'].median():.0f}."
        if len(a)
        else ", and none is answered."
    )
    med = a.groupby("doc_id")["answer_words"].median()
    if len(med) > 1:
        med = med.sort_values(ascending=False, kind="stable")
        text += (
            f" Answers run longest in {doc_name(corpus, str(med.index[0]))} (median "
            f"{med.iloc[0]:.0f} words) and shortest in {doc_name(corpus, str(med.index[-1]))} "
            f"({med.iloc[-1]:.0f})."
        )
    multi = int((q["parts"] > 1).sum())
    text += (
        f" {_pct(q['follow_up'].mean())} of the questions come from the questioner of the one "
        f"before, {_pct(q['interrupted'].mean())} are cut off and {multi:,} "
        f"ask{'s' if multi == 1 else ''} several things."
    )
    return text


def lengths_finding(corpus: Corpus) -> str:
    """Median turn length per role over the whole folder, with its quartiles.

    >>> from analysis import parse_text
    >>> lengths_finding(parse_text("Q  Why now?\\n\\nMS. LEE:  Because it is time."))
    'Over all documents, the median answer turn is 4 words (quartiles 4–4, 1 turn); the median \
question turn is 2 words (quartiles 2–2, 1 turn).'
    """
    from .lengths import length_summary
    from .schema import ROLES

    t = length_summary(corpus, by="role")
    t = t[t["turns"] > 0]
    if t.empty:
        return "There are no speaker turns to measure."
    rank = {r: i for i, r in enumerate(dict.fromkeys(("answer", "question", *ROLES)))}
    t = t.assign(_r=t["role"].map(rank).fillna(len(rank))).sort_values("_r", kind="stable")
    parts = [
        f"the median {md(r.role)} turn is {r.median:.0f} words (quartiles {r.q1:.0f}–{r.q3:.0f}, "
        f"{plural(int(r.turns), 'turn')})"
        for r in t.itertuples()
    ]
    return "Over all documents, " + "; ".join(parts) + "."


def shares_finding(corpus: Corpus) -> str:
    """The largest share of a document one speaker takes, and which side takes more words.

    >>> from analysis import parse_text
    >>> shares_finding(parse_text("Q  Why now, today?\\n\\nMS. LEE:  Because.", doc_id="d"))[:60]
    'The largest share of a document any one speaker takes is 75%'
    """
    from .lengths import speaker_shares

    s = speaker_shares(corpus)
    s = s[s["words"] > 0]
    if s.empty:
        return "There are no spoken words to share out."
    top = s.sort_values("share", ascending=False, kind="stable").iloc[0]
    text = (
        f"The largest share of a document any one speaker takes is {_pct(top['share'])}: "
        f"{_who(top['speaker_name'], top['speaker'], top['role'])} in "
        f"{doc_name(corpus, str(top['doc_id']))}."
    )
    t = corpus.turns
    t = t[t["doc_id"].isin(set(corpus.qa["doc_id"]))]
    if t.empty:
        return text + " No document has questions, so there is no asking side to compare."
    side = t["role"].map({"answer": "answer", "statement": "answer", "question": "question"})
    w = t.assign(side=side).groupby(["doc_id", "side"])["n_words"].sum().unstack(fill_value=0)
    w = w.reindex(columns=["answer", "question"], fill_value=0)
    more = int((w["answer"] > w["question"]).sum())
    return text + (
        f" The answering side (answers and statements) says more words than the questioners "
        f"in {more} of the {plural(len(w), 'document')} with questions."
    )


def qa_spread_finding(corpus: Corpus) -> str:
    """Whether answers run longer than questions, and which spread wider.

    >>> from analysis import parse_text
    >>> qa_spread_finding(parse_text("Q  Why now, after all this time?\\n\\nMS. LEE:  Because."))
    'Questions run longer than answers: a median 6 words against 1. Question lengths spread \
wider (quartiles 6–6 words) than answers (1–1).'
    """
    from .lengths import qa_lengths

    q = qa_lengths(corpus)
    a = q[q["answered"]]
    if a.empty:
        return "No question here is answered, so there are no lengths to compare."
    mq, ma = a["question_words"].median(), a["answer_words"].median()
    lead = (
        "Answers run longer than questions"
        if ma > mq
        else "Questions run longer than answers"
        if mq > ma
        else "Questions and answers run about as long"
    )
    qq = a["question_words"].quantile([0.25, 0.75]).to_numpy()
    aq = a["answer_words"].quantile([0.25, 0.75]).to_numpy()
    rel_q = (qq[1] - qq[0]) / max(mq, 1)
    rel_a = (aq[1] - aq[0]) / max(ma, 1)
    wider = "Question" if rel_q >= rel_a else "Answer"
    other = "answers" if wider == "Question" else "questions"
    first, second = (qq, aq) if wider == "Question" else (aq, qq)
    return (
        f"{lead}: a median {ma if ma >= mq else mq:.0f} words against "
        f"{mq if ma >= mq else ma:.0f}. {wider} lengths spread wider (quartiles "
        f"{first[0]:.0f}–{first[1]:.0f} words) than {other} ({second[0]:.0f}–{second[1]:.0f})."
    )


def answer_vs_question_finding(corpus: Corpus) -> str:
    """How many answers are longer than their question, and whether longer questions get
    longer answers (Spearman's rank correlation).

    >>> from analysis import parse_text
    >>> answer_vs_question_finding(parse_text("Q  Why?\\n\\nMS. LEE:  Because it is."))
    '1 of 1 answered question (100%) gets an answer longer than the question.'
    """
    from .lengths import qa_lengths

    q = qa_lengths(corpus)
    a = q[q["answered"]]
    if a.empty:
        return "No question here is answered, so there is nothing to plot."
    longer = int((a["answer_words"] > a["question_words"]).sum())
    text = (
        f"{longer:,} of {plural(len(a), 'answered question')} ({_pct(longer / len(a))}) "
        "get" + ("s" if len(a) == 1 else "") + " an answer longer than the question."
    )
    if len(a) >= 5 and a["question_words"].nunique() > 1 and a["answer_words"].nunique() > 1:
        rho = float(np.corrcoef(a["question_words"].rank(), a["answer_words"].rank())[0, 1])
        strength = (
            "longer questions tend to get longer answers"
            if rho >= 0.3
            else "longer questions tend to get shorter answers"
            if rho <= -0.3
            else "a longer question does not buy a longer answer"
        )
        text += f" The rank correlation of the two lengths is {rho:.2f}: {strength}."
    return text


def timeline_finding(corpus: Corpus, doc_id: str) -> str:
    """One conversation's turns: how many, the longest, and each role's part of the words.

    >>> from analysis import parse_text
    >>> timeline_finding(parse_text("Q  Why?\\n\\nMS. LEE:  Because it is.", doc_id="d"), "d")
    'd: 2 turns. The longest is turn 1, 3 words by Lee (answer); answers take 75% of the \
words, questions 25%.'
    """
    from .lengths import _who as names

    t = corpus.turns[corpus.turns["doc_id"] == doc_id]
    if t.empty:
        return f"{md(doc_id)} has no speaker turns."
    t = t.assign(speaker_name=names(t))
    top = t.sort_values(["n_words", "turn"], ascending=[False, True], kind="stable").iloc[0]
    words = t.groupby("role")["n_words"].sum().sort_values(ascending=False, kind="stable")
    words = words[words > 0]
    total = max(int(words.sum()), 1)
    if len(words) <= 1:
        roles = f"{md(words.index[0])}s take all the words" if len(words) else "nobody speaks"
    else:
        rest = ", ".join(f"{md(r)}s {_pct(w / total)}" for r, w in words.iloc[1:].items())
        roles = f"{md(words.index[0])}s take {_pct(words.iloc[0] / total)} of the words, {rest}"
    return (
        f"{doc_name(corpus, doc_id)}: {plural(len(t), 'turn')}. The longest is turn "
        f"{int(top['turn'])}, {int(top['n_words']):,} words by "
        f"{_who(top['speaker_name'], top['speaker'], top['role'])} ({md(top['role'])}); "
        f"{roles}."
    )


def timelines_intro(corpus: Corpus, doc_ids: Sequence[str]) -> str:
    """Which conversations the turn-by-turn charts follow.

    >>> from analysis import parse_text
    >>> timelines_intro(parse_text("MS. LEE:  Hello."), [])
    'No document has questions, so there is no conversation to follow turn by turn.'
    """
    if not doc_ids:
        return "No document has questions, so there is no conversation to follow turn by turn."
    names = listing([doc_name(corpus, d) for d in doc_ids], most=10)
    if len(doc_ids) == 1:
        return f"The conversation with the most turns: {names}."
    return f"The {len(doc_ids)} conversations with the most turns: {names}."


def least_responsive_finding(corpus: Corpus, least: pd.DataFrame) -> str:
    """The least responsive answer of a :func:`analysis.lengths.responsiveness` table
    (called with ``least=``), in words.

    >>> import pandas as pd
    >>> from analysis import parse_text
    >>> least_responsive_finding(parse_text("Q  Why?"), pd.DataFrame())[:20]
    'No answer here is lo'
    >>> least_responsive_finding(parse_text("MS. LEE:  Hi."), pd.DataFrame())[:20]
    'There are no questio'
    """
    if corpus.qa.empty:
        return "There are no questions here, so there is no least responsive answer to show."
    if least.empty:
        return (
            "No answer here is long enough to judge (at least 15 words, not a moderator "
            "passing the floor), so there is no least responsive answer to show."
        )
    r = least.iloc[0]
    if pd.isna(r["responsiveness"]):
        return "None of the questions answered here has a content word to take up."
    who = f" from {md(r['questioner'])}" if r["questioner"] else ""
    missing = str(r["missing"]).split()
    takes = (
        "uses none of its content words"
        if r["shared"] == 0
        else f"uses {int(r['shared'])} of its {int(r['question_content'])} content words"
    )
    text = (
        f"The least responsive answer by this measure is in {doc_name(corpus, str(r['doc_id']))}: "
        f"to the question{who} {quoted(r['question'], 120)} it {takes}"
    )
    text += f" (not {listing([md(w) for w in missing], most=6)})." if missing else "."
    if pd.notna(r["topic_uptake"]):
        text += f" It touches {_pct(r['topic_uptake'])} of the question's lexicon topics."
    return text


# -- 03 recurring phrases ---------------------------------------------------------------------


def phrases_chosen(phrases: Sequence[str], *, given: bool) -> str:
    """Which phrases the page follows, and why those.

    >>> phrases_chosen(["cluster munitions"], given=False)
    'The phrases followed below are the ones that recur most in these documents: \
“cluster munitions”.'
    """
    if not phrases:
        return "No phrase is said twice in these documents, so there is nothing to follow below."
    shown = listing([quoted(p) for p in phrases], most=10)
    if given:
        return f"The phrases followed below are the ones given in the parameters cell: {shown}."
    return f"The phrases followed below are the ones that recur most in these documents: {shown}."


def kwic_finding(corpus: Corpus, pattern: str) -> str:
    """How often a phrase is said, in how many documents, and by whom most.

    >>> from analysis import parse_text
    >>> kwic_finding(parse_text("MS. LEE:  We outlast.", doc_id="d"), "outlast")
    '“outlast” is said once, in 1 document, by Lee.'
    """
    from .lengths import _who as names
    from .phrases import dispersion

    m = dispersion(corpus, [pattern])
    if m.empty:
        return f"{quoted(pattern)} does not occur in these documents."
    t = corpus.turns.assign(speaker_name=names(corpus.turns)).set_index(["doc_id", "turn"])
    keys = pd.MultiIndex.from_arrays([m["doc_id"].astype("str"), m["turn"]])
    who = [
        _who(n, s, r)
        for n, s, r in zip(
            t["speaker_name"].reindex(keys),
            t["speaker"].reindex(keys),
            t["role"].reindex(keys),
            strict=True,
        )
    ]
    counts = pd.Series(who).value_counts(sort=True)
    times = "once" if len(m) == 1 else f"{len(m):,} times"
    text = f"{quoted(pattern)} is said {times}, in {plural(m['doc_id'].nunique(), 'document')}, "
    if len(counts) == 1:
        return text + f"by {counts.index[0]}."
    return text + f"most often by {counts.index[0]} ({counts.iloc[0]:,})."


def dispersion_finding(table: pd.DataFrame) -> str:
    """Where in their documents the phrases of a :func:`analysis.phrases.dispersion` table
    fall: per phrase, its uses, documents and median position.

    >>> import pandas as pd
    >>> dispersion_finding(pd.DataFrame(columns=["doc_id", "phrase", "position"]))
    'None of the phrases occurs, so there is nothing to place.'
    """
    if table.empty:
        return "None of the phrases occurs, so there is nothing to place."
    parts = []
    for phrase, sub in table.groupby("phrase", sort=False):
        med = float(sub["position"].median())
        where = "early" if med < 1 / 3 else "late" if med > 2 / 3 else "midway"
        parts.append(
            f"{quoted(phrase)}: {plural(len(sub), 'use')} in "
            f"{plural(sub['doc_id'].nunique(), 'document')}, at a median "
            f"{_pct(med)} of the way through ({where})"
        )
    return "; ".join(parts) + "."


def keyness_finding(
    table: pd.DataFrame, *, target: str = "questions", rest: str = "the rest"
) -> str:
    """The words most typical of each side of a :func:`analysis.phrases.keyness` table
    (signed G² over 3.84, p < 0.05).

    >>> import pandas as pd
    >>> keyness_finding(pd.DataFrame(columns=["ngram", "g2"]))[:27]
    'There is nothing to compare'
    """
    if table.empty:
        return (
            f"There is nothing to compare: these documents have no {target}, or nothing but "
            f"{target}, so no word can set {target} apart from {rest}."
        )
    pos = table[table["g2"] > 3.84].head(6)
    neg = table[table["g2"] < -3.84].sort_values("g2", kind="stable").head(6)
    if pos.empty and neg.empty:
        return (
            f"No word is significantly more frequent in {target} than in {rest}, or the "
            "reverse (no G² above 3.84): the counts are too small or the two sides talk alike."
        )
    parts = []
    if len(pos):
        parts.append(
            f"the words most typical of {target} are "
            f"{listing([quoted(w) for w in pos['ngram']], most=6)}"
        )
    else:
        parts.append(f"no word is significantly typical of {target}")
    if len(neg):
        parts.append(f"of {rest}, {listing([quoted(w) for w in neg['ngram']], most=6)}")
    else:
        parts.append(f"no word is significantly typical of {rest}")
    text = "; ".join(parts) + " (G² above 3.84)."
    return text[0].upper() + text[1:]


def passages_finding(passages: pd.DataFrame) -> str:
    """How many passages recur, within and across documents, and the most repeated one.

    >>> import pandas as pd
    >>> passages_finding(pd.DataFrame(columns=["passage", "documents", "locations", "text"]))
    'No passage of five or more words is said twice here.'
    """
    if passages.empty:
        return "No passage of five or more words is said twice here."
    per = passages.drop_duplicates("passage")
    across = int((per["documents"] > 1).sum())
    top = per.sort_values(["locations", "documents", "words"], ascending=False, kind="stable").iloc[
        0
    ]
    return (
        f"{plural(len(per), 'passage')} recur: {len(per) - across:,} within one document and "
        f"{across:,} across documents. The most repeated is {quoted(top['text'], 100)}, "
        f"{plural(int(top['locations']), 'place')} in {plural(int(top['documents']), 'document')}."
    )


# -- 04 topic mix ------------------------------------------------------------------------------


def _group_name(corpus: Corpus | None, by: str, value: object) -> str:
    if corpus is not None and by == "doc_id":
        return doc_name(corpus, str(value))
    return md(value) if str(value) else "(unlabelled)"


def topic_mix_finding(
    mix: pd.DataFrame, *, by: str = "doc_id", corpus: Corpus | None = None
) -> str:
    """The topics with the most hits, and in how many groups each leads.

    >>> import pandas as pd
    >>> topic_mix_finding(pd.DataFrame({"doc_id": ["d"], "topic": ["t"], "label": ["T"],
    ...     "hits": [0], "share": [0.0]}))
    'None of the lexicon’s topics is mentioned in these documents.'
    """
    if mix.empty or mix["hits"].sum() == 0:
        return "None of the lexicon’s topics is mentioned in these documents."
    total = (
        mix.groupby(["topic", "label"], sort=False)["hits"]
        .sum()
        .sort_values(ascending=False, kind="stable")
    )
    total = total[total > 0]
    top = [f"{md(label)} ({n:,})" for (_, label), n in total.head(3).items()]
    text = f"The topics with the most hits are {listing(top)}."
    groups = mix[by].nunique()
    if groups > 1:
        lead = mix[mix["hits"] > 0].sort_values(
            [by, "hits"], ascending=[True, False], kind="stable"
        )
        lead = lead.drop_duplicates(by)
        counts = lead["label"].value_counts()
        word = "document" if by == "doc_id" else str(by).replace("_", " ")
        text += (
            f" {md(counts.index[0])} leads in {counts.iloc[0]} of the {groups} {word}"
            f"{'s' if groups != 1 else ''}"
        )
        silent = groups - lead[by].nunique()
        text += f"; {silent} have no topic hits at all." if silent else "."
    return text


def topic_density_finding(
    mix: pd.DataFrame, *, by: str = "doc_id", corpus: Corpus | None = None
) -> str:
    """Which group is densest and sparsest in topic words (hits per 1,000 words).

    >>> import pandas as pd
    >>> topic_density_finding(pd.DataFrame({"doc_id": ["a", "b"], "hits": [5, 1],
    ...     "words": [100, 100]}))
    'The densest in topic words is a, 50.0 hits per 1,000 words; the sparsest is b, 10.0.'
    """
    g = mix.groupby(by, sort=False).agg(hits=("hits", "sum"), words=("words", "first"))
    g = g[g["words"] > 0]
    if g.empty or g["hits"].sum() == 0:
        return "No topic word is said here, so there is no density to compare."
    rate = (g["hits"] / g["words"] * 1000).sort_values(ascending=False, kind="stable")
    if len(rate) == 1:
        name = _group_name(corpus, by, rate.index[0])
        return f"{name} has {rate.iloc[0]:.1f} topic hits per 1,000 words."
    return (
        f"The densest in topic words is {_group_name(corpus, by, rate.index[0])}, "
        f"{rate.iloc[0]:.1f} hits per 1,000 words; the sparsest is "
        f"{_group_name(corpus, by, rate.index[-1])}, {rate.iloc[-1]:.1f}."
    )


def topic_speaker_finding(mix: pd.DataFrame, *, by: str = "speaker") -> str:
    """Who says the most topic words, mostly on what, and who says none.

    >>> import pandas as pd
    >>> topic_speaker_finding(pd.DataFrame({"speaker": ["A", "B"], "label": ["T", "T"],
    ...     "hits": [3, 0]}))
    'A says the most topic words (3, mostly T); 1 of 2 speakers says none at all.'
    """
    if mix.empty or mix["hits"].sum() == 0:
        return "No speaker says a topic word of the lexicon."
    per = mix.groupby(by, sort=False)["hits"].sum().sort_values(ascending=False, kind="stable")
    top = per.index[0]
    main = mix[mix[by] == top].sort_values("hits", ascending=False, kind="stable").iloc[0]
    silent = int((per == 0).sum())
    who = _who(top, "", "narration")
    text = (
        f"{who[0].upper() + who[1:]} says the most topic words ({int(per.iloc[0]):,}, "
        f"mostly {md(main['label'])})"
    )
    if silent:
        verb = "says" if silent == 1 else "say"
        return text + f"; {silent} of {plural(len(per), 'speaker')} {verb} none at all."
    return text + "; every speaker says some."


def topic_flow_finding(corpus: Corpus, doc_id: str, lexicon: object = None) -> str:
    """The leading topic of the first and of the last third of one conversation's words.

    >>> from analysis import parse_text
    >>> topic_flow_finding(parse_text("MS. LEE:  Hello.", doc_id="d"), "d", {"iran": ["iran"]})
    'd has no topic hits to follow.'
    """
    from .topics import load_lexicon, topic_hits

    lex = load_lexicon(lexicon)  # type: ignore[arg-type]
    hits = topic_hits(corpus, lex)
    hits = hits[hits["doc_id"] == doc_id]
    if hits.empty:
        return f"{doc_name(corpus, doc_id)} has no topic hits to follow."
    t = corpus.turns[corpus.turns["doc_id"] == doc_id]
    cum = t["n_words"].cumsum() - t["n_words"]
    pos = pd.Series((cum / max(int(t["n_words"].sum()), 1)).to_numpy(), index=t["turn"].to_numpy())
    hits = hits.assign(pos=hits["turn"].map(pos))
    labels = lex.drop_duplicates("topic").set_index("topic")["label"].astype("str")

    def lead(sub: pd.DataFrame) -> str:
        if sub.empty:
            return ""
        c = sub["topic"].value_counts()
        return md(labels.get(c.index[0], c.index[0]))

    first, last = lead(hits[hits["pos"] < 1 / 3]), lead(hits[hits["pos"] >= 2 / 3])
    n_topics = hits["topic"].nunique()
    text = f"{doc_name(corpus, doc_id)} touches {plural(n_topics, 'topic')}. "
    if first == last:
        return text + f"{first} leads both its first and its last third."
    if not first or not last:
        has, part, empty = (last, "last", "first") if last else (first, "first", "last")
        return text + f"Its {part} third is led by {has}; its {empty} third has no topic hits."
    return text + f"Its first third is led by {first}, its last third by {last}."


def n_topics_finding(choice: pd.DataFrame, k: int | None) -> str:
    """What the choice of ``k`` found, and which ``k`` the page fits.

    >>> import pandas as pd
    >>> n_topics_finding(pd.DataFrame(columns=["k", "best"]), None)[:30]
    'Too few turns have enough cont'
    """
    if choice.empty or k is None:
        return (
            "Too few turns have enough content words for unsupervised topics (NMF needs at "
            "least two topics' worth of turns and terms), so this section stops here."
        )
    best = int(choice.loc[choice["best"], "k"].iloc[0])
    tried = f"{int(choice['k'].min())} to {int(choice['k'].max())}"
    text = (
        f"Of the numbers of topics tried ({tried}), k = {best} scores best on coherence "
        "and stability together."
    )
    if k != best:
        return text + f" The page fits k = {k}, as the parameters cell asks."
    return text + f" The page fits k = {k}."


def nmf_finding(model: object, corpus: Corpus | None = None) -> str:
    """The topics NMF found: each one's top words and the document it fills most.

    >>> nmf_finding(None)[:10]
    'No topics '
    """
    if model is None:
        return "No topics were fitted (too little text to model)."
    topics = model.topics  # type: ignore[attr-defined]
    doc_mix = model.doc_mix  # type: ignore[attr-defined]
    parts = []
    for r in topics.itertuples():
        terms = ", ".join(str(r.top_terms).split(", ")[:4])
        sub = doc_mix[doc_mix["topic"] == r.topic].sort_values(
            "share", ascending=False, kind="stable"
        )
        where = ""
        if corpus is not None and len(sub) and doc_mix["doc_id"].nunique() > 1:
            where = f", most in {doc_name(corpus, str(sub.iloc[0]['doc_id']))}"
        parts.append(f"{md(r.topic)} ({md(terms)}; {_pct(r.share)} of the words{where})")
    return f"{plural(len(topics), 'topic')}: " + "; ".join(parts) + "."


# -- 05 quote provenance ----------------------------------------------------------------------


def provenance_finding(traced: pd.DataFrame) -> str:
    """How many quotes were found in the transcripts, by verdict, and how many were not.

    >>> import pandas as pd
    >>> provenance_finding(pd.DataFrame(columns=["verdict"]))[:30]
    'There are no quotes to trace: '
    """
    if traced.empty:
        return (
            "There are no quotes to trace: no news article in this folder quotes anyone, so "
            "the sections below are empty."
        )
    v = traced["verdict"].value_counts()
    found = int(len(traced) - v.get("no source", 0))
    if not found:
        return (
            f"None of the {plural(len(traced), 'quote')} is found in these transcripts: the "
            "transcripts they come from are not in this folder (or they were never spoken)."
        )
    names = {
        "verbatim": "verbatim",
        "punctuation": "with punctuation or case changed",
        "altered": "with words changed",
        "paraphrase": "paraphrased",
    }
    parts = [f"{v[k]} {names[k]}" for k in names if v.get(k, 0)]
    text = (
        f"Of {plural(len(traced), 'quote')}, {found} {'is' if found == 1 else 'are'} found "
        f"in the transcripts: {listing(parts)}"
    )
    missing = int(v.get("no source", 0))
    return text + (
        f"; {missing} {'has' if missing == 1 else 'have'} no source here." if missing else "."
    )


def quote_choice(row: pd.Series | None, *, given: bool) -> str:
    """Which quote the word-by-word section looks at, and why.

    >>> quote_choice(None, given=False)[:24]
    'No quote here has a sour'
    """
    if row is None:
        if given:
            return "No quote with a source starts with the text given in the parameters cell."
        return (
            "No quote here has a source that differs from it (or no quote was traced at "
            "all), so there is no word-by-word comparison to show."
        )
    why = (
        "the one given in the parameters cell"
        if given
        else "chosen as the quote closest to its source whose wording still changed"
    )
    speaker = md(row["source_speaker"]) or "an unlabelled speaker"
    return (
        f"The quote {quoted(row['quote_text'], 120)} ({why}) is **{md(row['verdict'])}**: "
        f"similarity {float(row['similarity']):.2f} to turn {int(float(row['source_turn']))} of "
        f"{md(row['source_doc_id'])}, said by {speaker}."
    )


def diff_finding(diff: pd.DataFrame | None) -> str:
    """A :func:`analysis.provenance.word_diff` in words: what the quote changed.

    >>> from analysis.provenance import word_diff
    >>> diff_finding(word_diff("he can’t outlast all", "he can outlast all"))
    '1 change: the transcript’s “can” is “can’t” in the quote.'
    """
    if diff is None:
        return "There is no quote to compare."
    ch = diff[diff["op"] != "equal"]
    if ch.empty:
        return "The quote and the passage are word for word the same."
    parts = []
    for r in ch.itertuples():
        if r.op == "insert":
            parts.append(f"the quote leaves out {quoted(r.source_words, 60)}")
        elif r.op == "delete":
            parts.append(f"the quote adds {quoted(r.quote_words, 60)}")
        else:
            parts.append(
                f"the transcript’s {quoted(r.source_words, 60)} is "
                f"{quoted(r.quote_words, 60)} in the quote"
            )
    only_punct = (ch["op"] == "punctuation").all()
    head = plural(len(ch), "change") + (" of punctuation or case only" if only_punct else "")
    return f"{head}: {listing(parts, most=4)}."
