"""Quotations in news articles, with the speaker the article attributes them to.

A quotation is a span between quotation marks (straight or curly, in any mix: news pages
often open with ``"`` and close with ``”``; or ‘single’, in an article that quotes that way,
as British outlets do) inside a narration paragraph. A span counts as
reported speech when it has at least :data:`MIN_WORDS` words and is not a title: show names
and scare quotes ("TODAY", "Andrea Mitchell Reports", "bomblets") are left out.

The speaker is found in the sentence around the quote (``Blinken said``, ``said Blinken``,
``President Joe Biden said in a statement ... that``), a pronoun (``he said``) is the most
recent person the article has had speaking, and a surname is completed to the fullest form
the article gives ("Blinken" -> "Antony Blinken").
"""

from __future__ import annotations

import re

from .speakers import _TITLE_WORDS

MIN_WORDS = 4

_OPEN = '"“'
_CLOSE = '"”'
_VERBS = (
    r"said|says|say|told|tells|added|adds|noted|notes|argued|argues|stressed|warned|"
    r"insisted|explained|asked|asks|replied|maintained|declared|wrote|continued|"
    r"acknowledged|emphasized|cautioned|predicted|suggested|agreed|vowed|promised"
)
_PERSON_T = (
    r"(?:(?:Secretary of State|Secretary|President|Prime Minister|Foreign Minister|"
    r"Minister|Sen\.|Senator|Rep\.|Gov\.|Governor|Ambassador|Gen\.|General|Mr\.|Ms\.|"
    r"Mrs\.|Dr\.|Turkish President|Russian President|Ukrainian President)\s+)?"
    r"(?P<NAME>[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+){0,3})"
)
_PERSON = _PERSON_T.replace("NAME", "name")
_PERSON2 = _PERSON_T.replace("NAME", "name2")
# an appositive between a name and its verb: "John Kirby, the National Security Council
# spokesman, told reporters"
_APPOS = r"(?:,\s+(?:the\s+|a\s+|an\s+)?[^,\"“”.;]{1,100},)?"
_AFTER_RE = re.compile(
    rf"^\s*,?\s*(?:(?P<pro>he|she|they)\s+(?:{_VERBS})|{_PERSON}{_APPOS}\s+(?:{_VERBS})"
    rf"|(?:{_VERBS})\s+{_PERSON2})\b"
)
_BEFORE_RE = re.compile(
    rf"(?:{_PERSON}{_APPOS}|(?P<pro>\b[Hh]e|\b[Ss]he))\s+(?:also\s+|later\s+|then\s+)?"
    rf"(?:{_VERBS})\b[^.\"“”]{{0,200}}$"
)
_SUBJECT_RE = re.compile(rf"{_PERSON}{_APPOS}\s+(?:also\s+)?(?:{_VERBS}|dismissed|maintained)\b")
_CAPRUN_RE = re.compile(r"[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+)){1,4}")
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_NOT_PEOPLE = frozenset(
    {
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "That",
        "This",
        "It",
        "They",
        "We",
        "He",
        "She",
        "But",
        "And",
        "Many",
        "There",
        "NATO",
        "Ukraine",
        "Russia",
        "Turkey",
        "Sweden",
        "Turkish",
        "Russian",
        "Ukrainian",
        "American",
        "U.S.",
        "Get",
    }
)


# British style: ‘single marks’, closed by a ’ that no letter follows (not "Ukraine’s")
_SINGLE_RE = re.compile(r"‘([^‘\n]{1,3000}?)’(?!\w)")


def single_quoted(text: str) -> bool:
    """Whether ``text`` quotes in single marks (‘…’, as British outlets do) more than in
    double ones."""
    return text.count("‘") > text.count("“") + text.count('"') // 2


def quote_spans(text: str, start: int, end: int, *, single: bool = False) -> list[tuple[int, int]]:
    """Offsets of the words inside each pair of quotation marks in ``text[start:end]``
    (with ``single``, of ‘single marks’).

    A quote left open at the end of the paragraph ends there (news style for a quotation
    that runs on into the next paragraph).
    """
    if single:
        return [m.span(1) for m in _SINGLE_RE.finditer(text, start, end)]
    spans = []
    i = start
    while i < end:
        c = text[i]
        if c in _OPEN and (c == "“" or i == start or not text[i - 1].isalnum()):
            j = i + 1
            while j < end and text[j] not in _CLOSE:
                j += 1
            if j >= end or text[j] == '"' or text[j] == "”":
                spans.append((i + 1, min(j, end)))
            i = j + 1
        else:
            i += 1
    return spans


