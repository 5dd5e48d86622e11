"""ISO Open Data end to end: the ten real snapshots -> secretariat history, shares, events;
and the history rules (fetches of one day, backfills, rebuilds, group closure, provenance)
on real and crafted feeds."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os

import pytest
from sqlalchemy import func, select

from db.models import ChangeEvent, Group, GroupVersion, Post, Snapshot
from tests.conftest import ISO_DATES, iso_snapshot
from tracker.ingest import Importer, SnapshotInput

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


# -- history rules on crafted and real feeds ---------------------------------------------------

def _officers(*posts) -> bytes:
    """A records-jsonl roster page of one ITU-T study group: (role_raw, person, term_end)."""
    return "\n".join(json.dumps({"kind": "post", "body": "ITU-T", "group": "SG99", "role_raw": role,
                                 "person": person, "term_end": term, "country": "FR"})
                     for role, person, term in posts).encode()


BASE = (("Chairman", "Alice Martin", "2028"), ("Vice-chairman", "Bob Stone", "2028"),
        ("Vice-chairman", "Eve Evans", "2028"), ("Vice-chairman", "Fay Frost", "2028"))


def _ingest(session, raw: bytes, day: str, at: str, scope="itu-test-sg99", parser="records-jsonl"):
    """Import one fetch of ``scope`` observed on ``day``, retrieved at ``at`` (HH:MM)."""
    result = Importer(session).ingest(SnapshotInput(
        source="itu-test", scope=scope, url=f"https://example.org/{scope}.jsonl", raw=raw, parser=parser,
        observed_at=dt.date.fromisoformat(day), fetched_at=dt.datetime.fromisoformat(f"{day}T{at}"),
    ))
    session.commit()
    return result


def _sg99(session):
    return [(p.holder_label, str(p.valid_from), str(p.valid_to), p.expected_end)
            for p in session.scalars(select(Post).order_by(Post.holder_label, Post.valid_from))]


def _event_list(session):
    return [(e.kind, e.holder, str(e.before_date), str(e.after_date))
            for e in session.scalars(select(ChangeEvent).order_by(ChangeEvent.id))]


def test_later_fetch_of_the_same_day_replaces_the_earlier(session):
    assert _ingest(session, _officers(*BASE), "2025-03-01", "06:00").status == "applied"
    carl = ("Vice-chairman", "Carl Chen", "2028")
    assert _ingest(session, _officers(*BASE, carl), "2025-03-05", "06:00").status == "applied"
    # the same day, Carl's term end is corrected: the later fetch stands for 2025-03-05
    result = _ingest(session, _officers(*BASE, carl[:2] + ("2029",)), "2025-03-05", "18:00")
    assert result.status == "applied" and (result.opened, result.events) == (1, 1)
    assert ("Carl Chen", "2025-03-05", "None", "2029") in _sg99(session)
    assert _event_list(session) == [("appointment", "Carl Chen", "2025-03-01", "2025-03-05")]
    statuses = session.scalars(select(Snapshot.status).order_by(Snapshot.id)).all()
    assert statuses == ["applied", "superseded", "applied"]
    # a fetch of that day retrieved earlier than the one in force cannot replace it
    late = _ingest(session, _officers(*BASE, carl[:2] + ("2030",)), "2025-03-05", "12:00")
    assert late.status == "superseded"
    assert ("Carl Chen", "2025-03-05", "None", "2029") in _sg99(session)
    assert _ingest(session, _officers(*BASE, carl[:2] + ("2030",)), "2025-03-05", "12:00").status == "superseded"
    assert session.scalar(select(func.count(Snapshot.id))) == 4


def test_same_day_revert_is_applied_not_a_duplicate(session):
    carl, dan = ("Vice-chairman", "Carl Chen", "2028"), ("Vice-chairman", "Dan Dee", "2028")
    _ingest(session, _officers(*BASE), "2025-03-01", "06:00")
    _ingest(session, _officers(*BASE, carl), "2025-03-05", "08:00")
    _ingest(session, _officers(*BASE, carl, dan), "2025-03-05", "12:00")
    assert "Dan Dee" in {p[0] for p in _sg99(session)}
    result = _ingest(session, _officers(*BASE, carl), "2025-03-05", "16:00")  # the page is back to A
    assert result.status == "applied"
    assert "Dan Dee" not in {p[0] for p in _sg99(session)}
    assert _event_list(session) == [("appointment", "Carl Chen", "2025-03-01", "2025-03-05")]
    # the same content again is now a duplicate
    assert _ingest(session, _officers(*BASE, carl), "2025-03-05", "20:00").status == "duplicate"


def test_truncated_gzip_is_failed_and_the_batch_goes_on(cli, session, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    data = iso_snapshot("2025-07-01").read_bytes()
    truncated = tmp_path / "iso_technical_committees-2025-07-01.jsonl.gz"
    truncated.write_bytes(data[: len(data) // 2])
    good = tmp_path / "iso_technical_committees-2025-07-02.jsonl.gz"
    good.write_bytes(iso_snapshot("2025-07-02").read_bytes())
    result = cli("ingest", "iso-open-data", truncated, good, ok=False)
    assert result.exit_code == 3
    assert "failed" in result.stderr and "truncated or corrupt gzip file" in result.stderr
    statuses = dict(session.execute(select(Snapshot.observed_at, Snapshot.status)).all())
    assert statuses == {dt.date(2025, 6, 12): "applied", dt.date(2025, 7, 1): "failed",
                        dt.date(2025, 7, 2): "applied"}


def test_partial_backfill_older_than_every_snapshot_is_suspect(cli, session, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"), iso_snapshot("2025-07-01"))
    state = session.execute(select(Post.id, Post.valid_from, Post.valid_to).order_by(Post.id)).all()
    events = session.scalar(select(func.count(ChangeEvent.id)))
    partial = _truncate(iso_snapshot("2025-06-12"), 700, tmp_path, "iso_technical_committees-2025-06-01.jsonl")
    result = cli("ingest", "iso-open-data", partial, ok=False)
    assert result.exit_code == 3 and "suspect" in result.stderr and "snapshot of 2025-06-12" in result.stderr
    session.expire_all()
    assert session.execute(select(Post.id, Post.valid_from, Post.valid_to).order_by(Post.id)).all() == state
    assert session.scalar(select(func.count(ChangeEvent.id))) == events


def test_backfill_reports_what_that_snapshot_changed(cli, session):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"), iso_snapshot("2025-07-16"))
    out = cli("ingest", "iso-open-data", iso_snapshot("2025-07-01")).stderr
    snap = session.scalar(select(Snapshot).where(Snapshot.observed_at == dt.date(2025, 7, 1)))
    own = session.scalar(select(func.count(ChangeEvent.id)).where(ChangeEvent.after_snapshot_id == snap.id))
    assert own < session.scalar(select(func.count(ChangeEvent.id)))  # 07-16 has events of its own
    assert f"applied; records {snap.record_count}, opened 1, closed 1, events {own}" in out


def test_rebuild_that_would_lose_records_is_refused(cli, session, monkeypatch):
    from crawlers.parsers import iso_open_data

    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"), iso_snapshot("2025-07-16"))
    state = session.execute(select(Post.id, Post.valid_from, Post.valid_to).order_by(Post.id)).all()
    # parser v2 reads the 07-01 feed, but no secretariat of the stored 06-12 and 07-16 feeds
    parse = iso_open_data.parse
    monkeypatch.setattr(iso_open_data, "PARSER_VERSION", "2")
    monkeypatch.setattr(iso_open_data, "parse", lambda body, url: [
        r for r in parse(body, url) if r["kind"] == "group" or "2025-07-01" in url])
    result = cli("ingest", "iso-open-data", iso_snapshot("2025-07-01"), ok=False)
    assert result.exit_code == 3 and "suspect" in result.stderr
    assert "re-parsing snapshot" in result.stderr and "iso-open-data parser v2" in result.stderr
    session.expire_all()
    assert session.execute(select(Post.id, Post.valid_from, Post.valid_to).order_by(Post.id)).all() == state
    assert set(session.scalars(select(Snapshot.parser_version).where(Snapshot.status == "applied"))) == {"1"}
    # a v3 that reads every feed as v1 did: the rebuild runs, and provenance names v3
    monkeypatch.setattr(iso_open_data, "PARSER_VERSION", "3")
    monkeypatch.setattr(iso_open_data, "parse", parse)
    cli("ingest", "iso-open-data", iso_snapshot("2025-07-02"), iso_snapshot("2025-07-01"))
    session.expire_all()
    applied = session.execute(select(Snapshot.observed_at, Snapshot.parser_version)
                              .where(Snapshot.status == "applied").order_by(Snapshot.observed_at)).all()
    assert [(str(d), v) for d, v in applied] == [
        ("2025-06-12", "3"), ("2025-07-01", "3"), ("2025-07-02", "3"), ("2025-07-16", "3")]


def test_committee_listed_again_is_open_again(cli, session, tmp_path):
    again = tmp_path / "iso_technical_committees-2025-07-30.jsonl.gz"
    again.write_bytes(iso_snapshot("2025-07-16").read_bytes())
    cli("ingest", "iso-open-data", iso_snapshot("2025-07-16"), iso_snapshot("2025-07-23"), again)
    group = session.scalar(select(Group).where(Group.code == "ISO/PC 250"))
    assert (group.status, group.closed_on) == ("Active", None)
    out = cli("export", "groups", "--format", "csv", "--out", tmp_path / "groups.csv")
    assert out.exit_code == 0
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO((tmp_path / "groups.csv").read_text()))}
    assert rows["ISO/PC 250"]["closed_on"] == ""
    kinds = [e["kind"] for e in _events(cli) if e["group"] == "ISO/PC 250"]
    assert kinds == ["group_closed", "group_created"]  # the closure stays in the events


def test_joint_committee_stays_open_while_another_scope_lists_it(cli, session):
    def iec_list(*codes):
        return "\n".join(json.dumps({"kind": "group", "body": "IEC", "group": c, "group_name": c,
                                     "status": "Active"}) for c in codes).encode()

    iec = [f"IEC TC {n}" for n in range(1, 6)]
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    _ingest(session, iec_list(*iec, "ISO/IEC JTC 1"), "2025-06-12", "06:00", scope="iec-test-list")
    _ingest(session, iec_list(*iec), "2025-07-01", "06:00", scope="iec-test-list")  # IEC list drops it
    cli("ingest", "iso-open-data", iso_snapshot("2025-07-01"))  # ISO still lists it
    jtc1 = session.scalar(select(Group).where(Group.code == "ISO/IEC JTC 1"))
    session.refresh(jtc1)
    assert (jtc1.status, jtc1.closed_on) == ("Active", None)
    assert not session.scalar(select(func.count(ChangeEvent.id)).where(
        ChangeEvent.group_id == jtc1.id, ChangeEvent.kind == "group_closed"))
    # an IEC-only committee the list drops is closed as before
    _ingest(session, iec_list(*iec[:4]), "2025-07-02", "06:00", scope="iec-test-list")
    tc5 = session.scalar(select(Group).where(Group.code == "IEC TC 5"))
    session.refresh(tc5)
    assert (tc5.status, tc5.closed_on) == ("Closed", "2025-07-02")


@pytest.mark.parametrize("order", ["by date", "later drop first"])
def test_joint_committee_closes_when_the_last_scope_drops_it_whatever_the_order(session, order):
    def listing(*codes):
        return "\n".join(json.dumps({"kind": "group", "body": "ISO", "group": c, "group_name": c,
                                     "status": "Active"}) for c in codes).encode()

    xs, ys = [f"ISO/TC {n}" for n in range(1, 6)], [f"ISO/TC {n}" for n in range(10, 15)]
    _ingest(session, listing(*xs, "JOINT 1"), "2025-01-01", "06:00", scope="x")
    _ingest(session, listing(*ys, "JOINT 1"), "2025-01-01", "06:00", scope="y")
    drops = [(listing(*ys), "2025-01-10", "y"), (listing(*xs), "2025-01-20", "x")]
    for raw, day, scope in drops if order == "by date" else drops[::-1]:
        assert _ingest(session, raw, day, "06:00", scope=scope).status == "applied"

    def state():
        group = session.scalar(select(Group).where(Group.code == "JOINT 1"))
        session.refresh(group)
        closed = session.scalars(select(ChangeEvent).where(
            ChangeEvent.group_id == group.id, ChangeEvent.kind == "group_closed")).all()
        return group.status, group.closed_on, [(e.scope, str(e.after_date)) for e in closed]

    # x listed it last: closed on x's drop, and the event is x's whichever came in first
    assert state() == ("Closed", "2025-01-20", [("x", "2025-01-20")])
    # a later fetch of y's drop date rebuilds y: x's closure stands
    _ingest(session, listing(*ys, "ISO/TC 99"), "2025-01-10", "18:00", scope="y")
    assert state() == ("Closed", "2025-01-20", [("x", "2025-01-20")])


def test_file_import_keeps_retrieval_time_and_observation_date(cli, session, tmp_path):
    path = tmp_path / "iso_technical_committees-2025-06-12.jsonl.gz"
    path.write_bytes(iso_snapshot("2025-06-12").read_bytes())
    retrieved = dt.datetime(2025, 6, 12, 9, 30, 15)
    stamp = retrieved.replace(tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
    cli("ingest", "iso-open-data", path)
    snap = session.scalar(select(Snapshot))
    assert (snap.observed_at, snap.fetched_at) == (dt.date(2025, 6, 12), retrieved)


def test_file_checked_out_later_is_retrieved_on_its_date_not_at_its_mtime(cli, session, tmp_path):
    path = tmp_path / "iso_technical_committees-2025-06-12.jsonl.gz"
    path.write_bytes(iso_snapshot("2025-06-12").read_bytes())  # mtime: now, a later day
    cli("ingest", "iso-open-data", path)
    snap = session.scalar(select(Snapshot))
    assert (snap.observed_at, snap.fetched_at) == (dt.date(2025, 6, 12), dt.datetime(2025, 6, 12))


def test_a_rebuild_parses_each_stored_snapshot_once(session, monkeypatch):
    import tracker.ingest.importer as importer

    def listing(*codes):
        return "\n".join(json.dumps({"kind": "group", "body": "ISO", "group": c, "group_name": c,
                                     "status": "Active"}) for c in codes).encode()

    codes = [f"ISO/TC {n}" for n in range(1, 9)]
    for i, day in enumerate(("2025-01-01", "2025-01-02", "2025-01-03")):
        _ingest(session, listing(*codes[: 5 + i]), day, "06:00", scope="x")
    calls = []
    real = importer.get_parser
    monkeypatch.setattr(importer, "get_parser", lambda name: calls.append(name) or real(name))
    # a later fetch of the last date: the scope is rebuilt from its three snapshots
    assert _ingest(session, listing(*codes), "2025-01-03", "18:00", scope="x").status == "applied"
    assert len(calls) == 1 + 3  # the new fetch, then each snapshot of the rebuild once
