"""Who speaks: roles from labels and behaviour, names from cues, and question/answer pairs.

Roles come from the label (``Q``, ``QUESTION`` ask; ``MODERATOR``, ``OPERATOR`` run the
event) and from behaviour: a labelled speaker whose turns are all short and who is not the
main speaker is a moderator (``MR PRICE:  Andrea Mitchell.``). Officials' turns are answers
once a question has been asked, statements before.

Names come only from cues in the text, never from guesses:

- the moderator or the official gives the floor: ``Andrea Mitchell.``, ``Go ahead, Darlene.``,
  ``We’ll take a final question from Laurent Burkhalter.``;
- the moderator apologises to an interrupter: ``I’m sorry, Andrea.`` names the question
  just cut off;
- a journalist introduces herself: ``Laurent Burkhalter, Swiss Television RTS.``;
- a cut-off question taken up again (``And your —`` then ``And your – the question about
  Iran``) is the same person's;
- the answer addresses the questioner: ``Thanks very much, Andrea.``; in an interview with
  one questioner label, a name addressed that way is the interviewer's throughout;
- a named questioner keeps the floor for up to :data:`FLOOR_FOLLOW_UPS` follow-ups when no
  other cue intervenes.

Officials' names come from their label and the title or text (``SECRETARY BLINKEN`` and
"Secretary Antony J. Blinken at a Press Availability" give "Antony J. Blinken").
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field

QUESTION_LABELS = frozenset(
    {
        "Q",
        "QUESTION",
        "REPORTER",
        "JOURNALIST",
        "INTERVIEWER",
        "HOST",
        "ANCHOR",
        "AUDIENCE",
        "AUDIENCE MEMBER",
        "PARTICIPANT",
        "QUESTIONER",
        "PRESS",
        "CORRESPONDENT",  # as the UN prints a reporter at its briefings
        "Correspondent",
        # the same in French, Spanish and German transcripts
        *("JOURNALISTE", "Journaliste", "PERIODISTA", "Periodista", "PREGUNTA", "Pregunta"),
        *("FRAGE", "Frage", "QUESTION DE LA SALLE", "Question de la salle"),
        "Question",
        "Reporter",
        "Interviewer",
        "Host",
        "Journalist",
        "Audience Member",
        "Participant",
    }
)
#: The chair of a hearing or of a floor debate, as the Congressional Record prints it: a
#: moderator, whose own long questions to the witness ask (:data:`CHAIR_QUESTION_WORDS`).
_CHAIRS = frozenset(
    {"The Chairman", "The Chairwoman", "The Chair", "The CHAIR", "The CHAIRMAN"}
    | {"The PRESIDING OFFICER", "The SPEAKER pro tempore", "The ACTING PRESIDENT pro tempore"}
)
# a member of the committee or the house, whom the chair gives the floor to, not a witness
_MEMBER_RE = re.compile(
    r"(?i:sen\.|senator|rep\.|representative|congress(?:man|woman)|chair(?:man|woman)?|"
    r"ranking)\b"
)
#: Words from which a chair's turn that holds a question, before a witness's, asks it.
CHAIR_QUESTION_WORDS = 15
#: Labels that say only that the turn answers ("A." after "Q."): no one's name.
ANSWER_LABELS = frozenset({"", "A", "ANSWER", "Answer"})
MODERATOR_LABELS = frozenset(
    {"MODERATOR", "OPERATOR", "Moderator", "Operator", "STAFF", "Staff"} | _CHAIRS
)  # STAFF: the aide who runs a Pentagon briefing
#: Follow-up questions a named questioner keeps the floor for without a new cue.
FLOOR_FOLLOW_UPS = 3

_HONORIFICS = re.compile(
    r"^(?:THE\s+)?(?:MR|MRS|MS|MISS|DR|SECRETARY|PRESIDENT|VICE PRESIDENT|SENATOR|SEN|"
    r"GOVERNOR|GOV|AMBASSADOR|ADMIRAL|GENERAL|GEN|ADMINISTRATOR|DIRECTOR|CHAIR|CHAIRMAN|"
    r"MAYOR|PRIME MINISTER|MINISTER|FOREIGN MINISTER|CHANCELLOR|DEPUTY SECRETARY|"
    r"UNDER SECRETARY|ASSISTANT SECRETARY|SURGEON GENERAL|ADVISOR|SPOKESPERSON|CHIEF|"
    r"REPRESENTATIVE|REP|SPEAKER|LEADER|JUDGE|JUSTICE|COLONEL|CAPTAIN|KING|QUEEN|PRINCE|"
    r"FIRST LADY|SECOND GENTLEMAN|COMMISSIONER|ATTORNEY GENERAL|SEC|ADM|AMB|COL|LT|MAJ|CAPT|"
    r"SGT)\.?\s+",
)
_GENERIC = frozenset(
    {
        "THE PRESIDENT",
        "THE VICE PRESIDENT",
        "THE FIRST LADY",
        "MODERATOR",
        "OPERATOR",
        "PARTICIPANT",
        "SENIOR ADMINISTRATION OFFICIAL",
        "AIDE",
        "STAFF",
        "AUDIENCE",
        "AUDIENCE MEMBER",
        "WHITE HOUSE AIDE",
        "OFFICIAL",
        "SENIOR STATE DEPARTMENT OFFICIAL",
        "INTERPRETER",
        "TRANSLATOR",
        "SPOKESMAN",
        "SPOKESPERSON",
        "SPOKESWOMAN",
        "UNIDENTIFIED MALE",
        "UNIDENTIFIED FEMALE",
        "UNIDENTIFIED SPEAKER",
        "UNKNOWN SPEAKER",
        "MALE SPEAKER",
        "FEMALE SPEAKER",
        "ANNOUNCER",
        "NARRATOR",
        "PRESENTER",
    }
)
_NOT_NAMES = frozenset(
    """Thank Thanks Yes Yeah Okay OK Go Sure Well So And But Now Next Please Sorry Right All
    Everyone Everybody Folks Guys Sir Madam Ma'am Mr Ms Mrs Dr Secretary President Minister
    Good Great Hi Hello Hey Look Listen Oh One First Second Third Last Final Again Yep No
    Question Questions Go-ahead Let Then Back Over You I We They He She It This That The
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Let's Let’s Absolutely Certainly
    Gentlemen Ladies Team America Americans Congress God Ukraine Russia China Iran NATO""".split()
)
_NAME = r"[A-Z][a-z’'\-]+(?:[ \u00a0](?:[A-Z]\.|[A-Z][a-z’'\-]+|Mc[A-Z][a-z]+|de|van|von)){0,3}"
_NAME_RE = re.compile(_NAME)
_ONLY_NAME_RE = re.compile(rf"(?:(?:Yes|Okay|OK|And|Next|Then|Now),?\s+)?(?P<n>{_NAME})\s*[.?!]?")
_FLOOR_RES = [
    re.compile(rf"\b(?:question|questions)\s+(?:from|to)\s+(?P<n>{_NAME})"),
    re.compile(
        rf"\b(?:Go ahead|Yes|Yeah|Sure|Okay|OK|Please|Next|Hi|Hey|Hello|Let’s go to|"
        rf"Let's go to|We’ll go to|We'll go to|Go to),?\s+(?P<n>{_NAME})\s*[.?!]*\s*$"
    ),
    re.compile(
        rf"(?:^|[.,;!?]\s+)(?P<n>{_NAME}),\s+(?:go ahead|why don[’']t you|you[’']re up|"
        rf"please|over to you|you[’']ve got the next|you have the (?:next|last|final)|"
        rf"(?:in|on) the (?:back|middle|front|aisle|side)|right here|over here|last one)"
    ),
    # an operator: "Mr. Schifrin, your line is open." / "from the line of Jane Doe"
    re.compile(
        rf"\b(?:Mr\.|Ms\.|Mrs\.|Dr\.)\s+(?P<n>{_NAME}),\s+(?:your line is open|"
        rf"please go ahead|go ahead|if you would press)"
    ),
    re.compile(rf"\bfrom the line of\s+(?P<n>{_NAME})"),
    # "why don't we start with Nancy Cook at Bloomberg." "Let's go to Cheryl Stolberg of the
    # New York Times."
    re.compile(
        rf"\b(?:start|begin|go|turn|move|come|head)\s+(?:with|to|over to)\s+(?P<n>{_NAME})"
        rf"(?:,?\s+(?:at|of|from|with)\s+(?:the\s+)?[A-Z][^.?!]{{0,60}})?\s*[.?!]*\s*$"
    ),
    # a Pentagon or State Department moderator names the reporter and her outlet: "First
    # question, Lita Baldor, AP." "Next, Idrees Ali of Reuters." "Next question to Jane Doe."
    re.compile(
        rf"\b(?:(?:First|Next|Last|Final|Our next|Our first|The next) question|Next|Then)"
        rf"(?:\s+(?:goes\s+)?to)?,?\s+(?P<n>{_NAME})"
        rf"(?:(?:,\s+|\s+(?:of|from|at|with)\s+)(?:the\s+)?[A-Z][\w.&’'\-]*"
        rf"(?:\s+[A-Z][\w.&’'\-]*){{0,4}})?\s*[.?!]*\s*$"
    ),
]
# words one of which must occur for the matching pattern above to match
_FLOOR_CUES = [
    ("question",),
    (
        "Go ahead",
        "Yes",
        "Yeah",
        "Sure",
        "Okay",
        "OK",
        "Please",
        "Next",
        "Hi",
        "Hey",
        "Hello",
        "go to",
        "Go to",
    ),
    (
        "go ahead",
        "why don",
        "you’re up",
        "you're up",
        "please",
        "over to you",
        "the next",
        "you have the",
        "the back",
        "the middle",
        "the front",
        "the aisle",
        "the side",
        "here",
        "last one",
    ),
    ("line is open", "go ahead", "press"),
    ("line of",),
    ("start with", "begin with", "go to", "turn to", "over to", "move to", "come to", "head to"),
    ("question", "Next", "Then"),
]
# the same test as one search per pattern: the engine skips to the cues' first letters
_FLOOR_CUE_RES = [re.compile("|".join(map(re.escape, cues))) for cues in _FLOOR_CUES]
_APOLOGY_RE = re.compile(rf"\b(?:I[’']m sorry|Sorry|My apologies),\s+(?P<n>{_NAME})[.,!]")


def _apology(text: str) -> re.Match[str] | None:
    """An apology to someone named ("Sorry, Kelly."): the regex runs only where a cheap
    substring test says one may be (most answers have none)."""
    return _APOLOGY_RE.search(text) if "orry" in text or "pologies" in text else None


_VOCATIVE_RES = [
    re.compile(
        r"(?:^|[.!?]\s+)(?:Well|Thanks|Thank you|Thanks very much|Thank you very much|"
        r"Thanks so much|Thank you so much|Yes|Yeah|Look|So|Okay|Sure|Oh|Right|Great|"
        r"Hi|Hello|Hey),?"
        r"\s+(?P<n>[A-Z][a-z’'\-]+)\s*[,.!?]"
    ),
    re.compile(r"^\s*(?P<n>[A-Z][a-z’'\-]+),\s+(?=[a-zA-Z])"),
    # "It’s a good question, Jacqui." -- a name closing one of the first two sentences
    re.compile(r",\s+(?P<n>[A-Z][a-z’'\-]+)[.!?]"),
]
_SELF_INTRO_RE = re.compile(
    r"^(?:(?:Hi|Hello),?\s+)?(?:(?:I[’']m|I am|This is|My name is)\s+)?"
    r"(?P<n>[A-Z][a-z’'\-]+(?:\s+[A-Z][a-z’'\-]+){1,2})"
    r"(?:,\s*|\s+(?:with|from|of)\s+)(?P<o>[A-Z][\w&.’'\-]*(?:\s+(?:of\s+|the\s+)?[A-Z0-9][\w&.’'\-]*){0,5})"
    r"\s*[.,]?$"
)
_GRATITUDE_RE = re.compile(
    r"\b(?:thank(?:s| you)|appreciate|good (?:morning|afternoon|evening) to you|joining us|"
    r"welcome|happy new year|congratulations|good to (?:see|have|be with) you|nice to see)\b",
    re.IGNORECASE,
)
_GREETING_RE = re.compile(
    r"\s*(?:Hi|Hello|Hey|Good (?:morning|afternoon|evening)|Thanks|Thank you)\b", re.IGNORECASE
)
# a question turn that is only a stage direction or an inaudible fragment names nobody
_NOBODY_RE = re.compile(r"\W*(?:\((?:[^()]{0,80})\)|\[[^\[\]]{0,80}\])\W*")
# a turn that passes the floor without naming anyone: "... Go ahead." "Yes, ma'am." "Next."
_PASS_RE = re.compile(
    r"(?:^|[.!?—–]\s*)(?:(?:Yeah|Yes|Okay|OK|All right|Alright|Sure|Please|And),?\s+)?"
    r"(?:go ahead|next(?: question)?|yes, (?:ma[’']am|sir)|in the back|who else|"
    r"(?:one|two|a few) more|last (?:one|question))\W*$",
    re.IGNORECASE,
)
_CUT_RE = re.compile(r"(?:—|–|--|-|…|\.\.\.)\s*[\"”’]?\s*$")
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class TurnInfo:
    """Per-turn results of :func:`attribute`."""

    speaker_name: list[str] = field(default_factory=list)
    role: list[str] = field(default_factory=list)
    asks: list[bool] = field(default_factory=list)
    reply_to: list[int] = field(default_factory=list)  # -1 for none
    qa: list[dict] = field(default_factory=list)


#: Words that open a sentence with a comma the way a name does ("Wait, ...", "Admiral, ...",
#: "Oh, London.") but never name a reporter: interjections, titles and forms of address,
#: numbers and calendar words. Places and topics are caught by other rules (an echo of the
#: question, a name never confirmed by a strong cue).
_NEVER_NAMES = frozenset(
    """Wait Hold Correct Incorrect Understood Agreed Exactly Indeed True False Fair Fine Cool
    Wow Whoa Gosh Goodness Jeez Geez Boy Man Dude Ah Ahh Aha Oh Ooh Uh Um Hmm Mm Mm-hmm Uh-huh
    Uh-uh Huh Nope Nah Yep Yup Alright Anyway Anyways Also Actually Again Listen Look Absolutely
    Certainly Totally Perfect Interesting Amazing Incredible Shocking Terrible Awesome Cheers
    Bye Goodbye Congrats Congratulations Apologies Pardon Excuse Welcome Bravo Amen Hallelujah
    Admiral General Colonel Major Captain Commander Lieutenant Sergeant Officer Chief Director
    Administrator Secretary Senator Governor Mayor Ambassador Minister President Chairman Chair
    Madam Madame Ma'am Ma’am Sir Sirs Mister Miss Doctor Professor Judge Justice Speaker Leader
    Congressman Congresswoman Representative Councilman Councilwoman Rabbi Father Reverend
    Pastor Bishop Sister Brother Coach Team Folks Friends Everyone Everybody Guys Y'all Y’all
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Thirty Forty Fifty
    Hundred Thousand Million Billion Half Once Twice January February March April May June July
    August September October November December Today Tomorrow Yesterday Tonight""".split()
) - {"April", "May", "June"}  # also given names; other rules guard them
#: News outlets a moderator gives the floor to ("We'll go to Reuters.", "Next, Deutsche
#: Welle."): the questioner is unnamed, not called after the outlet.
_OUTLETS = frozenset(
    """Reuters Bloomberg AP AFP CNN NBC CBS ABC Fox NPR PBS BBC ITV Sky Politico Axios
    Newsmax Univision Telemundo Kyodo Xinhua TASS Yonhap Interfax Anadolu EFE ANSA DPA RIA
    Deutsche Le La El Der Die Asahi Nikkei Yomiuri Euronews Agence Associated Financial
    Wall New Washington Los Chicago Guardian Times Telegraph Economist Ukrinform""".split()
) | {"Al Jazeera", "Al Arabiya"}  # "Al" alone is a given name
# adverbs ending in -ly that are also given names
_LY_NAMES = frozenset(
    "Kelly Emily Molly Holly Ally Sally Shelly Beverly Kimberly Lilly Lily".split()
)


def _is_name(n: str, common: Container[str] = frozenset()) -> bool:
    """Whether ``n`` can be a person's name: no word of it is a common word.

    ``common`` holds the words the document prints in lower case: "Happy New Year" is not a
    name because "happy", "new" and "year" appear in lower case elsewhere; "Darlene" never does.
    Interjections, titles, numbers and adverbs in -ly are never names.

    >>> [_is_name(w) for w in ("Darlene", "Wait", "Admiral", "Honestly", "Kelly", "Mm-hmm")]
    [True, False, False, False, True, False]
    """
    words = n.split()
    w0 = words[0]
    if w0 in _NOT_NAMES or n in _NOT_NAMES or w0 in _NEVER_NAMES:
        return False
    if w0 in _OUTLETS or " ".join(words[:2]) in _OUTLETS:
        return False
    if len(words) == 1 and w0.endswith("ly") and w0 not in _LY_NAMES:
        return False
    if any(re.search(r"-[a-z]", w) for w in words):
        return False  # "Second-row Nancy", "Mm-hmm": a hyphenated name capitalises both parts
    return not any(w.lower() in common for w in words if not w.endswith("."))


def _clean(n: str) -> str:
    return " ".join(n.replace("\u00a0", " ").split())


def official_name(label: str, title: str, text: str) -> str:
    """A labelled official's name: the label's surname, completed from the title or text.

    >>> official_name("SECRETARY BLINKEN", "Secretary Antony J. Blinken in Geneva", "")
    'Antony J. Blinken'
    >>> official_name("MS. PSAKI", "", "")
    'Psaki'
    >>> official_name("THE PRESIDENT", "Remarks by President Biden at the Memorial", "")
    'Biden'
    """
    if label in QUESTION_LABELS or label in MODERATOR_LABELS or label in ANSWER_LABELS:
        return ""
    if "," in label:  # "COORDINATOR FOR STRATEGIC COMMUNICATIONS, NSC, JOHN KIRBY"
        # where one part alone reads as a person's name and the others as offices, that
        # part: "BRET BAIER, FOX NEWS ANCHOR", "ANTONY BLINKEN, SECRETARY OF STATE"
        people = [p for p in map(str.strip, label.split(",")) if _person_like(p)]
        head, _, tail = label.rpartition(",")
        # ... else "STEVE INSKEEP, HOST": the name first, the programme's role after it
        label = head.split(",")[0].strip() if tail.strip() in _ROLE_SUFFIXES else tail.strip()
        if len(people) == 1:
            label = people[0]
    up = label.upper()
    if up in ("THE PRESIDENT", "THE VICE PRESIDENT"):
        role = "Vice President" if "VICE" in up else "President"
        pat = (r"(?<!Vice )" if role == "President" else "") + role
        m = re.search(
            pat + r"\s+((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)\b", title.replace("\u00a0", " ")
        )
        return " ".join(_leading_name(m.group(1).split(), text)) if m else ""
    if up in _GENERIC or up.startswith(
        ("SENIOR ", "ADMINISTRATION OFFICIAL", "PARTICIPANT", "THE ")
    ):  # "THE CHAIRMAN", "THE SECRETARY": an office, not a name
        return ""
    rest = _HONORIFICS.sub("", up).strip()
    # "MR. WILSON OF SOUTH CAROLINA": the House tells members apart by their state
    if rest != up:
        rest = re.sub(r"^([^\s,]+) OF [A-Z .]+$", r"\1", rest)
    words = rest.split()
    if not words or not all(
        w.replace("-", "").replace("’", "").replace("'", "").replace(".", "").isalpha()
        for w in words
    ):
        return ""
    if all(_titlecase(w.rstrip(".")) in _TITLE_WORDS for w in words):
        return ""  # "PRIME MINISTER", "DEPUTY SECRETARY": an office alone
    if len(words) > 1:  # a full name as the label: "ANTONY BLINKEN"
        return " ".join(_titlecase(w) for w in words)
    sur = words[0]
    named = re.compile(
        # the words may wrap onto the next line, never across a blank one (a paragraph's
        # end: "... France Inter" then "Journaliste :")
        r"\b((?:[A-Z][a-z]+|[A-Z]\.)(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:[A-Z][a-z]+|[A-Z]\.)){0,2})"
        r"(?:[ \t]+|[ \t]*\n[ \t]*)"
        rf"((?i:{re.escape(sur)}))\b"
    )
    for src in (title, text[:20_000]):
        for m in named.finditer(src.replace("\u00a0", " ")):
            keep = _given_names(m.group(1).split())
            if keep and m.group(2)[0].isupper() and not m.group(2).isupper():
                return " ".join([*keep, m.group(2)])
    return _titlecase(sur)


def _leading_name(words: list[str], text: str) -> list[str]:
    """The words of a name that open ``words`` (capitalised words after "President" in a
    title): up to the first title word, preposition, -ing word or word ``text`` prints in
    lower case. "Biden Before Marine" (One Departure) is Biden; "Joe Biden" stays whole.

    >>> _leading_name(["Harris", "To", "Members"], "members of the press")
    ['Harris']
    >>> _leading_name(["Biden", "Celebrating", "Labor"], "")
    ['Biden']
    >>> _leading_name(["Joe", "Biden"], "Thank you, Joe Biden.")
    ['Joe', 'Biden']
    """
    out = words[:1]
    for w in words[1:]:
        if (
            w in _TITLE_WORDS
            or w in _NOT_AFTER_NAME
            or w.endswith("ing")
            or re.search(rf"\b{re.escape(w.lower())}\b", text)
        ):
            break
        out.append(w)
    return out


#: Capitalised words that follow a name in a title ("Remarks by President Biden Before ...").
_NOT_AFTER_NAME = frozenset("Before After During Aboard Upon Ahead Following Via".split())


def _given_names(words: list[str]) -> list[str]:
    """The given name (and a middle initial) just before a surname: "Antony J." from
    "Secretary Antony J.", "John" from "Strategic Communications John"."""
    if not words or words[-1] in _TITLE_WORDS:
        return []
    if re.fullmatch(r"[A-Z]\.", words[-1]) and len(words) > 1 and words[-2] not in _TITLE_WORDS:
        return words[-2:]
    return words[-1:]


def _titlecase(word: str) -> str:
    out = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
    return re.sub(r"^Mc([a-z])", lambda m: "Mc" + m.group(1).upper(), out)


_TITLE_WORDS = frozenset(
    """Secretary Mr Ms Mrs Dr President Vice Minister Foreign Prime Press Ambassador Senator
    Governor Director Deputy Assistant Under State Defense General Admiral Chairman Chair
    Spokesperson Spokesman Principal Advisor Adviser Security National Mayor Chief Leader
    Attorney Surgeon Administrator Commissioner The Of Representative Speaker Counselor
    Coordinator Envoy Special Special-Envoy Chancellor King Queen Prince Doctor Sen Rep Gov
    Member Ranking Senators Committee
    By With And At On In For To From""".split()
)


# a person's name in a label's brackets: two to four capitalised words, no title among them
_BRACKETED_NAME_RE = re.compile(
    r"(?!(?:" + "|".join(sorted(_TITLE_WORDS)) + r")\b)[A-Z][a-z’'\-]+"
    r"(?: (?!(?:" + "|".join(sorted(_TITLE_WORDS)) + r")\b)(?:[A-Z]\.|[A-Z][a-z’'\-]+)){1,3}"
)


#: Roles a broadcast transcript prints after a name ("STEVE INSKEEP, HOST:").
_ROLE_SUFFIXES = frozenset(
    "HOST CO-HOST ANCHOR BYLINE REPORTER CORRESPONDENT INTERVIEWER MODERATOR GUEST".split()
)


#: Words of an office or a programme in a label, never of a person's name.
_OFFICE_WORDS = frozenset(
    {w.upper() for w in _TITLE_WORDS}
    | _ROLE_SUFFIXES
    | set(
        """NEWS CHIEF SENIOR INTERNATIONAL NATIONAL POLITICAL WHITE HOUSE UNITED STATES
        OF THE FOR AND CNN FOX NBC ABC CBS NPR MSNBC PBS BBC NSC DOD UN EU US U.S. STAFF
        CONTRIBUTOR ANALYST EDITOR COMMENTATOR PANELIST""".split()
    )
)


#: A label that names an office and no one: "Prime Minister", "THE CHAIRMAN".
_OFFICE_ONLY_RE = re.compile(
    r"(?i:(?:the\s+)?(?:" + "|".join(sorted(_TITLE_WORDS - {"The"})) + r")\.?)"
    r"(?:\s+(?i:" + "|".join(sorted(_TITLE_WORDS - {"The"})) + r")\.?)*"
)


def _person_like(part: str) -> bool:
    """Whether a part of a label reads as a person's name: two to four words of letters,
    none of them an office's ("BRET BAIER", not "FOX NEWS ANCHOR" or "NSC")."""
    words = part.upper().split()
    return 2 <= len(words) <= 4 and all(
        w.replace("-", "").replace("’", "").replace("'", "").replace(".", "").isalpha()
        and w not in _OFFICE_WORDS
        for w in words
    )


