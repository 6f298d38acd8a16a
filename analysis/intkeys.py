"""Integer keys: tuples of small non-negative integers packed into one int64 each, so that
numpy sorts, counts and groups them as it would the tuples (the n-gram counter of
:mod:`analysis.phrases` packs a group code and the words' alphabetical ranks)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

KEY_BITS = 62
Steps = list[tuple[int, np.ndarray | None]]


def pack(parts: list[np.ndarray], bits: list[int]) -> tuple[np.ndarray, Steps]:
    """One int64 per row that sorts as the rows' tuples ``parts`` do (``0 <= parts[i] <
    2 ** bits[i]``): the parts side by side in its bits; where they would not fit, the
    prefix so far is first replaced by its rank among the distinct prefixes. :func:`unpack`
    reverses it."""
    key, used = parts[0].astype(np.int64), bits[0]
    steps: Steps = []
    for part, width in zip(parts[1:], bits[1:], strict=True):
        table = None
        if used + width > KEY_BITS:
            table, key = np.unique(key, return_inverse=True)
            used = (len(table) - 1).bit_length()
        key = (key << width) | part
        used += width
        steps.append((width, table))
    return key, steps


def unpack(key: np.ndarray, steps: Steps) -> list[np.ndarray]:
    """The parts :func:`pack` made ``key`` from."""
    parts = []
    for width, table in reversed(steps):
        parts.append(key & ((1 << width) - 1))
        key = key >> width
        if table is not None:
            key = table[key]
    return [key, *parts[::-1]]


def first_part(key: np.ndarray, steps: Steps) -> np.ndarray:
    """The first part of :func:`unpack` alone."""
    shift = 0
    for width, table in reversed(steps):
        shift += width
        if table is not None:
            key, shift = table[key >> shift], 0
    return key >> shift if shift else key


def sort_keys(key: np.ndarray, runs: list[np.ndarray] | None = None) -> np.ndarray:
    """``np.sort(key)`` for non-negative keys whose top part is a group code, in cache-sized
    pieces. With ``runs`` (the keys are runs one after the other, each in group order, and
    ``runs[i][g]`` is where group ``g`` ends in run ``i``), the keys of a few groups at a time
    are gathered from every run and sorted; else the keys are first bucketed by their top 12
    bits (a radix pass), then each bucket is sorted."""
    top = int(key.max(initial=0)).bit_length()
    if len(key) < 1 << 16 or top <= 12:
        return np.sort(key)
    if runs is not None and len(runs[0]) > 1:
        return _sort_runs(key, runs)
    bucket = (key >> (top - 12)).astype(np.uint16)
    order = np.argsort(bucket, kind="stable")
    cuts = np.searchsorted(bucket[order], np.arange(1, 1 << 12))
    return np.concatenate([np.sort(part) for part in np.split(key[order], cuts)])


#: Keys sorted at a time by :func:`_sort_runs` (a few hundred KB: they stay in the cache).
CHUNK = 1 << 15


def _sort_runs(key: np.ndarray, runs: list[np.ndarray]) -> np.ndarray:
    """:func:`sort_keys` of keys in runs ordered by group: no radix pass, since the keys of a
    range of groups are at known places in every run and sort before the next range's."""
    n_groups = len(runs[0])
    first = np.cumsum([0] + [int(r[-1]) for r in runs[:-1]])  # where each run begins
    per_group = np.cumsum(np.diff(np.stack([np.r_[0, r] for r in runs]), axis=1).sum(axis=0))
    cut = np.searchsorted(per_group, np.arange(CHUNK, int(per_group[-1]), CHUNK), "right") + 1
    edges = np.unique(np.r_[0, cut[cut < n_groups], n_groups]).tolist()
    ends = [np.r_[0, r].tolist() for r in runs]
    out = np.concatenate(
        [
            key[f + e[a] : f + e[b]]
            for a, b in pairwise(edges)
            for f, e in zip(first.tolist(), ends, strict=True)
        ]
    )
    at = 0
    for a, b in pairwise(edges):
        size = sum(e[b] - e[a] for e in ends)
        out[at : at + size].sort()
        at += size
    return out


def stable_order(values: np.ndarray) -> np.ndarray:
    """``np.argsort(values, kind="stable")``, by radix sort when the values are small."""
    if len(values) and values.min() >= 0 and values.max() < 1 << 16:
        values = values.astype(np.uint16)
    return np.argsort(values, kind="stable")


def count_order(g: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The rows (``g`` non-decreasing) by group, then most frequent first, else in their
    order: two stable radix sorts, by count and then by group, made on a few groups at a
    time (cache-sized pieces, no array of the whole size for the radix sort's own use)."""
    desc = count.max(initial=0) - count
    if len(g) < 1 << 16 or desc.max(initial=0) >= 1 << 16:
        order = stable_order(desc)
        return order[stable_order(g[order])]  # stable, so each group stays in count order
    desc = desc.astype(np.uint16)
    group_start = np.r_[np.searchsorted(g, np.arange(int(g[-1]) + 1)), len(g)]
    cuts = group_start[np.searchsorted(group_start, np.arange(CHUNK, len(g), CHUNK))]
    edges = np.unique(np.r_[0, cuts[cuts < len(g)], len(g)]).tolist()
    order = np.empty(len(g), np.int64)
    for a, b in pairwise(edges):  # fewer than CHUNK groups: local group codes fit uint16
        o = np.argsort(desc[a:b], kind="stable")
        o = o[np.argsort((g[a:b] - g[a]).astype(np.uint16)[o], kind="stable")]
        np.add(o, a, out=order[a:b])
    return order
