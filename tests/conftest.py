"""Shared fixtures: the bundled seeds and the shared White House corpus (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest

import analysis

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "raw"
WHITEHOUSE = ROOT.parent / "shared" / "corpus" / "whitehouse"

INTERVIEW = "2023-07-11_blinken_nbc-today_interview"  # seed 000
ARTICLE = "2023-07-11_nbc-news_blinken-cluster-munitions_article"  # seed 001
AVAILABILITY = "2022-01-21_blinken_geneva_press-availability"  # seed 003


@pytest.fixture(scope="session")
def seeds() -> analysis.Corpus:
    """The three bundled seed documents, with data/metadata.csv merged in."""
    return analysis.load_corpus(DATA)


def need_whitehouse() -> Path:
    """The shared White House folder; the calling test is skipped, with why, where absent."""
    if not WHITEHOUSE.is_dir():
        pytest.skip(f"shared corpus not found at {WHITEHOUSE} (it sits beside the project)")
    return WHITEHOUSE


@pytest.fixture(scope="session")
def whitehouse() -> analysis.Corpus:
    """All of ../shared/corpus/whitehouse (about 400 briefings); skipped where absent."""
    return analysis.load_corpus(need_whitehouse())