def _asks_by_role(label: str) -> bool:
    """Whether the role after a label's last comma is a questioner's ("STEVE INSKEEP, HOST",
    "JANE DOE, INTERVIEWER"; not "..., BYLINE", a reporter telling a story)."""
    _, sep, role = label.rpartition(",")
    # "FOX NEWS ANCHOR" asks as "ANCHOR" does; a correspondent tells a story, as a BYLINE does
    last = role.split()[-1] if role.split() else ""
    return bool(sep) and last in QUESTION_LABELS and last != "CORRESPONDENT"


def _interviewers(labels: list[str], texts: list[str], n_words: list[int]) -> set[str]:
    """Labels that ask, by behaviour, where no label says so ("MARGARET BRENNAN:" asking
    "KIRBY:", or reporters named one by one, as transcription services print a briefing):
    at least two turns, half of them or more asking something, or one short turn (150 words
    or fewer) that asks; and fewer words in all than the speakers whose turns mostly do not
    ask. Only where no label is a question label.

    >>> labs = ["JANE DOE", "MR. ROE", "JANE DOE", "MR. ROE"]
    >>> texts = ["Why?", "Because it is late.", "When?", "Soon, I would say."]
    >>> sorted(_interviewers(labs, texts, [1, 4, 1, 4]))
    ['JANE DOE']
    """
    if any(lab in QUESTION_LABELS for lab in labels):
        return set()
    asks: dict[str, list[bool]] = {}
    words: dict[str, int] = {}
    for lab, t, k in zip(labels, texts, n_words, strict=True):
        if lab and lab not in MODERATOR_LABELS:
            asks.setdefault(lab, []).append("?" in t)
            words[lab] = words.get(lab, 0) + k
    rate = {lab: sum(a) / len(a) for lab, a in asks.items()}
    answering = sum(words[lab] for lab, r in rate.items() if r < 0.3)
    return {
        lab
        for lab, a in asks.items()
        if ((len(a) >= 2 and rate[lab] >= 0.5) or (len(a) == 1 and a[0] and words[lab] <= 150))
        and words[lab] < answering
    }


