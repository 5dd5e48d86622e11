"""Fill a migrated, empty store with a synthetic history, fast (SQLAlchemy Core bulk inserts).

    python benchmarks/synthetic_store.py sqlite:///data/bench.sqlite --years 10 --groups 5000

The shape: ``groups`` groups spread over the four bodies, each with ``posts_per_group``
leadership slots (chair, vice-chair, secretariat, WG chair, …), one snapshot per body per
month over ``years`` years, and each month every slot changes holder with probability
``change_rate`` (so the store holds about ``slots × (1 + months × change_rate)`` post
intervals).  Some groups are created late and some close early.  Countries follow a skewed
distribution; about 5 % of posts have none (unattributed).

This writes the tables directly and is meant for benchmarks only: the importer (the only
writer of real data) is bypassed on purpose because it is far too slow for millions of rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from sqlalchemy import Engine, create_engine, insert, text

from db.models import Group, GroupVersion, MemberBody, Post, PostAttribution, Snapshot

BODIES = ("ISO", "IEC", "ITU-T", "3GPP")
ROLES = ("chair", "vice_chair", "secretariat", "wg_chair", "rapporteur", "convenor")
COUNTRIES = (
    "US",
    "CN",
    "DE",
    "JP",
    "GB",
    "FR",
    "KR",
    "IT",
    "CA",
    "SE",
    "NL",
    "CH",
    "IN",
    "AU",
    "ES",
    "FI",
    "NO",
    "BR",
    "RU",
    "ZA",
    "IL",
    "BE",
    "AT",
    "DK",
    "SG",
    "MY",
    "EG",
    "KE",
    "AR",
    "MX",
)
BATCH = 20_000
# Zipf-like weights: the first countries hold most posts.
_CUM = [sum(1 / (k + 1) ** 0.9 for k in range(i + 1)) for i in range(len(COUNTRIES))]


def _months(start: dt.date, n: int) -> list[dt.date]:
    out = []
    for i in range(n):
        y, m = divmod(start.month - 1 + i, 12)
        out.append(dt.date(start.year + y, m + 1, 15))
    return out


def _country(rng: random.Random) -> str | None:
    if rng.random() < 0.05:
        return None
    return rng.choices(COUNTRIES, cum_weights=_CUM)[0]


def _bulk(conn, model, rows: list[dict]) -> None:
    table = model.__table__
    for i in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[i : i + BATCH])


def generate(
    engine: Engine,
    years: int = 10,
    groups: int = 5000,
    posts_per_group: int = 4,
    change_rate: float = 0.03,
    seed: int = 1,
    start: dt.date = dt.date(2015, 1, 1),
) -> dict:
    """Write the synthetic history; return row counts.  The store must be migrated and empty."""
    rng = random.Random(seed)
    months = _months(start, years * 12)
    now = dt.datetime(2025, 1, 1)
    snaps, snap_id = [], {}
    for b in BODIES:
        for m in months:
            snap_id[(b, m)] = len(snaps) + 1
            snaps.append(
                {
                    "id": len(snaps) + 1,
                    "source": f"synthetic-{b.lower()}",
                    "scope": f"synthetic:{b}",
                    "url": f"https://example.org/{b.lower()}/{m:%Y-%m}",
                    "fetched_at": dt.datetime.combine(m, dt.time(6)),
                    "observed_at": m,
                    "http_status": 200,
                    "content_hash": f"{b}{m}",
                    "parser_name": "synthetic",
                    "parser_version": "1",
                    "record_count": groups * posts_per_group // len(BODIES),
                    "status": "applied",
                    "created_at": now,
                }
            )
    mbs = [
        {
            "id": i + 1,
            "body": "ISO",
            "acronym": f"MB-{c}",
            "name": f"Member body of {c}",
            "country": c,
            "kind": "national",
        }
        for i, c in enumerate(COUNTRIES)
    ]
    mb_id = {c: r["id"] for c, r in zip(COUNTRIES, mbs, strict=True)}
    group_rows, version_rows, post_rows, attr_rows = [], [], [], []
    for g in range(1, groups + 1):
        body = BODIES[g % len(BODIES)]
        born = 0 if rng.random() < 0.8 else rng.randrange(len(months))
        dies = rng.randrange(born + 1, len(months) + 1) if rng.random() < 0.05 else None
        group_rows.append(
            {
                "id": g,
                "body": body,
                "code": f"{body} G{g}",
                "name": f"Synthetic group {g}",
                "kind": "TC",
                "status": "Active" if dies is None else "Withdrawn",
            }
        )
        v_from = months[born]
        v_to = months[dies] if dies is not None and dies < len(months) else None
        version_rows.append(
            {
                "id": g,
                "group_id": g,
                "scope": f"synthetic:{body}",
                "code": f"{body} G{g}",
                "name": f"Synthetic group {g}",
                "status": "Active",
                "state_hash": str(g),
                "valid_from": v_from,
                "valid_to": v_to,
                "first_snapshot_id": snap_id[(body, v_from)],
                "last_snapshot_id": snap_id[(body, months[(dies or len(months)) - 1])],
            }
        )
        end = dies if dies is not None else len(months)
        for s in range(posts_per_group):
            role = ROLES[s % len(ROLES)]
            m0 = born
            while m0 < end:
                m1 = m0 + 1
                while m1 < end and rng.random() >= change_rate:
                    m1 += 1
                pid = len(post_rows) + 1
                country = _country(rng)
                basis = "member_body" if body in ("ISO", "IEC") else "listed"
                post_rows.append(
                    {
                        "id": pid,
                        "key": f"g{g}|{role}|s{s}|{pid}",
                        "scope": f"synthetic:{body}",
                        "group_id": g,
                        "role": role,
                        "role_raw": role,
                        "holder_kind": "person",
                        "holder_label": f"Person {pid}",
                        "member_body_id": mb_id.get(country)
                        if basis == "member_body" and country
                        else None,
                        "organization_label": f"Org {pid % 997}",
                        "country": country,
                        "country_basis": basis if country else None,
                        "valid_from": months[m0],
                        "valid_to": months[m1] if m1 < len(months) else None,
                        "first_snapshot_id": snap_id[(body, months[m0])],
                        "last_snapshot_id": snap_id[(body, months[m1 - 1])],
                        "record_hash": str(pid),
                    }
                )
                attr_rows.append(
                    {
                        "id": pid,
                        "post_id": pid,
                        "basis": basis,
                        "country": country,
                        "detail": None,
                        "derived": False,
                    }
                )
                m0 = m1
    with engine.begin() as conn:
        for model, rows in (
            (Snapshot, snaps),
            (MemberBody, mbs),
            (Group, group_rows),
            (GroupVersion, version_rows),
            (Post, post_rows),
            (PostAttribution, attr_rows),
        ):
            _bulk(conn, model, rows)
        if engine.dialect.name == "postgresql":
            for model in (Snapshot, MemberBody, Group, GroupVersion, Post, PostAttribution):
                name = model.__tablename__
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT max(id) FROM {name}))"
                    )
                )
        conn.execute(text("ANALYZE"))
    if engine.dialect.name == "sqlite":  # fold the write-ahead log into the database file
        with engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return {
        "snapshots": len(snaps),
        "groups": len(group_rows),
        "group_versions": len(version_rows),
        "posts": len(post_rows),
        "post_attributions": len(attr_rows),
        "first": months[0],
        "last": months[-1],
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="database URL of a migrated, empty store")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--groups", type=int, default=5000)
    ap.add_argument("--posts-per-group", type=int, default=4)
    ap.add_argument(
        "--change-rate", type=float, default=0.03, help="monthly chance a slot changes holder"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--migrate", action="store_true", help="run the migrations first")
    args = ap.parse_args(argv)
    if args.migrate:
        from db import migrate

        migrate.upgrade(args.url)
    t = time.perf_counter()
    counts = generate(
        create_engine(args.url),
        args.years,
        args.groups,
        args.posts_per_group,
        args.change_rate,
        args.seed,
    )
    print(f"generated {counts} in {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
