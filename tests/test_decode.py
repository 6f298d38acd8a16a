"""Bad input: every bad file gets a clear problem naming it, and the rest still loads."""

from __future__ import annotations

import codecs
import re
import time

import pandas as pd
import pytest
from conftest import AVAILABILITY, DATA, INTERVIEW
from hypothesis import given
from hypothesis import strategies as st
from test_hostile import problems_of

import analysis
from analysis.decode import LoadError, decode_bytes, html_to_text, repair_mojibake

GOOD = (DATA / f"{INTERVIEW}.txt").read_bytes()
SMALL = "MS. LEE:  Good morning.  We’re glad you’re here — “truly.”\n\nQ  Why?\n\nMS. LEE:  Café."


@pytest.fixture()
def folder(tmp_path):
    files = {
        "good.txt": GOOD,
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n",
        "binary.txt": bytes(range(256)) * 40,
        "cp1252.txt": SMALL.encode("cp1252"),
        "latin1.txt": "MS. LEE:  Ol\u00e1 \u0081 fine.".encode("latin-1"),
        "utf16.txt": codecs.BOM_UTF16_LE + SMALL.encode("utf-16-le"),
        "mojibake.txt": "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in SMALL.encode("utf-8")
        ).encode("utf-8"),
        "nolabels.txt": b"We gather today to remember a friend. He served us well.\n\nThank you.",
        "page.html": (
            b"<html><head><title>Briefing</title><script>alert('x')</script></head>"
            b"<body><p>MS. LEE:  Hi &amp; welcome.</p><p>Q  Why?</p></body></html>"
        ),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with open(tmp_path / "huge.txt", "wb") as f:  # a sparse 100 MB file
        f.truncate(100_000_000)
    return tmp_path


def test_bad_files_are_reported_and_the_rest_loads(folder):
    c = analysis.load_corpus(folder)
    loaded = set(c.documents["doc_id"])
    assert {"good", "cp1252", "latin1", "utf16", "mojibake", "nolabels", "page"} <= loaded
    errors = c.problems[c.problems["severity"] == "error"].set_index("path")["message"]
    by_name = {p.rsplit("/", 1)[-1]: m for p, m in errors.items()}
    assert set(by_name) == {"empty.txt", "blank.txt", "binary.txt", "huge.txt"}
    assert "empty" in by_name["empty.txt"]
    assert "binary" in by_name["binary.txt"]
    assert "100.0 MB" in by_name["huge.txt"] and "max_bytes" in by_name["huge.txt"]
    warn = (
        c.problems[c.problems["severity"] != "error"].groupby("doc_id")["message"].apply(" ".join)
    )
    assert "cp1252" in warn["cp1252"]
    assert "latin-1" in warn["latin1"]
    assert "byte-order mark" in warn["utf16"]
    assert "mojibake" in warn["mojibake"]
    assert "no speaker labels" in warn["nolabels"]
    assert "<script>" in warn["page"]
    enc = c.documents.set_index("doc_id")["encoding"]
    assert enc["cp1252"] == "cp1252" and enc["utf16"] == "utf-16" and enc["good"] == "utf-8"


def test_decoded_text_is_right(folder):
    c = analysis.load_corpus(folder)
    text = c.documents.set_index("doc_id")["text"]
    for name in ("cp1252", "utf16", "mojibake"):
        assert text[name] == SMALL, name
    turns = c.turns.set_index(["doc_id", "turn"])["text"]
    assert turns[("page", 0)] == "Hi & welcome."
    assert "alert" not in text["page"]
    assert c.documents.set_index("doc_id").loc["page", "title"] == "Briefing"
    nolabels = c.turns[c.turns["doc_id"] == "nolabels"]
    assert len(nolabels) == 1 and nolabels["role"].tolist() == ["statement"]


def test_single_bad_file_raises_naming_it(folder):
    with pytest.raises(LoadError, match=r"empty\.txt: the file is empty"):
        analysis.load_corpus(folder / "empty.txt")
    with pytest.raises(LoadError, match=r"binary\.txt: looks binary"):
        analysis.load_corpus(folder / "binary.txt")
    with pytest.raises(LoadError, match=r"huge\.txt: 100\.0 MB"):
        analysis.load_corpus(folder / "huge.txt")
    with pytest.raises(LoadError, match="binary"):  # the first bad file in name order
        analysis.load_corpus(folder, errors="raise")