def _designation(text: str, common: Container[str] = frozenset()) -> tuple[str, bool]:
    """Name of the next questioner a moderator or official gives the floor to, or ''.

    Returns ``(name, strong)``: a name said with a floor-giving phrase ("Go ahead, Darlene.",
    "question from Laurent Burkhalter") is strong; a name alone ("Nancy.") is weak, since a
    turn that is one capitalised word may as well be an echo ("London.") or an answer ("Ten.");
    a full name alone ("Michael Crowley.") is strong.
    """
    t = text.strip()
    if len(t) <= 40:
        m = _ONLY_NAME_RE.fullmatch(t)
        if m and _is_name(m.group("n"), common):
            return _clean(m.group("n")), " " in _clean(m.group("n"))  # a full name is strong
    tail = t[-200:]
    for rx, cues in zip(_FLOOR_RES, _FLOOR_CUE_RES, strict=True):
        if cues.search(tail) is None:
            continue  # a cheap test before the regular expression
        for m in rx.finditer(tail):
            if _is_name(m.group("n"), common):
                return _clean(m.group("n")), True
    return "", False


_STRONG_VOCATIVE_RE = re.compile(r"(?:^|[.!?]\s+)(?:Thanks|Thank you|Hi|Hello|Hey)\b", re.I)


