"""Topic mix: what each document, turn and speaker talks about, by lexicon or by NMF.

Two ways to measure it, with the same result shape (a tidy table with the grouping columns,
``topic``, ``label`` and ``share``), so the same charts draw both:

**Dictionary coding** (the quanteda way: ``tokens_lookup`` then ``dfm``). A *lexicon* maps
each topic to entries: words, multiword phrases and prefix wildcards (``sanction*``,
``nuclear deal``, ``f-16*``). Every match in the spoken words is a *hit*; a group's topic mix
is its hits per topic, as counts, shares and rates. The project ships a lexicon in
``data/lexicon/topics.yaml`` (its header explains the format); pass your own path or dict.
Every count can be traced back to the words: :func:`topic_hits` lists every match with its
position, and :func:`topic_mix` keeps the matched terms of each cell.

>>> from analysis import parse_text
>>> c = parse_text("Q  Will sanctions work?\\n\\nMS. LEE:  The sanctions and the nuclear deal.")
>>> lex = {"sanctions": ["sanction*"], "iran": ["iran*", "nuclear deal"]}
>>> topic_mix(c, lex, by="role")[["role", "topic", "hits", "terms"]].values.tolist()
[['question', 'sanctions', 1, 'sanctions:1'], ['question', 'iran', 0, ''], \
['answer', 'sanctions', 1, 'sanctions:1'], ['answer', 'iran', 1, 'nuclear deal:1']]

**Unsupervised topics** (non-negative matrix factorisation). :func:`fit_topics` weighs the
content words of every turn by TF-IDF and factorises the turn-by-word matrix into ``k``
topics: each topic is a weighted list of words, each turn a mix of topics. Nobody names the
topics in advance, so NMF finds what the lexicon did not think of; the price is that its
topics have to be read (their top terms) before they mean anything. :func:`choose_n_topics`
helps pick ``k``. Fitting is deterministic: same corpus and options, same tables.

The charts of these tables are in :mod:`analysis.topic_plots`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from .corpus import Corpus
from .memo import memo
from .phrases import token_index
from .stopwords import GLASGOW, STOPWORDS

if TYPE_CHECKING:  # scipy and scikit-learn are imported where NMF needs them: the lexicon
    # functions, which notebooks and findings call without fitting anything, then start fast
    from scipy import sparse
    from sklearn.decomposition import NMF

#: The lexicon used when none is given: ``data/lexicon/topics.yaml`` in the project folder.
LEXICON_PATH = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "topics.yaml"

#: Keys a topic may have in a lexicon (``terms`` is required).
TOPIC_KEYS = ("label", "note", "terms")

#: Words of the press room that carry no topic: the verbs, hedges and courtesies of spoken
#: answers ("think", "obviously", "thank"), time words, the run of a briefing ("question",
#: "embargoed", "attributable"), titles and the names of those who run the room. Left in,
#: NMF spends whole topics on them ("ahead, know, time, point, share").
PRESS_ROOM_WORDS: frozenset[str] = frozenset(
    """
    ahead know knows knew knowing think thinks thought time times point points share
    certainly obviously look looks looking looked question questions thanks thank ask asks
    asked asking little bit sort kind make makes made making sure want wants wanted continue
    continued continues continuing clear clearly right people today yesterday tomorrow
    tonight week weeks day days year years month months morning afternoon evening go goes
    going gone went come comes coming came need needs needed see sees seen saw seeing take
    takes taken taking took give gives given giving gave put puts putting tell tells told
    talk talked talking mean means meant great good important actually absolutely maybe
    probably guys folks everybody anybody somebody hey hi hello welcome appreciate glad
    happy speak speaks spoke spoken speaking understand believe feel hope expect able new
    first last next ago already always never ever whether including include includes
    across around work works worked working done doing thing stuff number numbers lot
    spoke discuss discussed conversation conversations comment comments reporting reports
    reported report details specific specifically happen happened happening wondering
    mentioned noted note terms example certainly different course part parts step steps
    place end big long, better best
    briefing briefings press call calls official officials senior background embargoed
    attributable reminder podium readout remarks statement announcement announce
    announced preview
    president president's biden white house administration secretary
    jen psaki karine jean-pierre kirby blinken antony
    """.replace(",", " ").split()
)

#: Stopwords for NMF: the project's list, scikit-learn's English list and
#: :data:`PRESS_ROOM_WORDS`.
TOPIC_STOPWORDS: frozenset[str] = STOPWORDS | GLASGOW | PRESS_ROOM_WORDS

_LEXICON_COLUMNS = ["topic", "label", "note", "entry", "n_words"]
_HIT_COLUMNS = [
    "doc_id",
    "turn",
    "token",
    "n_tokens",
    "start",
    "end",
    "topic",
    "entry",
    "text",
    "norm",
]
_WORD_RE = re.compile(r"\w[\w'.\-]*")
_LETTER_RE = re.compile(r"[^\W\d_]")


# -- the lexicon -------------------------------------------------------------------------


def _strip_possessive(word: str) -> str:
    """``russia's`` -> ``russia``; ``allies'`` -> ``allies``; other words unchanged."""
    if len(word) > 2 and word.endswith("'s"):
        return word[:-2]
    if len(word) > 1 and word.endswith("'"):
        return word[:-1]
    return word


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key given twice in one mapping."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            if key in seen:
                raise ValueError(
                    f"duplicate key {key!r} at line {line} (first at line {seen[key]}): "
                    "each topic, and each key inside a topic, may appear once; merge them"
                )
            seen[key] = line
        except TypeError:  # unhashable key: let PyYAML say so
            pass
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _unique_mapping,  # type: ignore[arg-type]
)


def _entry(raw: object, topic: str, where: str) -> str:
    """The normalised form of one lexicon entry, or a ValueError naming topic and entry."""
    at = f"{where}topic {topic!r}, entry {raw!r}"
    if not isinstance(raw, str):
        raise ValueError(
            f"{at}: an entry must be a string, not {type(raw).__name__} "
            "(in YAML, quote words such as yes, no, on, off and numbers)"
        )
    words = raw.replace("’", "'").lower().split()
    if not words:
        raise ValueError(f"{at}: the entry is empty; remove it")
    out = []
    for word in words:
        stem = word[:-1] if word.endswith("*") else word
        if "*" in stem:
            raise ValueError(
                f"{at}: a wildcard * may only end a word, once "
                f"(write {stem.replace('*', '') + '*'!r}; there is no leading wildcard)"
            )
        if word.endswith("*") and len(stem) < 2:
            raise ValueError(
                f"{at}: a wildcard needs at least two characters before the * "
                f"({word!r} would match almost every word)"
            )
        if not _WORD_RE.fullmatch(stem):
            raise ValueError(
                f"{at}: {word!r} has characters that never occur in a word (words are "
                "letters and digits, with inner apostrophes, hyphens or dots: f-16s, u.s.)"
            )
        out.append(word if word.endswith("*") else _strip_possessive(word))
    return " ".join(out)


def _lexicon_table(data: object, where: str) -> pd.DataFrame:
    """Validate a lexicon given as a mapping and return it as a table."""
    if not isinstance(data, Mapping) or not data:
        raise ValueError(
            f"{where}a lexicon is a mapping of topics to entries, e.g. "
            "{'iran': ['iran*', 'nuclear deal']}; got "
            + ("an empty mapping" if isinstance(data, Mapping) else type(data).__name__)
        )
    rows: list[tuple[str, str, str, str, int]] = []
    seen_topics: dict[str, str] = {}
    for name, spec in data.items():
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}topic {name!r}: a topic name must be a non-empty string")
        topic = name.strip()
        if topic.casefold() in seen_topics:
            raise ValueError(
                f"{where}topic {topic!r}: duplicate topic (also given as "
                f"{seen_topics[topic.casefold()]!r}); merge their entries"
            )
        seen_topics[topic.casefold()] = name
        label, note = topic, ""
        if isinstance(spec, Mapping):
            unknown = [k for k in spec if k not in TOPIC_KEYS]
            if unknown:
                raise ValueError(
                    f"{where}topic {topic!r}: unknown key {unknown[0]!r}; "
                    f"a topic has only {', '.join(TOPIC_KEYS)}"
                )
            if "terms" not in spec:
                raise ValueError(f"{where}topic {topic!r}: no terms (add 'terms:' with a list)")
            for key in ("label", "note"):
                value = spec.get(key)
                if value is not None and not isinstance(value, str):
                    raise ValueError(f"{where}topic {topic!r}: {key} must be text, got {value!r}")
            label = str(spec.get("label") or topic).strip()
            note = " ".join(str(spec.get("note") or "").split())
            terms = spec["terms"]
        else:
            terms = spec
        if isinstance(terms, str) or not isinstance(terms, Sequence):
            raise ValueError(
                f"{where}topic {topic!r}: terms must be a list of entries, got {terms!r}"
            )
        if not terms:
            raise ValueError(f"{where}topic {topic!r}: the list of terms is empty")
        entries: dict[str, object] = {}
        for raw in terms:
            entry = _entry(raw, topic, where)
            if entry in entries:
                raise ValueError(
                    f"{where}topic {topic!r}, entry {raw!r}: duplicate entry "
                    f"(same as {entries[entry]!r}); remove one"
                )
            entries[entry] = raw
            rows.append((topic, label, note, entry, entry.count(" ") + 1))
    out = pd.DataFrame(rows, columns=_LEXICON_COLUMNS)
    return out.astype({c: "str" for c in _LEXICON_COLUMNS[:4]} | {"n_words": "int64"})


def load_lexicon(
    source: str | Path | Mapping[str, Any] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Read and check a topic lexicon, one row per entry.

    A lexicon maps each topic to its entries, either as a list or as a mapping with
    ``label`` (shown in charts), ``note`` (what the topic covers) and ``terms`` (the list).
    An entry is one or more words; a ``*`` at the end of a word matches any ending. Entries
    are lower-cased, curly apostrophes made straight and a possessive ``'s`` dropped, as in
    the words they are matched against. The header of ``data/lexicon/topics.yaml`` explains
    the format in full.

    Args:
        source: a YAML file (path), a mapping as described, a table returned by this
            function (checked again), or None for the shipped lexicon :data:`LEXICON_PATH`.

    Returns:
        One row per entry, in lexicon order: ``topic``, ``label``, ``note``, ``entry`` (the
        normalised entry, words separated by one space) and ``n_words``.

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: the lexicon is malformed. The message names the file, the topic and the
            entry: an empty entry, a misplaced wildcard (``*foo``, ``fo*o``, ``**``), an entry
            that is not a string, an unknown key in a topic, a topic or entry given twice.

    Example:
        >>> load_lexicon({"iran": ["Iran*", "nuclear deal"]}).values.tolist()
        [['iran', 'iran', '', 'iran*', 1], ['iran', 'iran', '', 'nuclear deal', 2]]
        >>> load_lexicon({"iran": ["*nuclear"]})
        Traceback (most recent call last):
        ...
        ValueError: topic 'iran', entry '*nuclear': a wildcard * may only end a word, once \
(write 'nuclear*'; there is no leading wildcard)
    """
    if isinstance(source, pd.DataFrame):
        missing = [c for c in _LEXICON_COLUMNS if c not in source.columns]
        if missing:
            raise ValueError(
                f"a lexicon table needs the columns {_LEXICON_COLUMNS}; missing {missing}"
            )
        data: dict[str, Any] = {}
        for topic, label, note, entry in source[["topic", "label", "note", "entry"]].itertuples(
            index=False
        ):
            spec = data.setdefault(topic, {"label": label, "note": note, "terms": []})
            spec["terms"].append(entry)
        return _lexicon_table(data, "")
    if isinstance(source, Mapping):
        return _lexicon_table(source, "")
    path = LEXICON_PATH if source is None else Path(source)
    if not path.is_file():
        hint = (
            "the shipped lexicon lives in the project's data/lexicon/ folder; "
            if source is None
            else ""
        )
        raise FileNotFoundError(
            f"topic lexicon not found: {path} ({hint}pass lexicon= a YAML path or a dict)"
        )
    where = f"lexicon {path}: "
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"{where}not valid YAML: {exc}") from exc
    except ValueError as exc:
        raise ValueError(f"{where}{exc}") from exc
    return _lexicon_table(data, where)


