"""The loader's yardstick: turns, kinds and questioner names against independent references.

Run: ``.venv/bin/python benchmarks/accuracy.py [FOLDER ...]`` (default: both shared White House
sets, ``../shared/corpus/whitehouse`` and ``../shared/corpus/whitehouse-2023``).

The turn reference is strict and simple on purpose, so that it shares no code and no cleverness
with the loader: after the YAML front matter, every line that opens with ``Q`` (followed by
a space, a colon, a full stop or a dash) or with a label in capitals and a colon
(``MS. JEAN-PIERRE:``, ``THE PRESIDENT (in Spanish):``) starts a turn, which runs to the next
such line or to an ``END`` / ``# # #`` line. A turn is identified by its label and the first
40 characters of its text (white space collapsed); the loader's turns are compared with the
reference's as multisets, per document. Only documents in which the reference finds at least
two labels are scored for turns; the others are speeches with no labels, scored by kind (a
labelless speech must come out as remarks or a statement, never as a news article).

Questioner names are scored against ``tests/data/questioner_names.csv``: named question turns
checked by reading the text, each with the line that shows who asked. Precision is the share
of the loader's names, on those turns, that name the questioner.

Printed per folder: turn precision, recall and F1; documents with every turn right; the kinds
confusion (front-matter tag against the loader's kind); the families of error that explain the
misses (interruptions ``Q —``, labels read from furniture, labelless speeches read as news).
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path

import analysis

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
NAMES = ROOT / "tests" / "data" / "questioner_names.csv"

_FRONT = re.compile(r"\A---\n.*?\n---[ \t]*\n", re.DOTALL)
_REF_LABEL = re.compile(
    r"[ \t\u00a0]*(?:(?P<q>Q)(?=[ \t\u00a0:.—–\-…]|$)[:.]?"
    r"|(?P<lab>[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*(?:[ \u00a0]{1,3}[A-ZÀ-Þ][A-ZÀ-Þ.'’\-]*){0,6})"
    r"(?:[ \u00a0]*\([^)\n]{0,60}\))?:)"
)
_REF_END = re.compile(
    r"[ \t\u00a0]*(?:END\b|#\s*#\s*#|\d{1,2}:\d{2}\s*[AP]\.?\s*M\.?(?:\s*[A-Z]{2,4})?\s*$)"
)


def reference_turns(text: str) -> list[tuple[str, str]]:
    """The strict reference: ``(label, first 40 characters)`` of every labelled turn."""
    return [(lab, _head(body)) for lab, body in reference_blocks(text)[1]]


def _label(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split()).rstrip(".")


def _office(s: str) -> str:
    """A label compared across renditions: upper case, without a leading "THE" (the
    Congressional Record's "The MODERATOR." is the reference's "MODERATOR:")."""
    up = _label(s).upper()
    return up[4:] if up.startswith("THE ") else up


def _head(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())[:40]


def _tag(text: str) -> str:
    m = re.search(r"^tags:\s*(\S+)", text[:3000], re.MULTILINE)
    return m.group(1) if m else ""


def score_folder(folder: Path) -> dict:
    corpus = analysis.load_corpus(folder)
    docs = corpus.documents.set_index("doc_id")
    turns = corpus.turns
    by_doc = {d: g for d, g in turns.groupby("doc_id", sort=False, observed=True)}
    tp = fp = fn = 0
    exact = scored = 0
    families: Counter[str] = Counter()
    kinds: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    for doc_id, row in docs.iterrows():
        text = row["text"]
        tag = _tag(text)
        kinds[(tag, row["kind"])] += 1
        ref = reference_turns(text)
        if len(ref) < 2:
            if row["kind"] == "news article":
                families["labelless speech read as news"] += 1
            continue
        g = by_doc.get(doc_id)
        ours = (
            []
            if g is None
            else list(zip(g["speaker"].map(_label), g["text"].map(_head), strict=True))
        )
        rc, oc = Counter(ref), Counter(ours)
        hit = sum((rc & oc).values())
        tp += hit
        fp += sum(oc.values()) - hit
        fn += sum(rc.values()) - hit
        scored += 1
        if rc == oc:
            exact += 1
            continue
        missing, extra = rc - oc, oc - rc
        for lab, head in missing:
            if lab == "Q" and head[:1] in "—–-…":
                families["interruption (Q —) folded into a turn"] += 1
            else:
                families["reference turn missing"] += 1
        for lab, _ in extra:
            if lab in ("A", "Q") or lab not in {x for x, _ in ref}:
                families["label read from furniture or prose"] += 1
            else:
                families["turn cut or merged differently"] += 1
        misses.append(f"  {doc_id}: missing {list(missing)[:2]} extra {list(extra)[:2]}")
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    return {
        "folder": str(folder),
        "docs": len(docs),
        "scored": scored,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / max(1e-9, p + r),
        "exact": exact / max(1, scored),
        "kinds": kinds,
        "families": families,
        "misses": misses,
        "corpus": corpus,
    }


def html_rendition(md: Path, out: Path, *, bold: bool) -> Path:
    """The same transcript as a saved web page: front matter as <title> and <h1>, each
    paragraph a <p> (hard-wrapped lines joined), labels in <strong> when ``bold``, inside
    navigation, a .gov banner and a footer. Tests the HTML path on text the loader was not
    tuned on; the reference is still computed on the Markdown."""
    import html as h

    text = md.read_text(encoding="utf-8")
    m = _FRONT.match(text)
    title = ""
    if m:
        t = re.search(r"^title:\s*(.+)$", m.group(0), re.MULTILINE)
        title = t.group(1).strip().strip("\"'") if t else ""
        text = text[m.end() :]
    paras = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = []  # a Markdown hard break (two spaces at the end of a line) is a <br>
        for part in re.split(r"(?: {2,}|\\)\n", block):
            flat = " ".join(part.split())
            lm = _REF_LABEL.match(flat)
            if bold and lm and (lm.group("lab") or "").strip():
                lab, rest = h.escape(lm.group(0)), h.escape(flat[lm.end() :])
                lines.append(f"<strong>{lab}</strong>{rest}")
            elif flat:
                lines.append(h.escape(flat))
        if lines:
            paras.append(f"<p>{'<br>'.join(lines)}</p>")
    page = (
        f"<html><head><title>{h.escape(title)}</title><script>var x = 1;</script></head><body>"
        "<div class='banner'><p>An official website of the United States Government</p>"
        "<p>Official websites use .gov. A .gov website belongs to an official government "
        "organization in the United States.</p></div>"
        "<nav><ul><li>Home</li><li>Briefing Room</li><li>Search</li></ul></nav>"
        f"<main><h1>{h.escape(title)}</h1>{''.join(paras)}</main>"
        "<footer><p>Privacy Policy</p><p>Share this</p></footer></body></html>"
    )
    dest = out / (md.stem + ".html")
    dest.write_text(page, encoding="utf-8")
    return dest


def reference_blocks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The title and every labelled turn's ``(label, whole text)`` by the strict reference's
    rule, paragraphs kept (what the other renditions are written from)."""
    m = _FRONT.match(text)
    title = ""
    if m:
        t = re.search(r"^title:\s*(.+)$", m.group(0), re.MULTILINE)
        title = t.group(1).strip().strip("\"'") if t else ""
    body = text[m.end() :] if m else text
    turns: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        if turns and _REF_END.match(line) and len(line.strip()) < 60:
            break
        lm = _REF_LABEL.match(line)
        label = _label(lm.group("q") or lm.group("lab")) if lm else ""
        if label and (label == "Q" or (sum(c.isalpha() for c in label) >= 2 and label != "END")):
            turns.append((label, [line[lm.end() :].strip()]))  # type: ignore[union-attr]
        elif turns:
            turns[-1][1].append(line.strip())
    out = []
    for lab, lines in turns:
        paras = re.split(r"\n{2,}", "\n".join(lines).strip())
        out.append((lab, "\n\n".join(" ".join(p.split()) for p in paras if p.strip())))
    return " ".join(title.split()), out