def _vocative(text: str, common: Container[str] = frozenset()) -> tuple[str, bool]:
    """A name the answer addresses in its first sentences, and whether the cue is strong
    ("Thanks, Andrea." is; "Oh, London." and "Wait, ..." are not)."""
    head = text[:400]
    for k, rx in enumerate(_VOCATIVE_RES):
        m = rx.search(head if k < 2 else head[:250])
        if k == 2 and m and len(re.findall(r"[.!?](?:\s|$)", head[: m.start()])) > 1:
            continue  # only in the first two sentences
        if m and _is_name(m.group("n"), common):
            strong = k == 0 and bool(_STRONG_VOCATIVE_RE.match(head, m.start()))
            return m.group("n"), strong
    return "", False


_ADDRESS_RE = re.compile(r"(?:,|^|[.!?]\s+)\s*(?P<n>[A-Z][a-z’'\-]+(?: [A-Z]\.)?)(?=[,.!?])")


def _addressed(text: str, common: Container[str] = frozenset(), *, given: str = "") -> set[str]:
    """Names an answer speaks to anywhere in it ("..., as you know, Kelly O.", "Well, I think,
    Kaitlan, ..."), except ``given``, the floor it gives at its end ("Go ahead, Ed.")."""
    d = given
    out = set()
    for m in _ADDRESS_RE.finditer(text[:3000]):
        n = m.group("n").split()[0]
        if m.group(0).lstrip()[:1] != "," and text[m.end() : m.end() + 1] != ",":
            continue  # a vocative sits between commas, or after one
        if n != d and _is_name(n, common):
            out.add(n)
    return out