def _as_lexicon(lexicon: str | Path | Mapping[str, Any] | pd.DataFrame | None) -> pd.DataFrame:
    return load_lexicon(lexicon)


# -- matching ----------------------------------------------------------------------------


@dataclass
class _Tokens:
    """The spoken words as arrays, in document order (the rows of the shared word index,
    :func:`analysis.phrases.token_index`), with each word's lexicon key code."""

    doc: np.ndarray  # document code (position in corpus.documents)
    turn: np.ndarray
    unit: np.ndarray  # equal for two words iff they are in the same turn
    token: np.ndarray
    start: np.ndarray
    end: np.ndarray
    vocab: np.ndarray  # word of each code of vocab_code (object array)
    vocab_code: np.ndarray  # each word's code in vocab
    code: np.ndarray  # code of the word's key in `keys`
    keys: list[str]  # sorted distinct keys (norm without a possessive 's)
    doc_ids: list[str]


def _tokens(corpus: Corpus) -> _Tokens:
    idx = token_index(corpus)
    tok = corpus.tokens
    token = tok["token"].to_numpy(dtype="int64")
    rows = slice(None)
    if len(token) > 1:
        step_doc, step_token = np.diff(idx.doc), np.diff(token)
        if not np.all((step_doc > 0) | ((step_doc == 0) & (step_token > 0))):
            rows = np.lexsort((token, idx.doc))  # type: ignore[assignment]
    vocab = np.asarray(idx.vocab, dtype=object)
    # keys of the words said (an index may code more words than these tokens say)
    said = np.bincount(idx.codes, minlength=len(vocab)) > 0
    keys_of_said = np.array([_strip_possessive(str(w)) for w in vocab[said]], dtype=object)
    key_of_word = np.full(len(vocab), -1, dtype="int64")
    keys: list[str] = []
    if len(keys_of_said):
        uniq, key_code = np.unique(keys_of_said, return_inverse=True)
        keys = [str(k) for k in uniq]
        key_of_word[said] = np.asarray(key_code, dtype="int64").ravel()
    codes = np.asarray(idx.codes, dtype="int64")[rows]
    return _Tokens(
        doc=np.asarray(idx.doc, dtype="int64")[rows],
        turn=tok["turn"].to_numpy(dtype="int64")[rows],
        unit=np.asarray(idx.unit)[rows],
        token=token[rows],
        start=tok["start"].to_numpy(dtype="int64")[rows],
        end=tok["end"].to_numpy(dtype="int64")[rows],
        vocab=vocab,
        vocab_code=codes,
        code=key_of_word[codes],
        keys=keys,
        doc_ids=[str(d) for d in corpus.documents["doc_id"]],
    )