def test_decode_bytes_directly():
    assert decode_bytes("x “y”".encode("utf-8-sig"))[:2] == ("x “y”", "utf-8-sig")
    text, enc, problems = decode_bytes("ok “y”".encode("cp1252"), "f.txt")
    assert (text, enc) == ("ok “y”", "cp1252") and problems[0].severity == "warning"
    assert repair_mojibake("itâ€™s") == ("it’s", 1)
    assert repair_mojibake("plain ’ text") == ("plain ’ text", 0)


def test_html_uses_a_parser_not_regexes():
    text, title, problems = html_to_text(
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<p>A &lt;b&gt; tag in text, and a <b>bold</b> word.</p><!-- <p>hidden</p> -->"
        "<script>var s = '</p><p>MR X: fake';</script><p>B</p></body></html>"
    )
    assert text == "A <b> tag in text, and a bold word.\n\nB"
    assert title == "T"
    assert "script" in problems[-1].message


ADVERSARIAL = {
    "capitals": "A" * 1_000_000,
    "labels": "MR. " * 250_000 + ":",
    "colons": "MR PRICE:" * 110_000,
    "open quotes": '"' * 1_000_000,
    "curly quotes": "“" * 1_000_000,
    "parentheses": "(" * 1_000_000,
    "full stops": ". " * 500_000,
    "dashes": "- " * 500_000,
    "attributions": 'Blinken said "' * 70_000,
    "designations": "Go ahead, Darlene " * 60_000,
    "stage": "(Laughter. " * 100_000,
    "links": "[x](" * 250_000,
    "q labels": "Q\u00a0\u00a0" * 300_000,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_megabyte_line_parses_in_linear_time(name):
    # a guard against catastrophic backtracking, not a speed goal: linear patterns parse a
    # 1 MB line in a few seconds at most (up to 7 s with `make test`'s two workers on a busy
    # machine); a quadratic one would take many minutes
    text = "MS. LEE:  " + ADVERSARIAL[name] + "\n\nQ  Why?"
    t0 = time.perf_counter()
    c = analysis.parse_text(text)
    assert time.perf_counter() - t0 < 60
    assert c.turns["speaker"].tolist()[-1] == "Q"


def test_saved_html_page_of_a_transcript():
    import html as _html

    src = (DATA / "2022-01-21_blinken_geneva_press-availability.txt").read_text(encoding="utf-8")
    paras = src.split("\n\n")
    body = "".join(f"<p>{_html.escape(p)}</p>\n" for p in paras[1:])
    page = (
        "<!DOCTYPE html><html><head><title>Press Availability</title>"
        "<script>window.dataLayer = []; document.write('<p>MR X: fake</p>')</script></head>"
        "<body><header><a href='#main'>Skip to content</a><nav><ul><li>Home</li>"
        "<li>Countries &amp; Areas</li></ul></nav></header>"
        f"<main><h1>{_html.escape(paras[0])}</h1>{body}</main>"
        "<footer><p>© 2022 U.S. Department of State. All rights reserved.</p></footer>"
        "<script>analytics()</script></body></html>"
    )
    txt = analysis.parse_text(src)
    c = analysis.parse_text(page)
    assert c.turns["speaker"].tolist() == txt.turns["speaker"].tolist()
    assert c.turns["n_words"].tolist() == txt.turns["n_words"].tolist()
    assert c.documents["title"].iloc[0] == "Press Availability"
    spoken = " ".join(c.turns["text"])
    for furniture in (
        "Skip to content",
        "All rights reserved",
        "fake",
        "analytics",
        "Marco Emanuele",
        "Countries & Areas",
    ):
        assert furniture not in spoken, furniture


def test_decode_bytes_normalises_line_endings_and_counts_them():
    from analysis.decode import normalise_newlines

    text, _, problems = decode_bytes(b"MS. LEE:  Hi.\r\n\r\nQ  Why?\rA  No.\n", "f.txt")
    assert text == "MS. LEE:  Hi.\n\nQ  Why?\nA  No.\n"
    assert [p.message for p in problems] == [
        "line endings normalised to \\n: 2 CR LF (Windows) and 1 lone CR (old Mac); offsets "
        "point into the normalised text"
    ]
    assert normalise_newlines("no carriage return\n") == ("no carriage return\n", [])


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE])
def test_a_byte_order_mark_alone_is_an_empty_file(bom):
    with pytest.raises(LoadError, match=r"f\.txt: the file is empty \(only a byte-order mark\)"):
        decode_bytes(bom, "f.txt")


def test_html_is_recognised_by_its_first_tag_only():
    from analysis.decode import looks_like_html

    assert not looks_like_html("MS. LEE:  The <body> of the <b>text</b>.", "x.txt")
    assert not looks_like_html("Notes\n\n<html> is a tag name.")
    assert looks_like_html("  <!DOCTYPE html><p>x</p>", "x.txt")
    assert looks_like_html("<body><p>MS. LEE:  Hi.</p></body>")
    assert looks_like_html("MS. LEE:  Hi.", "page.HTML")


