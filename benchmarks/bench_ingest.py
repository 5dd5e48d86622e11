"""Benchmark: ISO Open Data ingest on SQLite.

* full ingest of one real snapshot (785 committees) into a fresh, migrated store;
* the next snapshot (a real successor, changes applied incrementally);
* the no-op re-ingest of an unchanged snapshot (same content, same date).

Usage: python benchmarks/bench_ingest.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db import migrate  # noqa: E402
from db.session import get_engine, session_scope  # noqa: E402
from tracker.ingest import Importer, SnapshotInput  # noqa: E402
from tracker.ingest.snapshot import read_bytes  # noqa: E402

DATA = ROOT / "datasets" / "iso-open-data"


def snapshot(date: str) -> SnapshotInput:
    path = DATA / f"iso_technical_committees-{date}.jsonl.gz"
    return SnapshotInput(source="iso-open-data", scope="iso-open-data", url=path.as_uri(),
                         raw=read_bytes(path), parser="iso-open-data",
                         observed_at=dt.date.fromisoformat(date), http_status=None)


def timed(url: str, inp: SnapshotInput) -> tuple[float, str]:
    start = time.perf_counter()
    with session_scope(url) as session:
        result = Importer(session).ingest(inp)
    return time.perf_counter() - start, result.status


def run_once() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        migrate.upgrade(url)
        full, s1 = timed(url, snapshot("2025-06-12"))
        step, s2 = timed(url, snapshot("2025-07-01"))
        noop, s3 = timed(url, snapshot("2025-07-01"))
        assert (s1, s2, s3) == ("applied", "applied", "duplicate"), (s1, s2, s3)
        get_engine(url).dispose()
        get_engine.cache_clear()
    return {"full ingest (1 snapshot)": full, "next snapshot (incremental)": step, "no-op re-ingest": noop}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    runs = [run_once() for _ in range(args.repeat)]
    print(f"{'measure':32} {'median s':>9} {'min s':>7} {'max s':>7}")
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"{key:32} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