def _key_range(keys: list[str], word: str) -> tuple[int, int]:
    """Codes ``[lo, hi)`` of the keys a lexicon word matches (keys are sorted)."""
    if word.endswith("*"):
        stem = word[:-1]
        return bisect.bisect_left(keys, stem), bisect.bisect_left(keys, stem + "\U0010ffff")
    lo = bisect.bisect_left(keys, word)
    return lo, lo + (lo < len(keys) and keys[lo] == word)


def _match(t: _Tokens, lex: pd.DataFrame) -> pd.DataFrame:
    """Every counted match: token row, length, topic number and entry number.

    Within a topic each word counts once: leftmost match first, then the longest, then the
    earliest entry in the lexicon.
    """
    n = len(t.code)
    order = np.argsort(t.code, kind="stable")
    sorted_code = t.code[order]
    topic_no = pd.factorize(lex["topic"])[0]
    rows, lens, topics, entries = [], [], [], []
    for e, (entry, tno) in enumerate(zip(lex["entry"], topic_no, strict=True)):
        words = entry.split(" ")
        ranges = [_key_range(t.keys, w) for w in words]
        if any(lo >= hi for lo, hi in ranges):
            continue
        lo, hi = ranges[0]
        cand = order[np.searchsorted(sorted_code, lo) : np.searchsorted(sorted_code, hi)]
        for j, (lo_j, hi_j) in enumerate(ranges[1:], start=1):
            cand = cand[cand + j < n]
            nxt = cand + j
            ok = (t.unit[nxt] == t.unit[cand]) & (t.code[nxt] >= lo_j) & (t.code[nxt] < hi_j)
            cand = cand[ok]
        if len(cand):
            rows.append(cand)
            lens.append(np.full(len(cand), len(words)))
            topics.append(np.full(len(cand), tno))
            entries.append(np.full(len(cand), e))
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in ("row", "len", "topic", "e")})
    row, ln = np.concatenate(rows), np.concatenate(lens)
    tp, en = np.concatenate(topics), np.concatenate(entries)
    idx = np.lexsort((en, -ln, row, tp))
    row, ln, tp, en = row[idx], ln[idx], tp[idx], en[idx]
    keep = np.zeros(len(row), dtype=bool)
    last_topic, last_end = -1, -1
    for i, (r, length, tpc) in enumerate(zip(row.tolist(), ln.tolist(), tp.tolist(), strict=True)):
        if tpc != last_topic:
            last_topic, last_end = tpc, -1
        if r >= last_end:
            keep[i] = True
            last_end = r + length
    out = pd.DataFrame({"row": row[keep], "len": ln[keep], "topic": tp[keep], "e": en[keep]})
    return out.sort_values(["row", "topic"], kind="stable").reset_index(drop=True)


def _find_hits(corpus: Corpus, lex: pd.DataFrame) -> pd.DataFrame:
    t = _tokens(corpus)
    m = _match(t, lex)
    row, last = m["row"].to_numpy(), (m["row"] + m["len"] - 1).to_numpy()
    doc = t.doc[row]
    start, end = t.start[row], t.end[last]
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    doc_ids = [t.doc_ids[d] for d in doc.tolist()]
    norm = [
        " ".join(t.vocab[t.vocab_code[r : r + length]].tolist())
        for r, length in zip(row.tolist(), m["len"].tolist(), strict=True)
    ]
    topics = pd.unique(lex["topic"])
    return pd.DataFrame(
        {
            "doc_id": pd.Series(doc_ids, dtype="str"),
            "turn": t.turn[row],
            "token": t.token[row],
            "n_tokens": m["len"].to_numpy(dtype="int64"),
            "start": start,
            "end": end,
            "topic": pd.Series(topics[m["topic"].to_numpy()], dtype="str"),
            "entry": pd.Series(lex["entry"].to_numpy()[m["e"].to_numpy()], dtype="str"),
            "text": pd.Series(
                [
                    texts[d][a:b]
                    for d, a, b in zip(doc_ids, start.tolist(), end.tolist(), strict=True)
                ],
                dtype="str",
            ),
            "norm": pd.Series(norm, dtype="str"),
        },
        columns=_HIT_COLUMNS,
    )


