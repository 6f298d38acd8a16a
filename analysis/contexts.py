"""Keyword-in-context strings: the left context, match and right context of each match,
cut from the documents' texts with white space collapsed, either one by one (:func:`cut`) or
all at once with numpy from a flattened copy of the corpus (:func:`flat_text`), made once per
corpus by :mod:`analysis.phrases`. Both give the same strings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .tokenize import _CLASS, _N, _SPACE, codepoints

#: The punctuation that closes a context's last word ("high”?"): kept in the right context.
CLOSING_RE = re.compile(r"[^\w\s]{1,3}")


def cut(
    texts: Mapping[str, str],
    names: list[str],
    doc: np.ndarray,
    lo_off: np.ndarray,
    s: np.ndarray,
    e: np.ndarray,
    hi_off: np.ndarray,
    sentence: bool,
) -> tuple[list[str], list[str], list[str]]:
    """Left context, match and right context of each match, cut from the documents' texts
    by character offsets (white space collapsed); the right context keeps the punctuation
    that closes its last word."""
    doc_texts: dict[int, str] = {}  # only the documents with a match
    left, match, right = [], [], []
    closing = CLOSING_RE.match
    for d, a, b, c_, z in zip(
        doc.tolist(), lo_off.tolist(), s.tolist(), e.tolist(), hi_off.tolist(), strict=True
    ):
        text = doc_texts.get(d)
        if text is None:
            text = doc_texts[d] = texts[names[d]]
        left.append(" ".join(text[a:b].split()))
        match.append(" ".join(text[b:c_].split()))
        r_text = text[c_:z]
        if z > c_ and not sentence:  # keep the punctuation that closes the last word
            m = closing(text, z, z + 3)
            if m:
                r_text += m.group(0)
        right.append(" ".join(r_text.split()))
    return left, match, right


@dataclass
class FlatText:
    """Every document's text as UTF-8 bytes, one after the other, with each run of white
    space as one space (and 12 spare bytes at the end); where each token starts and ends
    in it, and how many bytes of closing punctuation (what ``CLOSING_RE`` matches) follow
    each token."""

    data: np.ndarray
    start: np.ndarray
    end: np.ndarray
    closing: np.ndarray

    def contexts(
        self, p: np.ndarray, q: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[pa.Array, pa.Array, pa.Array]:
        """Left context, match and right context of the matches from token ``p`` to ``q``
        with context from token ``lo`` to ``hi``, as :func:`cut` makes them, in one go."""
        data = self.data
        m0, m1 = self.start[p], self.end[q]
        l0 = self.start[lo]
        l1 = m0 - ((m0 > l0) & (data[np.maximum(m0 - 1, 0)] == 32))  # no space before the match
        r0 = m1 + ((hi > q) & (data[m1] == 32))  # nor after it
        r1 = np.where(hi > q, self.end[hi] + self.closing[hi], m1)
        return slices(data, l0, l1), slices(data, m0, m1), slices(data, r0, r1)


def flat_text(
    texts: list[str], doc: np.ndarray, t_start: np.ndarray, t_end: np.ndarray
) -> FlatText:
    """The :class:`FlatText` of documents ``texts`` whose tokens (in document order) are in
    document ``doc`` at character offsets ``t_start`` to ``t_end``."""
    bounds = np.searchsorted(doc, np.arange(len(texts) + 1))
    data, start, end, closing = [], np.empty_like(t_start), np.empty_like(t_end), []
    size = 0
    for d, text in enumerate(texts):
        cp = codepoints(text)
        space = np.take(_SPACE, cp, mode="clip")
        word = np.take(_CLASS, cp, mode="clip") == 1
        for i in np.flatnonzero(cp >= _N):  # beyond the table: ask Python
            word[i] = text[i].isalnum()
        keep = ~space
        keep[1:] |= ~space[:-1]  # the first of a run of white space stays, as a space
        flat = np.where(space, 32, cp)[keep].astype(np.uint32)
        raw = flat.tobytes().decode("utf-32-le").encode("utf-8", "surrogatepass")
        utf8 = 1 + (cp >= 0x80).astype(np.int64) + (cp >= 0x800) + (cp >= _N)
        nbytes = np.where(space, 1, utf8) * keep
        pos = np.zeros(len(cp) + 4, np.int64)
        np.cumsum(nbytes, out=pos[1 : len(cp) + 1])
        pos[len(cp) + 1 :] = pos[len(cp)]
        a, b = bounds[d], bounds[d + 1]
        start[a:b] = size + pos[t_start[a:b]]
        end[a:b] = size + pos[t_end[a:b]]
        # closing punctuation: up to three characters that are neither word nor space
        close = np.r_[~word & ~space, False, False, False]
        z = t_end[a:b]
        run = close[z].astype(np.int64)
        run += close[z] & close[z + 1]
        run += close[z] & close[z + 1] & close[z + 2]
        closing.append(pos[z + run] - pos[z])
        data.append(raw)
        size += len(raw)
    small = np.int32 if size < 1 << 31 else np.int64  # half the memory for most corpora
    return FlatText(
        np.frombuffer(b"".join(data) + bytes(12), dtype=np.uint8),
        start.astype(small),
        end.astype(small),
        np.concatenate(closing).astype(np.int8) if closing else np.zeros(0, np.int8),
    )


def slices(data: np.ndarray, a: np.ndarray, b: np.ndarray) -> pa.Array:
    """The strings ``data[a[i]:b[i]]`` (UTF-8 bytes, followed by 12 spare bytes) as an Arrow
    array: views into ``data`` in Arrow's string_view layout (four int32: the length, then
    the bytes of a string of at most 12, else its first 4, the buffer and the offset),
    copied out by Arrow into an ordinary string array."""
    length = (b - a).astype("<i4")
    head = np.lib.stride_tricks.sliding_window_view(data, 12)[a]  # 12 bytes from each start
    head *= np.arange(12) < length[:, None]  # zeros after the end of a short string
    words = head.view("<i4")
    short = length <= 12
    views = np.empty((len(a), 4), "<i4")
    views[:, 0] = length
    views[:, 1] = words[:, 0]
    views[:, 2] = np.where(short, words[:, 1], 0)
    views[:, 3] = np.where(short, words[:, 2], a)
    buffers = [None, pa.py_buffer(views), pa.py_buffer(data)]
    return pa.Array.from_buffers(pa.string_view(), len(a), buffers).cast(pa.large_string())