def _is_title_like(q: str) -> bool:
    ws = [w for w in _WORD_RE.findall(q) if w.lower() not in {"of", "the", "and", "a", "on"}]
    return bool(ws) and sum(w[0].isupper() for w in ws) == len(ws)


def extract_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[dict]:
    """Reported speech in a news article.

    Args:
        text: the article.
        paragraphs: ``(start, end)`` of each narration paragraph (the article's turns).

    Returns:
        One dict per quote: ``turn``, ``start``, ``end``, ``text``, ``speaker``.

    >>> art = 'Ann Lee said it. "We will not give up on this," Lee said.'
    >>> [(q["text"], q["speaker"]) for q in extract_quotes(art, [(0, len(art))])]
    [('We will not give up on this,', 'Ann Lee')]
    """
    out: list[dict] = []
    full: dict[str, str] = {}  # surname -> fullest name seen
    last_speaker = ""
    single = single_quoted(text)
    for t, (ps, pe) in enumerate(paragraphs):
        para = text[ps:pe]
        for m in _CAPRUN_RE.finditer(para):
            ws = m.group(0).split()
            while ws and (ws[0] in _TITLE_WORDS or ws[0] in _NOT_PEOPLE):
                ws.pop(0)
            if len(ws) >= 2 and len(" ".join(ws)) > len(full.get(ws[-1], "")):
                full[ws[-1]] = " ".join(ws)
        for m in _SUBJECT_RE.finditer(para):
            name = m.group("name")
            if name.split()[0] not in _NOT_PEOPLE:
                last_speaker = _complete(name, full)
        first_q = len(out)
        for qs, qe in quote_spans(text, ps, pe, single=single):
            q = text[qs:qe]
            words = _WORD_RE.findall(q)
            if len(words) < MIN_WORDS or _is_title_like(q):
                continue
            speaker = _attribution(text, ps, pe, qs, qe, full, last_speaker)
            if speaker:
                last_speaker = speaker
            out.append(
                {
                    "turn": t,
                    "start": qs,
                    "end": qe,
                    "text": q,
                    "speaker": speaker,
                    "n_words": len(words),
                }
            )
        # news style: one speaker per paragraph, so its unattributed quotes are that speaker's
        named = {q["speaker"] for q in out[first_q:] if q["speaker"]}
        if len(named) == 1:
            for row in out[first_q:]:
                row["speaker"] = row["speaker"] or next(iter(named))
    return out


def _last_person(text: str, pos: int, full: dict[str, str]) -> str:
    """The person named last before ``pos`` (within a few sentences): whom "he" or "she"
    refers to when nobody has been quoted yet ("John Kirby spoke on Monday. He said ...")."""
    best = ""
    for m in _CAPRUN_RE.finditer(text, max(0, pos - 600), pos):
        ws = m.group(0).split()
        while ws and (ws[0] in _TITLE_WORDS or ws[0] in _NOT_PEOPLE):
            ws.pop(0)
        if len(ws) >= 2:
            best = " ".join(ws)
    return _complete(best, full) if best else ""


def _complete(name: str, full: dict[str, str]) -> str:
    sur = name.split()[-1]
    best = full.get(sur, name)
    return best if len(best) >= len(name) else name


def _attribution(
    text: str, ps: int, pe: int, qs: int, qe: int, full: dict[str, str], last: str
) -> str:
    # after the quote: ", Blinken said" / ", he said" / ", said Blinken"
    after = text[min(qe + 1, pe) : min(qe + 80, pe)]
    m = _AFTER_RE.match(after)
    if m:
        if m.group("pro"):
            return last or _last_person(text, qs, full)
        return _complete(m.group("name") or m.group("name2"), full)
    # before the quote, in the same sentence: "Blinken said ... that he was ready ..."
    sent_start = max(text.rfind(". ", ps, qs), text.rfind("? ", ps, qs), ps - 1) + 1
    before = text[sent_start : max(qs - 1, sent_start)]
    m = _BEFORE_RE.search(before)
    if m:
        if m.group("pro") or m.group("name") in ("He", "She"):
            return last or _last_person(text, qs, full)
        name = m.group("name")
        if name.split()[0] not in _NOT_PEOPLE:
            return _complete(name, full)
    return ""