def _self_intro(text: str, common: Container[str] = frozenset()) -> str:
    # the first few sentences of a question: "Laurent Burkhalter, Swiss Television RTS."
    for sent in re.split(r"(?<=[.!?])\s+", text[:600])[:4]:
        m = _SELF_INTRO_RE.match(sent.strip())
        if m and _is_name(m.group("n"), common):
            return _clean(m.group("n"))
    return ""


def _echo(name: str, text: str) -> bool:
    """Whether ``name`` repeats a word of ``text`` (the question just asked): "On London."
    answered by "Oh, London." names a place, not the questioner."""
    return (
        bool(name)
        and bool(text)
        and re.search(rf"\b{re.escape(name.split()[0])}\b", text) is not None
    )


# how a follow-up by the same reporter opens
_CONTINUES_RE = re.compile(
    r"\W*(?:and|but|so|okay|ok|just|also|one more|a follow|follow|then|yeah|yes|right|"
    r"gotcha|got it|sure|because|or|how about|what about|to follow|last one|one last|"
    r"a quick|real quick|second|secondly|third|finally|[—–…])\b",
    re.IGNORECASE,
)
# a turn carrying on the question before ("And then on you —", "— to even be there?")
_RESUMES_RE = re.compile(r"\s*(?:[—–…]|-\s|(?:And|But)\b)")


