"""Whole Scrapy path offline: spiders -> local HTTP server -> pipelines -> run dir -> importer."""

from __future__ import annotations

import csv
import gzip
import io
import json

from sqlalchemy import select

from crawlers.spiders.iso_open_data import FEED_URL
from db.models import Snapshot, SourceRun
from tests.conftest import FIXTURES, iso_snapshot
from tests.helpers import replay_dir

ISO_PAGES = FIXTURES / "iso" / "iso_committee"
TC20_SC1 = "https://www.iso.org/committee/46506.html"  # ISO/TC 20/SC 1 in ISO Open Data


def _events(cli, *args):
    return list(csv.DictReader(io.StringIO(cli("events", "--format", "csv", *args).stdout)))


def test_iso_open_data_feed_through_scrapy(cli, session, tmp_path):
    feed = gzip.decompress(iso_snapshot("2025-06-12").read_bytes())
    # the first request gets a 503: the retry middleware must back off and fetch again
    root = replay_dir(tmp_path, "feed", {FEED_URL: feed}, extra={FEED_URL: {"fail_first": 1}})
    result = cli("crawl", "iso_open_data", "--replay", root, "--observed-at", "2025-06-12")
    assert "applied" in result.stderr
    rows = json.loads(cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", "2025-06-12",
                          "--format", "json").stdout)
    assert {r["country"]: r["posts"] for r in rows}["CN"] == 89
    run = session.scalar(select(SourceRun))
    assert run.status == "ok" and run.snapshots == 1


def test_error_page_from_server_is_a_failed_run(cli, session, tmp_path):
    root = replay_dir(tmp_path, "err", {FEED_URL: b"<html>Service unavailable</html>"},
                      extra={FEED_URL: {"status": 500}})
    result = cli("crawl", "iso_open_data", "--replay", root, ok=False)
    assert result.exit_code == 3
    run = session.scalar(select(SourceRun))
    assert run.status == "failed" and "HTTP 500" in run.reason


def test_iso_committee_chair_change_between_two_replayed_crawls(cli, tmp_path):
    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    first = replay_dir(tmp_path, "d1", {TC20_SC1: ISO_PAGES / "tc20_sc1_2025-01.html"})
    cli("crawl", "iso_committees", "--replay", first, "--arg", "ids=46506", "--observed-at", "2025-07-01")
    page = (ISO_PAGES / "tc20_sc1_2026-01.html").read_text(encoding="utf-8")
    page = page.replace("Ms Liu Sample", "Dr Zhao Newcomer")  # a new person, not the chair-elect
    second = replay_dir(tmp_path, "d2", {TC20_SC1: page.encode()})
    cli("crawl", "iso_committees", "--replay", second, "--arg", "ids=46506", "--observed-at", "2026-01-15")
    events = [e for e in _events(cli, "--since", "2026-01-01") if e["role"] in ("chair", "chair_elect")]
    kinds = sorted((e["kind"], e["role"], e["holder"] or e["previous_holder"]) for e in events)
    assert kinds == [
        ("appointment", "chair", "Zhao Newcomer"),
        ("departure", "chair", "Chen Example"),
        ("departure", "chair_elect", "Liu Sample"),
    ]
    for e in events:
        assert e["before_date"] == "2025-07-01" and e["after_date"] == "2026-01-15"
        assert e["before_url"] == TC20_SC1 and e["after_url"] == TC20_SC1
    # ISO's committee page and ISO Open Data both show the SAC secretariat: counted once
    rows = json.loads(cli("share", "--body", "ISO", "--role", "secretariat", "--as-of", "2025-07-01",
                          "--format", "json").stdout)
    assert sum(r["posts"] for r in rows) == 768
    chairs = json.loads(cli("share", "--body", "ISO", "--role", "chair", "--as-of", "2026-02-01",
                            "--format", "json").stdout)
    # the chair's country is derived from the nominating secretariat (SAC), and says so
    assert [(r["country"], r["posts"], r["basis"]) for r in chairs] == [("CN", 1, "member_body")]
    listed = json.loads(cli("share", "--body", "ISO", "--role", "chair", "--as-of", "2026-02-01",
                            "--attribution", "listed", "--format", "json").stdout)
    assert [(r["country"], r["posts"]) for r in listed] == [("unattributed", 1)]


def test_spider_crawl_is_recorded_under_its_source_and_ids_may_have_spaces(cli, session, tmp_path):
    tc12 = "https://www.iso.org/committee/46202.html"
    root = replay_dir(tmp_path, "d", {TC20_SC1: ISO_PAGES / "tc20_sc1_2025-01.html",
                                      tc12: ISO_PAGES / "tc12_chair_until_2027.html"})
    cli("crawl", "iso_committees", "--replay", root, "--arg", "ids=46506, 46202")
    snaps = session.scalars(select(Snapshot).order_by(Snapshot.url)).all()
    assert [(s.url, s.scope, s.status) for s in snaps] == [
        (tc12, "iso-committee:46202", "applied"),
        (TC20_SC1, "iso-committee:46506", "applied"),
    ]
    # the run is the source's (iso-committee), as its snapshots and scheduled runs are
    assert [r.source for r in session.scalars(select(SourceRun))] == ["iso-committee"]


def test_chair_elect_taking_the_chair_is_a_role_change(cli, tmp_path):
    first = replay_dir(tmp_path, "d1", {TC20_SC1: ISO_PAGES / "tc20_sc1_2025-01.html"})
    cli("crawl", "iso_committees", "--replay", first, "--arg", "ids=46506", "--observed-at", "2025-07-01")
    second = replay_dir(tmp_path, "d2", {TC20_SC1: ISO_PAGES / "tc20_sc1_2026-01.html"})
    cli("crawl", "iso_committees", "--replay", second, "--arg", "ids=46506", "--observed-at", "2026-01-15")
    events = {(e["kind"], e["holder"] or e["previous_holder"]) for e in _events(cli)}
    assert events == {("role_change", "Liu Sample"), ("departure", "Chen Example")}


def test_joint_committee_from_iec_page_is_the_iso_open_data_group(cli, session, tmp_path):
    from db.models import Group

    cli("ingest", "iso-open-data", iso_snapshot("2025-06-12"))
    jtc3 = "https://www.iec.ch/dyn/www/f?p=103:7:0::::FSP_ORG_ID:49854"
    root = replay_dir(tmp_path, "iec", {jtc3: FIXTURES / "iec" / "iec_committee" / "jtc3_officers.html"})
    cli("crawl", "iec_committees", "--replay", root, "--url", jtc3, "--observed-at", "2025-07-01")
    groups = session.scalars(select(Group).where(Group.code.like("%JTC 3"))).all()
    assert [(g.body, g.code) for g in groups] == [("ISO", "IEC/ISO JTC 3")]
    posts = json.loads(cli("posts", "--group-family", "IEC/ISO JTC 3", "--as-of", "2025-07-02",
                           "--format", "json").stdout)
    assert {p["role"] for p in posts} >= {"secretariat", "secretary"}
    # BSI (ISO Open Data) and the UK National Committee (IEC page): one secretariat, counted once
    rows = json.loads(cli("share", "--group-family", "IEC/ISO JTC 3", "--role", "secretariat",
                          "--as-of", "2025-07-02", "--format", "json").stdout)
    assert [(r["country"], r["posts"]) for r in rows] == [("GB", 1)]
