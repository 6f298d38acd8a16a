"""An RTF document written as a word processor writes one, for the loader's RTF tests and the
accuracy script's RTF rendition."""

from __future__ import annotations

_QUOTES = {"’": "\\rquote ", "‘": "\\lquote ", "“": "\\ldblquote ", "”": "\\rdblquote "}


def escape(s: str) -> str:
    """``s`` in RTF: curly quotes as control words, a line break as ``\\line``, Latin-1 as
    ``\\'hh`` and the rest as ``\\uN?`` (two of them for a character beyond the BMP)."""
    out = []
    for ch in s:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch in _QUOTES:
            out.append(_QUOTES[ch])
        elif ch == "\n":
            out.append("\\line ")
        elif ord(ch) < 128:
            out.append(ch)
        elif ord(ch) < 256:
            out.append(f"\\'{ord(ch):02x}")
        else:
            units = memoryview(ch.encode("utf-16-le")).cast("H")
            out.extend(f"\\u{u - 65536 if u > 32767 else u}?" for u in units)
    return "".join(out)


def rtf(paragraphs: list[str], groups: str = "") -> bytes:
    """The paragraphs, one ``\\par`` each, a ``LABEL:`` that opens one in bold; font and
    colour tables, an ignorable generator group, then ``groups`` (more header groups)."""
    body = []
    for p in paragraphs:
        lab, sep, rest = p.partition(":  ")
        if sep and (lab == "Q" or lab.isupper()):
            body.append(f"{{\\b {escape(lab)}:}}  {escape(rest)}\\par\r\n")
        else:
            body.append(f"{escape(p)}\\par\r\n")
    head = (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1{\\fonttbl{\\f0\\fswiss Helvetica;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Riched20 10.0;}"
        f"{groups}\\viewkind4\\pard\\f0\\fs24\r\n"
    )
    return (head + "".join(body) + "}").encode("ascii")
