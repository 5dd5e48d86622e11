"""Backfill of the ISO Open Data feed from a stand-in Wayback Machine on 127.0.0.1.

The archive holds two captures of the feed (2025-06-12 and 2025-07-01, bundled snapshots)
listed over two CDX pages; between them the ISO/TC 157 secretariat moved from DSM to BIS.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from crawlers.settings import USER_AGENT
from crawlers.spiders.iso_open_data import FEED_URL
from db.models import Group, Post, Snapshot
from tests.backfill.conftest import RESUME_KEY, TS_JULY, TS_JUNE, iso_feed_archive
from tests.backfill.wayback_server import FakeWayback
from tests.conftest import BACKENDS, iso_snapshot

TRANSFER = {
    "kind": "secretariat_transfer",
    "group": "ISO/TC 157",
    "holder": "BIS",
    "country": "IN",
    "previous_holder": "DSM",
    "previous_country": "MY",
    "before_date": "2025-06-12",
    "after_date": "2025-07-01",
}


def _events(cli) -> list[dict]:
    return list(csv.DictReader(io.StringIO(cli("events", "--format", "csv").stdout)))


def _snapshots(session) -> list[Snapshot]:
    session.expire_all()
    return session.scalars(select(Snapshot).order_by(Snapshot.observed_at, Snapshot.id)).all()


def _tc157_secretariats(session) -> list[tuple]:
    q = (
        select(Post.holder_label, Post.valid_from, Post.valid_to)
        .join(Group, Group.id == Post.group_id)
        .where(Group.code == "ISO/TC 157", Post.role == "secretariat")
        .order_by(Post.valid_from)
    )
    return [tuple(r) for r in session.execute(q)]


@pytest.mark.parametrize("empty_db", BACKENDS, indirect=True)
def test_backfill_gives_intervals_events_and_provenance(backfill, cli, session, monkeypatch):
    archive = FakeWayback(**iso_feed_archive())
    with archive as base:
        monkeypatch.setenv("SSO_WAYBACK_BASE", base)
        result = backfill("iso-open-data", "--from", "2025", "--to", "2025")
    assert "applied 2" in result.stderr
    events = _events(cli)
    assert [{k: e[k] for k in TRANSFER} for e in events] == [TRANSFER]
    assert events[0]["before_url"] == FEED_URL and events[0]["after_url"] == FEED_URL
    assert _tc157_secretariats(session) == [
        ("DSM", dt.date(2025, 6, 12), dt.date(2025, 7, 1)),
        ("BIS", dt.date(2025, 7, 1), None),
    ]
    snaps = _snapshots(session)
    assert [(s.source, s.scope, s.parser_name, s.status, s.url) for s in snaps] == [
        ("iso-open-data", "iso-open-data", "iso-open-data", "applied", FEED_URL)
    ] * 2
    assert [(s.observed_at, s.fetched_at, s.run_id) for s in snaps] == [
        (dt.date(2025, 6, 12), dt.datetime(2025, 6, 12, 6, 30, 15), f"wayback:{TS_JUNE}"),
        (dt.date(2025, 7, 1), dt.datetime(2025, 7, 1, 6, 15, 2), f"wayback:{TS_JULY}"),
    ]
    # polite and as documented: robots.txt first, a CDX listing of two pages, two id_ fetches
    assert [h.kind for h in archive.hits] == ["robots", "cdx", "web", "cdx", "web"]
    assert {h.user_agent for h in archive.hits} == {USER_AGENT}
    first, second = archive.of("cdx")
    assert first.params == {
        "url": FEED_URL,
        "output": "json",
        "fl": "timestamp,original,mimetype,statuscode,digest,length",
        "filter": "statuscode:200",
        "collapse": "digest",
        "from": "2025",
        "to": "2025",
        "limit": "1000",
        "showResumeKey": "true",
    }
    assert second.params["resumeKey"] == RESUME_KEY
    assert [h.path for h in archive.of("web")] == [
        f"/web/{TS_JUNE}id_/{FEED_URL}",
        f"/web/{TS_JULY}id_/{FEED_URL}",
    ]


@pytest.mark.parametrize("empty_db", BACKENDS, indirect=True)
def test_interrupted_backfill_resumes_without_duplicates(backfill, cli, session, tmp_path):
    archive = FakeWayback(**iso_feed_archive())
    with archive as base:
        first = backfill("iso-open-data", "--base", base, "--limit", "1")
        assert "stopped after 1 capture(s)" in first.stderr
        assert len(_snapshots(session)) == 1 and _events(cli) == []
        state = json.loads((tmp_path / "data" / "backfill" / "iso-open-data.json").read_text())
        assert state["done"] == [f"{TS_JUNE} {FEED_URL}"]
        assert list(state["queries"].values()) == [
            {"resume_key": RESUME_KEY, "complete": False, "captures": 1}
        ]
        hits_before = len(archive.hits)
        backfill("iso-open-data", "--base", base)
        resumed = archive.hits[hits_before:]
        # resumed at the second CDX page; the first capture was not fetched again
        assert [
            (h.kind, h.params.get("resumeKey"), h.params.get("timestamp")) for h in resumed
        ] == [("robots", None, None), ("cdx", RESUME_KEY, None), ("web", None, TS_JULY)]
        hits_before = len(archive.hits)
        again = backfill("iso-open-data", "--base", base)
        assert [h.kind for h in archive.hits[hits_before:]] == ["robots"]  # listing complete
        assert "nothing new" in again.stderr
    assert [s.observed_at for s in _snapshots(session)] == [
        dt.date(2025, 6, 12),
        dt.date(2025, 7, 1),
    ]
    assert [{k: e[k] for k in TRANSFER} for e in _events(cli)] == [TRANSFER]


def test_lost_progress_file_still_no_duplicates(backfill, cli, session, tmp_path):
    archive = FakeWayback(**iso_feed_archive())
    with archive as base:
        backfill("iso-open-data", "--base", base)
        hits_before = len(archive.hits)
        result = backfill("iso-open-data", "--base", base, "--restart")  # forgets the state file
        assert [h.kind for h in archive.hits[hits_before:]] == [
            "robots",
            "cdx",
            "cdx",
        ]  # no capture fetched
    assert "stored 2" in result.stderr
    assert len(_snapshots(session)) == 2 and len(_events(cli)) == 1


def test_archive_outage_stops_with_status_3_then_resumes(backfill, cli, session):
    archive = FakeWayback(**iso_feed_archive(), fail={f"web:{TS_JULY}": 3})
    with archive as base:
        failed = backfill(
            "iso-open-data", "--base", base, "--retries", "2", "--backoff", "0.01", ok=False
        )
        assert failed.exit_code == 3
        assert (
            f"HTTP 503 for {base}/web/{TS_JULY}id_/" in failed.stderr and "resume" in failed.stderr
        )
        assert len(archive.of("web")) == 4  # June once, July 1 + 2 retries
        assert [s.observed_at for s in _snapshots(session)] == [dt.date(2025, 6, 12)]
        backfill("iso-open-data", "--base", base, "--retries", "2", "--backoff", "0.01")
    assert [h.status for h in archive.of("web")] == [200, 503, 503, 503, 200]
    assert [s.observed_at for s in _snapshots(session)] == [
        dt.date(2025, 6, 12),
        dt.date(2025, 7, 1),
    ]
    assert len(_events(cli)) == 1


def test_capture_cut_off_mid_download_stops_with_status_3_then_resumes(backfill, session):
    archive = FakeWayback(**iso_feed_archive(), cut={TS_JULY: 3})
    with archive as base:
        failed = backfill(
            "iso-open-data", "--base", base, "--retries", "2", "--backoff", "0.01", ok=False
        )
        assert failed.exit_code == 3 and "IncompleteRead" in failed.stderr
        assert [s.observed_at for s in _snapshots(session)] == [dt.date(2025, 6, 12)]
        backfill("iso-open-data", "--base", base, "--retries", "2", "--backoff", "0.01")
    assert len(archive.of("web")) == 1 + 3 + 1  # June; July cut off 3 times; July again
    assert [s.observed_at for s in _snapshots(session)] == [
        dt.date(2025, 6, 12),
        dt.date(2025, 7, 1),
    ]


def test_backfill_merges_into_existing_history(backfill, cli, session):
    """The feed was already ingested on 2025-07-01: the archived copy of that day is a
    duplicate, the older capture rebuilds the scope and yields the transfer."""
    cli("ingest", "iso-open-data", iso_snapshot("2025-07-01"))
    with FakeWayback(**iso_feed_archive()) as base:
        result = backfill("iso-open-data", "--base", base)
    assert "applied 1" in result.stderr and "duplicate 1" in result.stderr
    assert [(s.observed_at, s.run_id) for s in _snapshots(session)] == [
        (dt.date(2025, 6, 12), f"wayback:{TS_JUNE}"),
        (dt.date(2025, 7, 1), None),
    ]
    events = _events(cli)
    assert [{k: e[k] for k in TRANSFER} for e in events] == [TRANSFER]
    assert events[0]["before_url"] == FEED_URL and events[0]["after_url"].startswith("file://")


def test_robots_txt_forbidding_the_archive_stops_before_any_listing(backfill, session):
    robots = b"User-agent: sso-tracker\nDisallow: /cdx/\n"
    archive = FakeWayback(**iso_feed_archive(), robots=robots)
    with archive as base:
        result = backfill("iso-open-data", "--base", base, ok=False)
    assert result.exit_code == 3 and "robots.txt disallows /cdx/search/cdx" in result.stderr
    assert [h.kind for h in archive.hits] == ["robots"]
    assert _snapshots(session) == []