_ALPHABET = st.characters(max_codepoint=0x2FF) | st.sampled_from("\x00\x08\x0e\x1f\ud800é’")


@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_control_characters_are_counted_as_the_regular_expression_finds_them(text):
    from analysis.decode import _count_control

    assert _count_control(text) == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))


def test_a_saved_state_department_page_reads_as_its_transcript(seeds):
    # banner, menu, tags, related articles and footer around the seed availability's text,
    # labels in <strong>, a <title> with the site's name after the headline
    from test_hostile import check_lossless

    page = analysis.load_corpus(DATA.parent.parent / "tests" / "data" / "pages")
    d = page.documents.iloc[0]
    assert d["title"] == "Secretary Antony J. Blinken at a Press Availability"
    assert d["date"] == pd.Timestamp("2022-01-21")
    assert d["location"] == "Geneva, Switzerland"  # not "Travel", the menu's first item
    assert d["kind"] == "press availability"
    seed = seeds.turns[seeds.turns["doc_id"] == AVAILABILITY]
    assert page.turns["speaker"].tolist() == seed["speaker"].tolist()
    assert page.turns["n_words"].tolist() == seed["n_words"].tolist()
    assert page.turns["role"].tolist() == seed["role"].tolist()
    menu = {"Travel", "Careers", "Privacy Policy", "No FEAR Act", "Related Articles"}
    assert not page.turns["text"].str.contains("|".join(menu)).any()
    check_lossless(page)


def _docx(path, paragraphs: list[str], *, xml: str | None = None) -> None:
    """A minimal Word document: each paragraph one run, a label in a bold run of its own."""
    import html
    import zipfile

    runs = []
    for p in paragraphs:
        label, sep, rest = p.partition(":  ")
        if sep and label.isupper():
            body = (
                f"<w:r><w:rPr><w:b/></w:rPr><w:t>{html.escape(label)}:</w:t></w:r>"
                f'<w:r><w:t xml:space="preserve">  {html.escape(rest)}</w:t></w:r>'
            )
        else:
            body = f'<w:r><w:t xml:space="preserve">{html.escape(p)}</w:t></w:r>'
        runs.append(f"<w:p>{body}</w:p>")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    doc = xml or f"<w:document {ns}><w:body>{''.join(runs)}</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", doc)


