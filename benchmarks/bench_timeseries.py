"""Time ``share_over_time`` (all bodies, monthly, every leadership role) on a synthetic store.

    python benchmarks/bench_timeseries.py                      # SQLite in a temp dir
    scripts/with-postgres.sh .venv/bin/python benchmarks/bench_timeseries.py --backend both

With ``--backend postgres`` (or ``both``) a database is created in the server given by
``TEST_POSTGRES_URL`` (``scripts/with-postgres.sh`` starts one) and dropped afterwards.
The target is a median under 300 ms.  ``--second-source`` also shows every post through a
second source that gives no country (each post key then has two disagreeing rows, the
counting rule's slow path); that run is reported without a target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, literal, null, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.synthetic_store import generate  # noqa: E402
from db import migrate  # noqa: E402
from db.models import Post  # noqa: E402
from db.session import get_engine, session_factory  # noqa: E402
from tracker.queries.filters import PostFilter  # noqa: E402
from tracker.queries.timeseries import share_over_time  # noqa: E402

TARGET_MS = 300


def _postgres_db():
    base = make_url(os.environ["TEST_POSTGRES_URL"])
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)

    def drop():
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def add_second_source(url: str) -> None:
    """Copy every post into the scope ``second`` with no country (same key, later id)."""
    columns = [c for c in Post.__table__.columns if c.name != "id"]
    values = [
        literal("second") if c.name == "scope" else null() if c.name == "country" else c
        for c in columns
    ]
    with get_engine(url).begin() as conn:
        conn.execute(insert(Post).from_select([c.name for c in columns], select(*values)))


def run(url: str, args) -> dict:
    migrate.upgrade(url)
    t = time.perf_counter()
    counts = generate(
        get_engine(url), args.years, args.groups, args.posts_per_group, args.change_rate
    )
    if args.second_source:
        add_second_source(url)
    built = time.perf_counter() - t
    session = session_factory(url)()
    start, end = dt.date(counts["first"].year, 1, 1), counts["last"]
    times, frame = [], None
    for _ in range(args.repeat):
        t = time.perf_counter()
        frame = share_over_time(session, start, end, "MS", PostFilter(), top_n=8)
        times.append((time.perf_counter() - t) * 1000)
    session.close()
    return {
        "posts": counts["posts"],
        "groups": counts["groups"],
        "build_s": round(built, 1),
        "dates": frame["date"].nunique(),
        "rows": len(frame),
        "first_ms": round(times[0], 1),
        "median_ms": round(statistics.median(times[1:] or times), 1),
        "max_ms": round(max(times), 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--groups", type=int, default=5000)
    ap.add_argument("--posts-per-group", type=int, default=4)
    ap.add_argument("--change-rate", type=float, default=0.03)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument(
        "--second-source",
        action="store_true",
        help="also show every post through a second source with no country (no target)",
    )
    args = ap.parse_args(argv)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    ok = True
    for backend in backends:
        if backend == "sqlite":
            tmp = tempfile.TemporaryDirectory()
            url, cleanup = f"sqlite:///{Path(tmp.name) / 'bench.sqlite'}", tmp.cleanup
        else:
            url, cleanup = _postgres_db()
        try:
            result = run(url, args)
        finally:
            cleanup()
        if args.second_source:
            print(f"{backend}, every post from two sources: {result}  (no target)")
        else:
            ok &= result["median_ms"] < TARGET_MS
            print(f"{backend}: {result}  (target < {TARGET_MS} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
