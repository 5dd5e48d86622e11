"""CDX listing parser, query URL, polite HTTP client, plan (scopes, URL generations), state."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from crawlers.spiders.iso_open_data import FEED_URL
from tests.backfill.conftest import RESUME_KEY, TS_JULY, TS_JUNE, iso_feed_archive
from tests.backfill.wayback_server import WAYBACK_FIXTURES, FakeWayback
from tracker.backfill.cdx import CdxClient, CdxError, check_period, parse_listing, query_url
from tracker.backfill.fetch import HttpClient, TransientError, capture_url, wayback_base
from tracker.backfill.plan import Generation, plan
from tracker.backfill.run import stored_url
from tracker.backfill.state import BackfillState


def test_listing_header_row_and_resume_key():
    page = parse_listing((WAYBACK_FIXTURES / "iso_open_data" / "cdx_page1.json").read_bytes())
    assert page.resume_key == RESUME_KEY
    [cap] = page.captures
    assert (cap.timestamp, cap.original, cap.statuscode, cap.digest) == (
        TS_JUNE,
        FEED_URL,
        "200",
        "HLWKO2ODBYD4WWP3Y6XZ3CB7255XDOPI",
    )
    assert cap.captured_at == dt.datetime(2025, 6, 12, 6, 30, 15)
    assert cap.observed_at == dt.date(2025, 6, 12)
    last = parse_listing((WAYBACK_FIXTURES / "iso_open_data" / "cdx_page2.json").read_bytes())
    assert last.resume_key is None and [c.timestamp for c in last.captures] == [TS_JULY]


def test_listing_column_order_comes_from_the_header():
    body = json.dumps([["original", "timestamp"], ["http://www.iso.org:80/x", "2014"]]).encode()
    [cap] = parse_listing(body).captures
    assert (cap.original, cap.timestamp, cap.digest) == ("http://www.iso.org:80/x", "2014", None)
    assert cap.captured_at == dt.datetime(2014, 1, 1)


def test_empty_and_broken_listings():
    assert parse_listing(b"[]").captures == [] and parse_listing(b"").resume_key is None
    with pytest.raises(CdxError, match="not JSON"):
        parse_listing(b"<html>Wayback Machine is down</html>")
    with pytest.raises(CdxError, match="lacks timestamp"):
        parse_listing(b'[["urlkey","digest"],["a","b"]]')
    # a maintenance page in Latin-1 is not a listing either (not a UnicodeDecodeError)
    with pytest.raises(CdxError, match="not readable text .UnicodeDecodeError"):
        parse_listing("<html>Wartung - bitte später</html>".encode("latin-1"))
    with pytest.raises(CdxError, match="not readable text .EOFError"):
        parse_listing(gzip.compress(b'[["timestamp","original"]]')[:-12])  # gzip cut off


def test_query_url_and_capture_url():
    url = query_url(
        "http://h/",
        "https://www.iso.org/committee/1.html",
        start="2017",
        end="2024",
        resume_key="org,iso)/committee/1.html 2019",
        limit=5,
    )
    assert url.startswith(
        "http://h/cdx/search/cdx?url=https%3A%2F%2Fwww.iso.org%2Fcommittee%2F1.html&"
    )
    assert (
        "&collapse=digest&from=2017&to=2024&limit=5&showResumeKey=true&resumeKey=org%2Ciso%29"
        in url
    )
    assert capture_url("https://web.archive.org/", "20170101000000", "http://a/b?c=1") == (
        "https://web.archive.org/web/20170101000000id_/http://a/b?c=1"
    )


def test_period_syntax_and_base(monkeypatch):
    assert check_period("2017", "--from") == "2017" and check_period("2017-06", "--to") == "201706"
    assert check_period(None, "--from") is None
    with pytest.raises(ValueError, match="--to"):
        check_period("17", "--to")
    monkeypatch.delenv("SSO_WAYBACK_BASE", raising=False)
    assert wayback_base() == "https://web.archive.org"
    monkeypatch.setenv("SSO_WAYBACK_BASE", "http://127.0.0.1:9/")
    assert wayback_base() == "http://127.0.0.1:9"


def test_client_backs_off_exponentially_then_gives_up():
    sleeps: list[float] = []
    archive = FakeWayback(**iso_feed_archive(), fail={f"web:{TS_JUNE}": 2, f"web:{TS_JULY}": 9})
    with archive as base:
        http = HttpClient(delay=0, retries=3, backoff=2.0, sleep=sleeps.append)
        assert http.get(capture_url(base, TS_JUNE, FEED_URL)).status == 200
        assert sleeps == [2.0, 4.0]
        sleeps.clear()
        with pytest.raises(TransientError, match="HTTP 503 .* after 3 retries"):
            http.get(capture_url(base, TS_JULY, FEED_URL))
        assert sleeps == [2.0, 4.0, 8.0]
        sleeps.clear()
        missing = http.get(capture_url(base, "20000101000000", FEED_URL))  # 404: not retried
    assert missing.status == 404 and sleeps == []
    assert http.requests == 3 + 4 + 1


def test_client_retries_an_answer_cut_off_before_its_length():
    sleeps: list[float] = []
    archive = FakeWayback(**iso_feed_archive(), cut={TS_JUNE: 1, TS_JULY: 9})
    with archive as base:
        http = HttpClient(delay=0, retries=2, backoff=1.0, sleep=sleeps.append)
        june = http.get(capture_url(base, TS_JUNE, FEED_URL))
        assert june.status == 200 and len(june.body) > 26 and sleeps == [1.0]
        with pytest.raises(TransientError, match="IncompleteRead.* after 2 retries"):
            http.get(capture_url(base, TS_JULY, FEED_URL))
    assert sleeps == [1.0, 1.0, 2.0] and http.requests == 2 + 3


def test_client_keeps_requests_delay_apart():
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(round(seconds, 3))
        now[0] += seconds

    with FakeWayback(**iso_feed_archive()) as base:
        http = HttpClient(delay=5.0, sleep=sleep, clock=lambda: now[0])
        cdx = CdxClient(http, base)
        pages = list(cdx.pages(FEED_URL))
        now[0] += 2.0  # two seconds of work between requests
        http.get(f"{base}/robots.txt")
    assert [len(p.captures) for p in pages] == [1, 1]
    assert sleeps == [5.0, 3.0]


def test_iso_committee_plan_follows_four_url_generations():
    [target] = plan("iso-committee", ids=["46484"])
    assert (target.scope, target.parser, target.url) == (
        "iso-committee:46484",
        "iso-committee",
        "https://www.iso.org/committee/46484.html",
    )
    urls = [g.url for g in target.generations]
    assert urls[0] == "https://www.iso.org/committee/46484.html"
    assert [u.split("/iso/", 1)[1] for u in urls[1:]] == [
        "home/standards_development/list_of_iso_technical_committees/iso_technical_committee.htm?commid=46484",
        "standards_development/technical_committees/list_of_iso_technical_committees/"
        "iso_technical_committee.htm?commid=46484",
        "en/stdsdevelopment/tc/tclist/TechnicalCommitteeDetailPage.TechnicalCommitteeDetail?COMMID=46484",
    ]
    [part] = plan(
        "iso-committee", urls=["https://www.iso.org/committee/46484.html?view=participation"]
    )
    assert part.generations[-1].url.endswith(
        "TechnicalCommitteeParticipationListPage.TechnicalCommitteeParticipationList?COMMID=46484"
    )


def test_generation_years_limit_the_listings():
    old = Generation("u", 2008, 2012)
    assert old.overlaps("2013", None) and not old.overlaps("2014", "2020")
    assert not old.overlaps(None, "2006") and old.overlaps("2001", "2007")
    assert Generation("u", 2017, None).overlaps("2030", None)


def test_plan_uses_the_live_spiders_scope():
    assert [(t.scope, t.parser, len(t.generations)) for t in plan("iso-open-data")] == [
        ("iso-open-data", "iso-open-data", 1)
    ]
    assert [(t.scope, t.parser) for t in plan("iec-committee")] == [
        ("iec-committee-list", "iec-committee-list")
    ]
    url = "https://www.3gpp.org/ftp/x/TDoc_List.xlsx"
    assert [t.scope for t in plan("tgpp-tdocs", urls=[url])] == [f"tgpp-tdocs:{url}"]
    with pytest.raises(KeyError, match="unknown source 'nope'"):
        plan("nope")


def test_stored_url_drops_default_ports_only():
    assert stored_url("http://www.iso.org:80/a?b=1") == "http://www.iso.org/a?b=1"
    assert stored_url("https://x.org:443/") == "https://x.org/"
    assert stored_url("http://x.org:8080/") == "http://x.org:8080/"


def test_state_round_trip_and_wrong_source(tmp_path):
    path = tmp_path / "s.json"
    state = BackfillState.load("iso-open-data", path)
    state.query("k").resume_key = "r"
    state.done.add("t u")
    state.save()
    again = BackfillState.load("iso-open-data", path)
    assert (again.queries["k"].resume_key, again.done) == ("r", {"t u"})
    with pytest.raises(ValueError, match="not a version-1 backfill state of 'iso-committee'"):
        BackfillState.load("iso-committee", path)


def test_bad_arguments_are_usage_errors(backfill):
    unknown = backfill("no-such-source", ok=False)
    assert unknown.exit_code == 2 and "unknown source 'no-such-source'" in unknown.output
    period = backfill("iso-open-data", "--from", "25", ok=False)
    assert period.exit_code == 2 and "--from: expected YYYY" in period.output
