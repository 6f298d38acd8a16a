"""Scale curve of the Parquet store: time and peak memory of ``build_store`` and of ``ngrams``
on the store, with the shared corpus repeated 1x, 4x, 16x and 64x.

Run: ``.venv/bin/python benchmarks/bench_scale.py [--scales 1,4,16,64] [--folder DIR]``
(default folder ../shared/corpus/whitehouse; ``make bench`` runs 1x only). Each copy
of the corpus is a folder of symbolic links with distinct names, so every copy's documents
have distinct ids. Every measurement runs in a fresh child process; its time is the call
alone, measured in the child (imports excluded; for build_store the start of its local
cluster included, for ngrams not: the cluster is started before the clock), its peak
memory is the largest total resident memory of the child and everything it started (the
Dask scheduler, nannies and workers), sampled every 50 ms. Figures go to
``$TMPDIR/bench_scale/scale.json`` (kept between runs, so a long run can be resumed or
redrawn with ``--plot``) and, once two sizes or more are measured, the chart to
``docs/scale.png``.

Targets (issue 14): time grows linearly with the corpus; peak memory stays flat, under
1.5 GB at 16x with 2 workers; 2 workers give at least 1.6x the throughput of 1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "whitehouse"
RESULTS = Path(tempfile.gettempdir()) / "bench_scale" / "scale.json"
CHART = ROOT / "docs" / "scale.png"
WORK = Path(tempfile.gettempdir()) / "bench_scale"
TARGET_MB = 1500
TARGET_SPEEDUP = 1.6


def scaled_folder(folder: Path, copies: int) -> Path:
    """``copies`` copies of ``folder`` as symbolic links with distinct names (made once)."""
    out = WORK / f"src-{copies}x"
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".md", ".txt"))
    done = out / ".complete"
    if done.is_file():
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for i in range(copies):
        sub = out / f"copy{i:02d}"
        sub.mkdir()
        for f in files:
            (sub / f"c{i:02d}-{f.name}").symlink_to(f.resolve())
    done.write_text("")
    return out


# -- the child: one measured operation -----------------------------------------------------


def child(args: argparse.Namespace) -> None:
    import analysis

    if args.op == "build":
        shutil.rmtree(args.store, ignore_errors=True)
        t0 = time.perf_counter()
        report = analysis.build_store(args.src, args.store, workers=args.workers)
        seconds = time.perf_counter() - t0
        out = {"seconds": seconds, "files": report.parsed, "parts": report.parts}
    else:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=":0")
        with Client(cluster):
            store = analysis.open_store(args.store)
            t0 = time.perf_counter()
            table = analysis.ngrams(store, n=(1, 3), by=None)
            seconds = time.perf_counter() - t0
            top = table.head(1).to_dict("records")[0]
        cluster.close()
        out = {"seconds": seconds, "rows": len(table), "top": top, "files": len(store)}
    print("RESULT " + json.dumps(out, default=str), flush=True)


# -- the parent: runs a child, samples its memory ------------------------------------------


def tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def measure(op: str, src: Path, store: Path, workers: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--child",
        op,
        "--src",
        str(src),
        "--store",
        str(store),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read() if proc.stdout else ""
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        raise RuntimeError(f"{op} failed (exit {proc.returncode}): {out[-500:]}")
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["peak_mb"] = peak / 1e6
    return result


def load_results() -> dict[str, Any]:
    return json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}


def save_results(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True, default=str))


def table(results: dict[str, Any]) -> str:
    rows = ["op      scale  workers  files  seconds  files/s  peak MB"]
    for key in sorted(results, key=lambda k: (k.split("/")[0], *map(int, k.split("/")[1:]))):
        op, scale, workers = key.split("/")
        r = results[key]
        rows.append(
            f"{op:<7} {scale:>4}x  {workers:>7}  {r['files']:>5}  {r['seconds']:>7.1f}  "
            f"{r['files'] / r['seconds']:>7.1f}  {r['peak_mb']:>7.0f}"
        )
    return "\n".join(rows)


def verdicts(results: dict[str, Any]) -> list[str]:
    out = []
    b2 = {
        int(k.split("/")[1]): v
        for k, v in results.items()
        if k.startswith("build/") and k.endswith("/2")
    }
    if len(b2) >= 2:
        scales = sorted(b2)
        per_file = [b2[s]["seconds"] / b2[s]["files"] for s in scales]
        spread = max(per_file) / min(per_file)
        out.append(
            f"build time per file from {scales[0]}x to {scales[-1]}x: "
            f"{min(per_file) * 1000:.0f}-{max(per_file) * 1000:.0f} ms "
            f"(max/min {spread:.2f}; linear if close to 1): {'met' if spread < 1.3 else 'NOT met'}"
        )
        peaks = [b2[s]["peak_mb"] for s in scales]
        out.append(
            f"build peak memory {min(peaks):.0f}-{max(peaks):.0f} MB over {scales[0]}x-"
            f"{scales[-1]}x (flat if max/min < 1.3): "
            f"{'met' if max(peaks) / min(peaks) < 1.3 else 'NOT met'}"
        )
        if 16 in b2:
            ok = b2[16]["peak_mb"] < TARGET_MB
            out.append(
                f"peak at 16x with 2 workers {b2[16]['peak_mb']:.0f} MB < {TARGET_MB} MB: "
                f"{'met' if ok else 'NOT met'}"
            )
    for scale in sorted({int(k.split("/")[1]) for k in results}):
        one, two = results.get(f"build/{scale}/1"), results.get(f"build/{scale}/2")
        if one and two:
            speedup = one["seconds"] / two["seconds"]
            out.append(
                f"2 workers vs 1 at {scale}x: {speedup:.2f}x throughput (target "
                f"{TARGET_SPEEDUP}x): {'met' if speedup >= TARGET_SPEEDUP else 'NOT met'}"
            )
    return out


def plot(results: dict[str, Any]) -> None:
    if len({k.split("/")[1] for k in results}) < 2:
        return  # one size is no curve: docs/scale.png stays as the last run over sizes drew it
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(10, 4))
    for op, color in (("build", "#0072B2"), ("ngrams", "#D55E00")):
        for workers, style in ((2, "-o"), (1, "--s")):
            pts = sorted(
                (int(k.split("/")[1]), v)
                for k, v in results.items()
                if k.startswith(f"{op}/") and k.endswith(f"/{workers}")
            )
            if not pts:
                continue
            xs = [s for s, _ in pts]
            label = f"{'build_store' if op == 'build' else 'ngrams on store'}, {workers} worker(s)"
            ax_t.plot(xs, [v["seconds"] for _, v in pts], style, color=color, label=label)
            ax_m.plot(xs, [v["peak_mb"] for _, v in pts], style, color=color, label=label)
    for ax in (ax_t, ax_m):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("corpus size (copies of the 399-file White House corpus)")
        ax.grid(alpha=0.3)
    ax_t.set_yscale("log")
    ax_t.set_ylabel("seconds")
    ax_t.set_title("time (linear growth = slope 1)")
    ax_m.set_ylabel("peak memory of the process tree (MB)")
    ax_m.axhline(TARGET_MB, color="#999999", lw=1, ls=":")
    ax_m.set_ylim(bottom=0)
    ax_m.set_title("peak memory (target: flat, < 1.5 GB)")
    ax_m.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    CHART.parent.mkdir(exist_ok=True)
    fig.savefig(CHART, dpi=100)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1,4,16,64" if argv is not None else "1")
    p.add_argument("--one-worker", default="1,4", help="scales also built with 1 worker")
    p.add_argument("--folder", type=Path, default=DEFAULT)
    p.add_argument("--ops", default="build,ngrams", help="what to measure (build, ngrams)")
    p.add_argument("--plot", action="store_true", help="only redraw the chart from the JSON")
    p.add_argument("--fresh", action="store_true", help="forget earlier figures")
    p.add_argument("--child", choices=["build", "ngrams"], dest="op")
    p.add_argument("--src", type=Path)
    p.add_argument("--store", type=Path)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args(argv if argv is not None else [])
    if args.op:
        child(args)
        return
    results = {} if args.fresh else load_results()
    if not args.plot:
        if not args.folder.is_dir():
            print(f"skipped: no corpus at {args.folder}")
            return
        one = {int(s) for s in args.one_worker.split(",") if s}
        for scale in (int(s) for s in args.scales.split(",")):
            src = scaled_folder(args.folder, scale)
            store = WORK / f"store-{scale}x"
            ops = args.ops.split(",")
            for workers in sorted({2} | ({1} if scale in one else set()), reverse=True):
                if "build" not in ops:
                    break
                r = measure("build", src, store, workers)
                results[f"build/{scale}/{workers}"] = r
                save_results(results)
                print(
                    f"build  {scale:>3}x {workers} worker(s): {r['seconds']:.1f} s, "
                    f"{r['peak_mb']:.0f} MB",
                    flush=True,
                )
            if "ngrams" not in ops:
                continue
            r = measure("ngrams", src, store, 2)
            results[f"ngrams/{scale}/2"] = r
            save_results(results)
            print(
                f"ngrams {scale:>3}x 2 worker(s): {r['seconds']:.1f} s, {r['peak_mb']:.0f} MB",
                flush=True,
            )
            plot(results)
    print(table(results))
    for line in verdicts(results):
        print(line)
    plot(results)


if __name__ == "__main__":
    main(sys.argv[1:])
    os._exit(0)  # no waiting on Dask's atexit handlers
