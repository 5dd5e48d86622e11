"""Benchmark: ingest a 10-year synthetic history snapshot by snapshot into SQLite.

    python benchmarks/bench_history.py [--years 10] [--groups 5000] [--db PATH] [--json PATH]
    python benchmarks/bench_history.py --years 1 --profile prof.out   # cProfile, top hotspots

The history is ``history_generator.build_history`` (the dashboard benchmark's shape, see that
module): one ``records-jsonl`` snapshot per body per month, 480 snapshots by default.  They
are fed in chronological order to ``Importer(session).ingest(SnapshotInput(...))``, one
transaction per snapshot (as a crawl does), into a fresh, migrated SQLite store.  Building the
snapshots is not timed; the ingest is, snapshot by snapshot.

Reports total ingest time, snapshots/s, records/s (import throughput), the per-snapshot time
of the first and the last year (does it slow down as the store grows?), the statuses, and the
final row counts.  Target: the full 10-year history in under 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from benchmarks.history_generator import PARSER, build_history  # noqa: E402
from db import migrate  # noqa: E402
from db.models import (  # noqa: E402
    ChangeEvent,
    Group,
    GroupVersion,
    Observation,
    Organization,
    Person,
    Post,
    PostAttribution,
    Snapshot,
)
from db.session import get_engine, session_scope  # noqa: E402
from tracker.ingest import Importer, SnapshotInput  # noqa: E402

TARGET_S = 600
COUNTED = {
    "snapshots": Snapshot, "groups": Group, "group_versions": GroupVersion, "posts": Post,
    "post_attributions": PostAttribution, "events": ChangeEvent, "observations": Observation,
    "people": Person, "organizations": Organization,
}  # fmt: skip


def row_counts(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        counts = {name: session.scalar(select(func.count()).select_from(model))
                  for name, model in COUNTED.items()}  # fmt: skip
        counts["open_posts"] = session.scalar(
            select(func.count()).select_from(Post).where(Post.valid_to.is_(None))
        )
        by_kind = session.execute(
            select(ChangeEvent.kind, func.count())
            .group_by(ChangeEvent.kind)
            .order_by(ChangeEvent.kind)
        ).all()
    counts["events_by_kind"] = dict(by_kind)
    return counts


def ingest_history(url: str, history, progress_every: int = 24) -> dict:
    """Ingest every snapshot of ``history`` into the migrated store at ``url``; return figures."""
    times: list[float] = []
    statuses: dict[str, int] = {}
    records = events = 0
    not_applied: list[str] = []
    total = len(history)
    t_all = time.perf_counter()
    for i, snap in enumerate(history.snapshots(), 1):
        inp = SnapshotInput(
            source=snap.source, scope=snap.scope, url=snap.url, raw=snap.raw, parser=PARSER,
            observed_at=snap.observed_at, fetched_at=snap.fetched_at, http_status=200,
            content_type="application/jsonl",
        )  # fmt: skip
        t = time.perf_counter()
        with session_scope(url) as session:
            result = Importer(session).ingest(inp)
        times.append(time.perf_counter() - t)
        statuses[result.status] = statuses.get(result.status, 0) + 1
        records += snap.records
        events += result.events
        if result.status != "applied" and len(not_applied) < 5:
            not_applied.append(f"{snap.scope} {snap.observed_at}: {result.status} {result.reason}")
        if progress_every and (i % progress_every == 0 or i == total):
            spent = time.perf_counter() - t_all
            print(
                f"  [{i}/{total}] {snap.observed_at} {spent:7.1f} s elapsed, last {times[-1]:.2f} s, "
                f"eta {spent / i * (total - i):6.0f} s",
                file=sys.stderr,
                flush=True,
            )
    ingest_s = sum(times)
    per_year = 12 * len(history.items)
    return {
        "snapshots": len(times),
        "records": records,
        "ingest_s": round(ingest_s, 2),
        "snapshots_per_s": round(len(times) / ingest_s, 2),
        "records_per_s": round(records / ingest_s),
        "median_snapshot_s": round(statistics.median(times), 3),
        "first_snapshot_s": round(times[0], 3),
        "first_year_mean_s": round(statistics.mean(times[:per_year]), 3),
        "last_year_mean_s": round(statistics.mean(times[-per_year:]), 3),
        "max_snapshot_s": round(max(times), 3),
        "statuses": statuses,
        "events_reported": events,
        "not_applied": not_applied,
    }


def run(args) -> dict:
    t = time.perf_counter()
    history = build_history(
        args.years, args.groups, args.posts_per_group, args.change_rate, args.seed
    )
    build_s = time.perf_counter() - t
    tmp = None
    if args.db:
        path = Path(args.db).resolve()
        if path.exists():
            if not args.force:
                raise SystemExit(f"{path} exists (use --force to replace it)")
            for p in path.parent.glob(path.name + "*"):
                p.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "history.sqlite"
    url = f"sqlite:///{path}"
    try:
        migrate.upgrade(url)
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            figures = profiler.runcall(ingest_history, url, history, args.progress)
            profiler.dump_stats(args.profile)
        else:
            figures = ingest_history(url, history, args.progress)
        figures["counts"] = row_counts(url)
        with get_engine(url).connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        figures["db_mib"] = round(path.stat().st_size / 2**20, 1)
    finally:
        get_engine(url).dispose()
        get_engine.cache_clear()
        if tmp is not None:
            tmp.cleanup()
    figures.update({
        "years": args.years, "groups": args.groups, "months": len(history.months),
        "build_s": round(build_s, 1), "db": str(path) if args.db else None,
        "full_size": args.years >= 10 and args.groups >= 5000, "target_s": TARGET_S,
    })  # fmt: skip
    # the target is for the full 10-year history; a smaller run has no verdict
    figures["meets_target"] = figures["ingest_s"] < TARGET_S if figures["full_size"] else None
    return figures


def report(fig: dict) -> str:
    c = fig["counts"]
    lines = [
        f"history: {fig['years']} years x {fig['groups']} groups = {fig['snapshots']} snapshots, "
        f"{fig['records']:,} records (built in {fig['build_s']} s, not timed)",
        f"ingest: {fig['ingest_s']:.1f} s = {fig['snapshots_per_s']:.2f} snapshots/s, "
        f"{fig['records_per_s']:,} records/s  (target < {TARGET_S} s for the 10-year history: "
        + {True: "met", False: "NOT met", None: "not applicable to this size"}[fig["meets_target"]]
        + ")",
        f"per snapshot: first {fig['first_snapshot_s']} s, median {fig['median_snapshot_s']} s, "
        f"first-year mean {fig['first_year_mean_s']} s, last-year mean {fig['last_year_mean_s']} s, "
        f"max {fig['max_snapshot_s']} s",
        f"statuses: {fig['statuses']}"
        + (f"  e.g. {fig['not_applied']}" if fig["not_applied"] else ""),
        "rows: " + ", ".join(f"{k} {v:,}" for k, v in c.items() if isinstance(v, int)),
        f"events by kind: {c['events_by_kind']}",
        f"database: {fig['db_mib']} MiB" + (f" kept at {fig['db']}" if fig["db"] else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--groups", type=int, default=5000)
    ap.add_argument("--posts-per-group", type=int, default=4)
    ap.add_argument("--change-rate", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="keep the store in this SQLite file (for bench_export --db)")
    ap.add_argument("--force", action="store_true", help="replace an existing --db file")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    ap.add_argument("--profile", help="run under cProfile, dump stats here, print the top")
    ap.add_argument("--progress", type=int, default=24, help="progress line every N snapshots")
    args = ap.parse_args(argv)
    fig = run(args)
    print(report(fig))
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2, default=str), encoding="utf-8")
    if args.profile:
        import pstats

        stats = pstats.Stats(args.profile)
        print("\n--- repository code (tracker/, crawlers/, db/), top 30 by cumulative time ---")
        stats.sort_stats("cumulative").print_stats(r"/(tracker|crawlers|db)/", 30)
        print("\n--- everything, top 25 by own time ---")
        stats.sort_stats("tottime").print_stats(25)
    all_applied = fig["statuses"].get("applied") == fig["snapshots"]
    return 0 if all_applied and fig["meets_target"] is not False else 1


if __name__ == "__main__":
    raise SystemExit(main())
