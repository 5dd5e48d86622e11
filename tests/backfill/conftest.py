"""Fixtures for backfill tests: the ``backfill`` command run through Click, offline."""

from __future__ import annotations

import gzip

import pytest
from click.testing import CliRunner

from crawlers.spiders.iso_open_data import FEED_URL
from tests.backfill.wayback_server import WAYBACK_FIXTURES
from tests.conftest import iso_snapshot

# The two recorded ISO Open Data captures (tests/fixtures/wayback/iso_open_data/cdx_page*.json)
TS_JUNE, TS_JULY = "20250612063015", "20250701061502"
RESUME_KEY = (
    "net,windows,core,blob,isopublicstorageprod)/opendata/_latest/iso_technical_committees/"
    "json/iso_technical_committees.jsonl 20250612063016"
)


def iso_feed_archive() -> dict:
    """FakeWayback arguments: two CDX pages (split by a resume key) and two captures."""
    pages = WAYBACK_FIXTURES / "iso_open_data"
    return {
        "cdx": {
            (FEED_URL, None): pages / "cdx_page1.json",
            (FEED_URL, RESUME_KEY): pages / "cdx_page2.json",
        },
        "captures": {
            (TS_JUNE, FEED_URL): gzip.decompress(iso_snapshot("2025-06-12").read_bytes()),
            (TS_JULY, FEED_URL): gzip.decompress(iso_snapshot("2025-07-01").read_bytes()),
        },
    }


@pytest.fixture
def backfill(db_url):
    """``backfill("iso-open-data", "--from", "2025", ok=True)``: run the command (no delay)."""
    from tracker.cli.backfill import backfill_cmd

    runner = CliRunner()

    def invoke(*args, ok=True):
        argv = [str(a) for a in args]
        if "--delay" not in argv:
            argv += ["--delay", "0"]
        result = runner.invoke(backfill_cmd, argv, catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke
