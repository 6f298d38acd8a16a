"""Who speaks: roles, questioner names from cues, and the families of naming error.

Each regression case is built from lines of real White House transcripts (2023) where the
loader once named a questioner wrongly: an interjection, a title, a place echoed from the
question, or the answering official's own name.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

import analysis
from analysis.speakers import _is_name, attribute

WH_2023 = ROOT.parent / "shared" / "corpus" / "whitehouse-2023"

TITLE = (
    "Press Briefing by Press Secretary Karine Jean-Pierre and National Security Council "
    "Coordinator for Strategic Communications John Kirby"
)


def names(text: str, title: str = TITLE) -> list[str]:
    """Questioner names of a small transcript's question turns."""
    c = analysis.parse_text(text, title=title)
    return c.turns.loc[c.turns["role"] == "question", "speaker_name"].tolist()


@pytest.mark.parametrize(
    "word", ["Wait", "Publicly", "Correct", "Understood", "Wow", "Mm-hmm", "Ma’am", "Admiral"]
)
def test_interjections_and_titles_are_never_names(word):
    assert not _is_name(word)


def test_a_real_name_is_a_name():
    assert _is_name("Darlene") and _is_name("Kelly") and _is_name("Jean-Pierre")


def test_interjection_opening_an_answer_names_nobody():
    text = (
        "MS. JEAN-PIERRE:  Go ahead, Nancy.\n\n"
        "Q    Is the President going to Chicago?\n\n"
        "MS. JEAN-PIERRE:  Go ahead.\n\n"
        "Q    As a follow-up to that —\n\n"
        "MS. JEAN-PIERRE:  Wait, I got to go —\n\n"
        "Q    In Chicago though.  In Chicago.\n\n"
        "MS. JEAN-PIERRE:  Honestly, that’s for Republicans in Congress to speak to."
    )
    assert names(text) == ["Nancy", "", ""]


def test_a_title_thanked_is_a_co_briefer_not_the_questioner():
    text = (
        "MR. KIRBY:  Thanks, guys.  Have a good weekend.\n\n"
        "Q    Thank you.\n\n"
        "MS. JEAN-PIERRE:  Thanks, Admiral.  Okay.  Now for the boring part of the briefing."
    )
    assert names(text) == [""]


def test_a_place_echoed_from_the_question_is_not_a_name():
    text = (
        "MS. JEAN-PIERRE:  Go ahead.\n\n"
        "Q    Any update on the trip?\n\n"
        "MS. JEAN-PIERRE:  On who?\n\n"
        "Q    On London.\n\n"
        "MS. JEAN-PIERRE:  Oh, London.\n\n"
        "Q    London.\n\n"
        "MS. JEAN-PIERRE:  Okay."
    )
    assert names(text) == ["", "", ""]


def test_the_officials_own_name_is_never_the_questioners():
    text = (
        "MS. JEAN-PIERRE:  Go ahead.\n\n"
        "Q    Thanks, Karine.\n\n"
        "MS. DALTON:  Karine, we have to go.\n\n"
        "Q    One more on the budget?\n\n"
        "MR. KIRBY:  John is — I am not going to get into that, John."
    )
    assert names(text) == ["", ""]


def test_floor_given_then_follow_ups_keep_it_and_a_greeting_ends_it():
    text = (
        "MS. JEAN-PIERRE:  Go ahead, Darlene.\n\n"
        "Q    Thank you.  Two questions about last night.  Will it be harder now?\n\n"
        "MS. JEAN-PIERRE:  So, I will say this.  He is an optimist.\n\n"
        "Q    And on the budget, when will we see it?\n\n"
        "MS. JEAN-PIERRE:  March 9th.\n\n"
        "Q    Hi, Karine.  How are you?  A question on trade.\n\n"
        "MS. JEAN-PIERRE:  Good, thanks."
    )
    assert names(text) == ["Darlene", "Darlene", ""]