def _stamp(i: int) -> str:
    """Turn ``i``'s time stamp, 37 seconds a turn: "02:28", past an hour "01:02:03"."""
    h, m, sec = i * 37 // 3600, i * 37 // 60 % 60, i * 37 % 60
    return f"{h:02d}:{m:02d}:{sec:02d}" if h else f"{m:02d}:{sec:02d}"


#: Other ways the same transcript reaches a user, each written from the reference's turns:
#: the exports of transcription services, Markdown with bold labels, a Word document, a PDF.
RENDITIONS = {
    "Rev export, Name (mm:ss): above the words": lambda lab, i, body: (
        f"{lab} ({_stamp(i)}):\n\n{body}"
    ),
    "Rev's older style, Name: (mm:ss)": lambda lab, i, body: f"{lab}: ({_stamp(i)})\n{body}",
    "Otter export, Name  m:ss alone on its line": lambda lab, i, body: (
        f"{lab.title()}  {_stamp(i)}\n{body}"
    ),
    "time stamp before each label, [hh:mm:ss] LABEL:": lambda lab, i, body: (
        f"[{i * 37 // 3600:02d}:{i * 37 // 60 % 60:02d}:{i * 37 % 60:02d}] {lab}:  {body}"
    ),
    "Markdown, **LABEL:** in bold": lambda lab, i, body: f"**{lab}:** {body}",
    "LABEL alone on the line above the words, no colon": lambda lab, i, body: f"{lab}\n{body}",
    "Congressional Record, Ms. PSAKI. on indented 70-character lines": None,
    "Word document (.docx), labels in bold runs": None,
    "RTF document, bold labels, \\uN and \\'hh characters": None,
    "PDF, 90-character lines, page numbers": None,
}


def _write_rendition(kind: str, md: Path, out: Path, i: int) -> Path | None:
    """``md`` written as ``kind`` into ``out``; None when the reference finds no two labels."""
    title, turns = reference_blocks(md.read_text(encoding="utf-8"))
    if len(turns) < 2:
        return None
    render = RENDITIONS[kind]
    if render is not None:
        text = "\n\n".join([title, *(render(lab, k, body) for k, (lab, body) in enumerate(turns))])
        dest = out / f"{md.stem}.txt"
        dest.write_text(text, encoding="utf-8")
        return dest
    if kind.startswith("Congressional"):
        dest = out / f"{md.stem}.txt"
        dest.write_text(_record(title, turns), encoding="utf-8")
        return dest
    paras = [title] + [p for lab, body in turns for p in f"{lab}:  {body}".split("\n\n")]
    if kind.startswith("RTF"):
        sys.path.insert(0, str(ROOT / "tests"))
        from rtfs import rtf  # the RTF writer of the loader's tests

        dest = out / f"{md.stem}.rtf"
        dest.write_bytes(rtf(paras))
        return dest
    if kind.startswith("Word"):
        dest = out / f"{md.stem}.docx"
        _docx(dest, paras)
        return dest
    import textwrap

    sys.path.insert(0, str(ROOT / "tests"))
    from pdfs import pdf  # the hand-written PDF of the loader's tests

    lines = [w for p in paras for w in textwrap.wrap(p, 90)]  # compounds broken at hyphens
    pages = [lines[k : k + 50] for k in range(0, len(lines), 50)]
    pages = [[*pg, f"Page {k + 1} of {len(pages)}"] for k, pg in enumerate(pages)]
    dest = out / f"{md.stem}.pdf"
    try:
        dest.write_bytes(pdf(pages))
    except UnicodeEncodeError:  # a character Helvetica's encoding lacks: not this test's point
        return None
    return dest


#: Offices the Congressional Record prints before a name ("Ms. PSAKI.", "Secretary BLINKEN.").
_RECORD_TITLES = {
    "MR.": "Mr.",
    "MS.": "Ms.",
    "MRS.": "Mrs.",
    "DR.": "Dr.",
    **{w: w.title() for w in "SECRETARY SENATOR GENERAL ADMIRAL AMBASSADOR GOVERNOR".split()},
    **{w: w.title() for w in "MAYOR DIRECTOR ADMINISTRATOR COMMISSIONER THE".split()},
    **{w: w.title() for w in "PRESIDENT CONGRESSMAN CONGRESSWOMAN".split()},
}


def _record(title: str, turns: list[tuple[str, str]]) -> str:
    """The turns as the Congressional Record prints them: "Ms. PSAKI." (an office in
    capitals alone becomes "The MODERATOR."), every paragraph on an indented line, wrapped at
    70 characters, no blank line between them."""
    import textwrap

    lines = [title, ""]
    for lab, body in turns:
        first, _, rest = lab.partition(" ")
        if lab == "Q":
            shown = "Q"
        elif first in _RECORD_TITLES and rest:
            shown = f"{_RECORD_TITLES[first]} {rest}"
        else:
            shown = f"The {lab}"
        for k, para in enumerate(body.split("\n\n") or [""]):
            para = f"{shown}. {para}" if k == 0 else para
            lines += textwrap.wrap(para, 70, initial_indent="  ") or [f"  {shown}."]
    return "\n".join(lines)


def _docx(path: Path, paragraphs: list[str]) -> None:
    import html as h
    import zipfile

    runs = []
    for p in paragraphs:
        lab, sep, rest = p.partition(":  ")
        if sep and (lab == "Q" or lab.isupper()):
            body = (
                f"<w:r><w:rPr><w:b/></w:rPr><w:t>{h.escape(lab)}:</w:t></w:r>"
                f'<w:r><w:t xml:space="preserve">  {h.escape(rest)}</w:t></w:r>'
            )
        else:
            body = f'<w:r><w:t xml:space="preserve">{h.escape(p)}</w:t></w:r>'
        runs.append(f"<w:p>{body}</w:p>")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "word/document.xml", f"<w:document {ns}><w:body>{''.join(runs)}</w:body></w:document>"
        )


def _tally(files: list[Path], corpus: analysis.Corpus, norm) -> dict:
    """Turn F1 and the share of documents with every turn right: the corpus's turns of each
    file (by its stem) against the reference's, labels compared after ``norm``; files whose
    reference finds fewer than two labels are not scored."""
    by_doc = {d: g for d, g in corpus.turns.groupby("doc_id", sort=False, observed=True)}
    tp = fp = fn = exact = scored = 0
    for f in files:
        ref = [(norm(lab), head) for lab, head in reference_turns(f.read_text(encoding="utf-8"))]
        if len(ref) < 2:
            continue
        g = by_doc.get(f.stem)
        ours = (
            []
            if g is None
            else list(zip(g["speaker"].map(norm), g["text"].map(_head), strict=True))
        )
        rc, oc = Counter(ref), Counter(ours)
        hit = sum((rc & oc).values())
        tp, fp, fn = tp + hit, fp + sum(oc.values()) - hit, fn + sum(rc.values()) - hit
        scored += 1
        exact += rc == oc
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"scored": scored, "f1": 2 * p * r / max(1e-9, p + r), "exact": exact / max(1, scored)}


def score_rendition(folder: Path, kind: str, limit: int = 60) -> dict:
    """Turns of ``limit`` labelled transcripts written as ``kind``, against the reference
    (labels compared without regard to case: an Otter export prints names as given)."""
    import tempfile

    files = sorted(folder.rglob("*.md"))
    files = files[:: max(1, len(files) // limit)]
    with tempfile.TemporaryDirectory() as tmp:
        made = [(f, _write_rendition(kind, f, Path(tmp), i)) for i, f in enumerate(files)]
        made = [(f, d) for f, d in made if d is not None]
        corpus = analysis.load_corpus([d for _, d in made])
        return _tally([f for f, _ in made], corpus, _office)


def score_html(folder: Path, limit: int = 60) -> dict:
    """Turns of HTML renditions of ``limit`` labelled transcripts against the reference."""
    import tempfile

    files = sorted(folder.rglob("*.md"))[:: max(1, len(sorted(folder.rglob("*.md"))) // limit)]
    with tempfile.TemporaryDirectory() as tmp:
        pages = [html_rendition(f, Path(tmp), bold=i % 2 == 0) for i, f in enumerate(files)]
        return _tally(files, analysis.load_corpus(pages), _label)


def score_names(corpora: list[analysis.Corpus], path: Path = NAMES) -> dict:
    """Precision of the loader's questioner names on the hand-checked turns."""
    if not path.exists():
        return {"checked": 0}
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    turns = {}
    for c in corpora:
        t = c.turns[c.turns["role"] == "question"]
        for r in t.itertuples():
            turns[(r.doc_id, _head(r.text))] = r.speaker_name
    named = right = found = 0
    wrong = []
    for row in rows:
        key = (row["doc_id"], _head(row["question_head"]))
        if key not in turns:
            continue
        found += 1
        given = turns[key]
        if given:
            named += 1
            if given == row["questioner"]:
                right += 1
            else:
                wrong.append(f"  {row['doc_id']}: gave {given!r}, questioner {row['questioner']!r}")
    return {
        "checked": len(rows),
        "found": found,
        "named": named,
        "precision": right / max(1, named),
        "wrong": wrong,
    }


SHOW_ALL = False


def main(argv: list[str]) -> None:
    global SHOW_ALL
    SHOW_ALL = "--all" in argv
    argv = [a for a in argv if a != "--all"]
    folders = [Path(a) for a in argv] or [SHARED / "whitehouse", SHARED / "whitehouse-2023"]
    folders = [f for f in folders if f.exists()]
    if not folders:
        print("accuracy: no folder found; pass folders of transcripts")
        return
    results = [score_folder(f) for f in folders]
    for res in results:
        print(f"\n{res['folder']}: {res['docs']} documents, {res['scored']} with labels")
        print(
            f"  turns  precision {res['precision']:.2%}  recall {res['recall']:.2%}  "
            f"F1 {res['f1']:.2%}   (target F1 >= 99.5%)"
        )
        print(f"  documents with every turn right  {res['exact']:.1%}   (target >= 97%)")
        news = sum(n for (tag, kind), n in res["kinds"].items() if kind == "news article")
        print(f"  documents read as news articles  {news}   (target 0: none here is an article)")
        print("  kinds (front-matter tag -> loader's kind):")
        for (tag, kind), n in sorted(res["kinds"].items()):
            print(f"    {tag or '-':18s} {kind:20s} {n}")
        if res["families"]:
            print("  errors by family:")
            for fam, n in res["families"].most_common():
                print(f"    {n:5d}  {fam}")
        print("\n".join(res["misses"] if SHOW_ALL else res["misses"][:10]))
    for f in folders:
        res = score_html(f)
        print(
            f"\n{f} as saved web pages ({res['scored']} labelled transcripts, labels bold in "
            f"half): turn F1 {res['f1']:.2%}, documents with every turn right {res['exact']:.1%}"
        )
    for kind in RENDITIONS:
        for f in folders:
            res = score_rendition(f, kind)
            print(
                f"{f.name} as {kind} ({res['scored']} labelled transcripts): turn F1 "
                f"{res['f1']:.2%}, documents with every turn right {res['exact']:.1%}"
            )
    names = score_names([r["corpus"] for r in results])
    if names["checked"]:
        print(
            f"\nquestioner names: {names['checked']} hand-checked, {names['found']} found, "
            f"{names['named']} named by the loader, precision {names['precision']:.1%}"
            "   (target >= 99%)"
        )
        print("\n".join(names["wrong"]))


if __name__ == "__main__":
    main(sys.argv[1:])
