"""Shared fixtures: the bundled seeds and the shared White House corpus (loaded once); how
``make test`` shares the tests between its workers (pytest-xdist, ``--dist loadscope``)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from threadpoolctl import threadpool_limits

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


#: Tests that need the whole White House corpus (the ``whitehouse`` fixture) say so in their
#: file's or their own name; with ``--dist loadscope`` they share one worker, which loads it once.
WHITE_HOUSE = re.compile(r"white_?house", re.I)

#: Tests each of whose cases is a work unit of its own, so that the workers share them (each
#: case runs notebooks for many seconds; their kernel is session-scoped, one per worker).
ONE_UNIT_PER_CASE = re.compile(r"::test_report_on_small_folders\[")

#: The files holding the longest work units, and WHITE_HOUSE's, handed out first so that no
#: worker is left running one alone at the end; the others follow in collection order.
FIRST = ("tests/test_report.py", "tests/test_cli.py", "white house")


def _scope(nodeid: str) -> str:
    """The work unit of a test (pytest-xdist's ``--dist loadscope``, as ``make test`` runs):
    its file, so that a module's fixtures are made once and a notebook's cells run in order in
    one kernel; or "white house" (see WHITE_HOUSE); or itself (see ONE_UNIT_PER_CASE)."""
    path = nodeid.split("::", 1)[0]
    if ONE_UNIT_PER_CASE.search(nodeid):
        return nodeid
    return "white house" if path.startswith("tests/") and WHITE_HOUSE.search(nodeid) else path


def _rank(nodeid: str) -> int:
    """Where a test's work unit comes in the queue: FIRST's order, then the rest."""
    scope = _scope(nodeid)
    key = scope if scope == "white house" else scope.split("::", 1)[0]
    return FIRST.index(key) if key in FIRST else len(FIRST)


def pytest_configure(config: pytest.Config) -> None:
    """One thread for the numeric libraries, in this process and in every kernel a test starts
    (kernels inherit the environment): ``make test`` runs a worker per core, and BLAS threads
    waiting for a core cost far more than they save on the small matrices tests fit (topic
    selection on a dozen briefings took 10 s with two threads per worker, 0.7 s with one)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    threadpool_limits(1)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadscope`` with the work units of :func:`_scope`; also for a plain ``-n N``
    (``--dist load``), which would otherwise split a notebook's cells between workers."""
    if config.getoption("dist") not in ("load", "loadscope"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    return Scheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In a pytest-xdist worker: the FIRST work units first (a stable sort: cells in order)."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: _rank(item.nodeid))