def test_an_answer_speaking_to_someone_else_takes_the_name_away():
    text = (
        "MS. PSAKI:  Go ahead, Kelly.\n\n"
        "Q    What does the U.S. make of the new general?\n\n"
        "MS. PSAKI:  Well, our view is that a change in personnel would not change much.\n\n"
        "Q    Are you concerned it could get worse?\n\n"
        "MS. PSAKI:  Well, I think, Kaitlan, separate from any change at the top, we have seen "
        "this before."
    )
    assert names(text, "Press Briefing by Press Secretary Jen Psaki") == ["Kelly", ""]


def test_an_answer_speaking_to_the_questioner_by_first_name_keeps_her_full_name():
    # 2022-05-18 COVID-19 briefing: the moderator gives the floor with a full name, and the
    # answer addresses the questioner by her first name mid-sentence.
    text = (
        "MODERATOR:  All right.  Next question.  Let’s go to Meg Tirrell at CNBC.\n\n"
        "Q    Hi.  Well, thank you.  I wanted to ask about these rebounds.\n\n"
        "DR. JHA:  Yeah, so let me start by saying, Meg, you’re absolutely right that the "
        "trials showed about 2 percent."
    )
    assert names(text, "Press Briefing by White House COVID-19 Response Team") == ["Meg Tirrell"]


def test_a_nameless_go_ahead_passes_the_floor():
    text = (
        "MS. PSAKI:  Go ahead, April.\n\n"
        "Q    Have you reached out to the Kremlin?\n\n"
        "MS. PSAKI:  I don’t have anything more on that.  Go ahead.\n\n"
        "Q    And on another topic, the budget?\n\n"
        "MS. PSAKI:  Next week."
    )
    assert names(text, "Press Briefing by Press Secretary Jen Psaki") == ["April", ""]


def test_a_moderator_names_the_next_questioner_with_an_outlet():
    text = (
        "MR. PATEL:  We will take questions.  Why don’t we start with Nancy Cook at "
        "Bloomberg.\n\n"
        "Q    Hi, thank you for doing the call.  Are there binding commitments?\n\n"
        "SECRETARY RAIMONDO:  There will be commitments.\n\n"
        "MR. PATEL:  Next, let’s go to Peter Baker with the New York Times.\n\n"
        "Q    Hi there.  Could you say more about tariffs?\n\n"
        "SECRETARY RAIMONDO:  Hi, Peter."
    )
    assert names(text, "On-the-Record Press Call") == ["Nancy Cook", "Peter Baker"]


def test_an_interviewer_labelled_by_name_asks():
    text = (
        "MARGARET BRENNAN: We are back with the spokesman. Will the White House share more "
        "about the documents?\n\n"
        "COORDINATOR FOR STRATEGIC COMMUNICATIONS, NATIONAL SECURITY COUNCIL, JOHN KIRBY: We "
        "are cooperating with the Justice Department, Margaret. That has to be the focus, "
        "making sure that we preserve that process, and at the right time and in the right "
        "setting we understand that members of Congress want to know more.\n\n"
        "MARGARET BRENNAN: If the app is a threat, why not act now?\n\n"
        "KIRBY: Well, there is a review under way by the committee.\n\n"
        "MARGARET BRENNAN: Three years now.\n\n"
        "KIRBY: It is an independent review, and we respect that process. In the meantime "
        "the President has already said we have concerns about that app, and he has banned it "
        "from government devices."
    )
    c = analysis.parse_text(text)
    t = c.turns
    assert t["role"].tolist() == ["question", "answer"] * 3
    assert t["speaker_name"].tolist()[:2] == ["Margaret Brennan", "John Kirby"]
    assert set(c.qa["questioner"]) == {"Margaret Brennan"}


def test_attribute_without_questions_makes_statements():
    info = attribute(["MR. KIRBY", "MR. KIRBY"], ["Good morning.", "Thanks."], [2, 1])
    assert info.role == ["statement", "statement"] and info.qa == []


def test_no_wrong_kind_of_name_on_the_2023_briefings():
    if not WH_2023.is_dir():
        pytest.skip(f"{WH_2023} not found: the shared corpus is not beside the project")
    files = sorted((WH_2023 / "press-briefings").glob("*.md"))[:40]
    c = analysis.load_corpus(files)
    q = c.turns[c.turns["role"] == "question"]
    given = set(q["speaker_name"]) - {""}
    bad = {"Wait", "Publicly", "Admiral", "Karine", "Mayor", "Honestly", "London", "Man"}
    assert not given & bad
    assert len(given) >= 20  # names are still given where a cue says who asks


def test_a_speaker_in_remarks_who_asks_the_crowd_is_not_an_interviewer():
    text = (
        "THE FIRST LADY:  Hello, everyone, and welcome to the Fourth of July at the White "
        "House.  And now, our Commander-in-Chief.  (Applause.)\n\n"
        "THE PRESIDENT:  Hey, everybody!  Welcome to your house.  Isn’t it great?  We are just "
        "renting.  (Laughter.)  This is the day we celebrate who we are as a nation, and I "
        "thought we had some great entertainment here tonight.  Didn’t you think so?\n\n"
        "THE FIRST LADY:  Yeah.  (Applause.)\n\n"
        "THE PRESIDENT:  Where is he?  I want to say hi to him.  Thanks a lot, guys.  "
        "Appreciate it.  God bless you all, and may God protect our troops."
    )
    c = analysis.parse_text(text, title="Remarks by President Biden at a Celebration")
    assert "question" not in set(c.turns["role"])


def test_a_briefing_host_who_hands_over_is_not_asking_where_reporters_ask():
    text = (
        "DR. JHA:  Good morning.  Dr. Walensky, over to you?\n\n"
        "DR. WALENSKY:  Thank you, Dr. Jha.  Cases are rising in the Northeast, and we are "
        "watching hospital admissions closely across the country this week.\n\n"
        "DR. JHA:  Thank you.  Dr. Fauci?\n\n"
        "DR. FAUCI:  Thank you.  The vaccines remain highly effective against severe disease.\n\n"
        "MODERATOR:  Let’s go to Zeke Miller.\n\n"
        "Q    Do you expect the uptick to continue?\n\n"
        "DR. JHA:  We do, for a few weeks."
    )
    c = analysis.parse_text(text)
    assert "question" not in c.turns["role"].tolist()[:4]
    assert c.turns.loc[c.turns["role"] == "question", "speaker_name"].tolist() == ["Zeke Miller"]


def test_the_first_reporter_named_in_a_queue_asks_next():
    text = (
        "MR. KIRBY:  I don’t have any outreach to speak to today.\n\n"
        "MS. JEAN-PIERRE:  Jannie, go ahead.  And then Steven.\n\n"
        "Q    Thank you, Karine.  Will you send the balloon back to China?\n\n"
        "MR. KIRBY:  There are no plans to send the debris back."
    )
    assert names(text) == ["Jannie"]


def test_a_greeting_to_the_next_reporter_is_not_addressed_to_the_last():
    text = (
        "MS. JEAN-PIERRE:  Go ahead.\n\n"
        "Q    Where is that review?  What lessons have been learned?\n\n"
        "MS. JEAN-PIERRE:  I don’t have an update on that.  Go ahead.  Hey, Jenny.\n\n"
        "Q    Thanks, Karine.  On the Summit of the Americas: who is coming?\n\n"
        "MS. JEAN-PIERRE:  We will have more soon."
    )
    assert names(text) == ["", "Jenny"]


def test_a_reporter_called_on_in_the_back_asks_next_not_before():
    text = (
        "MR. KIRBY:  We work at it every single day.\n\n"
        "Q    Thank you.\n\n"
        "MS. JEAN-PIERRE:  Courtney, in the back.\n\n"
        "Q    Thanks.  On the hacking: who was behind it?\n\n"
        "MR. KIRBY:  I won’t get into attribution."
    )
    assert names(text) == ["", "Courtney"]


