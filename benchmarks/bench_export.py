"""Benchmark: ``sso-tracker export posts --format csv`` of the full history: time and peak memory.

    python benchmarks/bench_export.py --db /tmp/history.sqlite     # a store bench_history kept
    python benchmarks/bench_export.py [--years 10] [--groups 5000]   # build one first (slow)

Each export runs in a fresh child process (``--child``) that imports the CLI, notes its peak
resident set size, calls the ``export`` command in-process (``export_cmd.main([...])``, the
same code path as the shell command, with ``DATABASE_URL`` pointing at the store), and then
reads ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` again.  Why a child and ``ru_maxrss``
rather than ``tracemalloc``: the target is the memory the command needs from the machine,
which includes the SQLite page cache, C buffers of the driver and the interpreter itself, none
of which ``tracemalloc`` sees (it traces Python allocations only, and slows them down); a
fresh process keeps what the parent did (building the store) out of the figure.  Reported:
peak RSS of the whole process (the target) and the part added by the export.

Targets: the full-history posts CSV in under 30 s with peak memory under 1 GiB.  The events
export (``export events``) is measured the same way, for information.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S, TARGET_MIB = 30, 1024


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(db: str, what: str, out: str) -> None:
    """Run one export in this (fresh) process and print its figures as JSON."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    from tracker.cli.export import export_cmd

    before = _maxrss_mib()
    t = time.perf_counter()
    export_cmd.main([what, "--format", "csv", "--out", out], standalone_mode=False)
    seconds = time.perf_counter() - t
    peak = _maxrss_mib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "baseline_mib": before}))


def measure(db: Path, what: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{what}.csv"
        proc = subprocess.run(
            [sys.executable, __file__, "--child", "--db", str(db), "--what", what, "--out", str(out)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            raise SystemExit(f"export {what} failed:\n{proc.stderr[-3000:]}")
        fig = json.loads(proc.stdout.strip().splitlines()[-1])
        with out.open(encoding="utf-8", newline="") as fh:
            rows = sum(1 for _ in csv.reader(fh)) - 1
        size = out.stat().st_size
    return {
        "what": what, "rows": rows, "seconds": round(fig["seconds"], 2),
        "peak_mib": round(fig["peak_mib"], 1),
        "export_mib": round(fig["peak_mib"] - fig["baseline_mib"], 1),
        "csv_mib": round(size / 2**20, 1), "rows_per_s": round(rows / fig["seconds"]),
    }  # fmt: skip


def build(args, folder: Path) -> Path:
    """A store built by bench_history with the given size, in ``folder``."""
    from benchmarks import bench_history

    path = folder / "history.sqlite"
    bench_history.main(["--years", str(args.years), "--groups", str(args.groups),
                        "--db", str(path), "--progress", "0"])  # fmt: skip
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="SQLite store to export (e.g. bench_history --db)")
    ap.add_argument("--years", type=int, default=10, help="without --db: history to build")
    ap.add_argument("--groups", type=int, default=5000, help="without --db: groups to build")
    ap.add_argument("--what", action="append", help="exports to time (default: posts, events)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(str(args.db), args.what[0], args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        db = args.db or build(args, Path(tmp))
        if not db.exists():
            raise SystemExit(f"no store at {db}")
        results = [measure(db, what) for what in (args.what or ["posts", "events"])]
        size_mib = db.stat().st_size / 2**20
    print(f"store: {db if args.db else 'built, then deleted'} ({size_mib:.1f} MiB)")
    ok = True
    for r in results:
        line = (f"export {r['what']} csv: {r['rows']:,} rows in {r['seconds']:.2f} s "
                f"({r['rows_per_s']:,} rows/s), peak RSS {r['peak_mib']:.0f} MiB "
                f"(+{r['export_mib']:.0f} MiB for the export), file {r['csv_mib']} MiB")  # fmt: skip
        if r["what"] == "posts":
            met = r["seconds"] < TARGET_S and r["peak_mib"] < TARGET_MIB
            ok &= met
            line += (
                f"  (target < {TARGET_S} s and < {TARGET_MIB} MiB: {'met' if met else 'NOT met'})"
            )
        print(line)
    if args.json:
        args.json.write_text(json.dumps({"db": str(db), "results": results}, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