def topic_hits(
    corpus: Corpus,
    lexicon: str | Path | Mapping[str, Any] | pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every match of a lexicon entry in the spoken words: where each topic count comes from.

    Entries are matched against ``tokens.norm`` (lower case, straight apostrophes) with a
    possessive ``'s`` dropped on both sides; a multiword entry matches consecutive words of
    one turn. Within a topic a word is counted once (leftmost, then longest match, then the
    earlier entry); across topics entries are independent, so one word can be a hit for two
    topics.

    Args:
        corpus: a loaded corpus.
        lexicon: a lexicon as accepted by :func:`load_lexicon` (None: the shipped one).

    Returns:
        One row per hit, in document and word order (then lexicon order of topics):
        ``doc_id``, ``turn``, ``token`` (first word of the match, as in ``tokens.token``),
        ``n_tokens`` (words matched), ``start`` and ``end`` (character offsets into
        ``documents.text``), ``topic``, ``entry`` (the lexicon entry that matched),
        ``text`` (the words as printed, ``documents.text[start:end]``) and ``norm`` (the
        matched words in ``tokens.norm`` form, separated by one space).

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  Are Russia’s sanctions on cluster munitions working?")
        >>> lex = {"russia": ["russia"], "weapons": ["munition*", "cluster munitions"]}
        >>> topic_hits(c, lex)[["turn", "topic", "entry", "text"]].values.tolist()
        [[0, 'russia', 'russia', 'Russia’s'], [0, 'weapons', 'cluster munitions', 'cluster \
munitions']]
    """
    return _hits(corpus, _as_lexicon(lexicon))


def _hits(corpus: Corpus, lex: pd.DataFrame) -> pd.DataFrame:
    """:func:`topic_hits` of a loaded lexicon, found once per corpus and lexicon."""
    key = ("topic_hits", tuple(lex["topic"]), tuple(lex["entry"]))
    return memo(corpus, key, lambda: _find_hits(corpus, lex))


def _by_list(by: str | Sequence[str]) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by needs at least one column, e.g. by='doc_id'")
    return keys


def _group_table(corpus: Corpus, keys: list[str]) -> pd.DataFrame:
    """The turns with ``doc_id``, ``turn``, ``n_words`` and the ``keys`` columns."""
    turns = corpus.turns
    extra = [k for k in keys if k not in turns.columns]
    docs_cols = [k for k in extra if k in corpus.documents.columns and k != "n_words"]
    unknown = [k for k in extra if k not in docs_cols]
    if unknown:
        raise ValueError(
            f"cannot group by {unknown}: use columns of corpus.turns "
            f"({', '.join(turns.columns)}) or corpus.documents"
        )
    cols = [c for c in dict.fromkeys(["doc_id", "turn", "n_words", *keys]) if c not in docs_cols]
    base = turns[cols]
    if docs_cols:
        base = base.merge(corpus.documents[["doc_id", *docs_cols]], on="doc_id", how="left")
    return base


def _terms_column(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``term:count`` strings per group and topic, most frequent first, then alphabetical."""
    c = counts.groupby([*keys, "topic", "norm"], sort=False, dropna=False).size()
    c = c.rename("n").reset_index()
    c = c.sort_values(["n", "norm"], ascending=[False, True], kind="stable")
    c["piece"] = c["norm"] + ":" + c["n"].astype("str")
    return (
        c.groupby([*keys, "topic"], sort=False, dropna=False)["piece"]
        .agg(", ".join)
        .rename("terms")
        .reset_index()
    )


def topic_mix(
    corpus: Corpus,
    lexicon: str | Path | Mapping[str, Any] | pd.DataFrame | None = None,
    *,
    by: str | Sequence[str] = "doc_id",
) -> pd.DataFrame:
    """Topic hits and shares per document, turn, speaker or role, by dictionary coding.

    Each group gets one row per topic of the lexicon (zeros included), so the table pivots
    straight into a groups-by-topics matrix. ``share`` is the topic's part of the group's
    hits (the shares of a group add up to 1 unless it has no hits at all); ``per_1k`` is
    the topic's rate in the group's words, comparable across groups of different sizes.

    Args:
        corpus: a loaded corpus.
        lexicon: a lexicon as accepted by :func:`load_lexicon` (None: the shipped one,
            ``data/lexicon/topics.yaml``).
        by: column(s) to group by: ``"doc_id"`` (default), ``["doc_id", "turn"]``,
            ``"speaker"``, ``"speaker_name"``, ``"role"``, or any other column of
            ``corpus.turns`` or ``corpus.documents`` (``"kind"``, ``"date"``).

    Returns:
        One row per group and topic, groups in corpus order (order of first appearance),
        topics in lexicon order: the ``by`` column(s), ``topic``, ``label``, ``hits``
        (matches, a multiword match counting once), ``share`` (hits / the group's hits of
        all topics; 0 when the group has none), ``words`` (spoken words in the group),
        ``per_1k`` (hits per 1,000 words; 0 for a group without words) and ``terms`` (the
        matched words as ``term:count``, most frequent first, e.g.
        ``"cluster munitions:6, munitions:2"``; '' when there are no hits). Use
        :func:`topic_hits` for the position of every match.

    Example:
        >>> from analysis import parse_text
        >>> c = parse_text("Q  NATO?\\n\\nMS. LEE:  NATO allies, and Iran.")
        >>> m = topic_mix(c, {"nato": ["nato", "allies"], "iran": ["iran"]}, by="speaker")
        >>> m[["speaker", "topic", "hits", "share", "per_1k"]].values.tolist()
        [['Q', 'nato', 1, 1.0, 1000.0], ['Q', 'iran', 0, 0.0, 0.0], \
['MS. LEE', 'nato', 2, 0.6666666666666666, 500.0], ['MS. LEE', 'iran', 1, 0.3333333333333333, \
250.0]]
    """
    if getattr(corpus, "is_store", False):  # a Parquet store: analysis.store
        from . import store

        return store.topic_mix(corpus, lexicon, by=by)
    return _mix(corpus, _as_lexicon(lexicon), _by_list(by))


def _mix(
    corpus: Corpus, lex: pd.DataFrame, keys: list[str], doc_id: str | None = None
) -> pd.DataFrame:
    """:func:`topic_mix` of a loaded lexicon; with ``doc_id``, only that document's rows
    (each group's numbers are its own, so they are those of the whole table)."""
    topics = pd.unique(lex["topic"])
    labels = lex.drop_duplicates("topic").set_index("topic")["label"]
    base = _group_table(corpus, keys)
    hits = _hits(corpus, lex)
    if doc_id is not None:
        base = base[base["doc_id"] == doc_id]
        hits = hits[hits["doc_id"] == doc_id]
    if keys == ["doc_id"] and doc_id is None:
        groups = pd.DataFrame({"doc_id": corpus.documents["doc_id"].astype("str")})
    else:
        groups = base[keys].drop_duplicates().reset_index(drop=True)
    words = base.groupby(keys, sort=False, dropna=False)["n_words"].sum().rename("words")
    hits = hits.merge(
        base[["doc_id", "turn", *[k for k in keys if k not in ("doc_id", "turn")]]],
        on=["doc_id", "turn"],
        how="left",
    )
    n_hits = hits.groupby([*keys, "topic"], sort=False, dropna=False).size().rename("hits")
    terms = _terms_column(hits, keys)
    g = len(groups)
    grid = groups.loc[np.repeat(np.arange(g), len(topics))].reset_index(drop=True)
    grid["topic"] = pd.Series(np.tile(topics, g), dtype="str")
    grid["label"] = grid["topic"].map(labels).astype("str")
    grid = grid.merge(n_hits.reset_index(), on=[*keys, "topic"], how="left")
    grid = grid.merge(words.reset_index(), on=keys, how="left")
    grid = grid.merge(terms, on=[*keys, "topic"], how="left")
    grid["hits"] = grid["hits"].fillna(0).astype("int64")
    grid["words"] = grid["words"].fillna(0).astype("int64")
    total = grid.groupby(keys, sort=False, dropna=False)["hits"].transform("sum")
    grid["share"] = (grid["hits"] / total.where(total > 0)).fillna(0.0)
    grid["per_1k"] = (grid["hits"] / grid["words"].where(grid["words"] > 0) * 1000).fillna(0.0)
    grid["terms"] = grid["terms"].fillna("").astype("str")
    return grid[[*keys, "topic", "label", "hits", "share", "words", "per_1k", "terms"]]


# -- unsupervised topics -----------------------------------------------------------------


@dataclass
class _Matrix:
    """Turn-by-term TF-IDF matrix and what its rows and columns are."""

    counts: sparse.csr_matrix
    tfidf: sparse.csr_matrix
    turns: pd.DataFrame  # doc_id, turn, words (one row per matrix row)
    vocabulary: list[str]


def _turn_matrix(
    corpus: Corpus,
    *,
    stopwords: Iterable[str],
    min_words: int,
    min_df: int,
    max_df: float,
    max_terms: int | None,
) -> _Matrix:
    """The turn-by-term matrix, built once per corpus and options (not to be changed)."""
    stop = frozenset(stopwords)
    return memo(
        corpus,
        ("turn matrix", stop, min_words, min_df, max_df, max_terms),
        lambda: _build_matrix(corpus, stop, min_words, min_df, max_df, max_terms),
    )


def _build_matrix(
    corpus: Corpus,
    stopwords: Iterable[str],
    min_words: int,
    min_df: int,
    max_df: float,
    max_terms: int | None,
) -> _Matrix:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfTransformer

    t = _tokens(corpus)
    stop = {_strip_possessive(w) for w in stopwords}
    content = np.array(
        [k not in stop and len(k) > 1 and bool(_LETTER_RE.search(k)) for k in t.keys], dtype=bool
    )
    n = len(t.code)
    if n:
        change = np.r_[True, t.unit[1:] != t.unit[:-1]]
        tid = np.cumsum(change) - 1
        first = np.flatnonzero(change)
    else:
        tid = first = np.zeros(0, dtype="int64")
    keep_tok = content[t.code] if n else np.zeros(0, dtype=bool)
    n_turns = len(first)
    per_turn = np.bincount(tid[keep_tok], minlength=n_turns)
    rows_ok = per_turn >= min_words
    new_row = np.cumsum(rows_ok) - 1
    sel = keep_tok & rows_ok[tid] if n else keep_tok
    m = sparse.csr_matrix(
        (np.ones(int(sel.sum())), (new_row[tid[sel]], t.code[sel])),
        shape=(int(rows_ok.sum()), len(t.keys)),
    )
    m.sum_duplicates()
    df = np.asarray((m > 0).sum(axis=0)).ravel()
    limit = max_df * m.shape[0] if max_df <= 1 else max_df
    cols = np.flatnonzero((df >= min_df) & (df <= limit))
    if max_terms is not None and len(cols) > max_terms:
        # most documents first, ties alphabetical (codes are in alphabetical order)
        cols = np.sort(cols[np.lexsort((cols, -df[cols]))[:max_terms]])
    m = m[:, cols].tocsr()
    nonempty = np.asarray(m.sum(axis=1)).ravel() > 0
    m = m[nonempty]
    turn_rows = first[rows_ok][nonempty]
    turns = pd.DataFrame(
        {
            "doc_id": pd.Series([t.doc_ids[d] for d in t.doc[turn_rows].tolist()], dtype="str"),
            "turn": t.turn[turn_rows],
        }
    )
    n_words = corpus.turns.set_index(["doc_id", "turn"])["n_words"]
    turns["words"] = (
        n_words.reindex(pd.MultiIndex.from_frame(turns[["doc_id", "turn"]])).fillna(0).to_numpy()
    ).astype("int64")
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(m).tocsr()
    return _Matrix(counts=m, tfidf=tfidf, turns=turns, vocabulary=[t.keys[c] for c in cols])


def _nmf(x: sparse.csr_matrix, k: int, random_state: int, max_iter: int) -> tuple[NMF, np.ndarray]:
    """Fit NMF with a deterministic start; the model and the row weights ``W``."""
    from sklearn.decomposition import NMF

    model = NMF(
        n_components=k,
        init="nndsvda",
        solver="cd",
        beta_loss="frobenius",
        random_state=random_state,
        max_iter=max_iter,
        tol=1e-4,
    )
    w = model.fit_transform(x)
    return model, w


def _full_fit(
    corpus: Corpus, mat: _Matrix, k: int, random_state: int, max_iter: int
) -> tuple[NMF, np.ndarray]:
    """:func:`_nmf` of all of ``mat``, fitted once per corpus (``choose_n_topics`` fits the
    ``k`` that ``fit_topics`` then asks for); not to be changed."""
    key = ("nmf", id(mat), k, random_state, max_iter)  # mat is kept (memo) while this is
    return memo(corpus, key, lambda: _nmf(mat.tfidf, k, random_state, max_iter))


def _check_k(k: int, mat: _Matrix) -> None:
    n_rows, n_terms = mat.tfidf.shape
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"n_topics must be a positive whole number, got {k!r}")
    if k > min(n_rows, n_terms):
        raise ValueError(
            f"cannot fit {k} topics to {n_rows} turns and {n_terms} terms; "
            "choose fewer topics, or lower min_words/min_df to keep more turns and terms"
        )