def _repeats(text: str, earlier: list[str]) -> bool:
    """Whether a question repeats word for word one just asked: the same reporter trying
    again ("Two questions." ... "Go ahead, Caitlin." ... "Two questions."), not the one
    given the floor."""
    flat = " ".join(text.split()).lower()
    return bool(flat) and any(" ".join(e.split()).lower() == flat for e in earlier)


def _new_questioner(text: str) -> bool:
    """A question that opens the way a new questioner does: a greeting or thanks
    ("Hi, Kurt.", "Great, Karine. How are you?", "Thank you for doing this.")."""
    return bool(_GREETING_RE.match(text) or _OPENING_RE.search(text[:120]))


_OPENING_RE = re.compile(
    r"\bhow are you\b|\b(?:thanks|thank you) (?:so much |very much )?for (?:doing|taking)\b",
    re.IGNORECASE,
)


def _cut(text: str) -> bool:
    """Whether a turn is cut off: it ends with a dash or an ellipsis."""
    return bool(_CUT_RE.search(text[-8:]))


def _asks(text: str, n_words: int) -> bool:
    """Whether a question turn asks something (not only a greeting, thanks or introduction)."""
    if "?" in text or _cut(text):
        return True
    if n_words < 3:
        return False
    return not _GRATITUDE_RE.search(text)


def _first_words(text: str, n: int = 2) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(text[:80])[:n]]


