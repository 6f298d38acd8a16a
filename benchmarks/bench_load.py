"""Loading speed: every table built, against one bare ``re.findall(r"\\w+")`` pass.

Run: ``.venv/bin/python benchmarks/bench_load.py [FOLDER]`` (default ../shared/corpus).
Both sides read the same files from disk (the baseline decodes them as UTF-8 and finds the
words; the loader decodes, parses, attributes speakers and builds all eight tables). Each is
timed as the best of ``REPEAT`` runs. Goal: at most 4x the baseline.

Memory: a fresh Python process imports the package and the libraries the loader uses,
notes its peak resident size (``ru_maxrss``, read as ``VmHWM`` from /proc on Linux, where
``ru_maxrss`` would include the parent's peak) having read nothing, runs ``load_corpus`` once
and notes the peak again; the difference, per byte of the files, is what loading adds.
Goal: at most 8 bytes per corpus byte.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import analysis
from analysis.load import EXTENSIONS, auto_workers

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus"
REPEAT = 3


def baseline(paths: list[Path]) -> int:
    n = 0
    for p in paths:
        n += len(re.findall(r"\w+", p.read_bytes().decode("utf-8")))
    return n


def best(fn, *args) -> tuple[float, object]:
    times, out = [], None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn(*args)
        times.append(time.perf_counter() - t0)
    return min(times), out


_MEMORY = """
import resource, sys
import numpy, pandas, pyarrow, pyarrow.compute
import analysis, analysis.load

def peak():
    # VmHWM is the peak ru_maxrss reports, but of this process only: on Linux ru_maxrss
    # keeps the parent's peak across the exec that started us
    try:
        with open("/proc/self/status") as fh:
            return next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

before = peak()
corpus = analysis.load_corpus(sys.argv[1])
print(before, peak())
"""


def peak_added(folder: Path) -> tuple[int, int]:
    """Peak resident bytes of a fresh process before and after ``load_corpus(folder)``."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    before, after = map(int, out.stdout.split()[-2:])
    return before, after


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not folder.is_dir():
        print(f"bench_load: {folder} not found; pass a folder of transcripts")
        return
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in EXTENSIONS)
    t_base, n_words = best(baseline, paths)
    t_load, corpus = best(analysis.load_corpus, folder)
    t_one, _ = best(lambda f: analysis.load_corpus(f, workers=1), folder)
    size = sum(p.stat().st_size for p in paths) / 1e6
    n = auto_workers(paths)
    print(f"load_corpus  {len(paths)} files, {size:.1f} MB, {n_words:,} \\w+ words")
    print(f"  re.findall baseline     {t_base:7.3f} s   (one process)")
    print(f"  load_corpus (8 tables)  {t_load:7.3f} s   {corpus!r}")
    print(f"    as called: workers={n} (one per core, up to 4, for 2 MB or more)")
    print(f"  load_corpus workers=1   {t_one:7.3f} s")
    print(f"  ratio load/baseline     {t_load / t_base:7.1f}x   (goal: <= 4x)")
    print(f"  ratio, one process      {t_one / t_base:7.1f}x")
    before, after = peak_added(folder)
    added = after - before
    nbytes = sum(p.stat().st_size for p in paths)
    print(
        f"  peak memory added       {added / 1e6:7.0f} MB  ({before / 1e6:.0f} -> "
        f"{after / 1e6:.0f} MB, peak RSS of a fresh process)"
    )
    print(f"  per corpus byte         {added / nbytes:7.1f}    (goal: <= 8)")


if __name__ == "__main__":
    main()
