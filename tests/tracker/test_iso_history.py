"""ISO Open Data end to end: the ten real snapshots -> secretariat history, shares, events."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from sqlalchemy import func, select

from db.models import ChangeEvent, Group, GroupVersion, Post, Snapshot
from tests.conftest import ISO_DATES, iso_snapshot

pytestmark = pytest.mark.parametrize("empty_db", ["sqlite", "postgres"], indirect=True)


def _share(cli, date):
    out = cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", date, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    return {r["country"]: r for r in rows}, sum(int(r["posts"]) for r in rows)


def _events(cli):
    out = cli("events", "--body", "ISO", "--format", "csv").stdout
    return list(csv.DictReader(io.StringIO(out)))


def test_ten_snapshots_give_published_counts_and_real_events(cli, session):
    cli("ingest", "iso-open-data", *[iso_snapshot(d) for d in reversed(ISO_DATES)])
    rows, total = _share(cli, "2025-06-12")
    assert (int(rows["CN"]["posts"]), int(rows["US"]["posts"]), int(rows["DE"]["posts"])) == (89, 92, 130)
    assert rows["CN"]["holders"] == "SAC" and rows["US"]["holders"] == "ANSI"
    assert total == 768
    rows, total = _share(cli, "2025-08-20")
    assert (int(rows["CN"]["posts"]), int(rows["US"]["posts"]), int(rows["DE"]["posts"])) == (90, 92, 130)
    assert total == 771

    events = _events(cli)
    transfers = {(e["group"], e["previous_holder"], e["holder"], e["before_date"], e["after_date"])
                 for e in events if e["kind"] == "secretariat_transfer"}
    assert transfers == {
        ("ISO/TC 157", "DSM", "BIS", "2025-06-12", "2025-07-01"),
        ("ISO/TC 269/SC 1", "SAC", "AFNOR", "2025-07-01", "2025-07-02"),
        ("ISO/TC 98/SC 1", "SA", "BIS", "2025-07-09", "2025-07-16"),
    }
    created = {(e["group"], e["after_date"]) for e in events if e["kind"] == "group_created"}
    assert created == {
        ("ISO/TC 353", "2025-07-02"), ("ISO/TC 352", "2025-07-02"), ("ISO/TC 354", "2025-07-23"),
        ("ISO/TC 354/SC 1", "2025-07-23"), ("ISO/TC 344/SC 2", "2025-07-30"),
    }
    closed = {(e["group"], e["before_date"], e["after_date"]) for e in events if e["kind"] == "group_closed"}
    assert closed == {("ISO/WS ESG", "2025-07-16", "2025-07-23"), ("ISO/PC 250", "2025-07-16", "2025-07-23")}
    renamed = [e for e in events if e["kind"] == "group_renamed"]
    assert [(e["group"], e["after_date"]) for e in renamed] == [("ISO/IEC JTC 4", "2025-08-20")]
    # nothing else: no departures/appointments from committees that merely appeared or vanished
    assert {e["kind"] for e in events} == {"secretariat_transfer", "group_created", "group_closed", "group_renamed"}
    assert all(e["before_date"] and e["after_date"] for e in events)

    # re-ingesting any snapshot adds nothing
    before = session.scalar(select(func.count(ChangeEvent.id)))
    result = cli("ingest", "iso-open-data", iso_snapshot("2025-07-16"), iso_snapshot("2025-06-12"))
    assert "duplicate" in result.stderr
    assert session.scalar(select(func.count(ChangeEvent.id))) == before
    assert session.scalar(select(func.count(Snapshot.id))) == 10


def test_out_of_order_ingest_equals_in_order(cli, session):
    for d in ["2025-06-12", "2025-07-16", "2025-07-01"]:  # 07-01 arrives late: a backfill
        cli("ingest", "iso-open-data", iso_snapshot(d))
    kinds = sorted((e["kind"], e["group"], e["after_date"]) for e in _events(cli))
    assert ("secretariat_transfer", "ISO/TC 157", "2025-07-01") in kinds
    assert ("secretariat_transfer", "ISO/TC 98/SC 1", "2025-07-16") in kinds
    assert ("secretariat_transfer", "ISO/TC 269/SC 1", "2025-07-16") in kinds
    tc157 = session.scalars(
        select(Post).join(Group, Post.group_id == Group.id).where(Group.code == "ISO/TC 157").order_by(Post.valid_from)
    ).all()
    assert [(p.holder_label, str(p.valid_from), str(p.valid_to)) for p in tc157] == [
        ("DSM", "2025-06-12", "2025-07-01"), ("BIS", "2025-07-01", "None")]


def _truncate(path, keep: int, tmp_path, name: str):
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()[:keep]
    out = tmp_path / name
    out.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    return out


def test_truncated_and_empty_snapshots_are_suspect_and_change_nothing(cli, session, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    state = session.execute(select(Post.id, Post.valid_to).order_by(Post.id)).all()
    versions = session.scalar(select(func.count(GroupVersion.id)))
    truncated = _truncate(iso_snapshot("2025-07-01"), 100, tmp_path, "iso-2025-07-01.jsonl")
    empty = _truncate(iso_snapshot("2025-07-02"), 0, tmp_path, "iso-2025-07-02.jsonl")
    for path in (truncated, empty):
        result = cli("ingest", "iso-open-data", path, ok=False)
        assert result.exit_code == 3
        assert "suspect" in result.stderr
    session.expire_all()
    assert session.execute(select(Post.id, Post.valid_to).order_by(Post.id)).all() == state
    assert session.scalar(select(func.count(GroupVersion.id))) == versions
    assert session.scalar(select(func.count(ChangeEvent.id))) == 0
    statuses = dict(session.execute(select(Snapshot.observed_at, Snapshot.status)).all())
    assert sorted(statuses.values()) == ["applied", "suspect", "suspect"]
    # the share at a later date still reflects the last good snapshot
    rows, total = _share(cli, "2025-07-02")
    assert total == 768 and int(rows["CN"]["posts"]) == 89


def test_error_page_is_failed_snapshot(cli, session, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    page = tmp_path / "iso-2025-07-01.jsonl"
    page.write_text("<html><body><h1>503 Service Unavailable</h1></body></html>", encoding="utf-8")
    result = cli("ingest", "iso-open-data", page, ok=False)
    assert result.exit_code == 3 and "ErrorPage" in result.stderr
    snap = session.scalar(select(Snapshot).where(Snapshot.status == "failed"))
    assert snap is not None and "ErrorPage" in snap.reason
    assert session.scalar(select(func.count(Post.id)).where(Post.valid_to.is_not(None))) == 0


def test_share_json_and_inactive(cli):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    data = json.loads(cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", "2025-06-12",
                          "--format", "json").stdout)
    assert sum(r["posts"] for r in data) == 768
    assert data[0]["country"] == "DE" and data[0]["basis"] == "member_body"
    with_inactive = json.loads(cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", "2025-06-12",
                                   "--include-inactive", "--format", "json").stdout)
    assert sum(r["posts"] for r in with_inactive) == 785
    before = json.loads(cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", "2025-01-01",
                            "--format", "json").stdout)
    assert before == []