def test_pentagon_and_un_labels():
    dod = analysis.parse_text(
        "STAFF: Good afternoon. The Secretary will take questions.\n\n"
        "SEC. AUSTIN: Thank you. Good afternoon, everyone. We have a lot to cover today, and "
        "I will be brief so that we have time for your questions.\n\n"
        "STAFF: First question.\n\nQ: Mr. Secretary, will you send more troops?\n\n"
        "SEC. AUSTIN: We have no plans to do that at this point.",
        title="Secretary of Defense Lloyd J. Austin III Holds a Press Briefing",
    )
    assert dod.turns["role"].tolist() == [
        "moderator",
        "statement",
        "moderator",
        "question",
        "answer",
    ]
    assert dod.turns["speaker_name"].tolist()[1] == "Lloyd J. Austin"
    un = analysis.parse_text(
        "**Spokesman**: Good afternoon.\n\n**Question**: Steph, is there an update?\n\n"
        "**Spokesman**: Not yet.\n\nANNOUNCER: Ladies and gentlemen.\n\n"
        "UNIDENTIFIED MALE: We will not leave."
    )
    # a role or a voice nobody named is no one's name
    assert un.turns["speaker"].tolist() == [
        "Spokesman",
        "Question",
        "Spokesman",
        "ANNOUNCER",
        "UNIDENTIFIED MALE",
    ]
    assert set(un.turns["speaker_name"]) == {""}


@pytest.mark.parametrize(
    ("cue", "name"),
    [
        ("First question, Lita Baldor, AP.", "Lita Baldor"),
        # two 2022 White House press calls
        ("Next, James Politi from the Financial Times.", "James Politi"),
        ("All right.  Next question, Nancy Cordes at CBS.", "Nancy Cordes"),
        ("Next question to Jane Doe.", "Jane Doe"),
    ],
)
def test_a_moderator_naming_reporter_and_outlet_gives_the_floor(cue, name):
    c = analysis.parse_text(
        f"MODERATOR: {cue}\n\nQ  Thank you. Will there be consequences?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: There will be."
    )
    assert c.qa["questioner"].tolist() == [name]


def test_a_name_in_the_labels_brackets_names_the_official():
    c = analysis.parse_text(
        "The Prime Minister (Keir Starmer): I thank my honourable friend.\n\n"
        "Kemi Badenoch (Leader of the Opposition): Will he answer the question?\n\n"
        "Kemi Badenoch (Leader of the Opposition): Will he?\n\n"
        "The Prime Minister (Keir Starmer): I will answer it now.\n\n"
        "MR. KIRBY (via teleconference): Thanks.\n\nMR. KIRBY (via teleconference): Bye."
    )
    assert c.turns["speaker_name"].tolist() == [
        "Keir Starmer",  # the office is labelled, the member in brackets
        "Kemi Badenoch",  # the member is labelled, her office in brackets
        "Kemi Badenoch",
        "Keir Starmer",
        "Kirby",  # "via teleconference" is no one's name
        "Kirby",
    ]


def test_a_broadcast_transcript_names_its_host_and_guest():
    # public radio style: "NAME, HOST:" on its own line, then surnames alone
    c = analysis.parse_text(
        "STEVE INSKEEP, HOST:\n\nThe secretary of state is with us. Thanks for joining us.\n\n"
        "ANTONY BLINKEN: Good morning, Steve. Good to be with you.\n\n"
        "INSKEEP: What did you tell Lavrov?\n\n"
        "BLINKEN: That any move across the border would be met with a severe response, and "
        "that we would stand with our allies in Europe, as we always have.\n\n"
        "INSKEEP: Will there be another meeting?\n\nBLINKEN: We agreed to keep talking.\n\n"
        "(SOUNDBITE OF MUSIC)\n\nJANE DOE, BYLINE: Later that day, the talks resumed."
    )
    t = c.turns
    assert t["role"].tolist() == ["question", "answer"] * 3 + ["answer"]
    assert t["speaker_name"].tolist() == ["Steve Inskeep", "Antony Blinken"] * 3 + ["Jane Doe"]
    assert c.qa["questioner"].tolist() == ["Steve Inskeep", "Steve Inskeep"]
