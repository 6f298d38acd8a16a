"""Run every benchmark in this folder (bench_*.py), each against its baseline, printing ratios.

Usage: ``.venv/bin/python benchmarks/run.py`` (or ``make bench``). Each ``bench_<topic>.py``
has a ``main()`` and can also be run on its own. bench_report.py runs the whole HTML report
on the shared White House folder: it takes minutes, far longer than the others.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    for path in sorted(HERE.glob("bench_*.py")):
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