def _row_shares(w: np.ndarray) -> np.ndarray:
    total = w.sum(axis=1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)


def _top_terms(h: np.ndarray, vocab: list[str], top_n: int) -> list[list[str]]:
    """Top terms per topic row of ``h``: by weight, ties alphabetical."""
    vocab_arr = np.array(vocab, dtype=object)
    out = []
    for row in h:
        r = np.round(row / row.sum() if row.sum() > 0 else row, 6)
        idx = np.lexsort((vocab_arr, -r))[:top_n]
        out.append([vocab[i] for i in idx if r[i] > 0])
    return out


@dataclass
class TopicModel:
    """Topics found by NMF, and how the turns and documents mix them (see :func:`fit_topics`).

    Topics are numbered ``T1``, ``T2``, ... from the largest (most of the corpus's words) to
    the smallest; ``label`` is the topic number with its three top terms.

    Attributes:
        topics: one row per topic: ``topic``, ``label``, ``share`` (the topic's part of all
            words of the modelled turns), ``top_terms`` (the top terms, comma-separated).
        terms: one row per topic and top term: ``topic``, ``label``, ``rank`` (1 = top),
            ``term``, ``weight`` (the term's part of the topic's weight; a topic's weights
            over all terms add up to 1).
        turn_mix: one row per modelled turn and topic: ``doc_id``, ``turn``, ``topic``,
            ``label``, ``share`` (the turn's shares add up to 1), ``words`` (the turn's
            spoken words).
        doc_mix: one row per document and topic: ``doc_id``, ``topic``, ``label``, ``share``
            (the turn shares averaged with each turn weighted by its words).
        error: relative reconstruction error, ``||X - WH|| / ||X||`` (0 perfect, 1 nothing
            explained).
        vocabulary: the terms (matrix columns), alphabetical.
        params: the options the model was fitted with.
        model: the fitted :class:`sklearn.decomposition.NMF`.
    """

    topics: pd.DataFrame
    terms: pd.DataFrame
    turn_mix: pd.DataFrame
    doc_mix: pd.DataFrame
    error: float
    vocabulary: tuple[str, ...]
    params: dict[str, Any]
    model: NMF = field(repr=False)

    def mix(self, corpus: Corpus, *, by: str | Sequence[str] = "doc_id") -> pd.DataFrame:
        """The topic mix per group of turns (speaker, role, ...), turns weighted by words.

        Args:
            corpus: the corpus the model was fitted on (for the turns' other columns).
            by: column(s) of ``corpus.turns`` or ``corpus.documents`` to group by.

        Returns:
            One row per group and topic: the ``by`` column(s), ``topic``, ``label``,
            ``share``, ``words`` (spoken words of the group's modelled turns).
        """
        keys = _by_list(by)
        base = _group_table(corpus, keys).drop(columns="n_words")
        tm = self.turn_mix.merge(base, on=["doc_id", "turn"], how="left")
        return _weighted_mix(tm, keys)

    def __repr__(self) -> str:
        k = max(1, len(self.topics))
        return (
            f"TopicModel({len(self.topics)} topics, {len(self.turn_mix) // k} turns, "
            f"{len(self.vocabulary)} terms, error {self.error:.3f})"
        )


