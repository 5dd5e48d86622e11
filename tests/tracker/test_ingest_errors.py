"""What the importer and `ingest` do with inputs they cannot read: a failed snapshot with its
reason and a non-zero exit, never a traceback or a silent success."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from crawlers.replay import ReplayServer
from db.models import Snapshot
from tests.conftest import FIXTURES
from tests.helpers import replay_dir
from tracker.ingest import Importer, SnapshotInput


def test_ingest_of_a_feed_url_that_fails_reports_it_and_exits_3(cli, session, tmp_path):
    directory = replay_dir(tmp_path, "empty", {})
    with ReplayServer(directory) as base:  # answers 404 to anything not in its manifest
        result = cli("ingest", "iso-open-data", f"{base}/no-such-feed.jsonl", ok=False)
    assert result.exit_code == 3, result.output
    assert "failed" in result.output and "HTTP 404" in result.output
    snap = session.scalar(select(Snapshot))
    assert (snap.status, snap.http_status) == ("failed", 404)


def test_a_parser_crash_is_stored_as_a_failed_snapshot(session):
    # The itu-mgmt parser reads group and period from the URL: without them it raises
    # ValueError, which is no ParseError.
    page = FIXTURES / "itu" / "itu_mgmt" / "sg13_2023-07.html"
    url = "https://www.itu.int/net4/ITU-T/lists/mgmt.aspx?Period=17"
    result = Importer(session).ingest(
        SnapshotInput(
            source="itu-mgmt", scope="itu-mgmt:SG13", url=url, raw=page.read_bytes(),
            parser="itu-mgmt", observed_at=dt.date(2025, 3, 1), http_status=200,
        )  # fmt: skip
    )
    assert result.status == "failed"
    assert result.reason.startswith("parser itu-mgmt crashed: ValueError")
    snap = session.get(Snapshot, result.snapshot_id)
    assert snap.status == "failed" and snap.raw_size == len(page.read_bytes())


def test_a_cut_off_gzip_feed_is_a_parse_error_for_the_iso_parser(tmp_path):
    import pytest

    from crawlers.parsers import iso_open_data
    from crawlers.parsers.common import ParseError
    from tests.conftest import iso_snapshot

    whole = iso_snapshot("2025-06-12").read_bytes()
    with pytest.raises(ParseError, match="truncated or corrupt gzip"):
        iso_open_data.parse(whole[: len(whole) // 2], "https://example.org/feed.jsonl.gz")


def test_skip_invalid_keeps_the_valid_rows_of_a_cp1252_file(cli, session, tmp_path):
    from db.models import Person

    path = tmp_path / "facts.csv"
    path.write_bytes(
        "body,group_code,role,person,organization,country,as_of,source_url\n"
        "ITU-T,SG17,chair,José Müller,Acme,DE,2021,https://example.org/a\n"
        "ITU-T,SG17,vice_chair,Ann Other,Acme,DE,not-a-date,https://example.org/b\n".encode("cp1252")
    )
    result = cli("import-observations", path, "--skip-invalid")
    assert "1 fact(s) imported" in result.output and "1 row(s) skipped" in result.output
    assert session.scalars(select(Person.display_name)).all() == ["José Müller"]