def test_bad_word_documents_are_reported_and_the_rest_loads(tmp_path):
    (tmp_path / "fake.docx").write_bytes(b"PK\x03\x04 not really a zip")
    _docx(tmp_path / "bomb.docx", [], xml="<a>" + " " * 5_000_000 + "</a>")  # 5 MB of blanks
    _docx(tmp_path / "empty.docx", [""])
    (tmp_path / "ok.txt").write_text("MS. LEE:  Still here.", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["ok"]
    [fake], [bomb] = problems_of(c, "fake.docx"), problems_of(c, "bomb.docx")
    assert fake.startswith("named .docx but not a Word document")
    assert bomb.startswith("its text part unpacks to 5,000,007 bytes, more than")
    assert problems_of(c, "empty.docx") == ["the Word document has no text"]


def _odt(path, paragraphs: list[str]) -> None:
    """An OpenDocument text as LibreOffice writes one: a label in a span of its own, runs of
    spaces as <text:s text:c="N"/>, line breaks as <text:line-break/>, a footnote in the
    first paragraph, the first paragraph a heading."""
    import html
    import re as _re
    import zipfile

    def body(p: str) -> str:
        out = []
        for part in _re.split(r"( {2,}|\n)", p):
            if part == "\n":
                out.append("<text:line-break/>")
            elif part.startswith("  "):
                out.append(f' <text:s text:c="{len(part) - 1}"/>')
            else:
                out.append(html.escape(part))
        return "".join(out)

    note = "<text:note><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>"
    runs = []
    for k, p in enumerate(paragraphs):
        label, sep, rest = p.partition(":  ")
        if k == 0:
            runs.append(f"<text:h>{body(p)}{note}</text:h>")
        elif sep and label.isupper():
            span = f'<text:span text:style-name="b">{html.escape(label)}:</text:span>'
            runs.append(f"<text:p>{span}{body('  ' + rest)}</text:p>")
        else:
            runs.append(f"<text:p>{body(p)}</text:p>")
    ns = " ".join(
        f'xmlns:{k}="urn:oasis:names:tc:opendocument:xmlns:{k}:1.0"' for k in ("office", "text")
    )
    xml = (
        f"<office:document-content {ns}><office:body><office:text>{''.join(runs)}"
        "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", xml)


def test_bad_opendocument_texts_are_reported_and_the_rest_loads(tmp_path):
    (tmp_path / "fake.odt").write_bytes(b"PK\x03\x04 not really a zip")
    _odt(tmp_path / "empty.odt", [""])
    (tmp_path / "ok.txt").write_text("MS. LEE:  Still here.", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["ok"]
    [fake] = problems_of(c, "fake.odt")
    assert fake.startswith("named .odt but not an OpenDocument text")
    assert problems_of(c, "empty.odt") == ["the OpenDocument text has no text"]


def _rtf_file(path, paragraphs: list[str]) -> None:
    """The RTF writer's document, with the file's metadata, a page header and a picture
    whose four raw bytes (after "bin4") would close groups if they were read as RTF."""
    from rtfs import rtf

    groups = (
        "{\\info{\\title Not the text}{\\author Someone}}{\\header Page header words}"
        "{\\pict\\bin4 }}{{}"
    )
    path.write_bytes(rtf(paragraphs, groups))


@pytest.mark.parametrize(
    ("ext", "write", "note", "absent"),
    [
        ("docx", _docx, "Word document: the text of its 61 paragraphs", ()),
        ("odt", _odt, "OpenDocument text: the text of its 61", ("A footnote",)),
        # neither the file's metadata, nor its header, nor the picture's bytes are words
        (
            "rtf",
            _rtf_file,
            "RTF document: its text",
            ("Not the text", "Someone", "Page header", "Riched20"),
        ),
    ],
    ids=["docx", "odt", "rtf"],
)
def test_a_document_file_reads_as_the_transcript_it_holds(
    seeds, tmp_path, ext, write, note, absent
):
    from test_hostile import check_lossless

    src = (DATA / f"{AVAILABILITY}.txt").read_text(encoding="utf-8")
    write(tmp_path / f"geneva.{ext}", src.split("\n\n"))
    c = analysis.load_corpus(tmp_path)
    seed = seeds.turns[seeds.turns["doc_id"] == AVAILABILITY]
    assert c.documents["encoding"].tolist() == [ext]
    assert c.turns["speaker"].tolist() == seed["speaker"].tolist()
    assert c.turns["text"].tolist() == seed["text"].tolist()
    for words in absent:
        assert words not in c.documents["text"].iloc[0]
    assert c.problems["message"].iloc[0].startswith(note)
    check_lossless(c)


def test_rtf_code_pages_unicode_and_fields():
    from analysis.decode import rtf_to_text

    # a Cyrillic code page's bytes, \\uN with a two-character fallback, an emoji as a
    # surrogate pair, a hyperlink field (its result is read), escaped braces, a no-break space
    rtf = (
        rb"{\rtf1\ansi\ansicpg1251\uc2 \'cf\'f3\'f2\'e8\'ed: \u1044\'3f\'3f\'e0."
        rb"\par \u-10179?\u-8704?{\field{\*\fldinst HYPERLINK \"https://x\"}{\fldrslt site}}"
        rb" \{ok\}\~now\line next}"
    )
    assert rtf_to_text(rtf)[0] == "Путин: Да.\n\n😀site {ok}\u00a0now\nnext"


def test_bad_rtf_documents_are_reported_and_the_rest_loads(tmp_path):
    (tmp_path / "fake.rtf").write_text("MS. LEE:  Not RTF at all.", encoding="utf-8")
    (tmp_path / "empty.rtf").write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par\par}")
    (tmp_path / "ok.txt").write_text("MS. LEE:  Still here.", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["ok"]
    [fake] = problems_of(c, "fake.rtf")
    assert fake.startswith("named .rtf but not an RTF document")
    assert problems_of(c, "empty.rtf") == ["the RTF document has no text"]


def test_a_pdf_reads_as_the_transcript_it_holds(seeds, tmp_path):
    # the seed availability wrapped at 90 characters, 40 lines a page, a running head and a
    # page number on each: no blank line anywhere, as a PDF's text comes out
    import textwrap

    from pdfs import pdf
    from test_hostile import check_lossless

    src = (DATA / f"{AVAILABILITY}.txt").read_text(encoding="utf-8")
    lines = [w for ln in src.split("\n") for w in textwrap.wrap(ln, 90, break_on_hyphens=False)]
    pages = [lines[i : i + 40] for i in range(0, len(lines), 40)]
    pages = [
        ["U.S. Department of State - Transcript", *p, f"Page {k + 1} of {len(pages)}"]
        for k, p in enumerate(pages)
    ]
    (tmp_path / "geneva.pdf").write_bytes(pdf(pages))
    c = analysis.load_corpus(tmp_path)
    seed = seeds.turns[seeds.turns["doc_id"] == AVAILABILITY]
    assert c.documents["encoding"].tolist() == ["pdf"]
    assert c.turns["speaker"].tolist() == seed["speaker"].tolist()
    assert c.turns["role"].tolist() == seed["role"].tolist()
    assert (
        c.qa["questioner"].tolist()
        == seeds.qa.loc[seeds.qa["doc_id"] == AVAILABILITY, "questioner"].tolist()
    )
    assert c.turns["n_words"].tolist() == seed["n_words"].tolist()
    assert not c.turns["text"].str.contains("Page \\d+ of|Department of State - ", regex=True).any()
    assert (
        c.problems["message"]
        .iloc[0]
        .startswith(
            f"PDF: the text of its {len(pages)} pages, read by pypdf, {2 * len(pages)} page-number"
        )
    )
    check_lossless(c)


def test_bad_pdfs_are_reported_and_the_rest_loads(tmp_path):
    from pdfs import pdf

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all")
    (tmp_path / "scan.pdf").write_bytes(pdf([[], []]))  # pages with no text
    (tmp_path / "ok.txt").write_text("MS. LEE:  Still here.", encoding="utf-8")
    c = analysis.load_corpus(tmp_path)
    assert c.documents["doc_id"].tolist() == ["ok"]
    [broken] = problems_of(c, "broken.pdf")
    assert broken.startswith("not a PDF that can be read (")
    assert problems_of(c, "scan.pdf") == ["the PDF has no text (a scanned image?): not read"]


def test_caption_files_read_as_transcripts(tmp_path):
    (tmp_path / "show.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nJANE DOE: Welcome to the show,\nSenator.\n\n"
        "2\n00:00:04,500 --> 00:00:07,000\nSEN. SMITH: Thanks for having me.\n\n"
        "3\n00:00:07,500 --> 00:00:09,000\nJANE DOE: What about the bill?\n\n"
        "4\n00:00:09,500 --> 00:00:12,000\nSEN. SMITH: It passes this week.\nWe have the votes.\n",
        encoding="utf-8",
    )
    (tmp_path / "panel.vtt").write_text(
        "WEBVTT\nKind: captions\n\nNOTE made by hand\n\n"
        "00:01.000 --> 00:03.000 align:start\n<v Jane Doe>Good evening<00:01.500><c> all</c>\n\n"
        "00:03.000 --> 00:05.000\n<v Jane Doe>Good evening all\nSenator, the bill?\n\n"
        "00:05.000 --> 00:07.000\n<v.loud John Roe>It passes.\n",
        encoding="utf-8",
    )
    c = analysis.load_corpus(tmp_path)
    text = c.documents.set_index("doc_id")["text"]
    # numbers, timings, tags and the rolling line are left out; the words run on across cues
    assert text["show"] == (
        "JANE DOE: Welcome to the show, Senator.\n\nSEN. SMITH: Thanks for having me.\n\n"
        "JANE DOE: What about the bill?\n\nSEN. SMITH: It passes this week. We have the votes."
    )
    assert text["panel"] == "Jane Doe: Good evening all Senator, the bill?\n\nJohn Roe: It passes."
    turns = c.turns[c.turns["doc_id"] == "show"]
    assert turns["role"].tolist() == ["question", "answer", "question", "answer"]
    assert c.problems["message"].str.startswith("captions: the words of 4 cues").sum() == 1
    assert c.problems["message"].str.startswith("captions: the words of 3 cues").sum() == 1


def test_words_a_pdf_breaks_across_lines_are_joined(tmp_path):
    from pdfs import pdf

    lines = [
        "MS. LEE:  The negotiation went on. We will keep the nego-",
        "tiation going with the NATO-",
        "Russia Council, a long-",
        "term effort, and so on, as well-",
        "Q  Why?",
    ]
    (tmp_path / "t.pdf").write_bytes(pdf([lines]))
    c = analysis.load_corpus(tmp_path)
    words = c.tokens["text"].astype(str).tolist()
    assert words.count("negotiation") == 2  # printed whole elsewhere: the hyphen goes
    assert "NATO-Russia" in words and "long-term" in words  # compounds keep theirs
    assert c.turns["speaker"].tolist() == ["MS. LEE", "Q"]  # "well-" does not swallow "Q"
    assert "3 words broken across lines joined" in c.problems["message"].iloc[0]