def _weighted_mix(tm: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    tm = tm.assign(_w=tm["share"] * tm["words"])
    g = tm.groupby([*keys, "topic", "label"], sort=False, dropna=False)
    out = g.agg(_w=("_w", "sum"), words=("words", "sum")).reset_index()
    out["share"] = np.round(
        (out["_w"] / out["words"].where(out["words"] > 0)).fillna(0.0).to_numpy(), 6
    )
    return out[[*keys, "topic", "label", "share", "words"]]


def fit_topics(
    corpus: Corpus,
    n_topics: int = 5,
    *,
    top_n: int = 10,
    min_words: int = 8,
    min_df: int = 2,
    max_df: float = 0.5,
    max_terms: int | None = 5000,
    stopwords: Iterable[str] = TOPIC_STOPWORDS,
    random_state: int = 0,
    max_iter: int = 1000,
) -> TopicModel:
    """Find ``n_topics`` topics in the turns with NMF over TF-IDF, and each turn's mix.

    Each turn with at least ``min_words`` content words (stopwords, numbers and one-letter
    words left out; possessives dropped) is a row of a turn-by-term matrix of counts,
    weighted by TF-IDF (sublinear term frequency, rows of unit length). NMF factorises it
    as ``W @ H``: ``H`` gives each topic's weight on each term, ``W`` each turn's weight on
    each topic. The initialisation is NNDSVDa (an SVD, so no random start) with a fixed
    ``random_state`` for the randomized SVD, so fitting again gives the same tables;
    numbers are rounded to 6 decimals so they also agree across machines.

    How many topics? Run :func:`choose_n_topics` over a range of ``k`` and draw it with
    :func:`analysis.topic_plots.plot_n_topics`; pick a ``k`` where coherence and stability
    are high and the error has stopped falling fast, then read the top terms: a topic you
    cannot name is a sign that ``k`` is too high (or the corpus too small).

    Args:
        corpus: a loaded corpus.
        n_topics: number of topics ``k``.
        top_n: top terms kept per topic in ``terms`` and ``topics.top_terms``.
        min_words: content words a turn needs to be modelled (short turns, "Thank you",
            carry no topic and are left out of ``turn_mix``).
        min_df: a term must occur in at least this many turns.
        max_df: and in at most this share of turns (a number above 1 is a count of turns).
        max_terms: keep at most this many terms, the most widespread first (None: all).
        stopwords: words to leave out (default :data:`TOPIC_STOPWORDS`).
        random_state: seed of the randomized SVD that starts NMF.
        max_iter: iterations of the NMF solver.

    Returns:
        A :class:`TopicModel` with the tables ``topics``, ``terms``, ``turn_mix`` and
        ``doc_mix`` (columns documented there); ``model.mix(corpus, by="speaker")`` gives
        the mix per speaker or role.

    Raises:
        ValueError: ``n_topics`` is more than the turns or terms left to model.

    Example:
        >>> import analysis
        >>> tm = fit_topics(analysis.load_corpus("data/raw"), 3)  # doctest: +SKIP
        >>> tm.topics[["topic", "top_terms"]]  # doctest: +SKIP
    """
    mat = _turn_matrix(
        corpus,
        stopwords=stopwords,
        min_words=min_words,
        min_df=min_df,
        max_df=max_df,
        max_terms=max_terms,
    )
    _check_k(n_topics, mat)
    model, w = _full_fit(corpus, mat, n_topics, random_state, max_iter)
    h = model.components_
    shares = _row_shares(w)
    words = mat.turns["words"].to_numpy(dtype=float)
    weight = (shares * words[:, None]).sum(axis=0)
    corpus_share = weight / weight.sum() if weight.sum() > 0 else weight
    order = np.lexsort((np.arange(n_topics), -np.round(corpus_share, 9)))
    shares, h, corpus_share = shares[:, order], h[order], corpus_share[order]
    tops = _top_terms(h, mat.vocabulary, top_n)
    names = [f"T{i + 1}" for i in range(n_topics)]
    labels = [f"T{i + 1}: {', '.join(top[:3])}" for i, top in enumerate(tops)]
    h_share = h / np.where(h.sum(axis=1, keepdims=True) > 0, h.sum(axis=1, keepdims=True), 1)
    col = {v: i for i, v in enumerate(mat.vocabulary)}
    terms = pd.DataFrame(
        [
            (names[i], labels[i], r + 1, term, round(float(h_share[i, col[term]]), 6))
            for i, top in enumerate(tops)
            for r, term in enumerate(top)
        ],
        columns=["topic", "label", "rank", "term", "weight"],
    )
    topics = pd.DataFrame(
        {
            "topic": names,
            "label": labels,
            "share": np.round(corpus_share, 6),
            "top_terms": [", ".join(top) for top in tops],
        }
    )
    n_rows = len(mat.turns)
    turn_mix = pd.DataFrame(
        {
            "doc_id": np.repeat(mat.turns["doc_id"].to_numpy(dtype=object), n_topics),
            "turn": np.repeat(mat.turns["turn"].to_numpy(), n_topics),
            "topic": np.tile(names, n_rows),
            "label": np.tile(labels, n_rows),
            "share": np.round(shares.ravel(), 6),
            "words": np.repeat(mat.turns["words"].to_numpy(), n_topics),
        }
    ).astype({"doc_id": "str", "topic": "str", "label": "str"})
    doc_mix = _weighted_mix(turn_mix, ["doc_id"]).drop(columns="words")
    norm_x = float(np.sqrt((mat.tfidf.data**2).sum()))
    params = {
        "n_topics": n_topics,
        "top_n": top_n,
        "min_words": min_words,
        "min_df": min_df,
        "max_df": max_df,
        "max_terms": max_terms,
        "random_state": random_state,
        "max_iter": max_iter,
    }
    return TopicModel(
        topics=topics,
        terms=terms,
        turn_mix=turn_mix,
        doc_mix=doc_mix,
        error=round(float(model.reconstruction_err_) / norm_x, 6) if norm_x else 0.0,
        vocabulary=tuple(mat.vocabulary),
        params=params,
        model=model,
    )


def _npmi(binary: sparse.csc_matrix, cols: list[int]) -> float:
    """Mean normalised PMI of the pairs of ``cols`` (co-occurrence within turns)."""
    n = binary.shape[0]
    if len(cols) < 2 or n == 0:
        return 0.0
    sub = binary[:, cols]
    df = np.asarray(sub.sum(axis=0)).ravel() / n
    co = (sub.T @ sub).toarray() / n
    vals = []
    for i in range(len(cols)):
        for j in range(i + 1, len(cols)):
            p_ij = co[i, j]
            if p_ij <= 0:
                vals.append(-1.0)
            elif p_ij >= 1:
                vals.append(1.0)
            else:
                vals.append(float(np.log(p_ij / (df[i] * df[j])) / -np.log(p_ij)))
    return float(np.mean(vals))


def _jaccard_match(a: list[set[str]], b: list[set[str]]) -> float:
    """Mean Jaccard similarity of two sets of topics, matched one to one (Hungarian)."""
    sim = np.array([[len(x & y) / len(x | y) if x | y else 1.0 for y in b] for x in a])
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def choose_n_topics(
    corpus: Corpus,
    ks: Iterable[int] = range(2, 11),
    *,
    top_n: int = 10,
    n_runs: int = 3,
    sample: float = 0.8,
    min_words: int = 8,
    min_df: int = 2,
    max_df: float = 0.5,
    max_terms: int | None = 5000,
    stopwords: Iterable[str] = TOPIC_STOPWORDS,
    random_state: int = 0,
    max_iter: int = 1000,
) -> pd.DataFrame:
    """Three measures of NMF fit over a range of topic numbers, to choose ``k``.

    For each ``k`` the topics are fitted on all modelled turns (as :func:`fit_topics` does
    with the same options) and measured three ways:

    - ``error``: relative reconstruction error ``||X - WH|| / ||X||``. It always falls as
      ``k`` grows; look for where it stops falling fast (the "elbow").
    - ``coherence``: mean normalised pointwise mutual information (NPMI, -1 to 1) of the
      pairs of each topic's ``top_n`` terms, counting co-occurrence within turns. High when
      a topic's top words are said together, which is what makes a topic readable.
    - ``stability``: the topics are fitted again on ``n_runs`` random samples of
      ``sample`` of the turns (seeded), and each sample's topics are matched one to one to
      the full fit's (Hungarian algorithm); stability is the mean Jaccard overlap of the
      matched top-term sets (0 to 1; Greene, O'Callaghan and Cunningham 2014). High when
      the topics do not depend on which turns happen to be in the corpus.

    Args:
        corpus: a loaded corpus.
        ks: the topic numbers to try.
        top_n: top terms per topic for coherence and stability.
        n_runs: samples per ``k`` for stability.
        sample: share of turns in each sample.
        min_words, min_df, max_df, max_terms, stopwords, random_state, max_iter: as in
            :func:`fit_topics`.

    Returns:
        One row per ``k`` (ascending): ``k``, ``error``, ``coherence``, ``stability`` and
        ``best`` (True on the ``k`` with the highest mean of stability and coherence
        rescaled to 0-1, the smaller ``k`` on a tie). ``best`` is a starting point, not a
        verdict: read the top terms of the topics at and around it.

    Raises:
        ValueError: a ``k`` is more than the turns or terms left to model.

    Example:
        >>> import analysis
        >>> choose_n_topics(analysis.load_corpus("data/raw"), ks=[2, 3, 4])  # doctest: +SKIP
    """
    ks = sorted(set(int(k) for k in ks))
    if not ks:
        return pd.DataFrame(
            {
                "k": pd.Series(dtype="int64"),
                **{c: pd.Series(dtype="float64") for c in ("error", "coherence", "stability")},
                "best": pd.Series(dtype="bool"),
            }
        )
    mat = _turn_matrix(
        corpus,
        stopwords=stopwords,
        min_words=min_words,
        min_df=min_df,
        max_df=max_df,
        max_terms=max_terms,
    )
    for k in ks:
        _check_k(k, mat)
    x = mat.tfidf
    n = x.shape[0]
    norm_x = float(np.sqrt((x.data**2).sum())) or 1.0
    binary = (mat.counts > 0).astype("float64").tocsc()
    col = {v: i for i, v in enumerate(mat.vocabulary)}
    size = max(2, round(sample * n))
    samples = [
        np.sort(np.random.default_rng(random_state + 1 + r).choice(n, size=size, replace=False))
        for r in range(n_runs)
    ]
    rows = []
    for k in ks:
        model, _ = _full_fit(corpus, mat, k, random_state, max_iter)
        tops = _top_terms(model.components_, mat.vocabulary, top_n)
        coherence = float(np.mean([_npmi(binary, [col[t] for t in top]) for top in tops]))
        full_sets = [set(top) for top in tops]
        stab = []
        for idx in samples:
            sub = x[idx]
            if k > min(sub.shape):
                continue
            m_sub, _ = _nmf(sub, k, random_state, max_iter)
            sub_sets = [set(top) for top in _top_terms(m_sub.components_, mat.vocabulary, top_n)]
            stab.append(_jaccard_match(full_sets, sub_sets))
        rows.append(
            (
                k,
                round(float(model.reconstruction_err_) / norm_x, 6),
                round(coherence, 6),
                round(float(np.mean(stab)) if stab else float("nan"), 6),
            )
        )
    out = pd.DataFrame(rows, columns=["k", "error", "coherence", "stability"])
    score = (out["stability"].fillna(0) + (out["coherence"] + 1) / 2) / 2
    out["best"] = False
    if len(out):
        out.loc[int(np.argmax(score.to_numpy())), "best"] = True
    return out


def feasible_ks(corpus: Corpus, ks: Iterable[int], **options: Any) -> list[int]:
    """The numbers of topics in ``ks`` that NMF can fit to ``corpus`` (at least two, and
    no more than the turns and terms left to model with ``options`` as for
    :func:`fit_topics`); [] when too little is left to model any.

    Example:
        >>> from analysis import parse_text
        >>> feasible_ks(parse_text("MS. LEE:  Hello."), range(2, 8))
        []
    """
    opts: dict[str, Any] = {
        "stopwords": TOPIC_STOPWORDS,
        "min_words": 8,
        "min_df": 2,
        "max_df": 0.5,
        "max_terms": 5000,
    } | options
    try:
        mat = _turn_matrix(corpus, **opts)
    except ValueError:  # nothing left to model
        return []
    most = min(mat.tfidf.shape)
    return [int(k) for k in sorted(set(ks)) if 2 <= k <= most]


def top_topic(mix: pd.DataFrame) -> str | None:
    """The topic with the most hits in a :func:`topic_mix` table (None when none has any).

    Example:
        >>> top_topic(pd.DataFrame({"topic": ["a", "b", "b"], "hits": [1, 1, 1]}))
        'b'
    """
    hits = mix.groupby("topic", sort=False)["hits"].sum()
    hits = hits[hits > 0]
    return None if hits.empty else str(hits.sort_values(ascending=False, kind="stable").index[0])


def top_groups(mix: pd.DataFrame, by: str, n: int = 20) -> pd.DataFrame:
    """The rows of a topic mix for the ``n`` groups of ``by`` with the most words, so a
    heatmap of hundreds of speakers shows the ones that say most.

    Example:
        >>> m = pd.DataFrame({"speaker": ["a", "b", "c"], "words": [5, 9, 1]})
        >>> top_groups(m, "speaker", 2)["speaker"].tolist()
        ['a', 'b']
    """
    words = mix.groupby(by, sort=False)["words"].first()
    keep = set(words.sort_values(ascending=False, kind="stable").index[:n])
    return mix[mix[by].isin(keep)]


def pick_k(choice: pd.DataFrame, k: int | None = None) -> int | None:
    """``k`` when it was tried in ``choice`` (a :func:`choose_n_topics` table) or when no
    choice is needed, else the ``best`` k of ``choice``; None when ``choice`` is empty.

    Example:
        >>> pick_k(pd.DataFrame({"k": [2, 3], "best": [False, True]}))
        3
    """
    if choice.empty:
        return None
    if k is not None and k in set(choice["k"]):
        return int(k)
    return int(choice.loc[choice["best"], "k"].iloc[0])