def attribute(
    labels: list[str],
    texts: list[str],
    n_words: list[int],
    *,
    title: str = "",
    doc_text: str = "",
    narration: bool = False,
    default_speaker: str = "",
    common: Container[str] = frozenset(),
    bracketed: list[str] | None = None,
) -> TurnInfo:
    """Roles, names, ``asks``, ``reply_to`` and the question/answer pairs of one document.

    Args:
        labels: each turn's label as printed ('' for unlabelled text).
        texts: each turn's text.
        n_words: each turn's spoken words.
        title: the document's title (names officials).
        doc_text: the document's text (names officials).
        narration: the turns are a news article's paragraphs.
        default_speaker: name for unlabelled remarks (from the title).
        common: words the document prints in lower case (never part of a name).
        bracketed: what each turn's label holds in brackets ('' if nothing): a person's
            name there names the official ("The Prime Minister (Keir Starmer):").
    """
    n = len(labels)
    info = TurnInfo()
    if narration:
        info.speaker_name = [""] * n
        info.role = ["narration"] * n
        info.asks = [False] * n
        info.reply_to = [-1] * n
        return info
    # -- roles ---------------------------------------------------------------------------
    words_by: dict[str, int] = {}
    turns_by: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        words_by[lab] = words_by.get(lab, 0) + n_words[i]
        turns_by.setdefault(lab, []).append(i)
    officials = [
        lab for lab in words_by if lab not in QUESTION_LABELS and lab not in MODERATOR_LABELS
    ]
    top = max(officials, key=lambda lab: words_by[lab]) if officials else ""
    asking = QUESTION_LABELS | {lab for lab in labels if _asks_by_role(lab)}
    asking |= _interviewers(labels, texts, n_words)
    officials = [lab for lab in officials if lab not in asking]
    top = max(officials, key=lambda lab: words_by[lab]) if officials else ""
    has_q = any(lab in asking for lab in labels)
    moderators = set(MODERATOR_LABELS)
    if has_q:
        for lab in officials:
            idx = turns_by[lab]
            if lab != top and len(idx) >= 2 and lab:
                lens = sorted(n_words[i] for i in idx)
                if lens[len(lens) // 2] <= 12 and max(lens) <= 40:
                    moderators.add(lab)
    roles: list[str] = []
    asked = False
    for i, lab in enumerate(labels):
        after = labels[i + 1] if i + 1 < n else ""
        if lab in asking:
            roles.append("question")
            asked = True
        elif (
            lab in _CHAIRS
            and n_words[i] >= CHAIR_QUESTION_WORDS
            and "?" in texts[i]
            and after
            and after not in asking
            and after not in moderators
            and not _MEMBER_RE.match(after)  # "Senator Menendez, would you ...?" gives the floor
        ):
            roles.append("question")  # the chair's own question to the witness
            asked = True
        elif lab in moderators:
            roles.append("moderator")
        else:
            roles.append("answer" if asked else "statement")
    info.role = roles
    # an audience member's shout asks something only when it is a question
    info.asks = [
        r == "question" and (_asks(t, k) if not lab.upper().startswith("AUDIENCE") else "?" in t)
        for r, t, k, lab in zip(roles, texts, n_words, labels, strict=True)
    ]

    # -- official names ------------------------------------------------------------------
    cache: dict[str, str] = {}
    names = []
    for lab, r in zip(labels, roles, strict=True):
        if r == "question":
            names.append("")
            continue
        if lab not in cache:
            cache[lab] = official_name(lab, title, doc_text) if lab else default_speaker
        inside = bracketed[len(names)] if bracketed else ""
        names.append(inside if _BRACKETED_NAME_RE.fullmatch(inside) else cache[lab])
    # a label that is a surname alone completed from another label's full name ("INSKEEP"
    # after "STEVE INSKEEP, HOST"), where only one full name ends with it
    fulls: dict[str, set[str]] = {}
    for lab in dict.fromkeys(labels):
        nm = cache[lab] if lab in cache else official_name(lab, title, doc_text)
        if " " in nm:
            fulls.setdefault(nm.split()[-1], set()).add(nm)

    def complete(label: str, nm: str) -> str:
        bare = label.isalpha() and label.isupper()  # "INSKEEP", not "THE PRESIDENT"
        return next(iter(fulls[nm])) if bare and len(fulls.get(nm, ())) == 1 else nm

    names = [complete(lab, nm) for lab, nm in zip(labels, names, strict=True)]
    # an office alone completed from the one label that gives it with a name ("Prime
    # Minister:" after "Prime Minister Rishi Sunak:")
    for k, (lab, nm) in enumerate(zip(labels, names, strict=True)):
        if nm or not lab or roles[k] == "question":
            continue
        held = {cache[o] for o in cache if cache[o] and o.upper().startswith(lab.upper() + " ")}
        if len(held) == 1 and _OFFICE_ONLY_RE.fullmatch(lab):
            names[k] = next(iter(held))

    # -- questioner names from cues --------------------------------------------------------
    # the officials' own names are never the questioner's ("Karine, we have to go.")
    official_words = {w for nm in cache.values() for w in nm.split()}
    official_words |= {_titlecase(w) for lab in cache for w in _HONORIFICS.sub("", lab).split()}
    # names given by a strong cue somewhere in the document; a weak cue (a name alone, "Oh,
    # Paris.", "Wait, ...") only repeats one of them
    confirmed: set[str] = set()
    last_q_text = ""
    # the floor each non-question turn gives, found once and used by both passes
    given = [
        ("", False) if r == "question" else _designation(t, common)
        for r, t in zip(roles, texts, strict=True)
    ]
    # a question's self-introduction and an answer's opening vocative, found once for both
    # passes
    intros = [
        _self_intro(t, common) if r == "question" else "" for r, t in zip(roles, texts, strict=True)
    ]
    vocatives: dict[int, tuple[str, bool]] = {}
    for i in range(n):
        if roles[i] == "question":
            last_q_text = texts[i]
            intro = intros[i]
            if intro:
                confirmed.add(intro)
            continue
        d, strong = given[i]
        if d and (strong or roles[i] == "moderator") and not _echo(d, last_q_text):
            confirmed.add(d)
        m = _apology(texts[i])
        if m and _is_name(m.group("n"), common):
            confirmed.add(_clean(m.group("n")))
        if i and roles[i - 1] == "question":
            v, strong = vocatives[i] = _vocative(texts[i], common)
            if v and strong and not _echo(v, texts[i - 1]):
                confirmed.add(v)
    confirmed = {c for c in confirmed if c and c.split()[0] not in official_words}
    confirmed_first = {c.split()[0] for c in confirmed}

    def accept(name: str, strong: bool, echo_of: str) -> bool:
        if not name or name.split()[0] in official_words or _echo(name, echo_of):
            return False
        return strong or name in confirmed or name.split()[0] in confirmed_first

    qname = [""] * n
    source = [0] * n  # strength of the cue that named each question turn
    q_turns = [i for i in range(n) if roles[i] == "question"]
    floor = ""
    floor_left = 0
    prev_q = -1
    mentioned: set[str] = set()
    just_given = False  # the turn before gave the floor to someone by name
    passes = 0  # turns that pass the floor without naming anyone
    q_turns_so_far: list[int] = []
    # where a moderator hands out the floor, a reporter keeps it until the moderator speaks
    moderated = "moderator" in roles
    for i in range(n):
        r, t = roles[i], texts[i]
        if r == "question":
            name, strength = "", 0
            intro = intros[i]
            if _NOBODY_RE.fullmatch(t):
                floor = ""  # "(Cross-talk.)": several reporters, or nobody in particular
            elif intro and intro.split()[0] not in official_words:
                name, strength = intro, 5
            elif (
                prev_q >= 0
                and qname[prev_q]
                and _cut(texts[prev_q])
                and (_first_words(t) == _first_words(texts[prev_q]) or t.lstrip()[:1] in "—–-…")
            ):
                name, strength = qname[prev_q], 4
            elif (
                floor
                and floor_left >= 0
                and (
                    (
                        just_given
                        and not _RESUMES_RE.match(t)
                        and not _echo(floor, t)
                        and not _repeats(t, [texts[j] for j in q_turns_so_far[-3:]])
                    )
                    or (
                        not just_given
                        and not _new_questioner(t)
                        and (moderated or _CONTINUES_RE.match(t))
                    )
                )
            ):
                # the reporter given the floor asks next, unless the turn carries on someone
                # else's ("And then on you —"); she keeps it for follow-ups that say they
                # are one ("And then, ...", "But ...", "Okay. ..."), not for a greeting
                name, strength = floor, 2
            elif not just_given:
                floor = ""
            just_given = False
            qname[i], source[i] = name, strength
            if name and strength != 2:
                floor, floor_left = name, FLOOR_FOLLOW_UPS
            floor_left -= 1
            if floor_left < 0:
                floor = ""
            prev_q = i
            q_turns_so_far.append(i)
        else:
            if prev_q >= 0:
                m = _apology(t)
                if (
                    m
                    and _is_name(m.group("n"), common)
                    and accept(_clean(m.group("n")), True, "")
                    and source[prev_q] < 3
                ):
                    qname[prev_q], source[prev_q] = _clean(m.group("n")), 3
            if r == "answer" and prev_q >= 0 and i == prev_q + 1:
                v, strong = vocatives[i]
                if v and v == given[i][0]:
                    v = ""  # "... Go ahead, April." gives the floor; it does not address
                other = _addressed(t, common, given=given[i][0]) - {qname[prev_q], v}
                other -= official_words
                if source[prev_q] <= 2 and {
                    o for o in other if o.split()[0] != (qname[prev_q].split() or [""])[0]
                }:
                    # the answer speaks to someone else by name: the floor was not hers
                    qname[prev_q], source[prev_q] = "", 0
                    floor = ""
                if accept(v, strong, texts[prev_q]) and source[prev_q] < 3:
                    full = qname[prev_q] if qname[prev_q].split()[:1] == [v] else v
                    qname[prev_q], source[prev_q] = full, max(source[prev_q], 2)
                    if floor != full:  # the questioner is named: she has the floor now
                        floor, floor_left = full, FLOOR_FOLLOW_UPS
            d, strong = given[i]
            strong = strong or r == "moderator"  # passing the floor is what a moderator does
            if not accept(d, strong, texts[prev_q] if prev_q >= 0 else ""):
                d = ""
            just_given = bool(d)
            if d:
                mentioned.add(d)
                floor, floor_left = d, 0
                # the designated reporter asks next; she keeps the floor for follow-ups
                floor_left = FLOOR_FOLLOW_UPS
            elif r == "moderator" or _PASS_RE.search(t[-60:]):
                floor, floor_left = "", 0  # the floor passes, to nobody named
                passes += 1
    # a first name addressed by the answerer completes a full name given by a cue
    full_names = {q for q in [*qname, *mentioned] if " " in q}
    for i in q_turns:
        q = qname[i]
        if q and " " not in q:
            match = [f for f in full_names if f.split()[0] == q]
            if len(match) == 1:
                qname[i] = match[0]
    # interview: one questioner label, and the answerer addresses only one name
    q_labels = {labels[i] for i in q_turns}
    named = {qname[i] for i in q_turns if qname[i]}
    if (
        len(q_labels) == 1
        and len(named) == 1
        and not any(r == "moderator" for r in roles)
        and not any(source[i] in (3, 5) for i in q_turns)
        and not mentioned  # nobody is given the floor: one interviewer, not a briefing room
        and not passes
    ):
        only = next(iter(named))
        for i in q_turns:
            qname[i] = only
    for i in q_turns:
        # a questioner labelled by name ("MARGARET BRENNAN:", "Peter Doocy (05:20):") is
        # named by the label, before any cue; "Speaker 2" names nobody
        by_label = (
            complete(labels[i], official_name(labels[i], title, doc_text))
            if labels[i] not in QUESTION_LABELS
            else ""
        )
        names[i] = by_label or qname[i]
    info.speaker_name = names

    # -- reply_to and question/answer pairs ---------------------------------------------
    reply = [-1] * n
    last_q = -1
    for i in range(n):
        if roles[i] == "question":
            last_q = i
        elif roles[i] == "answer" and last_q >= 0:
            reply[i] = last_q
    info.reply_to = reply
    prev_name = None
    for i in q_turns:
        if not info.asks[i]:
            continue
        answers: list[int] = []
        interrupted = _cut(texts[i])
        j = i + 1
        while j < n and roles[j] == "moderator" and not answers:
            interrupted = True
            j += 1
        while j < n and roles[j] == "answer":
            answers.append(j)
            j += 1
        if answers:
            interrupted = _cut(texts[i]) or (i + 1 < n and roles[i + 1] == "moderator")
        info.qa.append(
            {
                "question_turn": i,
                "answer_turns": tuple(answers),
                "questioner": names[i],
                "question_speaker": labels[i],
                "answerer": labels[answers[0]] if answers else "",
                "answerer_name": names[answers[0]] if answers else "",
                "question_words": n_words[i],
                "answer_words": sum(n_words[a] for a in answers),
                "follow_up": bool(names[i]) and names[i] == prev_name,
                "interrupted": interrupted,
            }
        )
        prev_name = names[i]
    return info
