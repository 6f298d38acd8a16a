"""Run every benchmark in this folder (bench_*.py), each against its baseline, printing ratios.

Usage: ``.venv/bin/python benchmarks/run.py [TOPIC ...]`` (or ``make bench``): every benchmark,
or only those named (``run.py load phrases`` runs bench_load.py and bench_phrases.py). Each
``bench_<topic>.py`` has a ``main()`` and can also be run on its own. bench_report.py (the
whole HTML report on the shared White House folder) and bench_suite.py (the whole test suite)
take minutes, far longer than the others.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    wanted = set(sys.argv[1:])
    sys.argv = sys.argv[:1]  # each benchmark reads its own arguments: give it none
    for path in sorted(HERE.glob("bench_*.py")):
        if wanted and path.stem.removeprefix("bench_") not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {path.stem}")
        sys.stdout.flush()
        module.main()
        print()


if __name__ == "__main__":
    main()
